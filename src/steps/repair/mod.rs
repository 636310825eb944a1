//! Repairs (`--fix`): defects common in real catalogs, each a named rule with fidelity
//! `assumed` (or `lossy` where a value must go), run as a stage before the chain.
//!
//! Real catalogs are written by hand, by form tools, by pystac scripts and by course templates,
//! and carry defects no official example shows: a date-only `datetime`, `datetime: null` with no
//! range, a `collection` field without its link, `assets` as an array, `role` for `roles`, a
//! model asset without `roles`, short extension names, a numeric `id`, spaces in hrefs, the
//! string `"null"`, empty trailing dimension entries. Each repair is a row of `rows.toml` (with
//! the `severity` its defect has when left in, and the families whose migration applies it
//! anyway) and a [`Transform`]; it edits through [`crate::kernel::edit::Ctx`] like every step,
//! so each fix is a recorded change with its rule id.
//!
//! The engine runs the rows before the chain (`engine::repair`): with `--fix` all of them;
//! without, it reports what they would change as diagnostics coded by the rule id, with the
//! hint "`--fix` repairs this", and applies only the rows whose `default_for` names the
//! source's family. The rows are presence-driven, so a repaired document repairs to itself.

mod datetime;
mod extensions;
mod roles;
mod stac;
mod values;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The repair rows (`rows.toml`).
pub(crate) const STEP: Step = Step {
    name: "repair",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: None,
};

const TRANSFORMS: &[Transform] = &[
    stac::TYPE_CASE,
    stac::ID_INTEGER,
    stac::LINKS_MISSING,
    stac::EXTENSIONS_STRING,
    stac::FIELDS_OUTSIDE_PROPERTIES,
    roles::ROLES_STRING,
    stac::ASSETS_ARRAY,
    stac::GEOMETRY_MISSING,
    roles::MODEL_ASSET_ROLES,
    extensions::SHORT_NAMES,
    extensions::URI_SCHEME,
    extensions::UNDECLARED,
    values::NULL_STRING,
    datetime::DATE_ONLY,
    datetime::NO_TIMEZONE,
    datetime::UNIX_TIME,
    datetime::NULL_WITHOUT_RANGE,
    stac::COLLECTION_LINK,
    stac::SELF_LINK_RELATIVE,
    stac::HREF_SPACES,
    values::TRAILING_EMPTY_DIMS,
    values::SHAPE_STRINGS,
    values::SCALAR_STRINGS,
    values::COMMA_LISTS,
    values::COLOR_HINT,
];

const CODES: &[Code] = &[
    stac::ASSETS_ARRAY_UNREPAIRABLE,
    stac::FIELD_OUTSIDE_PROPERTIES,
    roles::MODEL_ASSET_AMBIGUOUS,
    extensions::EXTENSION_SHORT_NAME_UNKNOWN,
    datetime::DATETIME_MISSING,
];

/// The hint every repair diagnostic carries.
pub(crate) const HINT: &str = "`--fix` repairs this";

/// Between the defect and the remedy in a repair's change message (`"`datetime` \"2023-11-02\"
/// is a date without a time → \"2023-11-02T00:00:00Z\""`): the change log shows both; without
/// `--fix` the diagnostic says the defect and its hint the remedy.
pub(crate) const REMEDY: &str = " → ";

/// A diagnostic's message and hint for a repair change `message` that was not applied.
pub(crate) fn defect_and_hint(message: &str) -> (String, String) {
    match message.rsplit_once(REMEDY) {
        Some((defect, remedy)) => (defect.to_owned(), format!("{HINT}: {remedy}")),
        None => (message.to_owned(), HINT.to_owned()),
    }
}
