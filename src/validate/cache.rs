//! Where schemas come from when none are named: the per-user schema cache.
//!
//! Order: `--schemas DIR` / `MLM_MIGRATE_SCHEMAS` (a mirror laid out `<host>/<path>`), else the
//! cache `<platform cache dir>/mlm-migrate/schemas` (`~/.cache/mlm-migrate/schemas` on Linux,
//! `~/Library/Caches/mlm-migrate/schemas` on macOS, `%LOCALAPPDATA%\mlm-migrate\schemas` on
//! Windows), filled by `mlm-migrate schemas fetch`. `MLM_MIGRATE_CACHE` moves the cache (its
//! `schemas/` subdirectory is used), for tests and shared machines. Without either, validation
//! runs the typed checks only and says which schemas it could not use.
//!
//! Why not the schemas rustac's `stac-validate` crate bundles: it ships the STAC 1.1.0 core
//! schemas only (model items are mostly STAC 1.0.0, some 1.0.0-beta.2 or rc.1), fetches every
//! extension schema over async `reqwest`/`tokio`, and pins another major version of
//! `jsonschema`. A cache filled once from the official URLs covers every version we read.

use std::path::{Path, PathBuf};

use super::{SchemaStore, ValidateError};

/// Environment variable that moves the cache directory (`<it>/schemas` holds the schemas).
pub const CACHE_ENV: &str = "MLM_MIGRATE_CACHE";

/// The schema cache directory (it may not exist yet); `None` when the platform has no cache
/// directory and `MLM_MIGRATE_CACHE` is unset.
#[must_use]
pub fn cache_dir() -> Option<PathBuf> {
    let base = match std::env::var_os(CACHE_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::cache_dir()?.join("mlm-migrate"),
    };
    Some(base.join("schemas"))
}

/// The store to validate with: the directory given (`--schemas` / `MLM_MIGRATE_SCHEMAS`), else
/// the user cache when it exists, else none.
///
/// # Errors
/// [`ValidateError::MirrorMissing`] when a directory is given but does not exist (a typo
/// should not silently fall back to the cache).
pub fn default_store(dir: Option<&Path>) -> Result<Option<SchemaStore>, ValidateError> {
    if let Some(dir) = dir {
        return SchemaStore::open(dir).map(Some);
    }
    Ok(cache_dir()
        .filter(|d| d.is_dir())
        .and_then(|d| SchemaStore::open_cache(d).ok()))
}
