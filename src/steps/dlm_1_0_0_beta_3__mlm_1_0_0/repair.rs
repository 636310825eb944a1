//! STAC-level repairs of DLM items.
//!
//! The DLM items that exist predate STAC 1.0.0 or were never valid against it: provider roles
//! outside the 1.0.0 enum, eo common name `pancro` (the integer `id`, `assets` array, `role`
//! and short extension names are repairs every source may have: [`crate::steps::repair`]).
//! Only what blocks validity and is unambiguous is fixed; the rest (wavelengths in nanometres,
//! an unclosed polygon) is reported.

use serde_json::{Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `eo-common-name-fixed`: see [`Code::what`].
pub(crate) const EO_COMMON_NAME_FIXED: Code = Code::new(
    "eo-common-name-fixed",
    "The eo common name `pancro` was written `pan` (eo v1.1.0 enum).",
    "Nothing.",
);

/// `eo-common-name-unknown`: see [`Code::what`].
pub(crate) const EO_COMMON_NAME_UNKNOWN: Code = Code::new(
    "eo-common-name-unknown",
    "An eo common name is not in the eo v1.1.0 enum; reported, not changed.",
    "Use an eo common name or remove it.",
);

/// `geometry-invalid`: see [`Code::what`].
pub(crate) const GEOMETRY_INVALID: Code = Code::new(
    "geometry-invalid",
    "A polygon ring is not closed or has fewer than four positions (the official DLM example). Reported, not regenerated.",
    "Regenerate the geometry from `bbox` or fix the ring.",
);

/// `provider-role-fixed`: see [`Code::what`].
pub(crate) const PROVIDER_ROLE_FIXED: Code = Code::new(
    "provider-role-fixed",
    "A provider role outside the STAC 1.0.0 enum contained exactly one enum word and became that word (`image licensor` → `licensor`).",
    "Check the role.",
);

/// `provider-role-unknown`: see [`Code::what`].
pub(crate) const PROVIDER_ROLE_UNKNOWN: Code = Code::new(
    "provider-role-unknown",
    "A provider role outside the STAC 1.0.0 enum maps to no enum value and was removed (`image provider`).",
    "Give the provider the role that fits.",
);

/// `wavelength-units-suspect`: see [`Code::what`].
pub(crate) const WAVELENGTH_UNITS_SUSPECT: Code = Code::new(
    "wavelength-units-suspect",
    "A `center_wavelength` > 100 looks like nanometres; eo expects micrometres. Reported, not changed.",
    "Divide by 1000 if the value is in nanometres.",
);

/// STAC 1.0.0 provider roles.
const PROVIDER_ROLES: [&str; 4] = ["producer", "licensor", "processor", "host"];

/// Provider roles outside the STAC 1.0.0 enum.
pub(super) const PROVIDER_ROLES_FIX: Transform = Transform {
    name: "dlm_provider_roles",
    forward: provider_roles,
    inverse: Inverse::Keep("the STAC provider roles are valid in DLM items too."),
    what: "STAC 1.0.0 provider roles are `producer`, `licensor`, `processor`, `host`. A role that \
           contains exactly one of these words (`image licensor`) becomes that word (assumed); \
           any other role (`image provider`) is removed (lossy) and reported.",
    before: r#"{"providers": [{"name": "A", "roles": ["image licensor", "image provider"]}]}"#,
    after: r#"{"providers": [{"name": "A", "roles": ["licensor"]}]}"#,
};

fn provider_roles(ctx: &mut Ctx, props: &Pointer) {
    let list = props.key("providers");
    let n = ctx.get(&list).and_then(Value::as_array).map_or(0, Vec::len);
    for p in 0..n {
        let roles = list.index(p).key("roles");
        let items = ctx
            .get(&roles)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for i in (0..items.len()).rev() {
            let Some(role) = items[i].as_str() else {
                continue;
            };
            if PROVIDER_ROLES.contains(&role) {
                continue;
            }
            let words: Vec<&str> = PROVIDER_ROLES
                .iter()
                .copied()
                .filter(|w| role.split_whitespace().any(|x| x.eq_ignore_ascii_case(w)))
                .collect();
            let at = roles.index(i);
            let input = ctx.input_of(&at);
            if let [w] = words.as_slice() {
                ctx.replace(
                    &at,
                    json!(w),
                    Fidelity::Assumed,
                    format!("provider role `{role}` read as `{w}` (STAC 1.0.0 enum)"),
                );
                ctx.diag(
                    Diagnostic::new(
                        PROVIDER_ROLE_FIXED,
                        Severity::Info,
                        format!("provider role `{role}` written as `{w}`"),
                    )
                    .at(input),
                );
            } else {
                ctx.remove(&at, Fidelity::Lossy, format!("provider role `{role}` is not a STAC 1.0.0 role and maps to none unambiguously"));
                ctx.diag(Diagnostic::new(PROVIDER_ROLE_UNKNOWN, Severity::Warning, format!("provider role `{role}` removed: STAC 1.0.0 allows only producer, licensor, processor, host")).at(input).hint("give the provider the role that fits, or describe it in the provider `description`"));
            }
        }
    }
}

/// eo v1.1.0 common names.
const COMMON_NAMES: [&str; 16] = [
    "coastal", "blue", "green", "red", "rededge", "yellow", "pan", "nir", "nir08", "nir09",
    "cirrus", "swir16", "swir22", "lwir", "lwir11", "lwir12",
];

/// eo band defects of the DLM examples.
pub(super) const EO_BANDS: Transform = Transform {
    name: "dlm_eo_bands",
    forward: eo_bands,
    inverse: Inverse::Keep("`pan` is the eo v1.1.0 spelling DLM items declare too."),
    what: "Fixes the eo `common_name` `pancro` to `pan` (eo v1.1.0 enum) in Item `eo:bands`, and \
           reports without changing other unknown common names and `center_wavelength` values \
           that look like nanometres (eo expects micrometres).",
    before: r#"{"eo:bands": [{"name": "pan", "common_name": "pancro", "center_wavelength": 400}]}"#,
    after: r#"{"eo:bands": [{"name": "pan", "common_name": "pan", "center_wavelength": 400}]}"#,
};

fn eo_bands(ctx: &mut Ctx, props: &Pointer) {
    let list = props.key("eo:bands");
    let bands = ctx
        .get(&list)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, b) in bands.iter().enumerate() {
        let at = list.index(i);
        match b.member("common_name").and_then(Value::as_str) {
            Some("pancro") => {
                ctx.replace(
                    &at.key("common_name"),
                    json!("pan"),
                    Fidelity::Lossless,
                    "eo v1.1.0 spells the panchromatic band `pan`",
                );
                ctx.diag(
                    Diagnostic::new(
                        EO_COMMON_NAME_FIXED,
                        Severity::Info,
                        "eo common name `pancro` written as `pan`",
                    )
                    .at(ctx.input_of(&at.key("common_name"))),
                );
            }
            Some(c) if !COMMON_NAMES.contains(&c) => {
                ctx.diag(
                    Diagnostic::new(
                        EO_COMMON_NAME_UNKNOWN,
                        Severity::Warning,
                        format!("`{c}` is not an eo v1.1.0 common name"),
                    )
                    .at(ctx.input_of(&at.key("common_name"))),
                );
            }
            _ => {}
        }
        let wl = b.member("center_wavelength").and_then(Value::as_f64);
        if wl.is_some_and(|w| w > 100.0) {
            ctx.diag(
                Diagnostic::new(
                    WAVELENGTH_UNITS_SUSPECT,
                    Severity::Warning,
                    "`center_wavelength` looks like nanometres; eo expects micrometres",
                )
                .at(ctx.input_of(&at.key("center_wavelength")))
                .hint("divide by 1000 if the value is in nanometres"),
            );
        }
    }
}

/// Reports malformed polygon geometries.
pub(super) const GEOMETRY: Transform = Transform {
    name: "dlm_geometry",
    forward: geometry,
    inverse: Inverse::Keep("the transform only reports (it changes nothing)."),
    what: "Reports Polygon rings that are not closed (first position ≠ last) or have fewer than \
           four positions, as in the official DLM example. Nothing is changed.",
    before: r#"{"geometry": {"type": "Polygon", "coordinates": [[[180, 90], [-180, -90], [-180, 90], [180, 90], [180, -90]]]}}"#,
    after: "(unchanged; diagnostic `geometry-invalid`)",
};

fn geometry(ctx: &mut Ctx, root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let at = root.key("geometry");
    let Some(g) = ctx.get(&at) else { return };
    let polygons: Vec<&Value> = match g.member("type").and_then(Value::as_str) {
        Some("Polygon") => g.member("coordinates").into_iter().collect(),
        Some("MultiPolygon") => g
            .member("coordinates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect(),
        _ => return,
    };
    let bad = polygons
        .iter()
        .flat_map(|p| p.as_array().into_iter().flatten())
        .any(|ring| {
            let r = ring.as_array().map(Vec::as_slice).unwrap_or_default();
            r.len() < 4 || r.first() != r.last()
        });
    if bad {
        ctx.diag(Diagnostic::new(GEOMETRY_INVALID, Severity::Warning, "a polygon ring is not closed or has fewer than four positions (GeoJSON, RFC 7946 section 3.1.6)").at(at).hint("regenerate the geometry from `bbox` or fix the ring"));
    }
}
