//! The documentation of every validation code (`mlm-migrate explain <code>`), as kernel
//! [`Code`]s: the typed checks' codes and the schema findings' codes.

use super::typed::numbers;
use crate::kernel::records::Code;

/// `wrong-type`: see [`Code::what`].
pub const WRONG_TYPE: Code = Code::new(
    "wrong-type",
    "A field or member has the wrong JSON type for the version the document is read as: `mlm:input` an object instead of an array, `mlm:name` a number, `value_scaling` a string, `norm_by_channel: \"true\"` (a string, not a boolean), or an `assets`/`properties` that is not an object. The message names the JSON pointer, line:column, what was found and the expected form. Types follow the official schemas of each version (https://stac-extensions.github.io/mlm/v1.5.1/schema.json and its predecessors; the ML-Model and DLM schemas).",
    "Write the value in the expected form; `mlm-migrate validate FILE` lists every such finding.",
);

/// `missing-field`: see [`Code::what`].
pub const MISSING_FIELD: Code = Code::new(
    "missing-field",
    "A required field or member is missing: an Item's `mlm:name`, `mlm:architecture`, `mlm:tasks`, `mlm:input` or `mlm:output`; a Model Input Object's `name` or `input`; an `input`'s `shape`, `dim_order` or `data_type`; a value_scaling object's members for its type (`z-score` needs `mean` and `stddev`, `min-max` and `clip` need `minimum` and `maximum`, `offset`/`scale` need `value`, `processing` needs `format` and `expression`); the model asset's `mlm:artifact_type` (MLM 1.4.0+).",
    "Add the member the message names.",
);

/// `not-in-enum`: see [`Code::what`].
pub const NOT_IN_ENUM: Code = Code::new(
    "not-in-enum",
    "A value is not one of the values the spec lists: a task name, `resize_type`, `data_type`, `mlm:accelerator`, a value_scaling `type`, a DLM/ML-Model enum. A close spelling is suggested when there is one.",
    "Use one of the listed values.",
);

/// `invalid-value`: see [`Code::what`].
pub const INVALID_VALUE: Code = Code::new(
    "invalid-value",
    "A value has the right type but breaks a constraint of the spec: a pattern (`mlm:name`, `mlm:framework_version` must be semantic versions, `dim_order` names are lower-case), a minimum (`shape` entries ≥ -1, `mlm:accelerator_count` ≥ 1), a minimum length or item count, repeated items where they must be distinct, or `mlm:pretrained_source` not null while `mlm:pretrained` is false.",
    "Change the value to satisfy the constraint in the message.",
);

/// `string-null`: see [`Code::what`].
pub const STRING_NULL: Code = Code::new(
    "string-null",
    "The string \"null\" stands where the spec allows the JSON value null (e.g. `mlm:accelerator: \"null\"`, `value_scaling: \"null\"`).",
    "Write null without quotes.",
);

/// `unknown-field`: see [`Code::what`].
pub const UNKNOWN_FIELD: Code = Code::new(
    "unknown-field",
    "A prefixed field that the declared version does not define (MLM 1.4.0+ and ML-Model reject unknown `mlm:` / `ml-model:` fields), or a member a closed object does not allow (a named band object has only `name`, `format`, `expression`). The migration removes unknown `mlm:` fields as a lossy change (rule `unknown-mlm-field`).",
    "Check the spelling against the version's field list, or move the information to a field of another extension.",
);

/// `misplaced-field`: see [`Code::what`].
pub const MISPLACED_FIELD: Code = Code::new(
    "misplaced-field",
    "A field stands where its version does not allow it: from MLM 1.4.0 `mlm:artifact_type` and `mlm:compile_method` belong on assets (not Item properties), `mlm:name`, `mlm:input`, `mlm:output` and `mlm:hyperparameters` in Item properties (not on assets), `mlm:entrypoint` on a source-code asset; and `mlm:artifact_type` only on the asset with role `mlm:model`.",
    "Move the field to the place the message names (the migration does so for the forms it knows).",
);

/// `model-role-missing`: see [`Code::what`].
pub const MODEL_ROLE_MISSING: Code = Code::new(
    "model-role-missing",
    "No asset of the Item has the role `mlm:model` although every asset lists roles (MLM 1.2.0+, `$defs/AssetModelRoleMinimumOneDefinition`).",
    "Add the role `mlm:model` to the asset holding the model file.",
);

/// `dimension-mismatch`: see [`Code::what`].
pub const DIMENSION_MISMATCH: Code = Code::new(
    "dimension-mismatch",
    "From MLM 1.5.0 an input or output that lists `bands` (`variables`) must name a `bands` (`variables`) dimension in its `dim_order`, and one that lists none must not (`$defs/ModelInputBandsDimensionRef`).",
    "Rename the stacking axis to `bands` (or `variables`), or list the bands.",
);

/// `schema-invalid`: see [`Code::what`].
pub const SCHEMA_INVALID: Code = Code::new(
    "schema-invalid",
    "An extension's official JSON schema rejects the document at the pointer shown, for a rule the typed checks do not cover (the message is the validator's, with the schema location).",
    "Read the schema location in the finding; `mlm-migrate validate --format json FILE` shows every detail.",
);

/// `stac-collection-link`: see [`Code::what`].
pub const STAC_COLLECTION_LINK: Code = Code::new(
    "stac-collection-link",
    "STAC core: an Item with a `collection` field needs a link with `\"rel\": \"collection\"`, and an Item with such a link needs the field.",
    "Add the collection link, or drop the `collection` field.",
);

/// `stac-datetime`: see [`Code::what`].
pub const STAC_DATETIME: Code = Code::new(
    "stac-datetime",
    "STAC core: `datetime` (and `created`, `updated`, `start_datetime`, `end_datetime`) must be a full RFC 3339 date-time such as `2021-06-01T00:00:00Z`; a date alone is not one. `datetime` may be null only with `start_datetime` and `end_datetime`.",
    "Write the full date-time (e.g. append `T00:00:00Z` to a date).",
);

/// `stac-provider-role`: see [`Code::what`].
pub const STAC_PROVIDER_ROLE: Code = Code::new(
    "stac-provider-role",
    "STAC core: provider roles are `producer`, `licensor`, `processor` or `host`.",
    "Use one of these roles and describe anything else in the provider's `description`.",
);

/// `stac-id`: see [`Code::what`].
pub const STAC_ID: Code = Code::new(
    "stac-id",
    "STAC core: `id` must be a string (`\"11234\"`, not `11234`).",
    "Quote the id.",
);

/// `stac-assets`: see [`Code::what`].
pub const STAC_ASSETS: Code = Code::new(
    "stac-assets",
    "STAC core: `assets` must be an object mapping asset keys to Asset objects, each with an `href` (not an array, not an asset without `href`).",
    "Write `assets` as an object keyed by asset name.",
);

/// `stac-links`: see [`Code::what`].
pub const STAC_LINKS: Code = Code::new(
    "stac-links",
    "STAC core: `links` must be an array of Link objects, each with `href` and `rel`.",
    "Complete or remove the link the pointer names.",
);

/// `stac-geometry`: see [`Code::what`].
pub const STAC_GEOMETRY: Code = Code::new(
    "stac-geometry",
    "STAC core: `geometry` must be a GeoJSON geometry (RFC 7946) or null, and `bbox` is required when it is not null.",
    "Fix the geometry (closed rings, numeric positions) or add `bbox`.",
);

/// `stac-extensions`: see [`Code::what`].
pub const STAC_EXTENSIONS: Code = Code::new(
    "stac-extensions",
    "STAC core: `stac_extensions` must be an array of distinct schema URIs.",
    "Write each extension as its schema URI (short names such as `eo` are pre-1.0 STAC).",
);

/// `stac-version`: see [`Code::what`].
pub const STAC_VERSION: Code = Code::new(
    "stac-version",
    "STAC core: `stac_version` must name the STAC version the document follows.",
    "Set `stac_version` to the version the document follows, e.g. `1.0.0`.",
);

/// `stac-core`: see [`Code::what`].
pub const STAC_CORE: Code = Code::new(
    "stac-core",
    "STAC core: the document breaks another rule of the STAC Item, Collection or Catalog specification; the finding shows the schema location.",
    "Read the schema location in the finding.",
);

/// `eo-bands-placement`: see [`Code::what`].
pub const EO_BANDS_PLACEMENT: Code = Code::new(
    "eo-bands-placement",
    "The eo v1.1.0 schema accepts `eo:bands` in Item properties only when an asset lists `eo:bands` too (https://stac-extensions.github.io/eo/v1.1.0/schema.json). Older eo versions, and the pre-1.0 short name `eo`, allowed them in properties alone.",
    "Describe the bands on the asset they belong to (for a model, the model asset), or on both.",
);

/// Every validation code.
pub const CODES: &[Code] = &[
    WRONG_TYPE,
    MISSING_FIELD,
    NOT_IN_ENUM,
    INVALID_VALUE,
    STRING_NULL,
    UNKNOWN_FIELD,
    MISPLACED_FIELD,
    MODEL_ROLE_MISSING,
    DIMENSION_MISMATCH,
    numbers::SCALING_DIVIDES_BY_ZERO,
    numbers::NON_FINITE_NUMBER,
    numbers::SHAPE_DIM_ORDER_MISMATCH,
    numbers::ZERO_LENGTH_AXIS,
    SCHEMA_INVALID,
    STAC_COLLECTION_LINK,
    STAC_DATETIME,
    STAC_PROVIDER_ROLE,
    STAC_ID,
    STAC_ASSETS,
    STAC_LINKS,
    STAC_GEOMETRY,
    STAC_EXTENSIONS,
    STAC_VERSION,
    STAC_CORE,
    EO_BANDS_PLACEMENT,
];

/// The code of a STAC-core finding by id (see [`super::meaning::core_code`]).
pub(crate) fn by_id(id: &str) -> Option<Code> {
    CODES.iter().copied().find(|c| c.id == id)
}
