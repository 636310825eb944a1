//! Sample tensors: numpy `.npy` files of every numeric dtype in C or Fortran order, read into an
//! `ndarray::ArrayD<f64>`.
//!
//! A sample is the model-input tensor *after band selection*, laid out like the source
//! `input.shape` (e.g. `[batch, channel, height, width]`), its channel axis holding the input's
//! bands in order. Values are converted exactly to f64 (integers above 2^53 round).

use std::path::Path;

use ndarray::{ArrayD, IxDyn, ShapeBuilder};
use ndarray_npy::ReadNpyExt;
use ndarray_npy::npy::header::{Header, Layout as NpyLayout};

use super::dtype::DataType;
use super::error::CheckError;

/// A sample tensor, e.g. `[1, 13, 224, 224]` (`[batch, channel, height, width]`), in f64.
#[derive(Debug, Clone)]
pub struct Sample {
    array: ArrayD<f64>,
    dtype: DataType,
    origin: String,
}

/// Default largest sample file: 64 MiB (`--max-size`), as for documents.
pub const DEFAULT_MAX_SAMPLE: u64 = 64 * 1024 * 1024;

const NPY_HINT: &str =
    "write it with numpy.save; supported dtypes: bool, (u)int8-64, float16/32/64";

impl Sample {
    /// Reads a `.npy` file of at most [`DEFAULT_MAX_SAMPLE`] bytes.
    ///
    /// # Errors
    /// As [`Sample::from_npy_path_limited`].
    pub fn from_npy_path(path: impl AsRef<Path>) -> Result<Self, CheckError> {
        Self::from_npy_path_limited(path, DEFAULT_MAX_SAMPLE)
    }

    /// Reads a `.npy` file, refusing files over `max_size` bytes (by `stat` before reading;
    /// streams by a bounded read). The header is checked before anything is allocated from
    /// it: its length against the file, the declared shape × element size against the data
    /// that follows — so a 192-byte file declaring 10¹⁵ elements is an error, not an abort.
    ///
    /// # Errors
    /// [`CheckError::Io`] when the file cannot be read or is too large, [`CheckError::Npy`]
    /// when it is not a consistent `.npy` file of a supported dtype.
    pub fn from_npy_path_limited(
        path: impl AsRef<Path>,
        max_size: u64,
    ) -> Result<Self, CheckError> {
        let path = path.as_ref();
        let io = |source| CheckError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let too_large = |what: String| {
            io(std::io::Error::other(format!(
                "{what} is larger than the {max_size}-byte limit (--max-size)"
            )))
        };
        if size > max_size {
            return Err(too_large(format!("the sample ({size} bytes)")));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        std::io::Read::read_to_end(&mut std::io::Read::take(file, max_size + 1), &mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > max_size {
            return Err(too_large("the sample stream".to_owned()));
        }
        read_npy(&bytes, path.display().to_string())
    }

    /// Reads `.npy` bytes (the origin is reported as `<bytes>`).
    pub fn from_npy_bytes(bytes: &[u8]) -> Result<Self, CheckError> {
        read_npy(bytes, "<bytes>".to_owned())
    }

    /// Wraps an array already in memory; `dtype` is the element type it stands for.
    pub fn from_array(array: ArrayD<f64>, dtype: DataType) -> Self {
        Self {
            array,
            dtype,
            origin: "<array>".to_owned(),
        }
    }

    /// The values.
    pub fn array(&self) -> &ArrayD<f64> {
        &self.array
    }

    /// The element type of the file (`uint16`, `float32`, …).
    pub fn dtype(&self) -> DataType {
        self.dtype
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        self.array.shape()
    }

    /// File path, `<bytes>` or `<array>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

fn npy_error(origin: &str, message: impl ToString) -> CheckError {
    CheckError::Npy {
        origin: origin.to_owned(),
        message: message.to_string(),
        hint: NPY_HINT,
    }
}

/// The length of the header dictionary, from the fixed prefix (magic, version, length), checked
/// against the bytes that follow before the header is read (ndarray-npy would allocate it).
fn header_length(bytes: &[u8], origin: &str) -> Result<usize, CheckError> {
    let Some(rest) = bytes.strip_prefix(b"\x93NUMPY") else {
        return Err(npy_error(
            origin,
            "not a .npy file (no \\x93NUMPY magic string)",
        ));
    };
    let (len, prefix) = match rest {
        [1, _, a, b, ..] => (u64::from(u16::from_le_bytes([*a, *b])), 10),
        [2 | 3, _, a, b, c, d, ..] => (u64::from(u32::from_le_bytes([*a, *b, *c, *d])), 12),
        [major, minor, ..] => {
            return Err(npy_error(
                origin,
                format!("unsupported .npy format version {major}.{minor}"),
            ));
        }
        _ => return Err(npy_error(origin, "the file ends inside the .npy prefix")),
    };
    let available = (bytes.len() - prefix.min(bytes.len())) as u64;
    if len > available {
        return Err(npy_error(
            origin,
            format!("the header claims {len} bytes but the file has {available} after the prefix"),
        ));
    }
    Ok(prefix + len as usize)
}

/// Checks that shape × element size is exactly the data after the header, without overflow.
fn check_data_size(
    header: &Header,
    dtype: DataType,
    data: &[u8],
    origin: &str,
) -> Result<(), CheckError> {
    let expected = header
        .shape
        .iter()
        .try_fold(item_size(dtype), |acc, &d| acc.checked_mul(d));
    match expected {
        Some(n) if n == data.len() => Ok(()),
        Some(n) => Err(npy_error(
            origin,
            format!(
                "shape {:?} of {} needs {n} data bytes; the file has {}",
                header.shape,
                dtype.name(),
                data.len()
            ),
        )),
        None => Err(npy_error(
            origin,
            format!("shape {:?} is too large to exist", header.shape),
        )),
    }
}

fn item_size(dtype: DataType) -> usize {
    use DataType::*;
    match dtype {
        Bool | Int8 | UInt8 => 1,
        Int16 | UInt16 | Float16 => 2,
        Int32 | UInt32 | Float32 => 4,
        Int64 | UInt64 | Float64 => 8,
    }
}

fn read_npy(bytes: &[u8], origin: String) -> Result<Sample, CheckError> {
    let header_end = header_length(bytes, &origin)?;
    let mut data = bytes;
    let header = Header::from_reader(&mut data).map_err(|e| npy_error(&origin, e))?;
    let descr = header.type_descriptor.to_string();
    let descr = descr.trim_matches(|c| c == '\'' || c == '"');
    let dtype = DataType::parse(descr)
        .ok_or_else(|| npy_error(&origin, format!("unsupported dtype `{descr}`")))?;
    check_data_size(
        &header,
        dtype,
        bytes.get(header_end..).unwrap_or_default(),
        &origin,
    )?;
    fn read<T: ndarray_npy::ReadableElement + Clone>(
        bytes: &[u8],
        origin: &str,
        f: impl Fn(T) -> f64,
    ) -> Result<ArrayD<f64>, CheckError> {
        let a = ArrayD::<T>::read_npy(bytes).map_err(|e| npy_error(origin, e))?;
        Ok(a.mapv(f))
    }
    let o = origin.as_str();
    let array = match dtype {
        DataType::Bool => read::<bool>(bytes, o, |b| if b { 1.0 } else { 0.0 })?,
        DataType::Int8 => read::<i8>(bytes, o, f64::from)?,
        DataType::Int16 => read::<i16>(bytes, o, f64::from)?,
        DataType::Int32 => read::<i32>(bytes, o, f64::from)?,
        // 64-bit integers: exact below 2^53, rounded above (documented on DataType).
        DataType::Int64 => read::<i64>(bytes, o, |v| v as f64)?,
        DataType::UInt8 => read::<u8>(bytes, o, f64::from)?,
        DataType::UInt16 => read::<u16>(bytes, o, f64::from)?,
        DataType::UInt32 => read::<u32>(bytes, o, f64::from)?,
        DataType::UInt64 => read::<u64>(bytes, o, |v| v as f64)?,
        DataType::Float16 => read_f16(data, &header, descr.starts_with('>'), o)?,
        DataType::Float32 => read::<f32>(bytes, o, f64::from)?,
        DataType::Float64 => read::<f64>(bytes, o, |v| v)?,
    };
    Ok(Sample {
        array,
        dtype,
        origin,
    })
}

/// float16 is not read by ndarray-npy: decode the data after the header with `half`.
fn read_f16(
    data: &[u8],
    header: &Header,
    big_endian: bool,
    origin: &str,
) -> Result<ArrayD<f64>, CheckError> {
    let len: usize = header.shape.iter().product();
    if data.len() != 2 * len {
        return Err(npy_error(
            origin,
            format!("{} data bytes for {len} float16 values", data.len()),
        ));
    }
    let values: Vec<f64> = data
        .chunks_exact(2)
        .map(|b| {
            let bits = if big_endian {
                u16::from_be_bytes([b[0], b[1]])
            } else {
                u16::from_le_bytes([b[0], b[1]])
            };
            half::f16::from_bits(bits).to_f64()
        })
        .collect();
    let shape = IxDyn(&header.shape);
    let built = match header.layout {
        NpyLayout::Fortran => ArrayD::from_shape_vec(shape.f(), values),
        NpyLayout::Standard => ArrayD::from_shape_vec(shape, values),
    };
    built.map_err(|e| npy_error(origin, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-1.0 `.npy` header for `descr`, `fortran`, `shape`, padded to 64 bytes.
    fn npy(descr: &str, fortran: bool, shape: &str, data: &[u8]) -> Vec<u8> {
        let dict = format!(
            "{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}",
            if fortran { "True" } else { "False" }
        );
        let mut header = dict.into_bytes();
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(b' ');
        }
        header.push(b'\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(
            &u16::try_from(header.len())
                .expect("small header")
                .to_le_bytes(),
        );
        out.extend(header);
        out.extend_from_slice(data);
        out
    }

    #[test]
    fn reads_float16_in_both_orders_and_endiannesses() {
        let le: Vec<u8> = [1.0f32, 2.0, -0.5, 65504.0, 0.25, 3.0]
            .iter()
            .flat_map(|v| half::f16::from_f32(*v).to_bits().to_le_bytes())
            .collect();
        let c = Sample::from_npy_bytes(&npy("<f2", false, "(2, 3)", &le)).expect("C order");
        assert_eq!(c.dtype(), DataType::Float16);
        assert_eq!(c.array()[[0, 1]], 2.0);
        assert_eq!(c.array()[[1, 0]], 65504.0);
        let f = Sample::from_npy_bytes(&npy("<f2", true, "(2, 3)", &le)).expect("Fortran order");
        assert_eq!(
            f.array()[[1, 0]],
            2.0,
            "Fortran: second value is row 1, column 0"
        );
        let be: Vec<u8> = le.chunks(2).flat_map(|b| [b[1], b[0]]).collect();
        let b = Sample::from_npy_bytes(&npy(">f2", false, "(2, 3)", &be)).expect("big endian");
        assert_eq!(b.array(), c.array());
    }

    #[test]
    fn rejects_unsupported_and_broken_files_with_a_hint() {
        let complex = npy("<c8", false, "(1,)", &[0; 8]);
        let err = Sample::from_npy_bytes(&complex).expect_err("complex is unsupported");
        assert!(err.to_string().contains("unsupported dtype `<c8`"), "{err}");
        let short = npy("<u2", false, "(4,)", &[0; 6]);
        let err = Sample::from_npy_bytes(&short).expect_err("truncated");
        assert!(
            err.to_string()
                .starts_with("<bytes>: not a readable .npy array"),
            "{err}"
        );
        assert!(err.to_string().contains("hint: write it with numpy.save"));
        let err = Sample::from_npy_bytes(b"not npy").expect_err("no magic");
        assert!(matches!(err, CheckError::Npy { .. }));
    }
}
