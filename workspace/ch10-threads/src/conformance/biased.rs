//! The models of the biased decrement (chapter 10): each transition of the
//! shared count's flags on one thread (two thread states taking turns),
//! then one loom model of two threads per transition. In every execution
//! the object is freed exactly once, and loom checks that every read of it
//! happens before the free.
//!
//! Each model takes the [`Decref`] to check: the crate's
//! `ThreadState::decref` (in `tests/loom_biased.rs`), or the learner's, in
//! exercise ch10-biased-decref. Everything else, `incref`, the queues and
//! the merge of a queued object, is this crate's [`crate::biased`].

use crate::biased::{
    Interpreter, MERGED, ObjRef, QUEUED, SHARED_INIT, Tally, ThreadState, shared_count,
};
use crate::immortal::make_immortal;
use crate::sync::{Arc, AtomicBool, Ordering, model, thread};

/// A decrement to check: drops the reference `tstate` holds to `obj`
/// (CPython 3.13t: `Py_DECREF`).
pub type Decref = fn(tstate: &ThreadState<'_>, obj: ObjRef);

fn freed(interp: &Interpreter) -> usize {
    Tally::get(&interp.tally.freed)
}

fn shared(obj: ObjRef) -> isize {
    obj.header().shared.load(Ordering::Relaxed)
}

fn local(obj: ObjRef) -> u32 {
    obj.header().local.load(Ordering::Relaxed)
}

/// Starts a thread that attaches to `interp`, runs `body` with its thread
/// state, and exits (CPython: a `threading.Thread` whose run is `body`).
fn attached_thread<F>(interp: &Arc<Interpreter>, body: F) -> thread::JoinHandle<()>
where
    F: FnOnce(&ThreadState<'_>) + Send + 'static,
{
    let interp = interp.clone();
    thread::spawn(move || {
        let me = interp.attach();
        body(&me);
        me.exit();
    })
}

/// Waits for `other`, lets the owner exit, and checks that the object was
/// freed exactly once.
fn join_and_check_freed_once(
    interp: &Interpreter,
    owner: ThreadState<'_>,
    other: thread::JoinHandle<()>,
) {
    other.join().unwrap();
    owner.exit();
    assert_eq!(freed(interp), 1, "freed exactly once");
}

/// The owner's increments and decrements stay in `local`; its last
/// decrement frees the object, with nothing to merge.
pub fn the_owners_references_never_touch_the_shared_count(decref: Decref) {
    model(move || {
        let interp = Interpreter::new();
        let owner = interp.attach();
        let obj = owner.new_object(1);
        for _ in 0..3 {
            owner.incref(obj);
        }
        for _ in 0..3 {
            decref(&owner, obj);
        }
        assert_eq!(local(obj), 1);
        assert_eq!(shared(obj), SHARED_INIT, "the owner never writes `shared`");
        decref(&owner, obj);
        assert_eq!(freed(&interp), 1, "the last reference frees it");
        assert_eq!(Tally::get(&interp.tally.merged), 0, "nothing to merge");
        owner.exit();
    });
}

/// A non-owner drops a reference the owner counted: the shared count stays
/// at zero, marked `QUEUED`, until the owner merges; the owner's last
/// decrement then frees the object.
pub fn a_non_owners_decrement_at_zero_is_queued_and_the_owner_merges(decref: Decref) {
    model(move || {
        let interp = Interpreter::new();
        let (a, b) = (interp.attach(), interp.attach());
        let obj = a.new_object(7);
        a.incref(obj); // counted by A, dropped by B
        b.incref(obj);
        decref(&b, obj);
        assert_eq!(shared(obj), SHARED_INIT, "B's own reference came and went");
        decref(&b, obj);
        assert_eq!(shared(obj), QUEUED, "not -1: queued to the owner");
        assert_eq!(local(obj), 2, "the queue holds the decrement");
        a.merge_queued();
        assert_eq!(obj.flags(), MERGED);
        assert_eq!(shared_count(shared(obj)), 1);
        assert_eq!(freed(&interp), 0);
        decref(&a, obj);
        assert_eq!(freed(&interp), 1);
        a.exit();
        b.exit();
    });
}

/// The owner lets go while a non-owner still counts a reference: the counts
/// merge, the object loses its owner, and the non-owner's decrement frees it.
pub fn when_the_owner_lets_go_first_the_counts_merge_and_the_last_decrement_frees(decref: Decref) {
    model(move || {
        let interp = Interpreter::new();
        let (a, b) = (interp.attach(), interp.attach());
        let obj = a.new_object(7);
        b.incref(obj);
        decref(&a, obj);
        assert_eq!(
            obj.flags(),
            MERGED,
            "the owner's count reached zero: merged"
        );
        assert_eq!(shared_count(shared(obj)), 1);
        assert!(!a.owns(obj), "merged: no owner any more");
        assert_eq!(freed(&interp), 0);
        decref(&b, obj);
        assert_eq!(freed(&interp), 1);
        a.exit();
        b.exit();
    });
}

/// The owner has exited: the last decrement of an object it counted finds
/// no queue to hand it to, and merges and frees it at once.
pub fn an_abandoned_objects_last_decrement_merges_and_frees(decref: Decref) {
    model(move || {
        let interp = Interpreter::new();
        let (a, b) = (interp.attach(), interp.attach());
        let obj = b.new_object(7);
        b.incref(obj); // for A
        decref(&b, obj);
        b.exit();
        decref(&a, obj);
        assert_eq!(
            freed(&interp),
            1,
            "no owner to queue to: merged and freed at once"
        );
        a.exit();
    });
}

/// An immortal object's decrements, by the thread that made it or any
/// other, change nothing and never free it.
pub fn immortal_objects_are_never_counted(decref: Decref) {
    model(move || {
        let interp = Interpreter::new();
        let (a, b) = (interp.attach(), interp.attach());
        let none = a.new_object(0);
        make_immortal(&a, none);
        for _ in 0..3 {
            decref(&a, none);
            decref(&b, none);
        }
        assert_eq!(shared(none), SHARED_INIT);
        assert_eq!(freed(&interp), 0);
        a.exit();
        b.exit();
    });
}

// ANCHOR: shared_reference
/// Another thread counts a reference of its own in the shared count, while
/// the owner's keeps the object alive; then both let go, in either order:
/// the owner merges (or frees at once, if the shared count is back to 0),
/// and the last decrement frees it.
pub fn a_reference_counted_in_the_shared_count(decref: Decref) {
    model(move || {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        // Set once the other thread holds its own reference.
        let counted = Arc::new(AtomicBool::new(false));
        let other = {
            let counted = counted.clone();
            attached_thread(&interp, move |me| {
                me.incref(obj);
                counted.store(true, Ordering::Release);
                assert_eq!(obj.value(), 7);
                decref(me, obj);
            })
        };
        // The owner lends its reference until the other thread has its own.
        while !counted.load(Ordering::Acquire) {
            thread::yield_now();
        }
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        join_and_check_freed_once(&interp, owner, other);
    });
}
// ANCHOR_END: shared_reference

// ANCHOR: queued
/// The owner counts a reference for another thread (as a list it filled
/// would), and that thread drops it: its decrement finds the shared count
/// at zero, so it queues the object to the owner, which merges and frees.
pub fn a_reference_the_owner_counted_is_dropped_by_another_thread(decref: Decref) {
    model(move || {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj); // for the other thread
        let other = attached_thread(&interp, move |me| {
            assert_eq!(obj.value(), 7);
            decref(me, obj);
        });
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        // The owner's eval breaker, until the queued decrement arrives.
        while freed(&interp) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        join_and_check_freed_once(&interp, owner, other);
    });
}
// ANCHOR_END: queued

// ANCHOR: abandoned
/// The owner exits while another thread still holds a reference it
/// counted: that thread's decrement either reaches the owner's queue
/// before it leaves (and the owner merges and frees it on the way out), or
/// finds the object abandoned and merges and frees it itself.
pub fn the_owner_exits_and_its_object_is_abandoned(decref: Decref) {
    model(move || {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj: ObjRef = owner.new_object(7);
        owner.incref(obj);
        let other = attached_thread(&interp, move |me| {
            assert_eq!(obj.value(), 7);
            decref(me, obj);
        });
        decref(&owner, obj);
        owner.exit();
        other.join().unwrap();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
// ANCHOR_END: abandoned

/// The owner lets go first and merges; the other thread's decrement then
/// takes the merged count to zero and frees the object.
pub fn the_last_decrement_after_a_merge_frees(decref: Decref) {
    model(move || {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        let counted = Arc::new(AtomicBool::new(false));
        let merged = Arc::new(AtomicBool::new(false));
        let other = {
            let (counted, merged) = (counted.clone(), merged.clone());
            attached_thread(&interp, move |me| {
                me.incref(obj);
                counted.store(true, Ordering::Release);
                while !merged.load(Ordering::Acquire) {
                    thread::yield_now();
                }
                assert_eq!(obj.value(), 7);
                decref(me, obj);
            })
        };
        while !counted.load(Ordering::Acquire) {
            thread::yield_now();
        }
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        // Relaxed: a signal only; the merge itself must order the free.
        merged.store(true, Ordering::Relaxed);
        join_and_check_freed_once(&interp, owner, other);
    });
}

// ANCHOR: queued_and_held
/// The other thread holds two references the owner counted. It drops one,
/// which is queued, and drops the other whenever it likes: before the
/// owner merges (the merge then finds the count zero and frees), or after
/// (its decrement finds the merged count zero and frees).
pub fn a_queued_decrement_while_the_thread_holds_another_reference(decref: Decref) {
    model(move || {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj);
        owner.incref(obj); // two, for the other thread
        let other = attached_thread(&interp, move |me| {
            decref(me, obj);
            assert_eq!(obj.value(), 7);
            decref(me, obj);
        });
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        while Tally::get(&interp.tally.merged) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        join_and_check_freed_once(&interp, owner, other);
    });
}
// ANCHOR_END: queued_and_held
