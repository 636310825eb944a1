//! Naming the MLM rule behind a semantic difference.
//!
//! The simplest robust way: migrate OLD, then match each difference against the migration's
//! change records by pointer (same pointer first, then a change that contains the difference,
//! then a difference that contains a change). A match counts only when the migration's output
//! agrees with NEW at that place, so a hand edit that happens to touch a migrated field is not
//! credited to a rule. Anything else stays unnamed.

use serde_json::Value;

use super::semantic::{Difference, same};
use crate::engine::Migration;
use crate::kernel::pointer::Pointer;
use crate::report::{Change, Op};

/// Names the rule of every difference the migration of OLD explains (sets `rule`, `fidelity`
/// and `message`); `new` is the NEW document the differences lead to.
pub fn attribute(diffs: &mut [Difference], migration: &Migration, new: &Value) {
    for d in diffs.iter_mut() {
        if !agrees(d, &migration.output, new) {
            continue;
        }
        let best = migration
            .changes
            .iter()
            .filter_map(|c| score(d, c).map(|s| (s, c)))
            .max_by_key(|(s, _)| *s);
        if let Some((_, c)) = best {
            d.rule = Some(c.rule.clone());
            d.fidelity = Some(c.fidelity);
            d.message = Some(c.message.clone());
        }
    }
}

/// True when the migration's output has what NEW has at the difference's place.
fn agrees(d: &Difference, output: &Value, new: &Value) -> bool {
    match (&d.to, &d.from) {
        (Some(to), _) => match (to.get(output), to.get(new)) {
            (Some(a), Some(b)) => same(a, b),
            _ => false,
        },
        (None, Some(from)) => match (from.get(output), &d.old) {
            (Some(now), Some(old)) => !same(now, old),
            _ => true,
        },
        (None, None) => false,
    }
}

/// How well change `c` explains difference `d`: 3 same pointer, 2 the change contains the
/// difference, 1 the difference contains the change; `None` when unrelated.
fn score(d: &Difference, c: &Change) -> Option<u8> {
    let pairs = [(&d.from, &c.from), (&d.to, &c.to)];
    let related = |test: &dyn Fn(&Pointer, &Pointer) -> bool| {
        pairs.iter().any(|(dp, cp)| match (dp, cp) {
            (Some(dp), Some(cp)) => test(dp, cp),
            _ => false,
        })
    };
    if related(&|dp, cp| dp == cp) {
        // a move is explained exactly only by a change with the same kind of endpoints
        let kind_fits = d.op != Op::Move || c.op == Op::Move || c.op == Op::Remove;
        return Some(if kind_fits { 3 } else { 2 });
    }
    if related(&|dp, cp| cp.is_prefix_of(dp)) {
        return Some(2);
    }
    related(&|dp, cp| dp.is_prefix_of(cp)).then_some(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Options, migrate};
    use crate::review::semantic::{pair_moves, structural};
    use serde_json::json;

    #[test]
    fn names_migration_rules_and_leaves_hand_edits_unnamed() {
        let old = json!({
            "type": "Feature",
            "stac_extensions": ["https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json"],
            "properties": {"mlm:name": "m", "mlm:framework": "PyTorch", "title": "old"},
            "assets": {"w": {"href": "m.pth", "roles": ["mlm:model"]}}
        });
        let options = Options::default();
        let m = migrate(&old, &options).unwrap();
        let mut new = m.output.clone();
        new["properties"]["title"] = json!("new");
        let mut diffs = pair_moves(structural(&old, &new), &[]);
        attribute(&mut diffs, &m, &new);
        let named: Vec<_> = diffs
            .iter()
            .map(|d| {
                (
                    d.pointer().to_string(),
                    d.rule.as_ref().map(|r| r.id.to_string()),
                )
            })
            .collect();
        assert!(named.contains(&("/properties/title".to_owned(), None)));
        assert!(named.contains(&(
            "/stac_extensions/0".to_owned(),
            Some("extension-uri".to_owned())
        )));
        assert!(named.contains(&(
            "/assets/w/mlm:artifact_type".to_owned(),
            Some("artifact-type-required".to_owned())
        )));
    }
}
