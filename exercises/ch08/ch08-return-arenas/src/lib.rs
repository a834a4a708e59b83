//! # Exercise ch08-return-arenas: when an empty arena goes back
//!
//! Three answers CPython has given to one question, as release policies
//! for chapter 7's allocator.

use ch07_pymalloc::ReleasePolicy;

/// Up to Python 2.4.
#[derive(Debug, Default)]
pub struct Before2_5;

/// Python 2.5 to 3.8.
#[derive(Debug, Default)]
pub struct From2_5;

/// Python 3.9 and later (bpo-37257).
#[derive(Debug, Default)]
pub struct From3_9;

impl ReleasePolicy for Before2_5 {
    fn release_arena(&mut self, last: bool) -> bool {
        // TODO: Did Python 2.4 ever give an arena back?
        let _ = last;
        todo!()
    }
}

impl ReleasePolicy for From2_5 {
    fn release_arena(&mut self, last: bool) -> bool {
        // TODO: Python 2.5 gave back every wholly free arena.
        let _ = last;
        todo!()
    }
}

impl ReleasePolicy for From3_9 {
    fn release_arena(&mut self, last: bool) -> bool {
        // TODO: All but one.
        let _ = last;
        todo!()
    }
}
