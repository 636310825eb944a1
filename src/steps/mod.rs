//! The chain of adjacent steps: one folder per step, each importing only [`crate::kernel`].
//!
//! A step folder `steps/<from>__<to>/` (the two version ids with `@`, `.` and `-` written `_`)
//! holds everything about one adjacent step of the chain:
//!
//! - `rows.toml`: its header (`from`, `to`, the public `url` of the step) and its rows — data for renames, value maps, role maps, drops,
//!   scalar→array wraps, or the name of a Rust transform for anything that computes;
//! - its transforms ([`Transform`]), each with an explicit [`transform::Inverse`] slot for
//!   writing the older version;
//! - its detection probes ([`Probe`]): which fields bound the version a document is written in;
//! - the documentation `mlm-migrate explain` prints (each row's `why`, each transform's
//!   `what`/`before`/`after`).
//!
//! Every row runs in both directions: forward when upgrading, and its inverse when writing an
//! older version, so there is never a second table nor a from×to matrix. Shared helpers live in
//! [`common`]; [`normalize`] holds the vocabulary the writer fixes for every MLM target, and
//! `dialects` the tool dialects read before the chain runs.
//! [`ALL`] lists the step folders in chain order; a test checks it against the directory.

pub(crate) mod common;
mod dialects;
pub(crate) mod normalize;
mod probe;
pub(crate) mod repair;
mod rows;
pub(crate) mod transform;

#[allow(non_snake_case)]
mod dlm_1_0_0_beta2__dlm_1_0_0_beta_3;
#[allow(non_snake_case)]
mod dlm_1_0_0_beta_3__mlm_1_0_0;
#[allow(non_snake_case)]
mod ml_model_1_0_0__mlm_1_0_0;
#[allow(non_snake_case)]
mod mlm_1_0_0__mlm_1_1_0;
#[allow(non_snake_case)]
mod mlm_1_1_0__mlm_1_2_0;
#[allow(non_snake_case)]
mod mlm_1_2_0__mlm_1_3_0;
#[allow(non_snake_case)]
mod mlm_1_3_0__mlm_1_4_0;
#[allow(non_snake_case)]
mod mlm_1_4_0__mlm_1_5_0;
#[allow(non_snake_case)]
mod mlm_1_5_0__mlm_1_5_1;
#[allow(non_snake_case)]
mod mlm_1_5_1__mlm_1_5_2;
#[allow(non_snake_case)]
mod mlm_1_5_2__mlm_1_6_0;

use std::sync::OnceLock;

use crate::kernel::records::{Code, Fidelity, Severity};
use crate::kernel::scope::Scope;
use crate::kernel::versions::{Family, Spec};

pub(crate) use probe::{Holder, Probe, ProbeFn};
pub(crate) use rows::{Direction, TableError, apply_rule};
pub(crate) use transform::Transform;

/// One step folder, as compiled in.
pub(crate) struct Step {
    /// The folder (module) name, `<from>__<to>`; a test checks it against the rows header.
    pub name: &'static str,
    /// The text of its `rows.toml`.
    pub rows: &'static str,
    /// The transforms its rows may name (besides [`common::TRANSFORMS`]).
    pub transforms: &'static [Transform],
    /// The diagnostic codes its transforms emit, with their docs.
    pub codes: &'static [Code],
    /// Its detection probes (run once per container, see [`Holder`]).
    pub probe: Option<ProbeFn>,
}

/// Every step folder, in chain order.
pub(crate) const ALL: &[&Step] = &[
    &dlm_1_0_0_beta2__dlm_1_0_0_beta_3::STEP,
    &dlm_1_0_0_beta_3__mlm_1_0_0::STEP,
    &ml_model_1_0_0__mlm_1_0_0::STEP,
    &mlm_1_0_0__mlm_1_1_0::STEP,
    &mlm_1_1_0__mlm_1_2_0::STEP,
    &mlm_1_2_0__mlm_1_3_0::STEP,
    &mlm_1_3_0__mlm_1_4_0::STEP,
    &mlm_1_4_0__mlm_1_5_0::STEP,
    &mlm_1_5_0__mlm_1_5_1::STEP,
    &mlm_1_5_1__mlm_1_5_2::STEP,
    &mlm_1_5_2__mlm_1_6_0::STEP,
];

/// One adjacent step of the chain, its rows parsed.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    /// Older version.
    pub from: Spec,
    /// Newer version.
    pub to: Spec,
    /// Upstream text of the step (changelog or README section).
    pub url: String,
    /// The rows, applied in order (reverse order when downgrading).
    pub rules: Vec<Rule>,
    /// The step folder it comes from.
    pub step: &'static Step,
    /// `mlm@1.3.0 -> mlm@1.4.0`, made once (every change a step records names it).
    pub label: String,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Edge {
    /// `mlm@1.3.0 -> mlm@1.4.0`.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }
}

/// One row of a mapping table.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    /// Stable kebab-case id, unique across all tables.
    pub id: String,
    /// What the row does.
    pub kind: RuleKind,
    /// Where it applies.
    pub scope: Vec<Scope>,
    /// Fidelity of the forward direction: what a data row records, and the worst a transform
    /// may record (`engine::verify` runs every fixture and example to keep it true).
    pub fidelity: Fidelity,
    /// The public source the row implements (`MLM CHANGELOG v1.4.0`, a README section).
    pub spec: String,
    /// One sentence: why the spec step needs this row (printed by `explain`).
    pub why: String,
    /// A data row that does not run backwards: why the older version reads the newer form
    /// as it is (`keep = "…"` in `rows.toml`; e.g. `file:size`, which MLM ≤ 1.3 items use
    /// too, is not renamed back to the draft `mlm:file_size`).
    pub keep: Option<String>,
    /// Repair rows only ([`repair`]): how the defect is reported without `--fix`, and the
    /// families whose migration applies the repair anyway.
    pub repair: Option<RepairInfo>,
}

/// What a repair row ([`repair`]) adds to a row.
#[derive(Debug, Clone)]
pub(crate) struct RepairInfo {
    /// Severity of the diagnostic that reports the defect without `--fix`: `error` when the
    /// output would be invalid, `warning` otherwise.
    pub severity: Severity,
    /// Source families whose migration applies this repair without `--fix`: their own
    /// official examples carry the defect (the DLM examples' integer `id`, `assets` array,
    /// `role`, short extension names), so converting them needs it.
    pub default_for: Vec<Family>,
}

impl Rule {
    /// The worst fidelity the row records backwards (writing the older version); `None` when
    /// nothing runs backwards (`keep`, a drop without a value, a transform whose inverse keeps).
    /// A rename that meets an existing key yields as it does forward (see `engine::verify`).
    pub(crate) fn back_fidelity(&self) -> Option<Fidelity> {
        if self.keep.is_some() {
            return None;
        }
        match &self.kind {
            RuleKind::Rename { .. } | RuleKind::ValueMap { .. } | RuleKind::RoleMap { .. } => {
                Some(self.fidelity)
            }
            RuleKind::Drop { value, .. } => value.as_ref().map(|_| Fidelity::Lossless),
            // Unwrapping a list of several keeps its first item.
            RuleKind::Wrap { .. } => Some(Fidelity::Lossy),
            RuleKind::Transform { transform } => transform.inverse.fidelity(),
        }
    }

    /// True when this repair row runs without `--fix` for a document of `family`.
    pub(crate) fn repairs_by_default(&self, family: Family) -> bool {
        self.repair
            .as_ref()
            .is_some_and(|r| r.default_for.contains(&family))
    }
}

/// The row kinds. Data rows are inverted generically; transforms name Rust code.
#[derive(Debug, Clone)]
pub(crate) enum RuleKind {
    /// Rename member `from` to `to` in place (inverse: rename back).
    Rename {
        /// Old key.
        from: String,
        /// New key.
        to: String,
    },
    /// Replace string values of `field` (or strings inside an array value) by the map.
    ValueMap {
        /// The member whose value is mapped.
        field: String,
        /// Old value → new value; inverted for downgrades.
        map: Vec<(String, String)>,
    },
    /// Replace asset roles by the map (an empty target removes the role).
    RoleMap {
        /// Old role → new role.
        map: Vec<(String, String)>,
    },
    /// Remove member `field`. Backwards, a `value` (the constant the older version always
    /// has, e.g. `ml-model:type: "ml-model"`) is restored; without one the drop cannot be
    /// undone, so it may not be lossless.
    Drop {
        /// The member removed.
        field: String,
        /// The constant the older version holds there, restored backwards.
        value: Option<serde_json::Value>,
    },
    /// Replace scalar member `from` by a one-item array member `to` (inverse: unwrap).
    Wrap {
        /// Old key holding a scalar.
        from: String,
        /// New key holding an array.
        to: String,
    },
    /// Run a named Rust transform of the step (or of [`common`]).
    Transform {
        /// The transform.
        transform: &'static Transform,
    },
}

/// All tables, parsed once.
pub(crate) struct Tables {
    /// Chain edges in order.
    pub edges: Vec<Edge>,
    /// Writer vocabulary rows (an edge from and to the default target).
    pub normalize: Edge,
    /// Dialect readings, run before the chain (an edge from and to the first MLM version).
    pub dialects: Edge,
    /// Repair rows, run before the dialect readings and the chain (`--fix`; see [`repair`]).
    pub repair: Edge,
}

impl Tables {
    /// Every edge whose rules can run, in the order they run: the repairs, the dialect
    /// readings, the chain, the writer's vocabulary.
    pub(crate) fn every_edge(&self) -> impl Iterator<Item = &Edge> {
        [&self.repair, &self.dialects]
            .into_iter()
            .chain(&self.edges)
            .chain(std::iter::once(&self.normalize))
    }
}

/// Loads every table (see [`TableError`]).
///
/// # Errors
/// A [`TableError`] naming the file and row when a table does not parse.
pub(crate) fn load() -> Result<Tables, TableError> {
    let edges = ALL
        .iter()
        .copied()
        .map(rows::parse_edge)
        .collect::<Result<_, _>>()?;
    let normalize = rows::parse_edge(&normalize::STEP)?;
    let dialects = rows::parse_edge(&dialects::STEP)?;
    let repair = rows::parse_edge(&repair::STEP)?;
    Ok(Tables {
        edges,
        normalize,
        dialects,
        repair,
    })
}

/// The compiled-in tables (parsed on first use; `tables_load` proves they parse).
pub(crate) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| load().unwrap_or_else(|e| panic!("{e}")))
}

/// Every transform of every step, [`common`], [`normalize`], the dialects and [`repair`], by
/// name.
pub(crate) fn transforms() -> impl Iterator<Item = &'static Transform> {
    ALL.iter()
        .chain([&&normalize::STEP, &&dialects::STEP, &&repair::STEP])
        .flat_map(|s| s.transforms.iter())
        .chain(common::TRANSFORMS.iter())
}

/// Every diagnostic code the steps emit, with its documentation.
pub(crate) fn codes() -> impl Iterator<Item = &'static Code> {
    ALL.iter()
        .chain([&&normalize::STEP, &&dialects::STEP, &&repair::STEP])
        .flat_map(|s| s.codes.iter())
        .chain(common::CODES.iter())
        .chain(rows::CODES.iter())
}

/// The transform called `name`.
pub(crate) fn find_transform(name: &str) -> Option<&'static Transform> {
    transforms().find(|t| t.name == name)
}

#[cfg(test)]
mod tests;
