//! CPython 3.11's free lists, kept as lengths only: how many freed lists,
//! dicts and small tuples CPython would be holding for reuse.
//!
//! CPython does not give every freed list, dict or tuple back to its
//! allocator: up to 80 lists (`PyList_MAXFREELIST`), 80 dicts
//! (`PyDict_MAXFREELIST`) and 2000 tuples of each length from 1 to 19
//! (`PyTuple_MAXFREELIST`, `PyTuple_MAXSAVESIZE`) wait on free lists, and
//! the next object of that kind is taken from there. Neither step passes
//! through `_PyObject_GC_Link` or `PyObject_GC_Del`, so neither moves the
//! collector's `count[0]` (chapter 5); a full collection empties the lists
//! (`_PyGC_ClearAllFreeLists`). minipy frees and allocates its objects as
//! usual but keeps these lengths, so that its count moves when CPython's
//! does.

use crate::object::Payload;

/// CPython 3.11's `PyList_MAXFREELIST` and `PyDict_MAXFREELIST`.
pub const LISTS_KEPT: usize = 80;
/// CPython 3.11's `PyTuple_MAXFREELIST`: tuples kept of each length.
pub const TUPLES_KEPT: usize = 2000;
/// CPython 3.11's `PyTuple_MAXSAVESIZE`: tuples shorter than this are kept.
pub const TUPLE_SAVE_LENGTH: usize = 20;

/// The lengths of the free lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreeLists {
    /// Freed lists waiting for reuse.
    pub lists: usize,
    /// Freed dicts waiting for reuse.
    pub dicts: usize,
    /// Freed tuples waiting, by length (index 0 is unused: the empty tuple
    /// is a single object that is never freed).
    pub tuples: [usize; TUPLE_SAVE_LENGTH],
}

/// The kinds of container that have free lists.
#[derive(Debug, Clone, Copy)]
enum Kind {
    List,
    Dict,
    /// A tuple of this length.
    Tuple(usize),
}

impl Kind {
    fn of(payload: &Payload) -> Option<Kind> {
        match payload {
            Payload::List(_) => Some(Kind::List),
            Payload::Dict(_) => Some(Kind::Dict),
            Payload::Tuple(items) => Some(Kind::Tuple(items.len())),
            _ => None,
        }
    }
}

impl FreeLists {
    /// The free list a container of this kind goes to and comes from.
    fn list_for(&mut self, kind: Kind) -> Option<(&mut usize, usize)> {
        match kind {
            Kind::List => Some((&mut self.lists, LISTS_KEPT)),
            Kind::Dict => Some((&mut self.dicts, LISTS_KEPT)),
            Kind::Tuple(length) if (1..TUPLE_SAVE_LENGTH).contains(&length) => {
                Some((&mut self.tuples[length], TUPLES_KEPT))
            }
            Kind::Tuple(_) => None,
        }
    }

    fn keep_kind(&mut self, kind: Option<Kind>) -> bool {
        match kind.and_then(|kind| self.list_for(kind)) {
            Some((length, most)) if *length < most => {
                *length += 1;
                true
            }
            _ => false,
        }
    }

    fn take_kind(&mut self, kind: Option<Kind>) -> bool {
        match kind.and_then(|kind| self.list_for(kind)) {
            Some((length, _)) if *length > 0 => {
                *length -= 1;
                true
            }
            _ => false,
        }
    }

    /// An object of this payload was freed: true if CPython would have kept
    /// it on a free list (so that `PyObject_GC_Del` is not called).
    pub fn keep(&mut self, payload: &Payload) -> bool {
        self.keep_kind(Kind::of(payload))
    }

    /// An object of this payload is being made: true if CPython would have
    /// taken it from a free list (so that `_PyObject_GC_Link` is not called).
    pub fn take(&mut self, payload: &Payload) -> bool {
        self.take_kind(Kind::of(payload))
    }

    /// An object of this payload is being made, and CPython makes its
    /// hidden parts with it (see [`hidden_parts`]): how many of those it
    /// makes afresh rather than taking from a free list.
    pub fn take_parts(&mut self, payload: &Payload) -> usize {
        hidden_parts(payload)
            .into_iter()
            .filter(|&kind| !self.take_kind(kind))
            .count()
    }

    /// An object of this payload was freed, and CPython frees its hidden
    /// parts with it: how many of those go back to the allocator rather
    /// than to a free list.
    pub fn keep_parts(&mut self, payload: &Payload) -> usize {
        hidden_parts(payload)
            .into_iter()
            .filter(|&kind| !self.keep_kind(kind))
            .count()
    }

    /// A full collection empties them.
    pub fn clear(&mut self) {
        *self = FreeLists::default();
    }
}

/// The containers CPython 3.11 makes and frees along with an object of
/// this payload, where minipy keeps what they hold inside the object
/// (`None` for one with no free list). A class has a `__dict__` and a
/// `__bases__` tuple of its own, and its bases keep a weak reference to it
/// (in `tp_subclasses`, which `__subclasses__()` reads): one for all of
/// them, as a weak reference without a callback is shared. An instance
/// whose attributes are a dict on CPython (see [`Attrs::has_own_dict`])
/// has that dict; the interpreter counts it made when it comes to be
/// (`MemoryManager::note_hidden_part` in chapter 2).
///
/// [`Attrs::has_own_dict`]: crate::attrs::Attrs::has_own_dict
fn hidden_parts(payload: &Payload) -> Vec<Option<Kind>> {
    match payload {
        Payload::Class(class) => vec![Some(Kind::Dict), Some(Kind::Tuple(class.bases.len())), None],
        Payload::Instance(instance) if instance.attrs.has_own_dict() => vec![Some(Kind::Dict)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::ObjRef;

    #[test]
    fn a_freed_list_is_reused_and_only_eighty_are_kept() {
        let mut lists = FreeLists::default();
        let list = Payload::list(vec![]);
        assert!(!lists.take(&list), "nothing to reuse yet");
        for _ in 0..LISTS_KEPT {
            assert!(lists.keep(&list));
        }
        assert!(
            !lists.keep(&list),
            "the 81st freed list goes back to the allocator"
        );
        assert!(lists.take(&list));
        assert_eq!(lists.lists, LISTS_KEPT - 1);
    }

    #[test]
    fn tuples_are_kept_by_length_and_the_empty_and_long_ones_never() {
        let mut lists = FreeLists::default();
        let pair = Payload::tuple(vec![ObjRef::from_index(0); 2]);
        let long = Payload::tuple(vec![ObjRef::from_index(0); TUPLE_SAVE_LENGTH]);
        assert!(lists.keep(&pair));
        assert!(!lists.keep(&long));
        assert!(!lists.keep(&Payload::tuple([])));
        let triple = Payload::tuple(vec![ObjRef::from_index(0); 3]);
        assert!(!lists.take(&triple), "a pair is no use for a triple");
        assert!(lists.take(&pair));
        assert!(!lists.keep(&Payload::Int(1)), "ints are not containers");
    }

    #[test]
    fn a_class_takes_a_dict_and_a_bases_tuple_and_makes_one_weak_reference() {
        use crate::dict::Dict;
        use crate::object::Class;
        let base = ObjRef::from_index(0);
        let class = Payload::Class(Box::new(Class {
            name: "K".into(),
            bases: vec![base, base],
            attrs: Dict::new(),
        }));
        let mut lists = FreeLists::default();
        assert_eq!(lists.take_parts(&class), 3, "nothing to reuse: all made");
        lists.keep(&Payload::Dict(Box::default()));
        lists.keep(&Payload::tuple(vec![base; 2]));
        assert_eq!(
            lists.take_parts(&class),
            1,
            "dict and tuple reused; the weak reference is new"
        );
        assert_eq!(lists.keep_parts(&class), 1);
        assert_eq!((lists.dicts, lists.tuples[2]), (1, 1));
        assert_eq!(lists.take_parts(&Payload::list(vec![])), 0);
    }

    #[test]
    fn a_full_collection_empties_them() {
        let mut lists = FreeLists::default();
        lists.keep(&Payload::Dict(Box::default()));
        lists.clear();
        assert!(!lists.take(&Payload::Dict(Box::default())));
    }
}
