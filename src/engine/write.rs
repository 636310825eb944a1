//! The MLM writer: what every output of a given target version gets, whatever its source.
//!
//! After the chain: the vocabulary table (`steps/normalize`), the closed field set of the
//! target (unknown `mlm:*` keys are rejected by the closed schemas, MLM 1.4.0 on; each removal
//! is reported as lossy), and the `stac_extensions` identifier. The writer facts come from the
//! tables, never from a version named here: the URI and whether the field set is closed are
//! the target's row of `mappings/versions.toml`; the field set is what
//! `mappings/fields/mlm.toml` (`since`/`until` per field, also read by the typed checks) says
//! the target defines ([`field_set`]). A step's field-set change is the difference of the sets
//! of its two versions, so adding a version never lists a field twice.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::engine::detect::Detection;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Code, Diagnostic, Fidelity, RuleRef, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::kernel::versions::{Family, Recognized, Spec};
use crate::steps::{self, Direction};
use crate::validate::fields::{Location, closed_set};

/// The `mlm:*` fields `target` defines anywhere (Item properties, assets, Collection
/// summaries), from the field tables; made once per target and process.
pub(crate) fn field_set(target: Spec) -> &'static [&'static str] {
    static SETS: OnceLock<Vec<(Spec, Vec<&'static str>)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| Spec::all().map(|t| (t, make_field_set(t))).collect());
    sets.iter()
        .find(|(t, _)| *t == target)
        .map_or(&[][..], |(_, fields)| fields.as_slice())
}

fn make_field_set(target: Spec) -> Vec<&'static str> {
    let mut fields: Vec<&'static str> =
        [Location::Properties, Location::Asset, Location::Summaries]
            .into_iter()
            .flat_map(|at| closed_set(target, at))
            .filter(|f| f.starts_with("mlm:"))
            .collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

fn writer_rule(ctx: &mut Ctx, id: &'static str, spec: &'static str, target: Spec) {
    let (step, url) = writer_labels(target);
    ctx.set_rule(RuleRef {
        id: Cow::Borrowed(id),
        step: Cow::Borrowed(step),
        spec: Cow::Borrowed(spec),
        url: Cow::Borrowed(url),
    });
}

/// `writer mlm@1.5.1` and the README of the target, made once per target and process.
fn writer_labels(target: Spec) -> (&'static str, &'static str) {
    static LABELS: OnceLock<Vec<(Spec, String, String)>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        Spec::all()
            .map(|t| {
                let url = format!(
                    "https://github.com/stac-extensions/mlm/blob/v{}/README.md",
                    t.version()
                );
                (t, format!("writer {t}"), url)
            })
            .collect()
    });
    labels
        .iter()
        .find(|(t, ..)| *t == target)
        .map_or(("writer", ""), |(_, s, u)| (s.as_str(), u.as_str()))
}

/// Applies the target writer to the migrated document.
pub(super) fn finish(ctx: &mut Ctx, detection: &Detection, target: Spec) {
    if target.family() == Family::Mlm {
        let table = &steps::tables().normalize;
        for rule in &table.rules {
            ctx.set_rule(RuleRef {
                id: Cow::Borrowed(&rule.id),
                step: Cow::Borrowed(writer_labels(target).0),
                spec: Cow::Borrowed(&rule.spec),
                url: Cow::Borrowed(&table.url),
            });
            steps::apply_rule(ctx, rule, Direction::Forward);
        }
    }
    writer_rule(
        ctx,
        "unknown-mlm-field",
        "MLM CHANGELOG v1.4.0 (unknown mlm: fields rejected)",
        target,
    );
    let top = detection.top();
    let newer = (top > target && top.family() == Family::Mlm).then_some(top);
    if target.family() != Family::Mlm {
        unknown_fields(ctx, &[], target, newer);
    } else {
        if target.closed() {
            unknown_fields(ctx, field_set(target), target, newer);
        }
        unknown_members(ctx, target);
    }
    writer_rule(
        ctx,
        "extension-uri",
        "MLM README, stac_extensions identifier; MLM CHANGELOG v1.4.0 (identifier host)",
        target,
    );
    extension_uri(ctx, detection, target);
}

/// Removes every `mlm:*` member of properties and assets that `target` does not define (for a
/// DLM or ML-Model target: every one left after the chain), each as a lossy change.
/// `newer`: the version the document is written in, when it is newer than the target (its
/// fields may then be ones whose meaning the target does not know).
fn unknown_fields(ctx: &mut Ctx, fields: &[&str], target: Spec, newer: Option<Spec>) {
    let mut holders = Vec::new();
    if ctx.kind() != DocKind::Collection {
        holders.extend(ctx.containers(Scope::Properties));
    }
    holders.extend(ctx.containers(Scope::Asset));
    for at in holders {
        let Some(obj) = ctx.object(&at) else { continue };
        let unknown: Vec<String> = obj
            .keys()
            .filter(|k| k.starts_with("mlm:") && !fields.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let msg = match newer {
                _ if target.family() != Family::Mlm => {
                    format!("`{key}` has no {} equivalent", target.family().name())
                }
                Some(top) => format!(
                    "`{key}` is not a field of {target}, whose schema rejects unknown `mlm:` fields: the document is {top}, and {target} does not know what it means"
                ),
                None => format!(
                    "`{key}` is not a field of {target}, whose schema rejects unknown `mlm:` fields"
                ),
            };
            ctx.remove(&at.key(&key), Fidelity::Lossy, msg);
        }
    }
}

/// `member-not-in-target`: see [`Code::what`].
pub(crate) const MEMBER_NOT_IN_TARGET: Code = Code::new(
    "member-not-in-target",
    "A Model Input or Output object has a member the target version does not define (e.g. a newer version's member, or `description` written as MLM 1.0.0). It is kept: every MLM schema accepts unknown members there, and readers of the target ignore them.",
    "Nothing, unless a reader of the target needs what the member says.",
);

/// Reports the members of Model Input/Output objects that `target` does not define; they stay
/// (no MLM schema closes those objects), so nothing is lost and nothing is invented.
fn unknown_members(ctx: &mut Ctx, target: Spec) {
    let table = crate::validate::fields::table(Family::Mlm);
    for (scope, shape, what) in [
        (Scope::Input, "ModelInput", "a Model Input"),
        (Scope::Output, "ModelOutput", "a Model Output"),
    ] {
        let known: Vec<&str> = table
            .members(shape, target)
            .map(|m| m.name.as_str())
            .collect();
        for at in ctx.containers(scope) {
            let Some(obj) = ctx.object(&at) else { continue };
            let unknown: Vec<String> = obj
                .keys()
                .filter(|k| !known.contains(&k.as_str()))
                .cloned()
                .collect();
            for key in unknown {
                let msg = format!(
                    "`{key}` is not a member of {what} in {target}: kept (the schema accepts it; readers of {target} ignore it)"
                );
                ctx.diag(
                    Diagnostic::new(MEMBER_NOT_IN_TARGET, Severity::Info, msg).at(at.key(&key)),
                );
            }
        }
    }
}

/// Declares exactly the target version in `stac_extensions` (or `$schema`), in the place of
/// the first model-metadata identifier; other model-metadata identifiers are removed.
fn extension_uri(ctx: &mut Ctx, detection: &Detection, target: Spec) {
    let uri = target.uri();
    if detection.kind == DocKind::Metadata && ctx.get(&Pointer::root().key("$schema")).is_some() {
        let p = Pointer::root().key("$schema");
        ctx.replace(
            &p,
            json!(uri),
            Fidelity::Lossless,
            format!("declares {target}"),
        );
        return;
    }
    let list = Pointer::root().key("stac_extensions");
    let entries: Vec<(usize, Option<Spec>)> = ctx
        .get(&list)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| match Spec::from_extension_uri(v.as_str()?)? {
                    Recognized::Known(s) => Some((i, Some(s))),
                    Recognized::Unknown { .. } => Some((i, None)),
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(&(first, first_spec)) = entries.first() else {
        add_uri(ctx, &list, uri, target);
        return;
    };
    let from = first_spec.map_or("an unknown version", Spec::id);
    ctx.replace(
        &list.index(first),
        json!(uri),
        Fidelity::Lossless,
        format!("declares {target} instead of {from}"),
    );
    for &(i, spec) in entries[1..].iter().rev() {
        let why = match spec {
            Some(s) if s.family() != Family::Mlm => {
                format!("its {} fields were converted to MLM", s.family().name())
            }
            _ => "a document declares one MLM version".to_owned(),
        };
        ctx.remove(
            &list.index(i),
            Fidelity::Lossless,
            format!("removed a second model-metadata identifier: {why}"),
        );
    }
}

fn add_uri(ctx: &mut Ctx, list: &Pointer, uri: &str, target: Spec) {
    let msg = format!(
        "the document has MLM content but did not declare the extension; declares {target}"
    );
    if !ctx.push(list, json!(uri), Fidelity::Lossless, msg.clone()) {
        let pos = if ctx.get(&Pointer::root().key("stac_version")).is_some() {
            Pos::After("stac_version")
        } else {
            Pos::End
        };
        ctx.add(
            &Pointer::root(),
            "stac_extensions",
            json!([uri]),
            pos,
            Fidelity::Lossless,
            msg,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_sets_come_from_the_field_tables() {
        let spec = |id: &str| id.parse::<Spec>().unwrap();
        let v15 = field_set(spec("mlm@1.5.1"));
        assert_eq!(v15.len(), 20);
        for f in ["mlm:artifact_type", "mlm:compile_method", "mlm:entrypoint"] {
            assert!(v15.contains(&f), "{f}");
        }
        assert_eq!(v15, field_set(spec("mlm@1.5.2")));
        assert_eq!(field_set(spec("mlm@1.3.0")).len(), 17);
        assert_eq!(field_set(spec("mlm@1.4.0")).len(), 19);
    }
}
