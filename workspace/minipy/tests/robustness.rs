//! No input makes minipy panic: malformed and unsupported programs get a
//! clear error, runaway recursion a `RecursionError`.
//!
//! The programs are fed to the library in-process on the interpreter's own
//! big-stack thread; a panic there makes `with_big_stack` return an error.

use std::path::Path;

use minipy::{RunOptions, Stage};

/// Runs `source` and returns the exit status, or `None` if the interpreter panicked.
fn exit_status(source: &str) -> Option<i32> {
    let source = source.to_string();
    minipy::with_big_stack(move || {
        minipy::run_source(
            "fuzz.py",
            &source,
            RunOptions {
                stage: Stage::Refcount,
                trace: None,
                stats: false,
            },
            Box::new(std::io::sink()),
        )
    })
    .ok()
}

/// Compiles `source` and reports whether it compiled, or `None` on a panic.
fn compiles(source: &str) -> Option<bool> {
    let source = source.to_string();
    std::panic::catch_unwind(move || {
        minipy::compile::compile_module(&source, "fuzz.py", false).is_ok()
    })
    .ok()
}

const MALFORMED: &[&str] = &[
    "",
    "(",
    ")",
    "def",
    "def f(:",
    "class",
    "class C(:\n",
    "x = = 1",
    "if True\n    pass",
    "for in x:\n pass",
    "lambda",
    "print(",
    "'unterminated",
    "\"\"\"never closed",
    "x = [1, 2",
    "{1: }",
    "f(**)",
    "a.b.",
    "1 +",
    "return",
    "break",
    "continue",
    "del 1",
    "x += ",
    "@",
    "async def f(): pass",
    "def g():\n    yield 1",
    "await x",
    "x := 1",
    "match x:\n    case 1: pass",
    "nonlocal x",
    "from . import x",
    "import a.b",
    "{1, 2}",
    "{k: v for k, v in x}",
    "*a, b = x",
    "f(*args)",
    "def f(*a): pass",
    "def f(**k): pass",
    "def f(a, *, b): pass",
    "@dec\ndef f(): pass",
    "type X = int",
    "x = b'bytes'",
    "x = 1j",
    "x = ...",
    "x = 10 ** 100",
    "x = 99999999999999999999999",
    "try:\n    pass\nexcept* E:\n    pass",
    "raise E from F",
    "x[1:2:3:4]",
    "\t\tindented",
    "  x = 1",
    "x = 1\n  y = 2",
    "\u{0}",
    "é = 1\nprint(é)",
    "print(\"\\N{bad}\")",
    "with:\n pass",
    "global",
    "assert",
    "if:\n pass",
    "while True:\nbreak",
    "class C:\n def f(self):\n  nonlocal q",
];

const RUNTIME_ERRORS: &[&str] = &[
    "1/0",
    "[][0]",
    "{}['k']",
    "undefined",
    "None()",
    "len(5)",
    "int('x')",
    "float('y')",
    "[1] < 'a'",
    "x = 1\nx.y = 2",
    "del undefined",
    "def f(a): pass\nf()",
    "def f(): pass\nf(1, 2)",
    "class C: pass\nC(1)",
    "raise 5",
    "'a' * 'b'",
    "-'a'",
    "sorted([1, 'a'])",
    "max([])",
    "open('/nonexistent')",
    "import nosuch",
    "a, b = 1",
    "range(1, 2, 0)",
    "chr(-1)",
    "1 << 100000",
    "2 ** 64",
    "{[]: 1}",
    "hash([])",
    "x = [1]\nx[5] = 2",
    "next(iter([]))",
    "def f(): return f()\nf()",
    "class C:\n    def __init__(self): return 5\nC()",
    "class C:\n    def __repr__(self): return 1\nrepr(C())",
    "l = []\nfor i in range(600):\n    l = [l]\nprint(l)",
    "sys.exit('text')",
    "import sys\nsys.exit('text')",
    "class D:\n    def __del__(self): raise ValueError\nd = D()\ndel d",
    "try:\n    raise\nexcept RuntimeError as e:\n    print(e)",
    "def g():\n    yield next(me)\nme = g()\nnext(me)",
    "def g():\n    try:\n        yield 1\n    finally:\n        yield 2\nx = g()\nnext(x)\ndel x",
    "def g():\n    yield from g()\nlist(g())",
    "s = {1}\nfor x in s:\n    s.add(x + 1)",
    "d = {1: 1}\nfor k in d:\n    d[k + 1] = 1",
    "{1, []}",
    "x = 2 ** 100000000",
    "'%d' % 'a'",
    "'%s %s' % (1,)",
    "a, *b, c = [1]",
    "f = lambda *a, **k: 0\nf(**{1: 2})",
    "class A:\n    def __eq__(self, o): return True\n{A()}",
    "class A:\n    @property\n    def p(self): return 1\nA().p = 2",
    "super()",
    "zip()\nlist(zip())",
    "int('9' * 5000) ** 2",
];

#[test]
fn malformed_and_unsupported_programs_get_an_error_not_a_panic() {
    for &source in MALFORMED {
        assert!(
            compiles(source).is_some(),
            "the compiler panicked on {source:?}"
        );
        assert!(
            exit_status(source).is_some(),
            "the interpreter panicked on {source:?}"
        );
    }
}

#[test]
fn runtime_errors_become_python_exceptions() {
    for &source in RUNTIME_ERRORS {
        match exit_status(source) {
            Some(status) => assert!(
                status == 0 || status == 1,
                "{source:?} exited with {status}"
            ),
            None => panic!("the interpreter panicked on {source:?}"),
        }
    }
}

#[test]
fn unbounded_recursion_is_a_recursion_error() {
    assert_eq!(
        exit_status("def f(n):\n    return f(n + 1)\nf(0)\n"),
        Some(1)
    );
    let caught =
        "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError:\n    pass\n";
    assert_eq!(exit_status(caught), Some(0));
}

/// Every example program, cut short and with characters dropped, must still
/// compile to a clean error or succeed. (Mutants are compiled, not run: a
/// mutant may loop forever.)
#[test]
fn mutated_example_programs_never_crash_the_compiler() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let mut sources = vec![];
    for topic in std::fs::read_dir(&dir).expect("programs dir") {
        let topic = topic.expect("topic").path();
        if !topic.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(topic).expect("topic dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "py") {
                // Lossy: one program is deliberately not UTF-8.
                let bytes = std::fs::read(&path).expect("readable");
                sources.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    assert!(sources.len() >= 40);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound.max(1) as u64) as usize
    };
    let mut mutants = 0;
    for source in &sources {
        let chars: Vec<char> = source.chars().collect();
        for _ in 0..8 {
            let mut mutant = chars.clone();
            match next(3) {
                0 => mutant.truncate(next(chars.len())),
                1 => {
                    let at = next(mutant.len());
                    mutant.drain(at..(at + 1 + next(5)).min(mutant.len()));
                }
                _ => {
                    let at = next(mutant.len());
                    let noise = ['(', ':', '"', '\n', ' ', '[', '}', '=', '\t', 'x'];
                    mutant.insert(at, noise[next(noise.len())]);
                }
            }
            let mutant: String = mutant.into_iter().collect();
            assert!(
                compiles(&mutant).is_some(),
                "the compiler panicked on:\n{mutant}"
            );
            mutants += 1;
        }
    }
    assert!(mutants >= 320);
}

/// Deeply nested expressions compile, run or fail cleanly, without a crash
/// and without the compiler revisiting every level from every level above
/// it (a chain of 20,000 operators would then take minutes).
#[test]
fn deeply_nested_expressions_are_handled() {
    let depth = 20_000;
    let sources = [
        format!("x = {}True", "not ".repeat(depth)),
        format!("x = 0\nx = x{}", " + 1".repeat(depth)),
        format!("x = {}1", "-".repeat(depth)),
        format!("x = {}1{}", "(".repeat(depth), ")".repeat(depth)),
        format!("x = {}{}", "[".repeat(depth), "]".repeat(depth)),
    ];
    for source in &sources {
        assert!(
            exit_status(source).is_some(),
            "the interpreter panicked on a {}-deep expression",
            depth
        );
    }
}
