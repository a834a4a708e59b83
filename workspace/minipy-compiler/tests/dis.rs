//! The disassembler's listings: exact text for small programs, and
//! properties (targets exist, names are CPython 3.11's or documented as
//! minipy's own, nothing prints a placeholder) for a program that uses most
//! of the language.

use std::rc::Rc;

use minipy_compiler::dis::{MINIPY_OPNAMES, disassemble, disassemble_source, opname};
use minipy_compiler::{BinaryOp, Code, CodeKind, CompareOp, Const, Instr, UnaryOp, compile_module};

/// `sorted(dis.opmap)` from CPython 3.11.7.
const CPYTHON_311_OPNAMES: &[&str] = &[
    "ASYNC_GEN_WRAP",
    "BEFORE_ASYNC_WITH",
    "BEFORE_WITH",
    "BINARY_OP",
    "BINARY_SUBSCR",
    "BUILD_CONST_KEY_MAP",
    "BUILD_LIST",
    "BUILD_MAP",
    "BUILD_SET",
    "BUILD_SLICE",
    "BUILD_STRING",
    "BUILD_TUPLE",
    "CACHE",
    "CALL",
    "CALL_FUNCTION_EX",
    "CHECK_EG_MATCH",
    "CHECK_EXC_MATCH",
    "COMPARE_OP",
    "CONTAINS_OP",
    "COPY",
    "COPY_FREE_VARS",
    "DELETE_ATTR",
    "DELETE_DEREF",
    "DELETE_FAST",
    "DELETE_GLOBAL",
    "DELETE_NAME",
    "DELETE_SUBSCR",
    "DICT_MERGE",
    "DICT_UPDATE",
    "END_ASYNC_FOR",
    "EXTENDED_ARG",
    "FORMAT_VALUE",
    "FOR_ITER",
    "GET_AITER",
    "GET_ANEXT",
    "GET_AWAITABLE",
    "GET_ITER",
    "GET_LEN",
    "GET_YIELD_FROM_ITER",
    "IMPORT_FROM",
    "IMPORT_NAME",
    "IMPORT_STAR",
    "IS_OP",
    "JUMP_BACKWARD",
    "JUMP_BACKWARD_NO_INTERRUPT",
    "JUMP_FORWARD",
    "JUMP_IF_FALSE_OR_POP",
    "JUMP_IF_TRUE_OR_POP",
    "KW_NAMES",
    "LIST_APPEND",
    "LIST_EXTEND",
    "LIST_TO_TUPLE",
    "LOAD_ASSERTION_ERROR",
    "LOAD_ATTR",
    "LOAD_BUILD_CLASS",
    "LOAD_CLASSDEREF",
    "LOAD_CLOSURE",
    "LOAD_CONST",
    "LOAD_DEREF",
    "LOAD_FAST",
    "LOAD_GLOBAL",
    "LOAD_METHOD",
    "LOAD_NAME",
    "MAKE_CELL",
    "MAKE_FUNCTION",
    "MAP_ADD",
    "MATCH_CLASS",
    "MATCH_KEYS",
    "MATCH_MAPPING",
    "MATCH_SEQUENCE",
    "NOP",
    "POP_EXCEPT",
    "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_NONE",
    "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_FORWARD_IF_FALSE",
    "POP_JUMP_FORWARD_IF_NONE",
    "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_FORWARD_IF_TRUE",
    "POP_TOP",
    "PRECALL",
    "PREP_RERAISE_STAR",
    "PRINT_EXPR",
    "PUSH_EXC_INFO",
    "PUSH_NULL",
    "RAISE_VARARGS",
    "RERAISE",
    "RESUME",
    "RETURN_GENERATOR",
    "RETURN_VALUE",
    "SEND",
    "SETUP_ANNOTATIONS",
    "SET_ADD",
    "SET_UPDATE",
    "STORE_ATTR",
    "STORE_DEREF",
    "STORE_FAST",
    "STORE_GLOBAL",
    "STORE_NAME",
    "STORE_SUBSCR",
    "SWAP",
    "UNARY_INVERT",
    "UNARY_NEGATIVE",
    "UNARY_NOT",
    "UNARY_POSITIVE",
    "UNPACK_EX",
    "UNPACK_SEQUENCE",
    "WITH_EXCEPT_START",
    "YIELD_VALUE",
];

/// Most of minipy's language in one module: every instruction the compiler
/// emits outside interactive mode appears in its listing.
const BIG_PROGRAM: &str = r#"import math
from os import path as p, sep
from string import *

counter = 0

def gen(n):
    yield n
    got = yield from range(n)
    return got

def outer(a, b=2, *args, c=3, **kwargs):
    global counter
    counter += 1
    x = a
    def inner():
        nonlocal x
        x = x + 1
        del x
    inner()
    del a
    return [y * 2 for y in args if y > 0], {k: v for k, v in kwargs.items()}, {z for z in args}, list(w for w in args)

class Point:
    size: int = 2
    scratch = 0
    del scratch

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return super().__repr__()

f = lambda q: q ** 2 // 3 % 4 - 1 / 2
lst = [1, 2, 3]
st = {1, 2, 3}
d = {'a': 1, **{'b': 2}}
lst[0] = lst[1:2]
lst[0] += 5
lst[::2]
del lst[0]
first, *rest, last = lst
a, b = b, a = 1, 2
x = -a + (+b) - (~a) & 3 | 4 ^ 5 << 1 >> 1
y = not x and (x is None or x is not None) and 1 in lst and 2 not in lst
z = 1 < x <= 3 != 4 == 5 > 0 >= -1
s = f"{x!r} {y:>10} {z} {[x]!r:5}"
pt = Point(1, 2)
pt.x = 3
del pt.x
outer(*lst, **d)
outer(0, *lst)
outer(1, c=2)
pt.norm()
try:
    raise ValueError("bad") from None
except ValueError as e:
    print(e)
except (TypeError, KeyError):
    raise
else:
    pass
finally:
    counter = 0
with open("f") as fh:
    pass
while counter < 3:
    counter += 1
    if counter == 2:
        continue
    break
loc = locals()
del counter
assert x, "msg"
radius = math.pi
"#;

/// One listed instruction: its index, whether it is marked as a jump
/// target, its name, and the rest of the line.
struct Row<'a> {
    index: usize,
    target: bool,
    name: &'a str,
    rest: &'a str,
}

/// Splits a listing into its code objects' instruction rows (headers and
/// blank lines dropped), failing the test on a line of any other shape.
fn blocks(listing: &str) -> Vec<Vec<Row<'_>>> {
    let mut blocks = vec![Vec::new()];
    for line in listing.lines() {
        if line.is_empty() {
            continue;
        }
        if line.starts_with("Disassembly of ") {
            blocks.push(Vec::new());
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let at = words
            .iter()
            .position(|w| w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            .unwrap_or_else(|| panic!("no opcode name in {line:?}"));
        assert!(at >= 1, "no position in {line:?}");
        let index = words[at - 1]
            .parse()
            .unwrap_or_else(|_| panic!("bad position in {line:?}"));
        let name = words[at];
        let start = line.find(name).unwrap() + name.len();
        blocks.last_mut().unwrap().push(Row {
            index,
            target: words[..at].contains(&">>"),
            name,
            rest: line[start..].trim(),
        });
    }
    blocks
}

fn code(instrs: Vec<Instr>, consts: Vec<Const>) -> Code {
    let lines = vec![1; instrs.len()];
    let positions = vec![(0, 0); instrs.len()];
    Code {
        name: "t".into(),
        qualname: "t".into(),
        filename: "t.py".into(),
        kind: CodeKind::Function,
        instrs,
        lines,
        positions,
        consts,
        names: Vec::new(),
        varnames: Vec::new(),
        argcount: 0,
        kwonlyargcount: 0,
        posonlyargcount: 0,
        varargs: false,
        varkeywords: false,
        is_generator: false,
        cellvars: Vec::new(),
        cell_params: Vec::new(),
        freevars: Vec::new(),
        first_line: 1,
        docstring: None,
        warnings: Vec::new(),
    }
}

#[test]
fn assignment_and_call_exact_listing() {
    let listing = disassemble_source("x = 1\nprint(x)\n", "f.py").unwrap();
    assert_eq!(
        listing,
        "  1           0 LOAD_CONST               0 (1)
              1 STORE_GLOBAL             0 (x)

  2           2 LOAD_GLOBAL              1 (print)
              3 LOAD_GLOBAL              0 (x)
              4 CALL                     1
              5 POP_TOP
              6 LOAD_CONST               1 (None)
              7 RETURN_VALUE
"
    );
}

#[test]
fn function_with_loop_exact_listing() {
    let source = "def f(n):
    total = 0
    for i in range(n):
        total += i
    return total
print(f(10))
";
    let listing = disassemble_source(source, "f.py").unwrap();
    assert_eq!(
        listing,
        r#"  1           0 MAKE_FUNCTION            0 (<code object f, file "f.py", line 1>)
              1 STORE_GLOBAL             0 (f)

  6           2 LOAD_GLOBAL              1 (print)
              3 LOAD_GLOBAL              0 (f)
              4 LOAD_CONST               1 (10)
              5 CALL                     1
              6 CALL                     1
              7 POP_TOP
              8 LOAD_CONST               2 (None)
              9 RETURN_VALUE

Disassembly of <code object f, file "f.py", line 1>:
  2           0 LOAD_CONST               0 (0)
              1 STORE_FAST               1 (total)

  3           2 LOAD_GLOBAL              0 (range)
              3 LOAD_FAST                0 (n)
              4 CALL                     1
              5 GET_ITER
        >>    6 FOR_ITER                13 (to 13)
              7 STORE_FAST               2 (i)

  4           8 LOAD_FAST                1 (total)
              9 LOAD_FAST                2 (i)
             10 BINARY_OP               13 (+=)
             11 STORE_FAST               1 (total)
             12 JUMP                     6 (to 6)

  5     >>   13 LOAD_FAST                1 (total)
             14 RETURN_VALUE
             15 LOAD_CONST               1 (None)
             16 RETURN_VALUE
"#
    );
}

/// The columns are CPython's: these two lines are what CPython 3.11 prints
/// for the same instructions at byte offsets 36 and 52 of the same function.
#[test]
fn columns_line_up_with_cpython() {
    let listing = disassemble_source("for i in x:\n    i\nx\n", "f.py").unwrap();
    let for_iter = listing.lines().find(|l| l.contains("FOR_ITER")).unwrap();
    assert_eq!(
        for_iter,
        "        >>    2 FOR_ITER                 7 (to 7)"
    );
    let cpython = "        >>   36 FOR_ITER                 7 (to 52)";
    assert_eq!(for_iter.find("FOR_ITER"), cpython.find("FOR_ITER"));
    assert_eq!(for_iter.find("(to"), cpython.find("(to"));
    let after = listing.lines().find(|l| l.starts_with("  3")).unwrap();
    assert_eq!(after, "  3     >>    7 LOAD_GLOBAL              0 (x)");
}

#[test]
fn jump_targets_are_listed_instructions_marked_with_arrows() {
    let listing = disassemble_source(BIG_PROGRAM, "big.py").unwrap();
    let mut jumps = 0;
    for block in blocks(&listing) {
        for (i, row) in block.iter().enumerate() {
            assert_eq!(row.index, i, "positions count instructions");
            let Some((arg, meaning)) = row.rest.split_once(' ') else {
                continue;
            };
            let Some(target) = meaning
                .trim()
                .strip_prefix("(to ")
                .and_then(|t| t.strip_suffix(')'))
            else {
                continue;
            };
            assert_eq!(arg, target, "a jump's argument is its target");
            let target: usize = target.parse().unwrap();
            jumps += 1;
            let landed = block
                .get(target)
                .unwrap_or_else(|| panic!("{} jumps past the end", row.name));
            assert!(landed.target, "{target} is not marked `>>`");
        }
        let marked = block.iter().filter(|r| r.target).count();
        assert!(marked <= block.len());
    }
    assert!(jumps > 20, "only {jumps} jumps");
}

#[test]
fn nested_code_objects_follow_depth_first_under_headers() {
    let source = "f = lambda: 0
class C:
    def m(self):
        return [i for i in ()]
def g():
    pass
";
    let listing = disassemble_source(source, "n.py").unwrap();
    let headers: Vec<&str> = listing
        .lines()
        .filter(|l| l.starts_with("Disassembly"))
        .collect();
    assert_eq!(
        headers,
        [
            r#"Disassembly of <code object <lambda>, file "n.py", line 1>:"#,
            r#"Disassembly of <code object C, file "n.py", line 2>:"#,
            r#"Disassembly of <code object m, file "n.py", line 3>:"#,
            r#"Disassembly of <code object <listcomp>, file "n.py", line 4>:"#,
            r#"Disassembly of <code object g, file "n.py", line 5>:"#,
        ]
    );
    // CPython separates each header from the listing before it by one blank line.
    assert_eq!(
        listing.matches("\n\nDisassembly of ").count(),
        headers.len()
    );
    assert!(listing.contains(
        "  3           0 MAKE_FUNCTION            0 (<code object m, file \"n.py\", line 3>)\n"
    ));
}

#[test]
fn every_name_is_cpython_311s_or_documented_as_minipys_own() {
    for name in MINIPY_OPNAMES {
        assert!(
            !CPYTHON_311_OPNAMES.contains(name),
            "{name} is in 3.11's opmap"
        );
    }
    let source = include_str!("../src/dis.rs");
    let doc: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let own = doc
        .split("# Opcode names that are minipy's own")
        .nth(1)
        .expect("the module doc lists minipy's own names");
    for name in MINIPY_OPNAMES {
        assert!(own.contains(&format!("`{name}`")), "{name} is undocumented");
    }
    for instr in every_instruction() {
        let name = opname(instr);
        assert!(
            CPYTHON_311_OPNAMES.contains(&name) || MINIPY_OPNAMES.contains(&name),
            "{instr:?} is listed as {name}, which is neither"
        );
    }
}

#[test]
fn big_program_lists_without_placeholders() {
    let listing = disassemble_source(BIG_PROGRAM, "big.py").unwrap();
    let rows: Vec<Row> = blocks(&listing).into_iter().flatten().collect();
    assert!(rows.len() > 300);
    for line in listing.lines() {
        assert!(!line.contains('?'), "placeholder in {line:?}");
        assert!(!line.contains("()"), "empty meaning in {line:?}");
    }
    let used: std::collections::HashSet<&str> = rows.iter().map(|r| r.name).collect();
    // PRINT_EXPR needs interactive mode and NOP is never emitted: the
    // compiler's whole repertoire except those shows up.
    let names: std::collections::HashSet<&str> = every_instruction()
        .into_iter()
        .map(opname)
        .filter(|n| !matches!(*n, "PRINT_EXPR" | "NOP"))
        .collect();
    let missing: Vec<&&str> = names.difference(&used).collect();
    assert!(missing.is_empty(), "not exercised: {missing:?}");
}

#[test]
fn interactive_expression_statements_print() {
    let code = compile_module("1 + 2\n", "<stdin>", true).unwrap();
    let listing = disassemble(&code);
    assert!(
        listing.contains("              1 PRINT_EXPR\n"),
        "{listing}"
    );
}

#[test]
fn every_instruction_variant_is_named() {
    let instrs = every_instruction();
    let listing = disassemble(&code(instrs.clone(), vec![Const::None]));
    let rows = blocks(&listing).remove(0);
    assert_eq!(rows.len(), instrs.len());
    for (row, instr) in rows.iter().zip(&instrs) {
        assert_eq!(row.name, opname(*instr));
        assert!(!row.name.is_empty());
    }
}

#[test]
fn operators_are_numbered_as_cpython_numbers_them() {
    use BinaryOp as B;
    use CompareOp as C;
    // What CPython 3.11 prints after the offset for `a + b`, `a - b`, ...
    let expected = [
        (Instr::Binary(B::Add), "BINARY_OP                0 (+)"),
        (Instr::Binary(B::Sub), "BINARY_OP               10 (-)"),
        (Instr::Binary(B::Mul), "BINARY_OP                5 (*)"),
        (Instr::Binary(B::TrueDiv), "BINARY_OP               11 (/)"),
        (
            Instr::Binary(B::FloorDiv),
            "BINARY_OP                2 (//)",
        ),
        (Instr::Binary(B::Mod), "BINARY_OP                6 (%)"),
        (Instr::Binary(B::Pow), "BINARY_OP                8 (**)"),
        (Instr::Binary(B::And), "BINARY_OP                1 (&)"),
        (Instr::Binary(B::Or), "BINARY_OP                7 (|)"),
        (Instr::Binary(B::Xor), "BINARY_OP               12 (^)"),
        (Instr::Binary(B::LShift), "BINARY_OP                3 (<<)"),
        (Instr::Binary(B::RShift), "BINARY_OP                9 (>>)"),
        (
            Instr::InplaceBinary(B::Add),
            "BINARY_OP               13 (+=)",
        ),
        (
            Instr::InplaceBinary(B::Xor),
            "BINARY_OP               25 (^=)",
        ),
        (Instr::Compare(C::Lt), "COMPARE_OP               0 (<)"),
        (Instr::Compare(C::Le), "COMPARE_OP               1 (<=)"),
        (Instr::Compare(C::Eq), "COMPARE_OP               2 (==)"),
        (Instr::Compare(C::Ne), "COMPARE_OP               3 (!=)"),
        (Instr::Compare(C::Gt), "COMPARE_OP               4 (>)"),
        (Instr::Compare(C::Ge), "COMPARE_OP               5 (>=)"),
        (Instr::Compare(C::Is), "IS_OP                    0"),
        (Instr::Compare(C::IsNot), "IS_OP                    1"),
        (Instr::Compare(C::In), "CONTAINS_OP              0"),
        (Instr::Compare(C::NotIn), "CONTAINS_OP              1"),
    ];
    let instrs = expected.iter().map(|(i, _)| *i).collect();
    let listing = disassemble(&code(instrs, Vec::new()));
    assert_eq!(listing.lines().count(), expected.len());
    for (line, (_, text)) in listing.lines().zip(expected) {
        assert_eq!(&line[16..], text);
    }
}

#[test]
fn constants_print_as_python_reprs() {
    let consts = vec![
        Const::Float(1.5),
        Const::Float(0.1),
        Const::Float(1e16),
        Const::Float(1e15),
        Const::Float(1e-5),
        Const::Float(0.0001),
        Const::Float(-0.0),
        Const::Float(100.0),
        Const::Float(1.0 / 3.0),
        Const::Float(-2.5e-10),
        Const::Float(f64::MAX),
        Const::Float(5e-324),
        Const::Float(f64::INFINITY),
        Const::Float(f64::NAN),
        Const::Str("it's".into()),
        Const::Str("a\"b'c".into()),
        Const::Str("\n\t\r\\".into()),
        Const::Str("\x00\x7f\u{9f}\u{a0}\u{ad}".into()),
        Const::Str("é\u{200b}😀\u{e000}\u{301}".into()),
        Const::Str("".into()),
        Const::Tuple(Rc::from(vec![])),
        Const::Tuple(Rc::from(vec![Const::Int(1)])),
        Const::Tuple(Rc::from(vec![
            Const::Tuple(Rc::from(vec![Const::Int(1), Const::Int(-2)])),
            Const::Str("a".into()),
            Const::None,
            Const::Bool(true),
            Const::Bool(false),
            Const::BigInt("123456789012345678901234567890".into()),
        ])),
    ];
    // `repr()` of each in CPython 3.11.
    let expected = [
        "1.5",
        "0.1",
        "1e+16",
        "1000000000000000.0",
        "1e-05",
        "0.0001",
        "-0.0",
        "100.0",
        "0.3333333333333333",
        "-2.5e-10",
        "1.7976931348623157e+308",
        "5e-324",
        "inf",
        "nan",
        r#""it's""#,
        r#"'a"b\'c'"#,
        r"'\n\t\r\\'",
        r"'\x00\x7f\x9f\xa0\xad'",
        "'é\\u200b😀\\ue000\u{301}'",
        "''",
        "()",
        "(1,)",
        "((1, -2), 'a', None, True, False, 123456789012345678901234567890)",
    ];
    let instrs = (0..consts.len() as u32).map(Instr::LoadConst).collect();
    let listing = disassemble(&code(instrs, consts));
    assert_eq!(listing.lines().count(), expected.len());
    for (i, (line, want)) in listing.lines().zip(expected).enumerate() {
        assert_eq!(line[16..], format!("{:<20} {i:>5} ({want})", "LOAD_CONST"));
    }
}

#[test]
fn argument_meanings() {
    let mut c = code(
        vec![
            Instr::LoadFast(0),
            Instr::LoadDeref(1),
            Instr::LoadGlobal(0),
            Instr::MakeFunction {
                code: 0,
                defaults: true,
                closure: true,
                kwdefaults: true,
            },
            Instr::FormatValue(0),
            Instr::FormatValue(2),
            Instr::FormatValue(3),
            Instr::FormatValue(4),
            Instr::FormatValue(6),
            Instr::UnpackEx {
                before: 1,
                after: 2,
            },
            Instr::CallEx { kwargs: true },
            Instr::Dup,
            Instr::Swap,
            Instr::Raise(2),
        ],
        vec![Const::Code(Rc::new(code(vec![Instr::Nop], Vec::new())))],
    );
    c.varnames = vec!["v".into()];
    c.cellvars = vec!["cell".into()];
    c.freevars = vec!["free".into()];
    c.names = vec!["len".into()];
    let listing = disassemble(&c);
    let tails: Vec<&str> = listing
        .lines()
        .take(c.instrs.len())
        .map(|l| &l[16..])
        .collect();
    assert_eq!(
        tails,
        [
            "LOAD_FAST                0 (v)",
            "LOAD_DEREF               1 (free)",
            "LOAD_GLOBAL              0 (len)",
            "MAKE_FUNCTION           11 (<code object t, file \"t.py\", line 1>, defaults, kwdefaults, closure)",
            "FORMAT_VALUE             0",
            "FORMAT_VALUE             2 (repr)",
            "FORMAT_VALUE             3 (ascii)",
            "FORMAT_VALUE             4 (with format)",
            "FORMAT_VALUE             6 (repr, with format)",
            "UNPACK_EX              513",
            "CALL_FUNCTION_EX         1",
            "COPY                     1",
            "SWAP                     2",
            "RAISE_VARARGS            2",
        ]
    );
}

#[test]
fn out_of_range_indices_print_a_question_mark() {
    let mut c = code(
        vec![
            Instr::LoadConst(7),
            Instr::LoadFast(3),
            Instr::LoadName(u32::MAX),
            Instr::LoadDeref(0),
            Instr::MakeFunction {
                code: 9,
                defaults: false,
                closure: false,
                kwdefaults: false,
            },
            Instr::Jump(99),
        ],
        Vec::new(),
    );
    // Fewer lines than instructions: the rest just start no line.
    c.lines.truncate(2);
    let listing = disassemble(&c);
    assert_eq!(
        listing,
        format!(
            "  1           0 LOAD_CONST               7 (?)
              1 LOAD_FAST                3 (?)
              2 LOAD_NAME            {} (?)
              3 LOAD_DEREF               0 (?)
              4 MAKE_FUNCTION            0 (?)
              5 JUMP                    99 (to 99)
",
            u32::MAX
        )
    );
    // Nothing at all.
    assert_eq!(disassemble(&code(Vec::new(), Vec::new())), "");
}

#[test]
fn wide_line_numbers_widen_the_column() {
    let source = format!("{}x = 1\n", "\n".repeat(999));
    let listing = disassemble_source(&source, "w.py").unwrap();
    // CPython 3.11 prints `1000           2 LOAD_CONST ...` here.
    assert!(
        listing.starts_with("1000           0 LOAD_CONST               0 (1)\n"),
        "{listing}"
    );
    assert!(listing.contains("\n               1 STORE_GLOBAL "));
}

#[test]
fn syntax_errors_are_returned() {
    let error = disassemble_source("def (:\n", "bad.py").unwrap_err();
    assert_eq!(error.kind, "SyntaxError");
    assert_eq!(error.line, 1);
}

/// One of each instruction. `exhaustive` fails to compile when a variant
/// is added to `Instr` and not here.
fn every_instruction() -> Vec<Instr> {
    fn exhaustive(instr: Instr) {
        use Instr as I;
        match instr {
            I::LoadConst(_)
            | I::LoadFast(_)
            | I::StoreFast(_)
            | I::DeleteFast(_)
            | I::LoadGlobal(_)
            | I::StoreGlobal(_)
            | I::DeleteGlobal(_)
            | I::LoadName(_)
            | I::StoreName(_)
            | I::DeleteName(_)
            | I::LoadDeref(_)
            | I::StoreDeref(_)
            | I::DeleteDeref(_)
            | I::LoadClosure(_)
            | I::LoadAttr(_)
            | I::StoreAttr(_)
            | I::DeleteAttr(_)
            | I::LoadMethod(_)
            | I::BinarySubscr
            | I::StoreSubscr
            | I::DeleteSubscr
            | I::Binary(_)
            | I::Unary(_)
            | I::Compare(_)
            | I::Jump(_)
            | I::PopJumpIfFalse(_)
            | I::PopJumpIfTrue(_)
            | I::JumpIfFalseOrPop(_)
            | I::JumpIfTrueOrPop(_)
            | I::GetIter
            | I::ForIter(_)
            | I::BuildList(_)
            | I::BuildTuple(_)
            | I::BuildDict(_)
            | I::BuildConstList(_)
            | I::BuildSet(_)
            | I::BuildConstSet(_)
            | I::ListExtend(_)
            | I::ListToTuple
            | I::SetAdd(_)
            | I::MapAdd(_)
            | I::DictMerge { .. }
            | I::UnpackEx { .. }
            | I::Send(_)
            | I::YieldValue
            | I::CallEx { .. }
            | I::BuildString(_)
            | I::FormatValue(_)
            | I::ListAppend(_)
            | I::UnpackSequence(_)
            | I::Call(_)
            | I::CallMethod(_)
            | I::MakeFunction { .. }
            | I::BuildClass(_)
            | I::BuildClassKw(_)
            | I::Return
            | I::Pop
            | I::Dup
            | I::Swap
            | I::DupTwo
            | I::Rot3
            | I::BuildSlice
            | I::CallKw(_)
            | I::Raise(_)
            | I::SetupExcept(_)
            | I::SetupFinally(_)
            | I::SetupCleanup(_)
            | I::PopBlock
            | I::ExceptionMatches
            | I::PopExcept
            | I::Reraise
            | I::WithEnter
            | I::WithExit
            | I::WithExceptionExit
            | I::InplaceBinary(_)
            | I::ImportName(_)
            | I::ImportFrom(_)
            | I::ImportStar
            | I::BuildLocals
            | I::PrintExpr
            | I::Nop => {}
        }
    }
    use Instr as I;
    let mut all = vec![
        I::LoadConst(0),
        I::LoadFast(0),
        I::StoreFast(0),
        I::DeleteFast(0),
        I::LoadGlobal(0),
        I::StoreGlobal(0),
        I::DeleteGlobal(0),
        I::LoadName(0),
        I::StoreName(0),
        I::DeleteName(0),
        I::LoadDeref(0),
        I::StoreDeref(0),
        I::DeleteDeref(0),
        I::LoadClosure(0),
        I::LoadAttr(0),
        I::StoreAttr(0),
        I::DeleteAttr(0),
        I::LoadMethod(0),
        I::BinarySubscr,
        I::StoreSubscr,
        I::DeleteSubscr,
        I::Jump(0),
        I::PopJumpIfFalse(0),
        I::PopJumpIfTrue(0),
        I::JumpIfFalseOrPop(0),
        I::JumpIfTrueOrPop(0),
        I::GetIter,
        I::ForIter(0),
        I::BuildList(0),
        I::BuildTuple(0),
        I::BuildDict(0),
        I::BuildConstList(3),
        I::BuildSet(0),
        I::BuildConstSet(3),
        I::ListExtend(1),
        I::ListToTuple,
        I::SetAdd(1),
        I::MapAdd(1),
        I::DictMerge {
            depth: 1,
            call: true,
        },
        I::DictMerge {
            depth: 1,
            call: false,
        },
        I::UnpackEx {
            before: 1,
            after: 1,
        },
        I::Send(0),
        I::YieldValue,
        I::CallEx { kwargs: false },
        I::BuildString(2),
        I::FormatValue(0),
        I::ListAppend(1),
        I::UnpackSequence(2),
        I::Call(0),
        I::CallMethod(0),
        I::MakeFunction {
            code: 0,
            defaults: false,
            closure: false,
            kwdefaults: false,
        },
        I::BuildClass(0),
        I::Return,
        I::Pop,
        I::Dup,
        I::Swap,
        I::DupTwo,
        I::Rot3,
        I::BuildSlice,
        I::CallKw(0),
        I::Raise(1),
        I::SetupExcept(0),
        I::SetupFinally(0),
        I::PopBlock,
        I::ExceptionMatches,
        I::PopExcept,
        I::Reraise,
        I::WithEnter,
        I::WithExit,
        I::WithExceptionExit,
        I::ImportName(0),
        I::ImportFrom(0),
        I::ImportStar,
        I::BuildLocals,
        I::PrintExpr,
        I::Nop,
    ];
    for op in [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Not, UnaryOp::Invert] {
        all.push(I::Unary(op));
    }
    all.push(I::Binary(BinaryOp::Add));
    all.push(I::InplaceBinary(BinaryOp::Add));
    for op in [CompareOp::Lt, CompareOp::Is, CompareOp::In] {
        all.push(I::Compare(op));
    }
    all.iter().copied().for_each(exhaustive);
    all
}
