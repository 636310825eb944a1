//! Which spec and version a document is written against.
//!
//! [`Spec`] names one row of `mappings/versions.toml`, compiled in: that table is the one
//! source of version facts — the known versions in chain order, their `stac_extensions`
//! identifiers, which ones this build writes, the default target, the latest known version and
//! whether the schema's `mlm:*` field set is closed (the fields themselves, per version, are in
//! `mappings/fields/`). No code names a version; adding one is a
//! row there (and a step folder in `crate::steps`).
//!
//! Recognition of `stac_extensions` entries reads the table's URIs and aliases, then a family
//! pattern: MLM URIs on every host (crim-ca.github.io/mlm-extension up to v1.3.0,
//! stac-extensions.github.io/mlm from v1.4.0 — see the v1.4.0 entry of
//! <https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md> — and the malformed
//! `https://stac-extensions/mlm/…` some items carry), ML-Model URIs, and the STAC 1.0.0-beta
//! `dl-model` paths and short name of DLM.

mod table;

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use table::{Row, table};

/// Spec family of a model-metadata extension.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Deep Learning Model extension (`dlm:` prefix), crim-ca, 2021–2023.
    Dlm,
    /// ML Model extension (`ml-model:` prefix), stac-extensions, 2021.
    MlModel,
    /// Machine Learning Model extension (`mlm:` prefix), 2024–.
    Mlm,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 3] = [Family::Dlm, Family::MlModel, Family::Mlm];

    /// Field-name prefix of the family (`dlm:`, `ml-model:`, `mlm:`).
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Dlm => "dlm:",
            Self::MlModel => "ml-model:",
            Self::Mlm => "mlm:",
        }
    }

    /// Short name used in ids (`dlm`, `ml-model`, `mlm`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Dlm => "dlm",
            Self::MlModel => "ml-model",
            Self::Mlm => "mlm",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A known spec version: one row of `mappings/versions.toml`. Versions compare in chain order
/// (the table's order: legacy specs first, then every MLM release).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Spec(u8);

impl Spec {
    /// Every known version in chain order.
    pub fn all() -> impl DoubleEndedIterator<Item = Spec> + Clone {
        (0..table().rows.len()).map(Spec::at)
    }

    fn at(index: usize) -> Spec {
        // The table holds far fewer than 256 rows (checked when it loads).
        Spec(u8::try_from(index).unwrap_or(u8::MAX))
    }

    fn row(self) -> &'static Row {
        &table().rows[usize::from(self.0)]
    }

    /// The default migration target (`default_target` of the table).
    pub fn default_target() -> Spec {
        table().default_target
    }

    /// The newest version this build knows (the table's last row).
    pub fn latest() -> Spec {
        Spec::at(table().rows.len() - 1)
    }

    /// The oldest known version of `family`.
    pub fn first_of(family: Family) -> Spec {
        Spec::all()
            .find(|s| s.family() == family)
            .unwrap_or_else(Spec::latest)
    }

    /// The newest known version of `family`.
    pub fn last_of(family: Family) -> Spec {
        Spec::all()
            .rev()
            .find(|s| s.family() == family)
            .unwrap_or_else(Spec::latest)
    }

    /// Family of this version.
    pub fn family(self) -> Family {
        self.row().family
    }

    /// Version text as tagged upstream (`1.0.0-beta2`, `1.5.1`).
    pub fn version(self) -> &'static str {
        &self.row().version
    }

    /// The id used on the command line and in reports (`mlm@1.5.1`).
    pub fn id(self) -> &'static str {
        &self.row().id
    }

    /// The `stac_extensions` URI the writer emits for this version.
    pub fn uri(self) -> &'static str {
        &self.row().uri
    }

    /// True when this build writes this version (`--to`).
    pub fn writable(self) -> bool {
        self.row().writable
    }

    /// True when the version's official schema is published at [`Spec::uri`] (`published` in
    /// the table; a version read before its schema is out, such as MLM 1.6.0 as stac-model
    /// 0.7.0 writes it, is not writable until then).
    pub fn published(self) -> bool {
        self.row().published
    }

    /// True when the schema rejects `mlm:*` keys it does not define.
    pub fn closed(self) -> bool {
        self.row().closed
    }

    /// Every version this build writes, in chain order.
    pub fn writable_targets() -> impl Iterator<Item = Spec> {
        Spec::all().filter(|s| s.writable())
    }

    /// Recognises one `stac_extensions` entry.
    pub fn from_extension_uri(uri: &str) -> Option<Recognized> {
        let trimmed = uri.trim().trim_end_matches('#');
        let known = Spec::all().find(|s| {
            let row = s.row();
            row.uri == trimmed || row.aliases.iter().any(|a| a == trimmed)
        });
        match known {
            Some(s) => Some(Recognized::Known(s)),
            None => recognise_pattern(trimmed),
        }
    }
}

/// What a `stac_extensions` entry declares.
///
/// JSON shape: `{"kind": "known", "spec": "mlm@1.3.0"}` or
/// `{"kind": "unknown", "family": "mlm", "version": "1.6.0"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognized {
    /// A version mlm-migrate knows.
    Known(Spec),
    /// A version of a known family that mlm-migrate does not know (e.g. MLM v1.6.0).
    Unknown {
        /// The family the URI belongs to.
        family: Family,
        /// The version text found in the URI.
        version: String,
    },
}

// Written by hand: serde's internally tagged enums cannot hold a newtype variant whose content
// serializes as a string (`Known(Spec)`), which made every JSON report fail.
impl Serialize for Recognized {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        match self {
            Self::Known(spec) => {
                m.serialize_entry("kind", "known")?;
                m.serialize_entry("spec", spec)?;
            }
            Self::Unknown { family, version } => {
                m.serialize_entry("kind", "unknown")?;
                m.serialize_entry("family", family)?;
                m.serialize_entry("version", version)?;
            }
        }
        m.end()
    }
}

/// As users write versions: `mlm@1.3.0`, or `mlm@1.6.0 (unknown to this mlm-migrate)`.
impl fmt::Display for Recognized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Known(spec) => write!(f, "{spec}"),
            Self::Unknown { family, version } => {
                write!(
                    f,
                    "{}@{version} (unknown to this mlm-migrate)",
                    family.name()
                )
            }
        }
    }
}

fn recognise_pattern(uri: &str) -> Option<Recognized> {
    let path = uri.strip_suffix("/schema.json")?;
    let (dir, version) = path.rsplit_once("/v")?;
    let family = if dir.ends_with("/mlm") || dir.ends_with("/mlm-extension") {
        Family::Mlm
    } else if dir.ends_with("/ml-model") {
        Family::MlModel
    } else if dir.ends_with("/dlm-extension") {
        Family::Dlm
    } else if uri.contains("/extensions/dl-model/json-schema") {
        // STAC 1.0.0-beta.x paths: `/v1.0.0-beta.2/extensions/dl-model/…` is DLM beta2's,
        // `/v1.0.0-beta.3/…` beta.3's.
        let v = uri.split('/').find(|s| s.starts_with("v1.0.0-beta"))?;
        let spec = if v.contains('3') {
            Spec::last_of(Family::Dlm)
        } else {
            Spec::first_of(Family::Dlm)
        };
        return Some(Recognized::Known(spec));
    } else {
        return None;
    };
    let known = Spec::all()
        .find(|s| s.family() == family && s.version().replace('.', "") == version.replace('.', ""));
    Some(match known {
        Some(s) => Recognized::Known(s),
        None => Recognized::Unknown {
            family,
            version: version.to_owned(),
        },
    })
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl fmt::Debug for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Spec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// `--to` value that names no known version.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown spec version `{0}`: expected one of {list}", list = Spec::all().map(Spec::id).collect::<Vec<_>>().join(", "))]
pub struct UnknownSpec(pub String);

impl FromStr for Spec {
    type Err = UnknownSpec;

    /// Parses `mlm@1.5.1`, `mlm@v1.5.1`, `dlm@1.0.0-beta.3`, `ml-model@1.0.0`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace("@v", "@");
        Spec::all()
            .find(|spec| spec.id() == norm)
            .ok_or_else(|| UnknownSpec(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(id: &str) -> Spec {
        id.parse().unwrap()
    }

    #[test]
    fn table_order_is_chain_order() {
        let ids: Vec<_> = Spec::all().map(Spec::id).collect();
        assert_eq!(
            ids[..3],
            ["dlm@1.0.0-beta2", "dlm@1.0.0-beta.3", "ml-model@1.0.0"]
        );
        assert_eq!(Spec::first_of(Family::Mlm), spec("mlm@1.0.0"));
        assert_eq!(Spec::last_of(Family::Dlm), spec("dlm@1.0.0-beta.3"));
        assert!(Spec::default_target().writable());
        assert_eq!(Spec::latest(), Spec::all().last().unwrap());
    }

    #[test]
    fn recognized_serializes_tagged() {
        let cases = [
            (
                Recognized::Known(spec("mlm@1.3.0")),
                r#"{"kind":"known","spec":"mlm@1.3.0"}"#,
            ),
            (
                Recognized::Unknown {
                    family: Family::Mlm,
                    version: "1.6.0".to_owned(),
                },
                r#"{"kind":"unknown","family":"mlm","version":"1.6.0"}"#,
            ),
        ];
        for (r, json) in cases {
            assert_eq!(serde_json::to_string(&r).unwrap(), json);
        }
    }

    #[test]
    fn recognises_every_host_variant() {
        use Recognized::*;
        let cases = [
            (
                "https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json",
                Known(spec("mlm@1.3.0")),
            ),
            (
                "https://stac-extensions.github.io/mlm/v1.3.0/schema.json",
                Known(spec("mlm@1.3.0")),
            ),
            (
                "https://stac-extensions/mlm/v1.2.0/schema.json",
                Known(spec("mlm@1.2.0")),
            ),
            (
                "https://stac-extensions.github.io/mlm/v1.5.2/schema.json#",
                Known(spec("mlm@1.5.2")),
            ),
            (
                "https://crim-ca.github.io/dlm-extension/v1.0.0/schema.json",
                Known(spec("mlm@1.0.0")),
            ),
            ("dl-model", Known(spec("dlm@1.0.0-beta2"))),
            (
                "https://schemas.stacspec.org/v1.0.0-beta.3/extensions/dl-model/json-schema/schema.json",
                Known(spec("dlm@1.0.0-beta.3")),
            ),
            (
                "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json",
                Known(spec("ml-model@1.0.0")),
            ),
            (
                "https://stac-extensions.github.io/mlm/v9.0.0/schema.json",
                Unknown {
                    family: Family::Mlm,
                    version: "9.0.0".into(),
                },
            ),
        ];
        for (uri, want) in cases {
            assert_eq!(Spec::from_extension_uri(uri), Some(want), "{uri}");
        }
        assert_eq!(
            Spec::from_extension_uri("https://stac-extensions.github.io/eo/v1.1.0/schema.json"),
            None
        );
        assert_eq!(Spec::from_extension_uri("eo"), None);
    }

    #[test]
    fn parses_target_ids() {
        assert_eq!(spec("mlm@1.5.1").version(), "1.5.1");
        assert_eq!(spec("MLM@v1.0.0"), spec("mlm@1.0.0"));
        assert_eq!(spec("dlm@1.0.0-beta.3").family(), Family::Dlm);
        assert!("mlm@9.0.0".parse::<Spec>().is_err());
    }
}
