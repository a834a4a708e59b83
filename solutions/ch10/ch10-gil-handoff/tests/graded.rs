//! Graded tests for ch10-gil-handoff. Each runs inside
//! `ch10_threads::sync::model`: `cargo course check` builds them with
//! `--cfg loom`, and loom runs every interleaving of the threads (up to
//! three preemptions). Two threads share an interpreter state that every
//! instruction writes without atomics: loom reports two writes not ordered
//! by the GIL, and an execution in which a thread waits for ever.

use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};
use std::time::Duration;

use ch10_gil_handoff::{Gil, ThreadId};
use ch10_threads::sync::{Arc, UnsafeCell, model, thread};

const A: ThreadId = ThreadId(1);
const B: ThreadId = ThreadId(2);

/// The GIL, and the state it protects.
struct Interpreter {
    gil: Gil,
    state: UnsafeCell<State>,
    /// Threads inside an instruction (`std`: the oracle adds no
    /// synchronization that loom would count).
    running: StdAtomicUsize,
}

// SAFETY: `state` is only touched by the thread holding the GIL, which is
// what the tests check (and loom checks every access).
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

    /// One instruction, under the GIL; says whether B has run one yet.
    fn instruction(&self, me: ThreadId) -> bool {
        let others = self.running.fetch_add(1, StdOrdering::Relaxed);
        assert_eq!(others, 0, "two threads ran bytecode at once");
        let ran_b = self.state.with_mut(|state| {
            // SAFETY: only the GIL's holder runs instructions (loom checks).
            let state = unsafe { &mut *state };
            state.instructions += 1;
            state.ran_b |= me == B;
            state.ran_b
        });
        self.running.fetch_sub(1, StdOrdering::Relaxed);
        ran_b
    }

    fn instructions(&self) -> u32 {
        // SAFETY: called once every thread has finished.
        self.state.with(|state| unsafe { (*state).instructions })
    }
}

#[test]
fn one_thread_takes_drops_and_takes_again_without_a_switch() {
    model(|| {
        let gil = Gil::new(Duration::from_millis(5));
        gil.take_gil(A);
        assert_eq!(gil.switch_number(), 1, "the first holder is a switch");
        gil.drop_gil(A);
        gil.take_gil(A);
        assert_eq!(gil.switch_number(), 1, "the same holder again is not");
        gil.drop_gil(A);
    });
}

#[test]
fn a_dropped_gil_goes_to_the_thread_waiting_for_it() {
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
        interp.instruction(A);
        interp.gil.drop_gil(A);
        waiter.join().unwrap();
        assert_eq!(interp.gil.switch_number(), 2);
        assert_eq!(interp.instructions(), 2);
    });
}

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
        assert_eq!(interp.instructions(), 4);
    });
}

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
        // A runs until B has run: only the drop request can end this.
        loop {
            interp.gil.eval_breaker(A);
            if interp.instruction(A) {
                break;
            }
            thread::yield_now();
        }
        interp.gil.drop_gil(A);
        waiter.join().unwrap();
    });
}
