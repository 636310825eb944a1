//! The rows of a field table, read strictly from TOML (unknown keys are errors) and resolved:
//! version texts become [`Spec`]s, type texts become [`Type`]s, every shape name resolves.

use serde::Deserialize;

use super::Location;
use super::types::Type;
use crate::kernel::versions::{Family, Spec};

/// An inclusive range of versions of one family; `None` ends are open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    /// First version (inclusive).
    pub since: Option<Spec>,
    /// Last version (inclusive).
    pub until: Option<Spec>,
}

impl Range {
    /// True when `spec` lies in the range.
    #[must_use]
    pub fn contains(&self, spec: Spec) -> bool {
        self.since.is_none_or(|s| spec >= s) && self.until.is_none_or(|u| spec <= u)
    }
}

/// Constraints on a value beyond its type (JSON Schema keywords of the same names).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Allowed string values (applies to every string of the type).
    #[serde(default, rename = "enum")]
    pub one_of: Vec<String>,
    /// A regular expression every string of the type matches.
    pub pattern: Option<String>,
    /// Minimum length of every string of the type.
    pub min_length: Option<usize>,
    /// Inclusive lower bound of every number of the type.
    pub minimum: Option<f64>,
    /// Exclusive lower bound of every number of the type.
    pub exclusive_minimum: Option<f64>,
    /// Minimum number of items of the (outermost) array.
    pub min_items: Option<usize>,
    /// Items of the (outermost) array are distinct.
    #[serde(default)]
    pub unique_items: bool,
    /// Minimum number of members of an object.
    pub min_properties: Option<usize>,
    /// A regular expression every member name of an object matches.
    pub key_pattern: Option<String>,
}

/// A prefixed field (`mlm:input`) in a version range.
#[derive(Debug, Clone)]
pub struct Field {
    /// Field name with its prefix.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its constraints.
    pub limits: Limits,
    /// Versions that define it in this form.
    pub range: Range,
    /// Where it may stand, each place with the versions that allow it there.
    pub at: Vec<(Location, Range)>,
    /// Where it must be present (Items only; Collections require nothing).
    pub required: Vec<Location>,
}

impl Field {
    /// True when `spec` allows the field at `location`.
    #[must_use]
    pub fn allowed(&self, spec: Spec, location: Location) -> bool {
        self.range.contains(spec)
            && self
                .at
                .iter()
                .any(|(loc, range)| *loc == location && range.contains(spec))
    }
}

/// A nested object type (`ModelInput`).
#[derive(Debug, Clone)]
pub struct Shape {
    /// Name used in type expressions.
    pub name: String,
    /// Its name in the spec, for messages ("Model Input Object").
    pub title: String,
    /// Unknown members are errors.
    pub closed: bool,
    /// The member whose value picks the variant (`type` of a value_scaling object).
    pub tag: Option<String>,
    /// The values of `tag`.
    pub variants: Vec<String>,
}

/// A member of a shape in a version range.
#[derive(Debug, Clone)]
pub struct Member {
    /// The shape it belongs to.
    pub of: String,
    /// Member name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its constraints.
    pub limits: Limits,
    /// Versions that define it in this form.
    pub range: Range,
    /// Versions in which it must be present (`None`: optional).
    pub required: Option<Range>,
    /// For a tagged shape: the variants that have this member (empty: all).
    pub variants: Vec<String>,
    /// For a tagged shape: the variants that require it.
    pub required_for: Vec<String>,
}

/// The table of one family.
#[derive(Debug, Clone)]
pub struct Table {
    /// The family whose fields these are.
    pub family: Family,
    /// From this version on, unknown prefixed fields are errors; `None`: the versions table
    /// says (see [`Table::is_closed`]).
    pub closed_since: Option<Spec>,
    /// Field rows.
    pub fields: Vec<Field>,
    /// Shapes.
    pub shapes: Vec<Shape>,
    /// Member rows.
    pub members: Vec<Member>,
    /// Per shape (same order as `shapes`), the indices of its member rows in `members`, in
    /// order: [`Table::members`] runs for every object of a known shape checked.
    by_shape: Vec<Vec<usize>>,
}

impl Table {
    /// The fields `spec` allows at `location`.
    pub fn fields_at(&self, spec: Spec, location: Location) -> impl Iterator<Item = &Field> {
        self.fields
            .iter()
            .filter(move |f| f.allowed(spec, location))
    }

    /// The row of field `name` in `spec` (whatever its locations), if the version defines it.
    #[must_use]
    pub fn field(&self, spec: Spec, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.name == name && f.range.contains(spec))
    }

    /// The shape called `name`.
    #[must_use]
    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.name == name)
    }

    /// The members of shape `of` in `spec`, in table order.
    pub fn members(&self, of: &str, spec: Spec) -> impl Iterator<Item = &Member> {
        let rows = self
            .shapes
            .iter()
            .position(|s| s.name == of)
            .map_or(&[][..], |i| self.by_shape[i].as_slice());
        rows.iter()
            .map(|&i| &self.members[i])
            .filter(move |m| m.range.contains(spec))
    }

    /// A type in words with the spec's names of its shapes: `an array of Model Input Objects`.
    #[must_use]
    pub fn words(&self, ty: &Type) -> String {
        let mut text = ty.to_string();
        for shape in &self.shapes {
            text = text
                .replace(
                    &format!("{} objects", shape.name),
                    &format!("{}s", shape.title),
                )
                .replace(&format!("{} object", shape.name), &shape.title);
        }
        text
    }

    /// True when `spec` rejects prefixed fields the table does not define: from the table's
    /// `closed_since` when it has one (ML-Model), else the version's `closed` flag in
    /// `mappings/versions.toml` (MLM 1.4.0 on), the fact the writer's closed field set uses.
    #[must_use]
    pub fn is_closed(&self, spec: Spec) -> bool {
        self.closed_since.map_or(spec.closed(), |s| spec >= s)
    }

    /// Reads and resolves a table.
    ///
    /// # Errors
    /// A message naming the row that does not parse or resolve.
    pub(crate) fn parse(text: &str) -> Result<Table, String> {
        let file: FileRow = toml::from_str(text).map_err(|e| e.to_string())?;
        let family = match file.family.as_str() {
            "mlm" => Family::Mlm,
            "dlm" => Family::Dlm,
            "ml-model" => Family::MlModel,
            other => return Err(format!("unknown family `{other}`")),
        };
        let version = |text: &Option<String>| -> Result<Option<Spec>, String> {
            text.as_deref().map(|v| resolve(family, v)).transpose()
        };
        let fields = file
            .field
            .iter()
            .map(|row| row.resolve(family))
            .collect::<Result<Vec<_>, _>>()?;
        let shapes: Vec<Shape> = file.shape.into_iter().map(ShapeRow::resolve).collect();
        let members = file
            .member
            .iter()
            .map(|row| row.resolve(family))
            .collect::<Result<Vec<_>, _>>()?;
        let by_shape = shapes
            .iter()
            .map(|shape| {
                (0..members.len())
                    .filter(|&i| members[i].of == shape.name)
                    .collect()
            })
            .collect();
        let table = Table {
            family,
            closed_since: version(&file.closed_since)?,
            fields,
            shapes,
            members,
            by_shape,
        };
        table.check_names()?;
        Ok(table)
    }

    fn check_names(&self) -> Result<(), String> {
        let types = self
            .fields
            .iter()
            .map(|f| (&f.name, &f.ty))
            .chain(self.members.iter().map(|m| (&m.name, &m.ty)));
        for (name, ty) in types {
            if let Some(missing) = ty.shapes().into_iter().find(|s| self.shape(s).is_none()) {
                return Err(format!("`{name}`: unknown shape `{missing}`"));
            }
        }
        match self.members.iter().find(|m| self.shape(&m.of).is_none()) {
            Some(m) => Err(format!("member `{}` of unknown shape `{}`", m.name, m.of)),
            None => Ok(()),
        }
    }
}

fn resolve(family: Family, version: &str) -> Result<Spec, String> {
    Spec::all()
        .find(|s| s.family() == family && s.version() == version)
        .ok_or_else(|| format!("unknown {} version `{version}`", family.name()))
}

fn range(family: Family, since: &Option<String>, until: &Option<String>) -> Result<Range, String> {
    Ok(Range {
        since: since.as_deref().map(|v| resolve(family, v)).transpose()?,
        until: until.as_deref().map(|v| resolve(family, v)).transpose()?,
    })
}

/// `1.4.0..`, `..1.3.0`, `1.2.0..1.4.0`.
fn range_text(family: Family, text: &str) -> Result<Range, String> {
    let (since, until) = text
        .split_once("..")
        .ok_or_else(|| format!("`{text}` is not a version range (`A..`, `..B`, `A..B`)"))?;
    let end = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    range(family, &end(since), &end(until))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRow {
    family: String,
    closed_since: Option<String>,
    #[serde(default)]
    field: Vec<FieldRow>,
    #[serde(default)]
    shape: Vec<ShapeRow>,
    #[serde(default)]
    member: Vec<MemberRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRow {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    at: Vec<String>,
    #[serde(default)]
    required: Vec<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(flatten)]
    limits: Limits,
}

impl FieldRow {
    fn resolve(&self, family: Family) -> Result<Field, String> {
        let at = self
            .at
            .iter()
            .map(|place| {
                let (name, versions) = place.split_once(' ').unwrap_or((place, ".."));
                let location = Location::parse(name)
                    .ok_or_else(|| format!("`{}`: unknown location `{name}`", self.name))?;
                Ok((location, range_text(family, versions)?))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let required = self
            .required
            .iter()
            .map(|name| {
                Location::parse(name)
                    .ok_or_else(|| format!("`{}`: unknown location `{name}`", self.name))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Field {
            name: self.name.clone(),
            ty: Type::parse(&self.ty)?,
            limits: self.limits.clone(),
            range: range(family, &self.since, &self.until)?,
            at,
            required,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapeRow {
    name: String,
    title: String,
    #[serde(default)]
    closed: bool,
    tag: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
}

impl ShapeRow {
    fn resolve(self) -> Shape {
        Shape {
            name: self.name,
            title: self.title,
            closed: self.closed,
            tag: self.tag,
            variants: self.variants,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Required {
    Always(bool),
    In(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRow {
    of: String,
    name: String,
    #[serde(rename = "type")]
    ty: String,
    required: Option<Required>,
    since: Option<String>,
    until: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    #[serde(default)]
    required_for: Vec<String>,
    #[serde(flatten)]
    limits: Limits,
}

impl MemberRow {
    fn resolve(&self, family: Family) -> Result<Member, String> {
        let required = match &self.required {
            None | Some(Required::Always(false)) => None,
            Some(Required::Always(true)) => Some(Range::default()),
            Some(Required::In(text)) => Some(range_text(family, text)?),
        };
        Ok(Member {
            of: self.of.clone(),
            name: self.name.clone(),
            ty: Type::parse(&self.ty)?,
            limits: self.limits.clone(),
            range: range(family, &self.since, &self.until)?,
            required,
            variants: self.variants.clone(),
            required_for: self.required_for.clone(),
        })
    }
}
