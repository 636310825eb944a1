//! Repairs of MLM values that form tools and hand editing get wrong: the string `"null"` for
//! `null`, empty trailing entries of `shape` / `dim_order`, numbers and booleans written as
//! strings.

use serde_json::{Map, Value};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer, member};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// Fields whose value may be `null` in some MLM version (read from the MLM schemas 1.0.0 to
/// 1.5.2), per container, plus STAC's `datetime`.
const NULLABLE: [(Scope, &[&str]); 4] = [
    (
        Scope::Properties,
        &["mlm:accelerator", "mlm:pretrained_source", "datetime"],
    ),
    (Scope::Asset, &["mlm:accelerator", "mlm:pretrained_source"]),
    (
        Scope::Input,
        &[
            "norm_type",
            "resize_type",
            "value_scaling",
            "pre_processing_function",
        ],
    ),
    (Scope::Output, &["post_processing_function"]),
];

/// `"null"` → `null`.
pub(crate) const NULL_STRING: Transform = Transform {
    name: "fix_null_string",
    forward: null_string,
    inverse: Inverse::NotYet,
    what: "Writes `null` where a field that allows `null` holds the string `\"null\"` (any case) \
           or `\"None\"` (Python's `str(None)`): `mlm:accelerator`, `mlm:pretrained_source` and \
           `datetime` in properties (and the first two on assets), `norm_type`, `resize_type`, \
           `value_scaling` and `pre_processing_function` of Model Inputs, \
           `post_processing_function` of Model Outputs. Each is an enum, an object or a \
           date-time, so the string is never a real value.",
    before: r#"{"mlm:accelerator": "null", "mlm:input": [{"resize_type": "None"}]}"#,
    after: r#"{"mlm:accelerator": null, "mlm:input": [{"resize_type": null}]}"#,
};

fn null_string(ctx: &mut Ctx, _root: &Pointer) {
    for (scope, fields) in NULLABLE {
        if scope == Scope::Properties && ctx.kind() == DocKind::Collection {
            continue;
        }
        for holder in ctx.shared_containers(scope).iter() {
            // The holder is found once; only the fields to repair are copied out.
            let Some(obj) = ctx.object(holder) else {
                continue;
            };
            let found: Vec<(&str, String)> = fields
                .iter()
                .filter_map(|f| {
                    let s = member(obj, f)?.as_str()?;
                    (s.eq_ignore_ascii_case("null") || s == "None").then(|| (*f, s.to_owned()))
                })
                .collect();
            for (f, s) in found {
                let msg = format!("`{f}` is the string \"{s}\", not `null` → null");
                ctx.replace(&holder.key(f), Value::Null, Fidelity::Assumed, msg);
            }
        }
    }
}

/// Empty trailing entries of `shape` / `dim_order`.
pub(crate) const TRAILING_EMPTY_DIMS: Transform = Transform {
    name: "fix_trailing_empty_dims",
    forward: trailing_empty_dims,
    inverse: Inverse::NotYet,
    what: "Removes empty entries (`\"\"` or `null`) at the end of `shape` and `dim_order` in a \
           Model Input's `input` and a Model Output's `result`: form tools that offer a fixed \
           number of dimension boxes leave the unused ones blank. Empty entries before a \
           filled one are left for a person to judge.",
    before: r#"{"input": {"shape": [-1, 3, 224, 224, null], "dim_order": ["batch", "channel", "height", "width", ""]}}"#,
    after: r#"{"input": {"shape": [-1, 3, 224, 224], "dim_order": ["batch", "channel", "height", "width"]}}"#,
};

fn trailing_empty_dims(ctx: &mut Ctx, _root: &Pointer) {
    let objects = [(Scope::Input, "input"), (Scope::Output, "result")];
    for (scope, structure) in objects {
        for holder in ctx.shared_containers(scope).iter() {
            // Decided on a borrow; the pointer is built only for a list to trim.
            let Some(s) = ctx.member(holder, structure) else {
                continue;
            };
            let found: Vec<(&str, Value, String)> = ["shape", "dim_order"]
                .into_iter()
                .filter_map(|list| {
                    let (kept, msg) = trimmed(s.get(list)?, list)?;
                    Some((list, kept, msg))
                })
                .collect();
            for (list, kept, msg) in found {
                let at = holder.key(structure).key(list);
                ctx.replace(&at, kept, Fidelity::Assumed, msg);
            }
        }
    }
}

/// The list `name` without its empty trailing entries, and why; `None` when nothing is cut.
fn trimmed(list: &Value, name: &str) -> Option<(Value, String)> {
    let items = list.as_array()?;
    let empty = |v: &Value| v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty());
    // All empty: nothing anchors the list, so a person has to say what it is.
    let last = items.iter().rposition(|v| !empty(v))?;
    if last + 1 == items.len() {
        return None;
    }
    let tail: Vec<String> = items[last + 1..].iter().map(ToString::to_string).collect();
    let kept = Value::Array(items[..=last].to_vec());
    let msg = format!(
        "`{name}` ends in empty entries ({}) → removed",
        tail.join(", ")
    );
    Some((kept, msg))
}

/// Sizes written as strings in `shape` → integers.
pub(crate) const SHAPE_STRINGS: Transform = Transform {
    name: "fix_shape_strings",
    forward: shape_strings,
    inverse: Inverse::NotYet,
    what: "Writes the entries of `shape` (a Model Input's `input`, a Model Output's `result`) \
           that are strings of an integer (`\"224\"`, `\"-1\"`, as YAML and CSV exports quote \
           them) as JSON integers with the same digits. Other strings are left for the typed \
           checks to report.",
    before: r#"{"input": {"shape": ["-1", "3", "224", "224"]}}"#,
    after: r#"{"input": {"shape": [-1, 3, 224, 224]}}"#,
};

fn shape_strings(ctx: &mut Ctx, _root: &Pointer) {
    let objects = [(Scope::Input, "input"), (Scope::Output, "result")];
    for (scope, structure) in objects {
        for holder in ctx.shared_containers(scope).iter() {
            let Some(shape) = ctx
                .member(holder, structure)
                .and_then(|s| s.get("shape"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            if !shape.iter().any(Value::is_string) {
                continue;
            }
            let found: Vec<(usize, String, serde_json::Number)> = shape
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let text = v.as_str()?;
                    let n = integer_text(text)?;
                    Some((i, text.to_owned(), n))
                })
                .collect();
            for (i, text, n) in found {
                let at = holder.key(structure).key("shape").index(i);
                let msg = format!("`shape` size \"{text}\" is a string → {n}");
                ctx.replace(&at, Value::Number(n), Fidelity::Assumed, msg);
            }
        }
    }
}

/// The JSON integer `text` spells (an optional `-`, then digits without a leading zero),
/// its number text kept.
fn integer_text(text: &str) -> Option<serde_json::Number> {
    let t = text.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !plain {
        return None;
    }
    serde_json::from_str::<serde_json::Number>(t).ok()
}

/// The JSON type a field holds, for [`SCALAR_STRINGS`].
#[derive(Clone, Copy)]
enum Scalar {
    Integer,
    Number,
    Boolean,
}

impl Scalar {
    /// `an integer`, for messages.
    fn name(self) -> &'static str {
        match self {
            Scalar::Integer => "an integer",
            Scalar::Number => "a number",
            Scalar::Boolean => "a boolean",
        }
    }
}

/// Fields of a number or boolean type (MLM 1.5.1 schema), by where they stand: Item
/// properties, assets, the `value_scaling` objects of a Model Input, the
/// `classification:classes` of a Model Output. (STAC's `bbox` is handled on its own.)
const PROPERTY_SCALARS: &[(&str, Scalar)] = &[
    ("mlm:total_parameters", Scalar::Integer),
    ("mlm:memory_size", Scalar::Integer),
    ("mlm:batch_size_suggestion", Scalar::Integer),
    ("mlm:accelerator_count", Scalar::Integer),
    ("mlm:pretrained", Scalar::Boolean),
    ("mlm:accelerator_constrained", Scalar::Boolean),
];
const ASSET_SCALARS: &[(&str, Scalar)] = &[
    ("mlm:accelerator_count", Scalar::Integer),
    ("mlm:accelerator_constrained", Scalar::Boolean),
];
const SCALING_SCALARS: &[(&str, Scalar)] = &[
    ("minimum", Scalar::Number),
    ("maximum", Scalar::Number),
    ("mean", Scalar::Number),
    ("stddev", Scalar::Number),
    ("value", Scalar::Number),
];
const CLASS_SCALARS: &[(&str, Scalar)] = &[("value", Scalar::Integer)];

/// Fields by name and the type they hold.
type Fields = &'static [(&'static str, Scalar)];

/// A container's own fields, and a list of its whose objects hold fields.
type Holds = (Scope, Fields, Option<(&'static str, Fields)>);

/// Numbers and booleans written as strings → JSON numbers and booleans.
pub(crate) const SCALAR_STRINGS: Transform = Transform {
    name: "fix_scalar_strings",
    forward: scalar_strings,
    inverse: Inverse::NotYet,
    what: "Writes a number or boolean that a form tool, a CSV export or YAML quoting left as a \
           string as its JSON value: `mlm:total_parameters`, `mlm:memory_size`, \
           `mlm:batch_size_suggestion`, `mlm:accelerator_count` (integers), `mlm:pretrained`, \
           `mlm:accelerator_constrained` (`\"true\"`/`\"False\"`, any case), the numbers of \
           `value_scaling`, the `value` of `classification:classes`, and the Item's `bbox`. The \
           number text is kept as written; strings that are not exactly a JSON number \
           (`\"11M\"`, `\"1,024\"`) are left for the typed checks to report.",
    before: r#"{"properties": {"mlm:total_parameters": "11689512", "mlm:pretrained": "True"}}"#,
    after: r#"{"properties": {"mlm:total_parameters": 11689512, "mlm:pretrained": true}}"#,
};

fn scalar_strings(ctx: &mut Ctx, root: &Pointer) {
    let mut found: Vec<Found> = Vec::new();
    let scopes: [Holds; 4] = [
        (Scope::Properties, PROPERTY_SCALARS, None),
        (Scope::Asset, ASSET_SCALARS, None),
        (Scope::Input, &[], Some(("value_scaling", SCALING_SCALARS))),
        (
            Scope::Output,
            &[],
            Some(("classification:classes", CLASS_SCALARS)),
        ),
    ];
    for (scope, fields, list) in scopes {
        for holder in ctx.shared_containers(scope).iter() {
            // The holder is resolved once.
            let Some(obj) = ctx.object(holder) else {
                continue;
            };
            strings_of(obj, fields, || holder.clone(), &mut found);
            let Some((list, fields)) = list else { continue };
            let Some(items) = member(obj, list).and_then(Value::as_array) else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                if let Some(item) = item.as_object() {
                    strings_of(item, fields, || holder.key(list).index(i), &mut found);
                }
            }
        }
    }
    if ctx.kind() == DocKind::Item
        && let Some(bbox) = ctx.member(root, "bbox").and_then(Value::as_array)
    {
        for (i, v) in bbox.iter().enumerate() {
            if let Some(text) = v.as_str()
                && let Some(value) = parse_scalar(text, Scalar::Number)
            {
                let at = root.key("bbox").index(i);
                found.push((at, "bbox", text.to_owned(), Scalar::Number, value));
            }
        }
    }
    for (at, field, text, scalar, value) in found {
        let msg = format!(
            "`{field}` is the string \"{text}\" where {} belongs → {value}",
            scalar.name()
        );
        ctx.replace(&at, value, Fidelity::Assumed, msg);
    }
}

/// A string to replace: where, the field's name, its text, the type it spells, the value.
type Found = (Pointer, &'static str, String, Scalar, Value);

/// Records the members of `holder` named in `fields` that are strings spelling their type.
/// One pass over the members; names are compared only for strings (most values are right).
fn strings_of(
    holder: &Map<String, Value>,
    fields: &[(&'static str, Scalar)],
    at: impl Fn() -> Pointer,
    found: &mut Vec<Found>,
) {
    if fields.is_empty() {
        return;
    }
    for (key, value) in holder {
        let Value::String(text) = value else { continue };
        let Some((field, scalar)) = fields.iter().find(|(f, _)| *f == key.as_str()) else {
            continue;
        };
        if let Some(value) = parse_scalar(text, *scalar) {
            found.push((at().key(field), field, text.clone(), *scalar, value));
        }
    }
}

/// The JSON value `text` spells as `scalar`: an integer, any JSON number (its text kept), or
/// `true`/`false` in any case.
fn parse_scalar(text: &str, scalar: Scalar) -> Option<Value> {
    let t = text.trim();
    match scalar {
        Scalar::Integer => integer_text(t).map(Value::Number),
        Scalar::Number => serde_json::from_str::<serde_json::Number>(t)
            .ok()
            .filter(|_| !t.starts_with('+'))
            .map(Value::Number),
        Scalar::Boolean => {
            if t.eq_ignore_ascii_case("true") {
                Some(Value::Bool(true))
            } else if t.eq_ignore_ascii_case("false") {
                Some(Value::Bool(false))
            } else {
                None
            }
        }
    }
}

/// Lists written as one comma-separated string → lists.
pub(crate) const COMMA_LISTS: Transform = Transform {
    name: "fix_comma_lists",
    forward: comma_lists,
    inverse: Inverse::NotYet,
    what: "Splits a `dim_order` (of a Model Input's `input` or a Model Output's `result`) or a \
           `bands` list (of a Model Input or Output) written as one string of names separated \
           by commas (`\"batch,channel,height,width\"`, `\"B04, B03, B02\"`, as spreadsheets and \
           forms export lists) into the list of names, each trimmed. A `bands` string without \
           a comma is one band name: a list of one.",
    before: r#"{"input": {"dim_order": "batch,channel,height,width"}}"#,
    after: r#"{"input": {"dim_order": ["batch", "channel", "height", "width"]}}"#,
};

fn comma_lists(ctx: &mut Ctx, _root: &Pointer) {
    let mut found: Vec<(Pointer, &'static str, String, Vec<String>)> = Vec::new();
    let objects = [(Scope::Input, "input"), (Scope::Output, "result")];
    for (scope, structure) in objects {
        for holder in ctx.shared_containers(scope).iter() {
            let Some(obj) = ctx.object(holder) else {
                continue;
            };
            if let Some(text) = obj
                .get(structure)
                .and_then(|s| s.get("dim_order"))
                .and_then(Value::as_str)
                .filter(|t| t.contains(','))
            {
                let at = holder.key(structure).key("dim_order");
                found.push((at, "dim_order", text.to_owned(), split_names(text)));
            }
            if let Some(text) = member(obj, "bands").and_then(Value::as_str) {
                let at = holder.key("bands");
                found.push((at, "bands", text.to_owned(), split_names(text)));
            }
        }
    }
    for (at, field, text, names) in found {
        if names.is_empty() {
            continue;
        }
        let list = Value::Array(names.into_iter().map(Value::String).collect());
        let msg =
            format!("`{field}` is the string \"{text}\" where a list of names belongs → {list}");
        ctx.replace(&at, list, Fidelity::Assumed, msg);
    }
}

/// `"B04, B03,B02"` → `["B04", "B03", "B02"]` (empty pieces dropped).
fn split_names(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// CSS colours in `color_hint` → six hex digits.
pub(crate) const COLOR_HINT: Transform = Transform {
    name: "fix_color_hint",
    forward: color_hint,
    inverse: Inverse::NotYet,
    what: "Writes a class's `color_hint` given as a CSS colour (`#1f77b4`, `#F00`, or three \
           hex digits without `#`) as the six hex digits the classification extension asks \
           for (`1f77b4`, `FF0000`). Classes are looked for in a Model Output's \
           `classification:classes`, in properties and on assets, and in the `bands` / \
           `raster:bands` of assets. Other spellings (`red`, `rgb(…)`) are left for the schema \
           to report.",
    before: r##"{"classification:classes": [{"value": 1, "name": "water", "color_hint": "#1f77b4"}]}"##,
    after: r##"{"classification:classes": [{"value": 1, "name": "water", "color_hint": "1f77b4"}]}"##,
};

const CLASSES: &str = "classification:classes";

fn color_hint(ctx: &mut Ctx, _root: &Pointer) {
    let mut found: Vec<(Pointer, String, String)> = Vec::new();
    for scope in [Scope::Output, Scope::Properties, Scope::Asset] {
        for holder in ctx.shared_containers(scope).iter() {
            let Some(obj) = ctx.object(holder) else {
                continue;
            };
            hints_of(obj, || holder.clone(), &mut found);
            if scope != Scope::Asset {
                continue;
            }
            for bands in ["bands", "raster:bands"] {
                let Some(list) = member(obj, bands).and_then(Value::as_array) else {
                    continue;
                };
                for (i, band) in list.iter().enumerate() {
                    if let Some(band) = band.as_object() {
                        hints_of(band, || holder.key(bands).index(i), &mut found);
                    }
                }
            }
        }
    }
    for (at, text, hex) in found {
        let msg = format!(
            "`color_hint` \"{text}\" is a CSS colour; the classification extension wants six hex digits → \"{hex}\""
        );
        ctx.replace(&at, Value::String(hex), Fidelity::Assumed, msg);
    }
}

/// The `color_hint`s to rewrite among the classes of `holder` (at `at()`).
fn hints_of(
    holder: &Map<String, Value>,
    at: impl Fn() -> Pointer,
    found: &mut Vec<(Pointer, String, String)>,
) {
    let Some(classes) = member(holder, CLASSES).and_then(Value::as_array) else {
        return;
    };
    for (i, class) in classes.iter().enumerate() {
        let Some(text) = class.member("color_hint").and_then(Value::as_str) else {
            continue;
        };
        if let Some(hex) = six_hex(text) {
            found.push((
                at().key(CLASSES).index(i).key("color_hint"),
                text.to_owned(),
                hex,
            ));
        }
    }
}

/// `#1f77b4` → `1f77b4`, `#F00` / `F00` → `FF0000`; `None` when `text` is already six hex
/// digits or is no such colour.
fn six_hex(text: &str) -> Option<String> {
    let t = text.trim();
    let bare = t.strip_prefix('#').unwrap_or(t);
    if !bare.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match bare.len() {
        6 if bare != text => Some(bare.to_owned()),
        3 => Some(bare.chars().flat_map(|c| [c, c]).collect()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_hints() {
        for (text, hex) in [
            ("#1f77b4", Some("1f77b4")),
            ("#F00", Some("FF0000")),
            ("f00", Some("ff0000")),
            ("1f77b4", None),
            (" 1f77b4", Some("1f77b4")),
            ("red", None),
            ("#12345", None),
        ] {
            assert_eq!(six_hex(text).as_deref(), hex, "{text}");
        }
    }
}
