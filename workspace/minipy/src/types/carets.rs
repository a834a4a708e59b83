//! The line of `^` and `~` under a traceback's source line, which points
//! at the expression that failed. CPython 3.11: `tb_displayline`,
//! `extract_anchors_from_line` and `print_error_location_carets` in
//! `Python/traceback.c`.
//!
//! Each instruction knows the source it came from (the innermost
//! expression being compiled, or its statement: `Code::positions`). Under
//! the line, that source is marked with `^`, unless it is the whole line
//! (after its indentation), when nothing is printed. A binary operation
//! marks its operands with `~` and its operator with `^`, a subscript its
//! value with `~` and its brackets with `^`: `~~^~~` under `1 / 0`,
//! `~^^^` under `d[k]`. An expression that goes on to another line is
//! marked to the end of its first.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

/// What 3.11 counts as whitespace around a line and an operator.
fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\x0c')
}

/// The marker line (with its newline) for the instruction whose source is
/// the bytes `start..end` of `source`, shown under line `line`; `None` when
/// CPython prints none.
pub(crate) fn caret_line(source: &str, line: u32, start: usize, end: usize) -> Option<String> {
    if start >= end || end > source.len() || !source.is_char_boundary(start) {
        return None;
    }
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let number = source[..line_start].matches('\n').count() + 1;
    if number != line as usize {
        return None;
    }
    let text = source[line_start..line_end].trim_end_matches('\r');
    let chars = |bytes: &str| bytes.chars().count();
    let start_char = chars(&text[..start - line_start]);
    let mut anchors = None;
    let end_char = if end <= line_start + text.len() {
        let segment = source.get(start..end)?;
        anchors = anchors_in(segment).map(|(left, right)| {
            (
                start_char + chars(&segment[..left]),
                start_char + chars(&segment[..right]),
            )
        });
        chars(source.get(line_start..end)?)
    } else {
        // Marked to the last character of the first line that is not a space.
        chars(text.trim_end_matches(is_whitespace))
    };
    let indent = text.chars().take_while(|&c| is_whitespace(c)).count();
    let stripped_length = chars(text) - indent;
    if end_char - start_char == stripped_length && anchors.is_none() {
        return None;
    }
    let mut out = String::from("    ");
    for i in indent..end_char {
        out.push(match anchors {
            _ if i < start_char => ' ',
            Some((left, right)) if left <= i && i < right => '^',
            Some(_) => '~',
            None => '^',
        });
    }
    out.push('\n');
    Some(out)
}

/// Where in `segment` (byte offsets) the part to mark with `^` starts and
/// ends, if the segment is on its own a binary operation or a subscript:
/// the operator, or the brackets.
fn anchors_in(segment: &str) -> Option<(usize, usize)> {
    let module = ruff_python_parser::parse_module(segment)
        .ok()?
        .into_syntax();
    let [Stmt::Expr(statement)] = module.body.as_slice() else {
        return None;
    };
    match &*statement.value {
        Expr::BinOp(op) => {
            let between = op.left.range().end().to_usize()..op.right.range().start().to_usize();
            let bytes = segment.as_bytes();
            let at = between
                .clone()
                .find(|&i| !is_whitespace(bytes[i] as char))?;
            // A two-character operator (`//`, `**`, `<<`) is marked whole.
            let two = at + 1 < between.end && !is_whitespace(bytes[at + 1] as char);
            Some((at, at + 1 + usize::from(two)))
        }
        Expr::Subscript(subscript) => Some((
            subscript.value.range().end().to_usize(),
            subscript.slice.range().end().to_usize() + 1,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::caret_line;

    fn marks(line: &str, failing: &str) -> Option<String> {
        let source = format!("first = 1\n{line}\nlast = 2\n");
        let start = source.find(failing).unwrap();
        caret_line(&source, 2, start, start + failing.len()).map(|m| m.trim_end().to_string())
    }

    #[test]
    fn marks_as_cpython_3_11_does() {
        assert_eq!(
            marks("    x = 1 / 0", "1 / 0").as_deref(),
            Some("        ~~^~~")
        );
        assert_eq!(
            marks("    return d[k] + 1", "d[k]").as_deref(),
            Some("           ~^^^")
        );
        assert_eq!(
            marks("b = a[0] // 0 + 1", "a[0] // 0").as_deref(),
            Some("        ~~~~~^^~~")
        );
        assert_eq!(
            marks("print(a.missing)", "a.missing").as_deref(),
            Some("          ^^^^^^^^^")
        );
        assert_eq!(
            marks("x = \"é\" + 1", "\"é\" + 1").as_deref(),
            Some("        ~~~~^~~")
        );
        assert_eq!(
            marks("f(\"a\")  # why", "f(\"a\")").as_deref(),
            Some("    ^^^^^^")
        );
    }

    #[test]
    fn the_whole_line_is_not_marked_unless_it_has_anchors() {
        assert_eq!(marks("    f(\"a\")", "f(\"a\")"), None);
        assert_eq!(marks("d[k]", "d[k]").as_deref(), Some("    ~^^^"));
    }

    #[test]
    fn an_expression_over_lines_is_marked_to_the_end_of_its_first() {
        let source = "def f():\n    return 1 +\\\n        None\n";
        let start = source.find("1 +").unwrap();
        let end = source.find("None").unwrap() + 4;
        assert_eq!(
            caret_line(source, 2, start, end).as_deref(),
            Some("           ^^^^\n")
        );
    }

    #[test]
    fn a_position_on_another_line_marks_nothing() {
        let source = "a = 1\nb = 1 / 0\n";
        let start = source.find("1 / 0").unwrap();
        assert_eq!(caret_line(source, 1, start, start + 5), None);
        assert_eq!(caret_line(source, 2, 5, 3), None);
    }
}
