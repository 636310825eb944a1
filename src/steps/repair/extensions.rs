//! `stac_extensions` short names → schema URIs, from the table `mappings/extensions.toml`.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::kernel::edit::Ctx;
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

/// True when an entry of `declared` is `uri` or another release of the same extension
/// (`…/eo/v1.0.0/schema.json` for `…/eo/v1.1.0/schema.json`).
fn already(declared: &[&str], uri: &str) -> bool {
    let family = |u: &str| u.rsplit_once("/v").map(|(dir, _)| dir.to_owned());
    declared
        .iter()
        .any(|d| *d == uri || (family(d).is_some() && family(d) == family(uri)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
