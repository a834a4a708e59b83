//! Allocator churn: 1,000 blocks of 16 to 512 bytes allocated, then freed
//! last-in first-out, first-in first-out, or in a random order, on this
//! chapter's allocator, the system allocator (glibc's malloc on Linux) and
//! mimalloc. Each allocator is called directly, none through the global
//! allocator. Run with `cargo bench -p ch07-pymalloc --bench churn`, then
//! `python3 workspace/minipy/bench/alloc_churn.py`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::ptr::NonNull;

use ch07_pymalloc::{KeepArenas, Pymalloc, SystemPages};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mimalloc::MiMalloc;

const BLOCKS: usize = 1_000;

/// A deterministic pseudo-random sequence.
fn sequence(seed: u64, n: usize, below: usize) -> Vec<usize> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % below
        })
        .collect()
}

/// The sizes to allocate, 16 to 512 bytes, and the order of the frees.
fn workload(order: &str) -> (Vec<usize>, Vec<usize>) {
    let sizes: Vec<usize> = sequence(1, BLOCKS, 497)
        .into_iter()
        .map(|n| 16 + n)
        .collect();
    let frees: Vec<usize> = match order {
        "lifo" => (0..BLOCKS).rev().collect(),
        "fifo" => (0..BLOCKS).collect(),
        _ => {
            // A random permutation (Fisher-Yates with the same generator).
            let mut order: Vec<usize> = (0..BLOCKS).collect();
            let picks = sequence(2, BLOCKS, usize::MAX);
            for i in (1..BLOCKS).rev() {
                order.swap(i, picks[i] % (i + 1));
            }
            order
        }
    };
    (sizes, frees)
}

/// One allocator, seen the way the benchmark uses it.
trait Churn {
    fn allocate(&mut self, size: usize) -> NonNull<u8>;
    fn free(&mut self, block: NonNull<u8>, size: usize);
}

struct Book(Pymalloc<SystemPages, KeepArenas>);

impl Churn for Book {
    fn allocate(&mut self, size: usize) -> NonNull<u8> {
        self.0.allocate(size).expect("memory")
    }
    fn free(&mut self, block: NonNull<u8>, _size: usize) {
        // SAFETY: a live block of this allocator, freed once.
        unsafe { self.0.free(block) };
    }
}

/// A `GlobalAlloc`, called directly.
struct Global<A: GlobalAlloc>(A);

impl<A: GlobalAlloc> Churn for Global<A> {
    fn allocate(&mut self, size: usize) -> NonNull<u8> {
        let layout = Layout::from_size_align(size, 16).unwrap();
        // SAFETY: a non-zero size.
        NonNull::new(unsafe { self.0.alloc(layout) }).expect("memory")
    }
    fn free(&mut self, block: NonNull<u8>, size: usize) {
        let layout = Layout::from_size_align(size, 16).unwrap();
        // SAFETY: allocated by `allocate` with this layout, freed once.
        unsafe { self.0.dealloc(block.as_ptr(), layout) };
    }
}

fn run(allocator: &mut dyn Churn, sizes: &[usize], frees: &[usize], blocks: &mut Vec<NonNull<u8>>) {
    blocks.clear();
    for &size in sizes {
        let block = allocator.allocate(size);
        // Touch the block, as a program would.
        // SAFETY: a live block of at least one byte.
        unsafe { block.as_ptr().write(1) };
        blocks.push(block);
    }
    for &i in frees {
        allocator.free(black_box(blocks[i]), sizes[i]);
    }
}

fn churn(c: &mut Criterion) {
    for order in ["lifo", "fifo", "random"] {
        let (sizes, frees) = workload(order);
        let mut group = c.benchmark_group(format!("churn_{order}"));
        let mut allocators: Vec<(&str, Box<dyn Churn>)> = vec![
            (
                "pymalloc",
                Box::new(Book(Pymalloc::new(SystemPages {}, KeepArenas))),
            ),
            ("system", Box::new(Global(System))),
            ("mimalloc", Box::new(Global(MiMalloc))),
        ];
        for (name, allocator) in &mut allocators {
            let mut blocks = Vec::with_capacity(BLOCKS);
            // Warm up: the arenas and pools exist before the measured runs,
            // as they do in a program that has been running for a while.
            run(allocator.as_mut(), &sizes, &frees, &mut blocks);
            group.bench_function(*name, |b| {
                b.iter_batched_ref(
                    || (),
                    |()| run(allocator.as_mut(), &sizes, &frees, &mut blocks),
                    BatchSize::SmallInput,
                )
            });
        }
        group.finish();
    }
}

criterion_group!(benches, churn);
criterion_main!(benches);
