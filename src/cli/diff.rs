//! `mlm-migrate diff OLD NEW`: the semantic diff of two documents (`mlm_migrate::review`).
//! Standard output gets the diff in the chosen format, standard error one summary line.
//! Exit 0 identical, 1 different, 2 unreadable input.

use std::io::Write;

use mlm_migrate::review::{compare, render};
use mlm_migrate::run::{ExitStatus, Input};

use super::args::{DiffArgs, DiffFormat};
use super::{stdout_color, write_stdout};

/// Runs the command; `Err` (exit 2) when either document cannot be read.
pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<ExitStatus> {
    let read = |p: &std::path::Path| {
        let input = Input::from_arg(p);
        input
            .read()
            .map(|s| (input.name(), s))
            .map_err(anyhow::Error::msg)
    };
    let (old_name, old) = read(&args.old)?;
    let (new_name, new) = read(&args.new)?;
    let diff = compare(&old_name, &old.value, &new_name, &new.value);
    let text = match args.format {
        DiffFormat::Unified => render::listing(
            &diff,
            render::ListingOptions {
                color: stdout_color(args.color),
            },
        ),
        DiffFormat::JsonPatch => render::json_patch(&diff)?,
        DiffFormat::Markdown => render::markdown(&diff),
    };
    write_stdout(&text)?;
    let _ = writeln!(std::io::stderr(), "{}", diff.summary());
    Ok(if diff.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}
