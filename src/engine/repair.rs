//! The repair stage: the rows of [`crate::steps::repair`], run before the chain.
//!
//! It sits first in the plan because every later stage reads the document through STAC's
//! shape (assets as an object, roles as `roles`, extensions as URIs): a repaired document is
//! what detection, the chain and the writer should see. With `--fix` every row applies. Without
//! it, the rows run once on a scratch copy and what they would change becomes diagnostics
//! (code = rule id, hint "`--fix` repairs this", severity from the row); then only the rows
//! whose `default_for` names the source's family apply. The scratch run happens only when a
//! repair found something, so clean documents pay for one pass.

use std::borrow::Cow;

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::records::{Change, Code, Diagnostic, RuleRef, Severity};
use crate::kernel::scope::DocKind;
use crate::kernel::surroundings::Surroundings;
use crate::kernel::versions::Family;
use crate::steps::{self, Direction, Edge, Rule, repair};

/// The step label repair changes carry in reports.
pub(crate) const STEP_LABEL: &str = "repair";

/// Runs the stage on `doc` (of `kind`, read as `family`) and returns the context the chain
/// continues with.
pub(super) fn stage(
    doc: &Value,
    kind: DocKind,
    family: Family,
    fix: bool,
    surroundings: &Surroundings,
) -> Ctx {
    let table = &steps::tables().repair;
    let fresh = || Ctx::new(doc.clone(), kind).with_surroundings(surroundings.clone());
    let mut ctx = fresh();
    run(&mut ctx, table, |_| true);
    if fix {
        return ctx;
    }
    let found: Vec<Diagnostic> = ctx
        .changes()
        .iter()
        .filter_map(|c| {
            let rule = table.rules.iter().find(|r| r.id == c.rule.id)?;
            (!rule.repairs_by_default(family)).then(|| finding(rule, c))
        })
        .collect();
    if found.is_empty() {
        return ctx;
    }
    let mut kept = fresh();
    run(&mut kept, table, |r| r.repairs_by_default(family));
    for d in found.into_iter().chain(ctx.finish().diagnostics) {
        kept.diag(d);
    }
    kept
}

fn run(ctx: &mut Ctx, table: &'static Edge, wanted: impl Fn(&Rule) -> bool) {
    for rule in table.rules.iter().filter(|r| wanted(r)) {
        ctx.set_rule(RuleRef {
            id: Cow::Borrowed(&rule.id),
            step: Cow::Borrowed(STEP_LABEL),
            spec: Cow::Borrowed(&rule.spec),
            url: Cow::Borrowed(&table.url),
        });
        steps::apply_rule(ctx, rule, Direction::Forward);
    }
}

/// The diagnostic that reports, without `--fix`, what `change` would repair: coded by the
/// rule's id (the rows are parsed once, so their text lives as long as the program).
fn finding(rule: &'static Rule, change: &Change) -> Diagnostic {
    let severity = rule
        .repair
        .as_ref()
        .map_or(Severity::Warning, |r| r.severity);
    let (message, hint) = repair::defect_and_hint(&change.message);
    let code = Code::new(&rule.id, &rule.why, repair::HINT);
    let mut d = Diagnostic::new(code, severity, message).hint(hint);
    if let Some(p) = change.from.as_ref().or(change.to.as_ref()) {
        d = d.at(p.clone());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item() -> Value {
        json!({"type": "Feature", "id": 7, "geometry": null, "properties": {"datetime": "2024-01-02"}, "assets": {}, "links": []})
    }

    #[test]
    fn without_fix_defects_are_findings_and_dlm_defaults_still_apply() {
        let none = Surroundings::default();
        let fixed = stage(&item(), DocKind::Item, Family::Mlm, true, &none).finish();
        assert_eq!(fixed.doc["id"], "7");
        assert_eq!(fixed.doc["properties"]["datetime"], "2024-01-02T00:00:00Z");
        assert!(fixed.diagnostics.is_empty());

        let reported = stage(&item(), DocKind::Item, Family::Mlm, false, &none).finish();
        assert_eq!(reported.doc, item());
        assert!(reported.changes.is_empty());
        let codes: Vec<(&str, Severity)> = reported
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect();
        assert_eq!(
            codes,
            [
                ("fix-id-integer", Severity::Error),
                ("fix-datetime-date-only", Severity::Error)
            ]
        );
        let hint = reported.diagnostics[0].hint.as_deref().unwrap();
        assert!(hint.starts_with(repair::HINT), "{hint}");

        let dlm = stage(&item(), DocKind::Item, Family::Dlm, false, &none).finish();
        assert_eq!(dlm.doc["id"], "7", "a DLM source gets its default repairs");
        assert_eq!(dlm.doc["properties"]["datetime"], "2024-01-02");
        assert_eq!(dlm.diagnostics.len(), 1);
    }
}
