//! The symbol table of Appendix A's program, as [`SymbolTable::describe`]
//! prints it: the book includes `follow.symtable`, and this test keeps it
//! true. `MINIPY_BLESS=1` rewrites the file from the compiler (review the
//! diff). A second test pins the cell and free variables, which the
//! appendix's program does not have.

use std::path::PathBuf;

use minipy_compiler::symtable::SymbolTable;

fn appendix_program(extension: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../minipy/programs/appendix/follow")
        .with_extension(extension)
}

#[test]
fn the_appendix_program_has_the_symbol_table_the_book_shows() {
    let source_path = appendix_program("py");
    let source = std::fs::read_to_string(&source_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source_path.display()));
    let table = SymbolTable::from_source(&source).expect("the appendix's program compiles");
    let actual = table.describe();
    let expected_path = appendix_program("symtable");
    if std::env::var_os("MINIPY_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).expect("write follow.symtable");
    }
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|_| panic!("no {} (MINIPY_BLESS=1 writes it)", expected_path.display()));
    assert_eq!(
        expected,
        actual,
        "{} is out of date (MINIPY_BLESS=1 rewrites it)",
        expected_path.display()
    );
}

#[test]
fn a_closure_has_a_cell_in_the_outer_function_and_a_free_variable_in_the_inner() {
    let source = "\
def counter():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step

class C:
    def method(self):
        return super().method()
";
    let table = SymbolTable::from_source(source).expect("compiles");
    assert_eq!(
        table.describe(),
        "\
module <module>
  globals: counter, C
  function counter
    locals:  count, step
    globals: -
    cells:   count
    frees:   -
    function step
      locals:  -
      globals: -
      cells:   -
      frees:   count
  class C
    locals:  method
    globals: -
    cells:   __class__
    frees:   -
    function method
      locals:  self
      globals: super
      cells:   -
      frees:   __class__
"
    );
}

#[test]
fn a_syntax_error_is_reported_with_its_line() {
    let error = SymbolTable::from_source("x = 1\ndef f(:\n").expect_err("a syntax error");
    assert_eq!((error.kind, error.line), ("SyntaxError", 2));
}
