//! `mlm-migrate schemas fetch`: download the official schemas into the cache (or a mirror
//! directory), laid out `<host>/<path>` like `--schemas` mirrors, following every `$ref`.
//!
//! What is fetched: the schema of every version mlm-migrate reads or writes (both MLM hosts,
//! the published `stac-extensions.github.io/mlm` variants of 1.0.0–1.3.0 included), the STAC
//! core Item, Collection and Catalog schemas of the STAC versions model items use, the
//! extensions those `$ref`, plus any URL given and the extensions declared by `--from` items.
//! A `--base-url` fetches `https://host/path` from `<base-url>/host/path` instead (a mirror
//! served over HTTP, or a test server).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::mirror::{mirror_path, without_fragment};
use super::targets::declared_schemas;
use crate::kernel::pointer::Members;
use crate::kernel::versions::{Family, Spec};

/// STAC versions whose core schemas are fetched.
const STAC_VERSIONS: [&str; 4] = ["1.0.0-beta.2", "1.0.0-rc.1", "1.0.0", "1.1.0"];

/// What `schemas fetch` did.
///
/// JSON shape: `{ "dir", "fetched": [url…], "failed": [{"url", "reason"}…] }`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FetchReport {
    /// Where the schemas were written.
    pub dir: PathBuf,
    /// URLs downloaded and stored.
    pub fetched: Vec<String>,
    /// URLs that could not be fetched or stored, with why.
    pub failed: Vec<Failed>,
}

/// One URL that could not be fetched.
#[derive(Debug, Clone, Serialize)]
pub struct Failed {
    /// The URL.
    pub url: String,
    /// Why (HTTP status, connection error, write error).
    pub reason: String,
}

/// The official schema URLs mlm-migrate needs (before following `$ref`s).
#[must_use]
pub fn official_urls() -> Vec<String> {
    let mut urls = BTreeSet::new();
    for spec in Spec::all().filter(|s| s.published()) {
        urls.insert(spec.uri().to_owned());
        if spec.family() == Family::Mlm && spec <= super::fields::version("mlm@1.3.0") {
            urls.insert(format!(
                "https://stac-extensions.github.io/mlm/v{}/schema.json",
                spec.version()
            ));
        }
    }
    urls.insert("https://crim-ca.github.io/dlm-extension/v1.0.0/schema.json".to_owned());
    for version in STAC_VERSIONS {
        for spec in [
            "item-spec/json-schema/item.json",
            "collection-spec/json-schema/collection.json",
            "catalog-spec/json-schema/catalog.json",
        ] {
            urls.insert(format!("https://schemas.stacspec.org/v{version}/{spec}"));
        }
    }
    urls.insert("http://json-schema.org/draft-07/schema".to_owned());
    urls.into_iter().filter(|u| u.starts_with("http")).collect()
}

/// The schema URLs a STAC document declares (core and extensions), for `--from`.
#[must_use]
pub fn declared_urls(doc: &Value) -> Vec<String> {
    let (mut urls, _) = declared_schemas(doc);
    if let Some(features) = doc.member("features").and_then(Value::as_array) {
        for feature in features {
            urls.extend(declared_schemas(feature).0);
        }
    }
    urls
}

/// Downloads `urls` and every schema they `$ref`, into `dir` (`<dir>/<host>/<path>`).
/// `base_url` replaces `https://` of each URL: `<base_url>/<host>/<path>`.
#[must_use]
pub fn fetch(urls: &[String], dir: &Path, base_url: Option<&str>) -> FetchReport {
    let mut report = FetchReport {
        dir: dir.to_path_buf(),
        ..FetchReport::default()
    };
    let agent = ureq::Agent::new_with_defaults();
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = urls
        .iter()
        .map(|u| without_fragment(u).to_owned())
        .collect();
    queue.reverse();
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        match fetch_one(&agent, &url, dir, base_url) {
            Ok(bytes) => {
                report.fetched.push(url.clone());
                if let Ok(doc) = serde_json::from_slice::<Value>(&bytes) {
                    let mut refs = Vec::new();
                    references(&doc, &url, &mut refs);
                    queue.extend(refs.into_iter().rev().filter(|r| !seen.contains(r)));
                }
            }
            Err(reason) => report.failed.push(Failed { url, reason }),
        }
    }
    report
}

fn fetch_one(
    agent: &ureq::Agent,
    url: &str,
    dir: &Path,
    base_url: Option<&str>,
) -> Result<Vec<u8>, String> {
    let relative = mirror_path(url).ok_or("not an http(s) URL a mirror can hold")?;
    let from = match base_url {
        Some(base) => format!(
            "{}/{}",
            base.trim_end_matches('/'),
            relative.to_string_lossy().replace('\\', "/")
        ),
        None => url.to_owned(),
    };
    let mut response = agent.get(&from).call().map_err(|e| e.to_string())?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| e.to_string())?;
    let path = dir.join(relative);
    write(&path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(bytes)
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The documents `schema` (retrieved from `url`) refers to with `$ref`, resolved and without
/// fragments; `$ref`s inside `examples` are annotations, not references, and are skipped.
fn references(schema: &Value, url: &str, out: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(r)) if !r.starts_with('#') => {
                        if let Some(target) = resolve(url, without_fragment(r)) {
                            out.push(target);
                        }
                    }
                    ("examples" | "enum" | "const", _) => {}
                    _ => references(value, url, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, url, out)),
        _ => {}
    }
}

/// Resolves a reference against the URL of the document holding it (RFC 3986, for the
/// absolute and path-relative references schemas use).
fn resolve(base: &str, reference: &str) -> Option<String> {
    if reference.starts_with("http://") || reference.starts_with("https://") {
        return Some(reference.to_owned());
    }
    let (scheme, rest) = base.split_once("://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut segments: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = path.split('/').collect();
        dir.pop();
        dir
    };
    for segment in reference.trim_start_matches('/').split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(format!("{scheme}://{host}/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_references() {
        let base = "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json";
        let table = [
            (
                "basics.json",
                "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/basics.json",
            ),
            (
                "../../catalog-spec/json-schema/catalog-core.json",
                "https://schemas.stacspec.org/v1.0.0/catalog-spec/json-schema/catalog-core.json",
            ),
            (
                "https://geojson.org/schema/Feature.json",
                "https://geojson.org/schema/Feature.json",
            ),
            (
                "./datetime.json",
                "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/datetime.json",
            ),
        ];
        for (reference, expected) in table {
            assert_eq!(
                resolve(base, reference).as_deref(),
                Some(expected),
                "{reference}"
            );
        }
    }

    #[test]
    fn follows_refs_but_not_examples() {
        let schema = serde_json::json!({
            "allOf": [{"$ref": "basics.json#/x"}, {"$ref": "#/definitions/y"}],
            "examples": [{"$ref": "https://example.com/summary.txt"}],
        });
        let mut out = Vec::new();
        references(&schema, "https://a.org/s/item.json", &mut out);
        assert_eq!(out, ["https://a.org/s/basics.json"]);
    }

    #[test]
    fn official_urls_cover_every_version_and_core() {
        let urls = official_urls();
        for spec in Spec::all().filter(|s| s.published()) {
            assert!(urls.iter().any(|u| u == spec.uri()), "{spec}");
        }
        assert!(
            urls.iter()
                .any(|u| u.ends_with("/v1.1.0/item-spec/json-schema/item.json"))
        );
        assert!(
            urls.contains(&"https://stac-extensions.github.io/mlm/v1.2.0/schema.json".to_owned())
        );
    }
}
