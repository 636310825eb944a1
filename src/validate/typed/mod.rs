//! Typed structural checks, written from the specs through the field tables
//! ([`super::fields`]): every `mlm:`, `dlm:` and `ml-model:` field of a document is checked
//! against the version it is read as — type, required-ness, enum, pattern, range, nesting —
//! without any schema file. Each finding names its JSON pointer and the expected form; the
//! caller adds line:column from the text.
//!
//! Where fields are looked for: Item `properties` and assets; Collection `summaries`, assets
//! and `item_assets`; every feature of an ItemCollection (`/features/<i>`); the `properties`
//! of a stac-model metadata file. Cross-field rules of the MLM schemas that the migration
//! relies on live in [`rules`]; the numbers the preprocessing depends on (divisions by zero,
//! non-finite values, `shape` vs `dim_order`, axes of size 0) in [`numbers`].

pub(crate) mod numbers;
mod rules;
mod value;

use serde_json::{Map, Value};

use super::codes;
use super::fields::{Location, Table, table};
use super::finding::Finding;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::scope::DocKind;
use crate::kernel::versions::{Family, Spec};
use value::At;

/// Findings collected by one check.
pub(crate) type Sink = Vec<Finding>;

/// The version each family's fields are read as; `None`: that family is not checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versions {
    /// Version of `mlm:` fields.
    pub mlm: Option<Spec>,
    /// Version of `dlm:` fields.
    pub dlm: Option<Spec>,
    /// Version of `ml-model:` fields.
    pub ml_model: Option<Spec>,
}

impl Versions {
    /// Only `target`'s family, at `target` (how an output is checked).
    #[must_use]
    pub fn only(target: Spec) -> Self {
        let mut v = Self::default();
        v.set(target);
        v
    }

    /// The versions a source document is read as: per family whose fields it has
    /// (`families`), the version it declares for that family (`declared`, in declaration
    /// order), else the version the migration starts from (`start`) when it is of that
    /// family, else the family's first version.
    #[must_use]
    pub fn of_source(families: &[Family], declared: &[Spec], start: Spec) -> Self {
        let mut v = Self::default();
        for &family in families {
            let declared = declared.iter().copied().find(|s| s.family() == family);
            let start = (start.family() == family).then_some(start);
            v.set(declared.or(start).unwrap_or_else(|| Spec::first_of(family)));
        }
        v
    }

    fn set(&mut self, spec: Spec) {
        match spec.family() {
            Family::Mlm => self.mlm = Some(spec),
            Family::Dlm => self.dlm = Some(spec),
            Family::MlModel => self.ml_model = Some(spec),
        }
    }

    fn each(&self) -> impl Iterator<Item = Spec> {
        [self.mlm, self.dlm, self.ml_model].into_iter().flatten()
    }
}

/// Runs the typed checks on `doc` (an Item, Collection, ItemCollection or metadata file).
#[must_use]
pub fn check(doc: &Value, versions: &Versions) -> Vec<Finding> {
    let mut sink = Sink::new();
    check_at(doc, &Pointer::root(), versions, &mut sink);
    sink
}

fn check_at(doc: &Value, at: &Pointer, versions: &Versions, sink: &mut Sink) {
    let Some(root) = doc.as_object() else { return };
    let written = root.member("type").and_then(Value::as_str);
    // A `type` in another case is read as the kind it names (and reported below).
    let kind = written.map(|t| {
        DocKind::of_type(t)
            .and_then(DocKind::type_value)
            .unwrap_or(t)
    });
    if kind != Some("FeatureCollection") {
        numbers::check(doc, at, sink);
    }
    if let (Some(t), Some(k)) = (written, kind)
        && t != k
    {
        sink.push(
            Finding::typed(
                codes::INVALID_VALUE,
                at.key("type"),
                format!(
                    "`type` \"{t}\" names a STAC object in another case: the comparison is exact"
                ),
            )
            .expecting(format!("\"{k}\"")),
        );
    }
    match kind {
        Some("FeatureCollection") => features(root, at, versions, sink),
        Some("Collection") => {
            holder(root, at, "summaries", Location::Summaries, versions, sink);
            assets(root, at, "assets", versions, sink);
            assets(root, at, "item_assets", versions, sink);
        }
        Some("Feature") => {
            holder(root, at, "properties", Location::Properties, versions, sink);
            assets(root, at, "assets", versions, sink);
            for spec in versions.each() {
                rules::item(root, at, spec, sink);
            }
        }
        _ if root.member("properties").is_some_and(Value::is_object) => {
            holder(root, at, "properties", Location::Properties, versions, sink);
        }
        _ => {}
    }
}

/// Checks every feature of an ItemCollection, and that each is a STAC Item: a saved search
/// result or a hand-assembled collection may hold a `null`, a bare geometry or a nested
/// collection where an Item belongs, which the migration passes over and no schema is chosen
/// for (STAC API ItemCollection: `features` is an array of STAC Items, GeoJSON Features).
fn features(root: &Map<String, Value>, at: &Pointer, versions: &Versions, sink: &mut Sink) {
    let pointer = at.key("features");
    let list = match root.get("features") {
        Some(Value::Array(list)) => list,
        Some(other) => {
            sink.push(
                Finding::typed(
                    codes::WRONG_TYPE,
                    pointer,
                    format!("`features` is {}", super::fields::describe(other)),
                )
                .expecting("an array of STAC Items (ItemCollection)"),
            );
            return;
        }
        None => {
            sink.push(
                Finding::typed(
                    codes::MISSING_FIELD,
                    pointer,
                    "an ItemCollection (`\"type\": \"FeatureCollection\"`) has no `features`"
                        .to_owned(),
                )
                .expecting("an array of STAC Items (ItemCollection)"),
            );
            return;
        }
    };
    for (i, feature) in list.iter().enumerate() {
        member(feature, &pointer.index(i), i, versions, sink);
    }
}

/// [`check`] of feature `index` of an ItemCollection, standing at `at` (`/features/<index>`),
/// as the check of the whole collection finds it: for a caller that reads a collection feature
/// by feature and never holds it whole.
#[must_use]
pub(crate) fn check_feature(
    feature: &Value,
    at: &Pointer,
    index: usize,
    versions: &Versions,
) -> Vec<Finding> {
    let mut sink = Sink::new();
    member(feature, at, index, versions, &mut sink);
    sink
}

/// Checks one member of `features`, and that it is a STAC Item.
fn member(feature: &Value, at: &Pointer, i: usize, versions: &Versions, sink: &mut Sink) {
    match feature {
        Value::Object(f) if f.member("type").and_then(Value::as_str) == Some("Feature") => {
            check_at(feature, at, versions, sink);
        }
        Value::Object(f) => sink.push(
            Finding::typed(
                codes::INVALID_VALUE,
                at.key("type"),
                match f.member("type") {
                    Some(t) => format!(
                        "feature {i} has `type` {}, not a STAC Item",
                        super::fields::describe(t)
                    ),
                    None => format!("feature {i} has no `type`: not a STAC Item"),
                },
            )
            .expecting("\"Feature\" (every member of `features` is a STAC Item)"),
        ),
        other => sink.push(
            Finding::typed(
                codes::WRONG_TYPE,
                at.clone(),
                format!("feature {i} is {}", super::fields::describe(other)),
            )
            .expecting("a STAC Item (an object with \"type\": \"Feature\")"),
        ),
    }
}

/// Checks the fields of the object `parent[key]` as standing at `location`.
fn holder(
    parent: &Map<String, Value>,
    at: &Pointer,
    key: &str,
    location: Location,
    versions: &Versions,
    sink: &mut Sink,
) {
    let pointer = at.key(key);
    match parent.get(key) {
        None => {}
        Some(Value::Object(fields)) => {
            for spec in versions.each() {
                check_fields(fields, &pointer, location, spec, sink);
            }
        }
        Some(other) => sink.push(not_an_object(&pointer, key, other)),
    }
}

/// Checks every asset of `parent[key]` (`assets` or `item_assets`).
fn assets(
    parent: &Map<String, Value>,
    at: &Pointer,
    key: &str,
    versions: &Versions,
    sink: &mut Sink,
) {
    let pointer = at.key(key);
    match parent.get(key) {
        None => {}
        Some(Value::Object(all)) => {
            for (name, asset) in all {
                let asset_at = pointer.key(name);
                match asset {
                    Value::Object(fields) => {
                        for spec in versions.each() {
                            check_fields(fields, &asset_at, Location::Asset, spec, sink);
                        }
                    }
                    other => sink.push(not_an_object(&asset_at, &format!("{key}.{name}"), other)),
                }
            }
        }
        Some(other) => sink.push(not_an_object(&pointer, key, other)),
    }
}

fn not_an_object(pointer: &Pointer, label: &str, value: &Value) -> Finding {
    Finding::typed(
        codes::WRONG_TYPE,
        pointer.clone(),
        format!("`{label}` is {}", super::fields::describe(value)),
    )
    .expecting("an object (STAC core)")
}

/// Checks the `spec` fields of one object that stands at `location`.
fn check_fields(
    fields: &Map<String, Value>,
    at: &Pointer,
    location: Location,
    spec: Spec,
    sink: &mut Sink,
) {
    let table = table(spec.family());
    let prefix = spec.family().prefix();
    for (name, value) in fields.iter().filter(|(k, _)| k.starts_with(prefix)) {
        match table.field(spec, name) {
            None if table.is_closed(spec) => {
                sink.push(unknown(name, at.key(name), spec, table, location))
            }
            None => {}
            Some(field) if !field.allowed(spec, location) => {
                sink.push(misplaced(name, at.key(name), spec, table, location));
            }
            Some(field) => {
                let at = At::field(table, spec, at, name);
                if location == Location::Summaries {
                    rules::summary(value, field, &at, sink);
                } else {
                    value::check(value, &field.ty, &field.limits, &at, sink);
                }
            }
        }
    }
    let present = fields.keys().any(|k| k.starts_with(prefix));
    if location == Location::Properties && present {
        for field in table.fields_at(spec, location) {
            if field.required.contains(&location) && !fields.has_member(&field.name) {
                sink.push(
                    Finding::typed(
                        codes::MISSING_FIELD,
                        at.clone(),
                        format!("Item properties need `{}` ({spec})", field.name),
                    )
                    .expecting(format!("\"{}\": {}", field.name, field.ty)),
                );
            }
        }
    }
}

fn unknown(name: &str, pointer: Pointer, spec: Spec, table: &Table, at: Location) -> Finding {
    let known: Vec<&str> = table.fields_at(spec, at).map(|f| f.name.as_str()).collect();
    let close = value::closest(
        name,
        &known.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
    )
    .map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
    Finding::typed(
        codes::UNKNOWN_FIELD,
        pointer,
        format!("`{name}` is not a field of {spec}{close}"),
    )
    .expecting(format!(
        "one of the {} fields of {spec} ({})",
        at.name(),
        known.join(", ")
    ))
}

fn misplaced(name: &str, pointer: Pointer, spec: Spec, table: &Table, at: Location) -> Finding {
    let places: Vec<&str> = [Location::Properties, Location::Asset, Location::Summaries]
        .into_iter()
        .filter(|loc| {
            table
                .field(spec, name)
                .is_some_and(|f| f.allowed(spec, *loc))
        })
        .map(Location::name)
        .collect();
    let place = match at {
        Location::Properties => "Item properties",
        Location::Asset => "an asset",
        Location::Summaries => "Collection summaries",
    };
    Finding::typed(
        codes::MISPLACED_FIELD,
        pointer,
        format!("`{name}` is not allowed in {place} in {spec}"),
    )
    .expecting(format!("`{name}` in {}", places.join(" or ")))
}

#[cfg(test)]
mod tests;
