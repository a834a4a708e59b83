//! Graded tests for ch03-predict.
//!
//! This file does not hold the answers, only a digest of each: reading it
//! tells you nothing about the counts, and a wrong prediction is reported by
//! its line number alone. The digested counts are the ones `minipy --stage
//! names` and python3 3.11.7 report for the program (as `sys.getrefcount(x)`
//! minus the function's own argument); `workspace/ch03-names/tests/predict.rs`
//! runs the same program on the chapter's crate.

use ch03_predict::predictions;

/// FNV-1a (64 bits) of the line number and a count, salted with the
/// exercise's name: equal digests mean an equal count.
fn digest(line: usize, count: usize) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    format!("ch03-predict, line {line}: {count}")
        .bytes()
        .fold(OFFSET, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(PRIME)
        })
}

/// The digest of the right count after each numbered line.
const ANSWERS: [u64; 9] = [
    0x333e_0b7d_e4b7_d96b,
    0x0985_3075_40ba_fe1d,
    0x7700_ca6c_6124_efe6,
    0xc1d6_e563_6def_a03a,
    0x73c5_565a_b4e1_94e8,
    0x1432_5054_3664_2ce9,
    0x81ae_124b_56ce_62aa,
    0x6b1c_30c8_b1bb_4f07,
    0x934c_7bbf_aae6_3443,
];

fn check_lines(lines: std::ops::RangeInclusive<usize>) {
    let predicted = predictions();
    let wrong: Vec<usize> = lines
        .filter(|&line| digest(line, predicted[line - 1]) != ANSWERS[line - 1])
        .collect();
    assert!(
        wrong.is_empty(),
        "not the count after line {}: list the holders of `x` at that point again \
         (names, container slots, a call's locals)",
        wrong
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" or ")
    );
}

#[test]
fn names_and_containers() {
    check_lines(1..=4);
}

#[test]
fn del_and_rebinding() {
    check_lines(5..=6);
}

#[test]
fn a_call_and_its_return() {
    check_lines(7..=8);
}

#[test]
fn replacing_a_dict_value() {
    check_lines(9..=9);
}
