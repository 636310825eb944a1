//! DLM vocabularies and their MLM spellings: numpy data types, framework
//! names and the `pretrained` string.

use crate::kernel::records::Fidelity;

/// numpy name (DLM `dtype` / `data_type` enum) → raster v1.1.0 data type, with the fidelity of
/// the mapping.
const DTYPES: [(&str, &str, Fidelity); 27] = [
    ("int8", "int8", Fidelity::Lossless),
    ("byte", "int8", Fidelity::Lossless),
    ("uint8", "uint8", Fidelity::Lossless),
    ("ubyte", "uint8", Fidelity::Lossless),
    ("int16", "int16", Fidelity::Lossless),
    ("short", "int16", Fidelity::Lossless),
    ("uint16", "uint16", Fidelity::Lossless),
    ("ushort", "uint16", Fidelity::Lossless),
    ("int32", "int32", Fidelity::Lossless),
    ("intc", "int32", Fidelity::Lossless),
    ("uint32", "uint32", Fidelity::Lossless),
    ("uintc", "uint32", Fidelity::Lossless),
    ("int64", "int64", Fidelity::Lossless),
    ("longlong", "int64", Fidelity::Lossless),
    ("uint64", "uint64", Fidelity::Lossless),
    ("ulonglong", "uint64", Fidelity::Lossless),
    ("int_", "int64", Fidelity::Assumed),
    ("uint", "uint64", Fidelity::Assumed),
    ("float16", "float16", Fidelity::Lossless),
    ("half", "float16", Fidelity::Lossless),
    ("float32", "float32", Fidelity::Lossless),
    ("float64", "float64", Fidelity::Lossless),
    ("double", "float64", Fidelity::Lossless),
    ("float_", "float64", Fidelity::Lossless),
    ("longfloat", "other", Fidelity::Lossy),
    ("float96", "other", Fidelity::Lossy),
    ("float128", "other", Fidelity::Lossy),
];

/// The raster data type of a DLM numpy type name, with the mapping's fidelity.
pub(crate) fn raster_dtype(numpy: &str) -> Option<(&'static str, Fidelity)> {
    DTYPES
        .iter()
        .find(|(n, _, _)| *n == numpy.trim())
        .map(|&(_, r, f)| (r, f))
}

pub(crate) use crate::steps::common::vocab::framework;

/// DLM `pretrained` (free text) → (`mlm:pretrained`, `mlm:pretrained_source`): empty, `none`,
/// `no`, `false`, `scratch` mean not pretrained.
pub(crate) fn pretrained(text: Option<&str>) -> (bool, Option<String>) {
    let Some(t) = text.map(str::trim) else {
        return (false, None);
    };
    let none = ["", "none", "no", "false", "scratch"];
    if none.iter().any(|n| t.eq_ignore_ascii_case(n)) {
        (false, None)
    } else {
        (true, Some(t.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtype_table() {
        let cases = [
            ("uint16", Some(("uint16", Fidelity::Lossless))),
            ("ushort", Some(("uint16", Fidelity::Lossless))),
            ("int_", Some(("int64", Fidelity::Assumed))),
            ("float128", Some(("other", Fidelity::Lossy))),
            ("complex64", None),
        ];
        for (numpy, want) in cases {
            assert_eq!(raster_dtype(numpy), want, "{numpy}");
        }
    }

    #[test]
    fn pretrained_table() {
        let cases = [
            (Some("imagenet"), (true, Some("imagenet".to_owned()))),
            (Some("None"), (false, None)),
            (Some("scratch"), (false, None)),
            (Some(""), (false, None)),
            (None, (false, None)),
        ];
        for (text, want) in cases {
            assert_eq!(pretrained(text), want, "{text:?}");
        }
    }
}
