//! The report of a collection read feature by feature: each feature's validation and
//! preprocessing check as the whole collection's would find them, and the report put
//! together at the end.

use serde_json::Value;

use super::scan::Indent;
use super::text::Text;
use super::{Place, Read, Run, Totals};
use crate::check::{self, CheckError, CheckOptions, InputReport};
use crate::document::{Format, Locator, Source};
use crate::engine::detect::DetectError;
use crate::engine::run::{
    FileReport, PREPROCESSING_CHECK_FAILED, PREPROCESSING_NOT_COMPARED, Status, has_inputs,
};
use crate::engine::{MigrateError, Migration};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Diagnostic, Origins, Severity};
use crate::kernel::versions::Family;
use crate::validate::Side;
use crate::validate::pieces::Feature;
use crate::validate::typed::Versions;

impl Run<'_> {
    /// Validates a feature left as it was before the versions were known: read again.
    pub(super) fn validate_pending(&self, place: Place, text: &dyn Text, totals: &mut Totals) {
        let Some(own) = text
            .at(place.span.clone())
            .and_then(|t| place.at_in.dedent(&t))
        else {
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
    pub(super) fn validate(
        &self,
        read: &Read,
        output: &Value,
        out_text: Option<&str>,
        origins: &Origins,
        same: bool,
        totals: &mut Totals,
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
        let locate = |locator: &Locator<'_>, at: &Indent, p: &Pointer| {
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
    pub(super) fn check(
        &self,
        index: usize,
        input: &Value,
        output: Option<&Value>,
        totals: &mut Totals,
    ) {
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
    pub(super) fn finish(&self, totals: Totals) -> FileReport {
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
