//! [`collect`]: one full collection, the phases in order.
//!
//! ```text
//!   members ─▶ update_refs ─▶ subtract_refs ─▶ move_unreachable ─▶ delete_garbage
//!   (who is     (gc_refs =      (minus refs      (reachable from     (clear each,
//!    tracked)    refcount)       from inside)     outside? the rest   counts fall
//!                                                 is unreachable)     to zero)
//! ```
//!
//! Between finding the garbage and freeing it, CPython 3.11's
//! `gc_collect_main` takes steps of which this chapter takes three:
//! - `untrack_tuples` and `untrack_dicts`: survivors that can never be part
//!   of a cycle stop being followed;
//! - the survivors keep the order `move_unreachable` left them in, which
//!   decides the order of every later collection;
//! - `move_legacy_finalizers`: an unreachable object with a `__del__`, and
//!   everything reachable from it, is *uncollectable*: it is left alive and
//!   goes to `gc.garbage`. This is what CPython did until 3.3: running
//!   `__del__` on an object whose cycle partners may already be cleared
//!   could crash, and no order of the cycle's finalizers is right. (3.11 keeps
//!   the step for C types with a `tp_del`, which pure Python cannot make.)
//!
//! The others are later chapters': survivors moving to an older generation
//! (chapter 5), and, from PEP 442 (3.4) on, `__del__` run on the whole
//! unreachable set before anything is cleared, with resurrection detected
//! and weak references cleared (chapter 6).
//!
//! Invariant: after [`collect`], nothing that was unreachable is alive, and
//! every object that was reachable has the same payload as before and a
//! count lower only by the references that freed objects held to it. (Besides
//! the garbage, the cascade frees any untracked object only the garbage
//! referred to; what such an object held may be garbage for the next pass.)

use ch01_objects::{Heap, ObjRef, Payload};
use ch02_refcount::{RefCountHeap, finalizer};

use crate::clear::take_references;
use crate::flags;
use crate::gc_refs::{subtract_refs, update_refs};
use crate::tracking::{Generation, may_be_tracked, may_untrack};
use crate::unreachable::{Partition, move_unreachable};

/// What one collection found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collection {
    /// How many objects the generation held when the collection began.
    pub tracked: usize,
    /// The unreachable objects, oldest first (the collectable ones have
    /// been freed; the uncollectable ones are alive).
    pub unreachable: Vec<ObjRef>,
    /// The unreachable objects that have a `__del__`, left alive for
    /// `gc.garbage`, in CPython's order.
    pub uncollectable: Vec<ObjRef>,
    /// Objects the clearing freed that have a `__del__` still to run, each
    /// held by one reference for the interpreter (see [`delete_garbage`]).
    pub to_finalize: Vec<ObjRef>,
    /// What `gc.collect()` returns: the unreachable objects, counted as
    /// CPython 3.11 would count its own objects for them ([`counted_as`]).
    pub found: usize,
}

impl Collection {
    /// What `gc.collect()` returns.
    pub fn count(&self) -> usize {
        self.found
    }
}

// ANCHOR: collect
/// Finds the tracked objects nothing outside the generation can reach, and
/// frees those it can. CPython: `gc_collect_main` on the oldest generation.
pub fn collect(heap: &mut RefCountHeap, young: &mut Generation) -> Collection {
    let members = young.members(heap.heap());
    let Partition {
        reachable,
        unreachable,
    } = partition(heap.heap(), &members);
    let survivors = untrack_survivors(heap.heap_mut(), reachable, true);
    young.reorder(heap.heap(), &survivors);
    let found = unreachable
        .iter()
        .map(|&r| counted_as(heap.heap(), r))
        .sum();
    let (collectable, uncollectable) = move_legacy_finalizers(heap.heap(), &unreachable);
    let cleared = delete_garbage(heap, &collectable);
    for &r in cleared.still_alive.iter().chain(&uncollectable) {
        young.append(heap.heap(), r);
    }
    let uncollectable = for_gc_garbage(heap.heap(), &uncollectable, &cleared.to_finalize);
    Collection {
        tracked: members.len(),
        unreachable,
        uncollectable,
        to_finalize: cleared.to_finalize,
        found,
    }
}

/// The uncollectable objects that go to `gc.garbage`: those with a
/// `__del__` that are still alive. (One that only collectable garbage held
/// has been freed by the cascade, or waits for the `__del__` freeing it
/// calls for.) CPython: `handle_legacy_finalizers`.
pub fn for_gc_garbage(
    heap: &Heap,
    uncollectable: &[ObjRef],
    to_finalize: &[ObjRef],
) -> Vec<ObjRef> {
    uncollectable
        .iter()
        .copied()
        .filter(|&r| heap.is_live(r) && !to_finalize.contains(&r) && has_legacy_finalizer(heap, r))
        .collect()
}
// ANCHOR_END: collect

// ANCHOR: deduce_unreachable
/// The members of `young` that nothing outside `young` can reach, oldest
/// first. Changes nothing on the heap. CPython: `deduce_unreachable`.
///
/// 1. `update_refs`: each member's `gc_refs` starts at its count;
/// 2. `subtract_refs`: minus one for each reference from another member;
/// 3. `move_unreachable`: members with `gc_refs > 0`, and all they reach,
///    are reachable; the rest are not.
pub fn deduce_unreachable(heap: &Heap, young: &[ObjRef]) -> Vec<ObjRef> {
    partition(heap, young).unreachable
}

/// [`deduce_unreachable`], keeping the survivors in their new order too.
pub fn partition(heap: &Heap, young: &[ObjRef]) -> Partition {
    let mut gc_refs = update_refs(heap, young);
    subtract_refs(heap, young, &mut gc_refs);
    move_unreachable(heap, young, &mut gc_refs)
}
// ANCHOR_END: deduce_unreachable

// ANCHOR: untrack_survivors
/// Stops following the survivors that can never be part of a cycle, and
/// returns the others, in order: tuples holding only objects that cannot
/// (CPython 3.11's `untrack_tuples`, on every collection) and, when `full`,
/// dicts too (`untrack_dicts`, on full collections only, which are the
/// only ones this chapter has). In list order, as CPython walks it: a
/// tuple holding a tuple later in the list stays tracked until the next
/// collection. The survivors are filtered in place: a full collection of
/// a large heap makes no second list of them.
pub fn untrack_survivors(heap: &mut Heap, mut survivors: Vec<ObjRef>, full: bool) -> Vec<ObjRef> {
    survivors.retain(|&r| {
        let untrack = match heap.payload(r) {
            Payload::Tuple(_) => may_untrack(heap, r),
            Payload::Dict(_) => full && may_untrack(heap, r),
            Payload::Class(class) => {
                let bases_are_builtin = !class.bases.iter().any(|&b| may_be_tracked(heap, b));
                if bases_are_builtin {
                    heap.get_mut(r).header.flags |= flags::BASES_TUPLE_UNTRACKED;
                }
                false
            }
            _ => false,
        };
        if untrack {
            // The list's entry goes stale and is dropped when it is next read.
            flags::clear_tracked(&mut heap.get_mut(r).header);
        }
        !untrack
    });
    survivors
}
// ANCHOR_END: untrack_survivors

// ANCHOR: counted_as
/// How many of CPython 3.11's objects `r` stands for when a collection
/// counts what it found. `minipy` keeps a class's namespace and bases inside
/// the class; CPython has a dict for the one (tracked once it holds a
/// function, a descriptor or another container) and a `__bases__` tuple for
/// the other (until a collection untracks it), so `class K: pass; del K;
/// gc.collect()` finds 6: the class, its dict, its bases, its `__mro__` and
/// its two descriptors. An instance whose attributes are a dict of its own
/// on CPython (an exception's, see `Attrs::has_own_dict`) counts that
/// dict too, while the dict is tracked (it holds something that may be).
/// The list inside an instance of `class L(list)` is part of the instance
/// in CPython, and counts nothing.
pub fn counted_as(heap: &Heap, r: ObjRef) -> usize {
    let object = heap.get(r);
    if object.header.flags & flags::PART_OF_ANOTHER != 0 {
        return 0;
    }
    match &object.payload {
        Payload::Class(class) => {
            // The interpreter may keep a class's MRO tuple and first base
            // among its attributes; CPython keeps them in the type object
            // (`tp_mro`, `tp_base`), not in its dict.
            let in_a_slot = |value: ObjRef| {
                class.bases.contains(&value)
                    || matches!(heap.payload(value), Payload::Tuple(items) if items.first() == Some(&r))
            };
            let dict_tracked = class.attrs.iter().any(|(key, value)| {
                may_be_tracked(heap, key) || (!in_a_slot(value) && may_be_tracked(heap, value))
            });
            let bases_tracked = object.header.flags & flags::BASES_TUPLE_UNTRACKED == 0;
            1 + usize::from(dict_tracked) + usize::from(bases_tracked)
        }
        Payload::Native(native) => 1 + native.hidden_objects(&|r| may_be_tracked(heap, r)),
        Payload::Instance(instance) => {
            let dict_tracked = instance
                .attrs
                .unslotted()
                .any(|(key, value)| may_be_tracked(heap, key) || may_be_tracked(heap, value));
            1 + usize::from(dict_tracked)
        }
        _ => 1,
    }
}
// ANCHOR_END: counted_as

/// `gc.set_debug` flags, CPython 3.11's values.
pub mod debug {
    /// Print statistics around each collection.
    pub const STATS: u32 = 1;
    /// Print each collectable object found.
    pub const COLLECTABLE: u32 = 2;
    /// Print each uncollectable object found.
    pub const UNCOLLECTABLE: u32 = 4;
    /// Keep the garbage in `gc.garbage` instead of freeing it.
    pub const SAVEALL: u32 = 32;
    /// All of the above but `STATS`: what a leak hunt wants.
    pub const LEAK: u32 = COLLECTABLE | UNCOLLECTABLE | SAVEALL;
}

/// The line `gc.set_debug` prints for an object a collection found, as
/// CPython's `debug_cycle` writes it: `gc: collectable <Node 0x7f...>`.
pub fn debug_line(heap: &Heap, what: &str, r: ObjRef) -> String {
    let object = heap.get(r);
    let type_name = match &object.payload {
        Payload::Instance(instance) => match heap.payload(instance.class) {
            Payload::Class(class) => class.name.to_string(),
            _ => "object".to_string(),
        },
        payload => payload.type_name().unwrap_or("object").to_string(),
    };
    format!("gc: {what} <{type_name} {:#x}>", heap.address(r))
}

// ANCHOR: move_legacy_finalizers
/// Splits the garbage: the objects with a `__del__`, and every garbage
/// object reachable from them, are uncollectable (second list); the rest
/// can be freed (first list). Both keep the garbage's order, the
/// uncollectable ones followed by what they reach, in the order they reach
/// it. CPython: `move_legacy_finalizers` and `move_legacy_finalizer_reachable`.
pub fn move_legacy_finalizers(heap: &Heap, unreachable: &[ObjRef]) -> (Vec<ObjRef>, Vec<ObjRef>) {
    let mut garbage: std::collections::HashSet<ObjRef> = unreachable.iter().copied().collect();
    let mut uncollectable: Vec<ObjRef> = unreachable
        .iter()
        .copied()
        .filter(|&r| has_legacy_finalizer(heap, r))
        .collect();
    for r in &uncollectable {
        garbage.remove(r);
    }
    // The list grows while it is walked: no recursion, however deep.
    let mut next = 0;
    while let Some(&r) = uncollectable.get(next) {
        next += 1;
        heap.payload(r).visit_refs(&mut |target| {
            if garbage.remove(&target) {
                uncollectable.push(target);
            }
        });
    }
    let collectable = unreachable
        .iter()
        .copied()
        .filter(|r| garbage.contains(r))
        .collect();
    (collectable, uncollectable)
}

/// True for an object whose `__del__` this chapter's collector will not
/// run: an instance whose class defines one, a paused generator.
pub fn has_legacy_finalizer(heap: &Heap, r: ObjRef) -> bool {
    match heap.payload(r) {
        Payload::Instance(instance) => {
            finalizer::class_defines(heap, instance.class, finalizer::FINALIZER_NAME)
        }
        Payload::Native(native) => native.has_finalizer(),
        _ => false,
    }
}
// ANCHOR_END: move_legacy_finalizers

// ANCHOR: delete_garbage
/// Phase 4. Precondition: `unreachable` is closed (nothing reachable refers
/// into it). Each object still alive when its turn comes is held for the
/// moment, cleared, and let go; the cascade frees it and whatever else the
/// clearing left unreferenced, so later entries may already be gone. One
/// that is still alive after its clearing (a tuple: CPython's have no
/// `tp_clear`) is returned, to go back to a generation and be freed when its
/// cycle partners are. CPython: `delete_garbage`.
///
/// The cascade may reach an object with a `__del__` that was not garbage
/// (one only the garbage held): it is kept alive with one more reference
/// and returned, for the interpreter to run its `__del__` and then drop that
/// reference once the collection is over.
pub fn delete_garbage(heap: &mut RefCountHeap, unreachable: &[ObjRef]) -> Cleared {
    let mut cleared = Cleared::default();
    let mut hold_for_finalizer = |heap: &mut RefCountHeap, object: ObjRef| {
        heap.incref(object);
        cleared.to_finalize.push(object);
    };
    let mut still_alive = Vec::new();
    for &r in unreachable {
        if !heap.heap().is_live(r) {
            continue;
        }
        heap.incref(r);
        let released = take_references(&mut heap.heap_mut().get_mut(r).payload);
        for target in released {
            heap.decref_with(target, &mut hold_for_finalizer);
        }
        heap.decref_with(r, &mut hold_for_finalizer);
        if heap.heap().is_live(r) {
            still_alive.push(r);
        }
    }
    cleared.still_alive = still_alive;
    cleared
}

/// What [`delete_garbage`] leaves.
#[derive(Debug, Default)]
pub struct Cleared {
    /// Garbage still alive after its clearing, in order.
    pub still_alive: Vec<ObjRef>,
    /// Objects with a `__del__` to run, each with one reference for the interpreter.
    pub to_finalize: Vec<ObjRef>,
}
// ANCHOR_END: delete_garbage
