//! Reading `mappings/versions.toml` (compiled in) into the rows [`super::Spec`] indexes.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Family, Spec};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    id: String,
    #[allow(dead_code)]
    date: String,
    uri: String,
    aliases: Vec<String>,
    writable: bool,
    closed: bool,
    /// False while the version's official schema is not published (default true).
    #[serde(default = "yes")]
    published: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    default_target: String,
    version: Vec<RawRow>,
}

/// One row, checked.
#[derive(Debug)]
pub(super) struct Row {
    pub(super) id: String,
    pub(super) family: Family,
    pub(super) version: String,
    pub(super) uri: String,
    pub(super) aliases: Vec<String>,
    pub(super) writable: bool,
    pub(super) closed: bool,
    pub(super) published: bool,
}

/// The whole table.
#[derive(Debug)]
pub(super) struct Table {
    pub(super) rows: Vec<Row>,
    pub(super) default_target: Spec,
}

/// The compiled-in table. `table_loads` proves it parses; reaching the panic is a build defect.
pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse(include_str!("../../../mappings/versions.toml"))
            .unwrap_or_else(|e| panic!("mappings/versions.toml: {e}"))
    })
}

fn parse(text: &str) -> Result<Table, String> {
    let raw: RawTable = toml::from_str(text).map_err(|e| e.to_string())?;
    if raw.version.len() >= usize::from(u8::MAX) {
        return Err("too many versions".to_owned());
    }
    let mut rows = Vec::new();
    for r in raw.version {
        let (family, version) =
            r.id.split_once('@')
                .ok_or_else(|| format!("`{}`: an id is `family@version`", r.id))?;
        let family =
            Family::from_name(family).ok_or_else(|| format!("`{}`: unknown family", r.id))?;
        if rows.iter().any(|x: &Row| x.id == r.id) {
            return Err(format!("`{}` is listed twice", r.id));
        }
        if r.writable && !r.published {
            return Err(format!(
                "`{}`: a version without a published schema is not writable",
                r.id
            ));
        }
        rows.push(Row {
            family,
            version: version.to_owned(),
            id: r.id,
            uri: r.uri,
            aliases: r.aliases,
            writable: r.writable,
            closed: r.closed,
            published: r.published,
        });
    }
    for f in Family::ALL {
        if !rows.iter().any(|r| r.family == f) {
            return Err(format!("no version of {}", f.name()));
        }
    }
    let default = rows
        .iter()
        .position(|r| r.id == raw.default_target)
        .ok_or_else(|| format!("default_target `{}` is not a row", raw.default_target))?;
    if !rows[default].writable {
        return Err("default_target is not writable".to_owned());
    }
    Ok(Table {
        rows,
        default_target: Spec::at(default),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads() {
        let t = parse(include_str!("../../../mappings/versions.toml")).unwrap();
        assert_eq!(t.rows.len(), Spec::all().count());
    }

    #[test]
    fn broken_tables_are_refused() {
        let row = |id: &str, extra: &str| {
            format!(
                "[[version]]\nid = \"{id}\"\ndate = \"\"\nuri = \"u\"\naliases = []\nwritable = true\nclosed = false\n{extra}\n"
            )
        };
        let all = |extra: &str| {
            format!(
                "default_target = \"mlm@1.0.0\"\n{}{}{}{extra}",
                row("dlm@1", ""),
                row("ml-model@1", ""),
                row("mlm@1.0.0", "")
            )
        };
        assert!(parse(&all("")).is_ok());
        assert!(parse(&all(&row("mlm@1.1.0", "fields = [\"mlm:x\"]"))).is_err());
        assert!(parse(&all(&row("mlm@1.0.0", ""))).is_err());
        assert!(parse(&all(&row("nope@1", ""))).is_err());
        assert!(parse(&all(&row("mlm@1.1.0", "published = false"))).is_err());
        assert!(parse(&all("").replace("mlm@1.0.0\"\n[", "mlm@9\"\n[")).is_err());
    }
}
