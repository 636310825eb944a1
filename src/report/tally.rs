//! What a bulk run adds up to, for the closing summary a person reads: files by outcome,
//! changes by fidelity, the placeholders and refusals that still need a person, and why the
//! exit code is what it is.
//!
//! Each file contributes a small [`FileTally`] (made where the file was processed, so the
//! report itself never has to be kept); the run merges them into a [`Tally`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::summary::{Mode, Summary};
use super::text::short;
use crate::check::Verdict;
use crate::engine::run::{ExitStatus, FileReport, Status};
use crate::kernel::records::Fidelity;

/// True when a person must look at the file before its upgrade is merged: it failed or was
/// refused, has a lossy or manual change (a placeholder), error diagnostics, an invalid
/// output, or a preprocessing check that found a difference.
pub fn needs_person(r: &FileReport) -> bool {
    let changes = r.migration.as_ref().is_some_and(|m| {
        m.has_errors()
            || m.changes
                .iter()
                .any(|c| matches!(c.fidelity, Fidelity::Lossy | Fidelity::Manual))
    });
    matches!(r.status, Status::Failed | Status::Refused)
        || changes
        || r.validation.as_ref().is_some_and(|v| !v.valid)
        || r.check
            .as_ref()
            .is_some_and(|c| matches!(c.verdict, Verdict::Differs { .. }))
}

/// What one file contributes to the run's [`Tally`].
#[derive(Debug, Clone, Default)]
pub struct FileTally {
    status: Option<Status>,
    changed: bool,
    fidelity: [usize; 4],
    manual: Vec<Placeholder>,
    lossy_refused: bool,
    strict_refused: bool,
    invalid: bool,
    differs: bool,
    errors: bool,
    person: bool,
    exit: Option<ExitStatus>,
    line: bool,
}

/// A placeholder or manual change a person must look at, counted over the run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Placeholder {
    /// The rule that wrote it (`artifact-type-required`).
    pub rule: String,
    /// The member it sits in (`mlm:artifact_type`).
    pub field: String,
    /// The value written, shortened (`"unknown"`).
    pub value: String,
}

fn slot(f: Fidelity) -> usize {
    match f {
        Fidelity::Lossless => 0,
        Fidelity::Assumed => 1,
        Fidelity::Lossy => 2,
        Fidelity::Manual => 3,
    }
}

impl FileTally {
    /// The tally of one processed file in `mode` (after its output was written or not).
    pub fn of(r: &FileReport, mode: Mode) -> Self {
        let mut t = Self {
            status: Some(r.status),
            changed: r.changed(),
            exit: Some(mode.exit_status(r)),
            ..Self::default()
        };
        if let Some(m) = &r.migration {
            for c in &m.changes {
                t.fidelity[slot(c.fidelity)] += 1;
                if c.fidelity == Fidelity::Manual {
                    let field =
                        c.to.as_ref()
                            .or(c.from.as_ref())
                            .and_then(|p| p.split_last())
                            .map_or_else(String::new, |(_, last)| last);
                    t.manual.push(Placeholder {
                        rule: c.rule.id.to_string(),
                        field,
                        value: short(c.new.as_ref()),
                    });
                }
            }
            t.errors = m.has_errors();
        }
        t.lossy_refused = r.refusals.iter().any(|x| x.starts_with("lossy"));
        t.strict_refused = r.refusals.iter().any(|x| !x.starts_with("lossy"));
        t.invalid = r.validation.as_ref().is_some_and(|v| !v.valid);
        t.person = needs_person(r);
        t.differs = r
            .check
            .as_ref()
            .is_some_and(|c| matches!(c.verdict, Verdict::Differs { .. }));
        t
    }

    /// The same tally, for a document read from one line of an NDJSON stream (the summary
    /// then counts lines, or documents when files and lines are mixed).
    #[must_use]
    pub fn from_stream_line(mut self) -> Self {
        self.line = true;
        self
    }
}

/// The run's totals (see the module docs).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Files by outcome.
    pub counts: Summary,
    /// Refused files whose refusal names a lossy change.
    pub refused_lossy: usize,
    /// Refused files refused only by `--strict`.
    pub refused_strict: usize,
    /// Changes by fidelity over every file (written or not).
    pub fidelity: BTreeMap<Fidelity, usize>,
    /// Placeholders and other manual changes with how often each was written.
    pub manual: BTreeMap<String, usize>,
    /// Files whose output is invalid.
    pub invalid: usize,
    /// Files whose preprocessing check found a difference.
    pub differs: usize,
    /// Files with error diagnostics.
    pub errors: usize,
    /// Files that would change (dry runs) or changed.
    pub changed: usize,
    /// Files that need a person (see [`needs_person`]).
    pub person: usize,
    /// The exit status the run calls for.
    pub exit: Option<ExitStatus>,
    #[serde(skip)]
    placeholders: BTreeMap<Placeholder, usize>,
    /// How many of the documents counted in `counts.files` were lines of NDJSON streams.
    #[serde(skip)]
    pub lines: usize,
}

impl Tally {
    /// Adds one file.
    pub fn add(&mut self, t: FileTally) {
        match t.status {
            Some(Status::Migrated) => self.counts.migrated += 1,
            Some(Status::Unchanged) => self.counts.current += 1,
            Some(Status::Refused) => self.counts.refused += 1,
            Some(Status::Failed) => self.counts.failed += 1,
            Some(Status::Skipped) => self.counts.skipped += 1,
            None => return,
        }
        self.counts.files += 1;
        self.lines += usize::from(t.line);
        if t.status == Some(Status::Refused) {
            if t.lossy_refused {
                self.refused_lossy += 1;
            } else {
                self.refused_strict += 1;
            }
        }
        let fids = [
            Fidelity::Lossless,
            Fidelity::Assumed,
            Fidelity::Lossy,
            Fidelity::Manual,
        ];
        for f in fids {
            let n = t.fidelity[slot(f)];
            if n > 0 {
                *self.fidelity.entry(f).or_default() += n;
            }
        }
        for p in t.manual {
            let label = format!("{}: {} ({})", p.field, p.value, p.rule);
            *self.manual.entry(label).or_default() += 1;
            *self.placeholders.entry(p).or_default() += 1;
        }
        self.invalid += usize::from(t.invalid);
        self.differs += usize::from(t.differs);
        self.errors += usize::from(t.errors);
        self.changed += usize::from(t.changed);
        self.person += usize::from(t.person);
        self.exit = self.exit.max(t.exit);
    }

    /// What the run counts, for `n` of them: `file`/`files` when every document was a file,
    /// `line`/`lines` when every one was a line of an NDJSON stream, else
    /// `document`/`documents`.
    pub fn noun(&self, n: usize) -> &'static str {
        let (one, many) = if self.lines == 0 {
            ("file", "files")
        } else if self.lines == self.counts.files {
            ("line", "lines")
        } else {
            ("document", "documents")
        };
        if n == 1 { one } else { many }
    }

    /// `n` and [`Tally::noun`]: `3 files`, `1 line`.
    pub fn count(&self, n: usize) -> String {
        format!("{n} {}", self.noun(n))
    }

    /// The closing summary for a person, in the tense of `mode` (see the module docs):
    ///
    /// ```text
    /// 10000 files: 9500 migrated, 400 already current, 50 skipped (not model documents), 30 refused (lossy), 20 failed
    /// changes: 38000 lossless, 9500 assumed, 500 manual, 30 lossy (not written)
    /// needs a person:
    ///   500 × mlm:artifact_type = "unknown" (artifact-type-required; `mlm-migrate explain artifact-type-required`)
    /// exit code 1: 30 files refused (lossy changes need --allow-lossy)
    /// ```
    pub fn render(&self, mode: Mode) -> String {
        let c = &self.counts;
        let mut parts = vec![
            format!("{} {}", c.migrated, mode.migrated()),
            format!("{} already current", c.current),
        ];
        if c.skipped > 0 {
            parts.push(format!("{} skipped (not model documents)", c.skipped));
        }
        let verb = if mode.is_dry_run() {
            "would be refused"
        } else {
            "refused"
        };
        if self.refused_lossy > 0 {
            parts.push(format!("{} {verb} (lossy)", self.refused_lossy));
        }
        if self.refused_strict > 0 {
            parts.push(format!("{} {verb} (--strict)", self.refused_strict));
        }
        if c.failed > 0 {
            parts.push(format!("{} failed", c.failed));
        }
        let mut out = format!("{}: {}\n", self.count(c.files), parts.join(", "));
        if !self.fidelity.is_empty() {
            let f: Vec<String> = self
                .fidelity
                .iter()
                .map(|(f, n)| format!("{n} {f}"))
                .collect();
            let _ = writeln!(out, "changes by fidelity: {}", f.join(", "));
        }
        if !self.placeholders.is_empty() {
            out.push_str("needs a person:\n");
            for (p, n) in &self.placeholders {
                let _ = writeln!(
                    out,
                    "  {n} × {} = {} ({}; `mlm-migrate explain {}`)",
                    p.field, p.value, p.rule, p.rule
                );
            }
        }
        if let Some(why) = self.exit_reason(mode) {
            let _ = writeln!(out, "{why}");
        }
        out
    }

    /// Why the run exits 1 or 2, in one line; `None` when it exits 0.
    pub fn exit_reason(&self, mode: Mode) -> Option<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let has = |n: usize| format!("{} {}", self.count(n), if n == 1 { "has" } else { "have" });
        match self.exit? {
            ExitStatus::Clean => None,
            ExitStatus::Failure => Some(format!(
                "exit code 2: {} could not be read or migrated",
                self.count(self.counts.failed)
            )),
            ExitStatus::Findings => {
                let mut why = Vec::new();
                if mode.is_dry_run() && self.changed > 0 {
                    why.push(format!("{} would change", self.count(self.changed)));
                }
                if self.refused_lossy > 0 {
                    why.push(format!(
                        "{} refused (lossy changes need --allow-lossy)",
                        self.count(self.refused_lossy)
                    ));
                }
                if self.refused_strict > 0 {
                    why.push(format!(
                        "{} refused by --strict",
                        self.count(self.refused_strict)
                    ));
                }
                if self.invalid > 0 {
                    why.push(format!(
                        "{} invalid",
                        plural(self.invalid, "output is", "outputs are")
                    ));
                }
                if self.differs > 0 {
                    why.push(format!("{} a preprocessing difference", has(self.differs)));
                }
                if self.errors > 0 && why.is_empty() {
                    why.push(format!("{} error diagnostics", has(self.errors)));
                }
                Some(format!("exit code 1: {}", why.join("; ")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_files_lines_or_documents() {
        let failed = || FileTally {
            status: Some(Status::Failed),
            ..FileTally::default()
        };
        let mut files = Tally::default();
        files.add(failed());
        assert_eq!(files.count(1), "1 file");
        let mut lines = Tally::default();
        lines.add(failed().from_stream_line());
        lines.add(failed().from_stream_line());
        assert_eq!(lines.count(2), "2 lines");
        let mut mixed = lines.clone();
        mixed.add(failed());
        assert_eq!(mixed.count(3), "3 documents");
        assert!(mixed.render(Mode::Check).starts_with("3 documents: "));
    }
}
