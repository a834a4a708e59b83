//! A listing of a code object (`minipy --dis`), laid out as CPython's `dis`.
