//! Build a [`Pipeline`] for every model input of a document, whatever form it is written in.
//!
//! Where inputs live: MLM `mlm:input` in Item `properties` (or at the top level of a bare
//! properties object such as the torch `mlm-metadata.yaml`, or on an asset for ≤ 1.3 items that
//! put it there); DLM `dlm:inputs` (and the Dec-2023 draft `dlm:input`) in `properties`. Which
//! form an MLM input uses is decided per input object: `value_scaling` present ⇒ ≥ 1.4 form;
//! `norm_type`/`statistics`/`norm_by_channel`/`norm_clip` ⇒ ≤ 1.3 form (the
//! fields decide, not the declared URI). Legacy DLM quirks stay in [`dlm`], so the MLM reader
//! never branches on them.

mod dlm;
pub(crate) mod json;
mod mlm;
mod norm_type;
mod scaling;
mod unread;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::dtype::DataType;
use super::error::{CheckError, Side, json_type};
use super::pipeline::Pipeline;
use json::{child, field, field_of, index};

/// The most channels the check names and simulates when no bands are listed (a shape that
/// declares more describes no input a model reads, and would exhaust memory).
pub(super) const MAX_UNNAMED_CHANNELS: usize = 1 << 16;

/// One input of a document: its pipeline, or why it could not be built.
#[derive(Debug)]
pub(crate) struct InputRead {
    pub name: String,
    pub pointer: String,
    pub result: Result<Pipeline, CheckError>,
}

/// Band name → (data type, nodata), from the band catalogues of a document: `raster:bands`
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
        let assets: Vec<&Map<String, Value>> = field(doc, "assets")
            .and_then(Value::as_object)
            .map(|a| a.values().filter_map(Value::as_object).collect())
            .unwrap_or_default();
        let is_model = |a: &&Map<String, Value>| {
            field(a, "roles")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == "mlm:model"))
        };
        let mut holders: Vec<&Map<String, Value>> =
            assets.iter().copied().filter(is_model).collect();
        holders.push(props);
        holders.extend(assets.iter().copied().filter(|a| !is_model(a)));
        for holder in holders {
            for key in ["raster:bands", "bands"] {
                for band in field(holder, key)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    cat.add(band);
                }
            }
        }
        cat.eo_names = field(props, "eo:bands")
            .and_then(Value::as_array)
            .map(|b| {
                b.iter()
                    .filter_map(|x| field_of(x, "name")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        cat
    }

    fn add(&mut self, band: &Value) {
        let Some(name) = field_of(band, "name").and_then(Value::as_str) else {
            return;
        };
        let dtype = field_of(band, "data_type")
            .and_then(Value::as_str)
            .and_then(DataType::parse);
        let nodata = field_of(band, "nodata").and_then(Value::as_f64);
        if dtype.is_some() || nodata.is_some() {
            self.bands.entry(name.to_owned()).or_insert((dtype, nodata));
        }
    }

    /// Declared (data type, nodata) of a band.
    pub(crate) fn lookup(&self, name: &str) -> (Option<DataType>, Option<f64>) {
        self.bands.get(name).copied().unwrap_or((None, None))
    }
}

/// Index of the channel-like axis: by name (`bands`, `channel`, `channels`,
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

fn opt_name(obj: &Map<String, Value>) -> Option<String> {
    field(obj, "name")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Reads every model input of `doc`. Fails only when `doc` is not an object; a broken input
/// becomes an [`InputRead`] holding its error.
pub(crate) fn read_inputs(doc: &Value, side: Side) -> Result<Vec<InputRead>, CheckError> {
    read_inputs_at(doc, side, "")
}

/// [`read_inputs`] of a document that stands at pointer `at` of a larger one (a feature of
/// an ItemCollection, `/features/3`): every pointer read, reported and named in an error
/// starts with `at`.
pub(crate) fn read_inputs_at(
    doc: &Value,
    side: Side,
    at: &str,
) -> Result<Vec<InputRead>, CheckError> {
    let root = doc.as_object().ok_or(CheckError::NotAnObject {
        side,
        found: json_type(doc),
    })?;
    let (props, base) = match field(root, "properties").and_then(Value::as_object) {
        Some(p) => (p, child(at, "properties")),
        None => (root, at.to_owned()),
    };
    let cat = Catalogue::from_doc(root, props);
    if let Some(list) = field(props, "mlm:input") {
        return Ok(mlm_list(list, &child(&base, "mlm:input"), &cat));
    }
    // A stac-model metadata-only file (`$schema` + `properties`, no STAC `type`) writes the MLM
    // fields without their prefix.
    let metadata = field(root, "type").is_none() && root.contains_key("properties");
    if let Some(list) = field(props, "input").filter(|_| metadata) {
        return Ok(mlm_list(list, &child(&base, "input"), &cat));
    }
    for key in ["dlm:inputs", "dlm:input"] {
        if let Some(v) = field(props, key) {
            return Ok(dlm::read(v, &child(&base, key), props, &base, &cat));
        }
    }
    let asset_sets = [
        ("assets", field(root, "assets")),
        ("item_assets", field(root, "item_assets")),
    ];
    for (set, assets) in asset_sets {
        for (name, asset) in assets.and_then(Value::as_object).into_iter().flatten() {
            if let Some(list) = field_of(asset, "mlm:input") {
                let p = child(&child(&child(at, set), name), "mlm:input");
                return Ok(mlm_list(list, &p, &cat));
            }
        }
    }
    Ok(Vec::new())
}

fn mlm_list(list: &Value, pointer: &str, cat: &Catalogue) -> Vec<InputRead> {
    if let Some(obj) = list.as_object() {
        // A tool dialect: one Model Input object where MLM has an array of them.
        let name = opt_name(obj).unwrap_or_else(|| "input 0".to_owned());
        let mut result = mlm::read_input(obj, pointer, &name, cat);
        if let Ok(p) = &mut result {
            p.notes.push(format!(
                "{pointer}: one Model Input object where MLM has an array; read as an array of one"
            ));
        }
        return vec![InputRead {
            name,
            pointer: pointer.to_owned(),
            result,
        }];
    }
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
            let name = field_of(item, "name")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::pipeline::describe_kind;
    use serde_json::json;

    /// (input name, channel names, stage descriptions, notes) of one input.
    type Read = (String, Vec<String>, Vec<String>, String);

    /// [`Read`] of every input, or the error.
    fn read(props: Value) -> Vec<Result<Read, String>> {
        let doc = json!({"type": "Feature", "properties": props, "assets": {
            "m": {"roles": ["mlm:model"], "raster:bands": [{"name": "red", "data_type": "uint8", "nodata": 255}]}
        }});
        read_inputs(&doc, Side::Source)
            .expect("object")
            .into_iter()
            .map(|r| {
                r.result.map_err(|e| e.to_string()).map(|p| {
                    let names = p.channels.iter().map(|c| c.name.clone()).collect();
                    let stages = p.stages.iter().map(|s| describe_kind(&s.kind)).collect();
                    (p.name, names, stages, p.notes.join(" | "))
                })
            })
            .collect()
    }

    #[test]
    fn dlm_spellings_band_selection_and_order() {
        let eo = json!([{"name": "pan"}, {"name": "blue"}, {"name": "green"}, {"name": "red"}]);
        let beta2 = json!({"eo:bands": eo, "dlm:data": {"dtype": "uint16", "useful_bands": [{"index": 3, "name": "red"}, {"index": 2, "name": "green"}]},
            "dlm:inputs": {"name": "x", "input_tensors": {"batch": 1, "channels": 2, "height": 8, "width": 8},
            "scaling_factor": 0.5, "normalization:mean": [1, 2], "normalization:std": [3], "selected_bands": [2, 1]}});
        let (name, names, stages, notes) = read(beta2).remove(0).expect("reads");
        assert_eq!(
            (name.as_str(), names),
            ("x", vec!["red".to_owned(), "green".to_owned()])
        );
        assert_eq!(
            stages,
            ["every channel: x·0.5", "per channel (2): (x − 1)/3, …"]
        );
        assert!(
            notes.contains(
                "indices [3, 2] differ from /properties/dlm:inputs/selected_bands [2, 1]"
            ),
            "{notes}"
        );
        assert!(notes.contains("the single one is broadcast"), "{notes}");
        let beta3 = json!({"eo:bands": eo, "dlm:data": {"data_type": "uint8"}, "dlm:inputs": {"input_tensors": [{"dim": 1}, {"dim": 1}],
            "scaling_factor": 1, "selected_bands": [3], "pre_processing_function": "pkg.mod:fn"}});
        let got = read(beta3);
        let first = got[0].as_ref().expect("reads");
        assert_eq!(
            (first.0.as_str(), &first.1),
            ("data_0", &vec!["red".to_owned()])
        );
        assert_eq!(
            first.2.last().map(String::as_str),
            Some("opaque python `pkg.mod:fn`")
        );
        assert_eq!(got[1].as_ref().map(|p| p.0.as_str()), Ok("data_1"));
        let draft = json!({"dlm:input": {"band_names": ["a", "b"], "mean": [0, 0], "std": [1, 2]}});
        assert_eq!(read(draft).remove(0).expect("reads").1, ["a", "b"]);
    }

    #[test]
    fn dlm_invalid_parameters_are_errors_with_pointers() {
        let table = [
            (
                json!({"normalization:mean": [1, 2], "normalization:std": [1, 0]}),
                "/properties/dlm:inputs/normalization:std/1: std is 0",
            ),
            (
                json!({"normalization:mean": [1, 2, 3], "normalization:std": [1, 2]}),
                "2 std values for 3 channels",
            ),
            (
                json!({"scaling_factor": -1}),
                "/properties/dlm:inputs/scaling_factor: scaling_factor is -1",
            ),
            (
                json!({"input_tensors": {"channels": "3"}}),
                "/properties/dlm:inputs/input_tensors/channels: expected an integer",
            ),
        ];
        for (inputs, expected) in table {
            let got = read(json!({"dlm:inputs": inputs}))
                .remove(0)
                .expect_err("invalid");
            assert!(got.starts_with(expected) || got.contains(expected), "{got}");
        }
    }

    #[test]
    fn mlm_layout_bands_and_form_are_read_per_input() {
        let inputs = json!([
            {"name": "a", "bands": ["red", {"name": "ndvi", "format": "rio-calc", "expression": "(B08 - red) / (B08 + red)"}],
             "input": {"shape": [-1, 2, 4, 4], "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}, "value_scaling": null, "norm_by_channel": true},
            {"name": "b", "bands": [], "input": {"shape": [1, 4, 4, 3], "dim_order": ["batch", "height", "width", "channel"], "data_type": "uint8"},
             "norm_type": "z-score", "statistics": [{"mean": 1, "stddev": 2}]},
            {"name": "c", "input_array": {"shape": [1, 2, 4, 4], "dim_order": "bchw", "dtype": "float32"},
             "pre_processing_function": [{"format": "gdal-calc", "expression": "A / 2"}, {"format": "docker", "expression": "img:1"}]},
        ]);
        let got: Vec<_> = read(json!({"mlm:input": inputs}))
            .into_iter()
            .map(|r| r.expect("reads"))
            .collect();
        assert_eq!(
            got[0].1,
            ["red", "B08"],
            "an unlisted expression variable is an extra raw channel"
        );
        assert_eq!(got[0].2, ["derive 2 channel(s)"]);
        assert!(
            got[0].3.contains("[\"norm_by_channel\"] ignored"),
            "{}",
            got[0].3
        );
        assert_eq!(
            (got[1].1.len(), got[1].2.as_slice()),
            (3, &["every channel: (x − 1)/2".to_owned()][..])
        );
        assert_eq!(got[2].2, ["apply `A / 2`", "opaque docker `img:1`"]);
        let doc = json!({"properties": {"mlm:input": inputs}});
        let reads = read_inputs(&doc, Side::Source).expect("object");
        let layouts: Vec<Option<usize>> = reads
            .iter()
            .map(|r| r.result.as_ref().expect("reads").layout.channel_axis)
            .collect();
        assert_eq!(layouts, [Some(1), Some(3), Some(1)]);
    }

    #[test]
    fn inputs_are_found_where_each_version_put_them() {
        let input = json!({"name": "x", "bands": ["red"], "input": {"shape": [1, 1, 2, 2], "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}});
        let on_asset = json!({"assets": {"w": {"mlm:input": [input]}}});
        let reads = read_inputs(&on_asset, Side::Source).expect("object");
        assert_eq!(reads[0].pointer, "/assets/w/mlm:input/0");
        let fragment = json!({"mlm:input": [input]});
        assert_eq!(
            read_inputs(&fragment, Side::Source).expect("object")[0].pointer,
            "/mlm:input/0"
        );
        let typed = read(json!({"mlm:input": [input]}))
            .remove(0)
            .expect("reads");
        assert_eq!(typed.1, ["red"]);
        let doc = json!({"properties": {"mlm:input": [input]}, "assets": {"m": {"roles": ["mlm:model"], "raster:bands": [{"name": "red", "data_type": "uint8", "nodata": 255}]}}});
        let p = read_inputs(&doc, Side::Source)
            .expect("object")
            .remove(0)
            .result
            .expect("reads");
        assert_eq!(
            (p.channels[0].dtype, p.channels[0].nodata),
            (Some(DataType::UInt8), Some(255.0))
        );
        let err = read_inputs(&json!([1]), Side::Converted).expect_err("not an object");
        assert!(
            err.to_string()
                .starts_with("the converted document is not a JSON object (found an array)")
        );
        assert!(
            read_inputs(&json!({"properties": {}}), Side::Source)
                .expect("object")
                .is_empty()
        );
    }
}
