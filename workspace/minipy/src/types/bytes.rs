//! `bytes` and `bytearray`: a sequence of bytes, immutable or not. CPython:
//! `Objects/bytesobject.c` and `Objects/bytearrayobject.c`.
//!
//! They hold no references, so the collector never tracks them. What they
//! matter for here is memory: a `bytearray(50 * 1024 * 1024)` is one large
//! buffer, which the system allocator maps and unmaps whole (chapter 8),
//! the usual way for a program to allocate a known amount and watch RSS.

use ch01_objects::{DictKey, NativeObject, ObjRef, Payload};

use crate::bytecode::BinaryOp;
use crate::types::builtin_fn::BuiltinFn;
use crate::types::exceptions::ExcKind;
use crate::types::native::Slice;
use crate::vm::{PyResult, Vm};

/// The encodings minipy can encode to and decode from.
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

/// A `bytes` or a `bytearray`.
#[derive(Debug)]
pub struct Bytes {
    /// The bytes.
    pub data: Vec<u8>,
    /// True for a `bytearray`.
    pub mutable: bool,
}

impl NativeObject for Bytes {
    fn type_name(&self) -> &str {
        if self.mutable { "bytearray" } else { "bytes" }
    }
    fn visit_refs(&self, _visit: &mut dyn FnMut(ObjRef)) {}
    fn take_refs(&mut self, _out: &mut Vec<ObjRef>) {}
    /// CPython 3.11 on 64 bits: a bytes object is a 33-byte header and its
    /// bytes; a bytearray a 56-byte header and a buffer one longer than its
    /// contents (none when empty).
    fn size(&self) -> usize {
        match (self.mutable, self.data.len()) {
            (false, n) => 33 + n,
            (true, 0) => 56,
            (true, n) => 56 + n + 1,
        }
    }
    fn is_gc(&self) -> bool {
        false
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

pub use minipy_compiler::dis::bytes_repr;

impl Vm {
    /// A new `bytes` (or `bytearray`) holding `data`.
    pub(crate) fn new_bytes(&mut self, data: Vec<u8>, mutable: bool) -> ObjRef {
        self.new_native(Bytes { data, mutable })
    }

    /// The bytes of a `bytes` or `bytearray`, and whether it is mutable.
    pub(crate) fn bytes_of(&self, r: ObjRef) -> Option<(&[u8], bool)> {
        self.native::<Bytes>(r)
            .map(|b| (b.data.as_slice(), b.mutable))
    }

    /// The key a `bytes` is hashed and compared by: its bytes, under a tag
    /// no str or tuple key can equal (a bytearray is not hashable).
    pub(crate) fn bytes_key(&self, r: ObjRef) -> Option<DictKey> {
        let (data, false) = self.bytes_of(r)? else {
            return None;
        };
        let text: String = data.iter().map(|&b| b as char).collect();
        Some(DictKey::Tuple(Box::new([
            DictKey::Identity(self.types["bytes"]),
            DictKey::Str(text.into()),
        ])))
    }

    /// `bytes(x)` and `bytearray(x)`: from nothing, a length of zero bytes,
    /// another bytes-like object, an iterable of ints, or a str and its
    /// encoding.
    pub(crate) fn construct_bytes(
        &mut self,
        args: &[ObjRef],
        kwargs: &[(std::rc::Rc<str>, ObjRef)],
        mutable: bool,
    ) -> PyResult<ObjRef> {
        let type_name = if mutable { "bytearray" } else { "bytes" };
        let Some(&source) = args.first().or_else(|| kwargs.first().map(|(_, v)| v)) else {
            return Ok(self.new_bytes(vec![], mutable));
        };
        if let Some(text) = self.str_of(source) {
            let text = text.to_string();
            let encoding = args
                .get(1)
                .copied()
                .or_else(|| Self::kwarg(kwargs, "encoding"));
            let Some(encoding) = encoding else {
                return Err(self.error(
                    ExcKind::TypeError,
                    "string argument without an encoding".into(),
                ));
            };
            let encoding = self.str_arg(encoding, BuiltinFn::StrEncode)?;
            let data = self.encode(&text, &encoding)?;
            return Ok(self.new_bytes(data, mutable));
        }
        let count = match *self.payload(source) {
            Payload::Int(n) => Some(n),
            Payload::Bool(b) => Some(i64::from(b)),
            _ => None,
        };
        if let Some(n) = count {
            if n < 0 {
                return Err(self.error(ExcKind::ValueError, "negative count".into()));
            }
            return Ok(self.new_bytes(zeroed(n as usize, mutable), mutable));
        }
        if let Some((data, _)) = self.bytes_of(source) {
            let data = data.to_vec();
            return Ok(self.new_bytes(data, mutable));
        }
        let items = self.collect_items(source).map_err(|err| {
            self.decref(err.0);
            let shown = self.type_name(source);
            self.error(
                ExcKind::TypeError,
                format!("cannot convert '{shown}' object to {type_name}"),
            )
        })?;
        let mut data = Vec::with_capacity(items.len());
        let mut failure = None;
        for &item in &items {
            match self.payload(item) {
                Payload::Int(n) if (0..256).contains(n) => data.push(*n as u8),
                Payload::Int(_) => {
                    failure = Some(
                        self.error(ExcKind::ValueError, "bytes must be in range(0, 256)".into()),
                    );
                    break;
                }
                _ => {
                    let shown = self.type_name(item);
                    failure = Some(self.error(
                        ExcKind::TypeError,
                        format!("'{shown}' object cannot be interpreted as an integer"),
                    ));
                    break;
                }
            }
        }
        self.decref_all(items);
        match failure {
            Some(err) => Err(err),
            None => Ok(self.new_bytes(data, mutable)),
        }
    }

    /// The codec an encoding names: UTF-8, ASCII or Latin-1, the ones
    /// minipy has; `LookupError` for the others, as CPython says it.
    fn codec(&mut self, encoding: &str) -> PyResult<Codec> {
        match encoding.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Codec::Utf8),
            "ascii" | "us-ascii" => Ok(Codec::Ascii),
            "latin-1" | "latin1" | "iso-8859-1" => Ok(Codec::Latin1),
            _ => Err(self.error(
                ExcKind::LookupError,
                format!("unknown encoding: {encoding}"),
            )),
        }
    }

    /// `text.encode(encoding)`.
    pub(crate) fn encode(&mut self, text: &str, encoding: &str) -> PyResult<Vec<u8>> {
        let limit = match self.codec(encoding)? {
            Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
            Codec::Ascii => 0x80,
            Codec::Latin1 => 0x100,
        };
        text.chars()
            .map(|c| {
                u8::try_from(c as u32)
                    .ok()
                    .filter(|&b| u32::from(b) < limit)
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(|| {
                self.error(
                    ExcKind::ValueError,
                    format!("'{encoding}' codec can't encode character"),
                )
            })
    }

    /// `data.decode(encoding)`.
    fn decode(&mut self, data: Vec<u8>, encoding: &str) -> PyResult<String> {
        let bad = |vm: &mut Vm, at: usize| {
            vm.error(
                ExcKind::ValueError,
                format!("'{encoding}' codec can't decode byte at position {at}"),
            )
        };
        match self.codec(encoding)? {
            Codec::Utf8 => String::from_utf8(data).map_err(|error| {
                let at = error.utf8_error().valid_up_to();
                bad(self, at)
            }),
            Codec::Ascii => match data.iter().position(|&b| b >= 0x80) {
                Some(at) => Err(bad(self, at)),
                None => Ok(data.into_iter().map(char::from).collect()),
            },
            Codec::Latin1 => Ok(data.into_iter().map(char::from).collect()),
        }
    }

    /// `b + c` and `b * n` (and `n * b`): a new object of the left
    /// operand's kind. `None` when neither operand is bytes-like.
    pub(crate) fn bytes_operator(
        &mut self,
        op: BinaryOp,
        left: ObjRef,
        right: ObjRef,
    ) -> Option<PyResult<ObjRef>> {
        let count = |vm: &Vm, r: ObjRef| match *vm.payload(r) {
            Payload::Int(n) => Some(n.max(0) as usize),
            Payload::Bool(b) => Some(usize::from(b)),
            _ => None,
        };
        let result = match (op, self.bytes_of(left), self.bytes_of(right)) {
            (BinaryOp::Add, Some((a, mutable)), Some((b, _))) => {
                let joined = [a, b].concat();
                self.new_bytes(joined, mutable)
            }
            (BinaryOp::Mul, Some((a, mutable)), None) => {
                let times = count(self, right)?;
                let repeated = a.repeat(times);
                self.new_bytes(repeated, mutable)
            }
            (BinaryOp::Mul, None, Some((b, mutable))) => {
                let times = count(self, left)?;
                let repeated = b.repeat(times);
                self.new_bytes(repeated, mutable)
            }
            (BinaryOp::Add, Some((_, mutable)), None) => {
                let kind = if mutable { "bytearray" } else { "bytes" };
                let other = self.type_name(right);
                return Some(Err(self.error(
                    ExcKind::TypeError,
                    format!("can't concat {other} to {kind}"),
                )));
            }
            _ => return None,
        };
        Some(Ok(result))
    }

    /// `b[i]` (an int) and `b[i:j]` (a new object of `b`'s kind).
    pub(crate) fn bytes_getitem(&mut self, container: ObjRef, key: ObjRef) -> PyResult<ObjRef> {
        let (len, mutable) = match self.bytes_of(container) {
            Some((data, mutable)) => (data.len(), mutable),
            None => return Err(self.error(ExcKind::TypeError, "not bytes".into())),
        };
        if self.native::<Slice>(key).is_some() {
            let indices = self.slice_indices(key, len)?;
            let data = self.bytes_of(container).map(|(d, _)| d).unwrap_or_default();
            let picked: Vec<u8> = indices.into_iter().map(|i| data[i]).collect();
            return Ok(self.new_bytes(picked, mutable));
        }
        let what = if mutable { "bytearray" } else { "byte" };
        let i = self.index_of(key, len, what)?;
        let byte = self.bytes_of(container).map_or(0, |(d, _)| d[i]);
        Ok(self.new_int(i64::from(byte)))
    }

    /// `b[i] = n` on a bytearray; takes `value`'s reference.
    pub(crate) fn bytearray_setitem(
        &mut self,
        container: ObjRef,
        key: ObjRef,
        value: ObjRef,
    ) -> PyResult<()> {
        let len = self.bytes_of(container).map_or(0, |(d, _)| d.len());
        let byte = match *self.payload(value) {
            Payload::Int(n) if (0..256).contains(&n) => Ok(n as u8),
            Payload::Int(_) => {
                Err(self.error(ExcKind::ValueError, "byte must be in range(0, 256)".into()))
            }
            _ => {
                let shown = self.type_name(value);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("'{shown}' object cannot be interpreted as an integer"),
                ))
            }
        };
        self.decref(value);
        let byte = byte?;
        let i = self.index_of(key, len, "bytearray")?;
        if let Some(bytes) = self.native_mut::<Bytes>(container) {
            bytes.data[i] = byte;
        }
        Ok(())
    }

    /// `x in b`: an int is a byte of `b`; a bytes-like object is a run of them.
    pub(crate) fn bytes_contains(&mut self, container: ObjRef, item: ObjRef) -> PyResult<bool> {
        let data = self
            .bytes_of(container)
            .map(|(d, _)| d.to_vec())
            .unwrap_or_default();
        if let Some((needle, _)) = self.bytes_of(item) {
            return Ok(needle.is_empty() || data.windows(needle.len()).any(|w| w == needle));
        }
        match *self.payload(item) {
            Payload::Int(n) if (0..256).contains(&n) => Ok(data.contains(&(n as u8))),
            Payload::Int(_) => {
                Err(self.error(ExcKind::ValueError, "byte must be in range(0, 256)".into()))
            }
            _ => {
                let shown = self.type_name(item);
                Err(self.error(
                    ExcKind::TypeError,
                    format!("a bytes-like object is required, not '{shown}'"),
                ))
            }
        }
    }

    /// The methods of `str`, `bytes` and `bytearray` this module adds:
    /// `encode`, `decode`, `hex`, `append`, `extend`.
    pub(crate) fn bytes_method(
        &mut self,
        function: BuiltinFn,
        args: &[ObjRef],
        kwargs: &[(std::rc::Rc<str>, ObjRef)],
    ) -> PyResult<ObjRef> {
        use BuiltinFn as F;
        let receiver = self.arg(args, 0, function)?;
        let encoding = |vm: &mut Vm| -> PyResult<String> {
            match args
                .get(1)
                .copied()
                .or_else(|| Self::kwarg(kwargs, "encoding"))
            {
                Some(name) => vm.str_arg(name, function),
                None => Ok("utf-8".into()),
            }
        };
        match function {
            F::StrEncode => {
                let encoding = encoding(self)?;
                let text = self.str_of(receiver).unwrap_or_default().to_string();
                let data = self.encode(&text, &encoding)?;
                Ok(self.new_bytes(data, false))
            }
            F::BytesDecode | F::BytearrayDecode => {
                let encoding = encoding(self)?;
                let data = self
                    .bytes_of(receiver)
                    .map(|(d, _)| d.to_vec())
                    .unwrap_or_default();
                let text = self.decode(data, &encoding)?;
                Ok(self.new_str(&text))
            }
            F::BytesHex | F::BytearrayHex => {
                let data = self
                    .bytes_of(receiver)
                    .map(|(d, _)| d.to_vec())
                    .unwrap_or_default();
                let text: String = data.iter().map(|b| format!("{b:02x}")).collect();
                Ok(self.new_str(&text))
            }
            F::BytearrayAppend => {
                let value = self.arg(args, 1, function)?;
                let len = self.bytes_of(receiver).map_or(0, |(d, _)| d.len());
                self.incref(value);
                // Appending is assigning one past the end.
                if let Some(bytes) = self.native_mut::<Bytes>(receiver) {
                    bytes.data.push(0);
                }
                let index = self.new_int(len as i64);
                let result = self.bytearray_setitem(receiver, index, value);
                self.decref(index);
                if result.is_err()
                    && let Some(bytes) = self.native_mut::<Bytes>(receiver)
                {
                    bytes.data.pop();
                }
                result.map(|()| self.none())
            }
            F::BytearrayExtend => {
                let source = self.arg(args, 1, function)?;
                let more = self.construct_bytes(&[source], &[], true)?;
                let data = self
                    .bytes_of(more)
                    .map(|(d, _)| d.to_vec())
                    .unwrap_or_default();
                self.decref(more);
                if let Some(bytes) = self.native_mut::<Bytes>(receiver) {
                    bytes.data.extend(data);
                }
                Ok(self.none())
            }
            _ => Err(self.error(ExcKind::TypeError, "not a bytes method".into())),
        }
    }
}

/// `n` zero bytes for `bytes(n)` or `bytearray(n)`. CPython 3.11 makes the
/// first with `calloc`, so a large one comes from fresh pages that stay out
/// of the resident set until written, and fills the second with `memset`,
/// which puts every page in it.
fn zeroed(n: usize, written: bool) -> Vec<u8> {
    let mut data = vec![0u8; n];
    if written {
        // Through an opaque reference, so that the writes are not folded
        // into the zeroed allocation.
        std::hint::black_box(data.as_mut_slice()).fill(0);
    }
    data
}
