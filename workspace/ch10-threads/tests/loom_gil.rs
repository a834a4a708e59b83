//! loom models of the GIL (chapter 10): no two threads ever run bytecode
//! at once, and a thread that waits for the GIL gets it from a holder that
//! would otherwise never let go.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_gil`.
#![cfg(loom)]

use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};
use std::time::Duration;

use ch10_threads::gil::{Gil, ThreadId};
use ch10_threads::sync::{Arc, UnsafeCell, model, thread};

const A: ThreadId = ThreadId(1);
const B: ThreadId = ThreadId(2);

/// What the threads share: the GIL, and the interpreter state it protects.
struct Interpreter {
    gil: Gil,
    /// Written by every instruction, without atomics: loom reports any two
    /// writes not ordered by the GIL.
    state: UnsafeCell<State>,
    /// How many threads are inside an instruction: the oracle (`std`, so
    /// that it adds no synchronization loom would count).
    running: StdAtomicUsize,
}

// SAFETY: `state` is only touched by the thread holding the GIL, which is
// what the models check.
unsafe impl Sync for Interpreter {}

#[derive(Default)]
struct State {
    instructions: u32,
    ran_b: bool,
}

impl Interpreter {
    fn new() -> Interpreter {
        Interpreter {
            gil: Gil::new(Duration::from_millis(5)),
            state: UnsafeCell::new(State::default()),
            running: StdAtomicUsize::new(0),
        }
    }

    /// One instruction, run while holding the GIL; returns whether B has
    /// run one yet.
    fn instruction(&self, me: ThreadId) -> bool {
        let others = self.running.fetch_add(1, StdOrdering::Relaxed);
        assert_eq!(others, 0, "two threads ran bytecode at once");
        let ran_b = self.state.with_mut(|state| {
            // SAFETY: only the GIL's holder runs instructions; loom checks it.
            let state = unsafe { &mut *state };
            state.instructions += 1;
            state.ran_b |= me == B;
            state.ran_b
        });
        self.running.fetch_sub(1, StdOrdering::Relaxed);
        ran_b
    }
}

// ANCHOR: hand_off
#[test]
fn a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        interp.gil.take_gil(A);
        let waiter = {
            let interp = interp.clone();
            thread::spawn(move || {
                interp.gil.take_gil(B);
                interp.instruction(B);
                interp.gil.drop_gil(B);
            })
        };
        // A runs until it sees that B has run: it never drops the GIL of
        // its own accord, so only the drop request can end this loop.
        loop {
            interp.gil.eval_breaker(A);
            if interp.instruction(A) {
                break;
            }
            // The operating system's scheduler: other threads get to run.
            thread::yield_now();
        }
        interp.gil.drop_gil(A);
        waiter.join().unwrap();
    });
}
// ANCHOR_END: hand_off

#[test]
fn two_threads_never_run_bytecode_at_once() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let run = |interp: Arc<Interpreter>, me: ThreadId| {
            interp.gil.take_gil(me);
            for _ in 0..2 {
                interp.gil.eval_breaker(me);
                interp.instruction(me);
                thread::yield_now();
            }
            interp.gil.drop_gil(me);
        };
        let other = {
            let interp = interp.clone();
            thread::spawn(move || run(interp, B))
        };
        run(interp.clone(), A);
        other.join().unwrap();
        let total = interp.state.with(|state| {
            // SAFETY: both threads have finished.
            unsafe { (*state).instructions }
        });
        assert_eq!(total, 4);
    });
}
