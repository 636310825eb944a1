//! Vocabulary transforms: values whose spelling a schema pattern or enum constrains.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::common::vocab::TASK_UNKNOWN;
use crate::steps::common::vocab::{ACCELERATORS, DATA_TYPES, SCALING_TYPES, TASKS};
use crate::steps::transform::Inverse;

/// `framework-version-not-semver`: see [`Code::what`].
pub(crate) const FRAMEWORK_VERSION_NOT_SEMVER: Code = Code::new(
    "framework-version-not-semver",
    "`mlm:framework_version` is not a semantic version and could not be padded into one.",
    "Write it as MAJOR.MINOR.PATCH.",
);

/// Spaced, underscored or capitalised task names → the hyphenated enum value.
pub(super) const TASK_SPELLING: Transform = Transform {
    name: "task_spelling",
    forward: task_spelling,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version spells tasks this way.",
    ),
    what: "Rewrites task names in `mlm:tasks` (properties) and `tasks` (Model Output) to the enum \
           spelling: lower case, spaces and underscores as hyphens. Names that still are not in \
           the enum are reported, never invented.",
    before: r#"{"mlm:tasks": ["Semantic Segmentation"]}"#,
    after: r#"{"mlm:tasks": ["semantic-segmentation"]}"#,
};

fn task_spelling(ctx: &mut Ctx, at: &Pointer) {
    for key in ["mlm:tasks", "tasks"] {
        let list = at.key(key);
        let Some(items) = ctx.get(&list).and_then(Value::as_array).cloned() else {
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let Some(s) = item.as_str() else { continue };
            if TASKS.contains(&s) {
                continue;
            }
            if let Some(fixed) = enum_spelling(s, &TASKS) {
                ctx.replace(
                    &list.index(i),
                    Value::String(fixed.to_owned()),
                    Fidelity::Lossless,
                    format!("task `{s}` is spelled `{fixed}`"),
                );
            } else {
                ctx.diag(
                    Diagnostic::new(
                        TASK_UNKNOWN,
                        Severity::Warning,
                        format!("task `{s}` is not in the MLM task enum"),
                    )
                    .at(list.index(i))
                    .hint(format!("use one of: {}", TASKS.join(", "))),
                );
            }
        }
    }
}

/// GDAL, numpy and torch spellings of tensor data types → the enum value.
pub(super) const DATA_TYPE_SPELLING: Transform = Transform {
    name: "data_type_spelling",
    forward: data_type_spelling,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version spells data types this way.",
    ),
    what: "Rewrites the `data_type` of a Model Input's `input` and a Model Output's `result` to \
           the enum spelling when it names an enum value in another case (`Float32`, as GDAL \
           and rasterio write it), with a `numpy.`/`np.`/`torch.` prefix (`torch.float32`), or \
           as GDAL's `Byte` (unsigned 8-bit: `uint8`). Anything else is left for the typed \
           checks to report (`not-in-enum`).",
    before: r#"{"input": {"data_type": "Float32"}}"#,
    after: r#"{"input": {"data_type": "float32"}}"#,
};

/// The enum value `text` spells, when it spells one in another way.
fn data_type_of(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_ascii_lowercase();
    let bare = ["numpy.", "np.", "torch."]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    let bare = if bare == "byte" { "uint8" } else { bare };
    DATA_TYPES.iter().copied().find(|t| *t == bare)
}

fn data_type_spelling(ctx: &mut Ctx, at: &Pointer) {
    for holder in ["input", "result"] {
        // Looked at on a borrow; the pointer is built only for a value to rewrite.
        let Some(text) = ctx
            .member(at, holder)
            .and_then(|h| h.member("data_type"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if DATA_TYPES.contains(&text) {
            continue;
        }
        let Some(fixed) = data_type_of(text) else {
            continue;
        };
        let msg = format!("data type `{text}` is spelled `{fixed}`");
        let p = at.key(holder).key("data_type");
        ctx.replace(&p, Value::String(fixed.to_owned()), Fidelity::Lossless, msg);
    }
}

/// `mlm:accelerator` in another case → the enum value.
pub(super) const ACCELERATOR_SPELLING: Transform = Transform {
    name: "accelerator_spelling",
    forward: accelerator_spelling,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version spells accelerators this way.",
    ),
    what: "Rewrites `mlm:accelerator` to the enum spelling when it names an enum value in \
           another case or with underscores (`CUDA`, `AMD_ROCM`). Anything else is left for the \
           typed checks to report.",
    before: r#"{"mlm:accelerator": "CUDA"}"#,
    after: r#"{"mlm:accelerator": "cuda"}"#,
};

/// The enum value of `list` that `text` spells in another case, with spaces or underscores
/// for hyphens (`Semantic Segmentation`, `Z_SCORE`, `AMD_ROCM`).
fn enum_spelling(text: &str, list: &[&'static str]) -> Option<&'static str> {
    let fixed = text.trim().to_lowercase().replace(['_', ' '], "-");
    list.iter().copied().find(|v| *v == fixed)
}

fn accelerator_spelling(ctx: &mut Ctx, at: &Pointer) {
    let Some(text) = ctx.member(at, "mlm:accelerator").and_then(Value::as_str) else {
        return;
    };
    if ACCELERATORS.contains(&text) {
        return;
    }
    if let Some(fixed) = enum_spelling(text, &ACCELERATORS) {
        let msg = format!("accelerator `{text}` is spelled `{fixed}`");
        let p = at.key("mlm:accelerator");
        ctx.replace(&p, Value::String(fixed.to_owned()), Fidelity::Lossless, msg);
    }
}

/// Value Scaling `type` in another case or with underscores → the enum value.
pub(super) const SCALING_TYPE_SPELLING: Transform = Transform {
    name: "scaling_type_spelling",
    forward: scaling_type_spelling,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version with `value_scaling` spells its types this way.",
    ),
    what: "Rewrites the `type` of each Value Scaling Object of a Model Input to the enum \
           spelling when it names an enum value in another case or with underscores \
           (`Z_SCORE`, `Min-Max`). Anything else is left for the typed checks to report.",
    before: r#"{"value_scaling": [{"type": "Z_SCORE", "mean": 0.5, "stddev": 0.2}]}"#,
    after: r#"{"value_scaling": [{"type": "z-score", "mean": 0.5, "stddev": 0.2}]}"#,
};

fn scaling_type_spelling(ctx: &mut Ctx, at: &Pointer) {
    let found: Vec<(usize, String, &'static str)> =
        match ctx.member(at, "value_scaling").and_then(Value::as_array) {
            Some(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let text = v.member("type")?.as_str()?;
                    if SCALING_TYPES.contains(&text) {
                        return None;
                    }
                    Some((i, text.to_owned(), enum_spelling(text, &SCALING_TYPES)?))
                })
                .collect(),
            None => return,
        };
    for (i, text, fixed) in found {
        let msg = format!("value scaling type `{text}` is spelled `{fixed}`");
        let p = at.key("value_scaling").index(i).key("type");
        ctx.replace(&p, Value::String(fixed.to_owned()), Fidelity::Lossless, msg);
    }
}

/// `mlm:framework_version` must be a three-part semantic version.
pub(super) const FRAMEWORK_VERSION_SEMVER: Transform = Transform {
    name: "framework_version_semver",
    forward: framework_version_semver,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version requires a three-part version.",
    ),
    what: "Pads `X.Y` to `X.Y.0` and `X` to `X.0.0` in `mlm:framework_version`, and turns a JSON \
           number into a string (flagged: `1.10` arrives as `1.1`). Other non-semver text is \
           reported for a person to fix.",
    before: r#"{"mlm:framework_version": 1.5}"#,
    after: r#"{"mlm:framework_version": "1.5.0"}"#,
};

fn framework_version_semver(ctx: &mut Ctx, at: &Pointer) {
    let p = at.key("mlm:framework_version");
    let (text, was_number) = match ctx.get(&p) {
        Some(Value::String(s)) => (s.clone(), false),
        Some(Value::Number(n)) => (n.to_string(), true),
        _ => return,
    };
    if !was_number && is_semver(&text) {
        return;
    }
    match pad_version(&text) {
        Some(padded) => {
            let why = if was_number {
                " (it was a JSON number: trailing zeros such as in 1.10 may have been lost)"
            } else {
                ""
            };
            ctx.replace(
                &p,
                Value::String(padded.clone()),
                Fidelity::Assumed,
                format!("version `{text}` written as `{padded}`{why}"),
            );
        }
        None => ctx.diag(
            Diagnostic::new(
                FRAMEWORK_VERSION_NOT_SEMVER,
                Severity::Warning,
                format!("`{text}` is not a semantic version"),
            )
            .at(p)
            .hint("write the framework version as MAJOR.MINOR.PATCH"),
        ),
    }
}

/// True for `MAJOR.MINOR.PATCH[-pre][+build]` without leading zeros.
pub(crate) fn is_semver(s: &str) -> bool {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let rest = &s[core.len()..];
    let parts: Vec<&str> = core.split('.').collect();
    let num_ok = |p: &&str| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || !p.starts_with('0'))
    };
    let rest_ok = rest.is_empty()
        || (rest.len() > 1
            && rest[1..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+')));
    parts.len() == 3 && parts.iter().all(num_ok) && rest_ok
}

fn pad_version(s: &str) -> Option<String> {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let rest = &s[core.len()..];
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut nums: Vec<String> = parts
        .iter()
        .map(|p| p.trim_start_matches('0').to_owned())
        .map(|p| if p.is_empty() { "0".to_owned() } else { p })
        .collect();
    nums.resize(3, "0".to_owned());
    let out = format!("{}{rest}", nums.join("."));
    is_semver(&out).then_some(out)
}

/// `mlm:name` must match `^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$`.
pub(super) const NAME_PATTERN: Transform = Transform {
    name: "name_pattern",
    forward: name_pattern,
    inverse: Inverse::Keep(
        "a writer rule: it runs forward for every MLM target, and every MLM version has this name pattern.",
    ),
    what: "Makes `mlm:name` match its pattern: characters outside `[A-Za-z0-9_.- ]` become `-`, \
           the name is trimmed to start with a letter and end with a letter or digit, and padded \
           to three characters. The original text is kept in `title` when the Item has none.",
    before: r#"{"mlm:name": "resnet18+unet_scse"}"#,
    after: r#"{"mlm:name": "resnet18-unet_scse"}"#,
};

fn name_pattern(ctx: &mut Ctx, at: &Pointer) {
    let p = at.key("mlm:name");
    let Some(name) = ctx.get(&p).and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let fixed = sanitize_name(&name);
    if fixed == name {
        return;
    }
    ctx.replace(
        &p,
        Value::String(fixed.clone()),
        Fidelity::Assumed,
        format!("`{name}` does not match the `mlm:name` pattern; written as `{fixed}`"),
    );
    if ctx.object(at).is_some_and(|o| !o.has_member("title")) {
        ctx.add(
            at,
            "title",
            Value::String(name),
            crate::kernel::edit::Pos::Before("mlm:name"),
            Fidelity::Lossless,
            "the original name is kept as the title",
        );
    }
}

/// Sanitises a model name to the `mlm:name` pattern (see [`NAME_PATTERN`]).
pub(crate) fn sanitize_name(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ' ') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let start = mapped
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(mapped.len());
    let trimmed = mapped[start..].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut out = trimmed.to_owned();
    if out.is_empty() {
        out.push_str("model");
    }
    while out.len() < 3 {
        out.push('0');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_type_spellings() {
        let cases = [
            ("Float32", Some("float32")),
            ("UInt16", Some("uint16")),
            ("Byte", Some("uint8")),
            ("torch.float16", Some("float16")),
            ("np.int64", Some("int64")),
            (" CFloat64 ", Some("cfloat64")),
            ("float", None),
            ("double", None),
        ];
        for (text, want) in cases {
            assert_eq!(data_type_of(text), want, "{text}");
        }
    }

    #[test]
    fn semver_table() {
        let cases = [
            ("2.1.2+cu121", true),
            ("1.5.0", true),
            ("1.5", false),
            ("01.2.3", false),
            ("1.2.3-rc.1", true),
        ];
        for (s, ok) in cases {
            assert_eq!(is_semver(s), ok, "{s}");
        }
        let pads = [
            ("1.5", Some("1.5.0")),
            ("2", Some("2.0.0")),
            ("1.10", Some("1.10.0")),
            ("v1", None),
            ("1.2.3.4", None),
        ];
        for (s, want) in pads {
            assert_eq!(pad_version(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn name_table() {
        let cases = [
            ("resnet18+unet_scse", "resnet18-unet_scse"),
            ("ab", "ab0"),
            ("x (v1)", "x -v1"),
            ("18-layers", "layers"),
            (
                "Resnet-18 Sentinel-2 ALL MOCO",
                "Resnet-18 Sentinel-2 ALL MOCO",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(sanitize_name(name), want, "{name}");
        }
    }
}
