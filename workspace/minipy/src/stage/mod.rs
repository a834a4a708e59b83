//! Stages: the memory manager as it stands at the end of each chapter.
//!
//! `minipy --stage NAME` picks one. Each stage is a
//! [`MemoryManager`](ch02_refcount::MemoryManager) from a chapter crate, and
//! each chapter's crate builds on the previous one's (a dependency, never a
//! copy). Adding a chapter means adding its crate, one [`Stage`] variant and
//! one arm in [`Stage::memory_manager`]; the interpreter does not change.
//!
//! ```text
//!  objects  (ch01-objects)   allocate, never free
//!  refcount (ch02-refcount)  + counts, free at zero, cascade, trashcan, __del__
//!  names    (ch03-names)     the same manager; chapter 3 adds the rules the VM follows
//!  cycles   (ch04-cycles)    + tracking and trial deletion: gc.collect() frees cycles
//!  generations (ch05)        + three generations, thresholds, automatic collection
//!  finalizers  (ch06)        + PEP 442: __del__ in garbage, resurrection
//!  pymalloc    (ch07)        chapter 6's manager; objects in the small-object allocator
//!  os-memory   (ch08)        + empty arenas given back to the OS, one spare kept
//!  page-release (ch08)       + the pages of empty pools too (CPython does not)
//! ```
//!
//! A stage is a memory manager and an allocator: up to chapter 6 the
//! allocator is the system's; from chapter 7 on it is the book's
//! ([`allocator`]).

pub mod allocator;
pub mod trace;

use ch02_refcount::manager::NeverFree;
use ch02_refcount::{MemoryManager, RefCountHeap};

// ANCHOR: stage_enum
/// A runtime stage, in chapter order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Chapter 1: objects and a heap that never frees.
    Objects,
    /// Chapter 2: reference counting.
    Refcount,
    /// Chapter 3: names, scopes and `del` (chapter 2's manager under chapter 3's name).
    Names,
    /// Chapter 4: the cycle collector, run by `gc.collect()`.
    Cycles,
    /// Chapter 5: generations, thresholds and automatic collection.
    Generations,
    /// Chapter 6: finalizers in collections (PEP 442).
    Finalizers,
    /// Chapter 7: chapter 6's manager, with objects in the small-object allocator.
    Pymalloc,
    /// Chapter 8: empty arenas given back to the operating system, as CPython does.
    OsMemory,
    /// Chapter 8: the pages of empty pools given back too, which CPython does not do.
    PageRelease,
}
// ANCHOR_END: stage_enum

impl Stage {
    /// Every stage, earliest first.
    pub const ALL: &'static [Stage] = &[
        Stage::Objects,
        Stage::Refcount,
        Stage::Names,
        Stage::Cycles,
        Stage::Generations,
        Stage::Finalizers,
        Stage::Pymalloc,
        Stage::OsMemory,
        Stage::PageRelease,
    ];

    /// The most complete stage that is faithful to CPython: the default.
    /// (`page-release` departs from CPython on purpose, so it is chosen
    /// explicitly.)
    pub const LATEST: Stage = Stage::OsMemory;

    /// The name `--stage` takes.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Objects => "objects",
            Stage::Refcount => "refcount",
            Stage::Names => "names",
            Stage::Cycles => "cycles",
            Stage::Generations => "generations",
            Stage::Finalizers => "finalizers",
            Stage::Pymalloc => "pymalloc",
            Stage::OsMemory => "os-memory",
            Stage::PageRelease => "page-release",
        }
    }

    /// The chapter that ends with this stage.
    pub fn chapter(self) -> u32 {
        match self {
            Stage::Objects => 1,
            Stage::Refcount => 2,
            Stage::Names => 3,
            Stage::Cycles => 4,
            Stage::Generations => 5,
            Stage::Finalizers => 6,
            Stage::Pymalloc => 7,
            Stage::OsMemory | Stage::PageRelease => 8,
        }
    }

    /// One line on what the stage adds.
    pub fn summary(self) -> &'static str {
        match self {
            Stage::Objects => "objects with a header and a type on a heap that never frees",
            Stage::Refcount => {
                "reference counts: free at zero, cascading dealloc, trashcan, __del__"
            }
            Stage::Names => {
                "what names, del, scopes and exceptions do to counts (refcount's manager)"
            }
            Stage::Cycles => {
                "+ the cycle collector: tracking and trial deletion, run by gc.collect()"
            }
            Stage::Generations => "+ three generations, thresholds and automatic collection",
            Stage::Finalizers => {
                "+ __del__ run on garbage before it is freed (PEP 442), resurrection"
            }
            Stage::Pymalloc => "+ objects in the small-object allocator (arenas kept)",
            Stage::OsMemory => "+ empty arenas given back to the OS, one spare kept",
            Stage::PageRelease => "+ empty pools' pages given back too (not CPython)",
        }
    }

    /// The stage called `name`.
    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .find(|stage| stage.name() == name)
    }

    // ANCHOR: memory_manager
    /// A fresh memory manager for this stage.
    pub fn memory_manager(self) -> Box<dyn MemoryManager> {
        match self {
            Stage::Objects => Box::new(NeverFree::new()),
            Stage::Refcount => Box::new(RefCountHeap::new()),
            Stage::Names => Box::new(ch03_names::NamesStage::new()),
            Stage::Cycles => Box::new(ch04_cycles::CyclesStage::new()),
            Stage::Generations => Box::new(ch05_generations::GenerationsStage::new()),
            Stage::Finalizers | Stage::Pymalloc | Stage::OsMemory | Stage::PageRelease => {
                Box::new(ch06_finalizers::FinalizersStage::new())
            }
        }
    }
    // ANCHOR_END: memory_manager

    /// The stage whose memory manager this stage runs: itself, except for
    /// the allocator stages, which change where objects live and keep
    /// chapter 6's manager.
    pub fn manager_stage(self) -> Stage {
        match self {
            Stage::Pymalloc | Stage::OsMemory | Stage::PageRelease => Stage::Finalizers,
            stage => stage,
        }
    }

    /// What the allocator gives back to the operating system on this stage
    /// (meaningful on the stages that use pymalloc).
    pub fn release_policy(self) -> ch08_os_memory::OsPolicy {
        match self {
            Stage::OsMemory => ch08_os_memory::OsPolicy::ReturnArenas,
            Stage::PageRelease => ch08_os_memory::OsPolicy::ReleasePages,
            _ => ch08_os_memory::OsPolicy::Keep,
        }
    }

    /// True if the stage puts objects in the book's small-object allocator.
    pub fn uses_pymalloc(self) -> bool {
        self.chapter() >= 7
    }

    /// The `--list-stages` text.
    pub fn listing() -> String {
        let width = Stage::ALL.iter().map(|s| s.name().len()).max().unwrap_or(0) + 1;
        Stage::ALL
            .iter()
            .map(|s| {
                let default = if *s == Stage::LATEST {
                    " (default)"
                } else {
                    ""
                };
                format!(
                    "{:<width$} chapter {}: {}{default}\n",
                    s.name(),
                    s.chapter(),
                    s.summary()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_is_found_by_its_name_and_builds_its_manager() {
        for &stage in Stage::ALL {
            assert_eq!(Stage::from_name(stage.name()), Some(stage));
            assert_eq!(
                stage.memory_manager().stage_name(),
                stage.manager_stage().name()
            );
        }
        assert_eq!(Stage::from_name("pymallocs"), None);
    }
}
