//! The allocator as this test program's global allocator: everything the
//! tests (and the test harness, and its threads) allocate after `enable`
//! goes through it.

use std::collections::{BTreeMap, HashMap};

use ch07_pymalloc::{KeepArenas, StageAllocator};

#[global_allocator]
static GLOBAL: StageAllocator<KeepArenas> = StageAllocator::new(KeepArenas);

fn enabled() -> &'static StageAllocator<KeepArenas> {
    GLOBAL.enable();
    &GLOBAL
}

fn scale(n: usize) -> usize {
    if cfg!(miri) { n / 200 } else { n }
}

#[test]
fn small_boxes_are_blocks_and_large_ones_are_not() {
    let global = enabled();
    let small = Box::new([1u8; 100]);
    let large = vec![2u8; 4096];
    assert_eq!(global.block_size(small.as_ptr()), Some(112));
    assert_eq!(global.block_size(large.as_ptr()), None);
}

#[test]
fn a_freed_box_is_reused_at_the_same_address() {
    let global = enabled();
    // Allocate and free in one thread with nothing in between: the block
    // goes to the front of its pool's free list and comes straight back,
    // unless another test thread takes it first; try a few times.
    let reused = (0..10).any(|_| {
        let first = Box::new([0u64; 7]);
        let address = first.as_ptr().addr();
        drop(first);
        let second = Box::new([0u64; 7]);
        second.as_ptr().addr() == address
    });
    assert!(reused);
    assert!(global.stats().unwrap().arenas >= 1);
}

#[test]
fn collections_grow_shrink_and_keep_their_contents() {
    enabled();
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

#[test]
fn threads_allocate_and_free_at_once() {
    enabled();
    let workers: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                let mut kept = Vec::new();
                for n in 0..scale(20_000) {
                    let v: Vec<usize> = (0..(n + t) % 60).collect();
                    if n % 7 == 0 {
                        kept.push(v);
                    }
                }
                kept.iter().map(|v| v.len()).sum::<usize>()
            })
        })
        .collect();
    for worker in workers {
        assert!(worker.join().unwrap() > 0);
    }
}

#[test]
fn the_report_is_there_and_adds_up() {
    let global = enabled();
    let _keep: Vec<Box<[u8; 48]>> = (0..scale(1000)).map(|_| Box::new([0; 48])).collect();
    let stats = global.stats().unwrap();
    assert!(stats.classes[2].blocks_in_use >= scale(1000));
    assert_eq!(
        stats.accounted_bytes(),
        stats.arenas * ch07_pymalloc::constants::ARENA_SIZE
    );
}
