//! Format specs (`{x:>8.2f}`, `format(x, ",")`) and the reprs of floats
//! and strings, exactly as CPython 3.11 prints them.
//!
//! Serves every chapter's example programs: what they print must match
//! `python3` character for character.

pub(crate) use minipy_compiler::repr::{float_repr, is_printable, str_repr};
use num_bigint::BigInt as Big;
use num_traits::{Signed, ToPrimitive};

use crate::types::bigint::big_to_f64;

/// What a format spec applies to.
pub(crate) enum FormatInput {
    Int(i64),
    Big(Big),
    Float(f64),
    Text(String),
}

/// Why `spec` cannot format an object of type `type_name`, in CPython
/// 3.11's words: a spec that does not parse, a type code the type does not
/// know, or a separator the code does not take.
pub(crate) fn format_spec_error(spec: &str, type_name: &str) -> String {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    if chars.len() >= 2 && "<>^=".contains(chars[1]) {
        i = 2;
    } else if chars.first().is_some_and(|c| "<>^=".contains(*c)) {
        i = 1;
    }
    let skip = |i: &mut usize, set: &str| {
        if chars.get(*i).is_some_and(|c| set.contains(*c)) {
            *i += 1;
        }
    };
    skip(&mut i, "+- ");
    skip(&mut i, "z");
    skip(&mut i, "#");
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    let grouping = chars.get(i).copied().filter(|c| *c == ',' || *c == '_');
    skip(&mut i, ",_");
    if chars.get(i) == Some(&'.') {
        i += 1;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
    }
    match &chars[i.min(chars.len())..] {
        [code] if grouping.is_some() && "xXob".contains(*code) => {
            format!(
                "Cannot specify '{}' with '{code}'.",
                grouping.unwrap_or(',')
            )
        }
        [code] => format!("Unknown format code '{code}' for object of type '{type_name}'"),
        [] if spec.contains('z') && type_name == "int" => {
            "Negative zero coercion (z) not allowed in integer format specifier".to_string()
        }
        _ => format!("Invalid format specifier '{spec}' for object of type '{type_name}'"),
    }
}

/// Applies a format spec (`[[fill]align][sign][0][width][,][.precision][type]`).
pub(crate) fn format_with_spec(input: FormatInput, spec: &str) -> Option<String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let (mut fill, mut align) = (' ', None);
    if chars.len() >= 2 && matches!(chars[1], '<' | '>' | '^' | '=') {
        fill = chars[0];
        align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && matches!(chars[0], '<' | '>' | '^' | '=') {
        align = Some(chars[0]);
        i = 1;
    }
    let mut sign = '-';
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        sign = chars[i];
        i += 1;
    }
    let alternate = i < chars.len() && chars[i] == '#';
    if alternate {
        i += 1;
    }
    // `0` before the width pads with zeros: after the sign for a number,
    // on the right for a string (3.10+), unless an alignment was given.
    let mut zero_padded = false;
    if i < chars.len() && chars[i] == '0' {
        fill = '0';
        zero_padded = align.is_none();
        align = align.or(Some('='));
        i += 1;
    }
    let width_start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    let width: usize = chars[width_start..i]
        .iter()
        .collect::<String>()
        .parse()
        .unwrap_or(0);
    let mut grouping = None;
    if i < chars.len() && (chars[i] == ',' || chars[i] == '_') {
        grouping = Some(chars[i]);
        i += 1;
    }
    let mut precision = None;
    if i < chars.len() && chars[i] == '.' {
        let start = i + 1;
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        precision = Some(
            chars[start..i]
                .iter()
                .collect::<String>()
                .parse::<usize>()
                .ok()?,
        );
    }
    let kind = chars.get(i).copied();
    if i + usize::from(kind.is_some()) != chars.len() {
        return None;
    }
    // Integers of any size share one path; floats keep their own.
    let input = match input {
        FormatInput::Int(n) if !matches!(kind, Some('f' | 'F' | 'e' | 'E' | '%' | 'g' | 'G')) => {
            FormatInput::Big(Big::from(n))
        }
        FormatInput::Big(n) if matches!(kind, Some('f' | 'F' | 'e' | 'E' | '%' | 'g' | 'G')) => {
            FormatInput::Float(big_to_f64(&n))
        }
        other => other,
    };
    let (negative, body, numeric) = match (input, kind) {
        (FormatInput::Big(n), None | Some('d' | 'n')) if precision.is_none() => {
            let digits = n.magnitude().to_string();
            let room = width.saturating_sub(usize::from(n.is_negative() || sign != '-'));
            let body = match zero_padded {
                true => zero_grouped(&digits, grouping, 3, room),
                false => group(&digits, grouping, 3),
            };
            (n.is_negative(), body, true)
        }
        (FormatInput::Big(n), Some(k @ ('x' | 'X' | 'o' | 'b'))) if precision.is_none() => {
            let (radix, prefix) = match k {
                'x' => (16, "0x"),
                'X' => (16, "0X"),
                'o' => (8, "0o"),
                _ => (2, "0b"),
            };
            let mut digits = n.magnitude().to_str_radix(radix);
            if k == 'X' {
                digits = digits.to_uppercase();
            }
            // `_` groups these by four; `,` is not allowed with them.
            if grouping == Some(',') {
                return None;
            }
            let prefix = if alternate { prefix } else { "" };
            let taken = usize::from(n.is_negative() || sign != '-') + prefix.len();
            let digits = match zero_padded {
                true => zero_grouped(&digits, grouping, 4, width.saturating_sub(taken)),
                false => group(&digits, grouping, 4),
            };
            // The prefix goes before any zeros, as the sign does.
            return Some(pad(
                n.is_negative(),
                sign,
                prefix,
                digits,
                true,
                fill,
                align,
                width,
            ));
        }
        (FormatInput::Big(n), Some('c')) => {
            let c = n.to_u32().and_then(char::from_u32)?;
            (false, c.to_string(), false)
        }
        (FormatInput::Text(text), None | Some('s')) => {
            if zero_padded {
                align = Some('<');
            }
            let text = match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            };
            (false, text, false)
        }
        (FormatInput::Int(n), Some(k @ ('f' | 'F' | 'e' | 'E' | '%' | 'g' | 'G'))) => {
            return format_with_spec_float(
                n as f64, k, precision, grouping, sign, fill, align, width,
            );
        }
        (FormatInput::Float(x), Some(k @ ('f' | 'F' | 'e' | 'E' | '%' | 'g' | 'G'))) => {
            return format_with_spec_float(x, k, precision, grouping, sign, fill, align, width);
        }
        (FormatInput::Float(x), None) => match precision {
            Some(p) => {
                return format_with_spec_float(x, 'g', Some(p), grouping, sign, fill, align, width);
            }
            None => {
                let text = float_repr(x.abs());
                // Grouping applies to the digits before the point.
                let body = match text.split_once('.') {
                    Some((whole, fraction)) if !text.contains('e') => {
                        format!("{}.{fraction}", group(whole, grouping, 3))
                    }
                    _ => text,
                };
                (x.is_sign_negative() && !x.is_nan(), body, true)
            }
        },
        _ => return None,
    };
    Some(pad(negative, sign, "", body, numeric, fill, align, width))
}

#[allow(clippy::too_many_arguments)]
fn format_with_spec_float(
    x: f64,
    kind: char,
    precision: Option<usize>,
    grouping: Option<char>,
    sign: char,
    fill: char,
    align: Option<char>,
    width: usize,
) -> Option<String> {
    let p = precision.unwrap_or(6);
    let magnitude = x.abs();
    let upper = kind.is_ascii_uppercase();
    let kind = kind.to_ascii_lowercase();
    if !x.is_finite() {
        let word = if x.is_nan() { "nan" } else { "inf" };
        let word = if upper {
            word.to_uppercase()
        } else {
            word.to_string()
        };
        let word = if kind == '%' {
            format!("{word}%")
        } else {
            word
        };
        return Some(pad(x < 0.0, sign, "", word, true, fill, align, width));
    }
    let body = match kind {
        'f' | 'F' => {
            let text = format!("{magnitude:.p$}");
            match text.split_once('.') {
                Some((whole, fraction)) => format!("{}.{fraction}", group(whole, grouping, 3)),
                None => group(&text, grouping, 3),
            }
        }
        'e' => python_exponent(&format!("{magnitude:.p$e}")),
        '%' => format!("{:.p$}%", magnitude * 100.0),
        _ => {
            let p = p.max(1);
            let exponent = if magnitude == 0.0 {
                0
            } else {
                magnitude.log10().floor() as i32
            };
            if exponent < -4 || exponent >= p as i32 {
                let text = python_exponent(&format!("{magnitude:.prec$e}", prec = p - 1));
                trim_fraction_zeros_exp(&text)
            } else {
                let decimals = (p as i32 - 1 - exponent).max(0) as usize;
                let text = format!("{magnitude:.decimals$}");
                if text.contains('.') {
                    text.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    text
                }
            }
        }
    };
    let body = if upper { body.to_uppercase() } else { body };
    // A negative zero, or what rounds to zero, keeps its sign.
    Some(pad(
        x.is_sign_negative(),
        sign,
        "",
        body,
        true,
        fill,
        align,
        width,
    ))
}

fn trim_fraction_zeros_exp(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            format!(
                "{}e{exponent}",
                mantissa.trim_end_matches('0').trim_end_matches('.')
            )
        }
        _ => text.to_string(),
    }
}

/// Rust's `1.5e3` as Python's `1.5e+03`.
fn python_exponent(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(d) => ('-', d),
                None => ('+', exponent),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => text.to_string(),
    }
}

/// Digits with a separator (`,` or `_`) every `every` places from the right.
fn group(digits: &str, grouping: Option<char>, every: usize) -> String {
    let Some(separator) = grouping else {
        return digits.to_string();
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(every) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Digits padded with zeros to at least `width` characters once grouped,
/// the separators counted, as a `0` before the width asks for.
fn zero_grouped(digits: &str, grouping: Option<char>, every: usize, width: usize) -> String {
    let mut padded = digits.to_string();
    loop {
        let grouped = group(&padded, grouping, every);
        if grouped.len() >= width {
            return grouped;
        }
        padded.insert(0, '0');
    }
}

/// `body` after its sign and `prefix` (`0x`), filled to `width`.
#[allow(clippy::too_many_arguments)]
fn pad(
    negative: bool,
    sign: char,
    prefix: &str,
    body: String,
    numeric: bool,
    fill: char,
    align: Option<char>,
    width: usize,
) -> String {
    let sign_text = match (negative, sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    };
    let sign_text = format!("{sign_text}{prefix}");
    let len = sign_text.chars().count() + body.chars().count();
    let padding = width.saturating_sub(len);
    let fill_text = |n: usize| fill.to_string().repeat(n);
    match align.unwrap_or(if numeric { '>' } else { '<' }) {
        '<' => format!("{sign_text}{body}{}", fill_text(padding)),
        '^' => format!(
            "{}{sign_text}{body}{}",
            fill_text(padding / 2),
            fill_text(padding - padding / 2)
        ),
        '=' => format!("{sign_text}{}{body}", fill_text(padding)),
        _ => format!("{}{sign_text}{body}", fill_text(padding)),
    }
}
