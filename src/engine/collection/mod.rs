//! ItemCollection JSON files read feature by feature, so that memory is bounded by a few
//! features and the report, not by the collection parsed whole (a 20 MB collection of 2,000
//! Items held as values, syntax trees and a rendered output took 366–451 MiB).
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
//! The text is read in pieces ([`text`]): from memory when the caller holds it anyway, or
//! from the file, never held whole.
//!
//! Only a plain collection is read this way: a strict JSON object (no comments, trailing
//! commas or byte order mark) with `"type": "FeatureCollection"` exactly, whose multi-line
//! members start their lines. Anything else — and a member that does not read on its own
//! (a repeated key) or is not indented as its first line is — is read whole, as before, with
//! the same result.

mod report;
mod scan;
mod text;

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use std::io::Write;

use serde_json::Value;

use super::detect::{DetectError, Detection};
use super::run::{FileReport, Stages};
use super::{FEATURE_NOT_MIGRATED, MigrateError, Options, migrate_tracked, prefixed};
use crate::check::{CheckError, InputReport};
use crate::document::{Format, Source};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Change, Diagnostic, Origins, Severity};
use crate::kernel::surroundings::Surroundings;
use crate::validate::SchemaStore;
use crate::validate::pieces::Pieces;
use scan::{Indent, Layout, Position};
use text::{FromFile, Held, Text};

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
/// it may be written; with `stages.output_text` false (`--check`) it may receive only part
/// of it. `keep_texts`: the report keeps the input and output texts (for a diff, standard
/// output, annotations), which a run that writes the output to a file does without.
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
    let Some(layout) = scan::scan(text.as_bytes()) else {
        return Streamed::Whole(text.into_bytes());
    };
    let held = || {
        Some(Held {
            text: &text,
            pos: 0,
        })
    };
    let Some((report, kept, failed)) = run_collection(
        name,
        &layout,
        &held,
        (options, schemas, stages),
        keep_texts,
        out,
    ) else {
        return Streamed::Whole(text.into_bytes());
    };
    let mut report = report;
    if keep_texts {
        report.input_text = text;
        report.output_text = kept.filter(|_| report.migration.is_some());
    }
    Streamed::Done(Box::new(report), failed)
}

/// [`process_collection`] of the file at `path`, read in pieces (never held whole): twice in
/// order (once to find the features, once to migrate them) and at offsets for the few parts
/// needed again. The report keeps no texts. `None`: not a plain collection (see the module
/// docs), or the file could not be read: read it whole.
pub fn process_collection_file(
    path: &Path,
    options: &Options,
    schemas: Option<&SchemaStore>,
    stages: Stages,
    out: &mut dyn Write,
) -> Option<(FileReport, Option<std::io::Error>)> {
    let open = || File::open(path).ok();
    let layout = scan::scan(BufReader::new(open()?))?;
    let name = path.display().to_string();
    let from_file = || {
        // The text must not be read from two files (one replaced meanwhile).
        Some(FromFile {
            file: open()?,
            order: BufReader::new(open()?),
        })
    };
    let (report, _, failed) = run_collection(
        &name,
        &layout,
        &from_file,
        (options, schemas, stages),
        false,
        out,
    )?;
    Some((report, failed))
}

/// What a run is asked to do: the options, the schemas, the stages.
type Asked<'a> = (&'a Options, Option<&'a SchemaStore>, Stages);

/// Migrates the collection laid out as `layout`, its text read from a fresh [`Text`] made by
/// `text` for each run; the report, the output text if kept, and the error met writing `out`.
fn run_collection<T: Text>(
    name: &str,
    layout: &Layout,
    text: &dyn Fn() -> Option<T>,
    (options, schemas, stages): Asked<'_>,
    keep_texts: bool,
    out: &mut dyn Write,
) -> Option<(FileReport, Option<String>, Option<std::io::Error>)> {
    let near = plain(name, layout, &text()?)?;
    // Under `--check` (no output text asked for), a changed feature is not rendered unless a
    // finding of the output needs its line:column: then the run starts again, rendering.
    let mut render = stages.output_text || keep_texts;
    loop {
        let mut sink = Sink {
            out: &mut *out,
            error: None,
            kept: keep_texts.then(|| String::with_capacity(layout.len)),
            end: Some(Position::default()),
        };
        let run = Run {
            name,
            options,
            schemas,
            stages,
            near: &near,
            render,
            unlocated: std::cell::Cell::new(false),
        };
        let report = run.go(layout, &mut text()?, &mut sink)?;
        if run.unlocated.get() && !render {
            render = true;
            continue;
        }
        return Some((report, sink.kept, sink.error));
    }
}

/// The neighbourhood the features of a plain collection (see the module docs) are migrated
/// in (that of the collection, as when it is read whole); `None` when it is not plain.
fn plain(name: &str, layout: &Layout, text: &dyn Text) -> Option<Surroundings> {
    if layout.kind.as_deref() != Some(b"FeatureCollection".as_slice()) {
        return None;
    }
    // The collection without its features: its own members, read as the whole would be
    // (strict JSON; a repeated key is an error there).
    let mut shell = text.at(0..layout.open + 1)?;
    shell.push_str(&text.at(layout.close..layout.len)?);
    let shell = Source::parse(name, shell, Format::Json).ok()?;
    Some(super::surroundings::of(name, &shell.value))
}

/// Where the output goes: the caller's writer (until it fails), a copy kept for the report,
/// and the position the next text starts at (`None` once a changed feature was not rendered).
struct Sink<'o> {
    out: &'o mut dyn Write,
    error: Option<std::io::Error>,
    kept: Option<String>,
    end: Option<Position>,
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
struct Totals {
    changes: Vec<Change>,
    diagnostics: Vec<Diagnostic>,
    /// The detection of the first feature migrated (the collection's, as read whole).
    first: Option<Detection>,
    first_error: Option<MigrateError>,
    differs: bool,
    validation: Pieces,
    /// Features not migrated before the first one that was: validated once the versions
    /// to read them at are known (read again from their span then).
    pending: Vec<Place>,
    has_inputs: bool,
    checks: Vec<InputReport>,
    check_error: Option<CheckError>,
}

/// Where a feature is: its index, its span in the input, how it stands in the input and in
/// the output.
#[derive(Clone)]
struct Place {
    index: usize,
    span: std::ops::Range<usize>,
    at_in: Indent,
    /// `None` when a changed feature before it was not rendered.
    at_out: Option<Indent>,
}

/// One feature read on its own.
struct Read {
    place: Place,
    source: Source,
}

impl<'r> Run<'r> {
    /// Every feature in order; `None` when one does not read on its own.
    fn go(&self, layout: &Layout, text: &mut dyn Text, sink: &mut Sink<'_>) -> Option<FileReport> {
        let mut totals = Totals::default();
        let mut at = Position::default();
        let mut from = 0;
        for (index, span) in layout.features.iter().enumerate() {
            let between = text.next(span.start - from)?;
            sink.emit(&between);
            at.push(&between);
            let at_in = at.indent();
            let at_out = sink.end.as_ref().map(|e| e.indent_as(&at_in));
            let original = text.next(span.len())?;
            at.push(&original);
            from = span.end;
            let own = at_in.dedent(&original)?;
            let source = Source::parse_with(self.name, own, Format::Json, self.render).ok()?;
            let place = Place {
                index,
                span: span.clone(),
                at_in,
                at_out,
            };
            let read = Read { place, source };
            self.feature(&read, &original, &*text, sink, &mut totals);
        }
        sink.emit(&text.next(layout.len - from)?);
        Some(self.finish(totals))
    }

    /// Migrates, writes, validates and checks one feature.
    fn feature(
        &self,
        read: &Read,
        span: &str,
        text: &dyn Text,
        sink: &mut Sink<'_>,
        totals: &mut Totals,
    ) {
        let place = &read.place;
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
                self.validate_pending(pending, text, totals);
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
    fn unmigrated(&self, read: &Read, value: &Value, totals: &mut Totals) {
        if totals.first.is_none() {
            totals.pending.push(read.place.clone());
        } else {
            let text = Some(read.source.text.as_str());
            self.validate(read, value, text, &Origins::default(), true, totals);
        }
        self.check(read.place.index, value, None, totals);
    }
}
