//! x
use minipy_compiler::dis::disassemble_source;

#[test]
fn show() {
    let src = std::fs::read_to_string("/tmp/big.py").unwrap();
    print!("{}", disassemble_source(&src, "big.py").unwrap());
}
