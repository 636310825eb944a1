//! `mlm-migrate explain <code>`: one documentation template for every rule and diagnostic —
//! what it does, why, before/after, fidelity, spec reference (ruff's rule docs).
//!
//! Rule docs come from where the rules are defined (the `why` of each step's `rows.toml` row,
//! the `what/before/after` of each transform), so they cannot drift. Diagnostic codes are
//! typed (`Code`) and carry their docs where they are defined; each layer lists its own
//! (`steps::codes`, `engine::CODES`), and a test proves every defined code is listed.

use std::fmt::Write as _;

use crate::kernel::records::Code;
use crate::kernel::scope::Scope;
use crate::steps::{self, Rule, RuleKind, Transform};

/// Every documented diagnostic code: the steps' and the engine's.
fn all_diagnostics() -> impl Iterator<Item = &'static Code> {
    steps::codes()
        .chain(super::CODES.iter())
        .chain(crate::validate::codes::CODES.iter())
}

/// The documentation of `code` (a rule id, transform name or diagnostic code), or `None`.
pub fn explain(code: &str) -> Option<String> {
    let tables = steps::tables();
    if let Some(rule) = tables.dialects.rules.iter().find(|r| r.id == code) {
        return Some(rule_doc(rule, super::DIALECTS_STEP, &tables.dialects.url));
    }
    for edge in tables.edges.iter().chain([&tables.normalize]) {
        if let Some(rule) = edge.rules.iter().find(|r| r.id == code) {
            return Some(rule_doc(rule, edge.label(), &edge.url));
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
    all_diagnostics().find(|d| d.id == code).map(|d| {
        format!(
            "{} (diagnostic)\n\n{}\n\nWhat to do: {}\n",
            d.id, d.what, d.fix
        )
    })
}

/// Every code `explain` knows, sorted.
pub fn codes() -> Vec<String> {
    let tables = steps::tables();
    let mut out: Vec<String> = tables
        .every_edge()
        .flat_map(|e| e.rules.iter().map(|r| r.id.clone()))
        .collect();
    out.extend(["extension-uri", "unknown-mlm-field"].map(String::from));
    out.extend(all_diagnostics().map(|d| d.id.to_owned()));
    out.sort();
    out.dedup();
    out
}

/// How `explain` names the repair stage.
const REPAIR_LABEL: &str = "repair, applied with --fix";

fn rule_doc(rule: &Rule, step: &str, url: &str) -> String {
    let mut s = format!("{} (rule, {step})\n\n{}\n\n", rule.id, rule.why);
    let _ = writeln!(s, "What it does: {}", kind_text(&rule.kind, &rule.scope));
    if let Some(keep) = &rule.keep {
        let _ = writeln!(
            s,
            "Backwards (writing the older version): nothing to undo: {keep}"
        );
    }
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
            "\n{}\n\nBefore: {}\nAfter:  {}\n\nBackwards (writing the older version): {}",
            t.what,
            t.before,
            t.after,
            t.inverse.describe()
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
        RuleKind::Drop { field, value } => match value {
            Some(v) => format!("removes `{field}` (in {at}); inverse: restores the constant {v}"),
            None => format!("removes `{field}` (in {at}); no inverse"),
        },
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
        "{} (transform)\n\n{}\n\nBefore: {}\nAfter:  {}\n\nBackwards (writing the older version): {}\n",
        t.name,
        t.what,
        t.before,
        t.after,
        t.inverse.describe()
    )
}

fn writer_doc(code: &str) -> Option<String> {
    let (what, fidelity, spec) = match code {
        "extension-uri" => (
            "Declares exactly the target version in `stac_extensions` (in the place of the first DLM / ML-Model / MLM identifier, which is replaced; other model-metadata identifiers are removed; added when none was declared). MLM 1.4.0+ identifiers live at stac-extensions.github.io/mlm; 1.5.2 input is written as 1.5.1 (identical schemas).",
            "lossless",
            "MLM README, stac_extensions identifier; MLM CHANGELOG v1.4.0 (identifier host)",
        ),
        "unknown-mlm-field" => (
            "Removes `mlm:` keys that the target version does not define (MLM 1.4.0+ rejects unknown `mlm:` keys in properties and assets; MLM 1.0.0-1.3.0 accept them, so they stay, e.g. `mlm:artifact_type` written back to 1.3.0). For a DLM or ML-Model target, every `mlm:` key the chain did not convert is removed. Known draft names are renamed by their own rules first.",
            "lossy",
            "MLM CHANGELOG v1.4.0 (unknown mlm: fields rejected)",
        ),
        _ => return None,
    };
    Some(format!(
        "{code} (rule, writer)\n\n{what}\n\nFidelity: {fidelity}\nSpec: {spec}\n"
    ))
}

/// The supported-migrations table of the README, generated from the compiled tables (a test
/// keeps the README in sync): one row per chain step with its rule ids, kinds and fidelities —
/// forward (upgrading) and back (writing the older version; `kept`: nothing to undo).
pub fn migrations_markdown() -> String {
    let t = steps::tables();
    let mut out = String::from("| step | rules (kind, fidelity, back) |\n|---|---|\n");
    out.push_str(&row(
        "repairs, before the chain (`--fix`)".to_owned(),
        &t.repair.rules,
        false,
    ));
    out.push_str(&row(
        format!("{}, every source", super::DIALECTS_STEP),
        &t.dialects.rules,
        false,
    ));
    for e in &t.edges {
        out.push_str(&row(e.label().to_owned(), &e.rules, true));
    }
    // Writer rules run forward for every target; they never run backwards.
    let writer = row(
        "writer, every MLM target".to_owned(),
        &t.normalize.rules,
        false,
    );
    out.push_str(writer.trim_end().trim_end_matches(" |"));
    out.push_str(", `unknown-mlm-field` (writer, lossy), `extension-uri` (writer, lossless) |\n");
    out
}

fn row(label: String, rules: &[Rule], back: bool) -> String {
    let cells: Vec<String> = rules
        .iter()
        .map(|r| {
            let kind = kind_name(&r.kind);
            if !back {
                return format!("`{}` ({kind}, {})", r.id, r.fidelity);
            }
            let not_yet = matches!(
                &r.kind,
                RuleKind::Transform { transform } if matches!(transform.inverse, crate::steps::transform::Inverse::NotYet)
            );
            let b = match r.back_fidelity() {
                _ if not_yet => "not written yet".to_owned(),
                Some(f) => f.to_string(),
                None => "kept".to_owned(),
            };
            format!("`{}` ({kind}, {}, back {b})", r.id, r.fidelity)
        })
        .collect();
    let cells = if cells.is_empty() {
        "identifier only".to_owned()
    } else {
        cells.join(", ")
    };
    format!("| {label} | {cells} |\n")
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

    /// Every code defined with `Code::new` anywhere in `src` is listed in a registry (so `explain` knows
    /// it), and every listed id is unique. A diagnostic cannot be made without a `Code`, so
    /// every emitted code is documented.
    #[test]
    fn every_defined_code_is_registered() {
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
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split(concat!("Code::new", "(")).skip(1) {
                    let Some(rest) = piece.trim_start().strip_prefix('"') else {
                        continue;
                    };
                    let code = rest.split('"').next().unwrap_or("");
                    if !all_diagnostics().any(|d| d.id == code) {
                        missing.push(format!("{code} ({})", path.display()));
                    }
                }
            }
        }
        let mut codes: Vec<_> = all_diagnostics().map(|d| d.id).collect();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate codes");
        assert!(
            missing.is_empty(),
            "codes missing from a registry: {missing:?}"
        );
    }
}
