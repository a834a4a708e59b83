//! # Exercise ch10-gil-handoff: handing the GIL over
//!
//! CPython 3.2's GIL: a waiter asks for the lock after a switch interval,
//! and the holder, asked, lets go and waits until it has changed hands.

use std::time::Duration;

use ch10_threads::sync::{AtomicBool, Condvar, Mutex, Ordering, wait_timeout};

/// Who holds the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThreadId(pub usize);

/// The GIL (CPython: `struct _gil_runtime_state`).
#[derive(Debug)]
pub struct Gil {
    /// CPython: `gil->mutex`, and the fields it protects.
    state: Mutex<GilState>,
    /// Signalled when the GIL is dropped (CPython: `gil->cond`).
    released: Condvar,
    /// Signalled when the GIL passes to a new holder (CPython:
    /// `gil->switch_cond`).
    switched: Condvar,
    /// Set by a waiter whose interval ran out; read by the holder between
    /// instructions. A hint only: the mutex orders everything else.
    drop_request: AtomicBool,
    /// How long a waiter waits before it sets the drop request.
    interval: Duration,
}

#[derive(Debug, Default)]
struct GilState {
    locked: bool,
    last_holder: Option<ThreadId>,
    /// How many times the GIL has passed to a thread other than its last
    /// holder.
    switch_number: u64,
}

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

    /// Waits for the GIL and takes it (CPython: `take_gil`).
    pub fn take_gil(&self, me: ThreadId) {
        // TODO: Wait while it is locked, an interval at a time, asking for
        // TODO: it after an interval in which it did not change hands; then
        // TODO: take it, count the switch, wake the thread waiting for one,
        // TODO: and clear the request.
        let _ = (me, wait_timeout::<GilState>, &self.released, &self.switched, self.interval);
        todo!()
    }

    /// Lets go of the GIL (CPython: `drop_gil`); if it was asked for, waits
    /// until another thread has taken it.
    pub fn drop_gil(&self, me: ThreadId) {
        // TODO: Unlock it and wake a waiter; if it was asked for, clear the
        // TODO: request and wait until it has changed hands.
        let GilState { locked, last_holder, .. } = &*self.state.lock().unwrap();
        let _ = (me, locked, last_holder);
        todo!()
    }

    /// Between two instructions: if another thread asked for the GIL, give
    /// it up and queue for it again.
    pub fn eval_breaker(&self, me: ThreadId) {
        if self.drop_request.load(Ordering::Relaxed) {
            self.drop_gil(me);
            self.take_gil(me);
        }
    }

    /// How many times the GIL has passed to a thread other than its last
    /// holder.
    pub fn switch_number(&self) -> u64 {
        self.state.lock().unwrap().switch_number
    }
}
