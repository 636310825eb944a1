//! The validation of an ItemCollection read feature by feature: each feature's two sides are
//! validated as the whole collection's validation finds them (the same checks, pointers
//! under `/features/<i>`, positions in the whole texts), and [`Pieces::finish`] puts the
//! findings together into the [`ValidationReport`] of the whole, so a collection far larger
//! than memory allows to hold parsed is validated with one feature in memory at a time.
//!
//! What the whole decides rather than one feature: findings are sorted by line across the
//! collection, and a missing `mlm:model` role is carried when no feature of the input has a
//! model asset (see [`super::sides`]); both wait for [`Pieces::finish`].

use std::collections::HashSet;

use super::codes;
use super::finding::{Checker, Finding};
use super::sides::{self, Found, NO_SCHEMAS, Side, ValidationReport};
use super::store::SchemaStore;
use super::typed;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Code, Origins, Severity};
use crate::kernel::versions::Spec;

/// Where an output finding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carry {
    /// Carried over from the source.
    Yes,
    /// Introduced by the migration.
    No,
    /// A missing model role: carried when no feature of the input has a model asset.
    UnlessModelInInput,
}

/// One feature of an ItemCollection to validate: its input and output values and the
/// versions each is read as (the `locate` of each side takes pointers under `/features/<i>`).
pub(crate) struct Feature<'a> {
    /// Its index in `features`.
    pub(crate) index: usize,
    /// The input side.
    pub(crate) source: Side<'a>,
    /// The output side.
    pub(crate) output: Side<'a>,
    /// Moved subtrees of the feature's migration (pointers into the feature).
    pub(crate) origins: &'a Origins,
    /// True when the output is the input unchanged.
    pub(crate) same: bool,
}

/// The validation of an ItemCollection, gathered feature by feature.
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    source: Vec<Finding>,
    output: Vec<(Finding, Carry)>,
    used: Vec<String>,
    notes: Vec<String>,
    unresolved: Vec<String>,
    model_in_input: bool,
}

impl Pieces {
    /// Validates one feature's two sides and keeps their findings.
    pub(crate) fn add(&mut self, feature: &Feature<'_>, schemas: Option<&SchemaStore>) {
        let base = Pointer::root().key("features").index(feature.index);
        let find = |side: &Side<'_>| {
            let typed = typed::check_feature(side.value, &base, feature.index, &side.versions);
            let validation = schemas.map(|s| (s.validate_at(side.value, base.as_str()), s));
            sides::located(typed, validation, side.locate)
        };
        self.model_in_input |= sides::has_model_asset(feature.source.value);
        let source = find(&feature.source);
        // An unchanged feature read at the versions it is written as: one validation
        // answers for both sides, every finding carried.
        if feature.same && feature.source.versions == feature.output.versions {
            // The same findings, at their places in the output (earlier features may have
            // changed its line count).
            let relocated = source.all.iter().cloned().map(|mut f| {
                let at = (feature.output.locate)(&f.pointer);
                (f.line, f.column) = (at.map(|a| a.0), at.map(|a| a.1));
                (f, Carry::Yes)
            });
            self.output.extend(relocated);
            self.source.extend(source.all);
            self.keep_notes(source.used, source.notes, source.unresolved);
            return;
        }
        let Found {
            all,
            used,
            notes,
            unresolved,
        } = find(&feature.output);
        let origins = prefixed(feature.origins, &base);
        let in_source: HashSet<(Code, &Pointer)> =
            source.all.iter().map(|f| (f.code, &f.pointer)).collect();
        let local = |p: &Pointer| p.rebase(&base, &Pointer::root());
        let carry: Vec<Carry> = all
            .iter()
            .map(|f| {
                let origin = sides::origin_of(&f.pointer, &origins);
                let same_place = in_source.contains(&(f.code, &origin));
                let input = local(&origin).and_then(|o| o.get(feature.source.value));
                let output = local(&f.pointer).and_then(|o| o.get(feature.output.value));
                let unchanged = input.is_some() && input == output;
                if same_place || (f.checker == Checker::Typed && unchanged) {
                    Carry::Yes
                } else if f.code == codes::MODEL_ROLE_MISSING {
                    Carry::UnlessModelInInput
                } else {
                    Carry::No
                }
            })
            .collect();
        drop(in_source);
        self.output.extend(all.into_iter().zip(carry));
        self.source.extend(source.all);
        self.keep_notes(used, notes, unresolved);
    }

    fn keep_notes(&mut self, used: Vec<String>, notes: Vec<String>, unresolved: Vec<String>) {
        self.used.extend(used);
        self.notes.extend(notes);
        self.unresolved.extend(unresolved);
    }

    /// The report of the whole collection, its input read at `versions`.
    pub(crate) fn finish(
        mut self,
        versions: &typed::Versions,
        target: Spec,
        schemas: Option<&SchemaStore>,
    ) -> ValidationReport {
        let order = |a: &Finding, b: &Finding| (a.line, &a.pointer).cmp(&(b.line, &b.pointer));
        self.source.sort_by(order);
        self.output.sort_by(|(a, _), (b, _)| order(a, b));
        let model = self.model_in_input;
        let (carried, introduced): (Vec<_>, Vec<_>) =
            self.output.into_iter().partition(|(_, c)| match c {
                Carry::Yes => true,
                Carry::No => false,
                Carry::UnlessModelInInput => !model,
            });
        let carried: Vec<Finding> = carried.into_iter().map(|(f, _)| f).collect();
        let introduced: Vec<Finding> = introduced.into_iter().map(|(f, _)| f).collect();
        let errors = |all: &[Finding]| all.iter().any(|f| f.severity == Severity::Error);
        let mut notes = self.notes;
        match schemas {
            Some(_) => notes.extend(self.unresolved),
            None => notes.push(NO_SCHEMAS.to_owned()),
        }
        ValidationReport {
            valid: !errors(&carried) && !errors(&introduced),
            source_version: sides::versions_text(versions),
            target,
            source: self.source,
            carried,
            introduced,
            schemas: self.used,
            notes,
        }
    }
}

/// `origins` with both sides under `base`.
fn prefixed(origins: &Origins, base: &Pointer) -> Origins {
    let mut out = Origins::default();
    for (to, from) in origins.iter() {
        let join = |p: &Pointer| Pointer::parse(&format!("{}{}", base.as_str(), p.as_str()));
        if let (Some(t), Some(f)) = (join(to), join(from)) {
            out.insert(t, f);
        }
    }
    out
}
