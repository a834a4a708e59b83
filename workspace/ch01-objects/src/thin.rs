//! One-word owners: what lets every object's payload fit in 16 bytes, so
//! that an `int` or a `float` is a 32-byte block, as it is in CPython
//! (chapter 7 measures the difference).
//!
//! A `Box<[T]>` or a `Box<str>` is two words, a pointer and a length. The
//! types here are one: the length is kept in the allocation, in front of
//! the items, as CPython keeps `ob_size` in a tuple's or a string's own
//! block. [`SliceOrBox`] goes one step further and keeps one of two
//! owners in a word, telling them apart by the pointer's lowest bit (which
//! alignment leaves zero): CPython 3.12's `PyDictOrValues` does the same
//! for an instance's values array or dict (it sets the bit on the values
//! pointer; here the box carries it).
//!
//! Invariants, which every `unsafe` block below relies on:
//! - a [`ThinSlice`] of length 0 points at [`EMPTY`] and owns nothing;
//!   one of length `n > 0` owns a block of [`ThinSlice::layout`]`(n)`
//!   whose first four bytes hold `n` and whose items start at
//!   [`items_at`], all initialized;
//! - a [`ThinStr`]'s bytes are UTF-8; a word with its lowest bit set holds
//!   up to seven of them itself (and is no pointer), any other word is a
//!   [`ThinSlice<u8>`]'s;
//! - a [`SliceOrBox`] word with its lowest bit clear is a `ThinSlice`'s
//!   pointer; with it set, it is a `Box`'s pointer plus one.

use std::alloc::{self, Layout};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::mem::{self, ManuallyDrop};
use std::ops::{Deref, DerefMut};
use std::ptr::{self, NonNull};

/// The header every empty [`ThinSlice`] points at, aligned for any item
/// type a `ThinSlice` accepts.
#[repr(C, align(8))]
struct EmptyHeader {
    len: u32,
}

static EMPTY: EmptyHeader = EmptyHeader { len: 0 };

/// Where the items start in a block: after the four-byte length, rounded
/// up to the items' alignment.
const fn items_at<T>() -> usize {
    let align = mem::align_of::<T>();
    if align > 4 { align } else { 4 }
}

// ANCHOR: thin_slice
/// A `Box<[T]>` in one word: a pointer to a block that starts with the
/// length. For the items of a tuple and an instance's values.
#[repr(transparent)]
pub struct ThinSlice<T: Copy> {
    header: NonNull<u32>,
    _owns: PhantomData<T>,
}
// ANCHOR_END: thin_slice

impl<T: Copy> ThinSlice<T> {
    /// Items aligned more than 8 would not fit [`EMPTY`]'s alignment.
    const FITS: () = assert!(mem::align_of::<T>() <= 8 && mem::size_of::<T>() > 0);

    /// No items, and no allocation.
    pub fn new() -> ThinSlice<T> {
        let () = Self::FITS;
        ThinSlice {
            header: NonNull::from(&EMPTY).cast(),
            _owns: PhantomData,
        }
    }

    /// The block for `len` items.
    fn layout(len: usize) -> Layout {
        let size = mem::size_of::<T>()
            .checked_mul(len)
            .and_then(|bytes| bytes.checked_add(items_at::<T>()))
            .expect("a slice too large for memory");
        Layout::from_size_align(size, items_at::<T>().max(mem::align_of::<u32>()))
            .expect("a slice too large for memory")
    }

    /// A copy of `items` in a block of its own.
    pub fn from_slice(items: &[T]) -> ThinSlice<T> {
        if items.is_empty() {
            return ThinSlice::new();
        }
        let len = u32::try_from(items.len()).expect("more than 2^32 items");
        let layout = Self::layout(items.len());
        // SAFETY: the layout's size is at least `items_at` > 0.
        let block = unsafe { alloc::alloc(layout) };
        let Some(header) = NonNull::new(block.cast::<u32>()) else {
            alloc::handle_alloc_error(layout)
        };
        // SAFETY: the block is `layout`, aligned for a u32 at its start and
        // for `len` items of T from `items_at` on; `items` cannot overlap a
        // block just allocated.
        unsafe {
            header.as_ptr().write(len);
            let first = block.add(items_at::<T>()).cast::<T>();
            ptr::copy_nonoverlapping(items.as_ptr(), first, items.len());
        }
        ThinSlice {
            header,
            _owns: PhantomData,
        }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        // SAFETY: the header is either EMPTY or a live block's first u32.
        unsafe { self.header.as_ptr().read() as usize }
    }

    /// True if there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the items start.
    fn first(&self) -> *mut T {
        // SAFETY (of the `add`): within the block, or one past EMPTY's
        // length field when there are no items (then never read).
        unsafe {
            self.header
                .as_ptr()
                .cast::<u8>()
                .add(items_at::<T>())
                .cast()
        }
    }

    /// The items, as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self.len() {
            0 => &[],
            // SAFETY: a non-empty ThinSlice owns `len` initialized items
            // from `first` on, borrowed here for as long as `self` is.
            len => unsafe { std::slice::from_raw_parts(self.first(), len) },
        }
    }

    /// The items, to change in place.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match self.len() {
            // Never a slice into EMPTY, which is shared and read-only.
            0 => &mut [],
            // SAFETY: as in `as_slice`, and `&mut self` makes it unique.
            len => unsafe { std::slice::from_raw_parts_mut(self.first(), len) },
        }
    }
}

impl<T: Copy> Drop for ThinSlice<T> {
    fn drop(&mut self) {
        let len = self.len();
        if len > 0 {
            // SAFETY: a non-empty ThinSlice owns its block, allocated with
            // this layout; the items are Copy, so nothing else to drop.
            unsafe { alloc::dealloc(self.header.as_ptr().cast(), Self::layout(len)) }
        }
    }
}

// SAFETY: a ThinSlice owns its items as a Box<[T]> does.
unsafe impl<T: Copy + Send> Send for ThinSlice<T> {}
// SAFETY: shared access only reads, as for a Box<[T]>.
unsafe impl<T: Copy + Sync> Sync for ThinSlice<T> {}

impl<T: Copy> Deref for ThinSlice<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy> DerefMut for ThinSlice<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T: Copy> Default for ThinSlice<T> {
    fn default() -> ThinSlice<T> {
        ThinSlice::new()
    }
}

impl<T: Copy> Clone for ThinSlice<T> {
    fn clone(&self) -> ThinSlice<T> {
        ThinSlice::from_slice(self)
    }
}

impl<T: Copy + fmt::Debug> fmt::Debug for ThinSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

impl<T: Copy + PartialEq> PartialEq for ThinSlice<T> {
    fn eq(&self, other: &ThinSlice<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Copy + Eq> Eq for ThinSlice<T> {}

impl<T: Copy> From<&[T]> for ThinSlice<T> {
    fn from(items: &[T]) -> ThinSlice<T> {
        ThinSlice::from_slice(items)
    }
}

impl<T: Copy> From<Vec<T>> for ThinSlice<T> {
    fn from(items: Vec<T>) -> ThinSlice<T> {
        ThinSlice::from_slice(&items)
    }
}

impl<T: Copy> From<thin_vec::ThinVec<T>> for ThinSlice<T> {
    fn from(items: thin_vec::ThinVec<T>) -> ThinSlice<T> {
        ThinSlice::from_slice(&items)
    }
}

impl<T: Copy> From<Box<[T]>> for ThinSlice<T> {
    fn from(items: Box<[T]>) -> ThinSlice<T> {
        ThinSlice::from_slice(&items)
    }
}

impl<T: Copy, const N: usize> From<[T; N]> for ThinSlice<T> {
    fn from(items: [T; N]) -> ThinSlice<T> {
        ThinSlice::from_slice(&items)
    }
}

impl<T: Copy> FromIterator<T> for ThinSlice<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> ThinSlice<T> {
        ThinSlice::from_slice(&items.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T: Copy> IntoIterator for &'a ThinSlice<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

// ANCHOR: thin_str
/// A `Box<str>` in one word. A `str` object's text: up to seven bytes of it
/// in the word itself, longer text in a [`ThinSlice`] of its own.
pub struct ThinStr {
    word: NonNull<u8>,
}
// ANCHOR_END: thin_str

/// The longest text a [`ThinStr`] keeps in its word.
const INLINE_MAX: usize = 7;
/// The bit of the word that marks text kept in it: a ThinSlice's pointer
/// is 4-aligned, so it never has the bit set.
const INLINE: usize = 1;
/// Where, among the word's bytes in memory, the byte with the mark and the
/// length is, and where the text starts: the low-order byte comes first
/// on a little-endian machine, last on a big-endian one.
const MARK_BYTE: usize = if cfg!(target_endian = "little") { 0 } else { 7 };
const TEXT_AT: usize = if cfg!(target_endian = "little") { 1 } else { 0 };

impl ThinStr {
    fn is_inline(&self) -> bool {
        self.word.addr().get() & INLINE != 0
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let bytes = if self.is_inline() {
            // SAFETY: an inline word is an address without provenance,
            // never dereferenced; its eight bytes are read as bytes, which
            // they are, for as long as `self` is borrowed.
            let word = unsafe { &*(self as *const ThinStr).cast::<[u8; 8]>() };
            let len = usize::from(word[MARK_BYTE] >> 1);
            &word[TEXT_AT..TEXT_AT + len]
        } else {
            // SAFETY: a word without the mark is a ThinSlice's (same
            // transparent layout), owned by `self`.
            let slice = unsafe { &*(self as *const ThinStr).cast::<ThinSlice<u8>>() };
            slice.as_slice()
        };
        // SAFETY: a ThinStr is only ever made from a `str`'s bytes.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

impl From<&str> for ThinStr {
    fn from(text: &str) -> ThinStr {
        if text.len() <= INLINE_MAX {
            let mut word = [0u8; 8];
            word[MARK_BYTE] = ((text.len() as u8) << 1) | INLINE as u8;
            word[TEXT_AT..TEXT_AT + text.len()].copy_from_slice(text.as_bytes());
            let address = usize::from_ne_bytes(word);
            // The mark makes the address non-zero.
            let word = NonNull::new(ptr::without_provenance_mut(address)).expect("marked");
            ThinStr { word }
        } else {
            let slice = ManuallyDrop::new(ThinSlice::from_slice(text.as_bytes()));
            ThinStr {
                word: slice.header.cast(),
            }
        }
    }
}

impl Drop for ThinStr {
    fn drop(&mut self) {
        if !self.is_inline() {
            drop(ThinSlice::<u8> {
                header: self.word.cast(),
                _owns: PhantomData,
            });
        }
    }
}

impl Clone for ThinStr {
    fn clone(&self) -> ThinStr {
        ThinStr::from(self.as_str())
    }
}

impl Default for ThinStr {
    fn default() -> ThinStr {
        ThinStr::from("")
    }
}

impl PartialEq for ThinStr {
    fn eq(&self, other: &ThinStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ThinStr {}

// SAFETY: a ThinStr owns its text as a Box<str> does.
unsafe impl Send for ThinStr {}
// SAFETY: shared access only reads, as for a Box<str>.
unsafe impl Sync for ThinStr {}

impl Deref for ThinStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ThinStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for ThinStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ThinStr {
    fn from(text: String) -> ThinStr {
        ThinStr::from(text.as_str())
    }
}

impl From<&String> for ThinStr {
    fn from(text: &String) -> ThinStr {
        ThinStr::from(text.as_str())
    }
}

impl From<Box<str>> for ThinStr {
    fn from(text: Box<str>) -> ThinStr {
        ThinStr::from(&*text)
    }
}

impl From<char> for ThinStr {
    fn from(c: char) -> ThinStr {
        ThinStr::from(c.encode_utf8(&mut [0; 4]) as &str)
    }
}

impl From<ThinStr> for String {
    fn from(text: ThinStr) -> String {
        text.as_str().to_owned()
    }
}

impl From<&ThinStr> for std::rc::Rc<str> {
    fn from(text: &ThinStr) -> std::rc::Rc<str> {
        std::rc::Rc::from(text.as_str())
    }
}

impl PartialEq<str> for ThinStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ThinStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hash for ThinStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for ThinStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt(f)
    }
}

impl fmt::Display for ThinStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_str().fmt(f)
    }
}

// ANCHOR: slice_or_box
/// A [`ThinSlice<T>`] or a `Box<B>`, in one word: the pointer's lowest bit,
/// which both alignments leave zero, says which.
#[repr(transparent)]
pub struct SliceOrBox<T: Copy, B> {
    word: NonNull<u8>,
    _owns: PhantomData<(ThinSlice<T>, Box<B>)>,
}
// ANCHOR_END: slice_or_box

/// What a [`SliceOrBox`] holds.
#[derive(Debug)]
pub enum Either<S, B> {
    /// The slice.
    Slice(S),
    /// The boxed value.
    Boxed(B),
}

/// The bit that marks a box.
const BOXED: usize = 1;

impl<T: Copy, B> SliceOrBox<T, B> {
    /// A box must leave the lowest bit of its address free.
    const ALIGNED: () = assert!(mem::align_of::<B>() > BOXED);

    /// Holds `slice`.
    pub fn slice(slice: ThinSlice<T>) -> SliceOrBox<T, B> {
        let slice = ManuallyDrop::new(slice);
        SliceOrBox {
            word: slice.header.cast(),
            _owns: PhantomData,
        }
    }

    /// Holds `boxed`.
    pub fn boxed(boxed: Box<B>) -> SliceOrBox<T, B> {
        let () = Self::ALIGNED;
        let pointer = NonNull::from(Box::leak(boxed)).cast::<u8>();
        SliceOrBox {
            word: pointer.map_addr(|address| address | BOXED),
            _owns: PhantomData,
        }
    }

    fn is_boxed(&self) -> bool {
        self.word.addr().get() & BOXED != 0
    }

    /// The box's pointer, for a word that holds one.
    fn box_pointer(&self) -> *mut B {
        self.word
            .as_ptr()
            .map_addr(|address| address & !BOXED)
            .cast()
    }

    /// What is held.
    pub fn get(&self) -> Either<&ThinSlice<T>, &B> {
        if self.is_boxed() {
            // SAFETY: a word with the bit set is a live Box's pointer plus
            // one, owned by `self` and borrowed for as long as it is.
            Either::Boxed(unsafe { &*self.box_pointer() })
        } else {
            // SAFETY: a word with the bit clear is a ThinSlice, and both
            // types are one transparent NonNull.
            Either::Slice(unsafe { &*(self as *const Self).cast::<ThinSlice<T>>() })
        }
    }

    /// What is held, to change. A slice may be replaced by another (its
    /// word stays untagged); a box's contents may change.
    pub fn get_mut(&mut self) -> Either<&mut ThinSlice<T>, &mut B> {
        if self.is_boxed() {
            // SAFETY: as in `get`; `&mut self` makes the borrow unique.
            Either::Boxed(unsafe { &mut *self.box_pointer() })
        } else {
            // SAFETY: as in `get`. Whatever ThinSlice is stored through
            // this reference is untagged, so the word stays a slice.
            Either::Slice(unsafe { &mut *(self as *mut Self).cast::<ThinSlice<T>>() })
        }
    }

    /// Gives up what is held.
    pub fn into_inner(self) -> Either<ThinSlice<T>, Box<B>> {
        let this = ManuallyDrop::new(self);
        if this.is_boxed() {
            // SAFETY: the word holds a Box, whose ownership passes to the
            // caller; `this` is not dropped.
            Either::Boxed(unsafe { Box::from_raw(this.box_pointer()) })
        } else {
            Either::Slice(ThinSlice {
                header: this.word.cast(),
                _owns: PhantomData,
            })
        }
    }
}

impl<T: Copy, B> Drop for SliceOrBox<T, B> {
    fn drop(&mut self) {
        if self.is_boxed() {
            // SAFETY: the word holds a Box that `self` owns, dropped once here.
            drop(unsafe { Box::from_raw(self.box_pointer()) });
        } else {
            drop(ThinSlice::<T> {
                header: self.word.cast(),
                _owns: PhantomData,
            });
        }
    }
}

impl<T: Copy + fmt::Debug, B: fmt::Debug> fmt::Debug for SliceOrBox<T, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_owner_is_one_word() {
        assert_eq!(mem::size_of::<ThinSlice<u32>>(), 8);
        assert_eq!(mem::size_of::<Option<ThinSlice<u32>>>(), 8);
        assert_eq!(mem::size_of::<ThinStr>(), 8);
        assert_eq!(mem::size_of::<SliceOrBox<(u32, u32), String>>(), 8);
    }

    #[test]
    fn a_slice_keeps_its_length_and_items() {
        let empty = ThinSlice::<u32>::new();
        assert!(empty.is_empty());
        assert_eq!(&*empty, &[] as &[u32]);
        let mut items = ThinSlice::from(vec![1u32, 2, 3]);
        assert_eq!(items.len(), 3);
        items[1] = 20;
        assert_eq!(&*items, &[1, 20, 3]);
        let copy = items.clone();
        drop(items);
        assert_eq!(copy.iter().sum::<u32>(), 24);
        let wide: ThinSlice<u64> = (0..5u64).collect();
        assert_eq!(&*wide, &[0, 1, 2, 3, 4]);
        assert_eq!(std::mem::take(&mut ThinSlice::from([7u8])).as_slice(), &[7]);
    }

    #[test]
    fn short_text_is_kept_in_the_word_and_long_text_in_a_block() {
        for text in [
            "",
            "a",
            "1234567",
            "12345678",
            "ü1234",
            "a longer string than seven",
        ] {
            let thin = ThinStr::from(text);
            assert_eq!(thin.is_inline(), text.len() <= INLINE_MAX, "{text:?}");
            assert_eq!(thin.as_str(), text);
            assert_eq!(thin.clone().as_str(), text);
        }
    }

    #[test]
    fn a_str_is_its_text() {
        let text = ThinStr::from("héllo");
        assert_eq!(text.len(), 6);
        assert_eq!(&*text, "héllo");
        assert_eq!(text, "héllo");
        assert_eq!(format!("{text}/{text:?}"), "héllo/\"héllo\"");
        assert_eq!(ThinStr::default(), "");
        assert_eq!(ThinStr::from('é'), "é");
    }

    #[test]
    fn a_slice_or_box_tells_which_it_holds() {
        let mut held = SliceOrBox::<(u32, u32), String>::slice(ThinSlice::from([(1, 2)]));
        match held.get_mut() {
            Either::Slice(slice) => *slice = ThinSlice::from([(3, 4), (5, 6)]),
            Either::Boxed(_) => panic!("a slice was stored"),
        }
        assert!(matches!(held.get(), Either::Slice(s) if s.len() == 2));
        held = SliceOrBox::boxed(Box::new(String::from("dict")));
        match held.get_mut() {
            Either::Boxed(text) => text.push('!'),
            Either::Slice(_) => panic!("a box was stored"),
        }
        match held.into_inner() {
            Either::Boxed(text) => assert_eq!(*text, "dict!"),
            Either::Slice(_) => panic!("a box was stored"),
        }
    }
}
