//! The chapter's concurrent code on real threads (chapter 10): what the
//! loom models check on every interleaving, run once here as an ordinary
//! test, small enough for Miri, which checks the `unsafe` code on the way.
#![cfg(not(loom))]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use ch10_threads::atomic_count::Shared;
use ch10_threads::biased::{Interpreter, Tally};
use ch10_threads::gil::{Gil, ThreadId};
use ch10_threads::sync::UnsafeCell;

const THREADS: usize = 4;
const ROUNDS: usize = if cfg!(miri) { 10 } else { 10_000 };

struct Tracked(Arc<AtomicUsize>);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn handles_cloned_and_dropped_on_many_threads_free_the_value_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let shared = Shared::new(Tracked(drops.clone()));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let mine = shared.clone();
            thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let again = mine.clone();
                    again.read(|value| assert_eq!(value.0.load(Ordering::Relaxed), 0));
                }
            })
        })
        .collect();
    drop(shared);
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(drops.load(Ordering::Relaxed), 1);
}

/// The state the GIL protects, written without atomics.
struct Protected(UnsafeCell<u64>);
// SAFETY: only the GIL's holder touches the cell.
unsafe impl Sync for Protected {}

#[test]
#[cfg_attr(miri, ignore = "waits on the real clock")]
fn the_gil_lets_one_thread_run_at_a_time_and_changes_hands() {
    let gil = Arc::new(Gil::new(Duration::from_micros(200)));
    let state = Arc::new(Protected(UnsafeCell::new(0)));
    let running = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (1..=2)
        .map(|n| {
            let (gil, state, running, start) =
                (gil.clone(), state.clone(), running.clone(), start.clone());
            thread::spawn(move || {
                let me = ThreadId(n);
                start.wait();
                gil.take_gil(me);
                for _ in 0..20_000 {
                    gil.eval_breaker(me);
                    assert_eq!(running.fetch_add(1, Ordering::SeqCst), 0);
                    // SAFETY: this thread holds the GIL.
                    state.0.with_mut(|count| unsafe { *count += 1 });
                    running.fetch_sub(1, Ordering::SeqCst);
                }
                gil.drop_gil(me);
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(state.0.with(|count| unsafe { *count }), 40_000);
    assert!(
        gil.switch_number() >= 2,
        "each thread held it at least once"
    );
}

#[test]
fn biased_counts_on_real_threads_free_each_object_once() {
    let interp = Arc::new(Interpreter::new());
    let owner = interp.attach();
    let objects: Vec<_> = (0..ROUNDS as u64).map(|n| owner.new_object(n)).collect();
    // One reference each for the other threads, counted by the owner, as a
    // list it filled would count them.
    for &obj in &objects {
        for _ in 0..THREADS {
            owner.incref(obj);
        }
    }
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (interp, objects) = (interp.clone(), objects.clone());
            thread::spawn(move || {
                let me = interp.attach();
                for (n, &obj) in objects.iter().enumerate() {
                    me.incref(obj);
                    assert_eq!(obj.value(), n as u64);
                    me.decref(obj);
                    me.decref(obj); // the owner counted this one
                }
                me.exit();
            })
        })
        .collect();
    for &obj in &objects {
        owner.decref(obj);
    }
    for worker in workers {
        worker.join().unwrap();
    }
    owner.exit();
    assert_eq!(Tally::get(&interp.tally.freed), ROUNDS);
}
