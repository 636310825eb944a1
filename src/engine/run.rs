//! One migration run over one input, as the command line performs it: read, migrate, render
//! the output text, validate it, decide what may be written — and the exit status.
//!
//! The binary only parses arguments, calls [`process`] per input, writes what the reports say
//! may be written (atomically, [`write_atomic`]) and exits with [`ExitStatus`].

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::check::{CheckOptions, CheckReport, Verdict};
use crate::document::{Format, ReadWarning, Source};
use crate::engine::detect::DetectError;
use crate::engine::{MigrateError, Migration, Options, migrate_in, surroundings};
use crate::kernel::records::{Diagnostic, Severity};
use crate::validate::{SchemaStore, Validation};

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

    /// Reads and parses the document.
    ///
    /// # Errors
    /// The [`crate::document::ReadError`] message (file, line:column, hint).
    pub fn read(&self) -> Result<Source, String> {
        match self {
            Self::Path(p) => Source::read(p).map_err(|e| e.to_string()),
            Self::Stdin => {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
                let format = Format::sniff(&text);
                Source::parse("<stdin>", text, format).map_err(|e| e.to_string())
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
    /// Schema validation of the output, when a schema mirror is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
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
    differs: bool,
    /// The input text as read.
    #[serde(skip)]
    pub input_text: String,
    /// The output text (in the input's format), when there is one.
    #[serde(skip)]
    pub output_text: Option<String>,
}

impl FileReport {
    fn failed(file: String, error: String) -> Self {
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

    /// True when the output text differs from the input text.
    pub fn changed(&self) -> bool {
        self.differs
    }

    /// Exit status this file alone calls for.
    pub fn exit_status(&self) -> ExitStatus {
        let invalid = self.validation.as_ref().is_some_and(|v| !v.is_valid());
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

/// Reads, migrates, renders and validates one input.
pub fn process(input: &Input, options: &Options, schemas: Option<&SchemaStore>) -> FileReport {
    let name = input.name();
    let source = match input.read() {
        Ok(s) => s,
        Err(e) => return FileReport::failed(name, e),
    };
    let mut report = migrate_source(&source, options, schemas);
    report.file = name;
    report
}

/// The inputs a list of command-line paths names: files as given, directories walked for
/// `.json`, `.geojson`, `.yaml` and `.yml` files (hidden entries skipped), in sorted order, and
/// `-` as standard input. `bulk` is true for several inputs or any directory — the runs in
/// which non-model documents are skipped rather than failed.
///
/// # Errors
/// A message naming the directory that cannot be read.
pub fn expand(paths: &[PathBuf]) -> Result<(Vec<Input>, bool), String> {
    let mut inputs = Vec::new();
    let mut bulk = paths.len() > 1;
    for p in paths {
        if p.is_dir() {
            bulk = true;
            let mut files = Vec::new();
            walk(p, &mut files)
                .map_err(|e| format!("{}: cannot read directory: {e}", p.display()))?;
            files.sort();
            inputs.extend(files.into_iter().map(Input::Path));
        } else {
            inputs.push(Input::from_arg(p));
        }
    }
    Ok((inputs, bulk))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if Format::from_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// Migrates an already parsed document (see [`process`]).
pub fn migrate_source(
    source: &Source,
    options: &Options,
    schemas: Option<&SchemaStore>,
) -> FileReport {
    let input_text = source
        .original
        .clone()
        .unwrap_or_else(|| source.text.clone());
    let near = surroundings::of(&source.name, &source.value);
    let migration = match migrate_in(&source.value, options, &near) {
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
    let output_text = source.write(&migration.output, &migration.origins);
    let validation = schemas.map(|s| s.validate(&migration.output));
    let refusals = migration.refusals(options);
    let mut migration = migration;
    let check = preprocessing_check(&source.value, &mut migration);
    if source.format == Format::Yaml && output_text != input_text && has_yaml_comments(&input_text)
    {
        migration.diagnostics.push(
            Diagnostic::new(
                "yaml-comments-dropped",
                Severity::Warning,
                "the YAML input has comments, which the rewritten YAML output does not keep",
            )
            .hint("copy the comments back by hand, or keep the document in JSON"),
        );
    }
    let status = if !refusals.is_empty() {
        Status::Refused
    } else if output_text == input_text {
        Status::Unchanged
    } else {
        Status::Migrated
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
        differs: output_text != input_text,
        input_text,
        output_text: Some(output_text),
    }
}

/// Runs the preprocessing check on input vs output when the document has model inputs. An
/// opaque step (a Python `pre_processing_function`) that is identical on both sides and ends
/// both pipelines is trusted as the same function: the migration never rewrites it, and every
/// stage before it is compared numerically (the report says so).
fn preprocessing_check(
    input: &serde_json::Value,
    migration: &mut Migration,
) -> Option<CheckReport> {
    let has_inputs = |v: &serde_json::Value| {
        [
            "/properties/mlm:input",
            "/properties/dlm:inputs",
            "/summaries/mlm:input",
        ]
        .iter()
        .any(|p| {
            v.pointer(p)
                .is_some_and(|x| x.as_array().is_none_or(|a| !a.is_empty()))
        })
    };
    if !has_inputs(input) && !has_inputs(&migration.output) {
        return None;
    }
    let options = CheckOptions {
        trust_identical_opaque: true,
        ..CheckOptions::default()
    };
    match crate::check::check(input, &migration.output, &options) {
        Ok(report) => Some(report),
        Err(e) => {
            migration.diagnostics.push(
                Diagnostic::new(
                    "preprocessing-check-failed",
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

/// Writes `text` to `path` atomically: a temporary file in the same directory, then a rename,
/// so a killed run never leaves a half-written file. (No fsync: the guarantee is against a
/// killed process, not a power cut — an fsync per file would cost more than the migration.)
///
/// # Errors
/// The I/O error of creating, writing or renaming the temporary file.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
