//! `string`: the character classes, as constants.

use ch01_objects::ObjRef;

use crate::modules::NativeModule;
use crate::vm::Vm;

/// The module, for the registry in [`crate::modules`].
pub(crate) const MODULE: NativeModule = NativeModule {
    name: "string",
    functions: &[],
    table_functions: &[],
    values,
};

fn values(vm: &mut Vm) -> Vec<(&'static str, ObjRef)> {
    const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
    const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    [
        ("ascii_lowercase", LOWER.to_string()),
        ("ascii_uppercase", UPPER.to_string()),
        ("ascii_letters", format!("{LOWER}{UPPER}")),
        ("digits", "0123456789".to_string()),
        ("hexdigits", "0123456789abcdefABCDEF".to_string()),
        ("octdigits", "01234567".to_string()),
        (
            "punctuation",
            "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".to_string(),
        ),
        ("whitespace", " \t\n\r\x0b\x0c".to_string()),
    ]
    .into_iter()
    .map(|(name, text)| (name, vm.new_str(&text)))
    .collect()
}
