//! A global interpreter lock, handed between threads as CPython's has been
//! since 3.2 (chapter 10; CPython: `Python/ceval_gil.c`).
//!
//! One thread at a time runs bytecode: the one that holds the GIL. The
//! holder does not give it up by itself; a thread that wants it waits for
//! the *switch interval* (`sys.setswitchinterval`, 5 ms by default), and if
//! no other thread took the GIL meanwhile, sets the *drop request*. The
//! holder checks the request between instructions (the eval breaker),
//! drops the GIL, and waits until another thread has taken it (*forced
//! switching*) before it asks for it again: otherwise, being already
//! running, it would usually win it back at once.
//!
//! ```text
//! holder (A)                 GIL state                   waiter (B)
//! runs bytecode              locked, last holder A       take_gil: locked, so wait
//!   ...                                                  ... one interval, no switch:
//! sees the drop request  ◀── drop request ────────────── sets the drop request
//! drop_gil: unlock,          unlocked                    wakes up
//!   wait for a switch                                    takes it: last holder B,
//!                        ──▶ locked, switch number + 1   switch number + 1, signals
//! wakes, take_gil: waits                                 runs bytecode
//! ```
//!
//! Invariants, under the state's mutex: `locked` is true exactly while one
//! thread is between `take_gil` and `drop_gil`; `switch_number` grows by one
//! each time the GIL passes to a thread other than its last holder; a
//! thread that drops the GIL on request does not return before that
//! number has grown.
//!
//! The mutex orders everything the threads do under the GIL: a thread's
//! bytecode before `drop_gil` happens before the next holder's after
//! `take_gil` (the unlock in one, the lock in the other). The drop request
//! is only a hint, read without the mutex, so it is `Relaxed`.

use std::time::Duration;

use crate::sync::{AtomicBool, Condvar, Mutex, Ordering, wait_timeout};

/// Who holds the GIL: CPython compares thread states (`PyThreadState *`),
/// the models number their threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThreadId(pub usize);

/// CPython's default switch interval (`sys.getswitchinterval()`, 0.005 s
/// since 3.2).
pub const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_millis(5);

// ANCHOR: gil
/// The GIL (CPython: `struct _gil_runtime_state`).
#[derive(Debug)]
pub struct Gil {
    /// CPython: `gil->mutex`, and the fields it protects.
    state: Mutex<GilState>,
    /// Signalled when the GIL is dropped (CPython: `gil->cond`).
    released: Condvar,
    /// Signalled when the GIL passes to a new holder (CPython:
    /// `gil->switch_cond`, under `FORCE_SWITCHING`).
    switched: Condvar,
    /// Set by a waiter whose interval ran out; read by the holder between
    /// instructions (CPython: the eval breaker's GIL drop request bit).
    drop_request: AtomicBool,
    /// How long a waiter waits before it sets the drop request.
    interval: Duration,
}

#[derive(Debug, Default)]
struct GilState {
    /// CPython: `gil->locked`.
    locked: bool,
    /// CPython: `gil->last_holder`.
    last_holder: Option<ThreadId>,
    /// CPython: `gil->switch_number`.
    switch_number: u64,
}
// ANCHOR_END: gil

impl Gil {
    /// An unlocked GIL whose waiters ask for it after `interval`.
    pub fn new(interval: Duration) -> Gil {
        Gil {
            state: Mutex::new(GilState::default()),
            released: Condvar::new(),
            switched: Condvar::new(),
            drop_request: AtomicBool::new(false),
            interval,
        }
    }

    // ANCHOR: take_gil
    /// Waits for the GIL and takes it (CPython: `take_gil`).
    ///
    /// Afterwards `me` holds it, and everything the previous holder did
    /// under it happens before what `me` does next.
    pub fn take_gil(&self, me: ThreadId) {
        let mut state = self.state.lock().unwrap();
        while state.locked {
            let switches = state.switch_number;
            let (guard, timed_out) =
                wait_timeout(&self.released, &self.state, state, self.interval);
            state = guard;
            // A whole interval passed and the same thread still holds it:
            // ask it to let go. (If it changed hands meanwhile, the new
            // holder gets a full interval of its own.)
            if timed_out && state.locked && state.switch_number == switches {
                self.drop_request.store(true, Ordering::Relaxed);
            }
        }
        state.locked = true;
        if state.last_holder != Some(me) {
            state.last_holder = Some(me);
            state.switch_number += 1;
        }
        // Forced switching: wake the thread that dropped the GIL on request
        // and waits to see it change hands.
        self.switched.notify_all();
        // Whatever request was pending was meant for the previous holder.
        self.drop_request.store(false, Ordering::Relaxed);
    }
    // ANCHOR_END: take_gil

    // ANCHOR: drop_gil
    /// Lets go of the GIL (CPython: `drop_gil`). If it was asked for, waits
    /// until another thread has taken it, so that `me` cannot win it back
    /// straight away.
    pub fn drop_gil(&self, me: ThreadId) {
        let mut state = self.state.lock().unwrap();
        assert!(
            state.locked && state.last_holder == Some(me),
            "drop_gil: {me:?} does not hold the GIL"
        );
        state.locked = false;
        self.released.notify_one();
        if self.drop_request.load(Ordering::Relaxed) {
            self.drop_request.store(false, Ordering::Relaxed);
            while state.last_holder == Some(me) {
                state = self.switched.wait(state).unwrap();
            }
        }
    }
    // ANCHOR_END: drop_gil

    // ANCHOR: eval_breaker
    /// What the eval loop does between instructions: if another thread has
    /// asked for the GIL, give it up and queue for it again (CPython:
    /// `_Py_HandlePending`, 3.12; `eval_frame_handle_pending` before).
    pub fn eval_breaker(&self, me: ThreadId) {
        if self.drop_request.load(Ordering::Relaxed) {
            self.drop_gil(me);
            self.take_gil(me);
        }
    }
    // ANCHOR_END: eval_breaker

    /// True if a waiter has asked the holder to let go.
    pub fn drop_requested(&self) -> bool {
        self.drop_request.load(Ordering::Relaxed)
    }

    /// How many times the GIL has passed to a thread other than its last
    /// holder (CPython: `gil->switch_number`).
    pub fn switch_number(&self) -> u64 {
        self.state.lock().unwrap().switch_number
    }
}

impl Default for Gil {
    fn default() -> Gil {
        Gil::new(DEFAULT_SWITCH_INTERVAL)
    }
}

/// The chapter's models of the GIL run on this one (`tests/loom_gil.rs`),
/// as on the learner's in the exercise: thread `n` is `ThreadId(n)`.
impl crate::conformance::gil::Lock for Gil {
    fn new(interval: Duration) -> Gil {
        Gil::new(interval)
    }

    fn take_gil(&self, me: usize) {
        Gil::take_gil(self, ThreadId(me))
    }

    fn drop_gil(&self, me: usize) {
        Gil::drop_gil(self, ThreadId(me))
    }

    fn eval_breaker(&self, me: usize) {
        Gil::eval_breaker(self, ThreadId(me))
    }

    fn switch_number(&self) -> u64 {
        Gil::switch_number(self)
    }
}
