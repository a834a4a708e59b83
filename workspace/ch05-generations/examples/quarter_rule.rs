//! What the 25% rule saves: a program that builds a large structure and
//! keeps all of it, with CPython 3.11's schedule, with and without the rule.
//!
//! ```sh
//! cargo run --release -p ch05-generations --example quarter_rule
//! ```
//!
//! Nothing is allocated here: the schedule (`note_allocation`,
//! `due_generation` and the counters a collection updates) runs on counts
//! alone, and a collection's cost is the number of objects it examines,
//! the generations it takes. Without the rule, every 11th collection of
//! generation 1 is a full one, over everything built so far: the work grows
//! with the square of the size. With it, a full collection waits until a
//! quarter more has reached generation 2: the work grows linearly.

use ch05_generations::{Generations, NUM_GENERATIONS};

/// Objects examined by all the collections while `size` containers are
/// allocated and kept.
pub fn work(size: usize, quarter_rule: bool) -> u64 {
    let mut generations = Generations::new();
    let mut in_generation = [0usize; NUM_GENERATIONS];
    let mut examined = 0u64;
    for _ in 0..size {
        in_generation[0] += 1;
        if !generations.note_allocation() {
            continue;
        }
        let due = if quarter_rule {
            generations.due_generation()
        } else {
            (0..NUM_GENERATIONS)
                .rev()
                .find(|&g| generations.count[g] > generations.threshold[g])
        };
        let Some(g) = due else { continue };
        if g + 1 < NUM_GENERATIONS {
            generations.count[g + 1] += 1;
        }
        for count in &mut generations.count[..=g] {
            *count = 0;
        }
        let collected: usize = in_generation[..=g].iter().sum();
        examined += collected as u64;
        for n in &mut in_generation[..=g] {
            *n = 0;
        }
        let older = (g + 1).min(NUM_GENERATIONS - 1);
        in_generation[older] += collected;
        if g == NUM_GENERATIONS - 1 {
            generations.long_lived_pending = 0;
            generations.long_lived_total = collected;
        } else if g == NUM_GENERATIONS - 2 {
            generations.long_lived_pending += collected;
        }
    }
    examined
}

fn main() {
    println!(
        "{:>12} {:>22} {:>22}",
        "containers", "examined, 25% rule", "examined, without it"
    );
    for size in [200_000, 400_000, 800_000, 1_600_000, 3_200_000, 6_400_000] {
        println!(
            "{size:>12} {:>22} {:>22}",
            work(size, true),
            work(size, false)
        );
    }
}
