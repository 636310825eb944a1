//! Which spec and version a document is written against.
//!
//! One enum names every version mlm-migrate knows ([`Spec`]), in chain order; its
//! `stac_extensions` identifiers come from `mappings/versions.toml` (compiled in). Recognition
//! follows spec-changes §0.1 and judgment calls A1 (MLM URIs on every host, including the
//! crim-ca and the malformed `stac-extensions/mlm` variants) and A3 (DLM short names).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize, Serializer};

/// Spec family of a model-metadata extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
}

/// A known spec version. Variants are declared in chain order: legacy specs first, then every
/// MLM release; [`Spec::next`] walks the upgrade chain one adjacent step at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spec {
    /// DLM `v1.0.0-beta2` (2021-09-16).
    DlmBeta2,
    /// DLM `v1.0.0-beta.3` (2023-09-05).
    DlmBeta3,
    /// ML-Model `v1.0.0` (2021-12-14).
    MlModel100,
    /// MLM `v1.0.0` (2024-04-23).
    Mlm100,
    /// MLM `v1.1.0`.
    Mlm110,
    /// MLM `v1.2.0`.
    Mlm120,
    /// MLM `v1.3.0`.
    Mlm130,
    /// MLM `v1.4.0` (host moves to stac-extensions.github.io).
    Mlm140,
    /// MLM `v1.5.0`.
    Mlm150,
    /// MLM `v1.5.1` (the default target).
    Mlm151,
    /// MLM `v1.5.2` (schema identical to 1.5.1 but for its `$id`).
    Mlm152,
}

impl Spec {
    /// Every known version in chain order.
    pub const ALL: [Spec; 11] = [
        Spec::DlmBeta2,
        Spec::DlmBeta3,
        Spec::MlModel100,
        Spec::Mlm100,
        Spec::Mlm110,
        Spec::Mlm120,
        Spec::Mlm130,
        Spec::Mlm140,
        Spec::Mlm150,
        Spec::Mlm151,
        Spec::Mlm152,
    ];

    /// The default migration target.
    pub const TARGET: Spec = Spec::Mlm151;

    /// Family of this version.
    pub fn family(self) -> Family {
        match self {
            Spec::DlmBeta2 | Spec::DlmBeta3 => Family::Dlm,
            Spec::MlModel100 => Family::MlModel,
            _ => Family::Mlm,
        }
    }

    /// Version text as tagged upstream (`1.0.0-beta2`, `1.5.1`).
    pub fn version(self) -> &'static str {
        match self {
            Spec::DlmBeta2 => "1.0.0-beta2",
            Spec::DlmBeta3 => "1.0.0-beta.3",
            Spec::MlModel100 | Spec::Mlm100 => "1.0.0",
            Spec::Mlm110 => "1.1.0",
            Spec::Mlm120 => "1.2.0",
            Spec::Mlm130 => "1.3.0",
            Spec::Mlm140 => "1.4.0",
            Spec::Mlm150 => "1.5.0",
            Spec::Mlm151 => "1.5.1",
            Spec::Mlm152 => "1.5.2",
        }
    }

    /// The id used on the command line and in reports (`mlm@1.5.1`).
    pub fn id(self) -> String {
        format!("{}@{}", self.family().name(), self.version())
    }

    /// The next version on the upgrade chain (legacy specs lead into MLM 1.0.0).
    pub fn next(self) -> Option<Spec> {
        match self {
            Spec::DlmBeta2 => Some(Spec::DlmBeta3),
            Spec::DlmBeta3 | Spec::MlModel100 => Some(Spec::Mlm100),
            Spec::Mlm152 => None,
            other => Spec::ALL
                .iter()
                .position(|s| *s == other)
                .and_then(|i| Spec::ALL.get(i + 1).copied()),
        }
    }

    /// The `stac_extensions` URI the writer emits for this version.
    pub fn uri(self) -> &'static str {
        table().get(self).map_or("", |v| v.uri.as_str())
    }

    /// Recognises one `stac_extensions` entry (spec-changes A1, A3).
    pub fn from_extension_uri(uri: &str) -> Option<Recognized> {
        let trimmed = uri.trim().trim_end_matches('#');
        for v in &table().versions {
            if v.uri == trimmed || v.aliases.iter().any(|a| a == trimmed) {
                return Some(Recognized::Known(v.spec));
            }
        }
        recognise_pattern(trimmed)
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
        let v = uri.split('/').find(|s| s.starts_with("v1.0.0-beta"))?;
        let spec = if v.contains('3') {
            Spec::DlmBeta3
        } else {
            Spec::DlmBeta2
        };
        return Some(Recognized::Known(spec));
    } else {
        return None;
    };
    let known = Spec::ALL
        .iter()
        .find(|s| s.family() == family && s.version().replace('.', "") == version.replace('.', ""));
    Some(match known {
        Some(s) => Recognized::Known(*s),
        None => Recognized::Unknown {
            family,
            version: version.to_owned(),
        },
    })
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.family().name(), self.version())
    }
}

impl Serialize for Spec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// `--to` value that names no known version.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown spec version `{0}`: expected one of {list}", list = Spec::ALL.map(|s| s.id()).join(", "))]
pub struct UnknownSpec(pub String);

impl FromStr for Spec {
    type Err = UnknownSpec;

    /// Parses `mlm@1.5.1`, `mlm@v1.5.1`, `dlm@1.0.0-beta.3`, `ml-model@1.0.0`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace("@v", "@");
        Spec::ALL
            .into_iter()
            .find(|spec| spec.id() == norm)
            .ok_or_else(|| UnknownSpec(s.to_owned()))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionRow {
    id: String,
    #[allow(dead_code)]
    date: String,
    uri: String,
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionFile {
    version: Vec<VersionRow>,
}

/// One row of `mappings/versions.toml`, resolved to its [`Spec`].
#[derive(Debug)]
pub(crate) struct VersionInfo {
    pub spec: Spec,
    pub uri: String,
    pub aliases: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct VersionTable {
    pub versions: Vec<VersionInfo>,
}

impl VersionTable {
    fn get(&self, spec: Spec) -> Option<&VersionInfo> {
        self.versions.iter().find(|v| v.spec == spec)
    }
}

/// The compiled-in `mappings/versions.toml`. A test proves it parses and covers [`Spec::ALL`].
pub(crate) fn table() -> &'static VersionTable {
    static TABLE: OnceLock<VersionTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse_table(include_str!("../mappings/versions.toml")).unwrap_or_else(|e| {
            // Covered by `versions_table_is_complete`; reaching this is a build defect.
            panic!("mappings/versions.toml: {e}")
        })
    })
}

fn parse_table(text: &str) -> Result<VersionTable, String> {
    let file: VersionFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let versions = file
        .version
        .into_iter()
        .map(|row| {
            let spec = row.id.parse::<Spec>().map_err(|e| e.to_string())?;
            Ok(VersionInfo {
                spec,
                uri: row.uri,
                aliases: row.aliases,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(VersionTable { versions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_table_is_complete() {
        let t = parse_table(include_str!("../mappings/versions.toml")).unwrap();
        let specs: Vec<_> = t.versions.iter().map(|v| v.spec).collect();
        assert_eq!(specs, Spec::ALL);
    }

    #[test]
    fn every_version_reaches_the_target() {
        for s in Spec::ALL.into_iter().filter(|s| *s <= Spec::TARGET) {
            let mut at = s;
            while at != Spec::TARGET {
                at = at.next().unwrap();
            }
        }
    }

    #[test]
    fn recognized_serializes_tagged() {
        let cases = [
            (
                Recognized::Known(Spec::Mlm130),
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
                Known(Spec::Mlm130),
            ),
            (
                "https://stac-extensions.github.io/mlm/v1.3.0/schema.json",
                Known(Spec::Mlm130),
            ),
            (
                "https://stac-extensions/mlm/v1.2.0/schema.json",
                Known(Spec::Mlm120),
            ),
            (
                "https://stac-extensions.github.io/mlm/v1.5.2/schema.json#",
                Known(Spec::Mlm152),
            ),
            (
                "https://crim-ca.github.io/dlm-extension/v1.0.0/schema.json",
                Known(Spec::Mlm100),
            ),
            ("dl-model", Known(Spec::DlmBeta2)),
            (
                "https://schemas.stacspec.org/v1.0.0-beta.3/extensions/dl-model/json-schema/schema.json",
                Known(Spec::DlmBeta3),
            ),
            (
                "https://stac-extensions.github.io/ml-model/v1.0.0/schema.json",
                Known(Spec::MlModel100),
            ),
            (
                "https://stac-extensions.github.io/mlm/v1.6.0/schema.json",
                Unknown {
                    family: Family::Mlm,
                    version: "1.6.0".into(),
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
        assert_eq!("mlm@1.5.1".parse::<Spec>().unwrap(), Spec::Mlm151);
        assert_eq!("MLM@v1.0.0".parse::<Spec>().unwrap(), Spec::Mlm100);
        assert_eq!("dlm@1.0.0-beta.3".parse::<Spec>().unwrap(), Spec::DlmBeta3);
        assert!("mlm@1.6.0".parse::<Spec>().is_err());
    }
}
