//! Build a [`Pipeline`] for every model input of a document, whatever form it is written in.
//!
//! Where inputs live: MLM `mlm:input` in Item `properties` (or at the top level of a bare
//! properties object such as the torch `mlm-metadata.yaml`, or on an asset for ≤ 1.3 items that
//! put it there); DLM `dlm:inputs` (and the Dec-2023 draft `dlm:input`) in `properties`. Which
//! form an MLM input uses is decided per input object: `value_scaling` present ⇒ ≥ 1.4 form;
//! `norm_type`/`statistics`/`norm_by_channel`/`norm_clip` ⇒ ≤ 1.3 form (judgment call A2: the
//! fields decide, not the declared URI). Legacy DLM quirks stay in [`dlm`], so the MLM reader
//! never branches on them.

mod dlm;
pub(crate) mod json;
mod mlm;
mod scaling;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::dtype::DataType;
use super::error::{CheckError, Side, json_type};
use super::pipeline::Pipeline;
use json::{child, index};

/// One input of a document: its pipeline, or why it could not be built.
#[derive(Debug)]
pub(crate) struct InputRead {
    pub name: String,
    pub pointer: String,
    pub result: Result<Pipeline, CheckError>,
}

/// Band name → (data type, nodata), from the band catalogues of a document (§2.2): `raster:bands`
/// and STAC 1.1 `bands` on `mlm:model` assets first, then in `properties`, then other assets.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    bands: HashMap<String, (Option<DataType>, Option<f64>)>,
    /// Item-level `eo:bands` names in order (DLM `selected_bands` indices resolve against it).
    pub eo_names: Vec<String>,
}

impl Catalogue {
    fn from_doc(doc: &Map<String, Value>, props: &Map<String, Value>) -> Self {
        let mut cat = Catalogue::default();
        let assets: Vec<&Map<String, Value>> = doc
            .get("assets")
            .and_then(Value::as_object)
            .map(|a| a.values().filter_map(Value::as_object).collect())
            .unwrap_or_default();
        let is_model = |a: &&Map<String, Value>| {
            a.get("roles")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == "mlm:model"))
        };
        let mut holders: Vec<&Map<String, Value>> =
            assets.iter().copied().filter(is_model).collect();
        holders.push(props);
        holders.extend(assets.iter().copied().filter(|a| !is_model(a)));
        for holder in holders {
            for key in ["raster:bands", "bands"] {
                for band in holder
                    .get(key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    cat.add(band);
                }
            }
        }
        cat.eo_names = props
            .get("eo:bands")
            .and_then(Value::as_array)
            .map(|b| {
                b.iter()
                    .filter_map(|x| x.get("name")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        cat
    }

    fn add(&mut self, band: &Value) {
        let Some(name) = band.get("name").and_then(Value::as_str) else {
            return;
        };
        let dtype = band
            .get("data_type")
            .and_then(Value::as_str)
            .and_then(DataType::parse);
        let nodata = band.get("nodata").and_then(Value::as_f64);
        if dtype.is_some() || nodata.is_some() {
            self.bands.entry(name.to_owned()).or_insert((dtype, nodata));
        }
    }

    /// Declared (data type, nodata) of a band.
    pub(crate) fn lookup(&self, name: &str) -> (Option<DataType>, Option<f64>) {
        self.bands.get(name).copied().unwrap_or((None, None))
    }
}

/// Index of the channel-like axis (judgment call A25): by name (`bands`, `channel`, `channels`,
/// `c`, `band`, `variables`), else index 1 of a rank-4 (NCHW) layout.
pub(crate) fn channel_axis(dim_order: &[String], rank: usize) -> Option<usize> {
    const NAMES: [&str; 7] = [
        "bands",
        "channel",
        "channels",
        "c",
        "band",
        "variables",
        "variable",
    ];
    dim_order
        .iter()
        .position(|d| NAMES.contains(&d.to_ascii_lowercase().as_str()))
        .or((rank == 4).then_some(1))
}

/// Reads every model input of `doc`. Fails only when `doc` is not an object; a broken input
/// becomes an [`InputRead`] holding its error.
pub(crate) fn read_inputs(doc: &Value, side: Side) -> Result<Vec<InputRead>, CheckError> {
    let root = doc.as_object().ok_or(CheckError::NotAnObject {
        side,
        found: json_type(doc),
    })?;
    let (props, base) = match root.get("properties").and_then(Value::as_object) {
        Some(p) => (p, "/properties".to_owned()),
        None => (root, String::new()),
    };
    let cat = Catalogue::from_doc(root, props);
    if let Some(list) = props.get("mlm:input") {
        return Ok(mlm_list(list, &child(&base, "mlm:input"), &cat));
    }
    for key in ["dlm:inputs", "dlm:input"] {
        if let Some(v) = props.get(key) {
            return Ok(dlm::read(v, &child(&base, key), props, &base, &cat));
        }
    }
    let asset_sets = [
        ("assets", root.get("assets")),
        ("item_assets", root.get("item_assets")),
    ];
    for (set, assets) in asset_sets {
        for (name, asset) in assets.and_then(Value::as_object).into_iter().flatten() {
            if let Some(list) = asset.get("mlm:input") {
                let p = child(&child(&child("", set), name), "mlm:input");
                return Ok(mlm_list(list, &p, &cat));
            }
        }
    }
    Ok(Vec::new())
}

fn mlm_list(list: &Value, pointer: &str, cat: &Catalogue) -> Vec<InputRead> {
    let Some(items) = list.as_array() else {
        let error = CheckError::WrongType {
            pointer: pointer.to_owned(),
            expected: "an array of Model Input objects",
            found: json_type(list),
            hint: "mlm:input is an array, one object per model input",
        };
        return vec![InputRead {
            name: "mlm:input".into(),
            pointer: pointer.to_owned(),
            result: Err(error),
        }];
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let p = index(pointer, i);
            let name = item
                .get("name")
                .and_then(Value::as_str)
                .map_or_else(|| format!("input {i}"), str::to_owned);
            let result = match item.as_object() {
                Some(obj) => mlm::read_input(obj, &p, &name, cat),
                None => Err(CheckError::WrongType {
                    pointer: p.clone(),
                    expected: "a Model Input object",
                    found: json_type(item),
                    hint: "each mlm:input entry is an object with name, bands and input",
                }),
            };
            InputRead {
                name,
                pointer: p,
                result,
            }
        })
        .collect()
}
