//! `mlm-migrate schemas fetch|path`: fill and locate the schema cache.

use anyhow::Context;
use mlm_migrate::run::{ExitStatus, Input};
use mlm_migrate::validate::cache::cache_dir;
use mlm_migrate::validate::fetch::{declared_urls, fetch, official_urls};

use super::args::{FetchArgs, ReportFormat, SchemasCommand};
use super::write_stdout;

/// Runs a `schemas` subcommand.
pub(crate) fn run(command: &SchemasCommand) -> anyhow::Result<ExitStatus> {
    match command {
        SchemasCommand::Path => {
            let dir = cache_dir()
                .context("this platform has no cache directory; set MLM_MIGRATE_CACHE")?;
            write_stdout(&format!("{}\n", dir.display()))?;
            Ok(ExitStatus::Clean)
        }
        SchemasCommand::Fetch(args) => fetch_cmd(args),
    }
}

/// Exit 0 when every schema was fetched, 1 when some could not be, 2 when none could.
fn fetch_cmd(args: &FetchArgs) -> anyhow::Result<ExitStatus> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => cache_dir()
            .context("this platform has no cache directory; set MLM_MIGRATE_CACHE or use --dir")?,
    };
    let mut urls = official_urls();
    urls.extend(args.urls.iter().cloned());
    for path in &args.from {
        let source = Input::from_arg(path).read().map_err(anyhow::Error::msg)?;
        urls.extend(declared_urls(&source.value));
    }
    let report = fetch(&urls, &dir, args.base_url.as_deref());
    match args.format {
        ReportFormat::Json => {
            write_stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?
        }
        ReportFormat::Text => {
            let mut text = format!(
                "fetched {} schema{} into {}\n",
                report.fetched.len(),
                if report.fetched.len() == 1 { "" } else { "s" },
                dir.display()
            );
            for failed in &report.failed {
                text.push_str(&format!(
                    "  not fetched: {}: {}\n",
                    failed.url, failed.reason
                ));
            }
            write_stdout(&text)?;
        }
    }
    Ok(
        match (report.fetched.is_empty(), report.failed.is_empty()) {
            (_, true) => ExitStatus::Clean,
            (true, false) => ExitStatus::Failure,
            (false, false) => ExitStatus::Findings,
        },
    )
}
