//! The documentation of every validation code (`mlm-migrate explain <code>`).

use crate::explain::DiagnosticDoc;

/// Codes of the typed checks and of schema findings.
pub const DIAGNOSTICS: &[DiagnosticDoc] = &[
    DiagnosticDoc {
        code: "wrong-type",
        what: "A field or member has the wrong JSON type for the version the document is read as: `mlm:input` an object instead of an array, `mlm:name` a number, `value_scaling` a string, `norm_by_channel: \"true\"` (a string, not a boolean), or an `assets`/`properties` that is not an object. The message names the JSON pointer, line:column, what was found and the expected form. Types follow the official schemas of each version (https://stac-extensions.github.io/mlm/v1.5.1/schema.json and its predecessors; the ML-Model and DLM schemas).",
        fix: "Write the value in the expected form; `mlm-migrate validate FILE` lists every such finding.",
    },
    DiagnosticDoc {
        code: "missing-field",
        what: "A required field or member is missing: an Item's `mlm:name`, `mlm:architecture`, `mlm:tasks`, `mlm:input` or `mlm:output`; a Model Input Object's `name` or `input`; an `input`'s `shape`, `dim_order` or `data_type`; a value_scaling object's members for its type (`z-score` needs `mean` and `stddev`, `min-max` and `clip` need `minimum` and `maximum`, `offset`/`scale` need `value`, `processing` needs `format` and `expression`); the model asset's `mlm:artifact_type` (MLM 1.4.0+).",
        fix: "Add the member the message names.",
    },
    DiagnosticDoc {
        code: "not-in-enum",
        what: "A value is not one of the values the spec lists: a task name, `resize_type`, `data_type`, `mlm:accelerator`, a value_scaling `type`, a DLM/ML-Model enum. A close spelling is suggested when there is one.",
        fix: "Use one of the listed values.",
    },
    DiagnosticDoc {
        code: "invalid-value",
        what: "A value has the right type but breaks a constraint of the spec: a pattern (`mlm:name`, `mlm:framework_version` must be semantic versions, `dim_order` names are lower-case), a minimum (`shape` entries ≥ -1, `mlm:accelerator_count` ≥ 1), a minimum length or item count, repeated items where they must be distinct, or `mlm:pretrained_source` not null while `mlm:pretrained` is false.",
        fix: "Change the value to satisfy the constraint in the message.",
    },
    DiagnosticDoc {
        code: "string-null",
        what: "The string \"null\" stands where the spec allows the JSON value null (e.g. `mlm:accelerator: \"null\"`, `value_scaling: \"null\"`).",
        fix: "Write null without quotes.",
    },
    DiagnosticDoc {
        code: "unknown-field",
        what: "A prefixed field that the declared version does not define (MLM 1.4.0+ and ML-Model reject unknown `mlm:` / `ml-model:` fields), or a member a closed object does not allow (a named band object has only `name`, `format`, `expression`). The migration removes unknown `mlm:` fields as a lossy change (rule `unknown-mlm-field`).",
        fix: "Check the spelling against the version's field list, or move the information to a field of another extension.",
    },
    DiagnosticDoc {
        code: "misplaced-field",
        what: "A field stands where its version does not allow it: from MLM 1.4.0 `mlm:artifact_type` and `mlm:compile_method` belong on assets (not Item properties), `mlm:name`, `mlm:input`, `mlm:output` and `mlm:hyperparameters` in Item properties (not on assets), `mlm:entrypoint` on a source-code asset; and `mlm:artifact_type` only on the asset with role `mlm:model`.",
        fix: "Move the field to the place the message names (the migration does so for the forms it knows).",
    },
    DiagnosticDoc {
        code: "model-role-missing",
        what: "No asset of the Item has the role `mlm:model` although every asset lists roles (MLM 1.2.0+, `$defs/AssetModelRoleMinimumOneDefinition`).",
        fix: "Add the role `mlm:model` to the asset holding the model file.",
    },
    DiagnosticDoc {
        code: "dimension-mismatch",
        what: "From MLM 1.5.0 an input or output that lists `bands` (`variables`) must name a `bands` (`variables`) dimension in its `dim_order`, and one that lists none must not (`$defs/ModelInputBandsDimensionRef`).",
        fix: "Rename the stacking axis to `bands` (or `variables`), or list the bands.",
    },
    DiagnosticDoc {
        code: "schema-invalid",
        what: "An extension's official JSON schema rejects the document at the pointer shown, for a rule the typed checks do not cover (the message is the validator's, with the schema location).",
        fix: "Read the schema location in the finding; `mlm-migrate validate --format json FILE` shows every detail.",
    },
    DiagnosticDoc {
        code: "stac-collection-link",
        what: "STAC core: an Item with a `collection` field needs a link with `\"rel\": \"collection\"`, and an Item with such a link needs the field.",
        fix: "Add the collection link, or drop the `collection` field.",
    },
    DiagnosticDoc {
        code: "stac-datetime",
        what: "STAC core: `datetime` (and `created`, `updated`, `start_datetime`, `end_datetime`) must be a full RFC 3339 date-time such as `2021-06-01T00:00:00Z`; a date alone is not one. `datetime` may be null only with `start_datetime` and `end_datetime`.",
        fix: "Write the full date-time (e.g. append `T00:00:00Z` to a date).",
    },
    DiagnosticDoc {
        code: "stac-provider-role",
        what: "STAC core: provider roles are `producer`, `licensor`, `processor` or `host`.",
        fix: "Use one of these roles and describe anything else in the provider's `description`.",
    },
    DiagnosticDoc {
        code: "stac-id",
        what: "STAC core: `id` must be a string (`\"11234\"`, not `11234`).",
        fix: "Quote the id.",
    },
    DiagnosticDoc {
        code: "stac-assets",
        what: "STAC core: `assets` must be an object mapping asset keys to Asset objects, each with an `href` (not an array, not an asset without `href`).",
        fix: "Write `assets` as an object keyed by asset name.",
    },
    DiagnosticDoc {
        code: "stac-links",
        what: "STAC core: `links` must be an array of Link objects, each with `href` and `rel`.",
        fix: "Complete or remove the link the pointer names.",
    },
    DiagnosticDoc {
        code: "stac-geometry",
        what: "STAC core: `geometry` must be a GeoJSON geometry (RFC 7946) or null, and `bbox` is required when it is not null.",
        fix: "Fix the geometry (closed rings, numeric positions) or add `bbox`.",
    },
    DiagnosticDoc {
        code: "stac-extensions",
        what: "STAC core: `stac_extensions` must be an array of distinct schema URIs.",
        fix: "Write each extension as its schema URI (short names such as `eo` are pre-1.0 STAC).",
    },
    DiagnosticDoc {
        code: "stac-version",
        what: "STAC core: `stac_version` must name the STAC version the document follows.",
        fix: "Set `stac_version` to the version the document follows, e.g. `1.0.0`.",
    },
    DiagnosticDoc {
        code: "stac-core",
        what: "STAC core: the document breaks another rule of the STAC Item, Collection or Catalog specification; the finding shows the schema location.",
        fix: "Read the schema location in the finding.",
    },
];
