//! Repairs of STAC date and time fields (STAC common metadata, "Date and Time": RFC 3339
//! date-times in UTC; an Item needs `datetime`, or `null` with `start_datetime` and
//! `end_datetime`).

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer, member};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `datetime-missing`: see [`Code::what`].
pub(crate) const DATETIME_MISSING: Code = Code::new(
    "datetime-missing",
    "The Item has no `datetime` (or `null`) and neither `start_datetime`/`end_datetime` nor `created`/`updated` to take one from; STAC requires a date (`fix-datetime-null` invents none).",
    "Set `datetime` (RFC 3339, UTC), or `start_datetime` and `end_datetime`.",
);

/// The STAC common-metadata fields that hold an RFC 3339 date-time.
const FIELDS: [&str; 5] = [
    "datetime",
    "start_datetime",
    "end_datetime",
    "created",
    "updated",
];

/// Date-only values → midnight UTC.
pub(crate) const DATE_ONLY: Transform = Transform {
    name: "fix_datetime_date_only",
    forward: date_only,
    inverse: Inverse::NotYet,
    what: "Writes a date-only value (`2021-06-05`) of `datetime`, `start_datetime`, \
           `end_datetime`, `created` or `updated` (Item properties and assets) as midnight UTC, \
           `2021-06-05T00:00:00Z`: STAC needs an RFC 3339 date-time. Assumed: the day is all \
           the source says.",
    before: r#"{"properties": {"datetime": "2021-06-05"}}"#,
    after: r#"{"properties": {"datetime": "2021-06-05T00:00:00Z"}}"#,
};

/// Date-times without an offset → UTC.
pub(crate) const NO_TIMEZONE: Transform = Transform {
    name: "fix_datetime_timezone",
    forward: no_timezone,
    inverse: Inverse::NotYet,
    what: "Reads a date-time without a time-zone offset (`2021-06-05T13:22:30`, also with a \
           space instead of `T`, or without seconds) in the same fields as UTC and writes it \
           in RFC 3339 (`2021-06-05T13:22:30Z`), as Python's `datetime.isoformat()` of a naive \
           time leaves it. Values with an offset other than UTC are left alone.",
    before: r#"{"properties": {"created": "2021-06-05 13:22:30"}}"#,
    after: r#"{"properties": {"created": "2021-06-05T13:22:30Z"}}"#,
};

/// Unix times → RFC 3339 UTC.
pub(crate) const UNIX_TIME: Transform = Transform {
    name: "fix_datetime_unix",
    forward: unix_time,
    inverse: Inverse::NotYet,
    what: "Reads a number (or a string of digits) in `datetime`, `start_datetime`, \
           `end_datetime`, `created` or `updated` (Item properties and assets) as a Unix time \
           and writes it in RFC 3339 UTC: seconds from 10^8 to 10^11 (1973 to 5138, fractions \
           kept to the nanosecond), milliseconds from 10^11 to 10^14 (as JavaScript's \
           `Date.now()` gives). Other numbers (a year such as `2021`) are left alone and \
           reported. Assumed: the unit is read from the magnitude.",
    before: r#"{"properties": {"datetime": 1700000000}}"#,
    after: r#"{"properties": {"datetime": "2023-11-14T22:13:20Z"}}"#,
};

/// Item properties and assets, where STAC common metadata lives.
fn holders(ctx: &Ctx) -> Vec<Pointer> {
    if ctx.kind() != DocKind::Item {
        return Vec::new();
    }
    let mut out = ctx.containers(Scope::Properties);
    out.extend(ctx.shared_containers(Scope::Asset).iter().cloned());
    out
}

/// Applies `repair` (value → repaired text) to every date-time field; `why` says what was read.
fn each_field(ctx: &mut Ctx, repair: fn(&Value) -> Option<String>, why: &str) {
    for h in holders(ctx) {
        // The holder is found once; only the fields to repair are copied out.
        let Some(obj) = ctx.object(&h) else {
            continue;
        };
        let found: Vec<(&str, String, String)> = FIELDS
            .iter()
            .filter_map(|f| {
                let value = member(obj, f)?;
                // Shown only for a value to repair (most are fine and never printed).
                let new = repair(value)?;
                Some((*f, value.to_string(), new))
            })
            .collect();
        for (f, shown, new) in found {
            let msg = format!("`{f}` {shown} {why} → \"{new}\"");
            ctx.replace(&h.key(f), json!(new), Fidelity::Assumed, msg);
        }
    }
}

fn date_only(ctx: &mut Ctx, _root: &Pointer) {
    each_field(
        ctx,
        |v| {
            let t = v.as_str()?;
            is_date(t).then(|| format!("{t}T00:00:00Z"))
        },
        "is a date without a time (RFC 3339 needs a date-time); read as midnight UTC",
    );
}

fn no_timezone(ctx: &mut Ctx, _root: &Pointer) {
    each_field(
        ctx,
        |v| naive_to_utc(v.as_str()?),
        "has no time-zone offset (STAC date-times are UTC); read as UTC",
    );
}

fn unix_time(ctx: &mut Ctx, _root: &Pointer) {
    each_field(
        ctx,
        from_unix,
        "is a Unix time (STAC date-times are RFC 3339 strings); read as UTC",
    );
}

/// Seconds below this are not read as a Unix time (1973-03-03): smaller numbers are more
/// likely a year or a count than a date.
const MIN_SECONDS: u64 = 100_000_000;
/// Values from here on are milliseconds (10^11 s would be the year 5138).
const MIN_MILLIS: u64 = 100_000_000_000;
/// Values from here on are left alone (10^14 ms is the year 5138 too).
const MAX_MILLIS: u64 = 100_000_000_000_000;

/// A Unix time in seconds (`1700000000`, `1700000000.25`) or milliseconds
/// (`1700000000000`), as a number or a string of digits → RFC 3339 UTC.
fn from_unix(v: &Value) -> Option<String> {
    let number;
    let text = match v {
        Value::Number(n) => {
            number = n.to_string();
            number.as_str()
        }
        // Borrowed: an RFC 3339 text stops at its first `-` below, nothing copied.
        Value::String(s) if s.trim_start().starts_with(|c: char| c.is_ascii_digit()) => s.trim(),
        _ => return None,
    };
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 9 {
        return None;
    }
    let n: u64 = whole.parse().ok()?;
    let stamp = match n {
        MIN_SECONDS..MIN_MILLIS => {
            let nanos: i32 = format!("{frac:0<9}").parse().ok()?;
            jiff::Timestamp::new(i64::try_from(n).ok()?, nanos).ok()?
        }
        MIN_MILLIS..MAX_MILLIS if frac.is_empty() => {
            jiff::Timestamp::from_millisecond(i64::try_from(n).ok()?).ok()?
        }
        _ => return None,
    };
    Some(stamp.to_string())
}

/// `YYYY-MM-DD` naming a real day.
fn is_date(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
        && t.bytes()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.f]]` without an offset → RFC 3339 UTC.
fn naive_to_utc(t: &str) -> Option<String> {
    let (date, time) = t.split_at_checked(10)?;
    let time = time.strip_prefix(['T', ' '])?;
    if !is_date(date) {
        return None;
    }
    let (hms, frac) = time
        .split_once('.')
        .map_or((time, None), |(a, b)| (a, Some(b)));
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let ok = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|v| v <= max);
    let seconds = match parts.as_slice() {
        [h, m] if ok(h, 23) && ok(m, 59) && frac.is_none() => "00",
        [h, m, s] if ok(h, 23) && ok(m, 59) && ok(s, 60) => s,
        _ => return None,
    };
    let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
    Some(format!("{date}T{}:{}:{seconds}{frac}Z", parts[0], parts[1]))
}

/// `datetime: null` without a range.
pub(crate) const NULL_WITHOUT_RANGE: Transform = Transform {
    name: "fix_datetime_null",
    forward: null_without_range,
    inverse: Inverse::NotYet,
    what: "An Item whose `datetime` is `null` (or missing) needs both `start_datetime` and \
           `end_datetime`. When only one of them is given, the other gets the same value (a \
           range of one instant); when neither is, `datetime` takes `created`, else `updated` \
           (the model's own date: the best date a model Item has). With no date at all, \
           nothing is invented: the diagnostic `datetime-missing` asks for one.",
    before: r#"{"properties": {"datetime": null, "created": "2024-01-10T00:00:00Z"}}"#,
    after: r#"{"properties": {"datetime": "2024-01-10T00:00:00Z", "created": "2024-01-10T00:00:00Z"}}"#,
};

fn null_without_range(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let Some(p) = ctx.object(&props) else { return };
    if p.member("datetime").is_some_and(|d| !d.is_null()) {
        return;
    }
    let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_owned);
    let (start, end) = (text("start_datetime"), text("end_datetime"));
    let other = text("created")
        .map(|v| ("created", v))
        .or_else(|| text("updated").map(|v| ("updated", v)));
    let absent = !p.has_member("datetime");
    match (start, end, other) {
        (Some(_), Some(_), _) => {}
        (Some(v), None, _) => half_range(ctx, &props, ("start_datetime", "end_datetime"), v),
        (None, Some(v), _) => half_range(ctx, &props, ("end_datetime", "start_datetime"), v),
        (None, None, Some((from, v))) => {
            let msg = format!(
                "`datetime` is {} and there is no `start_datetime`/`end_datetime` → `datetime` takes `{from}` (\"{v}\")",
                if absent { "missing" } else { "null" }
            );
            if absent {
                ctx.add(
                    &props,
                    "datetime",
                    json!(v),
                    Pos::Index(0),
                    Fidelity::Assumed,
                    msg,
                );
            } else {
                ctx.replace(&props.key("datetime"), json!(v), Fidelity::Assumed, msg);
            }
        }
        (None, None, None) => ctx.diag(
            Diagnostic::new(
                DATETIME_MISSING,
                Severity::Error,
                "the Item has no `datetime` and no other date to take it from",
            )
            .at(props.key("datetime"))
            .hint("set `datetime` (RFC 3339, UTC), or `start_datetime` and `end_datetime`"),
        ),
    }
}

/// Adds the missing bound `(have, missing)` of a range with the value of the other.
fn half_range(ctx: &mut Ctx, props: &Pointer, (have, missing): (&str, &str), v: String) {
    let msg = format!(
        "`datetime` is null and `{have}` has no `{missing}` → `{missing}` takes the same value (\"{v}\")"
    );
    let pos = if missing == "end_datetime" {
        Pos::After("start_datetime")
    } else {
        Pos::Before("end_datetime")
    };
    ctx.add(props, missing, json!(v), pos, Fidelity::Assumed, msg);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_forms_table() {
        for (text, date) in [
            ("2021-06-05", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2021-13-01", false),
            ("2021-6-5", false),
            ("2021-06-05T00:00:00Z", false),
        ] {
            assert_eq!(is_date(text), date, "{text}");
        }
        for (text, utc) in [
            ("2021-06-05T13:22:30", Some("2021-06-05T13:22:30Z")),
            ("2021-06-05 13:22", Some("2021-06-05T13:22:00Z")),
            ("2021-06-05T13:22:30.123", Some("2021-06-05T13:22:30.123Z")),
            ("2021-06-05T13:22:30Z", None),
            ("2021-06-05T13:22:30+02:00", None),
            ("2021-06-05T25:00:00", None),
            ("2021-06-05", None),
        ] {
            assert_eq!(naive_to_utc(text).as_deref(), utc, "{text}");
        }
    }

    #[test]
    fn unix_times_table() {
        for (value, utc) in [
            (json!(1_700_000_000), Some("2023-11-14T22:13:20Z")),
            (json!("1700000000"), Some("2023-11-14T22:13:20Z")),
            (json!(1_700_000_000_000_u64), Some("2023-11-14T22:13:20Z")),
            (
                json!(1_700_000_000_250_u64),
                Some("2023-11-14T22:13:20.25Z"),
            ),
            (json!(1_700_000_000.5), Some("2023-11-14T22:13:20.5Z")),
            (json!(2021), None),
            (json!(-1_700_000_000), None),
            (serde_json::from_str("1.7e9").unwrap_or_default(), None),
            (json!(1_700_000_000_000.5), None),
            (json!("2021-06-05"), None),
            (json!(100_000_000_000_000_u64), None),
        ] {
            assert_eq!(from_unix(&value).as_deref(), utc, "{value}");
        }
    }
}
