//! Graded tests for ch03-except. What the clause does to counts, step by
//! step, is what CPython 3.11's bytecode for it does (the listing in the
//! README); what gets freed and when is what python3 3.11.7 shows with
//! `__del__` methods on the exception and on a local of the failed call.

use std::cell::RefCell;
use std::rc::Rc;

use ch01_objects::object::{Class, Instance};
use ch01_objects::{Dict, ObjRef, Payload};
use ch02_refcount::{EventLog, RefCountHeap};
use ch03_except::{ExcInfo, Frame};
use ch03_names::{DelError, FrameObject, Traceback};

/// The heap of one test, with every count change logged.
struct World {
    heap: RefCountHeap,
    log: EventLog,
    none: ObjRef,
}

/// A raised exception of class `E`, and `big`, the local `x` of the call
/// `k()` it was raised in, which its traceback keeps alive.
struct Raised {
    exception: ObjRef,
    big: ObjRef,
}

impl World {
    fn new() -> World {
        let mut heap = RefCountHeap::new();
        let log = EventLog::new();
        heap.set_tracer(Box::new(log.clone()));
        let none = heap.alloc(Payload::None);
        World { heap, log, none }
    }

    fn class(&mut self, name: &str) -> ObjRef {
        self.heap.alloc(Payload::Class(Box::new(Class {
            name: name.into(),
            bases: vec![],
            attrs: Dict::new(),
        })))
    }

    /// An instance of a new class `class_name`, with `attrs`.
    fn instance(&mut self, class_name: &str, attrs: &[(&str, ObjRef)]) -> ObjRef {
        let class = self.class(class_name);
        let mut dict = Dict::new();
        for &(name, value) in attrs {
            let key = self.heap.alloc(Payload::Str(name.into()));
            dict.insert(self.heap.heap().dict_key(key).expect("a str"), key, value);
        }
        // The instance takes over the class's one reference.
        self.heap
            .alloc(Payload::Instance(Instance::new(class, dict.into())))
    }

    /// `def k(): x = Big(); raise E()` has just raised: the exception's
    /// traceback holds k's frame, which holds `x`. The raise owns the
    /// exception's one reference.
    fn raise_in_k(&mut self, class_name: &str) -> Raised {
        let big = self.instance("Big", &[]);
        let frame = self.heap.alloc(Payload::native(FrameObject {
            function: "k".into(),
            locals: vec![("x".into(), Some(big))],
        }));
        let traceback = self.heap.alloc(Payload::native(Traceback {
            next: None,
            frame: Some(frame),
        }));
        let exception = self.instance(class_name, &[("__traceback__", traceback)]);
        Raised { exception, big }
    }

    fn count(&self, r: ObjRef) -> usize {
        self.heap.heap().refcount(r)
    }

    fn is_live(&self, r: ObjRef) -> bool {
        self.heap.heap().is_live(r)
    }

    /// The count changes of `objects` logged since `from`, as `incref E 1->2`.
    fn changes_since(&self, from: usize, objects: &[(ObjRef, &str)]) -> Vec<String> {
        self.log.lines()[from..]
            .iter()
            .filter_map(|line| {
                let mut words = line.split(' ');
                let (event, object) = (words.next()?, words.next()?);
                let (_, name) = objects.iter().find(|(r, _)| format!("{r:?}") == object)?;
                let change = line.rsplit(' ').next()?;
                Some(match event {
                    "incref" | "decref" => format!("{event} {name} {change}"),
                    _ => format!("{event} {name}"),
                })
            })
            .collect()
    }
}

fn frame_with_e() -> Frame {
    Frame::new("f", &["e", "store"])
}

#[test]
fn the_exception_is_handled_and_named_while_the_clause_runs() {
    // def f():
    //     try: k()
    //     except E as e: ...          # sys.getrefcount(e) - 1 == 2 here
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let mut frame = frame_with_e();
    let mut exc_info = ExcInfo::default();
    let seen = Rc::new(RefCell::new(None));
    let seen_in_body = seen.clone();
    let ended = frame.except_as(
        &mut world.heap,
        &mut exc_info,
        none,
        exception,
        "e",
        |frame, counter, exc_info| {
            *seen_in_body.borrow_mut() = Some((
                frame.lookup("e"),
                counter.heap().refcount(exception),
                exc_info.handled,
            ));
            Ok(())
        },
    );
    assert_eq!(ended, Ok(()));
    assert_eq!(
        *seen.borrow(),
        Some((Some(exception), 2, Some(exception))),
        "in the clause, `e` is bound to the exception, which is also the one being handled: two references"
    );
    assert!(!world.is_live(exception), "freed when the clause ends");
    assert!(
        !world.is_live(raised.big),
        "and with it its traceback, k's frame and k's locals"
    );
    assert_eq!(frame.lookup("e"), None, "`e` is unbound after the clause");
    assert_eq!(
        exc_info.handled, None,
        "no exception is being handled any more"
    );
}

#[test]
fn when_the_body_completes_pop_except_comes_before_the_name_is_cleared() {
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let mut frame = frame_with_e();
    let start = world.log.lines().len();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |_, _, _| Ok(()),
    );
    assert_eq!(ended, Ok(()));
    assert_eq!(
        world.changes_since(start, &[(exception, "E"), (none, "None")]),
        [
            "incref E 1->2",    // PUSH_EXC_INFO
            "decref E 2->1",    // POP_EXCEPT
            "incref None 1->2", // LOAD_CONST None
            "decref E 1->0",    // STORE_FAST e: the exception's last reference
            "free E",
            "decref None 2->1", // DELETE_FAST e
        ],
        "CPython 3.11: PUSH_EXC_INFO, STORE_FAST e, the body, POP_EXCEPT, LOAD_CONST None, STORE_FAST e, DELETE_FAST e"
    );
}

#[test]
fn when_the_body_raises_the_name_is_cleared_before_pop_except() {
    // except E as e: raise        (the handled exception, raised again)
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let mut frame = frame_with_e();
    let start = world.log.lines().len();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |_, counter, exc_info| {
            // A bare `raise` raises the handled exception with a new reference.
            let again = exc_info.handled.expect("an exception is being handled");
            counter.incref(again);
            Err(again)
        },
    );
    assert_eq!(ended, Err(exception), "the exception goes on up");
    assert_eq!(
        world.changes_since(start, &[(exception, "E"), (none, "None")]),
        [
            "incref E 1->2",    // PUSH_EXC_INFO
            "incref E 2->3",    // the body's `raise`
            "incref None 1->2", // the cleanup handler: LOAD_CONST None
            "decref E 3->2",    // STORE_FAST e
            "decref None 2->1", // DELETE_FAST e
            "decref E 2->1",    // its handler: POP_EXCEPT, then RERAISE
        ],
        "when the body raises, 3.11's cleanup clears `e` first and pops the exception state last"
    );
    assert_eq!(frame.lookup("e"), None);
    assert_eq!(world.count(exception), 1, "the raise's own reference");
}

#[test]
fn a_new_exception_keeps_the_handled_one_as_its_context() {
    // except E as e: raise E("X")      (X.__context__ is the handled exception)
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let mut frame = frame_with_e();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |_, counter, exc_info| {
            // What `raise` does: the new exception's `__context__` is the
            // exception being handled, a reference of its own.
            let context = exc_info.handled.expect("an exception is being handled");
            counter.incref(context);
            let key = counter.alloc(Payload::Str("__context__".into()));
            let class = counter.alloc(Payload::Class(Box::new(Class {
                name: "X".into(),
                bases: vec![],
                attrs: Dict::new(),
            })));
            let mut attrs = Dict::new();
            attrs.insert(counter.heap().dict_key(key).expect("a str"), key, context);
            Err(counter.alloc(Payload::Instance(Instance::new(class, attrs.into()))))
        },
    );
    let Err(x) = ended else {
        panic!("the body raised X")
    };
    assert!(
        world.is_live(exception) && world.is_live(raised.big),
        "X's __context__ keeps the handled exception, and so k's locals, alive"
    );
    assert_eq!(world.count(exception), 1, "only X's __context__ holds it");
    world.heap.decref(x);
    assert!(!world.is_live(exception) && !world.is_live(raised.big));
}

#[test]
fn a_name_bound_before_the_try_is_unbound_after() {
    // e = "before"
    // try: k()
    // except E as e: pass
    // print(e)        # UnboundLocalError
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let before = world.heap.alloc(Payload::Str("before".into()));
    let mut frame = frame_with_e();
    frame.store(&mut world.heap, "e", before);
    let freed_at_entry = Rc::new(RefCell::new(None));
    let seen = freed_at_entry.clone();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |_, counter, _| {
            *seen.borrow_mut() = Some(!counter.heap().is_live(before));
            Ok(())
        },
    );
    assert_eq!(ended, Ok(()));
    assert_eq!(
        *freed_at_entry.borrow(),
        Some(true),
        "binding the exception to `e` released the string `e` held"
    );
    assert_eq!(
        frame.delete(&mut world.heap, "e"),
        Err(DelError::UnboundLocalError("e".into())),
        "after the clause, `e` is unbound, whatever it was before"
    );
}

#[test]
fn the_body_may_delete_or_rebind_the_name() {
    // except E as e: del e
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let mut frame = frame_with_e();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |frame, counter, _| {
            frame.delete(counter, "e").expect("e is bound");
            Ok(())
        },
    );
    assert_eq!(ended, Ok(()), "clearing a deleted name is no error");
    assert!(!world.is_live(exception));

    // except E as e: e = [1]
    let raised = world.raise_in_k("E");
    let exception = raised.exception;
    let list = Rc::new(RefCell::new(None));
    let made = list.clone();
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |frame, counter, _| {
            let one = counter.alloc(Payload::Int(1));
            let new = counter.alloc(Payload::list(vec![one]));
            *made.borrow_mut() = Some(new);
            frame.store(counter, "e", new);
            Ok(())
        },
    );
    assert_eq!(ended, Ok(()));
    let list = list.borrow().expect("the body made a list");
    assert!(
        !world.is_live(list),
        "`e = None` released what the body bound to `e`"
    );
    assert!(!world.is_live(exception));
    assert_eq!(frame.lookup("e"), None);
}

#[test]
fn a_stored_exception_keeps_its_frames_alive() {
    // except E as e: store.append(e)
    let mut world = World::new();
    let raised = world.raise_in_k("E");
    let (exception, none) = (raised.exception, world.none);
    let store = world.heap.alloc(Payload::list(vec![]));
    let mut frame = frame_with_e();
    frame.store(&mut world.heap, "store", store);
    let ended = frame.except_as(
        &mut world.heap,
        &mut ExcInfo::default(),
        none,
        exception,
        "e",
        |frame, counter, _| {
            let e = frame.lookup("e").expect("e is bound");
            let store = frame.lookup("store").expect("store is bound");
            counter.incref(e);
            if let Payload::List(items) = &mut counter.heap_mut().get_mut(store).payload {
                items.push(e);
            }
            Ok(())
        },
    );
    assert_eq!(ended, Ok(()));
    assert!(
        world.is_live(exception) && world.is_live(raised.big),
        "the list holds the exception, so its traceback and k's locals stay"
    );
    assert_eq!(world.count(exception), 1);
    frame
        .delete(&mut world.heap, "store")
        .expect("store is bound");
    assert!(!world.is_live(exception) && !world.is_live(raised.big));
}

#[test]
fn nested_clauses_restore_the_exception_being_handled() {
    // try: raise E("outer")
    // except E as e:
    //     try: raise E("inner")
    //     except E as e2: ...     # sys.exc_info()[1] is the inner one
    //     ...                     # and the outer one again here
    let mut world = World::new();
    let outer = world.raise_in_k("Outer").exception;
    let inner = world.raise_in_k("Inner").exception;
    let none = world.none;
    let mut frame = Frame::new("f", &["e", "e2"]);
    let mut exc_info = ExcInfo::default();
    let handled = Rc::new(RefCell::new(Vec::new()));
    let inner_live_after_its_clause = Rc::new(RefCell::new(None));
    let (record, live) = (handled.clone(), inner_live_after_its_clause.clone());
    let ended = frame.except_as(
        &mut world.heap,
        &mut exc_info,
        none,
        outer,
        "e",
        |frame, counter, exc_info| {
            record.borrow_mut().push(exc_info.handled);
            let record_inner = record.clone();
            let ended = frame.except_as(counter, exc_info, none, inner, "e2", |_, _, exc_info| {
                record_inner.borrow_mut().push(exc_info.handled);
                Ok(())
            });
            record.borrow_mut().push(exc_info.handled);
            *live.borrow_mut() = Some(counter.heap().is_live(inner));
            ended
        },
    );
    assert_eq!(ended, Ok(()));
    assert_eq!(
        *handled.borrow(),
        [Some(outer), Some(inner), Some(outer)],
        "the exception being handled: outer, then inner, then outer again"
    );
    assert_eq!(
        *inner_live_after_its_clause.borrow(),
        Some(false),
        "the inner exception is freed when its own clause ends"
    );
    assert_eq!(exc_info.handled, None);
    assert!(!world.is_live(outer));
}
