//! The allocator: size classes, pools and arenas put together.
//!
//! [`Pymalloc::allocate`] finds the size class, then a pool of that class
//! in `usedpools`; if there is none it takes a pool from the fullest usable
//! arena, and if no arena has one, it maps a new arena. [`Pymalloc::free`]
//! asks the arena map whether the pointer is one of its blocks, returns the
//! block to its pool, and follows the pool's change of state.
//!
//! ```text
//!  allocate(n) ─▶ class = (n-1)/16 ─▶ usedpools[class] ─ a pool? ─▶ its free list
//!                                            │ none
//!                                            ▼
//!                        usable arenas' head ─ a free pool? ─▶ set it up for class
//!                                            │ none
//!                                            ▼
//!                                     map a new arena
//! ```
//!
//! CPython 3.11: `pymalloc_alloc`, `allocate_from_new_pool`, `new_arena`,
//! `pymalloc_free`, `insert_to_usedpool`, `insert_to_freepool` in
//! `Objects/obmalloc.c`. Two things differ on purpose. `usedpools` here is
//! a plain array of list heads (CPython overlays its heads on the array
//! itself, a trick that saves a comparison). And what happens to an arena
//! whose pools are all free is left to a [`ReleasePolicy`]: this chapter's
//! [`KeepArenas`] keeps every arena, as CPython did before 2.5, and
//! chapter 8 gives them back.
//!
//! Invariants, between two calls:
//! - every pool carved from an arena is in exactly one state: *used* (on
//!   `usedpools[szidx]`, `0 < count`, a free block available), *full* (on
//!   no list, no block available) or *empty* (on its arena's `freepools`,
//!   `count == 0`);
//! - an arena's `nfreepools` is the length of its `freepools` plus the
//!   pools never carved; the usable-arena list holds the arenas with a free
//!   pool (see [`usable`](crate::usable));
//! - the arena map marks exactly the allocated arenas.

use std::ptr::{self, NonNull};

use crate::arena::{ArenaId, ArenaObject};
use crate::arena_map::ArenaMap;
use crate::constants::{ARENA_SIZE, NB_SMALL_SIZE_CLASSES, POOL_SIZE, class_size};
use crate::page_source::PageSource;
use crate::pool::{self, AfterFree, NO_CLASS, PoolHeader};
use crate::size_class::size_class;
use crate::usable::{self, ArenaAfterFree, UsableArenas};

// ANCHOR: release_policy
/// What becomes of memory the allocator no longer uses. Chapter 8's
/// policies give it back to the operating system.
pub trait ReleasePolicy {
    /// Every pool of an arena is free. Return true to give the arena back
    /// now. `last` is true if no other usable arena follows it (CPython
    /// 3.9+ keeps that one).
    fn release_arena(&mut self, last: bool) -> bool;

    /// A pool has just become empty; its pages after the first (which holds
    /// the header and the link to the next free pool) may be discarded.
    /// Return true if they were: the pool is then set up afresh when reused.
    ///
    /// # Safety
    /// `pool` is an empty pool of an arena from `pages`, on its arena's
    /// free list; nothing reads its blocks.
    unsafe fn pool_emptied(&mut self, pages: &mut dyn PageSource, pool: *mut PoolHeader) -> bool {
        let _ = (pages, pool);
        false
    }
}
// ANCHOR_END: release_policy

/// A deliberate bug, compiled only with the `planted-bug` feature, so that
/// `.ci/run` can show Miri catching what it causes: an arena with one pool
/// still in use is reported wholly free, and so given back under a block
/// the program still uses (`tests/planted.rs`).
#[cfg(feature = "planted-bug")]
fn planted_off_by_one(arena: &ArenaObject, after: ArenaAfterFree) -> ArenaAfterFree {
    if arena.nfreepools + 1 == arena.ntotalpools {
        ArenaAfterFree::WhollyFree { last: false }
    } else {
        after
    }
}

/// This chapter's policy: every arena, once mapped, is kept.
#[derive(Debug, Default, Clone, Copy)]
pub struct KeepArenas;

impl ReleasePolicy for KeepArenas {
    fn release_arena(&mut self, _last: bool) -> bool {
        false
    }
}

/// Running totals the report prints.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ArenaCounters {
    /// Arenas mapped since the start. CPython: `ntimes_arena_allocated`.
    pub allocated_total: usize,
    /// Arenas mapped now. CPython: `narenas_currently_allocated`.
    pub allocated_now: usize,
    /// The most arenas mapped at once. CPython: `narenas_highwater`.
    pub highwater: usize,
    /// Pools whose pages a policy discarded.
    pub pools_discarded: usize,
}

// ANCHOR: pymalloc
/// The small-object allocator.
pub struct Pymalloc<P: PageSource, R: ReleasePolicy = KeepArenas> {
    pages: P,
    policy: R,
    /// `usedpools[class]`: the used pools of each class, most recently
    /// (re)used first.
    usedpools: [*mut PoolHeader; NB_SMALL_SIZE_CLASSES],
    /// Every arena object, allocated or not; a pool's `arenaindex` indexes it.
    arenas: Vec<ArenaObject>,
    /// Entries of `arenas` that describe no arena, linked by `nextarena`.
    unused_arena_objects: Option<ArenaId>,
    usable: UsableArenas,
    map: ArenaMap,
    counters: ArenaCounters,
}
// ANCHOR_END: pymalloc

// SAFETY: the raw pointers all point into arenas this value owns, and a
// `Pymalloc` is only ever used through `&mut` (or a lock that gives one),
// so moving it to another thread moves the whole structure with it.
unsafe impl<P: PageSource + Send, R: ReleasePolicy + Send> Send for Pymalloc<P, R> {}

/// Dropping the allocator gives every arena back: blocks still in use
/// become dangling, as they would if the process ended.
impl<P: PageSource, R: ReleasePolicy> Drop for Pymalloc<P, R> {
    fn drop(&mut self) {
        for arena in &mut self.arenas {
            if let Some(memory) = NonNull::new(arena.address) {
                // SAFETY: an arena this allocator mapped; after the drop
                // nothing may use its blocks (the documented contract).
                unsafe { self.pages.unmap(memory, ARENA_SIZE) };
                arena.address = ptr::null_mut();
            }
        }
    }
}

impl<P: PageSource, R: ReleasePolicy> std::fmt::Debug for Pymalloc<P, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pymalloc")
            .field("counters", &self.counters)
            .finish_non_exhaustive()
    }
}

impl<P: PageSource, R: ReleasePolicy> Pymalloc<P, R> {
    /// An allocator with no arena yet, taking arenas from `pages`.
    pub const fn new(pages: P, policy: R) -> Pymalloc<P, R> {
        Pymalloc {
            pages,
            policy,
            usedpools: [ptr::null_mut(); NB_SMALL_SIZE_CLASSES],
            arenas: Vec::new(),
            unused_arena_objects: None,
            usable: UsableArenas::new(),
            map: ArenaMap::new(),
            counters: ArenaCounters {
                allocated_total: 0,
                allocated_now: 0,
                highwater: 0,
                pools_discarded: 0,
            },
        }
    }

    // ANCHOR: allocate
    /// A block of at least `nbytes`, aligned to
    /// [`ALIGNMENT`](crate::constants::ALIGNMENT), or `None` if the request
    /// is not small (0 or over 512 bytes: the caller asks the system
    /// allocator) or no arena could be mapped. CPython: `pymalloc_alloc`.
    pub fn allocate(&mut self, nbytes: usize) -> Option<NonNull<u8>> {
        let class = size_class(nbytes)?;
        let pool = self.usedpools[class];
        if pool.is_null() {
            return self.allocate_from_new_pool(class);
        }
        // SAFETY: a pool on `usedpools` is set up and has a free block.
        let (block, full) = unsafe { pool::take_block(pool) };
        if full {
            // SAFETY: `pool` is on `usedpools[class]`.
            unsafe { self.unlink_used(pool, class) };
        }
        NonNull::new(block)
    }
    // ANCHOR_END: allocate

    /// No used pool of `class`: sets one up from the usable arenas.
    fn allocate_from_new_pool(&mut self, class: usize) -> Option<NonNull<u8>> {
        if self.usable.head.is_none() {
            let id = self.new_arena()?;
            usable::add_new_arena(&mut self.arenas, &mut self.usable, id);
        }
        let id = usable::take_pool(&mut self.arenas, &mut self.usable);
        let arena = &mut self.arenas[id as usize];
        let pool = if arena.freepools.is_null() {
            // Carve the next pool never used.
            let pool = arena.pool_address.cast::<PoolHeader>();
            arena.pool_address = arena.pool_address.wrapping_add(POOL_SIZE);
            // SAFETY: the arena had a pool never carved, so `pool` lies
            // inside it and nothing uses that memory.
            unsafe {
                (*pool).arenaindex = id;
                (*pool).szidx = NO_CLASS;
            }
            pool
        } else {
            let pool = arena.freepools;
            // SAFETY: an empty pool on the arena's list; its header is valid.
            arena.freepools = unsafe { (*pool).nextpool };
            pool
        };
        // SAFETY: `pool` is ours and empty; `usedpools[class]` is empty, so
        // the pool becomes its only member.
        unsafe {
            (*pool).nextpool = ptr::null_mut();
            (*pool).prevpool = ptr::null_mut();
            self.usedpools[class] = pool;
            let block = if (*pool).szidx == class as u32 {
                // Its header and free list are still good: an empty pool
                // holds at least the two blocks it was set up with.
                pool::take_block(pool).0
            } else {
                pool::init_pool(pool, class)
            };
            NonNull::new(block)
        }
    }

    /// Maps an arena and gives it an arena object. CPython: `new_arena`.
    fn new_arena(&mut self) -> Option<ArenaId> {
        let memory = self.pages.map(ARENA_SIZE)?;
        let id = match self.unused_arena_objects {
            Some(id) => {
                self.unused_arena_objects = self.arenas[id as usize].nextarena;
                id
            }
            None => {
                self.arenas.push(ArenaObject::unused());
                ArenaId::try_from(self.arenas.len() - 1).expect("fewer than 2^32 arenas")
            }
        };
        self.arenas[id as usize] = ArenaObject::new(memory.as_ptr());
        self.map.mark(memory.as_ptr().addr(), id, true);
        let counters = &mut self.counters;
        counters.allocated_total += 1;
        counters.allocated_now += 1;
        counters.highwater = counters.highwater.max(counters.allocated_now);
        Some(id)
    }

    /// True if `block` lies in one of this allocator's arenas: whether
    /// [`free`](Pymalloc::free) would take it. CPython: `address_in_range`.
    pub fn owns(&self, block: *const u8) -> bool {
        self.map.contains(block.addr())
    }

    /// `block` rebuilt from the arena that holds it, so that it may reach
    /// the pool header (see [`arena_map`](crate::arena_map) on provenance),
    /// or `None` if no arena of ours holds it.
    fn our_pointer(&self, block: *const u8) -> Option<*mut u8> {
        let id = self.map.arena_of(block.addr())?;
        Some(self.arenas[id as usize].address.with_addr(block.addr()))
    }

    // ANCHOR: free
    /// Frees `block` if it is one of this allocator's and returns true;
    /// returns false (and does nothing) if it is not, for the caller to hand
    /// to the system allocator. CPython: `pymalloc_free`.
    ///
    /// # Safety
    /// `block` came from [`allocate`](Pymalloc::allocate) on this allocator
    /// and has not been freed since, or does not point into its arenas at
    /// all; nothing uses it afterwards.
    pub unsafe fn free(&mut self, block: NonNull<u8>) -> bool {
        let Some(ours) = self.our_pointer(block.as_ptr()) else {
            return false;
        };
        let pool = pool::pool_of(ours);
        // SAFETY: the caller hands back a block in use of one of our pools.
        match unsafe { pool::return_block(pool, block.as_ptr()) } {
            AfterFree::StillUsed => {}
            AfterFree::WasFull => {
                // SAFETY: a full pool is on no list; it goes to the front.
                unsafe { self.link_used_front(pool) };
            }
            AfterFree::NowEmpty => {
                // SAFETY: an empty pool is still on `usedpools`.
                unsafe { self.pool_became_empty(pool) };
            }
        }
        true
    }
    // ANCHOR_END: free

    /// The allocator's own pointer to the block `p` lies in (one that may
    /// reach the whole block), if the block is this allocator's.
    pub fn own_pointer(&self, p: *const u8) -> Option<*mut u8> {
        self.our_pointer(p)
    }

    /// [`free`](Pymalloc::free) through the allocator's own pointer to the
    /// block, which covers all of it: for a block whose caller asked for
    /// fewer bytes than the free list's link takes, once nothing of the
    /// caller's holds it any more.
    ///
    /// # Safety
    /// As for [`free`](Pymalloc::free).
    pub unsafe fn free_own(&mut self, block: NonNull<u8>) -> bool {
        match self.our_pointer(block.as_ptr()).and_then(NonNull::new) {
            // SAFETY: the same block, as the caller promises.
            Some(ours) => unsafe { self.free(ours) },
            None => false,
        }
    }

    /// An empty pool leaves its class's list for its arena's free pools, and
    /// the arena's place in the usable list follows. CPython:
    /// `insert_to_freepool`.
    ///
    /// # Safety
    /// `pool` is an empty pool on `usedpools[(*pool).szidx]`.
    unsafe fn pool_became_empty(&mut self, pool: *mut PoolHeader) {
        // SAFETY: per the contract, the header is valid and the pool listed.
        let id = unsafe {
            self.unlink_used(pool, (*pool).szidx as usize);
            (*pool).arenaindex
        };
        let arena = &mut self.arenas[id as usize];
        // SAFETY: the pool is on no list now; it joins the arena's.
        unsafe { (*pool).nextpool = arena.freepools };
        arena.freepools = pool;
        // SAFETY: `pool` is empty, on its arena's free list, and unread.
        if unsafe { self.policy.pool_emptied(&mut self.pages, pool) } {
            // Its blocks' contents are gone: set it up afresh next time.
            // SAFETY: the header page was kept.
            unsafe { (*pool).szidx = NO_CLASS };
            self.counters.pools_discarded += 1;
        }
        let after = usable::return_pool(&mut self.arenas, &mut self.usable, id);
        #[cfg(feature = "planted-bug")]
        let after = planted_off_by_one(&self.arenas[id as usize], after);
        match after {
            ArenaAfterFree::InUse => {}
            ArenaAfterFree::WhollyFree { last } => {
                if self.policy.release_arena(last) {
                    self.release_arena(id);
                }
            }
        }
    }

    /// Gives a wholly free arena back to the page source.
    fn release_arena(&mut self, id: ArenaId) {
        usable::remove_arena(&mut self.arenas, &mut self.usable, id);
        let arena = &mut self.arenas[id as usize];
        let memory = NonNull::new(arena.address).expect("an allocated arena");
        self.map.mark(memory.as_ptr().addr(), id, false);
        *arena = ArenaObject::unused();
        arena.nextarena = self.unused_arena_objects;
        self.unused_arena_objects = Some(id);
        self.counters.allocated_now -= 1;
        // SAFETY: every pool of the arena is empty, so no block in it is in
        // use, and nothing refers to the arena any more.
        unsafe { self.pages.unmap(memory, ARENA_SIZE) };
    }

    /// Puts `pool` at the front of its class's list.
    ///
    /// # Safety
    /// `pool` is a set-up pool on no list.
    unsafe fn link_used_front(&mut self, pool: *mut PoolHeader) {
        // SAFETY: per the contract; the old head, if any, is a listed pool.
        unsafe {
            let class = (*pool).szidx as usize;
            let head = self.usedpools[class];
            (*pool).nextpool = head;
            (*pool).prevpool = ptr::null_mut();
            if !head.is_null() {
                (*head).prevpool = pool;
            }
            self.usedpools[class] = pool;
        }
    }

    /// Takes `pool` out of `usedpools[class]`.
    ///
    /// # Safety
    /// `pool` is on `usedpools[class]`.
    unsafe fn unlink_used(&mut self, pool: *mut PoolHeader, class: usize) {
        // SAFETY: per the contract, the pool and its neighbours are listed.
        unsafe {
            let (prev, next) = ((*pool).prevpool, (*pool).nextpool);
            if prev.is_null() {
                self.usedpools[class] = next;
            } else {
                (*prev).nextpool = next;
            }
            if !next.is_null() {
                (*next).prevpool = prev;
            }
        }
    }

    // ANCHOR: reallocate
    /// Resizes a block: in place if the new size is in the same size class,
    /// else by moving it. Returns `None` if `block` is not this allocator's
    /// (the caller reallocates it with the system allocator, as CPython's
    /// `pymalloc_realloc` does) or no memory could be had.
    ///
    /// # Safety
    /// As for [`free`](Pymalloc::free); `old_size` is what the block was
    /// allocated with (or last resized to). On success the old block must
    /// not be used any more.
    pub unsafe fn reallocate(
        &mut self,
        block: NonNull<u8>,
        old_size: usize,
        new_size: usize,
    ) -> Option<NonNull<u8>> {
        if !self.owns(block.as_ptr()) {
            return None;
        }
        if size_class(new_size).is_some() && size_class(new_size) == size_class(old_size) {
            return Some(block);
        }
        let moved = self.allocate(new_size)?;
        // SAFETY: both blocks are live and distinct, and each holds at least
        // the bytes copied; the old block is ours (checked above).
        unsafe {
            ptr::copy_nonoverlapping(block.as_ptr(), moved.as_ptr(), old_size.min(new_size));
            self.free_own(block);
        }
        Some(moved)
    }
    // ANCHOR_END: reallocate

    /// The release policy, to change it.
    pub fn policy_mut(&mut self) -> &mut R {
        &mut self.policy
    }

    /// The running arena totals.
    pub fn counters(&self) -> ArenaCounters {
        self.counters
    }

    /// The arena objects (allocated or not), for reports and tests.
    pub fn arenas(&self) -> &[ArenaObject] {
        &self.arenas
    }

    /// The usable-arena list.
    pub fn usable(&self) -> &UsableArenas {
        &self.usable
    }

    /// The arena map.
    pub fn arena_map(&self) -> &ArenaMap {
        &self.map
    }

    /// The page source.
    pub fn pages(&self) -> &P {
        &self.pages
    }

    /// The first used pool of `class`, if any.
    pub fn used_pool(&self, class: usize) -> Option<NonNull<PoolHeader>> {
        NonNull::new(self.usedpools[class])
    }

    /// Checks every invariant of the module documentation, panicking with
    /// what is wrong. For tests: it walks every pool.
    pub fn check(&self) {
        self.usable.check(&self.arenas);
        for (class, &head) in self.usedpools.iter().enumerate() {
            let mut prev = ptr::null_mut();
            let mut pool = head;
            while !pool.is_null() {
                // SAFETY: listed pools are set up pools of our arenas.
                unsafe {
                    assert_eq!((*pool).szidx as usize, class);
                    assert_eq!((*pool).prevpool, prev);
                    assert!((*pool).count > 0, "an empty pool on usedpools[{class}]");
                    assert!(
                        !(*pool).freeblock.is_null(),
                        "a full pool on usedpools[{class}]"
                    );
                    prev = pool;
                    pool = (*pool).nextpool;
                }
            }
        }
        for (id, arena) in self.arenas.iter().enumerate() {
            if !arena.is_allocated() {
                continue;
            }
            let mut free = 0;
            let mut pool = arena.freepools;
            while !pool.is_null() {
                // SAFETY: pools on an arena's free list are its pools.
                unsafe {
                    assert_eq!((*pool).count, 0);
                    assert_eq!((*pool).arenaindex as usize, id);
                    pool = (*pool).nextpool;
                }
                free += 1;
            }
            let uncarved =
                (arena.address.addr() + ARENA_SIZE - arena.pool_address.addr()) / POOL_SIZE;
            assert_eq!(
                arena.nfreepools as usize,
                free + uncarved,
                "arena {id}'s free pools"
            );
            assert!(self.map.contains(arena.address.addr()));
        }
    }

    /// Calls `visit` with every carved pool of every allocated arena, and
    /// whether it is on its arena's free list.
    pub fn for_each_pool(&self, mut visit: impl FnMut(&PoolHeader, bool)) {
        for arena in self.arenas.iter().filter(|a| a.is_allocated()) {
            let mut free = Vec::new();
            let mut pool = arena.freepools;
            while !pool.is_null() {
                free.push(pool.addr());
                // SAFETY: pools on an arena's free list are its pools.
                pool = unsafe { (*pool).nextpool };
            }
            let mut address = arena.address.map_addr(|a| a.next_multiple_of(POOL_SIZE));
            while address < arena.pool_address {
                let header = address.cast::<PoolHeader>();
                // SAFETY: every pool below `pool_address` was carved and has
                // a header.
                visit(unsafe { &*header }, free.contains(&address.addr()));
                address = address.wrapping_add(POOL_SIZE);
            }
        }
    }

    /// The size of the block `block` sits in, if it is one of ours.
    pub fn block_size(&self, block: *const u8) -> Option<usize> {
        let block = self.our_pointer(block)?;
        // SAFETY: a block of ours is in a carved pool with a header.
        let class = unsafe { (*pool::pool_of(block)).szidx };
        Some(class_size(class as usize))
    }
}
