//! The methods of `str`, `str.format`, and `%`-formatting (`"%d items" % n`)
//! as `str.__mod__` does it.
//!
//! Serves the programs of every chapter that print tables. Each `%`
//! conversion is turned into the equivalent `format()` spec and handed to
//! the same formatter f-strings use, so both agree on every number.

use std::rc::Rc;

use ch01_objects::{DictKey, ObjRef, Payload};

use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::formatting::{FormatInput, format_with_spec};
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
                let text = match conversion.kind {
                    's' => self.str_value(value)?,
                    'r' => self.repr(value)?,
                    _ => self.ascii_repr(value)?,
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
                        self.call_builtin(crate::types::builtin_fn::BuiltinFn::Int, &[value], &[])?;
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

impl Vm {
    /// The methods of `str`; `receiver` is the string, `rest` the other arguments.
    pub(crate) fn str_method(
        &mut self,
        function: BuiltinFn,
        receiver: ObjRef,
        rest: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let text = self.str_of(receiver).unwrap_or_default().to_string();
        let string_arg = |vm: &mut Vm, i: usize| -> PyResult<Option<String>> {
            match rest.get(i) {
                Some(&r) if r == vm.none() => Ok(None),
                Some(&r) => vm.str_arg(r, function).map(Some),
                None => Ok(None),
            }
        };
        let result = match function {
            F::StrJoin => {
                let iterable = self.arg(rest, 0, function)?;
                let items = self.collect_items(iterable)?;
                // One string joined with nothing is that string (CPython's
                // `PyUnicode_Join`): the list's reference becomes the result.
                if let [only] = items[..]
                    && self.str_of(only).is_some()
                {
                    return Ok(only);
                }
                let mut parts = vec![];
                for &item in &items {
                    match self.str_of(item) {
                        Some(s) => parts.push(s.to_string()),
                        None => {
                            let name = self.type_name(item);
                            self.decref_all(items);
                            return Err(self.error(
                                ExcKind::TypeError,
                                format!(
                                    "sequence item {}: expected str instance, {name} found",
                                    parts.len()
                                ),
                            ));
                        }
                    }
                }
                self.decref_all(items);
                StrResult::Text(parts.join(&text))
            }
            F::StrSplit | F::StrRsplit => {
                let separator = match rest.first().copied().or(Self::kwarg(kwargs, "sep")) {
                    Some(r) if r != self.none() => Some(self.str_arg(r, function)?),
                    _ => None,
                };
                let limit = match rest.get(1).copied().or(Self::kwarg(kwargs, "maxsplit")) {
                    Some(r) => self.int_arg(r, "maxsplit")?,
                    None => -1,
                };
                let limit = usize::try_from(limit).ok();
                let reverse = function == F::StrRsplit;
                let parts = match separator.as_deref() {
                    Some("") => {
                        return Err(self.error(ExcKind::ValueError, "empty separator".into()));
                    }
                    Some(sep) => split_on(&text, sep, limit, reverse),
                    None => split_whitespace(&text, limit, reverse),
                };
                StrResult::List(parts)
            }
            F::StrSplitlines => {
                let keepends = match rest.first().copied().or(Self::kwarg(kwargs, "keepends")) {
                    Some(r) => self.truthy(r)?,
                    None => false,
                };
                StrResult::Appended(split_lines(&text, keepends))
            }
            F::StrStrip | F::StrLstrip | F::StrRstrip => {
                let chars = string_arg(self, 0)?;
                let matches = |c: char| match &chars {
                    Some(set) => set.contains(c),
                    None => c.is_whitespace(),
                };
                StrResult::Text(match function {
                    F::StrStrip => text.trim_matches(matches).to_string(),
                    F::StrLstrip => text.trim_start_matches(matches).to_string(),
                    _ => text.trim_end_matches(matches).to_string(),
                })
            }
            F::StrStartswith | F::StrEndswith => {
                let affix = self.arg(rest, 0, function)?;
                let text = self.char_slice(&text, rest.get(1), rest.get(2))?;
                let candidates: Vec<ObjRef> = match self.payload(affix) {
                    Payload::Tuple(items) => items.to_vec(),
                    _ => vec![affix],
                };
                let mut found = false;
                for candidate in candidates {
                    let affix = self.str_arg(candidate, function)?;
                    found |= if function == F::StrStartswith {
                        text.starts_with(&affix)
                    } else {
                        text.ends_with(&affix)
                    };
                }
                StrResult::Bool(found)
            }
            F::StrUpper => StrResult::Text(text.to_uppercase()),
            F::StrRemoveprefix | F::StrRemovesuffix => {
                let affix = string_arg(self, 0)?.unwrap_or_default();
                let stripped = if function == F::StrRemoveprefix {
                    text.strip_prefix(affix.as_str())
                } else {
                    text.strip_suffix(affix.as_str())
                };
                StrResult::Text(stripped.unwrap_or(&text).to_string())
            }
            F::StrCasefold => StrResult::Text(text.to_lowercase()),
            F::StrIsnumeric | F::StrIsdecimal => {
                StrResult::Bool(!text.is_empty() && text.chars().all(char::is_numeric))
            }
            F::StrIsalpha => {
                StrResult::Bool(!text.is_empty() && text.chars().all(char::is_alphabetic))
            }
            F::StrIsalnum => {
                StrResult::Bool(!text.is_empty() && text.chars().all(char::is_alphanumeric))
            }
            F::StrIsspace => {
                StrResult::Bool(!text.is_empty() && text.chars().all(char::is_whitespace))
            }
            F::StrIsupper | F::StrIslower => {
                let cased: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
                let upper = function == F::StrIsupper;
                StrResult::Bool(
                    !cased.is_empty()
                        && cased.iter().all(|c| {
                            if upper {
                                !c.is_lowercase()
                            } else {
                                !c.is_uppercase()
                            }
                        }),
                )
            }
            F::StrSwapcase => StrResult::Text(
                text.chars()
                    .flat_map(|c| {
                        if c.is_uppercase() {
                            c.to_lowercase().collect::<Vec<_>>()
                        } else {
                            c.to_uppercase().collect()
                        }
                    })
                    .collect(),
            ),
            F::StrTitle | F::StrCapitalize => {
                let mut out = String::new();
                let mut start_of_word = true;
                let mut first = true;
                for c in text.chars() {
                    let upper = if function == F::StrTitle {
                        start_of_word
                    } else {
                        first
                    };
                    if upper {
                        out.extend(c.to_uppercase());
                    } else {
                        out.extend(c.to_lowercase());
                    }
                    start_of_word = !c.is_alphabetic();
                    first = false;
                }
                StrResult::Text(out)
            }
            F::StrZfill => {
                let width = self.arg(rest, 0, function)?;
                let width = self.int_arg(width, "width")?.max(0) as usize;
                let count = text.chars().count();
                if count >= width {
                    StrResult::Text(text.clone())
                } else {
                    let (sign, digits) = match text.chars().next() {
                        Some(c @ ('+' | '-')) => (c.to_string(), &text[1..]),
                        _ => (String::new(), text.as_str()),
                    };
                    StrResult::Text(format!("{sign}{}{digits}", "0".repeat(width - count)))
                }
            }
            F::StrPartition => {
                let separator = string_arg(self, 0)?.unwrap_or_default();
                let parts = match text.split_once(&separator) {
                    Some((head, tail)) => [head.to_string(), separator.clone(), tail.to_string()],
                    None => [text.clone(), String::new(), String::new()],
                };
                let items: Vec<ObjRef> = parts
                    .iter()
                    .map(|p| self.same_or_new_str(receiver, p))
                    .collect();
                return Ok(self.alloc(Payload::Tuple(items.into())));
            }
            F::StrLower => StrResult::Text(text.to_lowercase()),
            F::StrRpartition => {
                let separator = string_arg(self, 0)?.unwrap_or_default();
                let parts = match text.rsplit_once(&separator) {
                    Some((head, tail)) => [head.to_string(), separator.clone(), tail.to_string()],
                    None => [String::new(), String::new(), text.clone()],
                };
                let items: Vec<ObjRef> = parts
                    .iter()
                    .map(|p| self.same_or_new_str(receiver, p))
                    .collect();
                return Ok(self.alloc(Payload::Tuple(items.into())));
            }
            F::StrIsascii => StrResult::Bool(text.is_ascii()),
            F::StrIsidentifier => StrResult::Bool(
                text.chars()
                    .next()
                    .is_some_and(|c| c == '_' || c.is_alphabetic())
                    && text.chars().all(|c| c == '_' || c.is_alphanumeric()),
            ),
            F::StrIsprintable => {
                StrResult::Bool(text.chars().all(crate::types::formatting::is_printable))
            }
            F::StrIstitle => {
                let mut seen_cased = false;
                let mut previous_cased = false;
                let mut title = true;
                for c in text.chars() {
                    if c.is_uppercase() {
                        title &= !previous_cased;
                        previous_cased = true;
                        seen_cased = true;
                    } else if c.is_lowercase() {
                        title &= previous_cased;
                        previous_cased = true;
                        seen_cased = true;
                    } else {
                        previous_cased = false;
                    }
                }
                StrResult::Bool(title && seen_cased)
            }
            F::StrExpandtabs => {
                let size = match rest.first() {
                    Some(&n) => self.int_arg(n, "tabsize")?.max(0) as usize,
                    None => 8,
                };
                let mut out = String::new();
                let mut column = 0;
                for c in text.chars() {
                    match c {
                        '\t' => {
                            let pad = if size == 0 { 0 } else { size - column % size };
                            out.push_str(&" ".repeat(pad));
                            column += pad;
                        }
                        '\n' | '\r' => {
                            out.push(c);
                            column = 0;
                        }
                        c => {
                            out.push(c);
                            column += 1;
                        }
                    }
                }
                StrResult::Text(out)
            }
            F::StrIsdigit => {
                StrResult::Bool(!text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
            }
            F::StrReplace => {
                let old = string_arg(self, 0)?.unwrap_or_default();
                let new = string_arg(self, 1)?.unwrap_or_default();
                let count = match rest.get(2).copied() {
                    Some(r) => self.int_arg(r, "count")?,
                    None => -1,
                };
                StrResult::Text(match usize::try_from(count) {
                    Ok(count) => text.replacen(&old, &new, count),
                    Err(_) => text.replace(&old, &new),
                })
            }
            F::StrFind | F::StrRfind | F::StrIndex | F::StrRindex | F::StrCount => {
                // `text[start:end]` is searched; a start past the end finds
                // nothing, not even the empty string.
                let needle = string_arg(self, 0)?.unwrap_or_default();
                let len = text.chars().count();
                let start = match rest.get(1) {
                    Some(&r) if r != self.none() => self.int_arg(r, "start")?,
                    _ => 0,
                };
                let past_end = start > len as i64;
                let skipped = clamp_index(start, len);
                let window = self.char_slice(&text, rest.get(1), rest.get(2))?;
                if function == F::StrCount {
                    let count = match () {
                        _ if past_end => 0,
                        _ if needle.is_empty() => window.chars().count() + 1,
                        _ => window.matches(&needle).count(),
                    };
                    StrResult::Int(count as i64)
                } else {
                    let found = match function {
                        _ if past_end => None,
                        F::StrRfind | F::StrRindex => window.rfind(&needle),
                        _ => window.find(&needle),
                    };
                    match found {
                        Some(byte) => {
                            StrResult::Int((skipped + window[..byte].chars().count()) as i64)
                        }
                        None if matches!(function, F::StrIndex | F::StrRindex) => {
                            return Err(
                                self.error(ExcKind::ValueError, "substring not found".into())
                            );
                        }
                        None => StrResult::Int(-1),
                    }
                }
            }
            F::StrLjust | F::StrRjust | F::StrCenter => {
                let width = self.arg(rest, 0, function)?;
                let width = self.int_arg(width, "width")?.max(0);
                let fill = string_arg(self, 1)?
                    .and_then(|f| f.chars().next())
                    .unwrap_or(' ');
                let align = match function {
                    F::StrLjust => '<',
                    F::StrRjust => '>',
                    _ => '^',
                };
                let spec = format!("{fill}{align}{width}");
                StrResult::Text(
                    format_with_spec(FormatInput::Text(text.clone()), &spec).unwrap_or(text),
                )
            }
            F::StrFormat => {
                let mut out = String::new();
                let mut next = 0;
                let mut chars = text.chars().peekable();
                while let Some(c) = chars.next() {
                    match c {
                        '{' if chars.peek() == Some(&'{') => {
                            chars.next();
                            out.push('{');
                        }
                        '}' if chars.peek() == Some(&'}') => {
                            chars.next();
                            out.push('}');
                        }
                        '{' => {
                            // The field runs to its matching `}` (specs may nest fields).
                            let mut field = String::new();
                            let mut depth = 0;
                            for c in chars.by_ref() {
                                match c {
                                    '{' => depth += 1,
                                    '}' if depth == 0 => break,
                                    '}' => depth -= 1,
                                    _ => {}
                                }
                                field.push(c);
                            }
                            let text = self.format_field(&field, rest, kwargs, &mut next)?;
                            out.push_str(&text);
                        }
                        c => out.push(c),
                    }
                }
                StrResult::Text(out)
            }
            _ => {
                return Err(self.error(
                    ExcKind::SystemError,
                    format!("unknown method {}", function.name()),
                ));
            }
        };
        // CPython 3.11 hands back the string itself when a method leaves it
        // as it was (`unicode_result_unchanged`): `s.strip() is s` when
        // there was nothing to strip.
        let keeps_itself = matches!(
            function,
            F::StrStrip
                | F::StrLstrip
                | F::StrRstrip
                | F::StrReplace
                | F::StrCenter
                | F::StrLjust
                | F::StrRjust
                | F::StrZfill
                | F::StrExpandtabs
                | F::StrRemoveprefix
                | F::StrRemovesuffix
        );
        Ok(match result {
            StrResult::Text(t) if keeps_itself => self.same_or_new_str(receiver, &t),
            StrResult::Text(t) => self.new_str(&t),
            StrResult::Bool(b) => self.new_bool(b),
            StrResult::Int(n) => self.new_int(n),
            StrResult::List(parts) => {
                // CPython's split starts with room for 12 parts (`PREALLOC_SIZE`).
                let mut items = ch01_objects::ThinVec::with_capacity(12);
                for part in &parts {
                    let item = self.same_or_new_str(receiver, part);
                    if items.len() < items.capacity() {
                        items.push(item);
                    } else {
                        crate::types::sizes::list_push(&mut items, item);
                    }
                }
                self.alloc(Payload::List(items))
            }
            StrResult::Appended(parts) => {
                let mut items = ch01_objects::ThinVec::new();
                for part in &parts {
                    let item = self.same_or_new_str(receiver, part);
                    crate::types::sizes::list_push(&mut items, item);
                }
                self.alloc(Payload::List(items))
            }
        })
    }
}

/// `str.split(sep, maxsplit)` / `rsplit`.
fn split_on(text: &str, sep: &str, limit: Option<usize>, reverse: bool) -> Vec<String> {
    match (limit, reverse) {
        (None, _) => text.split(sep).map(str::to_string).collect(),
        (Some(n), false) => text.splitn(n + 1, sep).map(str::to_string).collect(),
        (Some(n), true) => {
            let mut parts: Vec<String> = text.rsplitn(n + 1, sep).map(str::to_string).collect();
            parts.reverse();
            parts
        }
    }
}

/// `str.split()` with no separator: runs of whitespace, ends trimmed.
fn split_whitespace(text: &str, limit: Option<usize>, reverse: bool) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(n) = limit.filter(|&n| n < words.len().saturating_sub(0)) else {
        return words.into_iter().map(str::to_string).collect();
    };
    if n >= words.len() {
        return words.into_iter().map(str::to_string).collect();
    }
    if reverse {
        // Keep the first words joined as they appear in the text.
        let trimmed = text.trim_end();
        let mut parts = vec![];
        let mut rest = trimmed;
        for _ in 0..n {
            let at = rest.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            parts.push(rest[at..].to_string());
            rest = rest[..at].trim_end();
        }
        if !rest.is_empty() {
            parts.push(rest.to_string());
        }
        parts.reverse();
        parts
    } else {
        let mut parts = vec![];
        let mut rest = text.trim_start();
        for _ in 0..n {
            let at = rest.find(char::is_whitespace).unwrap_or(rest.len());
            parts.push(rest[..at].to_string());
            rest = rest[at..].trim_start();
        }
        if !rest.is_empty() {
            parts.push(rest.to_string());
        }
        parts
    }
}

impl Vm {
    /// One `str.format` replacement field, `name!conversion:spec`, where the
    /// spec may itself contain fields (`{:>{width}}`). `next` numbers `{}`.
    fn format_field(
        &mut self,
        field: &str,
        rest: &[ObjRef],
        kwargs: &[(Rc<str>, ObjRef)],
        next: &mut usize,
    ) -> PyResult<String> {
        let (name, spec) = field.split_once(':').unwrap_or((field, ""));
        let (name, conversion) = name.split_once('!').unwrap_or((name, ""));
        // `{0.attr}` and `{0[key]}` look further into the argument.
        let split = name.find(['.', '[']).unwrap_or(name.len());
        let (name, path) = name.split_at(split);
        // `next` counts the automatic fields (`{}`); [`MANUAL`] once a
        // field gave its number, and the two may not be mixed.
        const MANUAL: usize = usize::MAX;
        let switching = |vm: &mut Vm, from: &str, to: &str| {
            vm.error(
                ExcKind::ValueError,
                format!("cannot switch from {from} to {to}"),
            )
        };
        let value = if name.is_empty() {
            if *next == MANUAL {
                return Err(switching(
                    self,
                    "manual field specification",
                    "automatic field numbering",
                ));
            }
            *next += 1;
            rest.get(*next - 1).copied()
        } else if let Ok(position) = name.parse::<usize>() {
            if *next != 0 && *next != MANUAL {
                return Err(switching(
                    self,
                    "automatic field numbering",
                    "manual field specification",
                ));
            }
            *next = MANUAL;
            rest.get(position).copied()
        } else {
            match Self::kwarg(kwargs, name) {
                Some(value) => Some(value),
                None => return Err(self.error(ExcKind::KeyError, name.to_string())),
            }
        };
        let Some(value) = value else {
            let index = name.parse::<usize>().unwrap_or(next.saturating_sub(1));
            return Err(self.error(
                ExcKind::IndexError,
                format!("Replacement index {index} out of range for positional args tuple"),
            ));
        };
        let mut expanded = String::new();
        let mut spec_chars = spec.chars();
        while let Some(c) = spec_chars.next() {
            if c == '{' {
                let inner: String = spec_chars.by_ref().take_while(|&c| c != '}').collect();
                expanded.push_str(&self.format_field(&inner, rest, kwargs, next)?);
            } else {
                expanded.push(c);
            }
        }
        let (value, owned) = if path.is_empty() {
            (value, false)
        } else {
            (self.format_field_path(value, path)?, true)
        };
        let text = self.format_converted(value, conversion.chars().next(), Some(&expanded));
        if owned {
            self.decref(value);
        }
        text
    }

    /// `.attr` and `[key]` steps of a `str.format` field (a new reference).
    fn format_field_path(&mut self, value: ObjRef, path: &str) -> PyResult<ObjRef> {
        self.incref(value);
        let mut current = value;
        let mut rest = path;
        while !rest.is_empty() {
            let next = if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                let result = self.get_attr(current, &after[..end]);
                rest = &after[end..];
                result
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').unwrap_or(after.len());
                let key_text = &after[..end];
                let key = match key_text.parse::<i64>() {
                    Ok(n) => self.new_int(n),
                    Err(_) => self.new_str(key_text),
                };
                let result = self.get_item(current, key);
                self.decref(key);
                rest = after.get(end + 1..).unwrap_or("");
                result
            } else {
                Err(self.error(
                    ExcKind::ValueError,
                    "Only '.' or '[' may follow ']' in format field specifier".into(),
                ))
            };
            self.decref(current);
            current = next?;
        }
        Ok(current)
    }
}

impl Vm {
    /// `original` itself if its text is `text` (a new reference), else a
    /// new string.
    pub(crate) fn same_or_new_str(&mut self, original: ObjRef, text: &str) -> ObjRef {
        if self.str_of(original) == Some(text) {
            self.incref(original);
            return original;
        }
        self.new_str(text)
    }
}

enum StrResult {
    Text(String),
    Bool(bool),
    Int(i64),
    List(Vec<String>),
    /// A list built by appending, one part at a time.
    Appended(Vec<String>),
}

/// A slice index as `str` methods take it: negative from the end, clamped
/// to the text's `len` characters.
pub(crate) fn clamp_index(index: i64, len: usize) -> usize {
    if index < 0 {
        len.saturating_sub(index.unsigned_abs() as usize)
    } else {
        (index as usize).min(len)
    }
}

/// `str.splitlines(keepends)`: the line boundaries CPython's
/// `str.splitlines` knows (`\r\n` counting as one).
fn split_lines(text: &str, keepends: bool) -> Vec<String> {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        )
    };
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_break(c) {
            current.push(c);
            continue;
        }
        let mut ending = c.to_string();
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            ending.push('\n');
        }
        if keepends {
            current.push_str(&ending);
        }
        lines.push(std::mem::take(&mut current));
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

impl Vm {
    /// `text[start:end]` in characters, for the optional `start` and `end`
    /// arguments of `find`, `startswith` and `endswith` (None is absent).
    fn char_slice(
        &mut self,
        text: &str,
        start: Option<&ObjRef>,
        end: Option<&ObjRef>,
    ) -> PyResult<String> {
        if start.is_none() && end.is_none() {
            return Ok(text.to_string());
        }
        let len = text.chars().count();
        let bound = |vm: &mut Vm, r: Option<&ObjRef>, default: usize| -> PyResult<usize> {
            match r {
                Some(&r) if r != vm.none() => Ok(clamp_index(vm.int_arg(r, "index")?, len)),
                _ => Ok(default),
            }
        };
        let start = bound(self, start, 0)?;
        let end = bound(self, end, len)?;
        Ok(text
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect())
    }
}
