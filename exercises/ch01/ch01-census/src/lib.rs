//! # Exercise ch01-census: a heap that only grows
//!
//! Chapter 1's heap never frees: every object a program creates stays until
//! the process ends, bound to a name or not. A census, counting the live
//! objects and their bytes per type, makes that visible: run a loop that
//! rebinds one name a thousand times and a thousand lists are still there.
//!
//! Python's own tools give the same view: `gc.get_objects()` lists the
//! tracked objects, and `tracemalloc` groups live memory by where it was
//! allocated. Here you group by type name, as `type(x).__name__` prints it.

use std::collections::BTreeMap;

use ch01_objects::{Heap, ObjRef};

/// How many live objects of one type the heap holds, and their size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCount {
    /// Live objects of this type.
    pub objects: usize,
    /// The sum of their sizes (`Payload::size`, what `sys.getsizeof` reports).
    pub bytes: usize,
}

/// The name `type(x).__name__` gives for the object `r`: `"int"`, `"list"`,
/// ... and for an instance, the name of its class (`"Point"`).
pub fn type_name(heap: &Heap, r: ObjRef) -> String {
    // TODO: The name `type(x).__name__` prints for `r`: an instance's is the
    // TODO: name of its class, which is another object on the heap.
    let _ = (heap, r);
    todo!()
}

/// Every live object, counted by type name, with the bytes of each type.
pub fn heap_census(heap: &Heap) -> BTreeMap<String, TypeCount> {
    // TODO: For each type name, how many live objects have it and the sum of
    // TODO: their sizes.
    let _ = heap;
    todo!()
}

/// The census as a table, biggest types (by bytes) first, as the book and
/// the tests print it. Given: uses your [`heap_census`].
pub fn census_report(heap: &Heap) -> String {
    let mut rows: Vec<(String, TypeCount)> = heap_census(heap).into_iter().collect();
    rows.sort_by(|(a_name, a), (b_name, b)| b.bytes.cmp(&a.bytes).then(a_name.cmp(b_name)));
    let mut report = format!("{:<10} {:>8} {:>10}\n", "type", "objects", "bytes");
    for (name, count) in rows {
        report += &format!("{name:<10} {:>8} {:>10}\n", count.objects, count.bytes);
    }
    report
}
