//! From the bytes of a file to source text, as CPython 3.11's tokenizer
//! decides it (`Parser/tokenizer.c`, PEP 263): UTF-8 unless a comment on
//! the first or second line declares another encoding, a UTF-8 byte order
//! mark allowed at the start.
//!
//! minipy decodes UTF-8 and Latin-1 (the encodings a declaration names in
//! practice for Python source); any other declared encoding is reported as
//! CPython reports one it cannot find. The errors are CPython's, word for
//! word, so a program that fails to load fails the same way on both.

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// What a file's encoding declaration names, once normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    /// Any other name: minipy cannot decode it.
    Other(String),
}

/// Decodes a program's bytes. On failure, the error is what CPython prints
/// on standard error (ending in a newline); its exit status is 1.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, String> {
    let (has_bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let declared = declared_encoding(body);
    match (&declared, has_bom) {
        (Some(Encoding::Utf8) | None, _) => {}
        (Some(other), true) => {
            return Err(format!(
                "SyntaxError: encoding problem: {} with BOM\n",
                name_of(other)
            ));
        }
        (Some(_), false) => {}
    }
    match declared {
        Some(Encoding::Latin1) => Ok(body.iter().map(|&b| char::from(b)).collect()),
        Some(Encoding::Other(name)) => match std::str::from_utf8(body) {
            // CPython looks the codec up and fails; an ASCII-only file still
            // loads under a declaration of `ascii`.
            Ok(text) if name == "ascii" && text.is_ascii() => Ok(text.to_string()),
            _ => Err(format!("SyntaxError: encoding problem: {name}\n")),
        },
        Some(Encoding::Utf8) => decode_utf8(body, filename, true),
        None => decode_utf8(body, filename, has_bom),
    }
}

/// UTF-8, or CPython's error: without a declaration (or BOM) the tokenizer
/// refuses the file outright; with one, the string literal holding the
/// bad byte fails to decode.
fn decode_utf8(body: &[u8], filename: &str, declared: bool) -> Result<String, String> {
    let error = match std::str::from_utf8(body) {
        Ok(text) => return Ok(text.to_string()),
        Err(error) => error,
    };
    let at = error.valid_up_to();
    let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
    let byte = body[at];
    if !declared {
        return Err(format!(
            "SyntaxError: Non-UTF-8 code starting with '\\x{byte:02x}' in file {filename} on \
             line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for \
             details\n"
        ));
    }
    let line_start = body[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // The position is counted from the start of the string literal's
    // contents: just after the last quote before the bad byte.
    let quote = body[line_start..at]
        .iter()
        .rposition(|&b| b == b'"' || b == b'\'');
    let position = quote.map_or(at - line_start, |quote| at - line_start - quote - 1);
    let reason = match error.error_len() {
        None => "unexpected end of data",
        Some(_) if is_start_byte(byte) => "invalid continuation byte",
        Some(_) => "invalid start byte",
    };
    let text_end = body[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(body.len(), |i| at + i);
    let text = String::from_utf8_lossy(&body[line_start..text_end]);
    let indent = text.len() - text.trim_start().len();
    // The caret sits just after the literal's opening quote.
    let caret = quote.map_or(0, |quote| {
        String::from_utf8_lossy(&body[line_start..=line_start + quote])
            .chars()
            .count()
            .saturating_sub(indent)
    });
    Err(format!(
        "  File \"{filename}\", line {line}\n    {}\n    {}^\nSyntaxError: (unicode error) \
         'utf-8' codec can't decode byte 0x{byte:02x} in position {position}: {reason}\n",
        text.trim(),
        " ".repeat(caret)
    ))
}

/// A byte that may begin a multi-byte UTF-8 sequence.
fn is_start_byte(byte: u8) -> bool {
    (0xc2..=0xf4).contains(&byte)
}

/// The encoding a comment on line 1 or 2 declares (line 2 counts only if
/// line 1 is a comment or blank), as PEP 263's pattern finds it:
/// `coding[:=]\s*([-\w.]+)` in a line that is only a comment.
fn declared_encoding(body: &[u8]) -> Option<Encoding> {
    let mut lines = body.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    if let Some(name) = declaration(first) {
        return Some(name);
    }
    let first_is_quiet = {
        let trimmed = first.trim_ascii_start();
        trimmed.is_empty() || trimmed.starts_with(b"#")
    };
    if first_is_quiet {
        return lines.next().and_then(declaration);
    }
    None
}

fn declaration(line: &[u8]) -> Option<Encoding> {
    let comment = line.trim_ascii_start().strip_prefix(b"#")?;
    let text = String::from_utf8_lossy(comment);
    let start = text.find("coding")? + "coding".len();
    let rest = text[start..].strip_prefix([':', '='])?;
    let name: String = rest
        .trim_start_matches([' ', '\t'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if name.is_empty() {
        return None;
    }
    Some(normalize(&name))
}

/// CPython's `get_normal_name`: case and `_` do not matter, and a suffix
/// after `utf-8-` or `latin-1-` is ignored.
fn normalize(name: &str) -> Encoding {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    let is = |base: &str| lower == base || lower.starts_with(&format!("{base}-"));
    if is("utf-8") || lower == "utf8" {
        Encoding::Utf8
    } else if is("latin-1") || is("iso-8859-1") || is("iso-latin-1") || lower == "latin1" {
        Encoding::Latin1
    } else {
        Encoding::Other(lower)
    }
}

fn name_of(encoding: &Encoding) -> &str {
    match encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Latin1 => "iso-8859-1",
        Encoding::Other(name) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_a_bom_decodes() {
        assert_eq!(decode_source(b"x = 1\n", "f.py").unwrap(), "x = 1\n");
        assert_eq!(
            decode_source(b"\xef\xbb\xbfx = 1\n", "f.py").unwrap(),
            "x = 1\n"
        );
    }

    #[test]
    fn undeclared_latin1_is_cpythons_non_utf8_error_on_its_line() {
        let error = decode_source(b"print(1)\nx = \"\xff\"\n", "/t/bad.py").unwrap_err();
        assert_eq!(
            error,
            "SyntaxError: Non-UTF-8 code starting with '\\xff' in file /t/bad.py on line 2, \
             but no encoding declared; see https://peps.python.org/pep-0263/ for details\n"
        );
    }

    #[test]
    fn a_latin1_declaration_on_line_one_or_two_decodes() {
        let source = decode_source(b"# -*- coding: Latin_1 -*-\nprint('\xe9')\n", "f.py");
        assert_eq!(
            source.unwrap(),
            "# -*- coding: Latin_1 -*-\nprint('\u{e9}')\n"
        );
        let source = decode_source(
            b"#!/bin/sh\n# vim: fileencoding=iso-8859-1\n'\xe9'\n",
            "f.py",
        );
        assert!(source.unwrap().ends_with("'\u{e9}'\n"));
    }

    #[test]
    fn a_declaration_after_code_or_on_line_three_does_not_count() {
        assert!(decode_source(b"x = 1 # coding: latin-1\n'\xe9'\n", "f.py").is_err());
        assert!(decode_source(b"x = 1\n# coding: latin-1\n'\xe9'\n", "f.py").is_err());
    }

    #[test]
    fn unknown_encodings_and_a_bom_with_another_encoding_are_encoding_problems() {
        assert_eq!(
            decode_source(b"# coding: foo\nx = 1\n", "f.py").unwrap_err(),
            "SyntaxError: encoding problem: foo\n"
        );
        assert_eq!(
            decode_source(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "f.py").unwrap_err(),
            "SyntaxError: encoding problem: iso-8859-1 with BOM\n"
        );
        assert!(decode_source(b"# coding: ascii\nx = 1\n", "f.py").is_ok());
    }

    #[test]
    fn declared_utf8_that_is_not_is_a_unicode_error_in_the_literal() {
        let error = decode_source(b"# coding: utf-8\nx = \"\xff\"\n", "f.py").unwrap_err();
        assert!(error.starts_with("  File \"f.py\", line 2\n"), "{error}");
        assert!(
            error.ends_with(
                "SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xff in \
                 position 0: invalid start byte\n"
            ),
            "{error}"
        );
    }
}
