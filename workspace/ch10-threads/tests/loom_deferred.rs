//! loom models of the objects the free-threaded build does not count as
//! others (chapter 10): an immortal object's header is only ever read, and
//! a deferred object is freed by the collector alone, never by counting,
//! while a thread still uses it.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release -p ch10-threads
//! --test loom_deferred`.
#![cfg(loom)]

use ch10_threads::biased::{IMMORTAL_LOCAL, Interpreter, Tally};
use ch10_threads::deferred::{self, StackRef};
use ch10_threads::immortal;
use ch10_threads::sync::{Arc, model, thread};

#[test]
fn threads_count_an_immortal_object_without_changing_it() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let main = interp.attach();
        let none = main.new_object(0);
        immortal::make_immortal(&main, none);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                me.incref(none);
                me.decref(none);
                me.decref(none);
                me.exit();
            })
        };
        main.incref(none);
        main.decref(none);
        other.join().unwrap();
        assert_eq!(
            none.header()
                .local
                .load(ch10_threads::sync::Ordering::Relaxed),
            IMMORTAL_LOCAL
        );
        assert_eq!(none.count(), IMMORTAL_LOCAL as isize, "no count changed");
        assert_eq!(Tally::get(&interp.tally.freed), 0, "never freed");
        main.exit();
    });
}

// ANCHOR: deferred_model
/// The owner drops its own reference while another thread has the object
/// on its stack, tagged, uncounted: counting alone never frees it. With
/// the world stopped, the collector frees it once no stack refers to it.
#[test]
fn a_deferred_object_is_freed_by_the_collector_only() {
    model(|| {
        let interp = Arc::new(Interpreter::new());
        let owner = interp.attach();
        let function = owner.new_object(1);
        deferred::set_deferred(&owner, function);
        let other = {
            let interp = interp.clone();
            thread::spawn(move || {
                let me = interp.attach();
                // A call: the function goes on the stack, tagged.
                let stack = [deferred::push(&me, function)];
                assert_eq!(stack[0], StackRef::Deferred(function));
                assert_eq!(deferred::target(stack[0]).value(), 1);
                me.exit();
            })
        };
        owner.decref(function);
        other.join().unwrap();
        assert_eq!(
            Tally::get(&interp.tally.freed),
            0,
            "counting never frees it"
        );
        // The world is stopped: every other thread has finished.
        let still_on_a_stack = [StackRef::Deferred(function)];
        assert!(!deferred::collect(&owner, function, &[&still_on_a_stack]));
        assert!(deferred::collect(&owner, function, &[&[]]));
        assert_eq!(Tally::get(&interp.tally.freed), 1);
        owner.exit();
    });
}
// ANCHOR_END: deferred_model
