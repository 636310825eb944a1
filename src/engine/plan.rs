//! Planning a migration: the adjacent steps from the start version to the target, each with
//! its direction. Never a from×to matrix: a path is a walk along the chain.

use crate::kernel::versions::{Family, Spec};
use crate::steps::{Direction, Edge, tables};

/// The edges from `start` to `target`, each with its direction, or `None` when the chain has
/// no path (e.g. a legacy spec whose reader is not compiled in).
pub(crate) fn path(start: Spec, target: Spec) -> Option<Vec<(&'static Edge, Direction)>> {
    let edges = &tables().edges;
    let mut out = Vec::new();
    let mut at = start;
    // A legacy version reaches another family only through MLM.
    let through_mlm = start.family() != target.family() && start.family() != Family::Mlm;
    while at < target || (through_mlm && at.family() != Family::Mlm) {
        let e = edges.iter().find(|e| e.from == at)?;
        out.push((e, Direction::Forward));
        at = e.to;
    }
    while at > target {
        // Down the family of `at`, then (from the first MLM version) into the target's.
        let into = |e: &&Edge| e.to == at && e.from.family() == target.family();
        let within = |e: &&Edge| e.to == at && e.from.family() == at.family();
        let e = edges
            .iter()
            .find(into)
            .or_else(|| edges.iter().find(within))?;
        out.push((e, Direction::Backward));
        at = e.from;
    }
    (at == target).then_some(out)
}

/// The path of a document that starts at `start` and shows forms up to `top`: up to `top`
/// first when the target is older (so that every field is in one form), then down to the
/// target.
pub(crate) fn plan(
    start: Spec,
    top: Spec,
    target: Spec,
    families: &[Family],
) -> Option<Vec<(&'static Edge, Direction)>> {
    if top <= target || top.family() != Family::Mlm {
        return union_path(start, target, families);
    }
    let mut out = union_path(start, top, families)?;
    out.extend(path(top, target)?);
    Some(out)
}

/// [`path`] for a document whose fields belong to several families. DLM and ML-Model both lead into MLM 1.0.0, so a path from DLM skips the ML-Model
/// edge; when ML-Model fields are present too, that edge runs right before the MLM edges.
pub(crate) fn union_path(
    start: Spec,
    target: Spec,
    families: &[Family],
) -> Option<Vec<(&'static Edge, Direction)>> {
    let mut out = path(start, target)?;
    let needs_ml_model = start.family() == Family::Dlm
        && families.contains(&Family::MlModel)
        && target.family() == Family::Mlm;
    if needs_ml_model {
        let extra = path(Spec::first_of(Family::MlModel), Spec::first_of(Family::Mlm))?;
        let at = out
            .iter()
            .position(|(e, _)| e.from.family() == Family::Mlm)
            .unwrap_or(out.len());
        out.splice(at..at, extra);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str) -> Spec {
        id.parse().unwrap()
    }

    #[test]
    fn every_mlm_version_reaches_the_target_and_back() {
        for s in Spec::all().filter(|s| s.family() == Family::Mlm) {
            assert!(path(s, Spec::default_target()).is_some(), "{s}");
        }
        let p = path(spec("mlm@1.5.2"), spec("mlm@1.5.1")).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, Direction::Backward);
    }

    #[test]
    fn legacy_versions_reach_the_target_and_mixed_items_read_the_union() {
        let labels = |p: Vec<(&Edge, Direction)>| -> Vec<String> {
            p.iter()
                .take(3)
                .map(|(e, _)| e.label().to_owned())
                .collect()
        };
        let cases = [
            (
                "dlm@1.0.0-beta2",
                vec![Family::Dlm],
                vec![
                    "dlm@1.0.0-beta2 -> dlm@1.0.0-beta.3",
                    "dlm@1.0.0-beta.3 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                ],
            ),
            (
                "dlm@1.0.0-beta.3",
                vec![Family::Dlm, Family::MlModel],
                vec![
                    "dlm@1.0.0-beta.3 -> mlm@1.0.0",
                    "ml-model@1.0.0 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                ],
            ),
            (
                "ml-model@1.0.0",
                vec![Family::MlModel, Family::Mlm],
                vec![
                    "ml-model@1.0.0 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                    "mlm@1.1.0 -> mlm@1.2.0",
                ],
            ),
        ];
        for (start, families, want) in cases {
            let p = union_path(spec(start), Spec::default_target(), &families).unwrap();
            assert_eq!(labels(p), want, "{start}");
        }
        let back = path(spec("mlm@1.0.0"), spec("dlm@1.0.0-beta.3")).unwrap();
        assert_eq!(back[0].0.label(), "dlm@1.0.0-beta.3 -> mlm@1.0.0");
        let labels = |p: Vec<(&Edge, Direction)>| -> Vec<String> {
            p.iter().map(|(e, _)| e.label().to_owned()).collect()
        };
        let down = path(spec("mlm@1.2.0"), spec("ml-model@1.0.0")).unwrap();
        assert_eq!(
            labels(down),
            [
                "mlm@1.1.0 -> mlm@1.2.0",
                "mlm@1.0.0 -> mlm@1.1.0",
                "ml-model@1.0.0 -> mlm@1.0.0"
            ]
        );
        let legacy = path(spec("ml-model@1.0.0"), spec("dlm@1.0.0-beta.3")).unwrap();
        assert_eq!(
            labels(legacy),
            [
                "ml-model@1.0.0 -> mlm@1.0.0",
                "dlm@1.0.0-beta.3 -> mlm@1.0.0"
            ]
        );
        let across = path(spec("dlm@1.0.0-beta2"), spec("ml-model@1.0.0")).unwrap();
        assert_eq!(
            labels(across),
            [
                "dlm@1.0.0-beta2 -> dlm@1.0.0-beta.3",
                "dlm@1.0.0-beta.3 -> mlm@1.0.0",
                "ml-model@1.0.0 -> mlm@1.0.0"
            ]
        );
    }
}
