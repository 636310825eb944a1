//! Entry points shared by the fuzz targets (`fuzz/`, cargo-fuzz) and the stable property test
//! in `cargo test` (`tests/hostile/`): one function per untrusted-input path, each panicking
//! only when a property the product promises is broken.
//!
//! Kept in the library (hidden from the docs) so that the fuzz crate, which is outside the
//! workspace and not built by `cargo test`, calls code that `cargo test` does compile: an
//! API change breaks the property test first.

use crate::check::Sample;
use crate::check::expr::Expr;
use crate::document::Source;
use crate::engine::Options;
use crate::engine::run::migrate_source;
use crate::kernel::versions::Spec;

/// Document path: bytes → read (format sniffed) → migrate → render. Any input may be refused
/// with an error; none may panic. A rendered output must parse back in its own format — no
/// duplicate keys, no invalid JSON or YAML — with the value the migration produced.
///
/// The first byte picks the target (even: MLM 1.5.1, odd: 1.5.2) and `--allow-lossy`, so
/// both writers run; the rest is the document.
pub fn document(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(source) = Source::from_bytes("fuzz", rest.to_vec(), None) else {
        return;
    };
    let options = Options {
        target: if first & 1 == 0 {
            Spec::default_target()
        } else {
            "mlm@1.5.2".parse().unwrap_or(Spec::default_target())
        },
        strict: false,
        allow_lossy: first & 2 != 0,
        fix: first & 4 != 0,
    };
    let report = migrate_source(&source, &options, None);
    let Some(text) = report.output_text else {
        return;
    };
    let back = match Source::parse("output", text.clone(), source.format) {
        Ok(back) => back,
        Err(e) => panic!("the output does not parse back: {e}\n--- output ---\n{text}"),
    };
    if let Some(m) = &report.migration {
        assert!(
            back.value == m.output,
            "the output text does not hold the migrated value\n--- output ---\n{text}"
        );
    }
}

/// `.npy` reader: any bytes are read or refused, never a panic or an allocation the file
/// cannot justify; a read array has as many values as its shape says.
pub fn npy(data: &[u8]) {
    if let Ok(sample) = Sample::from_npy_bytes(data) {
        let n: usize = sample.shape().iter().product();
        assert_eq!(n, sample.array().len());
    }
}

/// Expression parser (gdal-calc / numexpr arithmetic of `mlm:input[].value_scaling`
/// processing steps): parse any text, and evaluate what parses on a few values.
pub fn expression(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(expr) = Expr::parse(text) else {
        return;
    };
    let values = [0.0, -1.5, 255.0, f64::NAN];
    let bindings: Vec<&[f64]> = expr.variables().iter().map(|_| &values[..]).collect();
    let out = expr.eval(&bindings, values.len());
    assert_eq!(out.len(), values.len());
}
