//! One migration run over one input, as the command line performs it: read, migrate, render
//! the output text, validate it, decide what may be written — and the exit status.
//!
//! The binary only parses arguments, calls [`process`] per input, writes what the reports say
//! may be written (atomically, [`crate::files::Writer`]) and exits with [`ExitStatus`].

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use super::collection::{Streamed, process_collection, process_collection_file};
use crate::check::{CheckOptions, CheckReport, Verdict};
use crate::document::Locator;
use crate::document::{Format, ReadWarning, Source};
use crate::engine::detect::DetectError;
use crate::engine::{MigrateError, Migration, Options, migrate_in, migrate_tracked, surroundings};
use crate::files::{DEFAULT_MAX_SIZE, read_stream};
use crate::kernel::pointer::Members;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Severity};
use crate::kernel::scope::DocKind;
use crate::validate::typed::Versions;
use crate::validate::{DocumentValidation, SchemaStore, Side, ValidationReport};

/// `preprocessing-check-failed`: see [`Code::what`].
pub(crate) const PREPROCESSING_CHECK_FAILED: Code = Code::new(
    "preprocessing-check-failed",
    "The automatic preprocessing equivalence check could not run on this document (e.g. it has no readable model input).",
    "Run `mlm-migrate check INPUT OUTPUT` to see why.",
);

/// `preprocessing-not-compared`: see [`Code::what`].
pub(crate) const PREPROCESSING_NOT_COMPARED: Code = Code::new(
    "preprocessing-not-compared",
    "The target has no fields for the model's inputs or their preprocessing (ML-Model v1.0.0), so there is nothing to run the converted pipeline on; the report lists the removal of `mlm:input` as lossy instead.",
    "Nothing; keep the MLM document if the preprocessing matters.",
);

/// `yaml-comments-dropped`: see [`Code::what`].
pub(crate) const YAML_COMMENTS_DROPPED: Code = Code::new(
    "yaml-comments-dropped",
    "The YAML input had comments; rewritten YAML does not keep them.",
    "Copy them back by hand.",
);

/// `byte-order-mark`: see [`Code::what`].
pub(crate) const BYTE_ORDER_MARK: Code = Code::new(
    "byte-order-mark",
    "The input starts with a UTF-8 byte order mark (U+FEFF), as some Windows editors write. It was read, and kept at the start of the output so that no byte changes without a reason. JSON forbids it in interchange (RFC 8259, section 8.1), so some readers (Python's `json.loads` on text, many JavaScript tools) reject such a file.",
    "Save the file as UTF-8 without a byte order mark (most editors call it \"UTF-8\", not \"UTF-8 with BOM\").",
);

/// Process exit statuses, defined once (ruff's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExitStatus {
    /// 0: done, nothing to report beyond the changes.
    Clean = 0,
    /// 1: findings — the output is invalid, a lossy or assumed change was refused, or (with
    /// `--check`) something would change.
    Findings = 1,
    /// 2: the tool could not do its job (unreadable input, no model content, bad arguments).
    Failure = 2,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Where a document is read from.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file; its extension picks JSON or YAML.
    Path(PathBuf),
    /// Standard input (`-`); the format is sniffed.
    Stdin,
}

impl Input {
    /// `-` means standard input.
    pub fn from_arg(arg: &Path) -> Self {
        if arg.as_os_str() == "-" {
            Self::Stdin
        } else {
            Self::Path(arg.to_owned())
        }
    }

    /// Name used in messages.
    pub fn name(&self) -> String {
        match self {
            Self::Path(p) => p.display().to_string(),
            Self::Stdin => "<stdin>".to_owned(),
        }
    }

    /// Reads and parses the document, refusing more than [`DEFAULT_MAX_SIZE`] bytes.
    ///
    /// # Errors
    /// The [`crate::document::ReadError`] message (file, line:column, hint).
    pub fn read(&self) -> Result<Source, String> {
        self.read_limited(DEFAULT_MAX_SIZE)
    }

    /// Reads and parses the document, refusing more than `max_size` bytes (checked by `stat`
    /// before reading a file, by a bounded read for standard input and other streams).
    ///
    /// # Errors
    /// The [`crate::document::ReadError`] message (file, line:column, hint).
    pub fn read_limited(&self, max_size: u64) -> Result<Source, String> {
        self.read_limited_with(max_size, true)
    }

    /// As [`Self::read_limited`]; `tree` false skips the writer's syntax tree (a run that
    /// renders no output text, see [`Stages::output_text`]).
    fn read_limited_with(&self, max_size: u64, tree: bool) -> Result<Source, String> {
        match self {
            Self::Path(p) => {
                Source::read_limited_with(p, max_size, tree).map_err(|e| e.to_string())
            }
            Self::Stdin => {
                let bytes = read_stream(std::io::stdin().lock(), max_size, 0)
                    .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
                Source::from_bytes_with("<stdin>", bytes, None, tree).map_err(|e| e.to_string())
            }
        }
    }
}

/// What happened to one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The output differs from the input and may be written.
    Migrated,
    /// Already current: the output is the input, byte for byte.
    Unchanged,
    /// The output was produced but must not be written (lossy or assumed changes refused).
    Refused,
    /// The input could not be migrated at all.
    Failed,
    /// Not a model document (no DLM, ML-Model or MLM content, or not STAC) in a run over
    /// several files or a directory, where such files are normal (a catalog's `catalog.json`).
    Skipped,
}

/// Everything known about one input after [`process`].
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// Input name (`old.json`, `<stdin>`).
    pub file: String,
    /// Input (and output) format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Outcome.
    pub status: Status,
    /// The migration and its change log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration: Option<Migration>,
    /// Leniencies of the reader (comments, trailing commas), removed from the output.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_warnings: Vec<ReadWarning>,
    /// Validation of the input and the output (typed checks always, JSON schemas when they
    /// are available), the output's findings split into carried over from the source and
    /// introduced by the migration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<ValidationReport>,
    /// The preprocessing equivalence check of input vs output (product rule 6): run after
    /// every migration of an Item or Collection that has model inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckReport>,
    /// Why the output must not be written (see [`Migration::refusals`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refusals: Vec<String>,
    /// Why the input could not be migrated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// True when the input failed only because it is not a model document (see
    /// [`Status::Skipped`]).
    #[serde(skip)]
    pub not_model: bool,
    /// True when the output text differs from the input text (kept when the texts are
    /// dropped, see [`FileReport::without_texts`]).
    #[serde(skip)]
    pub(crate) differs: bool,
    /// The input text as read.
    #[serde(skip)]
    pub input_text: String,
    /// The output text (in the input's format), when there is one; `None` also when the
    /// run did not render it (see [`Stages::output_text`]).
    #[serde(skip)]
    pub output_text: Option<String>,
}

impl FileReport {
    pub(crate) fn failed(file: String, error: String) -> Self {
        Self {
            file,
            format: None,
            status: Status::Failed,
            migration: None,
            read_warnings: Vec::new(),
            validation: None,
            check: None,
            refusals: Vec::new(),
            error: Some(error),
            not_model: false,
            differs: false,
            input_text: String::new(),
            output_text: None,
        }
    }

    /// This report turned into a failure with `error` (an input that could not be read).
    pub fn with_error(mut self, error: String) -> Self {
        self.status = Status::Failed;
        self.error = Some(error);
        self.migration = None;
        self.output_text = None;
        self
    }

    /// In a run over several files, a document that is not a model document is skipped, not
    /// failed.
    pub fn skip_if_not_model(mut self) -> Self {
        if self.not_model && self.status == Status::Failed {
            self.status = Status::Skipped;
        }
        self
    }

    /// Drops the input and output texts (kept by bulk runs only until the output is written).
    pub fn without_texts(mut self) -> Self {
        self.input_text = String::new();
        self.output_text = None;
        self
    }

    /// How many records the report holds (changes, diagnostics, findings, preprocessing
    /// checks, refusals), for a renderer to reserve its text at once: a text reserved at once
    /// is not copied as it grows (the report of an ItemCollection of thousands of Items runs to
    /// megabytes, and each copy kept the memory of the one before).
    pub fn records(&self) -> usize {
        let migration = self
            .migration
            .as_ref()
            .map_or(0, |m| m.changes.len() + m.diagnostics.len());
        let validation = self
            .validation
            .as_ref()
            .map_or(0, |v| v.source.len() + v.carried.len() + v.introduced.len());
        let check = self.check.as_ref().map_or(0, |c| c.inputs.len());
        migration + validation + check + self.refusals.len()
    }

    /// True when the output text differs from the input text.
    pub fn changed(&self) -> bool {
        self.differs
    }

    /// Exit status this file alone calls for.
    pub fn exit_status(&self) -> ExitStatus {
        let invalid = self.validation.as_ref().is_some_and(|v| !v.valid);
        let errors = self.migration.as_ref().is_some_and(Migration::has_errors);
        let differs = self
            .check
            .as_ref()
            .is_some_and(|c| matches!(c.verdict, Verdict::Differs { .. }));
        match self.status {
            Status::Failed => ExitStatus::Failure,
            Status::Skipped => ExitStatus::Clean,
            Status::Refused => ExitStatus::Findings,
            _ if invalid || errors || differs => ExitStatus::Findings,
            _ => ExitStatus::Clean,
        }
    }
}

/// Reads, migrates, renders and validates one input (at most [`DEFAULT_MAX_SIZE`] bytes).
pub fn process(input: &Input, options: &Options, schemas: Option<&SchemaStore>) -> FileReport {
    process_limited(input, DEFAULT_MAX_SIZE, options, schemas)
}

/// As [`process`], refusing inputs larger than `max_size` bytes.
pub fn process_limited(
    input: &Input,
    max_size: u64,
    options: &Options,
    schemas: Option<&SchemaStore>,
) -> FileReport {
    process_limited_with(input, max_size, options, schemas, Stages::ALL)
}

/// As [`process_limited`], running only the `stages` asked for.
pub fn process_limited_with(
    input: &Input,
    max_size: u64,
    options: &Options,
    schemas: Option<&SchemaStore>,
    stages: Stages,
) -> FileReport {
    let name = input.name();
    let source = match input.read_limited_with(max_size, stages.output_text) {
        Ok(s) => s,
        Err(e) => return FileReport::failed(name, e),
    };
    let mut report = migrate_source_with(&source, options, schemas, stages);
    report.file = name;
    report
}

/// Reads `bytes` named `name` (JSON or YAML; `format` when known, else sniffed) and migrates
/// them as [`process`] does: an NDJSON line, a document read from standard input.
pub fn process_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Option<Format>,
    options: &Options,
    schemas: Option<&SchemaStore>,
) -> FileReport {
    process_bytes_with(name, bytes, format, options, schemas, Stages::ALL)
}

/// As [`process_bytes`], running only the `stages` asked for.
pub fn process_bytes_with(
    name: &str,
    bytes: Vec<u8>,
    format: Option<Format>,
    options: &Options,
    schemas: Option<&SchemaStore>,
    stages: Stages,
) -> FileReport {
    match Source::from_bytes_with(name, bytes, format, stages.output_text) {
        Ok(source) => migrate_source_with(&source, options, schemas, stages),
        Err(e) => FileReport::failed(name.to_owned(), e.to_string()),
    }
}

/// The stages of a run besides reading, migrating and rendering the output: the command line
/// runs them all ([`Stages::ALL`]); a library caller that wants only the output and the change
/// log (the Python package's `migrate`, which runs them when their results are first asked
/// for) skips them ([`Stages::OUTPUT`]). A skipped stage leaves its field of [`FileReport`]
/// `None`, and adds none of its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    /// Validate the input and the output ([`FileReport::validation`]).
    pub validate: bool,
    /// Run the preprocessing check of input vs output ([`FileReport::check`]).
    pub check: bool,
    /// Render the output text ([`FileReport::output_text`]) even when the status does not
    /// need it. Without it (`--check`, which writes nothing), the text is rendered only when
    /// the output value equals the input's (the texts may still differ: comments, a
    /// lenient reading) or a finding of the output needs its line:column; otherwise the
    /// output differs from the input — a different value cannot have the same text — and
    /// `output_text` stays `None`. The reader then builds no syntax tree for the writer
    /// either (the writer parses the text itself if it is asked after all).
    pub output_text: bool,
}

impl Stages {
    /// Every stage, as the command line runs.
    pub const ALL: Self = Self {
        validate: true,
        check: true,
        output_text: true,
    };
    /// Every stage, without rendering an output text nobody reads (the command line's
    /// `--check`): see [`Stages::output_text`].
    pub const CHECK: Self = Self {
        validate: true,
        check: true,
        output_text: false,
    };
    /// Neither validation nor the preprocessing check: the output, the changes, the
    /// migration's diagnostics and the refusals only.
    pub const OUTPUT: Self = Self {
        validate: false,
        check: false,
        output_text: true,
    };
}

/// Validates one parsed document on its own, as `mlm-migrate validate` does: the typed checks
/// of every `mlm:`, `dlm:` and `ml-model:` field at the versions the document declares and
/// shows (none when it has no model content), and the JSON schemas it declares when `schemas`
/// has them (a note names each one that could not be used). Findings are located by
/// line:column in JSON text; YAML findings carry pointers only.
#[must_use]
pub fn validate_source(source: &Source, schemas: Option<&SchemaStore>) -> DocumentValidation {
    let versions = crate::engine::detect::detect(&source.value)
        .map(|d| {
            let declared: Vec<_> = d.declared_specs().collect();
            Versions::of_source(&d.families, &declared, d.start)
        })
        .unwrap_or_default();
    let locator = if source.format == Format::Json {
        Locator::json(&source.text)
    } else {
        Locator::none()
    };
    let side = Side {
        value: &source.value,
        locate: &|p| locator.position(p),
        versions,
    };
    DocumentValidation::of(&side, schemas)
}

/// Migrates an already parsed document (see [`process`]).
pub fn migrate_source(
    source: &Source,
    options: &Options,
    schemas: Option<&SchemaStore>,
) -> FileReport {
    migrate_source_with(source, options, schemas, Stages::ALL)
}

/// As [`migrate_source`], running only the `stages` asked for.
pub fn migrate_source_with(
    source: &Source,
    options: &Options,
    schemas: Option<&SchemaStore>,
    stages: Stages,
) -> FileReport {
    let input_text = source
        .original
        .clone()
        .unwrap_or_else(|| source.text.clone());
    let near = surroundings::of(&source.name, &source.value);
    let (migration, untouched) = match migrate_tracked(&source.value, options, &near) {
        Ok(m) => m,
        Err(e) => {
            let mut r = FileReport::failed(source.name.clone(), describe(&e));
            r.not_model = matches!(
                e,
                MigrateError::Detect(DetectError::NoModelContent | DetectError::NotStac)
            );
            r.format = Some(source.format);
            r.input_text = input_text;
            return r;
        }
    };
    // The text is rendered when asked for, or when the status needs it (equal values may
    // still have different texts), or for the line:column of an output finding.
    let rendered = std::cell::OnceCell::new();
    // No edit opened the document: it is the input, with no walk to compare them.
    let same = untouched || migration.output == source.value;
    debug_assert!(!untouched || migration.output == source.value);
    if same {
        let _ = rendered.set(source.write_unchanged());
    } else if stages.output_text {
        let _ = rendered.set(source.write(&migration.output, &migration.origins));
    }
    let differs = rendered.get().is_none_or(|t| *t != input_text);
    let render = || {
        rendered
            .get_or_init(|| source.write(&migration.output, &migration.origins))
            .as_str()
    };
    let validation = stages
        .validate
        .then(|| validate_sides(source, &render, &migration, same, schemas));
    let output_text = rendered.into_inner();
    let refusals = migration.refusals(options);
    let mut migration = migration;
    let check = if stages.check {
        preprocessing_check(&source.value, &mut migration, same)
    } else {
        None
    };
    if source.format == Format::Yaml && differs && has_yaml_comments(&input_text) {
        migration.diagnostics.push(
            Diagnostic::new(
                YAML_COMMENTS_DROPPED,
                Severity::Warning,
                "the YAML input has comments, which the rewritten YAML output does not keep",
            )
            .hint("copy the comments back by hand, or keep the document in JSON"),
        );
    }
    if source.bom {
        migration.diagnostics.push(
            Diagnostic::new(
                BYTE_ORDER_MARK,
                Severity::Warning,
                "the file starts with a UTF-8 byte order mark (BOM, U+FEFF): read, and kept on output",
            )
            .hint("some JSON readers reject a BOM; save the file as UTF-8 without BOM"),
        );
    }
    let status = if !refusals.is_empty() {
        Status::Refused
    } else if differs {
        Status::Migrated
    } else {
        Status::Unchanged
    };
    FileReport {
        file: source.name.clone(),
        format: Some(source.format),
        status,
        migration: Some(migration),
        read_warnings: source.warnings.clone(),
        validation,
        check,
        refusals,
        error: None,
        not_model: false,
        differs,
        input_text,
        output_text,
    }
}

/// Validates the input at the version it is read as and the output at the target (see
/// [`ValidationReport`]); line:column come from the JSON texts. `same`: the output value is
/// the input's.
fn validate_sides<'t>(
    source: &'t Source,
    output_text: &dyn Fn() -> &'t str,
    migration: &Migration,
    same: bool,
    schemas: Option<&SchemaStore>,
) -> ValidationReport {
    let json = source.format == Format::Json;
    let locate = |text| {
        if json {
            Locator::json(text)
        } else {
            Locator::none()
        }
    };
    let input_at = locate(&source.text);
    // The output text is rendered only when one of its findings is located.
    let output_at = std::cell::OnceCell::new();
    let d = &migration.detection;
    let declared: Vec<_> = d.declared_specs().collect();
    let input = Side {
        value: &source.value,
        locate: &|p| input_at.position(p),
        versions: Versions::of_source(&d.families, &declared, d.start),
    };
    let output = Side {
        value: &migration.output,
        locate: &|p| output_at.get_or_init(|| locate(output_text())).position(p),
        versions: Versions::only(migration.target),
    };
    // An already current document (an up-to-date catalog under `--check`): the same value and
    // text read at the same versions, so one validation answers for both sides.
    if same && input.versions == output.versions && output_text() == source.text {
        return ValidationReport::of_unchanged(&input, migration.target, schemas);
    }
    ValidationReport::of_migration(
        &input,
        &output,
        &migration.origins,
        migration.target,
        schemas,
    )
}

/// True when `v` has model inputs to check (an ItemCollection: when one of its features has).
pub(crate) fn has_inputs(v: &serde_json::Value) -> bool {
    if DocKind::of(v) == Some(DocKind::ItemCollection) {
        return v
            .member("features")
            .and_then(serde_json::Value::as_array)
            .is_some_and(|f| f.iter().any(has_inputs));
    }
    [
        "/properties/mlm:input",
        "/properties/dlm:inputs",
        "/summaries/mlm:input",
        // A metadata-only file (`$schema` + unprefixed `properties`).
        "/properties/input",
    ]
    .iter()
    .any(|p| {
        v.pointer(p)
            .is_some_and(|x| x.as_array().is_none_or(|a| !a.is_empty()))
    })
}

/// Runs the preprocessing check on input vs output when the document has model inputs (in
/// an ItemCollection: when one of its features has; each feature is checked against its own
/// output). An opaque step (a Python `pre_processing_function`) that is identical on both
/// sides and ends both pipelines is trusted as the same function: the migration never
/// rewrites it, and every stage before it is compared numerically (the report says so).
/// `same`: the output is the input's value (read once for both sides).
fn preprocessing_check(
    input: &serde_json::Value,
    migration: &mut Migration,
    same: bool,
) -> Option<CheckReport> {
    if !has_inputs(input) && !has_inputs(&migration.output) {
        return None;
    }
    if migration.target.family() == crate::kernel::versions::Family::MlModel {
        migration.diagnostics.push(Diagnostic::new(
            PREPROCESSING_NOT_COMPARED,
            Severity::Info,
            format!(
                "the preprocessing check does not run: {} has no fields for model inputs",
                migration.target
            ),
        ));
        return None;
    }
    let options = CheckOptions {
        trust_identical_opaque: true,
        ..CheckOptions::default()
    };
    let checked = if same {
        crate::check::check_unchanged(input, &options)
    } else {
        crate::check::check(input, &migration.output, &options)
    };
    match checked {
        Ok(report) => Some(report),
        Err(e) => {
            migration.diagnostics.push(
                Diagnostic::new(
                    PREPROCESSING_CHECK_FAILED,
                    Severity::Warning,
                    format!("the preprocessing check could not run: {e}"),
                )
                .hint("run `mlm-migrate check INPUT OUTPUT` for details"),
            );
            None
        }
    }
}

fn describe(e: &MigrateError) -> String {
    e.to_string()
}

fn has_yaml_comments(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with('#'))
}

/// Migrates a document held as a parsed value rather than text (a library caller whose
/// document is data, as the Python package's `migrate(dict)`): the same migration, changes,
/// diagnostics, refusals and status as [`migrate_source_with`] gives for the compact JSON
/// text of `value` with [`Stages::OUTPUT`], without writing or reading any text. `name` is
/// used in messages and, as for a file, to find the Collection beside an Item for the
/// `fix` repairs.
///
/// The report's [`FileReport::format`] is JSON, its texts are empty (`output_text` is
/// `None`) and its status is [`Status::Unchanged`] when the output equals `value`; the
/// output is [`Migration::output`]. Neither validation nor the preprocessing check runs
/// (their line:column positions need text): run [`migrate_source_with`] on the text for
/// them. A document that cannot be migrated gives [`Status::Failed`] with the error, as
/// there.
#[must_use]
pub fn migrate_value(name: &str, value: &serde_json::Value, options: &Options) -> FileReport {
    let near = surroundings::of(name, value);
    let migration = match migrate_in(value, options, &near) {
        Ok(m) => m,
        Err(e) => {
            let mut r = FileReport::failed(name.to_owned(), describe(&e));
            r.not_model = matches!(
                e,
                MigrateError::Detect(DetectError::NoModelContent | DetectError::NotStac)
            );
            r.format = Some(Format::Json);
            return r;
        }
    };
    let refusals = migration.refusals(options);
    let differs = migration.output != *value;
    let status = if !refusals.is_empty() {
        Status::Refused
    } else if differs {
        Status::Migrated
    } else {
        Status::Unchanged
    };
    FileReport {
        file: name.to_owned(),
        format: Some(Format::Json),
        status,
        migration: Some(migration),
        read_warnings: Vec::new(),
        validation: None,
        check: None,
        refusals,
        error: None,
        not_model: false,
        differs,
        input_text: String::new(),
        output_text: None,
    }
}

#[cfg(test)]
mod migrate_value_tests {
    use std::path::Path;

    use super::{Stages, Status, migrate_source_with, migrate_value};
    use crate::document::{Format, Source};
    use crate::engine::Options;

    fn files_with(dir: &Path, exts: &[&str], out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_with(&path, exts, out);
            } else if path
                .extension()
                .is_some_and(|e| exts.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
    }

    /// Every strict-JSON fixture gives the same record through `migrate_value` as through the
    /// text (`migrate_source_with`, output stages): status, migration with output, changes and
    /// diagnostics, refusals, error.
    #[test]
    fn the_value_path_equals_the_text_path() {
        let mut files = Vec::new();
        files_with(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &["json"],
            &mut files,
        );
        files.sort();
        let options = [
            Options {
                allow_lossy: true,
                ..Options::default()
            },
            Options {
                strict: true,
                fix: true,
                ..Options::default()
            },
            Options {
                allow_lossy: true,
                target: "mlm@1.3.0".parse().unwrap(),
                ..Options::default()
            },
        ];
        let mut compared = 0;
        for path in &files {
            let Ok(source) = Source::read(path) else {
                continue;
            };
            if source.format != Format::Json || source.cleaned || source.bom {
                continue;
            }
            let name = path.display().to_string();
            for o in &options {
                let by_text = migrate_source_with(&source, o, None, Stages::OUTPUT);
                let by_value = migrate_value(&name, &source.value, o);
                assert_eq!(
                    serde_json::to_value(&by_value).unwrap(),
                    serde_json::to_value(&by_text).unwrap(),
                    "{name}"
                );
                assert_eq!(by_value.changed(), by_text.changed(), "{name}");
                assert_eq!(by_value.not_model, by_text.not_model, "{name}");
                assert!(by_value.output_text.is_none());
                if by_value.status != Status::Failed {
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} migrations compared");
    }

    /// `--check` reads without the writer's syntax tree and renders no output text when the
    /// values differ: over every fixture (JSON with comments or a BOM, YAML), the record,
    /// status and `changed()` equal those of a run that renders it; a text rendered anyway
    /// (equal values, or a located output finding; the writer then parses the text itself)
    /// is the same text.
    #[test]
    fn check_stages_tell_the_same_status_without_the_text() {
        let mut files = Vec::new();
        files_with(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &["json", "yaml", "yml"],
            &mut files,
        );
        files.sort();
        let options = [
            Options::default(),
            Options {
                allow_lossy: true,
                fix: true,
                ..Options::default()
            },
        ];
        let (mut skipped_text, mut unchanged) = (0, 0);
        for path in &files {
            let Ok(source) = Source::read(path) else {
                continue;
            };
            let name = path.display().to_string();
            let treeless = Source::read_limited_with(path, crate::files::DEFAULT_MAX_SIZE, false)
                .expect("read without the tree");
            assert_eq!(treeless.value, source.value, "{name}");
            for o in &options {
                let all = migrate_source_with(&source, o, None, Stages::ALL);
                let check = migrate_source_with(&treeless, o, None, Stages::CHECK);
                assert_eq!(
                    serde_json::to_value(&check).unwrap(),
                    serde_json::to_value(&all).unwrap(),
                    "{name}"
                );
                assert_eq!(check.changed(), all.changed(), "{name}");
                match &check.output_text {
                    Some(t) => assert_eq!(Some(t), all.output_text.as_ref(), "{name}"),
                    None => skipped_text += 1,
                }
                if all.status == Status::Unchanged {
                    unchanged += 1;
                }
            }
        }
        assert!(
            skipped_text > 100 && unchanged > 5,
            "{skipped_text} {unchanged}"
        );
    }
}
