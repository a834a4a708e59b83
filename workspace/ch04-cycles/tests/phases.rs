//! The phases one at a time on a small heap, as the chapter's table shows
//! them: each tracked object's count, its `gc_refs` after `update_refs` and
//! after `subtract_refs`, and what `move_unreachable` decides.

mod common;

use ch01_objects::{ObjRef, Payload};
use ch02_refcount::MemoryManager;
use ch02_refcount::event::describe_object;
use ch04_cycles::CyclesStage;
use ch04_cycles::gc_refs::{GcRefs, Mark, subtract_refs, update_refs};
use ch04_cycles::unreachable::move_unreachable;
use common::{append, list, release};

/// ```text
/// a = [1]; b = [a]; a.append(b)     # a cycle the name a holds
/// c = []; d = [c]; c.append(d)      # a cycle nothing will hold
/// e = []; d.append(e)               # reachable only from that cycle
/// del b, c, d, e
/// ```
///
/// `b` and `e` both end `subtract_refs` at 0; only `b` is reachable.
#[test]
fn the_phases_on_a_small_heap() {
    let mut stage = CyclesStage::new();
    let one = stage.alloc(Payload::Int(1));
    let a = list(&mut stage);
    append(&mut stage, a, one);
    release(&mut stage, one);
    let b = list(&mut stage);
    append(&mut stage, b, a);
    append(&mut stage, a, b);
    let c = list(&mut stage);
    let d = list(&mut stage);
    append(&mut stage, d, c);
    append(&mut stage, c, d);
    let e = list(&mut stage);
    append(&mut stage, d, e);
    for r in [b, c, d, e] {
        release(&mut stage, r);
    }

    let young = stage.tracked_objects();
    let heap = stage.heap();
    let mut gc_refs = update_refs(heap, &young);
    let after_update = column(&young, &gc_refs);
    subtract_refs(heap, &young, &mut gc_refs);
    let after_subtract = column(&young, &gc_refs);
    let unreachable = move_unreachable(heap, &young, &mut gc_refs).unreachable;

    let names = [(a, "a"), (b, "b"), (c, "c"), (d, "d"), (e, "e")];
    let name = |r: ObjRef| names.iter().find(|(n, _)| *n == r).map_or("?", |(_, s)| s);
    let mut table =
        String::from("name  object   refcount  update_refs  subtract_refs  move_unreachable\n");
    for (index, &r) in young.iter().enumerate() {
        table += &format!(
            "{:<5} {:<8} {:>8}  {:>11}  {:>13}  {}\n",
            name(r),
            describe_object(heap, r),
            heap.refcount(r),
            after_update[index],
            after_subtract[index],
            verdict(gc_refs.get(r)),
        );
    }
    table += &format!("unreachable: {unreachable:?}\n");
    insta::assert_snapshot!(table);

    let found = stage.collect_garbage();
    assert_eq!(found.unreachable, unreachable);
    assert!(stage.heap().is_live(a) && stage.heap().is_live(b));
    assert_eq!(stage.stats().live_objects, 3, "a, b and the int");
}

fn column(young: &[ObjRef], gc_refs: &GcRefs) -> Vec<String> {
    young
        .iter()
        .map(|&r| match gc_refs.get(r) {
            Mark::Refs(n) => n.to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

fn verdict(mark: Mark) -> &'static str {
    match mark {
        Mark::Reachable => "reachable",
        Mark::TentativelyUnreachable => "unreachable",
        Mark::Refs(_) | Mark::NotCollecting => "undecided (a bug)",
    }
}
