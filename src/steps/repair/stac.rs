//! Repairs of STAC core structure: `id`, `assets`, hrefs and the `collection` link.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `assets-array-unrepairable`: see [`Code::what`].
pub(crate) const ASSETS_ARRAY_UNREPAIRABLE: Code = Code::new(
    "assets-array-unrepairable",
    "`assets` is an array, and some entries are neither an Asset (with `href`) nor a one-key object holding one, so `fix-assets-array` left it as it is.",
    "Write `assets` as an object from asset key to Asset by hand.",
);

/// Integer `id` → string.
pub(crate) const ID_INTEGER: Transform = Transform {
    name: "fix_id_integer",
    forward: id_integer,
    inverse: Inverse::NotYet,
    what: "Writes a numeric `id` of an Item or Collection as a string with the same digits. \
           STAC requires a string `id`; databases and spreadsheets export numeric keys (the \
           official DLM example has `\"id\": 11234`).",
    before: r#"{"id": 11234}"#,
    after: r#"{"id": "11234"}"#,
};

fn id_integer(ctx: &mut Ctx, root: &Pointer) {
    let at = root.key("id");
    if let Some(Value::Number(n)) = ctx.get(&at) {
        let s = n.to_string();
        let msg = format!("`id` is the number {s}; STAC requires a string → \"{s}\"");
        ctx.replace(&at, json!(s), Fidelity::Assumed, msg);
    }
}

/// `type` in another case → the STAC spelling.
pub(crate) const TYPE_CASE: Transform = Transform {
    name: "fix_type_case",
    forward: type_case,
    inverse: Inverse::NotYet,
    what: "Writes the document's `type` in the STAC spelling when it names a STAC object type in \
           another case (`feature`, `COLLECTION`, `featurecollection`): `Feature`, \
           `Collection`, `FeatureCollection`, `Catalog`. GeoJSON and STAC compare the value \
           exactly, so a lower-case `feature` is read as no Item at all.",
    before: r#"{"type": "feature", "properties": {}}"#,
    after: r#"{"type": "Feature", "properties": {}}"#,
};

fn type_case(ctx: &mut Ctx, root: &Pointer) {
    let Some(text) = ctx.member(root, "type").and_then(Value::as_str) else {
        return;
    };
    let Some(fixed) = DocKind::of_type(text).and_then(DocKind::type_value) else {
        return;
    };
    if fixed == text {
        return;
    }
    let msg = format!(
        "`type` \"{text}\" is not a STAC object type as written (the comparison is exact) → \"{fixed}\""
    );
    ctx.replace(&root.key("type"), json!(fixed), Fidelity::Assumed, msg);
}

/// An Item, Collection or Catalog without `links` → `links: []`.
pub(crate) const LINKS_MISSING: Transform = Transform {
    name: "fix_links_missing",
    forward: links_missing,
    inverse: Inverse::NotYet,
    what: "Adds `links: []` to an Item, Collection or Catalog that has no `links` (STAC requires \
           the member; an empty list is valid). Documents written by hand or by scripts that \
           only fill the model metadata leave it out.",
    before: r#"{"type": "Feature", "id": "m", "properties": {}, "assets": {}}"#,
    after: r#"{"type": "Feature", "id": "m", "properties": {}, "assets": {}, "links": []}"#,
};

fn links_missing(ctx: &mut Ctx, root: &Pointer) {
    if !matches!(
        ctx.kind(),
        DocKind::Item | DocKind::Collection | DocKind::Catalog
    ) || ctx.member(root, "links").is_some()
    {
        return;
    }
    let msg = "the document has no `links` (STAC requires the member) → an empty list";
    ctx.add(root, "links", json!([]), Pos::End, Fidelity::Assumed, msg);
}

/// A relative `self` link on a STAC 1.1 Item → removed.
pub(crate) const SELF_LINK_RELATIVE: Transform = Transform {
    name: "fix_self_link_relative",
    forward: self_link_relative,
    inverse: Inverse::NotYet,
    what: "Removes a `self` link with a relative `href` (`./item.json`) from an Item that \
           declares STAC 1.1 or later: the STAC 1.1 Item schema requires an absolute `self` \
           href, and a portable (self-contained) catalog leaves `self` out, as the STAC best \
           practices say. Lossy: the report keeps the link; give the Item an absolute `self` \
           href instead if it is published at a known URL.",
    before: r#"{"stac_version": "1.1.0", "links": [{"rel": "self", "href": "./item.json"}]}"#,
    after: r#"{"stac_version": "1.1.0", "links": []}"#,
};

fn self_link_relative(ctx: &mut Ctx, root: &Pointer) {
    if ctx.kind() != DocKind::Item
        || !ctx
            .member(root, "stac_version")
            .and_then(Value::as_str)
            .is_some_and(stac_1_1_or_later)
    {
        return;
    }
    let links = root.key("links");
    let relative: Vec<(usize, String)> = ctx
        .get(&links)
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .enumerate()
                .filter(|(_, x)| x.member("rel").and_then(Value::as_str) == Some("self"))
                .filter_map(|(i, x)| Some((i, x.member("href")?.as_str()?.to_owned())))
                .filter(|(_, href)| !has_scheme(href))
                .collect()
        })
        .unwrap_or_default();
    // From the last, so the indices of the others stay.
    for (i, href) in relative.into_iter().rev() {
        let msg = format!(
            "the `self` link's href \"{href}\" is relative; STAC 1.1 requires an absolute one (a portable catalog has none) → the link is removed"
        );
        ctx.remove(&links.index(i), Fidelity::Lossy, msg);
    }
}

/// `1.1.0`, `1.1.0-beta.1`, `1.2.0`, … (not `1.0.0`).
fn stac_1_1_or_later(version: &str) -> bool {
    let mut parts = version.split(['.', '-']);
    let (Some(major), Some(minor)) = (parts.next(), parts.next()) else {
        return false;
    };
    match (major.parse::<u32>(), minor.parse::<u32>()) {
        (Ok(1), Ok(minor)) => minor >= 1,
        (Ok(major), Ok(_)) => major > 1,
        _ => false,
    }
}

/// True when `href` starts with a URI scheme (`https:`, `s3:`, `file:`; RFC 3986, section 3.1).
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `field-outside-properties`: see [`Code::what`].
pub(crate) const FIELD_OUTSIDE_PROPERTIES: Code = Code::new(
    "field-outside-properties",
    "An Item field that belongs in `properties` (an MLM field such as `mlm:name`, or a common-metadata field such as `datetime`) is at the Item's top level while `properties` has its own value: `fix-fields-outside-properties` cannot move it without overwriting one of them.",
    "Keep the value you mean in `properties` and remove the other.",
);

/// Fields an Item holds in `properties` that scripts write at its top level: the MLM Item
/// properties (MLM README, "Item Properties and Collection Fields", 1.0.0 to 1.5.1; not the
/// asset fields `mlm:artifact_type`, `mlm:compile_method`, `mlm:entrypoint`) and the STAC
/// common metadata readers look for in `properties` only.
const PROPERTY_FIELDS: [&str; 26] = [
    "mlm:name",
    "mlm:architecture",
    "mlm:tasks",
    "mlm:framework",
    "mlm:framework_version",
    "mlm:memory_size",
    "mlm:total_parameters",
    "mlm:pretrained",
    "mlm:pretrained_source",
    "mlm:batch_size_suggestion",
    "mlm:accelerator",
    "mlm:accelerator_constrained",
    "mlm:accelerator_summary",
    "mlm:accelerator_count",
    "mlm:input",
    "mlm:output",
    "mlm:hyperparameters",
    "datetime",
    "start_datetime",
    "end_datetime",
    "created",
    "updated",
    "title",
    "description",
    "license",
    "providers",
];

/// Item fields written at the top level → moved into `properties`.
pub(crate) const FIELDS_OUTSIDE_PROPERTIES: Transform = Transform {
    name: "fix_fields_outside_properties",
    forward: fields_outside_properties,
    inverse: Inverse::NotYet,
    what: "Moves fields an Item holds in `properties` from the Item's top level into \
           `properties` (at its end): the MLM Item properties (`mlm:name`, `mlm:input`, …; \
           not the asset fields `mlm:artifact_type`, `mlm:compile_method`, `mlm:entrypoint`) \
           and the common-metadata fields `datetime`, `start_datetime`, `end_datetime`, \
           `created`, `updated`, `title`, `description`, `license`, `providers`. At the top \
           level no reader and no schema sees them. A field that `properties` already has is \
           left where it is and reported (`field-outside-properties`); other extensions' \
           fields are left alone (where they belong is theirs to say).",
    before: r#"{"type": "Feature", "mlm:name": "resnet", "properties": {"datetime": null}}"#,
    after: r#"{"type": "Feature", "properties": {"datetime": null, "mlm:name": "resnet"}}"#,
};

fn fields_outside_properties(ctx: &mut Ctx, root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let Some(top) = ctx.object(root) else { return };
    let misplaced: Vec<String> = top
        .keys()
        .filter(|k| PROPERTY_FIELDS.contains(&k.as_str()))
        .cloned()
        .collect();
    if misplaced.is_empty() {
        return;
    }
    let props = root.key("properties");
    match ctx.get(&props) {
        Some(Value::Object(_)) => {}
        // Not an object: the typed checks report it; nothing is moved into it.
        Some(_) => return,
        None => {
            let pos = if ctx.member(root, "geometry").is_some() {
                Pos::After("geometry")
            } else {
                Pos::End
            };
            let msg = "the Item has no `properties` (STAC requires it) → an object for the fields found outside it";
            ctx.add(root, "properties", json!({}), pos, Fidelity::Assumed, msg);
        }
    }
    for key in misplaced {
        if ctx.member(&props, &key).is_some() {
            ctx.diag(
                Diagnostic::new(
                    FIELD_OUTSIDE_PROPERTIES,
                    Severity::Warning,
                    format!("`{key}` is at the Item's top level and in `properties`; the top-level one is ignored by readers"),
                )
                .at(root.key(&key))
                .hint("keep the value you mean in `properties` and remove the other"),
            );
            continue;
        }
        let msg = format!(
            "`{key}` is at the Item's top level, where no reader looks; it is an Item property → moved into `properties`"
        );
        ctx.move_to(
            &root.key(&key),
            &props,
            &key,
            Pos::End,
            Fidelity::Assumed,
            msg,
        );
    }
}

/// `stac_extensions` given as one string → a list of one.
pub(crate) const EXTENSIONS_STRING: Transform = Transform {
    name: "fix_extensions_string",
    forward: extensions_string,
    inverse: Inverse::NotYet,
    what: "Wraps a `stac_extensions` given as one string (one schema URI) into the list STAC \
           requires.",
    before: r#"{"stac_extensions": "https://stac-extensions.github.io/mlm/v1.5.1/schema.json"}"#,
    after: r#"{"stac_extensions": ["https://stac-extensions.github.io/mlm/v1.5.1/schema.json"]}"#,
};

fn extensions_string(ctx: &mut Ctx, root: &Pointer) {
    let Some(one) = ctx
        .member(root, "stac_extensions")
        .filter(|v| v.is_string())
        .cloned()
    else {
        return;
    };
    let at = root.key("stac_extensions");
    let msg =
        format!("`stac_extensions` is one string ({one}); STAC requires a list → a list of one");
    ctx.replace(&at, Value::Array(vec![one]), Fidelity::Assumed, msg);
}

/// An Item without `geometry` → `null`, or the polygon of its `bbox`.
pub(crate) const GEOMETRY_MISSING: Transform = Transform {
    name: "fix_geometry_missing",
    forward: geometry_missing,
    inverse: Inverse::NotYet,
    what: "Adds the `geometry` an Item lacks (STAC requires the member; `null` for an Item with \
           no location, as most model Items are). With a 2D or 3D `bbox` of numbers, the \
           geometry is the bbox's rectangle (a GeoJSON Polygon, counterclockwise); with no \
           `bbox`, `null`. A `bbox` that is not four or six numbers, or that crosses the \
           antimeridian, is left for the schema to report, and nothing is added.",
    before: r#"{"type": "Feature", "id": "m", "properties": {}}"#,
    after: r#"{"type": "Feature", "id": "m", "geometry": null, "properties": {}}"#,
};

fn geometry_missing(ctx: &mut Ctx, root: &Pointer) {
    if ctx.kind() != DocKind::Item || ctx.member(root, "geometry").is_some() {
        return;
    }
    let bbox = ctx.member(root, "bbox").cloned();
    let pos = if bbox.is_some() {
        Pos::Before("bbox")
    } else {
        Pos::Before("properties")
    };
    let (geometry, msg) = match bbox {
        None => (
            Value::Null,
            "the Item has no `geometry` (STAC requires it) → `null`, an Item with no location"
                .to_owned(),
        ),
        Some(b) => match rectangle(&b) {
            Some(polygon) => (
                polygon,
                format!(
                    "the Item has no `geometry` (STAC requires it) → the rectangle of its `bbox` {b}"
                ),
            ),
            None => return,
        },
    };
    ctx.add(root, "geometry", geometry, pos, Fidelity::Assumed, msg);
}

/// The GeoJSON Polygon of a `[west, south, east, north]` bbox (the 2D corners of a
/// six-number one), counterclockwise from the south-west corner.
fn rectangle(bbox: &Value) -> Option<Value> {
    let n: Vec<&serde_json::Number> = bbox
        .as_array()?
        .iter()
        .map(Value::as_number)
        .collect::<Option<_>>()?;
    let (w, s, e, no) = match n.as_slice() {
        [w, s, e, no] | [w, s, _, e, no, _] => (*w, *s, *e, *no),
        _ => return None,
    };
    // A bbox crossing the antimeridian (west > east) is two rectangles (RFC 7946, section 5.2): not
    // guessed.
    if w.as_f64()? > e.as_f64()? {
        return None;
    }
    Some(json!({
        "type": "Polygon",
        "coordinates": [[[w, s], [e, s], [e, no], [w, no], [w, s]]]
    }))
}

/// `assets` array → object map.
pub(crate) const ASSETS_ARRAY: Transform = Transform {
    name: "fix_assets_array",
    forward: assets_array,
    inverse: Inverse::NotYet,
    what: "Turns `assets` written as an array into the STAC object map from asset key to Asset. \
           An entry that is a one-key object whose value is an object (`[{\"model\": {…}}]`, the \
           official DLM examples) gives its key; an entry that is itself an Asset (has `href`) \
           is keyed by its `id` or `name` when that is a single word, else `asset_<index>`. A \
           repeated key gets `-2`, `-3`, …. An array with an entry that is neither is left as it \
           is and reported (`assets-array-unrepairable`).",
    before: r#"{"assets": [{"model_archive": {"href": "m.zip"}}, {"href": "card.md"}]}"#,
    after: r#"{"assets": {"model_archive": {"href": "m.zip"}, "asset_1": {"href": "card.md"}}}"#,
};

fn assets_array(ctx: &mut Ctx, root: &Pointer) {
    let at = root.key("assets");
    let Some(Value::Array(items)) = ctx.get(&at) else {
        return;
    };
    let items = items.clone();
    let Some(entries) = items
        .iter()
        .enumerate()
        .map(|(i, item)| asset_entries(i, item))
        .collect::<Option<Vec<_>>>()
    else {
        ctx.diag(
            Diagnostic::new(
                ASSETS_ARRAY_UNREPAIRABLE,
                Severity::Error,
                "`assets` is an array with entries that are not assets; STAC wants an object from asset key to Asset",
            )
            .at(at)
            .hint("write `assets` as an object by hand: {\"key\": {\"href\": …}}"),
        );
        return;
    };
    let mut map = Map::new();
    for (k, v) in entries.into_iter().flatten() {
        let mut key = k.clone();
        let mut n = 2;
        while map.has_member(&key) {
            key = format!("{k}-{n}");
            n += 1;
        }
        map.insert(key, v);
    }
    let msg = "`assets` is an array; STAC wants an object from asset key to Asset → an object keyed by each entry's key, `id` or `name`";
    ctx.replace(&at, Value::Object(map), Fidelity::Assumed, msg);
}

/// The `(key, asset)` pairs one array entry gives, or `None` when it holds no asset.
fn asset_entries(i: usize, item: &Value) -> Option<Vec<(String, Value)>> {
    let o = item.as_object()?;
    if o.has_member("href") {
        let word = ["id", "name"]
            .iter()
            .filter_map(|k| o.get(*k).and_then(Value::as_str))
            .find(|s| !s.is_empty() && !s.contains(char::is_whitespace));
        let key = word.map_or_else(|| format!("asset_{i}"), str::to_owned);
        return Some(vec![(key, item.clone())]);
    }
    (!o.is_empty() && o.values().all(Value::is_object)).then(|| o.clone().into_iter().collect())
}

/// Characters a URI reference cannot hold literally (RFC 3986, section 2; `%` is left alone so an
/// already encoded href is not encoded twice).
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Hrefs with spaces → percent-encoded.
pub(crate) const HREF_SPACES: Transform = Transform {
    name: "fix_href_spaces",
    forward: href_spaces,
    inverse: Inverse::NotYet,
    what: "Percent-encodes the characters a URI reference cannot hold (space, `\"`, `<`, `>`, \
           `\\`, `^`, `` ` ``, `{`, `|`, `}`, control characters) in asset and link `href`s: a \
           file name with spaces (`my model.pt`) becomes `my%20model.pt`. `%` is kept, so an \
           href that is already encoded is left as it is.",
    before: r#"{"assets": {"model": {"href": "weights/my model.pt"}}}"#,
    after: r#"{"assets": {"model": {"href": "weights/my%20model.pt"}}}"#,
};

fn href_spaces(ctx: &mut Ctx, root: &Pointer) {
    let mut holders = ctx.containers(Scope::Asset);
    let links = root.key("links");
    let n = ctx
        .get(&links)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    holders.extend((0..n).map(|i| links.index(i)));
    for h in holders {
        let Some(href) = ctx.member(&h, "href").and_then(Value::as_str) else {
            continue;
        };
        // Borrowed when nothing needs encoding: most hrefs are copied nowhere.
        let encoded: std::borrow::Cow<'_, str> = utf8_percent_encode(href, NOT_IN_URI).into();
        if encoded != href {
            let msg = format!(
                "`href` \"{href}\" holds characters a URI cannot (spaces, quotes, brackets) → percent-encoded \"{encoded}\""
            );
            let encoded = encoded.into_owned();
            ctx.replace(&h.key("href"), json!(encoded), Fidelity::Assumed, msg);
        }
    }
}

/// `collection` without its `rel: collection` link.
pub(crate) const COLLECTION_LINK: Transform = Transform {
    name: "fix_collection_link",
    forward: collection_link,
    inverse: Inverse::NotYet,
    what: "An Item's `collection` field needs a link with `rel: collection` (STAC 1.0.0 Item \
           schema). When a Collection with that `id` is beside the Item on disk \
           (`collection.json` in the Item's folder or its parent), the link to it is added \
           (assumed). Otherwise the field is removed (lossy: the id names a Collection nobody \
           can reach; the report keeps its value).",
    before: r#"{"collection": "models", "links": []}"#,
    after: r#"{"collection": "models", "links": [{"rel": "collection", "href": "../collection.json", "type": "application/json"}]}"#,
};

fn collection_link(ctx: &mut Ctx, root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let field = root.key("collection");
    let Some(id) = ctx.get(&field).and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let links = root.key("links");
    let linked = ctx.get(&links).and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|x| x.member("rel").and_then(Value::as_str) == Some("collection"))
    });
    if linked {
        return;
    }
    let Some(href) = ctx.surroundings().collection_href(&id).map(str::to_owned) else {
        let msg = format!(
            "`collection` \"{id}\" has no `rel: collection` link, and no Collection with this id is beside the Item → the field is removed"
        );
        ctx.remove(&field, Fidelity::Lossy, msg);
        return;
    };
    let link = json!({"rel": "collection", "href": href, "type": "application/json"});
    let msg = format!(
        "`collection` \"{id}\" has no `rel: collection` link → a link to the Collection beside the Item ({href})"
    );
    if ctx.get(&links).is_some_and(Value::is_array) {
        ctx.push(&links, link, Fidelity::Assumed, msg);
    } else if ctx.get(&links).is_none() {
        ctx.add(
            root,
            "links",
            json!([link]),
            Pos::End,
            Fidelity::Assumed,
            msg,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_schemes() {
        for (v, later) in [
            ("1.0.0", false),
            ("1.1.0", true),
            ("1.1.0-beta.1", true),
            ("1.2.0", true),
            ("0.9.0", false),
            ("x", false),
        ] {
            assert_eq!(stac_1_1_or_later(v), later, "{v}");
        }
        for (href, scheme) in [
            ("./item.json", false),
            ("item.json", false),
            ("../a/b.json", false),
            ("https://example.com/item.json", true),
            ("s3://bucket/item.json", true),
            ("C:\\items\\item.json", false),
            ("/abs/item.json", false),
        ] {
            assert_eq!(has_scheme(href), scheme, "{href}");
        }
    }

    #[test]
    fn a_bbox_gives_its_rectangle_unless_it_crosses_the_antimeridian() {
        let ring = |b: Value| rectangle(&b).map(|p| p["coordinates"][0].to_string());
        assert_eq!(
            ring(json!([7.0, 46.1, 7.25, 46.3])).as_deref(),
            Some("[[7.0,46.1],[7.25,46.1],[7.25,46.3],[7.0,46.3],[7.0,46.1]]")
        );
        assert_eq!(
            ring(json!([7, 46, 0, 8, 47, 100])).as_deref(),
            Some("[[7,46],[8,46],[8,47],[7,47],[7,46]]")
        );
        assert_eq!(ring(json!([170, -10, -170, 10])), None, "antimeridian");
        assert_eq!(ring(json!([1, 2, 3])), None);
        assert_eq!(ring(json!(["1", 2, 3, 4])), None);
    }
}
