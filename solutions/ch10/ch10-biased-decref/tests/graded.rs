//! Graded tests for ch10-biased-decref: each transition of the shared
//! count's flags on one thread (two thread states taking turns), then loom
//! models of two threads. Every test runs inside
//! `ch10_threads::sync::model`: `cargo course check` builds them with
//! `--cfg loom`, and loom runs every interleaving (up to three
//! preemptions) and reports a use of the object not ordered before its free.

use ch10_biased_decref::decref;
use ch10_threads::biased::{Interpreter, MERGED, ObjRef, QUEUED, SHARED_INIT, Tally, shared_count};
use ch10_threads::immortal::make_immortal;
use ch10_threads::sync::{Arc, AtomicBool, Ordering, model, thread};

fn freed(interp: &Interpreter) -> usize {
    Tally::get(&interp.tally.freed)
}

fn shared(obj: ObjRef) -> isize {
    obj.header().shared.load(Ordering::Relaxed)
}

fn local(obj: ObjRef) -> u32 {
    obj.header().local.load(Ordering::Relaxed)
}

#[test]
fn the_owners_references_never_touch_the_shared_count() {
    model(|| {
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

#[test]
fn a_non_owners_decrement_at_zero_is_queued_and_the_owner_merges() {
    model(|| {
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

#[test]
fn when_the_owner_lets_go_first_the_counts_merge_and_the_last_decrement_frees() {
    model(|| {
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

#[test]
fn an_abandoned_objects_last_decrement_merges_and_frees() {
    model(|| {
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

#[test]
fn immortal_objects_are_never_counted() {
    model(|| {
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

#[test]
fn a_reference_counted_in_the_shared_count() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        let counted = Arc::new(AtomicBool::new(false));
        let other = {
            let (interp, counted) = (interp.clone(), counted.clone());
            thread::spawn(move || {
                let me = interp.attach();
                me.incref(obj);
                counted.store(true, Ordering::Release);
                assert_eq!(obj.value(), 7);
                decref(&me, obj);
                me.exit();
            })
        };
        while !counted.load(Ordering::Acquire) {
            thread::yield_now();
        }
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}

#[test]
fn a_reference_the_owner_counted_is_dropped_by_another_thread() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                assert_eq!(obj.value(), 7);
                decref(&me, obj);
                me.exit();
            })
        };
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        while freed(&interp) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}

#[test]
fn a_queued_decrement_while_the_thread_holds_another_reference() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj);
        owner.incref(obj);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                decref(&me, obj);
                assert_eq!(obj.value(), 7);
                decref(&me, obj);
                me.exit();
            })
        };
        assert_eq!(obj.value(), 7);
        decref(&owner, obj);
        while Tally::get(&interp.tally.merged) == 0 {
            owner.merge_queued();
            thread::yield_now();
        }
        other.join().unwrap();
        owner.exit();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}

#[test]
fn the_owner_exits_and_its_object_is_abandoned() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let obj = owner.new_object(7);
        owner.incref(obj);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                assert_eq!(obj.value(), 7);
                decref(&me, obj);
                me.exit();
            })
        };
        decref(&owner, obj);
        owner.exit();
        other.join().unwrap();
        assert_eq!(freed(&interp), 1, "freed exactly once");
    });
}
