//! `mlm_migrate._native`: the Python extension of mlm-migrate — a thin layer over the Rust
//! library's public API (`mlm_migrate::run`, `check`, `validate`) and the command line.
//!
//! Records cross into Python as JSON text (the library's own serde records: the same fields as
//! `mlm-migrate --report json`); `mlm_migrate/__init__.py` turns them into dataclasses and
//! exceptions. Every function releases the GIL while the library works.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use mlm_migrate::check::{CheckOptions, Sample, check as check_docs};
use mlm_migrate::document::{Format, Source};
use mlm_migrate::run::{
    FileReport, Stages, Status, migrate_value, process_bytes_with, validate_source,
};
use mlm_migrate::validate::SchemaStore;
use mlm_migrate::{Options, Spec};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

/// The binary's command line (`src/cli` of the root crate), compiled here so that the wheel's
/// `mlm-migrate` entry point runs the very same code as the Rust binary.
#[allow(dead_code, unused_imports)]
#[path = "../../src/cli/mod.rs"]
mod cli;
mod value;

/// Migration options from the Python keyword arguments.
fn options(to: &str, allow_lossy: bool, strict: bool, fix: bool) -> PyResult<Options> {
    let target: Spec = to
        .parse()
        .map_err(|e| PyValueError::new_err(format!("to={to:?}: {e}")))?;
    Ok(Options {
        target,
        strict,
        allow_lossy,
        fix,
    })
}

/// `"json"`, `"yaml"` or `None` (sniffed from the text).
fn format(name: Option<&str>) -> PyResult<Option<Format>> {
    match name {
        None => Ok(None),
        Some("json") => Ok(Some(Format::Json)),
        Some("yaml") => Ok(Some(Format::Yaml)),
        Some(other) => Err(PyValueError::new_err(format!(
            "format={other:?}: expected \"json\", \"yaml\" or None"
        ))),
    }
}

/// The schema store: `dir` (a mirror laid out by URL), else the user cache when it exists.
fn schemas(dir: Option<PathBuf>) -> PyResult<Option<SchemaStore>> {
    mlm_migrate::validate::cache::default_store(dir.as_deref())
        .map_err(|e| PyOSError::new_err(e.to_string()))
}

/// The record of one run (`run::FileReport`), kept on the Rust side until Python asks for it:
/// a migration that never reads its changes does not pay for their conversion. For a dict
/// input it also keeps the input as read (`input_json`).
#[pyclass(frozen, module = "mlm_migrate._native")]
struct Report(FileReport, Option<serde_json::Value>);

#[pymethods]
impl Report {
    /// The JSON text of the record (status, migration with changes and diagnostics,
    /// validation, check, refusals, error): the fields of `mlm-migrate --report json`.
    fn json(&self) -> PyResult<String> {
        serde_json::to_string(&self.0).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// For a run of `migrate_dict`: the input dict as `json.dumps(doc, ensure_ascii=False)`
    /// wrote it when `migrate` was called (for the validation and check run, which locate
    /// findings in text); None for a text input.
    fn input_json(&self) -> PyResult<Option<String>> {
        self.1.as_ref().map(value::python_json).transpose()
    }
}

/// What `migrate_text` returns, see there.
type Migrated = (
    Report,
    &'static str,
    Option<String>,
    Option<String>,
    u8,
    bool,
    Option<String>,
    Vec<String>,
);

/// Migrates one document given as text (JSON or YAML) as the command line does for one file.
/// Returns `(report, status, output_text, output_json, exit_code, not_model, error,
/// refusals)`: the run's [`Report`]; `migrated`, `unchanged`, `refused`, `failed` or
/// `unreadable` (the text could not be read); the format-preserving output text (None when
/// the input could not be migrated); the output as JSON when the output text is YAML (else
/// None); the exit status; whether the input failed for not being a model document; why it
/// failed; why the output is refused. `full` runs validation and the preprocessing check too
/// (as the command line does); without it the report has neither (`run::Stages::OUTPUT`).
/// Raises ValueError for a bad `to` or `fmt`, OSError for a missing `schemas_dir`.
#[pyfunction]
#[pyo3(signature = (text, name, fmt, to, allow_lossy, strict, fix, schemas_dir, full))]
#[allow(clippy::too_many_arguments)]
fn migrate_text(
    py: Python<'_>,
    text: String,
    name: String,
    fmt: Option<&str>,
    to: &str,
    allow_lossy: bool,
    strict: bool,
    fix: bool,
    schemas_dir: Option<PathBuf>,
    full: bool,
) -> PyResult<Migrated> {
    let options = options(to, allow_lossy, strict, fix)?;
    let fmt = format(fmt)?;
    let (store, stages) = if full {
        (schemas(schemas_dir)?, Stages::ALL)
    } else {
        (None, Stages::OUTPUT)
    };
    py.detach(|| {
        let mut report = process_bytes_with(
            &name,
            text.into_bytes(),
            fmt,
            &options,
            store.as_ref(),
            stages,
        );
        let code = report.exit_status().code();
        let output_json = match (&report.migration, report.format) {
            (Some(m), Some(Format::Yaml)) => Some(
                serde_json::to_string(&m.output)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?,
            ),
            _ => None,
        };
        let status = status_name(&report);
        let output_text = report.output_text.take();
        let (not_model, error) = (report.not_model, report.error.clone());
        let refusals = report.refusals.clone();
        let mut report = report.without_texts();
        if let Some(m) = report.migration.as_mut() {
            // Python has the output (from its text); the record keeps only what it serialises.
            m.output = serde_json::Value::Null;
        }
        Ok((
            Report(report, None),
            status,
            output_text,
            output_json,
            code,
            not_model,
            error,
            refusals,
        ))
    })
}

/// The status name of a run, as `migrate_text` returns it.
fn status_name(report: &FileReport) -> &'static str {
    match report.status {
        Status::Migrated => "migrated",
        Status::Unchanged => "unchanged",
        Status::Refused => "refused",
        Status::Failed | Status::Skipped if report.format.is_none() => "unreadable",
        Status::Failed | Status::Skipped => "failed",
    }
}

/// What `migrate_dict` returns, see there.
type MigratedDict<'py> = (
    Report,
    &'static str,
    Option<Bound<'py, PyAny>>,
    bool,
    Option<String>,
    Vec<String>,
);

/// Migrates one document given as a dict, with no text on either side: the dict is read into
/// the library's value as `json.dumps` would write it (`value::to_value`), migrated
/// (`run::migrate_value`: migration, changes, diagnostics, refusals; no validation or check),
/// and the output built as the dict `json.loads` would give. Returns `(report, status,
/// output, not_model, error, refusals)` as `migrate_text` does (`output` None when the
/// document could not be migrated). Raises NotJson for an object json.dumps refuses,
/// ValueError for a bad `to`.
#[pyfunction]
#[pyo3(signature = (doc, name, to, allow_lossy, strict, fix))]
fn migrate_dict<'py>(
    py: Python<'py>,
    doc: &Bound<'py, PyAny>,
    name: String,
    to: &str,
    allow_lossy: bool,
    strict: bool,
    fix: bool,
) -> PyResult<MigratedDict<'py>> {
    let input = value::to_value(doc, 0)?;
    let options = options(to, allow_lossy, strict, fix)?;
    let (mut report, input) = py.detach(|| {
        let report = migrate_value(&name, &input, &options);
        (report, input)
    });
    let output = report
        .migration
        .as_mut()
        .map(|m| std::mem::take(&mut m.output));
    let output = output.map(|v| value::to_python(py, &v)).transpose()?;
    let status = status_name(&report);
    let (not_model, error) = (report.not_model, report.error.clone());
    let refusals = report.refusals.clone();
    Ok((
        Report(report, Some(input)),
        status,
        output,
        not_model,
        error,
        refusals,
    ))
}

/// Parses a document's text (JSON or YAML, sniffed), raising ValueError with line:column.
fn parse(name: &str, text: String) -> PyResult<Source> {
    Source::from_bytes(name, text.into_bytes(), None)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The preprocessing equivalence check of `source` vs `converted` (texts of two documents):
/// returns the JSON text of the library's `check::CheckReport`. `npy` is a sample tensor as
/// `.npy` bytes (any integer/float dtype, C or Fortran order; laid out like the source input's
/// `shape`), else a synthetic tensor drawn with `seed`. Raises ValueError for unreadable
/// documents, a sample that fits no input, or a bad `.npy`.
#[pyfunction]
#[pyo3(signature = (source, converted, npy, seed))]
fn check(
    py: Python<'_>,
    source: String,
    converted: String,
    npy: Option<Vec<u8>>,
    seed: u64,
) -> PyResult<String> {
    py.detach(|| {
        let source = parse("source", source)?;
        let converted = parse("converted", converted)?;
        let sample = npy
            .map(|b| Sample::from_npy_bytes(&b))
            .transpose()
            .map_err(|e| PyValueError::new_err(format!("sample: {e}")))?;
        let options = CheckOptions {
            sample,
            seed,
            ..CheckOptions::default()
        };
        let report = check_docs(&source.value, &converted.value, &options)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        serde_json::to_string(&report).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// Validates a document's text at the versions it declares and shows, as `mlm-migrate
/// validate` does: returns the JSON text of the library's `validate::DocumentValidation`
/// (`valid`, `version`, `findings` with code, pointer, line:column, `notes`). Raises ValueError
/// for unreadable text, OSError for a missing `schemas` directory.
#[pyfunction]
#[pyo3(signature = (text, name, schemas_dir))]
fn validate(
    py: Python<'_>,
    text: String,
    name: String,
    schemas_dir: Option<PathBuf>,
) -> PyResult<String> {
    let store = schemas(schemas_dir)?;
    py.detach(|| {
        let source = parse(&name, text)?;
        let v = validate_source(&source, store.as_ref());
        serde_json::to_string(&v).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// Runs the `mlm-migrate` command line with `argv` (the program name first) and returns its
/// exit status (0 clean, 1 findings, 2 failure); output goes to the process's standard output
/// and error, flushed before returning.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| {
        let code = cli::main_with_args(argv);
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        code
    })
}

/// For the benchmark (`benches/python.py`): seconds the Rust library takes to migrate every text
/// of `texts` as `migrate_text` does (`run::process_bytes_with`, no schemas; `full`: with
/// validation and the preprocessing check), with no Python in the loop.
#[pyfunction]
fn _time_library(py: Python<'_>, texts: Vec<String>, allow_lossy: bool, full: bool) -> f64 {
    let options = Options {
        allow_lossy,
        ..Options::default()
    };
    py.detach(|| {
        let start = Instant::now();
        for t in texts {
            let stages = if full { Stages::ALL } else { Stages::OUTPUT };
            let r = process_bytes_with("item.json", t.into_bytes(), None, &options, None, stages);
            std::hint::black_box(&r);
        }
        start.elapsed().as_secs_f64()
    })
}

/// The extension module `mlm_migrate._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_TARGET", Spec::default_target().to_string())?;
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(migrate_text, m)?)?;
    m.add_function(wrap_pyfunction!(migrate_dict, m)?)?;
    m.add("NotJson", m.py().get_type::<value::NotJson>())?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(_time_library, m)?)?;
    Ok(())
}
