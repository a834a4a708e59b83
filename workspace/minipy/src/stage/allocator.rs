//! Which allocator a stage's objects live in.
//!
//! Up to chapter 6 every object and buffer comes from the system
//! allocator. From chapter 7 on, small requests go to the book's pymalloc
//! ([`ch07_pymalloc`]), and chapter 8's stages choose what it gives back to
//! the operating system ([`ch08_os_memory::OsPolicy`]): the `minipy` binary
//! installs a
//! [`StageAllocator`](ch07_pymalloc::StageAllocator) as its global
//! allocator and registers it here; a stage that wants it switches it on
//! before the interpreter makes its first object. A program that links the
//! library without the binary's allocator (the test suites) runs those
//! stages on the system allocator, and `sys._debugmallocstats()` says so.

use std::sync::OnceLock;

use ch08_os_memory::OsPolicy;

/// What a stage needs from the process's allocator.
pub trait ObjectAllocator: Sync {
    /// Small requests go to pymalloc from now on, and `policy` decides what
    /// it gives back.
    fn enable(&self, policy: OsPolicy);
    /// True once [`enable`](ObjectAllocator::enable) has been called.
    fn is_enabled(&self) -> bool;
    /// `sys._debugmallocstats()`'s allocator report.
    fn report(&self) -> Option<String>;
    /// `sys.getallocatedblocks()`: the blocks in use, in every size class.
    fn allocated_blocks(&self) -> Option<usize>;
    /// The size of the pymalloc block `address` lies in, if it is one.
    fn block_size(&self, address: *const u8) -> Option<usize>;
}

static INSTALLED: OnceLock<&'static dyn ObjectAllocator> = OnceLock::new();

/// Registers the process's global allocator (the `minipy` binary does this
/// first thing). A second call is ignored.
pub fn install(allocator: &'static dyn ObjectAllocator) {
    let _ = INSTALLED.set(allocator);
}

/// The registered allocator, if the program has one.
pub fn installed() -> Option<&'static dyn ObjectAllocator> {
    INSTALLED.get().copied()
}

/// pymalloc, as the `minipy` binary installs it.
impl ObjectAllocator for ch07_pymalloc::StageAllocator<OsPolicy> {
    fn enable(&self, policy: OsPolicy) {
        self.configure(|current| *current = policy);
        ch07_pymalloc::StageAllocator::enable(self);
    }
    fn is_enabled(&self) -> bool {
        ch07_pymalloc::StageAllocator::is_enabled(self)
    }
    fn report(&self) -> Option<String> {
        self.stats()
            .map(|stats| ch07_pymalloc::stats::report(&stats))
    }
    fn block_size(&self, address: *const u8) -> Option<usize> {
        ch07_pymalloc::StageAllocator::block_size(self, address)
    }
    fn allocated_blocks(&self) -> Option<usize> {
        self.stats()
            .map(|stats| stats.classes.iter().map(|class| class.blocks_in_use).sum())
    }
}
