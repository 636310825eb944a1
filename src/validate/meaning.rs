//! Schema findings in words: each failed keyword of a schema becomes a [`Finding`] with a
//! stable code, and the common failures of the STAC core schemas get one plain line on what
//! the rule means and how to satisfy it.

use super::codes;
use super::finding::{Checker, Finding};
use super::report::{Outcome, SchemaOutcome};
use super::schema_error::SchemaError;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Severity;

/// The STAC-core codes: (code, what the rule means), matched by [`core_code`].
pub const CORE_MEANINGS: &[(&str, &str)] = &[
    (
        "stac-collection-link",
        "an Item with a `collection` field needs a link with `\"rel\": \"collection\"` (and an Item with such a link needs the field): add the link or drop the field",
    ),
    (
        "stac-datetime",
        "`datetime` (and `created`, `updated`, `start_datetime`, `end_datetime`) must be a full RFC 3339 date-time such as `2021-06-01T00:00:00Z`; `datetime` may be null only when `start_datetime` and `end_datetime` are given",
    ),
    (
        "stac-provider-role",
        "provider `roles` may only be `producer`, `licensor`, `processor` or `host`",
    ),
    ("stac-id", "`id` must be a string"),
    (
        "stac-assets",
        "`assets` must be an object that maps each asset key to an Asset object with an `href`",
    ),
    (
        "stac-links",
        "`links` must be an array of Link objects, each with `href` and `rel`",
    ),
    (
        "stac-geometry",
        "`geometry` must be a GeoJSON geometry or null, and `bbox` is required when it is not null",
    ),
    (
        "stac-extensions",
        "`stac_extensions` must be an array of distinct schema URIs",
    ),
    (
        "stac-version",
        "`stac_version` must name the STAC version the document follows, e.g. `1.0.0`",
    ),
    (
        "stac-core",
        "the document breaks a rule of the STAC core specification (see the schema location)",
    ),
];

/// The code of a STAC-core schema error, from where it is and which keyword failed.
#[must_use]
pub fn core_code(error: &SchemaError) -> &'static str {
    let path = error.instance_path.as_str();
    let tokens: Vec<&str> = path.split('/').skip(1).collect();
    let tail = |name: &str| tokens.iter().rposition(|t| *t == name);
    let keyword_mentions = |word: &str| error.keyword_location.contains(word);
    if keyword_mentions("collection") || tokens.last() == Some(&"collection") {
        return "stac-collection-link";
    }
    let dated = ["datetime", "created", "updated"];
    if tokens.iter().any(|t| dated.iter().any(|d| t.ends_with(d)))
        || keyword_mentions("datetime")
        || error.message.contains("\"date-time\"")
    {
        return "stac-datetime";
    }
    if tokens.contains(&"providers") && tokens.contains(&"roles") {
        return "stac-provider-role";
    }
    match tokens.as_slice() {
        ["id"] | [.., "features", _, "id"] => return "stac-id",
        ["stac_version"] => return "stac-version",
        ["stac_extensions", ..] => return "stac-extensions",
        ["geometry", ..] | ["bbox", ..] => return "stac-geometry",
        _ => {}
    }
    if tail("links").is_some() {
        return "stac-links";
    }
    if tail("assets").is_some() || tail("item_assets").is_some() {
        return "stac-assets";
    }
    "stac-core"
}

/// True for the STAC core schemas (`https://schemas.stacspec.org/v…/…-spec/…`).
#[must_use]
pub fn is_core(uri: &str) -> bool {
    uri.contains("schemas.stacspec.org/") && uri.contains("-spec/")
}

/// The findings of one schema outcome (its leaf errors) and, when the schema could not be
/// used, the note saying so.
pub(crate) fn findings(outcome: &SchemaOutcome, hint: &str) -> (Vec<Finding>, Option<String>) {
    match &outcome.outcome {
        Outcome::Valid => (Vec::new(), None),
        Outcome::Unavailable { reason } => (
            Vec::new(),
            Some(format!(
                "not validated against {}: {reason}{hint}",
                outcome.uri
            )),
        ),
        Outcome::Invalid { errors } => {
            let core = is_core(&outcome.uri);
            let mlm = outcome.uri.contains("/mlm/") || outcome.uri.contains("/mlm-extension/");
            let mut summaries = false;
            let leaves = errors.iter().flat_map(SchemaError::leaves).filter(|e| {
                let bug = mlm && is_summary(&e.instance_path);
                summaries |= bug;
                !bug
            });
            let found = leaves.map(|e| finding(e, core)).collect();
            let note = summaries.then(|| format!(
                "{} validates each Collection summary as an object (a bug of every published MLM schema), so array summaries fail it; they were checked by the typed checks instead",
                outcome.uri
            ));
            (found, note)
        }
    }
}

/// True for `/summaries/<field>…` (also of a feature): where the MLM schemas' summary bug
/// lands.
fn is_summary(pointer: &str) -> bool {
    pointer.starts_with("/summaries/")
}

/// Known failures of extension schemas that deserve their own code: (code, URI part, pointer
/// suffix, meaning).
const EXTENSION_MEANINGS: &[(&str, &str, &str, &str)] = &[(
    "eo-bands-placement",
    "/eo/v1.1.0/",
    "/properties/eo:bands",
    "eo v1.1.0 accepts `eo:bands` in Item properties only when an asset lists `eo:bands` too: describe the bands on the asset they belong to (for a model, the model asset)",
)];

fn finding(error: &SchemaError, core: bool) -> Finding {
    let known = EXTENSION_MEANINGS.iter().find(|(_, uri, suffix, _)| {
        error.schema_uri.contains(uri) && error.instance_path.ends_with(suffix)
    });
    let (code, meaning) = if let Some((id, _, _, meaning)) = known {
        (
            codes::by_id(id).unwrap_or(codes::SCHEMA_INVALID),
            Some((*meaning).to_owned()),
        )
    } else if core {
        let id = core_code(error);
        let meaning = CORE_MEANINGS
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, m)| (*m).to_owned());
        (codes::by_id(id).unwrap_or(codes::STAC_CORE), meaning)
    } else {
        (codes::SCHEMA_INVALID, None)
    };
    Finding {
        code,
        severity: Severity::Error,
        pointer: Pointer::parse(&error.instance_path).unwrap_or_default(),
        line: None,
        column: None,
        message: error.message.clone(),
        expected: None,
        meaning,
        schema: Some(format!("{}#{}", error.schema_uri, error.keyword_location)),
        checker: Checker::Schema,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_failures_get_their_codes() {
        let error = |path: &str, location: &str, message: &str| SchemaError {
            instance_path: path.to_owned(),
            schema_uri: "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json"
                .to_owned(),
            keyword_location: location.to_owned(),
            schema_path: String::new(),
            keyword: String::new(),
            message: message.to_owned(),
            causes: Vec::new(),
        };
        let table = [
            (
                error(
                    "/collection",
                    "/definitions/core/allOf/2/else/properties/collection/not",
                    "{} is not allowed for \"x\"",
                ),
                "stac-collection-link",
            ),
            (
                error(
                    "/properties/datetime",
                    "/definitions/datetime/format",
                    "\"2021-06-05\" is not a \"date-time\"",
                ),
                "stac-datetime",
            ),
            (
                error(
                    "/properties/created",
                    "/definitions/created/format",
                    "\"2021-06-05\" is not a \"date-time\"",
                ),
                "stac-datetime",
            ),
            (
                error(
                    "/id",
                    "/definitions/core/properties/id/type",
                    "11234 is not of type \"string\"",
                ),
                "stac-id",
            ),
            (
                error(
                    "/assets",
                    "/definitions/assets/type",
                    "[] is not of type \"object\"",
                ),
                "stac-assets",
            ),
            (
                error(
                    "/links/0",
                    "/definitions/link/required",
                    "\"href\" is a required property",
                ),
                "stac-links",
            ),
            (
                error(
                    "/properties/providers/0/roles/0",
                    "/x/enum",
                    "\"image licensor\" is not one of",
                ),
                "stac-provider-role",
            ),
            (
                error("/bbox", "/x/type", "null is not of type \"array\""),
                "stac-geometry",
            ),
            (
                error(
                    "/properties/gsd",
                    "/x/exclusiveMinimum",
                    "0 is less than or equal to 0",
                ),
                "stac-core",
            ),
        ];
        for (e, code) in table {
            assert_eq!(core_code(&e), code, "{}", e.instance_path);
        }
    }

    #[test]
    fn every_core_meaning_has_a_code() {
        for (id, _) in CORE_MEANINGS {
            assert!(codes::by_id(id).is_some(), "{id}");
        }
        for (id, ..) in EXTENSION_MEANINGS {
            assert!(codes::by_id(id).is_some(), "{id}");
        }
    }
}
