//! The band catalogue: MLM (1.3.0+) cross-checks Model Input band names against band objects
//! of the Item (README "Bands and Statistics"). Writers of real catalogs often name bands in
//! `mlm:input` and define them nowhere, or define them only in Item properties where the eo
//! schema (STAC 1.0) or the model asset's readers (STAC 1.1) do not look.
//!
//! Which list, by STAC version (judgment call): STAC 1.0 gets `eo:bands` (eo v1.1.0). `name` is
//! an eo Band Object field (raster v1.1.0 defines none: MLM has to permit one), the eo schema
//! itself needs band objects on an asset when properties have them, and the MLM README's own
//! "summarized" layout is name-only `eo:bands` on the model asset next to full definitions in
//! properties. STAC 1.1 gets core `bands`, in properties (the only place MLM's STAC 1.1 branch
//! reads) and on the model asset.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer, member};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::common::carry::{EO_URI, declare_extension};
use crate::steps::transform::Inverse;

/// `band-name-case`: see [`Code::what`].
pub(crate) const BAND_NAME_CASE: Code = Code::new(
    "band-name-case",
    "A Model Input lists a band name that a band object (`eo:bands`, `raster:bands`, `bands`) defines only in another case (`BLUE` for `blue`). MLM matches names exactly, and no schema checks them.",
    "Write the name as the band object does (the message names it).",
);

/// `band-name-undefined`: see [`Code::what`].
pub(crate) const BAND_NAME_UNDEFINED: Code = Code::new(
    "band-name-undefined",
    "A Model Input lists a band name that no band object of the Item (`eo:bands`, `raster:bands`, `bands`, in properties or on assets) has as its `name`; the message gives the closest defined name, or the band whose `common_name` it is. MLM refers to bands by `name`, and no schema checks it.",
    "Use the defined name, or add a band object with this name.",
);

/// The band lists MLM accepts as definitions (v1.x extensions and STAC 1.1 core).
const LISTS: [&str; 3] = ["eo:bands", "raster:bands", "bands"];

/// Name-only band definitions where MLM needs them.
pub(crate) const BAND_CATALOGUE: Transform = Transform {
    name: "band_catalogue",
    forward: band_catalogue,
    inverse: Inverse::NotYet,
    what: "Writes name-only band objects on every `mlm:model` asset of an Item. (1) Inputs name \
           bands and no band object exists anywhere: STAC 1.0 gets `eo:bands` with those names \
           (each once, in first-use order: a time series repeating `B04` defines it once) and \
           the eo v1.1.0 URI; STAC 1.1 gets core `bands` in properties and on the asset. (2) \
           Band objects only in Item properties (`eo:bands` for STAC 1.0, `bands` for 1.1) are \
           listed by name on each model asset that has none (those the inputs use, in their \
           order, else all): eo v1.1.0 rejects `eo:bands` in properties when no asset has \
           them, and the full definitions stay in properties.",
    before: r#"{"properties": {"mlm:input": [{"bands": ["B04", "B03", "B04", "B03"]}]}, "assets": {"weights": {"roles": ["mlm:model"]}}}"#,
    after: r#"{"properties": {"mlm:input": [{"bands": ["B04", "B03", "B04", "B03"]}]}, "assets": {"weights": {"roles": ["mlm:model"], "eo:bands": [{"name": "B04"}, {"name": "B03"}]}}}"#,
};

fn band_catalogue(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let models = ctx.containers(Scope::ModelAsset);
    if models.is_empty() {
        return;
    }
    let used: Vec<String> = dedup(input_bands(ctx).into_iter().map(|(n, ..)| n));
    if stac_1_1(ctx.doc()) {
        catalogue_1_1(ctx, &models, &used);
    } else {
        catalogue_1_0(ctx, &models, &used);
    }
}

fn catalogue_1_0(ctx: &mut Ctx, models: &[Pointer], used: &[String]) {
    let props = Pointer::root().key("properties");
    let in_props = used_or_all(name_only(ctx.get(&props.key("eo:bands"))), used);
    let on_assets = ctx
        .shared_containers(Scope::Asset)
        .iter()
        .any(|a| ctx.member(a, "eo:bands").is_some());
    let (bands, why) = if !in_props.is_empty() && !on_assets {
        (
            in_props,
            "`eo:bands` are only in Item properties, which eo v1.1.0 rejects unless an asset has them too: the model asset lists their names",
        )
    } else if !used.is_empty() && !defined_anywhere(ctx) {
        (
            named(used),
            "the inputs name bands that no band object defines (MLM ≥ 1.3.0 needs them): the model asset lists them by name",
        )
    } else {
        return;
    };
    let mut added = false;
    for m in models {
        added |= ctx.add(
            m,
            "eo:bands",
            json!(bands),
            Pos::End,
            Fidelity::Assumed,
            why,
        );
    }
    if added {
        declare_extension(ctx, "/eo/v1.", EO_URI);
    }
}

fn catalogue_1_1(ctx: &mut Ctx, models: &[Pointer], used: &[String]) {
    let props = Pointer::root().key("properties");
    let in_props = used_or_all(name_only(ctx.get(&props.key("bands"))), used);
    if !in_props.is_empty() {
        let why = "STAC 1.1 `bands` are only in Item properties: the model asset lists their names";
        for m in models {
            ctx.add(
                m,
                "bands",
                json!(in_props),
                Pos::End,
                Fidelity::Assumed,
                why,
            );
        }
    } else if !used.is_empty() && !defined_anywhere(ctx) {
        let bands = json!(named(used));
        let why = "the inputs name bands that no band object defines (MLM ≥ 1.3.0 needs STAC 1.1 `bands` in properties): listed by name";
        ctx.add(
            &props,
            "bands",
            bands.clone(),
            Pos::End,
            Fidelity::Assumed,
            why,
        );
        for m in models {
            ctx.add(m, "bands", bands.clone(), Pos::End, Fidelity::Assumed, why);
        }
    }
}

/// True when `stac_version` is 1.1 or later.
fn stac_1_1(doc: &Value) -> bool {
    let v = doc
        .member("stac_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut parts = v.split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (1, 1)
}

/// Every band name the Model Inputs list, with the Model Input's pointer and its index in
/// `bands`, in order (repeats included). The band's own pointer is built only by a finding.
fn input_bands(ctx: &Ctx) -> Vec<(String, Pointer, usize)> {
    let mut out = Vec::new();
    for input in ctx.shared_containers(Scope::Input).iter() {
        let items = ctx.member(input, "bands").and_then(Value::as_array);
        for (j, b) in items.into_iter().flatten().enumerate() {
            let name = b.as_str().or_else(|| b.member("name")?.as_str());
            if let Some(n) = name.filter(|n| !n.is_empty()) {
                out.push((n.to_owned(), input.clone(), j));
            }
        }
    }
    out
}

fn dedup(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// Of the name-only copies of the properties' band objects, those the inputs use (in their
/// order: the bands the model reads, as the worked DLM conversion lists them), or all of them
/// when the inputs use none.
fn used_or_all(all: Vec<Value>, used: &[String]) -> Vec<Value> {
    let picked: Vec<Value> = used
        .iter()
        .filter_map(|u| {
            all.iter()
                .find(|b| b.member("name").and_then(Value::as_str) == Some(u))
                .cloned()
        })
        .collect();
    if picked.is_empty() { all } else { picked }
}

fn named(names: &[String]) -> Vec<Value> {
    names.iter().map(|n| json!({"name": n})).collect()
}

/// The name (else the common name) of each band object of a list, as name-only objects.
fn name_only(list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|b| {
            ["name", "common_name"]
                .into_iter()
                .find_map(|k| Some(json!({ k: b.get(k)?.as_str()? })))
        })
        .collect()
}

/// Every band object of the Item: properties and every asset, all three lists.
fn definitions(ctx: &Ctx) -> Vec<&Value> {
    let properties = ctx.shared_containers(Scope::Properties);
    let assets = ctx.shared_containers(Scope::Asset);
    properties
        .iter()
        .chain(assets.iter())
        .filter_map(|h| ctx.object(h))
        .flat_map(|h| LISTS.iter().filter_map(|l| member(h, l)?.as_array()))
        .flatten()
        .collect()
}

fn defined_anywhere(ctx: &Ctx) -> bool {
    !definitions(ctx).is_empty()
}

/// Cross-check of input band names against the band objects.
pub(crate) const BAND_NAMES: Transform = Transform {
    name: "band_names",
    forward: band_names,
    inverse: Inverse::NotYet,
    what: "Checks every band name a Model Input lists against the `name`s of the Item's band \
           objects (`eo:bands`, `raster:bands`, `bands`, in properties and on assets), which no \
           MLM schema does. A name defined only in another case (`BLUE` for `blue`) is \
           `band-name-case`; a name not defined at all is `band-name-undefined`, with the \
           closest defined name. Changes nothing.",
    before: r#"{"mlm:input": [{"bands": ["BLUE", "B8"]}], "eo:bands": [{"name": "blue"}, {"name": "B08"}]}"#,
    after: "(unchanged; diagnostics `band-name-case` for `BLUE`, `band-name-undefined` for `B8`, closest `B08`)",
};

fn band_names(ctx: &mut Ctx, _root: &Pointer) {
    // Read on borrows; the findings are added once the reading is done.
    let defs: Vec<(&str, Option<&str>)> = definitions(ctx)
        .into_iter()
        .filter_map(|b| {
            let name = b.member("name")?.as_str()?;
            let common = b.member("common_name").and_then(Value::as_str);
            Some((name, common))
        })
        .collect();
    if defs.is_empty() {
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut found = Vec::new();
    for (name, input, j) in input_bands(ctx) {
        if defs.iter().any(|(n, _)| *n == name) || seen.contains(&name) {
            continue;
        }
        let at = input.key("bands").index(j);
        found.push(finding(&name, &defs).at(ctx.input_of(&at)));
        seen.push(name);
    }
    for d in found {
        ctx.diag(d);
    }
}

/// The diagnostic for an input band `name` that no band object defines.
fn finding(name: &str, defs: &[(&str, Option<&str>)]) -> Diagnostic {
    if let Some((n, _)) = defs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return Diagnostic::new(
            BAND_NAME_CASE,
            Severity::Warning,
            format!("input band `{name}` is defined as `{n}`: band names are case-sensitive"),
        )
        .hint(format!("write `{n}`"));
    }
    let by_common = defs
        .iter()
        .find(|(_, c)| c.is_some_and(|c| c.eq_ignore_ascii_case(name)));
    let (closest, why) = match by_common {
        Some((n, _)) => (
            *n,
            format!(", but it is the `common_name` of `{n}` (MLM refers to bands by `name`)"),
        ),
        None => {
            let key = |n: &str| strsim::levenshtein(&n.to_lowercase(), &name.to_lowercase());
            let best = defs.iter().map(|(n, _)| *n).min_by_key(|n| key(n));
            (best.unwrap_or_default(), String::new())
        }
    };
    Diagnostic::new(
        BAND_NAME_UNDEFINED,
        Severity::Warning,
        format!(
            "input band `{name}` is not the `name` of any band object{why}; closest: `{closest}`"
        ),
    )
    .hint(format!(
        "write `{closest}` if that is the band, or define `{name}`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs<'a>(names: &[&'a str]) -> Vec<(&'a str, Option<&'a str>)> {
        names.iter().map(|n| (*n, None)).collect()
    }

    #[test]
    fn findings_table() {
        let mut d = defs(&["blue", "B08", "B8A"]);
        d.push(("Near Infrared", Some("nir")));
        for (name, code, closest) in [
            ("BLUE", "band-name-case", "`blue`"),
            ("B8", "band-name-undefined", "`B08`"),
            ("b8a", "band-name-case", "`B8A`"),
            ("nir", "band-name-undefined", "`Near Infrared`"),
        ] {
            let f = finding(name, &d);
            assert_eq!(f.code, code, "{name}");
            assert!(f.message.contains(closest), "{name}: {}", f.message);
        }
    }

    #[test]
    fn stac_versions() {
        let v = |s: &str| stac_1_1(&json!({ "stac_version": s }));
        assert!(v("1.1.0") && v("1.2.0") && !v("1.0.0") && !v("1.0.0-rc.1") && !v(""));
    }
}
