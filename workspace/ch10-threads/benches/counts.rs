//! The cost of counting (chapter 10): an increment and a decrement of one
//! object's count, 1,000 pairs a round, for chapter 2's plain count, an
//! atomic count (as `Arc`'s, or `ob_refcnt` counted atomically) and the
//! biased count, on one thread and on two threads sharing the object (for
//! the biased count, its owner and one other thread; for the plain count,
//! a lock around each pair, as a GIL would be). Run with
//! `cargo bench -p ch10-threads --bench counts`, then
//! `python3 workspace/ch10-threads/bench/counts.py`.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ch10_threads::biased::{Interpreter, ObjRef, ThreadState};
use criterion::{Criterion, criterion_group, criterion_main};

const PAIRS: usize = 1_000;

fn plain_pairs(count: &mut u64) {
    for _ in 0..PAIRS {
        *black_box(&mut *count) += 1;
        *black_box(&mut *count) -= 1;
    }
}

fn atomic_pairs(count: &AtomicUsize) {
    for _ in 0..PAIRS {
        // The orderings of `atomic_count::Shared`'s clone and drop.
        black_box(count).fetch_add(1, Ordering::Relaxed);
        black_box(count).fetch_sub(1, Ordering::Release);
    }
}

fn biased_pairs(tstate: &ThreadState<'_>, obj: ObjRef) {
    for _ in 0..PAIRS {
        tstate.incref(black_box(obj));
        tstate.decref(black_box(obj));
    }
}

fn locked_pairs(count: &Mutex<u64>) {
    for _ in 0..PAIRS {
        let mut guard = count.lock().unwrap();
        *black_box(&mut *guard) += 1;
        *black_box(&mut *guard) -= 1;
    }
}

fn one_thread(c: &mut Criterion) {
    let mut group = c.benchmark_group("one_thread");
    let mut plain = 1u64;
    group.bench_function("plain", |b| b.iter(|| plain_pairs(&mut plain)));
    let atomic = AtomicUsize::new(1);
    group.bench_function("atomic", |b| b.iter(|| atomic_pairs(&atomic)));
    let interp = Interpreter::new();
    let owner = interp.attach();
    let obj = owner.new_object(0);
    group.bench_function("biased", |b| b.iter(|| biased_pairs(&owner, obj)));
    owner.decref(obj);
    let locked = Mutex::new(1u64);
    group.bench_function("locked", |b| b.iter(|| locked_pairs(&locked)));
    group.finish();
}

/// Runs `first` and `second` side by side, `iters` rounds each, and
/// returns the wall time from a common start to the later finish.
fn side_by_side(iters: u64, first: impl Fn() + Sync, second: impl Fn() + Sync) -> Duration {
    let start = Barrier::new(3);
    thread::scope(|scope| {
        for work in [&first as &(dyn Fn() + Sync), &second] {
            let start = &start;
            scope.spawn(move || {
                start.wait();
                for _ in 0..iters {
                    work();
                }
            });
        }
        start.wait();
        let began = Instant::now();
        // The scope joins both threads before it returns.
        began
    })
    .elapsed()
}

fn two_threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("two_threads");
    let atomic = AtomicUsize::new(1);
    group.bench_function("atomic", |b| {
        b.iter_custom(|iters| {
            side_by_side(iters, || atomic_pairs(&atomic), || atomic_pairs(&atomic))
        })
    });
    let interp = Interpreter::new();
    let owner = interp.attach();
    let obj = owner.new_object(0);
    let other = interp.attach();
    group.bench_function("biased", |b| {
        b.iter_custom(|iters| {
            side_by_side(
                iters,
                || biased_pairs(&owner, obj),
                || biased_pairs(&other, obj),
            )
        })
    });
    owner.decref(obj);
    let locked = Mutex::new(1u64);
    group.bench_function("locked", |b| {
        b.iter_custom(|iters| {
            side_by_side(iters, || locked_pairs(&locked), || locked_pairs(&locked))
        })
    });
    group.finish();
}

criterion_group!(benches, one_thread, two_threads);
criterion_main!(benches);
