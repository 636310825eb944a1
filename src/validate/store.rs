//! `SchemaStore`: compiled validators over a mirror, cached per schema URI.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use jsonschema::{Draft, Validator};
use serde_json::Value;

use super::mirror::{Mirror, without_fragment};
use super::report::{Outcome, SchemaOutcome, Validation};
use super::schema_error::SchemaError;
use super::targets::declared_schemas;
use super::{SCHEMAS_ENV, ValidateError};

use crate::kernel::pointer::Members;

/// A compiled schema, or why it could not be compiled (kept so it is not retried).
type Compiled = Result<Arc<Validator>, String>;

/// Offline validation against a local URL mirror of the official schemas.
///
/// Each schema URI is compiled once (draft 07, references resolved through the mirror) and the
/// validator is reused; a failed compilation is cached too. The store is `Send + Sync`: share
/// one `&SchemaStore` (or an `Arc`) across rayon workers. Two threads asking for the same
/// uncompiled URI compile it once; the other waits.
#[derive(Debug)]
pub struct SchemaStore {
    mirror: Mirror,
    /// True for the per-user cache filled by `mlm-migrate schemas fetch` (notes say so).
    user_cache: bool,
    cache: Mutex<HashMap<String, Arc<OnceLock<Compiled>>>>,
}

impl SchemaStore {
    /// Opens the mirror at `dir` (laid out `<dir>/<host>/<path>`). Nothing is read yet.
    ///
    /// # Errors
    /// [`ValidateError::MirrorMissing`] when `dir` is not an existing directory.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, ValidateError> {
        Ok(Self {
            mirror: Mirror::open(dir.as_ref())?,
            user_cache: false,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Opens the per-user schema cache at `dir` (see [`super::cache`]); unlike a mirror given
    /// with `--schemas`, notes on missing schemas then suggest `mlm-migrate schemas fetch`.
    ///
    /// # Errors
    /// [`ValidateError::MirrorMissing`] when `dir` is not an existing directory.
    pub fn open_cache(dir: impl AsRef<Path>) -> Result<Self, ValidateError> {
        let mut store = Self::open(dir)?;
        store.user_cache = true;
        Ok(store)
    }

    /// True for the per-user cache ([`SchemaStore::open_cache`]).
    #[must_use]
    pub fn is_user_cache(&self) -> bool {
        self.user_cache
    }

    /// What to append to a note on a schema this store could not provide.
    #[must_use]
    pub fn hint(&self) -> &'static str {
        if self.user_cache {
            "; run `mlm-migrate schemas fetch`"
        } else {
            ""
        }
    }

    /// Opens the mirror named by the environment variable `MLM_MIGRATE_SCHEMAS`.
    ///
    /// Returns `Ok(None)` when the variable is unset or empty.
    ///
    /// # Errors
    /// [`ValidateError::MirrorMissing`] when it names no existing directory.
    pub fn from_env() -> Result<Option<Self>, ValidateError> {
        match std::env::var_os(SCHEMAS_ENV) {
            Some(dir) if !dir.is_empty() => Self::open(dir).map(Some),
            _ => Ok(None),
        }
    }

    /// The mirror directory.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.mirror.dir()
    }

    /// Validates a STAC document against its core schema and every declared extension.
    ///
    /// Core: chosen by `type` (`Feature`, `Collection`, `Catalog`) and `stac_version`. Extensions:
    /// each `stac_extensions` entry, short names mapped as STAC 1.0.0-beta.2 did. A
    /// `FeatureCollection` is validated feature by feature, each outcome's `at` and error paths
    /// starting with `/features/<i>`. Never fails: unusable schemas become `Unavailable`
    /// outcomes, undeclarable ones `unresolved` entries.
    #[must_use]
    pub fn validate(&self, doc: &Value) -> Validation {
        let mut validation = Validation::default();
        self.validate_into(doc, "", &mut validation);
        validation
    }

    /// [`Self::validate`] of a document that stands at pointer `at` of a larger one (feature
    /// `<i>` of an ItemCollection read feature by feature, `at` `/features/<i>`): every outcome's
    /// `at` and error path start with `at`, as validating the whole collection gives them.
    #[must_use]
    pub(crate) fn validate_at(&self, doc: &Value, at: &str) -> Validation {
        let mut validation = Validation::default();
        self.validate_into(doc, at, &mut validation);
        validation
    }

    /// Validates `doc` against the single schema `uri` (e.g. the MLM v1.5.1 URI or a core URI).
    ///
    /// A fragment selects a sub-schema (`...schema.json#/$defs/Model`); a bare trailing `#` is
    /// ignored.
    #[must_use]
    pub fn validate_against(&self, doc: &Value, uri: &str) -> SchemaOutcome {
        self.outcome(doc, uri, "")
    }

    /// Compiles (or fetches from the cache) the validator of `uri`; on failure, the reason the
    /// schema is unusable (not mirrored, unreadable, not JSON, not compilable, e.g. a `$ref` to a
    /// file missing from the mirror), cached as well so it is not retried.
    fn validator(&self, uri: &str) -> Result<Arc<Validator>, String> {
        let key = cache_key(uri);
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(cache.entry(key.to_owned()).or_default())
        };
        cell.get_or_init(|| self.compile(key).map(Arc::new).map_err(|e| e.to_string()))
            .clone()
    }

    fn validate_into(&self, doc: &Value, at: &str, validation: &mut Validation) {
        if let Some(features) = feature_collection(doc) {
            for (index, feature) in features.iter().enumerate() {
                self.validate_into(feature, &format!("{at}/features/{index}"), validation);
            }
            return;
        }
        let (uris, unresolved) = declared_schemas(doc);
        for uri in uris {
            let mut outcome = self.outcome(doc, &uri, at);
            // A DLM schema that compiles still cannot validate an item (both betas declare
            // `stac_extensions` an object): not counted, the typed checks stand in. One that
            // does not compile keeps its own cause (beta2 is not valid JSON).
            if is_dlm(&uri) && !matches!(outcome.outcome, Outcome::Unavailable { .. }) {
                outcome.outcome = Outcome::Unavailable {
                    reason: DLM_SCHEMA_UNUSABLE.to_owned(),
                };
            }
            validation.outcomes.push(outcome);
        }
        validation
            .unresolved
            .extend(unresolved.into_iter().map(|mut problem| {
                problem.instance_path.insert_str(0, at);
                problem
            }));
    }

    fn outcome(&self, doc: &Value, uri: &str, at: &str) -> SchemaOutcome {
        let outcome = match self.validator(uri) {
            Err(reason) if self.user_cache && reason.contains(" is not in the mirror") => {
                let reason = if reason.starts_with(uri) {
                    "not in the cache".to_owned()
                } else {
                    format!("a schema it refers to is not in the cache ({reason})")
                };
                Outcome::Unavailable { reason }
            }
            Err(reason) => Outcome::Unavailable { reason },
            Ok(validator) => {
                let errors: Vec<_> = validator
                    .iter_errors(doc)
                    .map(|error| SchemaError::from_jsonschema(&error, uri, at))
                    .collect();
                if errors.is_empty() {
                    Outcome::Valid
                } else {
                    Outcome::Invalid { errors }
                }
            }
        };
        SchemaOutcome {
            uri: uri.to_owned(),
            at: at.to_owned(),
            outcome,
        }
    }

    fn compile(&self, uri: &str) -> Result<Validator, ValidateError> {
        let document = without_fragment(uri);
        let schema = if document.len() == uri.len() {
            self.mirror.load(uri)?
        } else {
            serde_json::json!({ "$ref": uri })
        };
        jsonschema::options()
            .with_draft(Draft::Draft7)
            .with_retriever(self.mirror.clone())
            .build(&schema)
            .map_err(|error| ValidateError::Compile {
                uri: uri.to_owned(),
                message: error.to_string(),
            })
    }
}

/// The cache key of a schema URI: a bare trailing `#` is dropped.
fn cache_key(uri: &str) -> &str {
    uri.strip_suffix('#').unwrap_or(uri)
}

/// The features of a `FeatureCollection` (an ItemCollection).
fn feature_collection(doc: &Value) -> Option<&Vec<Value>> {
    if doc.member("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return None;
    }
    doc.member("features").and_then(Value::as_array)
}

/// Why a DLM schema is never run.
const DLM_SCHEMA_UNUSABLE: &str = "the official DLM schemas cannot validate any item (both betas declare `stac_extensions` an object and require members the official examples lack): the typed structural checks (mappings/fields/dlm.toml) stand in for them";

/// True for a DLM extension schema URI (`…/extensions/dl-model/json-schema/schema.json`).
fn is_dlm(uri: &str) -> bool {
    matches!(
        crate::kernel::versions::Spec::from_extension_uri(uri),
        Some(crate::kernel::versions::Recognized::Known(s)) if s.family() == crate::kernel::versions::Family::Dlm
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SchemaStore>();
    }

    #[test]
    fn cache_key_drops_a_bare_hash() {
        assert_eq!(cache_key("https://a.org/s.json#"), "https://a.org/s.json");
        assert_eq!(
            cache_key("https://a.org/s.json#/x"),
            "https://a.org/s.json#/x"
        );
    }
}
