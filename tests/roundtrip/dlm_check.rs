//! `--to dlm@1.0.0-beta.3` claims a DLM scaling exact where it records the scaling lossless; the
//! preprocessing check, run between the DLM output and its MLM source (the other direction from
//! the one a DLM upgrade checks), proves it for every official example and fixture.

use mlm_migrate::check::{CheckOptions, Verdict, check};
use mlm_migrate::document::Source;
use mlm_migrate::{Fidelity, Migration, Spec};

use super::{corpus, reparse, run};

/// The scaling members of a Model Input on the way down (MLM ≥ 1.4 and ≤ 1.3 forms).
const SCALING: [&str; 4] = [
    "value_scaling",
    "norm_type",
    "statistics",
    "norm_by_channel",
];

/// Whether the down claims to carry input `i`'s scaling exactly (`true`) or not (`false`);
/// `None`: no numbers were written to DLM for it (nothing to prove).
fn claim(down: &Migration, i: usize) -> Option<bool> {
    let prefix = format!("/properties/mlm:input/{i}/");
    let scaling = |c: &&mlm_migrate::Change| {
        [c.from.as_ref(), c.to.as_ref()]
            .into_iter()
            .flatten()
            .any(|p| {
                p.as_str()
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| SCALING.iter().any(|k| rest.split('/').next() == Some(*k)))
            })
    };
    let changes: Vec<_> = down.changes.iter().filter(scaling).collect();
    let inputs = &down.output["properties"]["dlm:inputs"];
    let input = if inputs.is_array() {
        &inputs[i]
    } else {
        inputs
    };
    input.get("normalization:mean")?;
    Some(changes.iter().all(|c| c.fidelity == Fidelity::Lossless))
}

#[test]
fn dlm_scaling_claimed_exact_is_equivalent() {
    let target: Spec = "dlm@1.0.0-beta.3".parse().unwrap();
    let (mut exact, mut opaque, mut lossy, mut lossy_equivalent) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for path in corpus() {
        let name = path.display().to_string();
        let Ok(source) = Source::read(&path) else {
            continue;
        };
        let Some((_, up_text)) = run(&source, Spec::default_target()) else {
            continue;
        };
        let up = reparse(&name, &up_text);
        let Some((down, _)) = run(&up, target) else {
            continue;
        };
        let options = CheckOptions {
            trust_identical_opaque: true,
            ..CheckOptions::default()
        };
        let Ok(report) = check(&up.value, &down.output, &options) else {
            continue;
        };
        for r in &report.inputs {
            let Some(i) = r
                .source_pointer
                .strip_prefix("/properties/mlm:input/")
                .and_then(|s| s.parse::<usize>().ok())
            else {
                continue;
            };
            match claim(&down, i) {
                Some(true) => {
                    exact += 1;
                    // An opaque step the two sides share (an unchanged Python function) is never
                    // evaluated: every stage before it must be equivalent.
                    let opaque_after_equivalent = matches!(&r.verdict, Verdict::Unverifiable { reason }
                        if reason.starts_with("opaque step trusted as identical") && reason.contains("every stage before it is equivalent"));
                    if opaque_after_equivalent {
                        opaque += 1;
                    } else if r.verdict != Verdict::Equivalent {
                        problems.push(format!(
                            "{name} input {i}: claimed exact, check says {:?}",
                            r.verdict
                        ));
                    }
                }
                Some(false) => {
                    lossy += 1;
                    if r.verdict == Verdict::Equivalent {
                        lossy_equivalent += 1;
                    }
                }
                None => {}
            }
        }
    }
    let summary = format!(
        "DLM scaling written: {exact} inputs claimed exact ({} equivalent by the check, {opaque} equivalent up to a shared Python step the check cannot run), {lossy} recorded lossy ({lossy_equivalent} of them equivalent in numbers)\n",
        exact - opaque
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), summary.as_bytes());
    // The official examples carry most of the scalings; the fixtures alone (no `../shared`
    // outside CI, where `shared()` has said it skips them) carry a few.
    let floor = if super::shared().is_some() { 10 } else { 0 };
    assert!(exact > floor, "{summary}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
