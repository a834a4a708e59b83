//! loom models of biased reference counting (chapter 10): one scenario per
//! transition of the shared count's flags. In every execution the object is
//! freed exactly once, and loom checks that every read of it happens
//! before the free.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_biased`.
#![cfg(loom)]

use ch10_threads::biased::{Interpreter, ObjRef, Tally};
use ch10_threads::sync::{Arc, AtomicBool, Ordering, model, thread};

fn freed(interp: &Interpreter) -> usize {
    Tally::get(&interp.tally.freed)
}

// ANCHOR: shared_reference
/// Another thread counts a reference of its own in the shared count, while
/// the owner's keeps the object alive; then both let go, in either order:
/// the owner merges (or frees at once, if the shared count is back to 0),
/// and the last decrement frees it.
#[test]
fn a_reference_counted_in_the_shared_count() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        // Set once the other thread holds its own reference.
        let counted = Arc::new(AtomicBool::new(false));
        let other = {
            let (interp, counted) = (interp.clone(), counted.clone());
            thread::spawn(move || {
                let me = interp.attach();
                me.incref(obj);
                counted.store(true, Ordering::Release);
                assert_eq!(obj.value(), 7);
                me.decref(obj);
                me.exit();
            })
        };
        // The owner lends its reference until the other thread has its own.
        while !counted.load(Ordering::Acquire) {
            thread::yield_now();
        }
        assert_eq!(obj.value(), 7);
        owner.decref(obj);
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
// ANCHOR_END: shared_reference

// ANCHOR: queued
/// The owner counts a reference for another thread (as a list it filled
/// would), and that thread drops it: its decrement finds the shared count
/// at zero, so it queues the object to the owner, which merges and frees.
#[test]
fn a_reference_the_owner_counted_is_dropped_by_another_thread() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj); // for the other thread
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                assert_eq!(obj.value(), 7);
                me.decref(obj);
                me.exit();
            })
        };
        assert_eq!(obj.value(), 7);
        owner.decref(obj);
        // The owner's eval breaker, until the queued decrement arrives.
        while freed(&interp) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
// ANCHOR_END: queued

// ANCHOR: abandoned
/// The owner exits while another thread still holds a reference it
/// counted: that thread's decrement either reaches the owner's queue
/// before it leaves (and the owner merges and frees it on the way out), or
/// finds the object abandoned and merges and frees it itself.
#[test]
fn the_owner_exits_and_its_object_is_abandoned() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj: ObjRef = owner.new_object(7);
        owner.incref(obj);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                assert_eq!(obj.value(), 7);
                me.decref(obj);
                me.exit();
            })
        };
        owner.decref(obj);
        owner.exit();
        other.join().unwrap();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
// ANCHOR_END: abandoned

/// The owner lets go first and merges; the other thread's decrement then
/// takes the merged count to zero and frees the object.
#[test]
fn the_last_decrement_after_a_merge_frees() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        let counted = Arc::new(AtomicBool::new(false));
        let merged = Arc::new(AtomicBool::new(false));
        let other = {
            let (interp, counted, merged) = (interp.clone(), counted.clone(), merged.clone());
            thread::spawn(move || {
                let me = interp.attach();
                me.incref(obj);
                counted.store(true, Ordering::Release);
                while !merged.load(Ordering::Acquire) {
                    thread::yield_now();
                }
                assert_eq!(obj.value(), 7);
                me.decref(obj);
                me.exit();
            })
        };
        while !counted.load(Ordering::Acquire) {
            thread::yield_now();
        }
        assert_eq!(obj.value(), 7);
        owner.decref(obj);
        // Relaxed: a signal only; the merge itself must order the free.
        merged.store(true, Ordering::Relaxed);
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}

// ANCHOR: queued_and_held
/// The other thread holds two references the owner counted. It drops one,
/// which is queued, and drops the other whenever it likes: before the
/// owner merges (the merge then finds the count zero and frees), or after
/// (its decrement finds the merged count zero and frees).
#[test]
fn a_queued_decrement_while_the_thread_holds_another_reference() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj);
        owner.incref(obj); // two, for the other thread
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                me.decref(obj);
                assert_eq!(obj.value(), 7);
                me.decref(obj);
                me.exit();
            })
        };
        assert_eq!(obj.value(), 7);
        owner.decref(obj);
        while Tally::get(&interp.tally.merged) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
// ANCHOR_END: queued_and_held
