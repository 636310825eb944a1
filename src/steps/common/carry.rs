//! Editing helpers shared by the legacy readers.
//!
//! A legacy value goes to its MLM place through [`carry`] (verbatim move) or [`convert`] (a
//! computed value); both apply one rule for mixed items: an `mlm:` field that already
//! exists wins, an equal legacy value is dropped as a duplicate, a different one is reported as
//! a conflict (lossy change + `legacy-mlm-conflict` diagnostic). Whatever a reader did not
//! consume is removed by [`finish_block`] as lossy, so nothing is dropped silently.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};

/// `legacy-mlm-conflict`: see [`Code::what`].
pub(crate) const LEGACY_MLM_CONFLICT: Code = Code::new(
    "legacy-mlm-conflict",
    "The item mixes legacy and MLM fields and a legacy value differs from the MLM field already there; the MLM value is kept and the legacy one is recorded as a lossy removal.",
    "Check which value is right and fix the MLM field if needed.",
);

/// Where a legacy value goes: member `key` of the object at `obj`, inserted at `pos`.
pub(crate) struct Dest<'k> {
    /// The object that receives the member.
    pub obj: Pointer,
    /// The member name.
    pub key: &'k str,
    /// Where a new member goes among the existing ones.
    pub pos: Pos<'k>,
}

impl<'k> Dest<'k> {
    /// A destination.
    pub(crate) fn new(obj: Pointer, key: &'k str, pos: Pos<'k>) -> Self {
        Self { obj, key, pos }
    }

    /// Pointer of the destination member.
    pub(crate) fn at(&self) -> Pointer {
        self.obj.key(self.key)
    }
}

/// What a legacy value found at its destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Landed {
    /// The destination was free; the value was written.
    Written,
    /// An MLM field with the same value is there already.
    Duplicate,
    /// An MLM field with a different value is there; it is kept (MLM wins).
    Conflict,
    /// The destination object does not exist; nothing was written.
    Nowhere,
}

/// Writes `value` at `dest` unless a field is there already (MLM wins).
pub(crate) fn land(
    ctx: &mut Ctx,
    dest: &Dest<'_>,
    value: Value,
    fidelity: Fidelity,
    why: &str,
) -> Landed {
    match ctx.get(&dest.at()) {
        Some(existing) if *existing == value => return Landed::Duplicate,
        Some(_) => return Landed::Conflict,
        None => {}
    }
    if ctx.add(&dest.obj, dest.key, value, dest.pos, fidelity, why) {
        Landed::Written
    } else {
        Landed::Nowhere
    }
}

/// Removes the legacy member `from` after its content was landed at `to`.
///
/// `fidelity` is the removal's fidelity when the value was written (usually lossless: the
/// added value carries the information); a duplicate is lossless, a conflict or a missing
/// destination lossy.
pub(crate) fn consume(
    ctx: &mut Ctx,
    from: &Pointer,
    landed: Landed,
    to: &Pointer,
    fidelity: Fidelity,
) {
    let (fidelity, msg) = match landed {
        Landed::Written => (fidelity, format!("converted to `{to}`")),
        Landed::Duplicate => (
            Fidelity::Lossless,
            format!("`{to}` already holds the same value"),
        ),
        Landed::Conflict => {
            conflict(ctx, from, to);
            (
                Fidelity::Lossy,
                format!("conflicts with the existing `{to}`, which is kept (MLM wins)"),
            )
        }
        Landed::Nowhere => (
            Fidelity::Lossy,
            format!("no place to put it: the parent of `{to}` does not exist"),
        ),
    };
    ctx.remove(from, fidelity, msg);
}

fn conflict(ctx: &mut Ctx, from: &Pointer, to: &Pointer) {
    let show = |v: Option<&Value>| v.map_or_else(|| "null".to_owned(), Value::to_string);
    let (old, kept) = (show(ctx.get(from)), show(ctx.get(to)));
    let input = ctx.input_of(from);
    ctx.diag(
        Diagnostic::new(
            LEGACY_MLM_CONFLICT,
            Severity::Warning,
            format!("`{input}` = {old} disagrees with `{to}` = {kept}; the MLM value is kept"),
        )
        .at(input)
        .hint("the item mixes legacy and MLM fields: check which value is right"),
    );
}

/// Moves the legacy member `from` verbatim to `dest` (MLM wins).
pub(crate) fn carry(
    ctx: &mut Ctx,
    from: &Pointer,
    dest: &Dest<'_>,
    fidelity: Fidelity,
    why: &str,
) -> Landed {
    let Some(value) = ctx.get(from).cloned() else {
        return Landed::Nowhere;
    };
    let to = dest.at();
    let landed = match ctx.get(&to) {
        None => {
            if ctx.move_to(from, &dest.obj, dest.key, dest.pos, fidelity, why) {
                return Landed::Written;
            }
            Landed::Nowhere
        }
        Some(existing) if *existing == value => Landed::Duplicate,
        Some(_) => Landed::Conflict,
    };
    consume(ctx, from, landed, &to, fidelity);
    landed
}

/// Writes the computed `value` at `dest` with `fidelity` and removes the legacy member `from`
/// (MLM wins).
pub(crate) fn convert(
    ctx: &mut Ctx,
    from: &Pointer,
    dest: &Dest<'_>,
    value: Value,
    fidelity: Fidelity,
    why: &str,
) -> Landed {
    let landed = land(ctx, dest, value, fidelity, why);
    consume(ctx, from, landed, &dest.at(), Fidelity::Lossless);
    landed
}

/// Removes `at` if present: lossless when it is `null` or empty (nothing, or nothing left, to
/// carry), else with `fidelity` and `why`.
pub(crate) fn drop_member(ctx: &mut Ctx, at: &Pointer, fidelity: Fidelity, why: &str) {
    let empty = |v: &Value| match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match ctx.get(at) {
        None => {}
        Some(Value::Null) => {
            ctx.remove(at, Fidelity::Lossless, "`null`: nothing to carry");
        }
        Some(v) if empty(v) => {
            ctx.remove(at, Fidelity::Lossless, "empty: nothing (left) to carry");
        }
        Some(_) => {
            ctx.remove(at, fidelity, why);
        }
    }
}

/// Removes a legacy block once its reader ran: members left over have no MLM equivalent
/// (lossy, or lossless when `null`), then the emptied block goes (lossless).
pub(crate) fn finish_block(ctx: &mut Ctx, block: &Pointer) {
    match ctx.get(block).cloned() {
        None => {}
        Some(Value::Object(map)) => {
            for key in map.keys() {
                let why = format!("`{key}` has no MLM equivalent");
                drop_member(ctx, &block.key(key), Fidelity::Lossy, &why);
            }
            ctx.remove(block, Fidelity::Lossless, "every member was converted");
        }
        Some(Value::Array(items)) => {
            for i in (0..items.len()).rev() {
                finish_block(ctx, &block.index(i));
            }
            ctx.remove(block, Fidelity::Lossless, "every item was converted");
        }
        Some(_) => drop_member(ctx, block, Fidelity::Lossy, "no MLM equivalent"),
    }
}

/// Adds `uri` to `stac_extensions` unless an entry containing `family` (e.g. `/eo/v1.`) is
/// there: the converted fields use that extension.
pub(crate) fn declare_extension(ctx: &mut Ctx, family: &str, uri: &str) {
    let list = Pointer::root().key("stac_extensions");
    let declared = ctx.get(&list).and_then(Value::as_array).is_some_and(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .any(|u| u == uri || u.contains(family))
    });
    if declared {
        return;
    }
    let msg = "the converted fields use this extension";
    if !ctx.push(&list, json!(uri), Fidelity::Lossless, msg) {
        ctx.add(
            &Pointer::root(),
            "stac_extensions",
            json!([uri]),
            Pos::After("stac_version"),
            Fidelity::Lossless,
            msg,
        );
    }
}

/// eo extension v1.1.0 (band catalogue with `common_name`).
pub(crate) const EO_URI: &str = "https://stac-extensions.github.io/eo/v1.1.0/schema.json";
/// raster extension v1.1.0 (`raster:bands` with `data_type`, `nodata`).
pub(crate) const RASTER_URI: &str = "https://stac-extensions.github.io/raster/v1.1.0/schema.json";
/// OCI image media type of container assets.
pub(crate) const OCI: &str = "application/vnd.oci.image.index.v1+json";
/// ml-aoi extension v0.2.0 (`ml-aoi:split` on training-data links).
pub(crate) const ML_AOI_URI: &str = "https://stac-extensions.github.io/ml-aoi/v0.2.0/schema.json";

/// The `assets` object of an Item, created (empty) when absent. `None` when `assets` is not an
/// object.
pub(crate) fn assets(ctx: &mut Ctx) -> Option<Pointer> {
    let at = Pointer::root().key("assets");
    if ctx.get(&at).is_none() {
        ctx.add(
            &Pointer::root(),
            "assets",
            json!({}),
            Pos::End,
            Fidelity::Lossless,
            "the converted fields describe assets",
        );
    }
    ctx.object(&at).is_some().then_some(at)
}

/// Adds an asset under `key` (or `key-2`, `key-3`, … when taken) unless an asset with the same
/// `href` exists (then `Err` with that asset's pointer). Returns the new asset's pointer.
pub(crate) fn add_asset(
    ctx: &mut Ctx,
    key: &str,
    asset: Value,
    fidelity: Fidelity,
    why: &str,
) -> Result<Pointer, Option<Pointer>> {
    let group = assets(ctx).ok_or(None)?;
    let href = asset.member("href").cloned();
    let same = ctx.object(&group).and_then(|m| {
        m.iter()
            .find(|(_, a)| href.is_some() && a.member("href") == href.as_ref())
            .map(|(k, _)| group.key(k))
    });
    if let Some(existing) = same {
        return Err(Some(existing));
    }
    let taken = |k: &str| ctx.object(&group).is_some_and(|m| m.has_member(k));
    let mut name = key.to_owned();
    let mut n = 2;
    while taken(&name) {
        name = format!("{key}-{n}");
        n += 1;
    }
    ctx.add(&group, &name, asset, Pos::End, fidelity, why);
    Ok(group.key(&name))
}

/// What [`add_asset`]'s result means for the legacy member it came from.
pub(crate) fn asset_landed(r: &Result<Pointer, Option<Pointer>>) -> Landed {
    match r {
        Ok(_) => Landed::Written,
        Err(Some(_)) => Landed::Duplicate,
        Err(None) => Landed::Nowhere,
    }
}

/// Carries a DLM string member holding a file URL into a new asset `{href, type: text/plain,
/// title, roles}` under `key`, and consumes the member.
pub(crate) fn file_asset(
    ctx: &mut Ctx,
    from: &Pointer,
    href: &str,
    (key, title, role): (&str, &str, &str),
    why: &str,
) {
    let asset =
        serde_json::json!({"href": href, "type": "text/plain", "title": title, "roles": [role]});
    let landed = asset_landed(&add_asset(ctx, key, asset, Fidelity::Lossless, why));
    consume(
        ctx,
        from,
        landed,
        &Pointer::root().key("assets").key(key),
        Fidelity::Lossless,
    );
}
