//! The allocator as this test program's global allocator. The main thread
//! enables it and so owns it: its small requests are pymalloc's; other
//! threads get the system allocator, and the small blocks they free go to
//! the owner's queue. No test harness: it would run the checks on threads
//! of its own.

use std::collections::{BTreeMap, HashMap};

use ch07_pymalloc::{KeepArenas, StageAllocator};

#[global_allocator]
static GLOBAL: StageAllocator<KeepArenas> = StageAllocator::new(KeepArenas);

fn scale(n: usize) -> usize {
    if cfg!(miri) { n / 200 } else { n }
}

fn small_boxes_are_blocks_and_large_ones_are_not() {
    let small = Box::new([1u8; 100]);
    let large = vec![2u8; 4096];
    assert_eq!(GLOBAL.block_size(small.as_ptr()), Some(112));
    assert_eq!(GLOBAL.block_size(large.as_ptr()), None);
}

fn boxes_smaller_than_a_link_are_blocks_too() {
    // Each is freed while the next is made: the free list's 8-byte link
    // goes into blocks whose owners asked for 1 to 7 bytes.
    let tiny: Vec<Box<[u8]>> = (1..8)
        .map(|n| vec![n as u8; n].into_boxed_slice())
        .collect();
    for (n, b) in tiny.iter().enumerate() {
        assert_eq!(GLOBAL.block_size(b.as_ptr()), Some(16));
        assert!(b.iter().all(|&byte| byte as usize == n + 1));
    }
    drop(tiny);
    let again: Box<[u8]> = vec![9u8; 3].into_boxed_slice();
    assert_eq!(GLOBAL.block_size(again.as_ptr()), Some(16));
    let strings: Vec<String> = (0..scale(2000)).map(|n| (n % 1000).to_string()).collect();
    assert!(
        strings
            .iter()
            .enumerate()
            .all(|(n, s)| *s == (n % 1000).to_string())
    );
}

fn a_freed_box_is_reused_at_the_same_address() {
    let first = Box::new([0u64; 7]);
    let address = first.as_ptr().addr();
    drop(first);
    let second = Box::new([0u64; 7]);
    assert_eq!(second.as_ptr().addr(), address, "last freed, first reused");
}

fn collections_grow_shrink_and_keep_their_contents() {
    let mut map = HashMap::new();
    let mut tree = BTreeMap::new();
    let mut strings = Vec::new();
    for n in 0..scale(20_000) {
        map.insert(n, format!("value {n}"));
        tree.insert(format!("{n:08}"), vec![n; n % 40]);
        if n % 3 == 0 {
            map.remove(&(n / 2));
        }
        strings.push(n.to_string());
        strings
            .last_mut()
            .unwrap()
            .push_str(" grown past one size class, then another");
    }
    for (n, value) in &map {
        assert_eq!(value, &format!("value {n}"));
    }
    for (key, value) in &tree {
        let n: usize = key.parse().unwrap();
        assert_eq!(value, &vec![n; n % 40]);
    }
    strings.truncate(10);
    strings.shrink_to_fit();
    assert!(strings[3].starts_with("3 grown"));
}

fn other_threads_use_the_system_allocator_and_queue_their_frees() {
    // Blocks the owner made, freed on other threads: they go to the queue.
    let made_here: Vec<Vec<u8>> = (0..scale(2_000))
        .map(|n| vec![n as u8; 1 + n % 300])
        .collect();
    let workers: Vec<_> = made_here
        .chunks(scale(500).max(1))
        .map(|chunk| chunk.to_vec())
        .map(|chunk| {
            std::thread::spawn(move || {
                let total: usize = chunk.iter().map(Vec::len).sum();
                // The worker's own small allocations are the system's.
                let mine: Vec<Vec<usize>> =
                    (0..scale(5_000)).map(|n| (0..n % 50).collect()).collect();
                drop(chunk);
                (total, mine)
            })
        })
        .collect();
    for worker in workers {
        let (total, mine) = worker.join().unwrap();
        assert!(total > 0);
        // Back on the owner's thread: not pymalloc's, so freed by the system.
        assert!(
            mine.iter()
                .filter(|v| v.capacity() > 0)
                .all(|v| GLOBAL.block_size(v.as_ptr().cast()).is_none())
        );
    }
    drop(made_here);
    // The owner's next request frees the queue: every byte accounted for.
    let probe = Box::new(1u32);
    let stats = GLOBAL.stats().unwrap();
    assert_eq!(
        stats.accounted_bytes(),
        stats.arenas * ch07_pymalloc::constants::ARENA_SIZE
    );
    drop(probe);
}

fn the_report_is_there_and_adds_up() {
    let keep: Vec<Box<[u8; 48]>> = (0..scale(1000)).map(|_| Box::new([0; 48])).collect();
    let stats = GLOBAL.stats().unwrap();
    assert!(stats.classes[2].blocks_in_use >= scale(1000));
    assert_eq!(
        stats.accounted_bytes(),
        stats.arenas * ch07_pymalloc::constants::ARENA_SIZE
    );
    drop(keep);
}

fn main() {
    assert!(GLOBAL.enable(), "the main thread owns the allocator");
    let checks: [(&str, fn()); 6] = [
        (
            "small_boxes_are_blocks_and_large_ones_are_not",
            small_boxes_are_blocks_and_large_ones_are_not,
        ),
        (
            "boxes_smaller_than_a_link_are_blocks_too",
            boxes_smaller_than_a_link_are_blocks_too,
        ),
        (
            "a_freed_box_is_reused_at_the_same_address",
            a_freed_box_is_reused_at_the_same_address,
        ),
        (
            "collections_grow_shrink_and_keep_their_contents",
            collections_grow_shrink_and_keep_their_contents,
        ),
        (
            "other_threads_use_the_system_allocator_and_queue_their_frees",
            other_threads_use_the_system_allocator_and_queue_their_frees,
        ),
        (
            "the_report_is_there_and_adds_up",
            the_report_is_there_and_adds_up,
        ),
    ];
    for (name, check) in checks {
        check();
        println!("test {name} ... ok");
    }
    println!("test result: ok. {} passed", checks.len());
}
