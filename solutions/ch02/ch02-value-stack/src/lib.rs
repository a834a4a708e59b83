//! # Exercise ch02-value-stack: where the interpreter counts
//!
//! Python code never writes `incref`. The interpreter does it, instruction by
//! instruction, as values move between names, containers and its *value
//! stack*: the scratch area where each bytecode finds its operands and leaves
//! its result. The rule that keeps every count right is ownership:
//!
//! - every reference on the value stack is *owned* (counted);
//! - an instruction that copies a reference onto the stack increfs it
//!   (`LOAD_CONST`, `LOAD_NAME`);
//! - an instruction that moves a reference from the stack into a name or a
//!   container does not count it again: the count travels with it
//!   (`STORE_NAME`, `BUILD_LIST`);
//! - an instruction that consumes a stack reference and keeps nothing decrefs
//!   it (`POP_TOP`, and `BINARY_SUBSCR`'s two operands).
//!
//! This crate is a tiny virtual machine with CPython 3.11's instructions for
//! module-level code. `a = [1, 2]` compiles to
//! `LOAD_CONST 0, LOAD_CONST 1, BUILD_LIST 2, STORE_NAME a`.

use ch01_objects::{Namespace, ObjRef, Payload};
use ch02_refcount::RefCountHeap;

/// One bytecode instruction. CPython 3.11's opcode of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Push the constant `consts[i]`.
    LoadConst(usize),
    /// Push the object a name is bound to.
    LoadName(&'static str),
    /// Pop the top of the stack and bind the name to it.
    StoreName(&'static str),
    /// `del name`: remove the binding.
    DeleteName(&'static str),
    /// Pop `n` values and push a new list holding them, the deepest first.
    BuildList(usize),
    /// `container[index]`: pop the index, pop the container, push the item.
    BinarySubscr,
    /// Pop the top of the stack and forget it (an expression statement).
    PopTop,
}

/// The interpreter's state while it runs module-level code.
#[derive(Debug)]
pub struct Vm {
    /// The objects, with their counts.
    pub heap: RefCountHeap,
    /// The module's names. Each binding owns one reference.
    pub names: Namespace,
    /// The value stack, top last. Each entry owns one reference.
    pub stack: Vec<ObjRef>,
    /// The code's constants (`co_consts`). The table owns one reference to each.
    pub consts: Vec<ObjRef>,
}

impl Vm {
    /// A machine whose constant table holds `consts` (the table owns them).
    pub fn new(heap: RefCountHeap, consts: Vec<ObjRef>) -> Vm {
        Vm {
            heap,
            names: Namespace::new(),
            stack: Vec::new(),
            consts,
        }
    }

    /// Runs the instructions in order.
    pub fn run(&mut self, code: &[Op]) {
        for &op in code {
            self.execute(op);
        }
    }

    /// Pops the top of the value stack: the caller now owns that reference.
    pub fn pop(&mut self) -> ObjRef {
        self.stack.pop().expect("the value stack is empty")
    }

    /// The item at `index` of the list or tuple `container` (a borrowed
    /// reference: not counted for you).
    pub fn item(&self, container: ObjRef, index: ObjRef) -> ObjRef {
        let Payload::Int(i) = self.heap.heap().payload(index) else {
            panic!("indices must be ints");
        };
        let i = usize::try_from(*i).expect("negative indices are not supported");
        match self.heap.heap().payload(container) {
            Payload::List(items) => items[i],
            Payload::Tuple(items) => items[i],
            other => panic!("not subscriptable: {other:?}"),
        }
    }

    /// Executes one instruction, keeping every count right.
    pub fn execute(&mut self, op: Op) {
        //~ TODO: Execute `op` as CPython 3.11 does, leaving every count right:
        //~ TODO: for each instruction, which references does it copy, which does
        //~ TODO: it move, and which does it throw away?
        //~ STUB: let _ = op;
        //~ SOLUTION BEGIN
        match op {
            Op::LoadConst(i) => {
                let value = self.consts[i];
                self.heap.incref(value);
                self.stack.push(value);
            }
            Op::LoadName(name) => {
                let value = self.names.lookup(name).expect("NameError");
                self.heap.incref(value);
                self.stack.push(value);
            }
            Op::StoreName(name) => {
                let value = self.pop();
                if let Some(old) = self.names.bind(name, value) {
                    self.heap.decref(old);
                }
            }
            Op::DeleteName(name) => {
                let old = self.names.unbind(name).expect("NameError");
                self.heap.decref(old);
            }
            Op::BuildList(n) => {
                let items = self.stack.split_off(self.stack.len() - n);
                let list = self.heap.alloc(Payload::list(items));
                self.stack.push(list);
            }
            Op::BinarySubscr => {
                let index = self.pop();
                let container = self.pop();
                let item = self.item(container, index);
                self.heap.incref(item);
                self.stack.push(item);
                self.heap.decref(container);
                self.heap.decref(index);
            }
            Op::PopTop => {
                let value = self.pop();
                self.heap.decref(value);
            }
        }
        //~ SOLUTION END
    }
}
