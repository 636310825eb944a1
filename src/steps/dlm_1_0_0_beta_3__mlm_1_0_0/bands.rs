//! DLM band selection → MLM band names.
//!
//! MLM names the input channels; DLM gives names (`dlm:data.useful_bands`, in model order) and
//! indices (`dlm:inputs.selected_bands`) into source data whose index base is not written down
//! (the official example has `number_of_bands` 4 but five `eo:bands`). Names win; each is
//! resolved against the Item's `eo:bands` by `name`, then by `common_name`, and the matched
//! band's `name` is emitted. Indices are used only when no names exist, with `eo:bands` order
//! as the base (assumed). Both lists are compared and a disagreement is reported.

use serde_json::Value;

use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};

/// `band-name-by-common-name`: see [`Code::what`].
pub(crate) const BAND_NAME_BY_COMMON_NAME: Code = Code::new(
    "band-name-by-common-name",
    "A `useful_bands` name matched the `common_name` (not the `name`) of an Item `eo:bands` entry; the band's `name` is used.",
    "Nothing.",
);

/// `band-name-unresolved`: see [`Code::what`].
pub(crate) const BAND_NAME_UNRESOLVED: Code = Code::new(
    "band-name-unresolved",
    "A `useful_bands` name matches no Item `eo:bands` entry (or has no name); it is kept as written and described on the model asset.",
    "Add the band to `eo:bands` or fix the name.",
);

/// `band-names-unknown`: see [`Code::what`].
pub(crate) const BAND_NAMES_UNKNOWN: Code = Code::new(
    "band-names-unknown",
    "`selected_bands` indices resolve to no band name (no or too few `eo:bands`); the input lists no bands and the indices are lost.",
    "Add `eo:bands` or list the bands by name.",
);

/// `band-selection-by-index`: see [`Code::what`].
pub(crate) const BAND_SELECTION_BY_INDEX: Code = Code::new(
    "band-selection-by-index",
    "Only `selected_bands` indices exist; they were read as positions in the Item's `eo:bands` (the index base is not stated).",
    "Check the band names.",
);

/// `band-selection-inconsistent`: see [`Code::what`].
pub(crate) const BAND_SELECTION_INCONSISTENT: Code = Code::new(
    "band-selection-inconsistent",
    "`useful_bands` indices and `selected_bands` disagree (as in the official DLM example); the names of `useful_bands` are used and the indices are lost.",
    "Check which bands the model reads.",
);

/// Where the band information of one DLM input is.
pub(crate) struct BandSources<'a> {
    /// The Item's `eo:bands` (the catalogue names resolve against).
    pub catalogue: &'a [Value],
    /// `dlm:data.useful_bands` and its input pointer.
    pub useful: Option<(&'a Value, Pointer)>,
    /// `dlm:inputs.selected_bands` and its input pointer.
    pub selected: Option<(&'a Value, Pointer)>,
}

/// The resolved channel names and the fate of each DLM list.
#[derive(Debug, Default)]
pub(crate) struct BandPlan {
    /// Band names for the MLM input, in channel order.
    pub names: Vec<String>,
    /// Fidelity of the names (assumed when read from indices).
    pub fidelity: Option<Fidelity>,
    /// Fidelity of dropping `useful_bands` (lossy when its indices cannot be rebuilt).
    pub useful: Option<Fidelity>,
    /// Fidelity of dropping `selected_bands` (lossy when it disagrees or resolves nothing).
    pub selected: Option<Fidelity>,
    /// Findings to report.
    pub notes: Vec<Diagnostic>,
}

/// Resolves the channels of one DLM input (see the module docs).
pub(crate) fn plan(src: &BandSources<'_>) -> BandPlan {
    let mut p = BandPlan::default();
    let selected = src.selected.as_ref().map(|(v, at)| (indices(v), at));
    match (&src.useful, selected) {
        (Some((useful, at)), selected) => {
            let listed = by_name(src.catalogue, useful, at, &mut p);
            if let Some((sel, sel_at)) = selected {
                compare(&listed, &sel, sel_at, &mut p);
            }
        }
        (None, Some((sel, sel_at))) => by_index(src.catalogue, &sel, sel_at, &mut p),
        (None, None) => {}
    }
    p
}

/// Names from `useful_bands`; returns the listed indices.
fn by_name(
    catalogue: &[Value],
    useful: &Value,
    at: &Pointer,
    p: &mut BandPlan,
) -> Vec<Option<u64>> {
    let entries = useful.as_array().map(Vec::as_slice).unwrap_or_default();
    let mut rebuilt = true;
    let mut listed = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let index = e.member("index").and_then(Value::as_u64);
        listed.push(index);
        let Some(name) = e.member("name").and_then(Value::as_str) else {
            rebuilt = false;
            let msg = "a `useful_bands` entry has no name".to_owned();
            p.notes.push(note(
                BAND_NAME_UNRESOLVED,
                Severity::Warning,
                at.index(i),
                msg,
            ));
            continue;
        };
        let (resolved, pos) = resolve(catalogue, name, &at.index(i), &mut p.notes);
        rebuilt &= pos.is_some() && pos.map(|x| x as u64) == index;
        p.names.push(resolved);
    }
    p.fidelity = Some(Fidelity::Lossless);
    p.useful = Some(if rebuilt {
        Fidelity::Lossless
    } else {
        Fidelity::Lossy
    });
    listed
}

/// `selected_bands` against the indices of `useful_bands`.
fn compare(listed: &[Option<u64>], sel: &[u64], at: &Pointer, p: &mut BandPlan) {
    let same = listed.iter().copied().eq(sel.iter().map(|&x| Some(x)));
    p.selected = Some(if same {
        Fidelity::Lossless
    } else {
        Fidelity::Lossy
    });
    if !same {
        let indices: Vec<_> = listed.iter().flatten().collect();
        let msg = format!(
            "`useful_bands` (indices {indices:?}, names {:?}) and `selected_bands` {sel:?} disagree; the names of `useful_bands` are used",
            p.names
        );
        p.notes.push(note(
            BAND_SELECTION_INCONSISTENT,
            Severity::Warning,
            at.clone(),
            msg,
        ));
    }
}

fn indices(v: &Value) -> Vec<u64> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_u64)
        .collect()
}

fn note(code: Code, severity: Severity, at: Pointer, msg: String) -> Diagnostic {
    Diagnostic::new(code, severity, msg).at(at)
}

/// Resolves `name` against the catalogue: by `name`, then by `common_name`.
fn resolve(
    catalogue: &[Value],
    name: &str,
    at: &Pointer,
    notes: &mut Vec<Diagnostic>,
) -> (String, Option<usize>) {
    let field = |b: &Value, k: &str| b.get(k).and_then(Value::as_str).map(str::to_owned);
    if let Some(i) = catalogue
        .iter()
        .position(|b| field(b, "name").as_deref() == Some(name))
    {
        return (name.to_owned(), Some(i));
    }
    let by_common = catalogue
        .iter()
        .position(|b| field(b, "common_name").as_deref() == Some(name));
    if let Some((i, real)) = by_common.and_then(|i| Some((i, field(&catalogue[i], "name")?))) {
        let msg = format!(
            "band `{name}` is the common name of the band named `{real}`; the name is used"
        );
        notes.push(note(
            BAND_NAME_BY_COMMON_NAME,
            Severity::Info,
            at.clone(),
            msg,
        ));
        return (real, Some(i));
    }
    let msg = format!(
        "band `{name}` is not in the Item's `eo:bands`; kept as written and described on the model asset"
    );
    notes.push(note(
        BAND_NAME_UNRESOLVED,
        Severity::Warning,
        at.clone(),
        msg,
    ));
    (name.to_owned(), None)
}

/// Names from `selected_bands` indices into the catalogue (assumed base: `eo:bands` order).
fn by_index(catalogue: &[Value], sel: &[u64], at: &Pointer, p: &mut BandPlan) {
    let names: Option<Vec<String>> = sel
        .iter()
        .map(|&i| {
            let b = catalogue.get(usize::try_from(i).ok()?)?;
            b.member("name").and_then(Value::as_str).map(str::to_owned)
        })
        .collect();
    match names {
        Some(names) if !names.is_empty() => {
            let msg = format!(
                "band names {names:?} read from `selected_bands` {sel:?} as positions in the Item's `eo:bands` (the index base is not stated)"
            );
            p.notes.push(note(
                BAND_SELECTION_BY_INDEX,
                Severity::Warning,
                at.clone(),
                msg,
            ));
            p.names = names;
            p.fidelity = Some(Fidelity::Assumed);
            p.selected = Some(Fidelity::Lossless);
        }
        _ => {
            let msg = format!(
                "`selected_bands` {sel:?} cannot be resolved to band names (no matching `eo:bands`): the input lists no bands"
            );
            p.notes
                .push(note(BAND_NAMES_UNKNOWN, Severity::Warning, at.clone(), msg));
            p.selected = Some(Fidelity::Lossy);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalogue() -> Vec<Value> {
        json!([
            {"name": "50-cm panchromatic", "common_name": "pan"},
            {"name": "blue", "common_name": "blue"},
            {"name": "green", "common_name": "green"},
            {"name": "red", "common_name": "red"},
            {"name": "Near Infrared", "common_name": "nir"}
        ])
        .as_array()
        .unwrap()
        .clone()
    }

    fn codes(p: &BandPlan) -> Vec<&str> {
        p.notes.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn band_plan_table() {
        let cat = catalogue();
        let at = || Pointer::root().key("x");
        let useful = json!([{"index": 2, "name": "red"}, {"index": 1, "name": "green"}, {"index": 3, "name": "nir"}]);
        let useful_ok = json!([{"index": 3, "name": "red"}, {"index": 2, "name": "green"}]);
        let sel = json!([0, 1, 3]);
        let sel_ok = json!([3, 2]);
        type Case<'a> = (
            Option<&'a Value>,
            Option<&'a Value>,
            &'a [&'a str],
            [Option<Fidelity>; 3],
            &'a [&'a str],
        );
        let cases: [Case; 4] = [
            (
                Some(&useful),
                Some(&sel),
                &["red", "green", "Near Infrared"],
                [
                    Some(Fidelity::Lossless),
                    Some(Fidelity::Lossy),
                    Some(Fidelity::Lossy),
                ],
                &["band-name-by-common-name", "band-selection-inconsistent"],
            ),
            (
                Some(&useful_ok),
                Some(&sel_ok),
                &["red", "green"],
                [
                    Some(Fidelity::Lossless),
                    Some(Fidelity::Lossless),
                    Some(Fidelity::Lossless),
                ],
                &[],
            ),
            (
                None,
                Some(&sel_ok),
                &["red", "green"],
                [Some(Fidelity::Assumed), None, Some(Fidelity::Lossless)],
                &["band-selection-by-index"],
            ),
            (
                None,
                Some(&json!([9])),
                &[],
                [None, None, Some(Fidelity::Lossy)],
                &["band-names-unknown"],
            ),
        ];
        for (useful, selected, names, [fid, u, s], notes) in cases {
            let p = plan(&BandSources {
                catalogue: &cat,
                useful: useful.map(|v| (v, at())),
                selected: selected.map(|v| (v, at())),
            });
            assert_eq!(p.names, names, "{useful:?} {selected:?}");
            assert_eq!(
                [p.fidelity, p.useful, p.selected],
                [fid, u, s],
                "{useful:?}"
            );
            assert_eq!(codes(&p), notes);
        }
    }
}
