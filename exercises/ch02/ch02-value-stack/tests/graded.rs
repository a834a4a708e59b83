//! Graded tests for ch02-value-stack.
//!
//! Each test runs the bytecode CPython 3.11 compiles for a few lines of
//! module-level code (`python3 -m dis` shows it) and checks the counts.

use std::collections::BTreeMap;

use ch01_objects::{ObjRef, Payload};
use ch02_refcount::RefCountHeap;
use ch02_value_stack::{Op, Vm};

/// A machine whose constants are the ints given, `consts[i] = values[i]`.
fn vm_with_ints(values: &[i64]) -> Vm {
    let mut heap = RefCountHeap::new();
    let consts = values
        .iter()
        .map(|&n| heap.alloc(Payload::Int(n)))
        .collect();
    Vm::new(heap, consts)
}

fn count(vm: &Vm, r: ObjRef) -> usize {
    vm.heap.heap().refcount(r)
}

fn bound(vm: &Vm, name: &str) -> ObjRef {
    vm.names
        .lookup(name)
        .unwrap_or_else(|| panic!("`{name}` should be bound"))
}

/// The references that really exist to each live object: from the constant
/// table, the names, the value stack and the other objects.
fn actual_references(vm: &Vm) -> BTreeMap<ObjRef, usize> {
    let mut refs: BTreeMap<ObjRef, usize> = BTreeMap::new();
    let holders = vm
        .consts
        .iter()
        .copied()
        .chain(vm.names.iter().map(|(_, r)| r))
        .chain(vm.stack.iter().copied());
    for r in holders {
        *refs.entry(r).or_default() += 1;
    }
    for (_, object) in vm.heap.heap().iter() {
        object
            .payload
            .visit_refs(&mut |r| *refs.entry(r).or_default() += 1);
    }
    refs
}

#[test]
fn a_value_pushed_on_the_stack_is_counted() {
    let mut vm = vm_with_ints(&[1]);
    let one = vm.consts[0];
    vm.execute(Op::LoadConst(0));
    assert_eq!(vm.stack, vec![one], "LOAD_CONST pushes the constant");
    assert_eq!(
        count(&vm, one),
        2,
        "the constant table holds one reference and the stack now holds another: LOAD_CONST increfs"
    );
}

#[test]
fn building_a_list_moves_references_instead_of_counting_them() {
    // a = [1, 2]
    let mut vm = vm_with_ints(&[1, 2]);
    vm.run(&[
        Op::LoadConst(0),
        Op::LoadConst(1),
        Op::BuildList(2),
        Op::StoreName("a"),
    ]);
    assert!(vm.stack.is_empty(), "a statement leaves the stack empty");
    let a = bound(&vm, "a");
    let Payload::List(items) = vm.heap.heap().payload(a) else {
        panic!("a is not a list");
    };
    assert_eq!(
        *items, vm.consts,
        "BUILD_LIST 2 makes [1, 2], the deepest stack value first"
    );
    assert_eq!(
        count(&vm, a),
        1,
        "one reference: the name `a`. STORE_NAME moves the stack's reference into the name"
    );
    for &n in &vm.consts {
        assert_eq!(
            count(&vm, n),
            2,
            "each int: the constant table and the list. BUILD_LIST moves the stack's references into the list"
        );
    }
}

#[test]
fn a_second_name_is_a_second_reference_and_del_drops_one() {
    // a = [1]; b = a; del a; del b
    let mut vm = vm_with_ints(&[1]);
    vm.run(&[Op::LoadConst(0), Op::BuildList(1), Op::StoreName("a")]);
    let list = bound(&vm, "a");
    vm.run(&[Op::LoadName("a"), Op::StoreName("b")]);
    assert_eq!(
        count(&vm, list),
        2,
        "after `b = a`: two names, two references (LOAD_NAME increfs)"
    );
    vm.execute(Op::DeleteName("a"));
    assert_eq!(
        count(&vm, list),
        1,
        "`del a` drops the reference the name held"
    );
    assert!(vm.heap.heap().is_live(list), "b still refers to the list");
    vm.execute(Op::DeleteName("b"));
    assert!(
        !vm.heap.heap().is_live(list),
        "`del b` dropped the last reference: the list is freed by that very instruction"
    );
    assert_eq!(
        count(&vm, vm.consts[0]),
        1,
        "only the constant table is left"
    );
}

#[test]
fn rebinding_frees_the_old_object_at_the_store() {
    // x = [1]; x = [2]
    let mut vm = vm_with_ints(&[1, 2]);
    vm.run(&[Op::LoadConst(0), Op::BuildList(1), Op::StoreName("x")]);
    let first = bound(&vm, "x");
    vm.run(&[Op::LoadConst(1), Op::BuildList(1)]);
    assert!(
        vm.heap.heap().is_live(first),
        "building the new list does not touch the old one"
    );
    vm.execute(Op::StoreName("x"));
    assert!(
        !vm.heap.heap().is_live(first),
        "STORE_NAME replaced the name's reference to the first list, its last one: decref the old value"
    );
    assert_eq!(count(&vm, bound(&vm, "x")), 1);
}

#[test]
fn a_temporary_dies_inside_the_expression() {
    // y = [10, 20][0]
    let mut vm = vm_with_ints(&[10, 20, 0]);
    vm.run(&[Op::LoadConst(0), Op::LoadConst(1), Op::BuildList(2)]);
    let temporary = *vm.stack.last().expect("the list is on the stack");
    vm.run(&[Op::LoadConst(2), Op::BinarySubscr]);
    assert!(
        !vm.heap.heap().is_live(temporary),
        "the list's only reference was the stack's: BINARY_SUBSCR consumed it, so the list is already freed"
    );
    assert_eq!(
        vm.stack,
        vec![vm.consts[0]],
        "the result, 10, is on the stack"
    );
    assert_eq!(
        count(&vm, vm.consts[0]),
        2,
        "10: the constant table and the stack (incref the item before the container goes)"
    );
    assert_eq!(count(&vm, vm.consts[2]), 1, "the index 0 was consumed too");
    vm.execute(Op::StoreName("y"));
    assert_eq!(count(&vm, bound(&vm, "y")), 2);
}

#[test]
fn the_item_is_counted_before_its_container_goes() {
    // y = [[1]][0]
    // The inner list's only reference is the outer list's, and the outer
    // list's only reference is the stack's: BINARY_SUBSCR must own the item
    // before it lets go of the container, or the item dies with it.
    let mut vm = vm_with_ints(&[1, 0]);
    vm.run(&[Op::LoadConst(0), Op::BuildList(1), Op::BuildList(1)]);
    let outer = vm.stack[0];
    let inner = vm.heap.heap().payload(outer).refs()[0];
    vm.run(&[Op::LoadConst(1), Op::BinarySubscr]);
    assert!(
        !vm.heap.heap().is_live(outer),
        "the outer list was a temporary: BINARY_SUBSCR consumed its only reference"
    );
    assert!(
        vm.heap.heap().is_live(inner),
        "the inner list is the result: incref it before decref'ing the container"
    );
    assert_eq!(vm.stack, vec![inner]);
    assert_eq!(count(&vm, inner), 1, "its one reference is now the stack's");
    vm.execute(Op::StoreName("y"));
    assert_eq!(count(&vm, bound(&vm, "y")), 1);
}

#[test]
fn an_expression_statement_frees_its_value() {
    // [5]
    let mut vm = vm_with_ints(&[5]);
    vm.run(&[Op::LoadConst(0), Op::BuildList(1)]);
    let list = vm.stack[0];
    vm.execute(Op::PopTop);
    assert!(vm.stack.is_empty());
    assert!(
        !vm.heap.heap().is_live(list),
        "POP_TOP drops the stack's reference, the list's last"
    );
    assert_eq!(count(&vm, vm.consts[0]), 1);
}

#[test]
fn every_count_equals_the_references_that_exist() {
    // a = [1, 2]; b = [a, a]; c = b[1]; del a; a = c; [b]; del b
    let mut vm = vm_with_ints(&[1, 2, 0]);
    let program = [
        Op::LoadConst(0),
        Op::LoadConst(1),
        Op::BuildList(2),
        Op::StoreName("a"),
        Op::LoadName("a"),
        Op::LoadName("a"),
        Op::BuildList(2),
        Op::StoreName("b"),
        Op::LoadName("b"),
        Op::LoadConst(0),
        Op::BinarySubscr,
        Op::StoreName("c"),
        Op::DeleteName("a"),
        Op::LoadName("c"),
        Op::StoreName("a"),
        Op::LoadName("b"),
        Op::BuildList(1),
        Op::PopTop,
        Op::DeleteName("b"),
    ];
    for (step, &op) in program.iter().enumerate() {
        vm.execute(op);
        let actual = actual_references(&vm);
        for (r, object) in vm.heap.heap().iter() {
            let expected = actual.get(&r).copied().unwrap_or(0);
            assert_eq!(
                object.header.refcount, expected,
                "after instruction {step} ({op:?}): {r:?} has {expected} references but its count says {}",
                object.header.refcount
            );
        }
    }
    assert_eq!(
        vm.heap.stats().live_objects,
        4,
        "left: 1, 2, 0 and the list [1, 2] bound to a and c"
    );
}
