//! Findings placed on lines of the input files, for CI: `--report github` (GitHub Actions
//! workflow commands, so they appear inline on a pull request's files, as ruff's
//! `--output-format github` does) and `--report sarif` (SARIF 2.1.0, for code scanning).
//!
//! Each file gives [`Annotation`]s: one per change (placed at the changed value in the input;
//! an addition at the nearest member that exists in the input), per diagnostic, per schema
//! finding of an invalid output, plus one for a failure, a refusal or a preprocessing check
//! that found a difference (line 1). Levels: lossy and manual changes, errors, failures,
//! refusals, invalid outputs and preprocessing differences are `error`; assumed changes and
//! warnings are `warning`; lossless changes and informational diagnostics are `notice`
//! (SARIF `note`).
//!
//! GitHub workflow command syntax and escaping: <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>
//! (escaping as `@actions/core` does it: data `%` `\r` `\n`; properties also `:` and `,`).
//! SARIF: <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::summary::Mode;
use super::{Fidelity, Severity};
use crate::check::Verdict;
use crate::document::{Format, Locator};
use crate::engine::run::{FileReport, Status};
use crate::kernel::pointer::Pointer;

/// How serious an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Informational (`::notice`, SARIF `note`).
    Notice,
    /// Worth a look (`::warning`, SARIF `warning`).
    Warning,
    /// Needs a person or fails the file (`::error`, SARIF `error`).
    Error,
}

impl Level {
    /// The workflow command: `notice`, `warning` or `error`.
    pub fn command(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// The SARIF `level`: `note`, `warning` or `error`.
    pub fn sarif(self) -> &'static str {
        match self {
            Self::Notice => "note",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One finding placed on a line of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// How serious it is.
    pub level: Level,
    /// 1-based line in the input file.
    pub line: usize,
    /// 1-based column (characters) in the input file.
    pub column: usize,
    /// The rule id or diagnostic code (`value-scaling-from-norm`, `read-error`).
    pub rule: String,
    /// A one-line title (`mlm-migrate: would be migrated`).
    pub title: String,
    /// What happened and why, one or more lines.
    pub message: String,
    /// The public source of the rule, for SARIF rule descriptions (may be empty).
    pub spec: String,
    /// A link to the public source (may be empty).
    pub url: String,
}

/// The annotations of one processed file (its input text still held: call before
/// [`FileReport::without_texts`]); positions come from the JSON text, line 1 column 1 where
/// none is found (YAML input, a failed read).
pub fn annotations(r: &FileReport, mode: Mode) -> Vec<Annotation> {
    let locator = if r.format == Some(Format::Json) {
        Locator::json(&r.input_text)
    } else {
        Locator::none()
    };
    let at = |p: Option<&Pointer>| -> (usize, usize) {
        let mut p = p.cloned();
        while let Some(ptr) = p {
            if let Some(pos) = locator.position(&ptr) {
                return pos;
            }
            p = ptr.split_last().map(|(parent, _)| parent);
        }
        (1, 1)
    };
    let title = format!("mlm-migrate: {}", mode.status_word(r.status));
    let mut out = Vec::new();
    let mut push = |level, (line, column), rule: &str, message: String, spec: &str, url: &str| {
        out.push(Annotation {
            level,
            line,
            column,
            rule: rule.to_owned(),
            title: title.clone(),
            message,
            spec: spec.to_owned(),
            url: url.to_owned(),
        });
    };
    if let Some(e) = &r.error {
        push(
            Level::Error,
            error_position(&r.file, e),
            "read-error",
            e.clone(),
            "",
            "",
        );
    }
    for refusal in &r.refusals {
        push(
            Level::Error,
            (1, 1),
            "refused",
            format!("refused: {refusal}"),
            "",
            "",
        );
    }
    if let Some(m) = &r.migration {
        let verb = if mode.is_dry_run() && r.status == Status::Migrated {
            "would change"
        } else {
            "changes"
        };
        for c in &m.changes {
            let level = match c.fidelity {
                Fidelity::Lossy | Fidelity::Manual => Level::Error,
                Fidelity::Assumed => Level::Warning,
                Fidelity::Lossless => Level::Notice,
            };
            let pointer = c.from.as_ref().or(c.to.as_ref());
            let shown = match (&c.from, &c.to) {
                (Some(f), Some(t)) if f != t => format!("{f} → {t}"),
                (f, t) => f
                    .as_ref()
                    .or(t.as_ref())
                    .map_or_else(String::new, ToString::to_string),
            };
            let message = format!(
                "{verb} ({}): {shown}: {} [{}; `mlm-migrate explain {}`]",
                c.fidelity, c.message, c.rule.id, c.rule.id
            );
            push(
                level,
                at(pointer),
                &c.rule.id,
                message,
                &c.rule.spec,
                &c.rule.url,
            );
        }
        for d in &m.diagnostics {
            let level = match d.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
                Severity::Info => Level::Notice,
            };
            let mut message = d.message.clone();
            if let Some(h) = &d.hint {
                let _ = write!(message, "\nhint: {h}");
            }
            push(
                level,
                at(d.pointer.as_ref()),
                d.code.id,
                message,
                d.code.what,
                "",
            );
        }
    }
    if let Some(v) = r.validation.as_ref().filter(|v| !v.valid) {
        for f in v.introduced.iter().chain(v.carried_only()) {
            let message = format!(
                "the output is invalid against {}: {}: {}",
                v.target,
                f.pointer.as_str(),
                f.message
            );
            push(
                Level::Error,
                at(Some(&f.pointer)),
                f.code.id,
                message,
                f.code.what,
                "",
            );
        }
    }
    if let Some(c) = &r.check {
        if matches!(c.verdict, Verdict::Differs { .. }) {
            push(
                Level::Error,
                (1, 1),
                "preprocessing-differs",
                c.summary_line(),
                "",
                "",
            );
        }
    }
    out
}

/// The `line:column` a read error names right after the file name (`a.json:4:3: …`), else 1:1.
fn error_position(file: &str, error: &str) -> (usize, usize) {
    let parse = || -> Option<(usize, usize)> {
        let rest = error.strip_prefix(file)?.strip_prefix(':')?;
        let mut parts = rest.splitn(3, ':');
        let line = parts.next()?.parse().ok()?;
        let column = parts.next()?.parse().ok()?;
        Some((line, column))
    };
    parse().filter(|&(l, c)| l > 0 && c > 0).unwrap_or((1, 1))
}

/// `%`, carriage return and line feed escaped, as `@actions/core` escapes a command's data.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// [`escape_data`] plus `:` and `,`, as `@actions/core` escapes a command's property values.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command lines of one file's annotations:
/// `::error file=items/a.json,line=12,col=7,title=…::message`.
pub fn github(file: &str, annotations: &[Annotation]) -> String {
    let mut out = String::new();
    for a in annotations {
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},title={}::{}",
            a.level.command(),
            escape_property(file),
            a.line,
            a.column,
            escape_property(&a.title),
            escape_data(&a.message)
        );
    }
    out
}

/// The SARIF `$schema` URI of version 2.1.0 (OASIS errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF `result` objects of one file's annotations.
pub fn sarif_results(file: &str, annotations: &[Annotation]) -> Vec<Value> {
    annotations
        .iter()
        .map(|a| {
            json!({
                "ruleId": a.rule,
                "level": a.level.sarif(),
                "message": {"text": a.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file.replace('\\', "/")},
                        "region": {"startLine": a.line, "startColumn": a.column}
                    }
                }]
            })
        })
        .collect()
}

/// The SARIF `reportingDescriptor` of an annotation's rule (id, description, help link).
pub fn sarif_rule(a: &Annotation) -> Value {
    let mut rule = json!({"id": a.rule});
    if !a.spec.is_empty() {
        rule["shortDescription"] = json!({"text": a.spec});
    }
    if !a.url.is_empty() {
        rule["helpUri"] = json!(a.url);
    }
    rule
}

/// The start of a SARIF 2.1.0 log up to the opening of the run's `results` array.
pub fn sarif_head() -> String {
    format!(
        "{{\n\"$schema\": \"{SARIF_SCHEMA}\",\n\"version\": \"2.1.0\",\n\"runs\": [{{\n\"results\": [\n"
    )
}

/// The end of a SARIF log after its results: the tool (`mlm-migrate`, its version, the
/// `rules` met) and the closing brackets.
///
/// # Errors
/// A serialization error (a bug: the rules are plain JSON).
pub fn sarif_tail(rules: &[Value]) -> Result<String, serde_json::Error> {
    let driver = json!({
        "name": "mlm-migrate",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    Ok(format!(
        "\n],\n\"tool\": {{\"driver\": {}}}\n}}]\n}}\n",
        serde_json::to_string(&driver)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_core() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn sarif_log_is_one_json_document() {
        let a = Annotation {
            level: Level::Warning,
            line: 3,
            column: 5,
            rule: "r".into(),
            title: "t".into(),
            message: "m".into(),
            spec: "MLM README".into(),
            url: "https://example.org".into(),
        };
        let results: Vec<String> = sarif_results("a.json", std::slice::from_ref(&a))
            .iter()
            .map(ToString::to_string)
            .collect();
        let text = format!(
            "{}{}{}",
            sarif_head(),
            results.join(",\n"),
            sarif_tail(&[sarif_rule(&a)]).unwrap()
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(v["runs"][0]["results"][0]["level"], "warning");
        assert_eq!(
            v["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"],
            "https://example.org"
        );
    }
}
