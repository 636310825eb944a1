//! What a run did, in the tense of its mode: the counts, the closing sentence ("2 would be
//! migrated, 5 already current"), the one-line reason per file of `--check`, and the exit
//! status the mode calls for (ruff's `format --check` / typos' modes).

use serde::Serialize;

use super::text::counts;
use crate::engine::run::{ExitStatus, FileReport, Status};

/// What a migration run does with its outputs. The modes are exclusive on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Output documents on standard output (the default).
    Stdout,
    /// Output documents to `-o FILE` or `-o DIR`.
    Output,
    /// Rewrite inputs in place (`-w`).
    Write,
    /// Write nothing; a file that would change is a finding (`--check`).
    Check,
    /// Write nothing; print a unified diff; a file that would change is a finding (`--diff`).
    Diff,
}

impl Mode {
    /// The mode's name as in JSON reports: `stdout`, `output`, `write`, `check`, `diff`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stdout => "stdout",
            Self::Output => "output",
            Self::Write => "write",
            Self::Check => "check",
            Self::Diff => "diff",
        }
    }

    /// True for the modes that write nothing and speak in the conditional.
    pub fn is_dry_run(self) -> bool {
        matches!(self, Self::Check | Self::Diff)
    }

    /// The verb for files whose output differs: "would be migrated" or "migrated".
    pub fn migrated(self) -> &'static str {
        if self.is_dry_run() {
            "would be migrated"
        } else {
            "migrated"
        }
    }

    /// The exit status one file calls for in this mode: its own ([`FileReport::exit_status`]),
    /// raised to findings when a dry-run mode finds that it would change.
    pub fn exit_status(self, r: &FileReport) -> ExitStatus {
        let outdated = self.is_dry_run() && r.changed();
        r.exit_status().max(if outdated {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        })
    }

    /// The word for one file's outcome in this mode.
    pub fn status_word(self, status: Status) -> &'static str {
        match status {
            Status::Migrated => self.migrated(),
            Status::Unchanged => "already current",
            Status::Refused => "refused",
            Status::Failed => "failed",
            Status::Skipped => "skipped (not a model document)",
        }
    }
}

/// Counts of a run by outcome.
///
/// JSON shape: `{"files": 7, "migrated": 2, "current": 5, "refused": 0, "failed": 0}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs processed.
    pub files: usize,
    /// Inputs whose output differs and may be written (or would be, in a dry run).
    pub migrated: usize,
    /// Inputs already current: the output is the input, byte for byte.
    pub current: usize,
    /// Inputs whose output was refused (lossy, or assumed under `--strict`).
    pub refused: usize,
    /// Inputs that could not be migrated.
    pub failed: usize,
    /// Inputs skipped as not model documents (several files or a directory).
    pub skipped: usize,
}

impl Summary {
    /// Counts `reports`.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut s = Self::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Counts one more report (bulk runs count as they go, without keeping reports).
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        match r.status {
            Status::Migrated => self.migrated += 1,
            Status::Unchanged => self.current += 1,
            Status::Refused => self.refused += 1,
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
        }
    }

    /// "2 migrated, 5 already current" in the tense of `mode`; refusals and failures are named
    /// only when there are some.
    pub fn sentence(&self, mode: Mode) -> String {
        let mut parts = vec![
            format!("{} {}", self.migrated, mode.migrated()),
            format!("{} already current", self.current),
        ];
        if self.refused > 0 {
            parts.push(format!("{} refused", self.refused));
        }
        if self.failed > 0 {
            parts.push(format!("{} failed", self.failed));
        }
        if self.skipped > 0 {
            parts.push(format!("{} skipped (not model documents)", self.skipped));
        }
        parts.join(", ")
    }
}

/// The version a file declares (`mlm@1.3.0`), or `undeclared`.
pub fn declared(r: &FileReport) -> String {
    r.migration
        .as_ref()
        .and_then(|m| m.detection.declared_specs().next())
        .map_or_else(|| "undeclared".to_owned(), |s| s.id().to_owned())
}

/// The one-line reason `--check` gives for a file, or `None` when the file is current and
/// clean. Shapes:
///
/// ```text
/// a.json: would be migrated: mlm@1.3.0 → mlm@1.5.1, 4 changes (2 lossless, 2 assumed)
/// b.json: would be refused: lossy change at /properties/x: … (+1 more)
/// c.json: failed: c.json:3:5: invalid JSON: …
/// d.json: already current, but: output invalid against the schemas
/// ```
pub fn check_line(r: &FileReport, mode: Mode) -> Option<String> {
    let file = &r.file;
    match (&r.migration, r.status) {
        (_, Status::Failed) => {
            let error = r.error.as_deref().unwrap_or("not migrated");
            let first = error.lines().next().unwrap_or_default();
            Some(format!("{file}: failed: {first}"))
        }
        (_, Status::Refused) => {
            let more = r.refusals.len().saturating_sub(1);
            let first = r.refusals.first().map_or("", String::as_str);
            let tail = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            let verb = if mode.is_dry_run() { "would be" } else { "was" };
            Some(format!("{file}: {verb} refused: {first}{tail}"))
        }
        (Some(m), Status::Migrated) => Some(format!(
            "{file}: {}: {} → {}, {}",
            mode.migrated(),
            declared(r),
            m.target,
            counts(&m.changes, r.read_warnings.len())
        )),
        (_, _) => findings(r).map(|f| format!("{file}: already current, but: {f}")),
    }
}

/// Why an unchanged file is still a finding (invalid output, error diagnostics, a
/// preprocessing difference), or `None`.
fn findings(r: &FileReport) -> Option<String> {
    if r.exit_status() == ExitStatus::Clean {
        return None;
    }
    let mut why = Vec::new();
    if let Some(v) = r.validation.as_ref().filter(|v| !v.valid) {
        let mut codes: Vec<&str> = v.output().map(|f| f.code.id).collect();
        codes.dedup();
        why.push(format!("output invalid ({})", codes.join(", ")));
    }
    if let Some(m) = &r.migration {
        why.extend(
            m.diagnostics
                .iter()
                .filter(|d| d.severity == super::Severity::Error)
                .map(|d| format!("error[{}]", d.code)),
        );
    }
    if why.is_empty() {
        why.push("preprocessing check found a difference".to_owned());
    }
    Some(why.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_speak_in_the_mode_tense() {
        let s = Summary {
            files: 7,
            migrated: 2,
            current: 5,
            refused: 0,
            failed: 0,
            skipped: 0,
        };
        let cases = [
            (Mode::Check, "2 would be migrated, 5 already current"),
            (Mode::Diff, "2 would be migrated, 5 already current"),
            (Mode::Write, "2 migrated, 5 already current"),
            (Mode::Stdout, "2 migrated, 5 already current"),
        ];
        for (mode, expected) in cases {
            assert_eq!(s.sentence(mode), expected);
            assert_eq!(serde_json::to_value(mode).unwrap(), mode.name());
        }
        let s = Summary {
            refused: 1,
            failed: 2,
            ..s
        };
        assert_eq!(
            s.sentence(Mode::Output),
            "2 migrated, 5 already current, 1 refused, 2 failed"
        );
    }
}
