//! The models of the GIL's hand-over (chapter 10): no two threads ever run
//! bytecode at once, and a thread that waits for the GIL gets it from a
//! holder that would otherwise never let go.
//!
//! Each model is generic over the [`Lock`] it checks: the crate's
//! `gil::Gil` (in `tests/loom_gil.rs`), or the learner's, in exercise
//! ch10-gil-handoff. Two threads share an interpreter state that every
//! instruction writes without atomics, in a loom cell: loom reports two
//! writes not ordered by the GIL, and an execution in which a thread waits
//! for ever.

use std::sync::atomic::{AtomicUsize as StdAtomicUsize, Ordering as StdOrdering};
use std::time::Duration;

use crate::sync::{Arc, UnsafeCell, model, thread};

/// What the models do with a GIL: CPython's `take_gil` and `drop_gil`, and
/// the eval loop's check between instructions. Threads are numbered.
pub trait Lock: Send + Sync + 'static {
    /// An unlocked GIL whose waiters ask for it after `interval`.
    fn new(interval: Duration) -> Self;

    /// Waits for the GIL and takes it, for thread `me`.
    fn take_gil(&self, me: usize);

    /// Lets go of the GIL, which thread `me` holds; if it was asked for,
    /// waits until another thread has taken it.
    fn drop_gil(&self, me: usize);

    /// Between two instructions of thread `me`: if another thread asked for
    /// the GIL, give it up and queue for it again.
    fn eval_breaker(&self, me: usize);

    /// How many times the GIL has passed to a thread other than its last
    /// holder.
    fn switch_number(&self) -> u64;
}

const A: usize = 1;
const B: usize = 2;

/// What the threads share: the GIL, and the interpreter state it protects.
struct Interpreter<G> {
    gil: G,
    /// Written by every instruction, without atomics: loom reports any two
    /// writes not ordered by the GIL.
    state: UnsafeCell<State>,
    /// How many threads are inside an instruction: the oracle (`std`, so
    /// that it adds no synchronization loom would count).
    running: StdAtomicUsize,
}

// SAFETY: `state` is only touched by the thread holding the GIL, which is
// what the models check (and loom checks every access).
unsafe impl<G: Sync> Sync for Interpreter<G> {}

#[derive(Default)]
struct State {
    instructions: u32,
    ran_b: bool,
}

impl<G: Lock> Interpreter<G> {
    fn new() -> Interpreter<G> {
        Interpreter {
            gil: G::new(Duration::from_millis(5)),
            state: UnsafeCell::new(State::default()),
            running: StdAtomicUsize::new(0),
        }
    }

    /// One instruction, run while holding the GIL; returns whether B has
    /// run one yet.
    fn instruction(&self, me: usize) -> bool {
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

    /// The instructions run so far.
    fn instructions(&self) -> u32 {
        // SAFETY: called once every thread has finished.
        self.state.with(|state| unsafe { (*state).instructions })
    }
}

/// Starts thread B, which waits for the GIL, runs one instruction and
/// drops it.
fn spawn_waiter<G: Lock>(interp: &Arc<Interpreter<G>>) -> thread::JoinHandle<()> {
    let interp = interp.clone();
    thread::spawn(move || {
        interp.gil.take_gil(B);
        interp.instruction(B);
        interp.gil.drop_gil(B);
    })
}

/// One thread takes the GIL, drops it and takes it again: the first holder
/// counts as a switch, the same holder again does not.
pub fn one_thread_takes_drops_and_takes_again_without_a_switch<G: Lock>() {
    model(|| {
        let gil = G::new(Duration::from_millis(5));
        gil.take_gil(A);
        assert_eq!(gil.switch_number(), 1, "the first holder is a switch");
        gil.drop_gil(A);
        gil.take_gil(A);
        assert_eq!(gil.switch_number(), 1, "the same holder again is not");
        gil.drop_gil(A);
    });
}

/// A thread waits for the GIL while another runs an instruction and drops
/// it: the waiter gets it, and runs an instruction of its own.
pub fn a_dropped_gil_goes_to_the_thread_waiting_for_it<G: Lock>() {
    model(|| {
        let interp = Arc::new(Interpreter::<G>::new());
        interp.gil.take_gil(A);
        let waiter = spawn_waiter(&interp);
        interp.instruction(A);
        interp.gil.drop_gil(A);
        waiter.join().unwrap();
        assert_eq!(interp.gil.switch_number(), 2);
        assert_eq!(interp.instructions(), 2);
    });
}

/// Two threads each run two instructions under the GIL, checking the eval
/// breaker between them: no two instructions overlap, and none is lost.
pub fn two_threads_never_run_bytecode_at_once<G: Lock>() {
    model(|| {
        let interp = Arc::new(Interpreter::<G>::new());
        let run = |interp: Arc<Interpreter<G>>, me: usize| {
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

// ANCHOR: hand_off
/// A waiter gets the GIL from a holder that only lets go when asked.
pub fn a_waiting_thread_gets_the_gil_from_a_holder_that_never_lets_go<G: Lock>() {
    model(|| {
        let interp = Arc::new(Interpreter::<G>::new());
        interp.gil.take_gil(A);
        let waiter = spawn_waiter(&interp);
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
