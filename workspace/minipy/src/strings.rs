//! `%`-formatting of strings (`"%d items" % n`), as `str.__mod__` does it.
//!
//! Serves the programs of every chapter that print tables the old way.
//! Each conversion is turned into the equivalent `format()` spec and handed
//! to the same formatter f-strings use, so both agree on every number.

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::errors::ExcKind;
use crate::vm::{PyResult, Vm};

/// One `%` conversion: `%(name)-08.3f`.
#[derive(Debug, Default)]
struct Conversion {
    key: Option<String>,
    left: bool,
    zero: bool,
    sign: Option<char>,
    alternate: bool,
    width: Option<String>,
    precision: Option<String>,
    kind: char,
}

impl Vm {
    /// `format % values` (both borrowed), a new string.
    pub(crate) fn percent_format(&mut self, format: ObjRef, values: ObjRef) -> PyResult<ObjRef> {
        let text = self.str_of(format).unwrap_or_default().to_string();
        let (positional, mapping): (Vec<ObjRef>, Option<ObjRef>) = match self.payload(values) {
            Payload::Tuple(items) => (items.to_vec(), None),
            Payload::Dict(_) => (vec![values], Some(values)),
            _ => (vec![values], None),
        };
        let mut next = 0;
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let conversion = self.parse_conversion(&mut chars)?;
            if conversion.kind == '%' {
                out.push('%');
                continue;
            }
            let value = match (&conversion.key, mapping) {
                (Some(key), Some(mapping)) => {
                    let found = match self.payload(mapping) {
                        Payload::Dict(dict) => dict.get(&DictKey::Str(key.as_str().into())),
                        _ => None,
                    };
                    match found {
                        Some(v) => v,
                        None => {
                            return Err(self.error(ExcKind::KeyError, format!("'{key}'")));
                        }
                    }
                }
                (Some(_), None) => {
                    return Err(self.error(ExcKind::TypeError, "format requires a mapping".into()));
                }
                (None, _) => match positional.get(next) {
                    Some(&v) => {
                        next += 1;
                        v
                    }
                    None => {
                        return Err(self.error(
                            ExcKind::TypeError,
                            "not enough arguments for format string".into(),
                        ));
                    }
                },
            };
            out.push_str(&self.convert_one(&conversion, value)?);
        }
        if mapping.is_none() && next < positional.len() {
            return Err(self.error(
                ExcKind::TypeError,
                "not all arguments converted during string formatting".into(),
            ));
        }
        Ok(self.new_str(&out))
    }

    fn parse_conversion(
        &mut self,
        chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    ) -> PyResult<Conversion> {
        let mut conversion = Conversion::default();
        if chars.peek() == Some(&'(') {
            chars.next();
            conversion.key = Some(chars.by_ref().take_while(|&c| c != ')').collect());
        }
        while let Some(&flag) = chars.peek() {
            match flag {
                '-' => conversion.left = true,
                '0' => conversion.zero = true,
                '+' => conversion.sign = Some('+'),
                ' ' => conversion.sign = conversion.sign.or(Some(' ')),
                '#' => conversion.alternate = true,
                _ => break,
            }
            chars.next();
        }
        let digits = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
            let mut text = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                text.push(d);
                chars.next();
            }
            (!text.is_empty()).then_some(text)
        };
        conversion.width = digits(chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            conversion.precision = Some(digits(chars).unwrap_or_else(|| "0".into()));
        }
        match chars.next() {
            Some(kind) if "diouxXeEfFgGcrsa%".contains(kind) => conversion.kind = kind,
            Some(kind) => {
                return Err(self.error(
                    ExcKind::ValueError,
                    format!(
                        "unsupported format character '{kind}' (0x{:x})",
                        kind as u32
                    ),
                ));
            }
            None => {
                return Err(self.error(ExcKind::ValueError, "incomplete format".into()));
            }
        }
        Ok(conversion)
    }

    /// One value converted as `conversion` says.
    fn convert_one(&mut self, conversion: &Conversion, value: ObjRef) -> PyResult<String> {
        let align = if conversion.left { "<" } else { ">" };
        let width = conversion.width.clone().unwrap_or_default();
        let sign = conversion.sign.map(String::from).unwrap_or_default();
        let zero = if conversion.zero && !conversion.left {
            "0"
        } else {
            ""
        };
        match conversion.kind {
            's' | 'r' | 'a' => {
                let text = if conversion.kind == 's' {
                    self.str_value(value)?
                } else {
                    self.repr(value)?
                };
                let text = match &conversion.precision {
                    Some(p) => text.chars().take(p.parse().unwrap_or(usize::MAX)).collect(),
                    None => text,
                };
                let spec = format!("{align}{width}");
                let text_object = self.new_str(&text);
                let result = self.format_value(text_object, false, Some(&spec));
                self.decref(text_object);
                result
            }
            'c' => {
                let text = match self.payload(value) {
                    Payload::Int(n) => char::from_u32(*n as u32).map(String::from),
                    Payload::Str(s) if s.chars().count() == 1 => Some(s.to_string()),
                    _ => None,
                };
                let Some(text) = text else {
                    return Err(self.error(ExcKind::TypeError, "%c requires int or char".into()));
                };
                Ok(format!("{text:>w$}", w = width.parse().unwrap_or(0)))
            }
            kind => {
                let is_number = matches!(
                    self.payload(value),
                    Payload::Int(_) | Payload::Bool(_) | Payload::Float(_)
                ) || self.is_big_int(value);
                if !is_number {
                    let name = self.type_name(value);
                    return Err(self.error(
                        ExcKind::TypeError,
                        format!("%{kind} format: a real number is required, not {name}"),
                    ));
                }
                let (value, owned) = if "diouxX".contains(kind)
                    && matches!(self.payload(value), Payload::Float(_))
                {
                    let truncated =
                        self.call_builtin(crate::builtins::BuiltinFn::Int, &[value], &[])?;
                    (truncated, true)
                } else {
                    (value, false)
                };
                let kind_text = match kind {
                    'i' | 'u' => 'd',
                    k => k,
                };
                let precision = match (&conversion.precision, kind_text) {
                    (Some(p), 'e' | 'E' | 'f' | 'F' | 'g' | 'G') => format!(".{p}"),
                    (None, 'e' | 'E' | 'f' | 'F' | 'g' | 'G') => ".6".into(),
                    _ => String::new(),
                };
                let alternate = if conversion.alternate { "#" } else { "" };
                let spec = format!("{align}{sign}{alternate}{zero}{width}{precision}{kind_text}");
                let spec = if zero.is_empty() {
                    spec
                } else {
                    // `0` padding goes between the sign and the digits.
                    format!("{sign}{alternate}0{width}{precision}{kind_text}")
                };
                let result = self.format_value(value, false, Some(&spec));
                if owned {
                    self.decref(value);
                }
                result
            }
        }
    }
}
