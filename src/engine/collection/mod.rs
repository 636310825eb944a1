//! ItemCollection JSON files read feature by feature, so that memory is bounded by the input
//! text and a few features, not by the collection parsed whole (a 20 MB collection of 2,000
//! Items held as values, syntax trees and a rendered output took 376–462 MiB).
//!
//! ```text
//!  text ──scan──▶ prefix │ feature 0 │ , │ feature 1 │ … │ suffix
//!                  copied   dedent → read → migrate → render → indent   copied
//! ```
//!
//! A light scanner ([`scan`]) finds the top-level `features` array and each member's span.
//! Each member is a document of its own once the indentation of its nesting level is taken
//! off its lines (JSON strings hold no raw line break); it goes through the single-document
//! pipeline (read, migrate, render, validate, check) and its output, indented back, takes
//! its place; the text between members is copied. An unchanged feature is copied byte for
//! byte. Changes, diagnostics and findings carry `/features/<i>` pointers and line:column
//! positions in the whole texts, so the report is the one the whole collection would get.
//!
//! Only a plain collection is read this way: strict JSON (no comments, trailing commas or
//! byte order mark), `"type": "FeatureCollection"` exactly, each multi-line member indented
//! by the whitespace before it on its first line. Anything else — and a member that does not
//! read on its own (a repeated key) — is read whole, as before, with the same result.

mod scan;

use std::io::Write;

use serde_json::Value;

use super::detect::{DetectError, Detection};
use super::run::{
    FileReport, PREPROCESSING_CHECK_FAILED, PREPROCESSING_NOT_COMPARED, Stages, Status, has_inputs,
};
use super::{FEATURE_NOT_MIGRATED, MigrateError, Migration, Options, migrate_tracked, prefixed};
use crate::check::{self, CheckError, CheckOptions, InputReport};
use crate::document::{Format, Locator, Source};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Change, Diagnostic, Origins, Severity};
use crate::kernel::surroundings::Surroundings;
use crate::kernel::versions::Family;
use crate::validate::SchemaStore;
use crate::validate::Side;
use crate::validate::pieces::{Feature, Pieces};
use crate::validate::typed::Versions;
use scan::{Cursor, End, Indent, Layout};

/// What [`process_collection`] did with a text.
#[derive(Debug)]
pub enum Streamed {
    /// Read feature by feature: the report, and the error met writing the output, if any
    /// (the output is then incomplete and must be thrown away).
    Done(Box<FileReport>, Option<std::io::Error>),
    /// Not a collection read feature by feature: the bytes, untouched, to read whole.
    Whole(Vec<u8>),
}

/// Migrates the ItemCollection JSON text `bytes` named `name` feature by feature, writing its
/// output text to `out` as each feature is rendered, and reports it as [`super::run::process`]
/// reports the collection read whole: the same changes, diagnostics, validation, check and
/// status. `out` receives the output whatever the status: keep it only when the report says
/// it may be written. `keep_texts`: the report keeps the input and output texts (for a diff,
/// standard output, annotations), which a run that writes the output to a file does without.
///
/// Anything but a plain collection (see the module docs) comes back as [`Streamed::Whole`].
pub fn process_collection(
    name: &str,
    bytes: Vec<u8>,
    options: &Options,
    schemas: Option<&SchemaStore>,
    stages: Stages,
    keep_texts: bool,
    out: &mut dyn Write,
) -> Streamed {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Streamed::Whole(e.into_bytes()),
    };
    let Some((layout, near)) = plain(name, &text) else {
        return Streamed::Whole(text.into_bytes());
    };
    // Under `--check` (no output text asked for), a changed feature is not rendered unless a
    // finding of the output needs its line:column: then the run starts again, rendering.
    let mut render = stages.output_text || keep_texts;
    let (report, sink) = loop {
        let mut sink = Sink {
            out: &mut *out,
            error: None,
            kept: keep_texts.then(|| String::with_capacity(text.len())),
            end: Some(End::default()),
        };
        let run = Run {
            name,
            text: &text,
            options,
            schemas,
            stages,
            near: &near,
            render,
            unlocated: std::cell::Cell::new(false),
        };
        match run.go(&layout, &mut sink) {
            None => return Streamed::Whole(text.into_bytes()),
            Some(_) if run.unlocated.get() && !render => render = true,
            Some(report) => break (report, (sink.kept, sink.error)),
        }
    };
    let mut report = report;
    report.file = name.to_owned();
    if keep_texts {
        report.input_text = text;
        report.output_text = sink.0.filter(|_| report.migration.is_some());
    }
    Streamed::Done(Box::new(report), sink.1)
}

/// The layout of a plain collection (see the module docs) and the neighbourhood its features
/// are migrated in (that of the collection, as when it is read whole).
fn plain(name: &str, text: &str) -> Option<(Layout, Surroundings)> {
    let layout = scan::scan(text)?;
    let kind = layout.kind.clone()?;
    if &text[kind] != "\"FeatureCollection\"" {
        return None;
    }
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    // Every multi-line member must take its indentation off cleanly.
    let mut cursor = Cursor::default();
    for span in &layout.features {
        cursor
            .indent_at(text, span.start)
            .fits(&text[span.clone()])
            .then_some(())?;
    }
    // The collection without its features: its own members, read as the whole would be
    // (a repeated key is an error there).
    let shell = format!("{}{}", &text[..=layout.open], &text[layout.close..]);
    let shell = Source::parse(name, shell, Format::Json).ok()?;
    let near = super::surroundings::of(name, &shell.value);
    Some((layout, near))
}

/// Where the output goes: the caller's writer (until it fails), a copy kept for the report,
/// and the position the next text starts at (`None` once a changed feature was not rendered).
struct Sink<'o> {
    out: &'o mut dyn Write,
    error: Option<std::io::Error>,
    kept: Option<String>,
    end: Option<End>,
}

impl Sink<'_> {
    fn emit(&mut self, chunk: &str) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(chunk.as_bytes())
        {
            self.error = Some(e);
        }
        if let Some(k) = &mut self.kept {
            k.push_str(chunk);
        }
        if let Some(end) = &mut self.end {
            end.push(chunk);
        }
    }
}

/// One collection's run: what every feature shares.
struct Run<'r> {
    name: &'r str,
    text: &'r str,
    options: &'r Options,
    schemas: Option<&'r SchemaStore>,
    stages: Stages,
    near: &'r Surroundings,
    /// Render changed features (else only the status is told, as `--check` needs).
    render: bool,
    /// Set when a finding of the output could not be located because its feature, or one
    /// before it, was not rendered.
    unlocated: std::cell::Cell<bool>,
}

/// What the features add up to.
#[derive(Default)]
struct Totals<'t> {
    changes: Vec<Change>,
    diagnostics: Vec<Diagnostic>,
    /// The detection of the first feature migrated (the collection's, as read whole).
    first: Option<Detection>,
    first_error: Option<MigrateError>,
    differs: bool,
    validation: Pieces,
    /// Features not migrated before the first one that was: validated once the versions
    /// to read them at are known (read again from their span then).
    pending: Vec<Place<'t>>,
    has_inputs: bool,
    checks: Vec<InputReport>,
    check_error: Option<CheckError>,
}

/// Where a feature is: its index, its span in the input, how it stands in the input and in
/// the output.
#[derive(Clone)]
struct Place<'t> {
    index: usize,
    span: std::ops::Range<usize>,
    at_in: Indent<'t>,
    /// `None` when a changed feature before it was not rendered.
    at_out: Option<Indent<'t>>,
}

/// One feature read on its own.
struct Read<'t> {
    place: Place<'t>,
    source: Source,
}

impl<'r> Run<'r> {
    /// Every feature in order; `None` when one does not read on its own.
    fn go(&self, layout: &Layout, sink: &mut Sink<'_>) -> Option<FileReport> {
        let mut totals = Totals::default();
        let mut cursor = Cursor::default();
        let mut from = 0;
        for (index, span) in layout.features.iter().enumerate() {
            sink.emit(&self.text[from..span.start]);
            from = span.end;
            let at_in = cursor.indent_at(self.text, span.start);
            let at_out = sink.end.map(|e| e.indent(at_in.prefix));
            let own = at_in.dedent(&self.text[span.clone()])?;
            let source = Source::parse_with(self.name, own, Format::Json, self.render).ok()?;
            let place = Place {
                index,
                span: span.clone(),
                at_in,
                at_out,
            };
            self.feature(&Read { place, source }, sink, &mut totals);
        }
        sink.emit(&self.text[from..]);
        Some(self.finish(totals))
    }

    /// Migrates, writes, validates and checks one feature.
    fn feature<'t>(&self, read: &Read<'t>, sink: &mut Sink<'_>, totals: &mut Totals<'t>) {
        let place = &read.place;
        let span = &self.text[place.span.clone()];
        let base = Pointer::root().key("features").index(place.index);
        let value = &read.source.value;
        let mut m = match migrate_tracked(value, self.options, self.near) {
            Ok((m, untouched)) => (m, untouched),
            Err(e) => {
                if !matches!(e, MigrateError::Detect(DetectError::NoModelContent)) {
                    totals.diagnostics.push(
                        Diagnostic::new(FEATURE_NOT_MIGRATED, Severity::Error, e.to_string())
                            .at(base)
                            .hint("fix this feature and migrate again; it is left as it was"),
                    );
                    totals.first_error.get_or_insert(e);
                }
                sink.emit(span);
                self.unmigrated(read, value, totals);
                return;
            }
        };
        let (m, untouched) = (&mut m.0, m.1);
        let same = untouched || m.output == *value;
        let own_out = if same {
            sink.emit(span);
            None
        } else if let (true, Some(at_out)) = (self.render, &place.at_out) {
            let own = read.source.write(&m.output, &m.origins);
            totals.differs |= own != read.source.text;
            sink.emit(&at_out.indent(&own));
            Some(own)
        } else {
            // A different value cannot have the same text.
            totals.differs = true;
            sink.end = None;
            None
        };
        if totals.first.is_none() {
            totals.first = Some(m.detection.clone());
            for pending in std::mem::take(&mut totals.pending) {
                self.validate_pending(pending, totals);
            }
        }
        totals.changes.extend(
            std::mem::take(&mut m.changes)
                .into_iter()
                .map(|c| prefixed(c, &base)),
        );
        totals
            .diagnostics
            .extend(std::mem::take(&mut m.diagnostics).into_iter().map(|mut d| {
                d.pointer = d.pointer.map(|p| {
                    Pointer::parse(&format!("{}{}", base.as_str(), p.as_str())).unwrap_or(p)
                });
                d
            }));
        let out_text = if same {
            Some(read.source.text.as_str())
        } else {
            own_out.as_deref()
        };
        self.validate(read, &m.output, out_text, &m.origins, same, totals);
        self.check(place.index, value, (!same).then_some(&m.output), totals);
    }

    /// A feature left as it was (not a model document, or not migrated).
    fn unmigrated<'t>(&self, read: &Read<'t>, value: &Value, totals: &mut Totals<'t>) {
        if totals.first.is_none() {
            totals.pending.push(read.place.clone());
        } else {
            let text = Some(read.source.text.as_str());
            self.validate(read, value, text, &Origins::default(), true, totals);
        }
        self.check(read.place.index, value, None, totals);
    }

    /// Validates a feature left as it was before the versions were known: read again.
    fn validate_pending<'t>(&self, place: Place<'t>, totals: &mut Totals<'t>) {
        let Some(own) = place.at_in.dedent(&self.text[place.span.clone()]) else {
            return;
        };
        let Ok(source) = Source::parse(self.name, own, Format::Json) else {
            return;
        };
        let read = Read { place, source };
        let (value, text) = (&read.source.value, Some(read.source.text.as_str()));
        self.validate(&read, value, text, &Origins::default(), true, totals);
    }

    /// Validates one feature's two sides (its output `output`, written as `out_text`).
    fn validate<'t>(
        &self,
        read: &Read<'t>,
        output: &Value,
        out_text: Option<&str>,
        origins: &Origins,
        same: bool,
        totals: &mut Totals<'t>,
    ) {
        if !self.stages.validate {
            return;
        }
        let Some(d) = &totals.first else { return };
        let place = &read.place;
        let base = Pointer::root().key("features").index(place.index);
        let in_at = Locator::json(&read.source.text);
        let out_at = match (out_text, &place.at_out) {
            (Some(t), Some(at)) => Some((Locator::json(t), at)),
            _ => None,
        };
        let locate = |locator: &Locator<'_>, at: &Indent<'_>, p: &Pointer| {
            let local = p.rebase(&base, &Pointer::root())?;
            locator.position(&local).map(|lc| at.position(lc))
        };
        let locate_out = |p: &Pointer| match &out_at {
            Some((locator, at)) => locate(locator, at, p),
            None => {
                self.unlocated.set(true);
                None
            }
        };
        let declared: Vec<_> = d.declared_specs().collect();
        let feature = Feature {
            index: place.index,
            source: Side {
                value: &read.source.value,
                locate: &|p| locate(&in_at, &place.at_in, p),
                versions: Versions::of_source(&d.families, &declared, d.start),
            },
            output: Side {
                value: output,
                locate: &locate_out,
                versions: Versions::only(self.options.target),
            },
            origins,
            same,
        };
        totals.validation.add(&feature, self.schemas);
    }

    /// The preprocessing check of one feature's inputs (`output` `None`: left as it was).
    fn check(&self, index: usize, input: &Value, output: Option<&Value>, totals: &mut Totals<'_>) {
        if !self.stages.check {
            return;
        }
        totals.has_inputs |= has_inputs(input) || output.is_some_and(has_inputs);
        if totals.check_error.is_some() || self.options.target.family() == Family::MlModel {
            return;
        }
        match check::check_feature(input, output, index, &check_options()) {
            Ok(inputs) => totals.checks.extend(inputs),
            Err(e) => totals.check_error = Some(e),
        }
    }

    /// The report of the whole collection.
    fn finish(&self, totals: Totals<'_>) -> FileReport {
        let Some(detection) = totals.first else {
            let e = totals
                .first_error
                .unwrap_or(MigrateError::Detect(DetectError::NoModelContent));
            let mut r = FileReport::failed(self.name.to_owned(), e.to_string());
            r.not_model = matches!(
                e,
                MigrateError::Detect(DetectError::NoModelContent | DetectError::NotStac)
            );
            r.format = Some(Format::Json);
            return r;
        };
        let target = self.options.target;
        let declared: Vec<_> = detection.declared_specs().collect();
        let versions = Versions::of_source(&detection.families, &declared, detection.start);
        let mut migration = Migration {
            output: Value::Null,
            changes: totals.changes,
            diagnostics: totals.diagnostics,
            detection,
            target,
            origins: Origins::default(),
        };
        let validation = self
            .stages
            .validate
            .then(|| totals.validation.finish(&versions, target, self.schemas));
        let refusals = migration.refusals(self.options);
        let check = if self.stages.check && totals.has_inputs {
            self.check_report(totals.checks, totals.check_error, &mut migration)
        } else {
            None
        };
        let status = if !refusals.is_empty() {
            Status::Refused
        } else if totals.differs {
            Status::Migrated
        } else {
            Status::Unchanged
        };
        FileReport {
            file: self.name.to_owned(),
            format: Some(Format::Json),
            status,
            migration: Some(migration),
            read_warnings: Vec::new(),
            validation,
            check,
            refusals,
            error: None,
            not_model: false,
            differs: totals.differs,
            input_text: String::new(),
            output_text: None,
        }
    }

    /// The check report of every feature's inputs, or the diagnostic saying why there is none.
    fn check_report(
        &self,
        checks: Vec<InputReport>,
        error: Option<CheckError>,
        migration: &mut Migration,
    ) -> Option<check::CheckReport> {
        let target = self.options.target;
        if target.family() == Family::MlModel {
            migration.diagnostics.push(Diagnostic::new(
                PREPROCESSING_NOT_COMPARED,
                Severity::Info,
                format!(
                    "the preprocessing check does not run: {target} has no fields for model inputs"
                ),
            ));
            return None;
        }
        if let Some(e) = error {
            migration.diagnostics.push(
                Diagnostic::new(
                    PREPROCESSING_CHECK_FAILED,
                    Severity::Warning,
                    format!("the preprocessing check could not run: {e}"),
                )
                .hint("run `mlm-migrate check INPUT OUTPUT` for details"),
            );
            return None;
        }
        Some(check::report_of_features(checks, &check_options()))
    }
}

/// The options of the migration's own preprocessing check (as for a document read whole).
fn check_options() -> CheckOptions {
    CheckOptions {
        trust_identical_opaque: true,
        ..CheckOptions::default()
    }
}
