//! `mlm-migrate explain <code>`: one documentation template for every rule and diagnostic —
//! what it does, why, before/after, fidelity, spec reference (ruff's rule docs).
//!
//! Rule docs come from where the rules are defined (the `why` of each step's `rows.toml` row,
//! the `what/before/after` of each transform), so they cannot drift; diagnostics are listed in
//! [`DIAGNOSTICS`], and a test proves every code the source emits is listed.

use std::fmt::Write as _;

pub use crate::kernel::records::DiagnosticDoc;
use crate::kernel::scope::Scope;
use crate::steps::{self, Rule, RuleKind, Transform};

/// Every diagnostic code the library emits.
pub const DIAGNOSTICS: &[DiagnosticDoc] = &[
    DiagnosticDoc {
        code: "version-mismatch",
        what: "The version declared in `stac_extensions` does not fit a field of the document (spec-changes A2): e.g. a 1.5.1 item that still carries `norm_by_channel`. The field is migrated from the form it is written in.",
        fix: "Nothing; review the change the field received.",
    },
    DiagnosticDoc {
        code: "several-model-extensions",
        what: "`stac_extensions` declares more than one DLM / ML-Model / MLM version.",
        fix: "Nothing: the output declares only the target version.",
    },
    DiagnosticDoc {
        code: "undeclared-extension",
        what: "The document has `dlm:`, `ml-model:` or `mlm:` fields (or MLM asset roles) but declares no model-metadata extension.",
        fix: "Nothing: the output declares the target version.",
    },
    DiagnosticDoc {
        code: "artifact-type-unknown",
        what: "A model asset needs `mlm:artifact_type` (MLM 1.4.0+) and nothing in the item says how the file was saved; the placeholder `unknown` was written.",
        fix: "Replace `unknown` by the saving function, e.g. `torch.save`, `torch.export.save`, `tf.keras.Model.save`.",
    },
    DiagnosticDoc {
        code: "artifact-type-on-non-model",
        what: "`mlm:artifact_type` sat on an asset without role `mlm:model`; MLM 1.4.0 forbids that and it was removed.",
        fix: "If the asset is the model file, add role `mlm:model` and set `mlm:artifact_type` again.",
    },
    DiagnosticDoc {
        code: "raster-bands-no-model-asset",
        what: "`raster:bands` in Item properties could not move to a model asset because no asset has role `mlm:model`.",
        fix: "Add role `mlm:model` to the model asset and migrate again.",
    },
    DiagnosticDoc {
        code: "raster-bands-conflict",
        what: "Both Item properties and the model asset carry `raster:bands`, with different content; the asset's are kept.",
        fix: "Check which band list is right.",
    },
    DiagnosticDoc {
        code: "entrypoint-at-root",
        what: "`mlm:entrypoint` sits at the Item root (as in the official 1.5 `item_pytorch_geo_unet.json`), where no schema reads it. It is left untouched.",
        fix: "Move it to the source-code asset, which needs role `code`.",
    },
    DiagnosticDoc {
        code: "entrypoint-no-code-asset",
        what: "`mlm:entrypoint` is in Item properties (forbidden from MLM 1.4.0) and there is no single source-code asset to move it to.",
        fix: "Add an asset with roles [\"mlm:source_code\", \"code\"] holding `mlm:entrypoint`.",
    },
    DiagnosticDoc {
        code: "dimension-for-list-unknown",
        what: "An input or output lists `bands`/`variables`, but no axis of its `dim_order` can be identified as holding them, so the reserved name (MLM 1.5.0) could not be set.",
        fix: "Rename the stacking axis to `bands` (or `variables`).",
    },
    DiagnosticDoc {
        code: "norm-statistics-incomplete",
        what: "A `z-score`/`min-max` normalisation lacks the statistics keys `value_scaling` requires; the old keys are kept.",
        fix: "Complete the statistics, or write `value_scaling` by hand.",
    },
    DiagnosticDoc {
        code: "norm-statistics-missing",
        what: "A `z-score`/`min-max` normalisation has no `statistics`; the old keys are kept.",
        fix: "Add the statistics, or write `value_scaling` by hand.",
    },
    DiagnosticDoc {
        code: "norm-by-channel-assumed",
        what: "`norm_by_channel` is not true but several statistics entries exist; they were read as one per channel (spec-changes A11).",
        fix: "Check that the entries are per channel.",
    },
    DiagnosticDoc {
        code: "norm-clip-missing",
        what: "`norm_type: clip` without `norm_clip` divisors; the old keys are kept.",
        fix: "Add `norm_clip`, or write `value_scaling` by hand.",
    },
    DiagnosticDoc {
        code: "norm-clip-as-expression",
        what: "`clip` normalisation has no native `value_scaling` type; each band became the expression `clip(A / c, 0, 1)`.",
        fix: "Nothing, unless a consumer cannot evaluate gdal-calc expressions.",
    },
    DiagnosticDoc {
        code: "norm-type-no-equivalent",
        what: "`norm_type` `l1`/`l2`/`l2sqr`/`inf`/`hamming`/… has no `value_scaling` equivalent (data-dependent, axis unspecified); a `processing` placeholder with format `mlm-legacy-norm-type` was written.",
        fix: "Replace the placeholder by the scaling the model really expects.",
    },
    DiagnosticDoc {
        code: "value-scaling-length",
        what: "A per-channel `value_scaling` list does not have one entry per channel of the input.",
        fix: "Give one entry per channel, or one entry for all.",
    },
    DiagnosticDoc {
        code: "task-unknown",
        what: "A task name is not in the MLM task enum, even after fixing its spelling.",
        fix: "Use one of the enum values.",
    },
    DiagnosticDoc {
        code: "framework-version-not-semver",
        what: "`mlm:framework_version` is not a semantic version and could not be padded into one.",
        fix: "Write it as MAJOR.MINOR.PATCH.",
    },
    DiagnosticDoc {
        code: "list-truncated",
        what: "Writing an older version kept only the first value of a list that version holds as a single value.",
        fix: "Nothing (the rest is reported as lossy).",
    },
    DiagnosticDoc {
        code: "lenient-json",
        what: "The JSON input had `//` or `/* */` comments or trailing commas (as the official DLM examples do). They were accepted and are not in the output, which is strict JSON.",
        fix: "Nothing; other syntax errors are rejected with file:line:column.",
    },
    DiagnosticDoc {
        code: "preprocessing-check-failed",
        what: "The automatic preprocessing equivalence check could not run on this document (e.g. it has no readable model input).",
        fix: "Run `mlm-migrate check INPUT OUTPUT` to see why.",
    },
    DiagnosticDoc {
        code: "band-name-case",
        what: "A Model Input lists a band name that a band object (`eo:bands`, `raster:bands`, `bands`) defines only in another case (`BLUE` for `blue`). MLM matches names exactly, and no schema checks them.",
        fix: "Write the name as the band object does (the message names it).",
    },
    DiagnosticDoc {
        code: "band-name-undefined",
        what: "A Model Input lists a band name that no band object of the Item (`eo:bands`, `raster:bands`, `bands`, in properties or on assets) has as its `name`; the message gives the closest defined name, or the band whose `common_name` it is. MLM refers to bands by `name`, and no schema checks it.",
        fix: "Use the defined name, or add a band object with this name.",
    },
    DiagnosticDoc {
        code: "datetime-missing",
        what: "The Item has no `datetime` (or `null`) and neither `start_datetime`/`end_datetime` nor `created`/`updated` to take one from; STAC requires a date (`fix-datetime-null` invents none).",
        fix: "Set `datetime` (RFC 3339, UTC), or `start_datetime` and `end_datetime`.",
    },
    DiagnosticDoc {
        code: "extension-short-name-unknown",
        what: "An entry of `stac_extensions` is not a schema URI, and `fix-extension-short-names` does not know which extension the short name stands for (its table: `mappings/extensions.toml`).",
        fix: "Replace it by the extension's schema URI (https://stac-extensions.github.io/).",
    },
    DiagnosticDoc {
        code: "model-asset-ambiguous",
        what: "No asset has role `mlm:model` and several assets without `roles` could each be the model file, so `fix-asset-roles-missing` chose none.",
        fix: "Add role `mlm:model` to the asset that is the model.",
    },
    DiagnosticDoc {
        code: "assets-array-unrepairable",
        what: "`assets` is an array, and some entries are neither an Asset (with `href`) nor a one-key object holding one, so `fix-assets-array` left it as it is.",
        fix: "Write `assets` as an object from asset key to Asset by hand.",
    },
    DiagnosticDoc {
        code: "yaml-comments-dropped",
        what: "The YAML input had comments; rewritten YAML does not keep them.",
        fix: "Copy them back by hand.",
    },
];

/// Every documented diagnostic: [`DIAGNOSTICS`] and the legacy readers' own list.
fn all_diagnostics() -> impl Iterator<Item = &'static DiagnosticDoc> {
    DIAGNOSTICS
        .iter()
        .chain(steps::common::legacy_codes::DIAGNOSTICS)
}

/// The documentation of `code` (a rule id, transform name or diagnostic code), or `None`.
pub fn explain(code: &str) -> Option<String> {
    let tables = steps::tables();
    for edge in tables.edges.iter().chain([&tables.normalize]) {
        if let Some(rule) = edge.rules.iter().find(|r| r.id == code) {
            return Some(rule_doc(rule, &edge.label(), &edge.url));
        }
    }
    if let Some(rule) = tables.repair.rules.iter().find(|r| r.id == code) {
        return Some(rule_doc(rule, REPAIR_LABEL, &tables.repair.url));
    }
    if let Some(t) = steps::find_transform(code) {
        return Some(transform_doc(t));
    }
    if let Some(d) = writer_doc(code) {
        return Some(d);
    }
    all_diagnostics().find(|d| d.code == code).map(|d| {
        format!(
            "{} (diagnostic)\n\n{}\n\nWhat to do: {}\n",
            d.code, d.what, d.fix
        )
    })
}

/// Every code `explain` knows, sorted.
pub fn codes() -> Vec<String> {
    let tables = steps::tables();
    let mut out: Vec<String> = tables
        .edges
        .iter()
        .chain([&tables.normalize, &tables.repair])
        .flat_map(|e| e.rules.iter().map(|r| r.id.clone()))
        .collect();
    out.extend(["extension-uri", "unknown-mlm-field"].map(String::from));
    out.extend(all_diagnostics().map(|d| d.code.to_owned()));
    out.sort();
    out.dedup();
    out
}

/// How `explain` names the repair stage.
const REPAIR_LABEL: &str = "repair, applied with --fix";

fn rule_doc(rule: &Rule, step: &str, url: &str) -> String {
    let mut s = format!("{} (rule, {step})\n\n{}\n\n", rule.id, rule.why);
    let _ = writeln!(s, "What it does: {}", kind_text(&rule.kind, &rule.scope));
    if let Some(r) = &rule.repair {
        let _ = write!(
            s,
            "\nWithout --fix: reported as `{}` ({}) with the hint \"{}\"",
            rule.id,
            r.severity,
            steps::repair::HINT
        );
        let families: Vec<&str> = r.default_for.iter().map(|f| f.name()).collect();
        if !families.is_empty() {
            let _ = write!(
                s,
                "; applied anyway when migrating {} (their official examples carry the defect)",
                families.join(", ")
            );
        }
        s.push_str(".\n");
    }
    if let RuleKind::Transform { transform: t } = &rule.kind {
        let _ = writeln!(
            s,
            "\n{}\n\nBefore: {}\nAfter:  {}",
            t.what, t.before, t.after
        );
    }
    let _ = writeln!(
        s,
        "\nFidelity: {}\nSpec: {} ({url})",
        rule.fidelity, rule.spec
    );
    s
}

fn kind_text(kind: &RuleKind, scope: &[Scope]) -> String {
    let scopes: Vec<String> = scope
        .iter()
        .map(|s| format!("{s:?}").to_lowercase())
        .collect();
    let at = scopes.join(", ");
    let pairs = |m: &[(String, String)]| {
        m.iter()
            .map(|(a, b)| format!("`{a}` → `{b}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match kind {
        RuleKind::Rename { from, to } => {
            format!("renames `{from}` to `{to}` (in {at}); inverse: renames back")
        }
        RuleKind::ValueMap { field, map } => format!(
            "maps values of `{field}` (in {at}): {}; inverse: maps back",
            pairs(map)
        ),
        RuleKind::RoleMap { map } => format!("maps asset roles: {}", pairs(map)),
        RuleKind::Drop { field } => format!("removes `{field}` (in {at})"),
        RuleKind::Wrap { from, to } => {
            format!("turns scalar `{from}` into the list `{to}` (in {at}); inverse: first item")
        }
        RuleKind::Transform { transform } => {
            format!("runs the transform `{}` (on {at})", transform.name)
        }
    }
}

fn transform_doc(t: &Transform) -> String {
    format!(
        "{} (transform)\n\n{}\n\nBefore: {}\nAfter:  {}\n",
        t.name, t.what, t.before, t.after
    )
}

fn writer_doc(code: &str) -> Option<String> {
    let (what, fidelity, spec) = match code {
        "extension-uri" => (
            "Declares exactly the target version in `stac_extensions` (in the place of the first DLM / ML-Model / MLM identifier, which is replaced; other model-metadata identifiers are removed; added when none was declared). MLM 1.4.0+ identifiers live at stac-extensions.github.io/mlm; 1.5.2 input is written as 1.5.1 (identical schemas).",
            "lossless",
            "spec-changes §0.1, A1, A30",
        ),
        "unknown-mlm-field" => (
            "Removes `mlm:` keys that the target version does not define (MLM 1.4.0+ rejects unknown `mlm:` keys in properties and assets). Known draft names are renamed by their own rules first.",
            "lossy",
            "spec-changes §1.6 #2",
        ),
        _ => return None,
    };
    Some(format!(
        "{code} (rule, writer)\n\n{what}\n\nFidelity: {fidelity}\nSpec: {spec}\n"
    ))
}

/// The supported-migrations table of the README, generated from the compiled tables (a test
/// keeps the README in sync): one row per chain step with its rule ids, kinds and fidelities.
pub fn migrations_markdown() -> String {
    let t = steps::tables();
    let mut out = String::from("| step | rules (kind, fidelity) |\n|---|---|\n");
    let row = |label: String, rules: &[Rule]| {
        let cells: Vec<String> = rules
            .iter()
            .map(|r| format!("`{}` ({}, {})", r.id, kind_name(&r.kind), r.fidelity))
            .collect();
        let cells = if cells.is_empty() {
            "identifier only".to_owned()
        } else {
            cells.join(", ")
        };
        format!("| {label} | {cells} |\n")
    };
    out.push_str(&row(
        "repairs, before the chain (`--fix`)".to_owned(),
        &t.repair.rules,
    ));
    for e in &t.edges {
        out.push_str(&row(e.label(), &e.rules));
    }
    let writer = row("writer, every MLM target".to_owned(), &t.normalize.rules);
    out.push_str(writer.trim_end().trim_end_matches(" |"));
    out.push_str(", `unknown-mlm-field` (writer, lossy), `extension-uri` (writer, lossless) |\n");
    out
}

fn kind_name(kind: &RuleKind) -> &'static str {
    match kind {
        RuleKind::Rename { .. } => "rename",
        RuleKind::ValueMap { .. } => "value-map",
        RuleKind::RoleMap { .. } => "role-map",
        RuleKind::Drop { .. } => "drop",
        RuleKind::Wrap { .. } => "wrap",
        RuleKind::Transform { .. } => "transform",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_explains() {
        for code in codes() {
            assert!(explain(&code).is_some(), "{code}");
        }
        for t in steps::transforms() {
            assert!(explain(t.name).is_some(), "{}", t.name);
        }
    }

    /// Every code passed as the first argument of `Diagnostic::new` (or of the legacy readers'
    /// `note` helper) anywhere in `src`, also across a line break, is documented exactly once.
    #[test]
    fn every_emitted_diagnostic_is_documented() {
        let mut missing = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("explain.rs") || path.ends_with("common/legacy_codes.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for call in [concat!("Diagnostic::new", "("), "note("] {
                    for piece in text.split(call).skip(1) {
                        let Some(rest) = piece.trim_start().strip_prefix('"') else {
                            continue;
                        };
                        let code = rest.split('"').next().unwrap_or("");
                        if !all_diagnostics().any(|d| d.code == code) {
                            missing.push(format!("{code} ({})", path.display()));
                        }
                    }
                }
            }
        }
        let mut codes: Vec<_> = all_diagnostics().map(|d| d.code).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate codes");
        assert!(missing.is_empty(), "undocumented diagnostics: {missing:?}");
    }
}
