//! `stac_extensions` short names → schema URIs, from the table `mappings/extensions.toml`.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::kernel::versions::Spec;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `extension-short-name-unknown`: see [`Code::what`].
pub(crate) const EXTENSION_SHORT_NAME_UNKNOWN: Code = Code::new(
    "extension-short-name-unknown",
    "An entry of `stac_extensions` is not a schema URI, and `fix-extension-short-names` does not know which extension the short name stands for (its table: `mappings/extensions.toml`).",
    "Replace it by the extension's schema URI (https://stac-extensions.github.io/).",
);

/// One row of `mappings/extensions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ShortName {
    /// The short name as items write it (`eo`).
    pub name: String,
    /// The schema URI it stands for.
    pub uri: Option<String>,
    /// Why the name is removed instead (it names no extension).
    pub remove: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    extension: Vec<ShortName>,
}

/// The short-name table, parsed once (a test proves it parses and each row has exactly one
/// of `uri` and `remove`).
pub(crate) fn table() -> &'static [ShortName] {
    static TABLE: OnceLock<Vec<ShortName>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<Table>(include_str!("../../../mappings/extensions.toml"))
            .map(|t| t.extension)
            .unwrap_or_else(|e| panic!("mappings/extensions.toml: {e}"))
    })
}

/// Short names → URIs.
pub(crate) const SHORT_NAMES: Transform = Transform {
    name: "fix_extension_short_names",
    forward: short_names,
    inverse: Inverse::NotYet,
    what: "Replaces short extension names in `stac_extensions` (`\"eo\"`, `\"scientific\"`, …, as \
           STAC 0.9 and 1.0.0-beta items and hand-written items list them) by the schema URI of \
           the extension release that pairs with STAC 1.0.0, from the table \
           `mappings/extensions.toml` (README, \"Repairs\"). `provider` and `mlm` are removed \
           (providers are core metadata; the MLM identifier is written for the target). A \
           short name whose extension is already declared by URI is removed; a short name the \
           table does not know is reported (`extension-short-name-unknown`). Model identifiers \
           mlm-migrate recognises (`dl-model`) are left to the writer.",
    before: r#"{"stac_extensions": ["dl-model", "eo", "provider"]}"#,
    after: r#"{"stac_extensions": ["dl-model", "https://stac-extensions.github.io/eo/v1.1.0/schema.json"]}"#,
};

fn short_names(ctx: &mut Ctx, root: &Pointer) {
    let list = root.key("stac_extensions");
    let entries: Vec<Value> = ctx
        .get(&list)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let declared: Vec<&str> = entries.iter().filter_map(Value::as_str).collect();
    for i in (0..entries.len()).rev() {
        let Some(name) = entries[i].as_str() else {
            continue;
        };
        if name.contains("://") || Spec::from_extension_uri(name).is_some() {
            continue;
        }
        let at = list.index(i);
        match table().iter().find(|s| s.name == name.trim()) {
            Some(ShortName { uri: Some(uri), .. }) if already(&declared, uri) => {
                let msg = format!("short extension name \"{name}\" repeats an extension declared by URI → removed");
                ctx.remove(&at, Fidelity::Assumed, msg);
            }
            Some(ShortName { uri: Some(uri), .. }) => {
                let msg = format!("short extension name \"{name}\" (STAC identifies extensions by schema URI) → {uri}");
                ctx.replace(&at, json!(uri), Fidelity::Assumed, msg);
            }
            Some(ShortName { remove: Some(why), .. }) => {
                let msg = format!("\"{name}\" in `stac_extensions` is not an extension URI ({why}) → removed");
                ctx.remove(&at, Fidelity::Assumed, msg);
            }
            _ => ctx.diag(
                Diagnostic::new(
                    EXTENSION_SHORT_NAME_UNKNOWN,
                    Severity::Warning,
                    format!("\"{name}\" in `stac_extensions` is not a schema URI, and mlm-migrate does not know which extension it names"),
                )
                .at(at)
                .hint("replace it by the extension's schema URI (https://stac-extensions.github.io/)"),
            ),
        }
    }
}

/// `http://` extension URIs → `https://`.
pub(crate) const URI_SCHEME: Transform = Transform {
    name: "fix_extension_uri_scheme",
    forward: uri_scheme,
    inverse: Inverse::NotYet,
    what: "Replaces `http://` by `https://` in the `stac_extensions` URIs of the STAC extension \
           hosts (`stac-extensions.github.io`, `schemas.stacspec.org`): STAC identifies an \
           extension by its exact schema URI, and the schemas that require another extension \
           (MLM 1.5.1 requires the eo or raster extension for named bands) match the `https` \
           form only. An entry whose `https` form is already declared is removed. Model \
           identifiers mlm-migrate recognises are left to the writer.",
    before: r#"{"stac_extensions": ["http://stac-extensions.github.io/eo/v1.1.0/schema.json"]}"#,
    after: r#"{"stac_extensions": ["https://stac-extensions.github.io/eo/v1.1.0/schema.json"]}"#,
};

/// Hosts whose `http://` schema URIs are repaired to `https://`.
const SCHEMA_HOSTS: &[&str] = &["stac-extensions.github.io/", "schemas.stacspec.org/"];

fn uri_scheme(ctx: &mut Ctx, root: &Pointer) {
    let list = root.key("stac_extensions");
    // Copied only when some entry is an `http://` URI (almost never).
    let Some(entries) = ctx
        .get(&list)
        .and_then(Value::as_array)
        .filter(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .any(|u| u.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("http:")))
        })
        .cloned()
    else {
        return;
    };
    let declared: Vec<&str> = entries.iter().filter_map(Value::as_str).collect();
    for (i, entry) in entries.iter().enumerate().rev() {
        let Some(uri) = entry.as_str() else { continue };
        let Some(rest) = uri
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
            .map(|_| &uri[7..])
        else {
            continue;
        };
        let on_a_schema_host = SCHEMA_HOSTS.iter().any(|h| rest.starts_with(h));
        if !on_a_schema_host || Spec::from_extension_uri(uri).is_some() {
            continue;
        }
        let secure = format!("https://{rest}");
        let at = list.index(i);
        if declared.contains(&secure.as_str()) {
            let msg = format!("\"{uri}\" repeats the extension declared as \"{secure}\" → removed");
            ctx.remove(&at, Fidelity::Assumed, msg);
        } else {
            let msg = format!(
                "extension URI \"{uri}\" uses http (STAC identifies extensions by their exact https schema URI) → {secure}"
            );
            ctx.replace(&at, json!(secure), Fidelity::Assumed, msg);
        }
    }
}

/// Extension fields used without their extension declared.
pub(crate) const UNDECLARED: Transform = Transform {
    name: "fix_extension_undeclared",
    forward: undeclared,
    inverse: Inverse::NotYet,
    what: "Declares the extensions whose fields a document uses without listing them in \
           `stac_extensions` (`eo:bands` on an asset, `proj:epsg` in properties, `sci:doi` on a \
           Collection): the schema URI of the extension release that pairs with STAC 1.0.0, from \
           the table `mappings/extensions.toml`, keyed by the field prefix (`cube:` for \
           datacube). Fields are looked for in the members of the document, its `properties`, \
           `summaries`, and each asset and item asset. MLM 1.5.1 requires the eo or raster \
           extension to be declared when inputs name bands. Model fields (`mlm:`, `dlm:`, \
           `ml-model:`) are left to the writer.",
    before: r#"{"stac_extensions": [], "assets": {"model": {"eo:bands": [{"name": "B04"}]}}}"#,
    after: r#"{"stac_extensions": ["https://stac-extensions.github.io/eo/v1.1.0/schema.json"], "assets": {"model": {"eo:bands": [{"name": "B04"}]}}}"#,
};

/// The short name in `mappings/extensions.toml` of the extension whose fields carry `prefix`
/// (`eo` for `eo:bands`); `None` for model fields and unknown prefixes.
fn extension_of_prefix(prefix: &str) -> Option<&'static str> {
    let name = match prefix {
        "mlm" | "dlm" | "ml-model" => return None,
        "cube" => "datacube",
        "pc" => "pointcloud",
        other => other,
    };
    table()
        .iter()
        .find(|s| s.name == name && s.uri.is_some())
        .and_then(|s| s.uri.as_deref())
}

fn undeclared(ctx: &mut Ctx, root: &Pointer) {
    let Some(doc) = ctx.get(root).and_then(Value::as_object) else {
        return;
    };
    // The objects whose member names are fields: the document, properties, summaries, each
    // asset and item asset.
    let mut holders: Vec<(Pointer, &serde_json::Map<String, Value>)> = vec![(root.clone(), doc)];
    for key in ["properties", "summaries"] {
        holders.extend(
            doc.get(key)
                .and_then(Value::as_object)
                .map(|o| (root.key(key), o)),
        );
    }
    for key in ["assets", "item_assets"] {
        if let Some(assets) = doc.get(key).and_then(Value::as_object) {
            holders.extend(
                assets
                    .iter()
                    .filter_map(|(name, a)| a.as_object().map(|o| (root.key(key).key(name), o))),
            );
        }
    }
    let declared: Vec<&str> = doc
        .get("stac_extensions")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // (uri, pointer of the first field seen), in the order fields are met. Each prefix is
    // judged once (a document repeats the same few prefixes on every asset).
    let mut judged: Vec<&str> = Vec::new();
    let mut missing: Vec<(&'static str, String)> = Vec::new();
    for (at, holder) in holders {
        for key in holder.keys() {
            let Some((prefix, _)) = key.split_once(':') else {
                continue;
            };
            if judged.contains(&prefix) {
                continue;
            }
            judged.push(prefix);
            let Some(uri) = extension_of_prefix(prefix) else {
                continue;
            };
            if !already(&declared, uri) && !missing.iter().any(|(u, _)| *u == uri) {
                missing.push((uri, at.key(key).as_str().to_owned()));
            }
        }
    }
    if missing.is_empty() {
        return;
    }
    let list = root.key("stac_extensions");
    for (uri, field) in missing {
        let msg = format!(
            "`{field}` is a field of an extension `stac_extensions` does not declare → {uri} added"
        );
        if ctx.get(&list).is_some_and(Value::is_array) {
            ctx.push(&list, json!(uri), Fidelity::Assumed, msg);
        } else if ctx.get(&list).is_none() {
            let pos = if ctx.get(&root.key("stac_version")).is_some() {
                Pos::After("stac_version")
            } else {
                Pos::End
            };
            ctx.add(
                root,
                "stac_extensions",
                json!([uri]),
                pos,
                Fidelity::Assumed,
                msg,
            );
        }
    }
}

/// True when an entry of `declared` is `uri` or another release of the same extension
/// (`…/eo/v1.0.0/schema.json` for `…/eo/v1.1.0/schema.json`).
fn already(declared: &[&str], uri: &str) -> bool {
    let wanted = extension_family(uri);
    declared
        .iter()
        .any(|d| *d == uri || (wanted.is_some() && extension_family(d) == wanted))
}

/// A schema URI without its version (`…/eo` of `…/eo/v1.1.0/schema.json`).
fn extension_family(uri: &str) -> Option<&str> {
    uri.rsplit_once("/v").map(|(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_prefixes_name_their_extension() {
        let uri = |p| extension_of_prefix(p).map(|u| u.split('/').nth(3).unwrap_or(u));
        assert_eq!(uri("eo"), Some("eo"));
        assert_eq!(uri("proj"), Some("projection"));
        assert_eq!(uri("cube"), Some("datacube"));
        assert_eq!(uri("mlm"), None, "model fields are the writer's");
        assert_eq!(uri("ml-model"), None);
        assert_eq!(uri("landcover"), None);
    }

    #[test]
    fn table_rows_have_one_target_and_unique_names() {
        let t = table();
        assert!(t.len() > 10);
        let mut names: Vec<&str> = t.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), t.len(), "duplicate short names");
        for s in t {
            assert!(s.uri.is_some() != s.remove.is_some(), "{}", s.name);
            if let Some(uri) = &s.uri {
                assert!(
                    uri.starts_with("https://") && uri.ends_with("/schema.json"),
                    "{uri}"
                );
            }
            assert!(
                Spec::from_extension_uri(&s.name).is_none(),
                "{} is a model identifier the writer replaces",
                s.name
            );
        }
    }
}
