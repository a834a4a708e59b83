//! The 25% rule keeps the collector's work linear in the size of a
//! structure that is built and kept; without it the work is quadratic.
//! The numbers are the example's (`cargo run --release -p ch05-generations
//! --example quarter_rule` prints them).

#[allow(dead_code)]
#[path = "../examples/quarter_rule.rs"]
mod example;

use example::work;

#[test]
fn with_the_rule_doubling_the_structure_about_doubles_the_work() {
    let (small, large) = (work(3_200_000, true), work(6_400_000, true));
    let growth = large as f64 / small as f64;
    assert!(
        growth < 2.2,
        "with the rule: {small} -> {large} ({growth:.2}x)"
    );
}

#[test]
fn without_it_doubling_the_structure_nearly_quadruples_the_work() {
    let (small, large) = (work(3_200_000, false), work(6_400_000, false));
    let growth = large as f64 / small as f64;
    assert!(
        growth > 3.5,
        "without the rule: {small} -> {large} ({growth:.2}x)"
    );
    assert!(
        large > 5 * work(6_400_000, true),
        "and far more than with it at that size"
    );
}
