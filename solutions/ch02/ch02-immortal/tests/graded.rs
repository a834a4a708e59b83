//! Graded tests for ch02-immortal.

use ch01_objects::{Header, Heap, ObjRef, Payload};
use ch02_immortal::{
    IMMORTAL_INITIAL, IMMORTAL_MINIMUM, decref, incref, is_immortal, legacy_decref, legacy_incref,
    make_immortal, release,
};

/// A word whose high half (3.14: `ob_overflow`, `ob_flags`) is not zero.
const HIGH_HALF: usize = 5 << 48;

fn header(refcount: usize) -> Header {
    Header {
        refcount,
        ..Header::default()
    }
}

#[test]
fn an_ordinary_object_counts_up_and_down_to_zero() {
    let mut h = header(1);
    incref(&mut h);
    assert_eq!(h.refcount, 2, "incref adds one to a mortal object's count");
    assert!(!decref(&mut h), "2 -> 1 is not zero");
    assert_eq!(h.refcount, 1);
    assert!(
        decref(&mut h),
        "1 -> 0: decref must report that the object is to be freed"
    );
    assert_eq!(h.refcount, 0);
}

#[test]
fn immortality_is_bit_31_of_the_count() {
    assert!(!is_immortal(&header(1)));
    assert!(
        !is_immortal(&header(IMMORTAL_MINIMUM - 1)),
        "2^31 - 1 references is a lot, but still mortal"
    );
    assert!(
        is_immortal(&header(IMMORTAL_MINIMUM)),
        "2^31 is the first immortal count"
    );
    assert!(is_immortal(&header(IMMORTAL_INITIAL)));
    assert!(is_immortal(&header(u32::MAX as usize)));
}

#[test]
fn only_the_low_32_bits_are_the_count() {
    // On a 64-bit build the header word is 64 bits, but the count is its low
    // half: a word of 2^32 + 1 is a count of 1, and 2^32 + 2^31 is immortal.
    assert!(
        !is_immortal(&header((1 << 32) + 1)),
        "2^32 + 1 has a count (low 32 bits) of 1: mortal. Compare the low 32 bits, not the whole word"
    );
    assert!(is_immortal(&header((1 << 32) + IMMORTAL_MINIMUM)));
    assert!(is_immortal(&header(HIGH_HALF | IMMORTAL_INITIAL)));

    let mut h = header(HIGH_HALF | 7);
    incref(&mut h);
    assert_eq!(
        h.refcount,
        HIGH_HALF | 8,
        "a count of 7 is mortal whatever the high half holds: incref adds one to the count"
    );
    assert!(!decref(&mut h));
    assert_eq!(h.refcount, HIGH_HALF | 7);

    let mut last = header(HIGH_HALF | 1);
    assert!(
        decref(&mut last),
        "1 -> 0: the count reached zero (the high half is not part of it), so the object is freed"
    );
    assert_eq!(
        last.refcount, HIGH_HALF,
        "decref leaves the high half alone"
    );
}

#[test]
fn python_3_12s_all_ones_count_is_lost_to_one_old_incref() {
    // CPython 3.12 set an immortal's count to 0xFFFF_FFFF (`_Py_IMMORTAL_REFCNT`,
    // UINT_MAX). A plain 64-bit increment from an extension built for 3.11
    // carries out of the low half: the word is 2^32 and the count reads 0.
    let mut none = header(u32::MAX as usize);
    assert!(is_immortal(&none));
    legacy_incref(&mut none);
    assert_eq!(none.refcount, 1 << 32);
    assert!(
        !is_immortal(&none),
        "the low 32 bits of 2^32 are all zero: by 3.12's own test the object is mortal now"
    );
    legacy_decref(&mut none);
    assert!(
        is_immortal(&none),
        "and the matching old decref makes it immortal again"
    );
    // 3.14's choice: start in the middle, where no increment can carry.
    let mut none = header(HIGH_HALF);
    make_immortal(&mut none);
    for _ in 0..1000 {
        legacy_incref(&mut none);
        incref(&mut none);
    }
    assert!(is_immortal(&none));
    assert_eq!(
        none.refcount,
        HIGH_HALF | (IMMORTAL_INITIAL + 1000),
        "3.14's incref leaves an immortal alone; the old increments only moved it up"
    );
}

#[test]
fn an_immortal_object_ignores_incref_and_decref() {
    // Every `x = None` and every `del x` in a 3.12+ program.
    let mut none = header(1);
    make_immortal(&mut none);
    for _ in 0..1000 {
        incref(&mut none);
    }
    for _ in 0..2000 {
        assert!(
            !decref(&mut none),
            "an immortal object never reaches zero, so it is never freed"
        );
    }
    assert_eq!(
        none.refcount, IMMORTAL_INITIAL,
        "neither incref nor decref may write an immortal object's count"
    );
}

#[test]
fn decref_stops_at_the_minimum_but_incref_climbs_to_the_initial_value() {
    let mut h = header(IMMORTAL_MINIMUM + 5);
    assert!(!decref(&mut h));
    assert_eq!(
        h.refcount,
        IMMORTAL_MINIMUM + 5,
        "past 2^31 the object is immortal: decref does nothing"
    );
    incref(&mut h);
    assert_eq!(
        h.refcount,
        IMMORTAL_MINIMUM + 6,
        "below IMMORTAL_INITIAL, incref still counts: an immortal count only ever moves up"
    );
    let mut top = header(IMMORTAL_INITIAL);
    incref(&mut top);
    assert_eq!(
        top.refcount, IMMORTAL_INITIAL,
        "at IMMORTAL_INITIAL incref stops"
    );
}

#[test]
fn an_old_extension_cannot_make_an_object_mortal() {
    // A C extension built for 3.11 does plain ++/-- on None's count. Here a
    // million unmatched decrefs, then as many unmatched increfs.
    let mut none = header(1);
    make_immortal(&mut none);
    for _ in 0..1_000_000 {
        legacy_decref(&mut none);
    }
    assert!(
        is_immortal(&none),
        "3 * 2^30 - 10^6 is still above 2^31: None is still immortal"
    );
    assert!(
        !decref(&mut none),
        "and the new decref still leaves it alone"
    );
    for _ in 0..2_000_000 {
        legacy_incref(&mut none);
    }
    assert!(is_immortal(&none));
    let before = none.refcount;
    incref(&mut none);
    assert_eq!(
        none.refcount, before,
        "above IMMORTAL_INITIAL incref does nothing"
    );
}

#[test]
fn a_shared_singleton_survives_every_container_that_held_it() {
    // none = None; lists = [[None, None] for _ in range(1000)]; del lists
    let mut heap = Heap::new();
    let none = heap.alloc(Payload::None);
    make_immortal(&mut heap.get_mut(none).header);
    let mut lists: Vec<ObjRef> = Vec::new();
    for _ in 0..1000 {
        incref(&mut heap.get_mut(none).header);
        incref(&mut heap.get_mut(none).header);
        lists.push(heap.alloc(Payload::list(vec![none, none])));
    }
    let outer = heap.alloc(Payload::list(lists));
    assert_eq!(
        release(&mut heap, outer),
        1001,
        "the outer list and its 1000 lists"
    );
    assert!(heap.is_live(none), "None is immortal: it is never freed");
    assert_eq!(heap.refcount(none), IMMORTAL_INITIAL);
}
