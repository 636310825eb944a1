//! Element data types of samples and band catalogues.
//!
//! Names follow the raster v1.1.0 enum used by MLM `data_type` (`uint16`, `float32`, …); the
//! numpy aliases of DLM `dlm:data.dtype` / `data_type` are read as well.

use serde::Serialize;

/// A numeric element type (MLM / raster `data_type`, numpy dtype of a `.npy` sample).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DataType {
    /// numpy `bool` (not an MLM type; samples only). Values 0 and 1.
    Bool,
    /// Signed 8-bit integer.
    Int8,
    /// Signed 16-bit integer.
    Int16,
    /// Signed 32-bit integer.
    Int32,
    /// Signed 64-bit integer (values above 2^53 lose precision in the f64 check).
    Int64,
    /// Unsigned 8-bit integer.
    UInt8,
    /// Unsigned 16-bit integer.
    UInt16,
    /// Unsigned 32-bit integer.
    UInt32,
    /// Unsigned 64-bit integer (values above 2^53 lose precision in the f64 check).
    UInt64,
    /// IEEE half precision.
    Float16,
    /// IEEE single precision.
    Float32,
    /// IEEE double precision.
    Float64,
}

/// Bound used for synthetic values of float and 64-bit integer types: the largest range in
/// which every integer is exact in f32, so a wrong mean stays visible next to the tolerance
/// `1e-12·max|y|` (the types' own extremes, ~3.4e38 for float32, would mask it).
pub const WIDE_TYPE_BOUND: f64 = 16_777_216.0;

impl DataType {
    /// Parses an MLM/raster name or a numpy/DLM alias; `None` for complex, `other`,
    /// `float128` and unknown names.
    pub fn parse(name: &str) -> Option<Self> {
        use DataType::*;
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "bool" | "bool_" | "b1" | "|b1" => Bool,
            "int8" | "byte" | "i1" | "|i1" => Int8,
            "int16" | "short" | "<i2" | ">i2" => Int16,
            "int32" | "intc" | "<i4" | ">i4" => Int32,
            "int64" | "longlong" | "int_" | "<i8" | ">i8" => Int64,
            "uint8" | "ubyte" | "u1" | "|u1" => UInt8,
            "uint16" | "ushort" | "<u2" | ">u2" => UInt16,
            "uint32" | "uintc" | "<u4" | ">u4" => UInt32,
            "uint64" | "ulonglong" | "uint" | "<u8" | ">u8" => UInt64,
            "float16" | "half" | "<f2" | ">f2" => Float16,
            "float32" | "single" | "<f4" | ">f4" => Float32,
            "float64" | "double" | "float_" | "<f8" | ">f8" => Float64,
            _ => return None,
        })
    }

    /// The MLM/raster spelling (`uint16`, `float32`, …; `bool` for booleans).
    pub fn name(self) -> &'static str {
        use DataType::*;
        match self {
            Bool => "bool",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            UInt8 => "uint8",
            UInt16 => "uint16",
            UInt32 => "uint32",
            UInt64 => "uint64",
            Float16 => "float16",
            Float32 => "float32",
            Float64 => "float64",
        }
    }

    /// Whether the type holds integers (booleans count as integers 0/1).
    pub fn is_integer(self) -> bool {
        !matches!(
            self,
            DataType::Float16 | DataType::Float32 | DataType::Float64
        )
    }

    /// Inclusive value range the synthetic sample draws from: the full type range for types up
    /// to 32 bits and float16, `±WIDE_TYPE_BOUND` (unsigned: `0..=WIDE_TYPE_BOUND`) for
    /// 64-bit integers, float32 and float64.
    pub fn synthetic_range(self) -> (f64, f64) {
        use DataType::*;
        match self {
            Bool => (0.0, 1.0),
            Int8 => (f64::from(i8::MIN), f64::from(i8::MAX)),
            Int16 => (f64::from(i16::MIN), f64::from(i16::MAX)),
            Int32 => (f64::from(i32::MIN), f64::from(i32::MAX)),
            UInt8 => (0.0, f64::from(u8::MAX)),
            UInt16 => (0.0, f64::from(u16::MAX)),
            UInt32 => (0.0, f64::from(u32::MAX)),
            Float16 => (-65504.0, 65504.0),
            UInt64 => (0.0, WIDE_TYPE_BOUND),
            Int64 | Float32 | Float64 => (-WIDE_TYPE_BOUND, WIDE_TYPE_BOUND),
        }
    }
}

impl std::fmt::Display for DataType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::DataType::{self, *};

    #[test]
    fn parses_mlm_names_and_numpy_aliases() {
        let table: &[(&str, Option<DataType>)] = &[
            ("uint16", Some(UInt16)),
            ("ushort", Some(UInt16)),
            ("<u2", Some(UInt16)),
            ("byte", Some(Int8)),
            ("ubyte", Some(UInt8)),
            ("int_", Some(Int64)),
            ("double", Some(Float64)),
            ("half", Some(Float16)),
            ("|b1", Some(Bool)),
            ("Float32", Some(Float32)),
            ("cfloat32", None),
            ("other", None),
            ("float128", None),
        ];
        for (name, expected) in table {
            assert_eq!(DataType::parse(name), *expected, "{name}");
        }
    }

    #[test]
    fn ranges_include_type_extremes_up_to_32_bits() {
        assert_eq!(UInt8.synthetic_range(), (0.0, 255.0));
        assert_eq!(Int16.synthetic_range(), (-32768.0, 32767.0));
        assert_eq!(UInt32.synthetic_range(), (0.0, 4_294_967_295.0));
        assert_eq!(Float32.synthetic_range(), (-16_777_216.0, 16_777_216.0));
    }
}
