//! DLM `dlm:data` → band catalogue on the model asset, links, text.
//!
//! Runs after `dlm_inputs`, which consumed `useful_bands` and `process_level`. The source data
//! type and nodata value describe the bands the model reads, so they go to `raster:bands`
//! entries (with the band names) on the model asset; the `eo:bands` names next to them (the
//! layout of the official MLM examples) are the writer's band catalogue
//! (`steps/normalize/bands.rs`), which every source shares. `item_examples` become `related` links; `test_file` and
//! `number_of_bands` have no MLM field.

use serde_json::{Value, json};

use super::archive::{append_description, model_asset};
use super::vocab;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::common::carry::{self, RASTER_URI};
use crate::steps::transform::Inverse;

/// `dlm-dtype-unknown`: see [`Code::what`].
pub(crate) const DLM_DTYPE_UNKNOWN: Code = Code::new(
    "dlm-dtype-unknown",
    "`dlm:data.data_type` is not a numpy type name DLM allows; no `raster:bands` data type is written.",
    "Use a numpy type name (uint8, uint16, float32, …).",
);

/// See [`Transform::what`].
pub(super) const DATA: Transform = Transform {
    name: "dlm_data",
    forward: data,
    inverse: Inverse::Keep(
        "the band catalogues on the model asset stay (DLM items carry other extensions as they are); `process_level` comes back with the inputs.",
    ),
    what: "Converts what remains of `dlm:data`: `data_type` (numpy name, mapped to the raster \
           type) and `nodata` become `raster:bands` entries named after the input's bands on the \
           model asset (raster v1.1.0 is declared; the writer's `band-catalogue` adds the \
           `eo:bands` names MLM and eo need); `item_examples` become links with rel `related`; `test_file` goes to the \
           model asset description (text only); `number_of_bands` is dropped, lossless only when \
           it equals the number of the Item's `eo:bands`.",
    before: r#"{"dlm:data": {"data_type": "uint16", "nodata": 0, "item_examples": [{"url": "https://x/item.json", "title": "t"}]}}"#,
    after: r#"{"assets": {"model": {"raster:bands": [{"name": "red", "data_type": "uint16", "nodata": 0}]}}, "links": [{"rel": "related", "href": "https://x/item.json", "type": "application/geo+json", "title": "t"}]}"#,
};

fn data(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let block = props.key("dlm:data");
    let model = model_asset(ctx);
    catalogue(ctx, &props, &block, model.as_ref());
    if ctx.object(&block).is_none() {
        carry::finish_block(ctx, &block);
        return;
    }
    number_of_bands(ctx, &props, &block);
    if let (Some(m), Some(file)) = (
        &model,
        ctx.get(&block.key("test_file"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    ) {
        append_description(
            ctx,
            m,
            &format!("Test file: {file}"),
            "`dlm:data.test_file` has no MLM field",
        );
        ctx.remove(
            &block.key("test_file"),
            Fidelity::Lossy,
            "kept only as text in the model asset's description",
        );
    }
    item_examples(ctx, &block.key("item_examples"));
    carry::finish_block(ctx, &block);
}

/// Band names the inputs use, in first-use order.
fn used_bands(ctx: &Ctx, props: &Pointer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let inputs = ctx.get(&props.key("mlm:input")).and_then(Value::as_array);
    for b in inputs
        .into_iter()
        .flatten()
        .filter_map(|i| i.member("bands")?.as_array())
        .flatten()
    {
        let name = b.as_str().or_else(|| b.member("name")?.as_str());
        if let Some(n) = name.filter(|n| !out.iter().any(|o| o == n)) {
            out.push(n.to_owned());
        }
    }
    out
}

fn catalogue(ctx: &mut Ctx, props: &Pointer, block: &Pointer, model: Option<&Pointer>) {
    let names = used_bands(ctx, props);
    let (Some(model), false) = (model, names.is_empty()) else {
        for k in ["data_type", "nodata"] {
            carry::drop_member(
                ctx,
                &block.key(k),
                Fidelity::Lossy,
                "no model asset or no band names to describe",
            );
        }
        return;
    };
    let dtype = ctx
        .get(&block.key("data_type"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mapped = dtype.as_deref().map(|t| vocab::raster_dtype(t).ok_or(t));
    let nodata = ctx
        .get(&block.key("nodata"))
        .filter(|v| !v.is_null())
        .cloned();
    let raster_type = match mapped {
        Some(Ok((r, f))) => Some((r, f)),
        Some(Err(t)) => {
            ctx.diag(
                Diagnostic::new(
                    DLM_DTYPE_UNKNOWN,
                    Severity::Warning,
                    format!("`{t}` is not a numpy type name DLM allows"),
                )
                .at(ctx.input_of(&block.key("data_type"))),
            );
            None
        }
        None => None,
    };
    if raster_type.is_none() && nodata.is_none() {
        return;
    }
    if ctx.get(&model.key("raster:bands")).is_some() {
        return;
    }
    raster_bands(ctx, model, block, &names, raster_type, nodata);
}

fn raster_bands(
    ctx: &mut Ctx,
    model: &Pointer,
    block: &Pointer,
    names: &[String],
    t: Option<(&str, Fidelity)>,
    nodata: Option<Value>,
) {
    let entries: Vec<Value> = names
        .iter()
        .map(|n| {
            let mut e = json!({"name": n});
            if let Some((t, _)) = t {
                e["data_type"] = json!(t);
            }
            if let Some(v) = &nodata {
                e["nodata"] = v.clone();
            }
            e
        })
        .collect();
    let fidelity = t.map_or(Fidelity::Lossless, |(_, f)| f);
    let why = "the source data type and nodata value of the bands the model reads";
    ctx.add(
        model,
        "raster:bands",
        json!(entries),
        Pos::End,
        fidelity,
        why,
    );
    carry::declare_extension(ctx, "/raster/v1.", RASTER_URI);
    for k in ["data_type", "nodata"] {
        if ctx.get(&block.key(k)).is_some() {
            ctx.remove(
                &block.key(k),
                Fidelity::Lossless,
                "converted into the model asset's `raster:bands`",
            );
        }
    }
}

fn number_of_bands(ctx: &mut Ctx, props: &Pointer, block: &Pointer) {
    let from = block.key("number_of_bands");
    let Some(n) = ctx.get(&from).and_then(Value::as_u64) else {
        return;
    };
    let listed = ctx
        .get(&props.key("eo:bands"))
        .and_then(Value::as_array)
        .map(Vec::len);
    if listed == Some(n as usize) {
        ctx.remove(
            &from,
            Fidelity::Lossless,
            "equals the number of the Item's `eo:bands`, which keeps it",
        );
    } else {
        let listed = listed.map_or_else(|| "no".to_owned(), |l| l.to_string());
        ctx.remove(
            &from,
            Fidelity::Lossy,
            format!("no MLM field; the Item lists {listed} `eo:bands`"),
        );
    }
}

fn item_examples(ctx: &mut Ctx, from: &Pointer) {
    let Some(items) = ctx.get(from).and_then(Value::as_array).cloned() else {
        return;
    };
    let links = Pointer::root().key("links");
    if ctx.get(&links).is_none() {
        ctx.add(
            &Pointer::root(),
            "links",
            json!([]),
            Pos::End,
            Fidelity::Lossless,
            "the converted fields are links",
        );
    }
    let mut done = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(url) = item.member("url").and_then(Value::as_str) else {
            continue;
        };
        let mut link = json!({"rel": "related", "href": url, "type": "application/geo+json"});
        for (k, v) in item
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != "url")
        {
            link[k] = v.clone();
        }
        let why = "an example input Item as a `related` link";
        if ctx.push(&links, link, Fidelity::Lossless, why) {
            done.push(i);
        }
    }
    for i in done.into_iter().rev() {
        ctx.remove(
            &from.index(i),
            Fidelity::Lossless,
            "converted into a `related` link",
        );
    }
}
