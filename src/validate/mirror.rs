//! The URL mirror: mapping a schema URL to a file and loading it.
//!
//! A mirror directory holds every schema at `<dir>/<host>/<path>`, exactly as
//! `shared/schemas/INDEX.md` lays it out. Documents are identified by the URL they were
//! *retrieved* from, never by the `$id` they claim, because several official files carry a
//! wrong `$id` (STAC v1.1.0 `common.json` says `.../commonjson`; MLM v1.0.0–v1.3.0 at
//! `stac-extensions.github.io` say `https://stac-extensions/mlm/vX/schema.json`; the pre-rename
//! `crim-ca.github.io/dlm-extension/v1.0.0` file claims the `stac-extensions.github.io/mlm/v1.0.0`
//! URL that another file lives at; many end in `#`).

use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri};
use serde_json::Value;

use super::{ValidateError, quirks};

/// Maps an `http(s)://host/path` URL to the relative path `host/path` inside a mirror.
///
/// The scheme is dropped (`http` and `https` share one file), the `#fragment` (including a bare
/// trailing `#`) is ignored and the host is lower-cased. Returns `None` for anything that is not a
/// plain mirrored URL: another scheme, a query, a port or user info, an empty path, a path ending
/// in `/`, or a `.`/`..`/empty segment (which could escape the mirror directory).
///
/// `https://stac-extensions.github.io/mlm/v1.5.1/schema.json#/$defs/Model` →
/// `stac-extensions.github.io/mlm/v1.5.1/schema.json`;
/// `http://json-schema.org/draft-07/schema#` → `json-schema.org/draft-07/schema`.
#[must_use]
pub fn mirror_path(url: &str) -> Option<PathBuf> {
    let without_fragment = url.split_once('#').map_or(url, |(head, _)| head);
    let rest = strip_scheme(without_fragment)?;
    if rest.contains('?') {
        return None;
    }
    let (host, path) = rest.split_once('/')?;
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !host_ok {
        return None;
    }
    let mut relative = PathBuf::from(host.to_ascii_lowercase());
    for segment in path.split('/') {
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains('\\') {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

/// Strips a case-insensitive `http://` or `https://` prefix.
fn strip_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &url[scheme.len()..])
    })
}

/// Drops the `#fragment` of a URL, so `.../schema.json#` and `.../schema.json` compare equal.
#[must_use]
pub(crate) fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(head, _)| head)
}

/// A mirror directory; loads schema documents by URL.
#[derive(Debug, Clone)]
pub(crate) struct Mirror {
    dir: PathBuf,
}

impl Mirror {
    /// Opens `dir`, which must be an existing directory.
    pub(crate) fn open(dir: &Path) -> Result<Self, ValidateError> {
        if dir.is_dir() {
            Ok(Self {
                dir: dir.to_path_buf(),
            })
        } else {
            Err(ValidateError::MirrorMissing {
                dir: dir.to_path_buf(),
            })
        }
    }

    /// The mirror directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Loads the schema published at `url` and applies the in-memory [`quirks`] repairs: its root
    /// `$id` becomes the fragment-less `url` (so relative `$ref`s resolve against the retrieval
    /// URL and a wrong `$id` cannot shadow the file that really lives at that URL), and
    /// misplaced `$comment`s are dropped.
    pub(crate) fn load(&self, url: &str) -> Result<Value, ValidateError> {
        let relative = mirror_path(url).ok_or_else(|| ValidateError::NotMirrorable {
            uri: url.to_owned(),
        })?;
        let path = self.dir.join(relative);
        let bytes = std::fs::read(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                ValidateError::NotInMirror {
                    uri: url.to_owned(),
                    path: path.clone(),
                }
            } else {
                ValidateError::Read {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        let mut doc: Value = serde_json::from_slice(&bytes)
            .map_err(|source| ValidateError::Unusable { path, source })?;
        quirks::set_id_to_retrieval_url(&mut doc, url);
        quirks::drop_comments_in_properties(&mut doc);
        Ok(doc)
    }
}

impl Retrieve for Mirror {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.load(uri.as_str()).map_err(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_urls_to_mirror_paths() {
        let table: &[(&str, Option<&str>)] = &[
            (
                "https://stac-extensions.github.io/mlm/v1.5.1/schema.json",
                Some("stac-extensions.github.io/mlm/v1.5.1/schema.json"),
            ),
            // Fragments are ignored, a bare trailing `#` included (quirk 7).
            (
                "https://stac-extensions.github.io/mlm/v1.5.1/schema.json#/$defs/Model",
                Some("stac-extensions.github.io/mlm/v1.5.1/schema.json"),
            ),
            (
                "https://stac-extensions.github.io/eo/v1.1.0/schema.json#",
                Some("stac-extensions.github.io/eo/v1.1.0/schema.json"),
            ),
            // The draft-07 meta-schema: http, extension-less file.
            (
                "http://json-schema.org/draft-07/schema#",
                Some("json-schema.org/draft-07/schema"),
            ),
            (
                "https://json-schema.org/draft-07/schema",
                Some("json-schema.org/draft-07/schema"),
            ),
            // STAC v1.1.0 common.json is found by URL, whatever its `$id` says (quirk 5).
            (
                "https://schemas.stacspec.org/v1.1.0/item-spec/json-schema/common.json",
                Some("schemas.stacspec.org/v1.1.0/item-spec/json-schema/common.json"),
            ),
            (
                "HTTPS://Schemas.StacSpec.org/v1.0.0/item-spec/json-schema/item.json",
                Some("schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json"),
            ),
            // The malformed published MLM `$id` maps to a host that is not mirrored (quirk 1).
            (
                "https://stac-extensions/mlm/v1.0.0/schema.json",
                Some("stac-extensions/mlm/v1.0.0/schema.json"),
            ),
            ("dl-model", None),
            ("file:///etc/passwd", None),
            ("https://example.com", None),
            ("https://example.com/", None),
            ("https://example.com/a/", None),
            ("https://example.com/../etc/passwd", None),
            ("https://example.com/a/./b.json", None),
            ("https://example.com:8080/a.json", None),
            ("https://user@example.com/a.json", None),
            ("https://example.com/a.json?v=1", None),
        ];
        for (url, expected) in table {
            let got = mirror_path(url);
            assert_eq!(got.as_deref(), expected.map(Path::new), "{url}");
        }
    }

    #[test]
    fn strips_fragments() {
        assert_eq!(
            without_fragment("https://a.org/s.json#"),
            "https://a.org/s.json"
        );
        assert_eq!(
            without_fragment("https://a.org/s.json#/x"),
            "https://a.org/s.json"
        );
        assert_eq!(
            without_fragment("https://a.org/s.json"),
            "https://a.org/s.json"
        );
    }
}
