//! Command-line arguments (clap lives only in the binary).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mlm_migrate::Spec;
use mlm_migrate::files::WalkOptions;
use mlm_migrate::files::read::parse_size;

/// Upgrade STAC metadata of machine-learning models (DLM, ML-Model, MLM 1.0–1.6.0) to MLM 1.5.1, or back to an older MLM, DLM or ML-Model version.
#[derive(Debug, Parser)]
#[command(name = "mlm-migrate", version, about, long_about = None)]
#[command(
    after_help = "Without a subcommand, `mlm-migrate FILE...` is `mlm-migrate migrate FILE...`.\n\
Exit codes: 0 clean, 1 findings (invalid output, refused lossy or assumed changes, --check or \
--diff found outdated files; `diff`: the documents differ), 2 the tool could not do its job \
(unreadable input, no model content, bad arguments)."
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Migrate documents to the target version (the default command).
    Migrate(MigrateArgs),
    /// Show which spec and version documents declare and which their fields show.
    Detect(DetectArgs),
    /// Validate documents: typed checks of every DLM / ML-Model / MLM field, and the official
    /// JSON schemas when available (--schemas DIR, or the cache `schemas fetch` fills).
    Validate(ValidateArgs),
    /// Manage the schema cache (`schemas fetch`, `schemas path`).
    #[command(subcommand)]
    Schemas(SchemasCommand),
    /// Semantic diff of two STAC documents: key order and formatting ignored, moves shown as
    /// moves, each difference named by the MLM rule behind it when recognised.
    Diff(DiffArgs),
    /// Prove that a converted document feeds the model the same numbers as its source.
    Check(CheckArgs),
    /// Explain a rule or diagnostic code (`--list` lists them).
    Explain(ExplainArgs),
    /// Print a shell completion script (`mlm-migrate completions bash > ~/.local/share/bash-completion/completions/mlm-migrate`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff; `mlm-migrate man | man -l -`).
    Man,
}

/// Options of `completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Subcommand names, for the "no subcommand means migrate" rule.
pub(crate) const SUBCOMMANDS: &[&str] = &[
    "migrate",
    "detect",
    "validate",
    "schemas",
    "diff",
    "check",
    "explain",
    "completions",
    "man",
    "help",
];

/// Which files the paths name, and how much of each is read (migrate, detect, validate).
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Follow symbolic links while walking directories (never out of the directory given;
    /// loops are detected). Without it, links met in a walk are skipped with a note.
    #[arg(short = 'L', long, help_heading = "Input")]
    pub follow: bool,
    /// Take only files matching this glob (relative to the directory walked; repeatable).
    /// Matching files are taken whatever their extension.
    #[arg(long, value_name = "GLOB", help_heading = "Input")]
    pub include: Vec<String>,
    /// Leave out files and directories matching this glob (repeatable); `.gitignore` and
    /// hidden files are left out already.
    #[arg(long, value_name = "GLOB", help_heading = "Input")]
    pub exclude: Vec<String>,
    /// Walk hidden files and directories too (temporary files of mlm-migrate excepted).
    #[arg(long, help_heading = "Input")]
    pub hidden: bool,
    /// Do not respect `.gitignore`, `.ignore` and git's exclude files.
    #[arg(long, help_heading = "Input")]
    pub no_ignore: bool,
    /// Refuse documents larger than this (checked before reading; streams are read up to
    /// it): 64M, 1G, 500000.
    #[arg(long, default_value = "64M", value_parser = parse_size, value_name = "SIZE",
          help_heading = "Input")]
    pub max_size: u64,
}

impl InputArgs {
    /// The walker's options.
    pub(crate) fn walk_options(&self) -> WalkOptions {
        WalkOptions {
            follow: self.follow,
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            hidden: self.hidden,
            no_ignore: self.no_ignore,
        }
    }
}

/// Options of `migrate`.
#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// Item, Collection or ItemCollection files (.json, .yaml, .yml), NDJSON streams
    /// (.ndjson, one Item per line), static catalogs (catalog.json or collection.json: their
    /// relative `child` and `item` links are followed), or directories to walk; `-` reads
    /// standard input (a document, or NDJSON).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which files, and how much of each.
    #[command(flatten)]
    pub input: InputArgs,
    /// Rewrite read-only files too under --write (their mode stays read-only).
    #[arg(long, help_heading = "Output")]
    pub force: bool,
    /// Version to write.
    #[arg(long, default_value_t = Spec::default_target(), value_name = "TARGET",
          help_heading = "Conversion")]
    pub to: Spec,
    /// Output file (one input) or directory (several inputs); default: standard output.
    #[arg(short, long, value_name = "PATH", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// What to do with the result.
    #[command(flatten)]
    pub mode: ModeArgs,
    /// What to write as output: the migrated document, or the RFC 6902 JSON Patch from the
    /// input to it.
    #[arg(long, value_enum, default_value_t = OutputFormat::Document, value_name = "FMT",
          conflicts_with_all = ["write", "check", "diff"], help_heading = "Output")]
    pub format: OutputFormat,
    /// Report format (standard error, or --report-file). Default: every change of a single
    /// file; one line per file that changed or failed in a bulk run, then a summary.
    #[arg(long, value_enum, value_name = "FMT", help_heading = "Report")]
    pub report: Option<MigrateReport>,
    /// Write the report to this file instead of standard error (the terminal still shows
    /// progress and the summary).
    #[arg(long, value_name = "PATH", help_heading = "Report")]
    pub report_file: Option<PathBuf>,
    /// Cap a Markdown report at this many characters (GitHub's comment limit by default; 0:
    /// no cap). File blocks that do not fit are cut, the summary stays, and a note says where
    /// the full report is: with --report-file PATH, it is written next to it as
    /// PATH's stem + `.full.md`.
    #[arg(long, value_name = "CHARS", default_value_t = mlm_migrate::report::markdown::COMMENT_LIMIT,
          help_heading = "Report")]
    pub report_limit: usize,
    /// List every change of every file (the same as --report text).
    #[arg(short, long, conflicts_with = "quiet", help_heading = "Report")]
    pub verbose: bool,
    /// Print only failures: no progress bar, no per-file lines, no summary.
    #[arg(short, long, help_heading = "Report")]
    pub quiet: bool,
    /// Skip documents without DLM, ML-Model or MLM content instead of failing on them (always
    /// on when several files or a directory are given; for hooks that may pass one file).
    #[arg(long, help_heading = "Input")]
    pub skip_non_model: bool,
    /// Repair defects common in real catalogs (date-only `datetime`, `assets` as an array,
    /// short extension names, …: the `fix-*` rules of `mlm-migrate explain --list`), also in
    /// --check and --diff previews. Without it, each defect is reported.
    #[arg(long)]
    pub fix: bool,
    /// Write output even when a change loses information.
    #[arg(long, help_heading = "Conversion")]
    pub allow_lossy: bool,
    /// Refuse assumed values and placeholders (every assumption becomes an error).
    #[arg(long, help_heading = "Conversion")]
    pub strict: bool,
    /// Schema directory (host/path layout) for validating input and output; default: the
    /// cache filled by `mlm-migrate schemas fetch`.
    #[arg(
        long,
        env = "MLM_MIGRATE_SCHEMAS",
        value_name = "DIR",
        help_heading = "Validation"
    )]
    pub schemas: Option<PathBuf>,
    /// Colour in the text report (standard error) and the --diff output (standard output).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN",
          help_heading = "Report")]
    pub color: ColorChoice,
    /// Files migrated at once (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Input")]
    pub threads: Option<usize>,
}

/// The output modes, one exclusive group.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub(crate) struct ModeArgs {
    /// Rewrite the input files in place (atomically).
    #[arg(short, long, conflicts_with = "output", help_heading = "Mode")]
    pub write: bool,
    /// Write nothing; exit 1 if any file would change, with a one-line reason per file.
    #[arg(long, conflicts_with = "output", help_heading = "Mode")]
    pub check: bool,
    /// Write nothing; print a unified diff of each file that would change (exit 1 if any).
    #[arg(long, conflicts_with = "output", help_heading = "Mode")]
    pub diff: bool,
}

/// Output formats of `migrate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// The migrated document, in the input's format.
    Document,
    /// The RFC 6902 JSON Patch from the input to the migrated document.
    JsonPatch,
}

/// Report formats of `migrate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MigrateReport {
    /// Human-readable lines.
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: one record per line, tagged by `type` (file, change, diagnostic,
    /// validation, check, summary).
    JsonLines,
    /// GitHub-flavoured Markdown, for a pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`): findings inline
    /// on the pull request's files.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Human-readable lines.
    Text,
    /// One JSON document.
    Json,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When standard error is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options of `detect`.
#[derive(Debug, Args)]
pub(crate) struct DetectArgs {
    /// Documents or directories to inspect; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which files, and how much of each.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FMT")]
    pub format: ReportFormat,
}

/// Options of `validate`.
#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Documents or directories to validate; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which files, and how much of each.
    #[command(flatten)]
    pub input: InputArgs,
    /// Schema directory (host/path layout); default: the cache filled by `mlm-migrate
    /// schemas fetch`.
    #[arg(long, env = "MLM_MIGRATE_SCHEMAS", value_name = "DIR")]
    pub schemas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FMT")]
    pub format: ReportFormat,
}

/// `mlm-migrate schemas …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SchemasCommand {
    /// Download the official schemas (every version read or written, STAC core, the
    /// extensions they refer to) into the cache, or into --dir.
    Fetch(FetchArgs),
    /// Print the schema cache directory (MLM_MIGRATE_CACHE moves it).
    Path,
}

/// Options of `schemas fetch`.
#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// More schema URLs to fetch (with everything they `$ref`).
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Also fetch the schemas these STAC documents declare (core and `stac_extensions`).
    #[arg(long = "from", value_name = "PATH")]
    pub from: Vec<PathBuf>,
    /// Fetch `https://HOST/PATH` from `BASE/HOST/PATH` instead: a mirror served over HTTP,
    /// laid out like `--schemas` directories.
    #[arg(long, value_name = "BASE")]
    pub base_url: Option<String>,
    /// Write into this directory instead of the cache.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FMT")]
    pub format: ReportFormat,
}

/// Options of `check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The document before conversion (DLM, ML-Model or any MLM version).
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The converted document.
    #[arg(value_name = "CONVERTED")]
    pub converted: PathBuf,
    /// A sample tensor (.npy, any numeric dtype, C or Fortran order) laid out like the source
    /// input (after band selection); default: a seeded synthetic tensor.
    #[arg(long, value_name = "FILE.npy")]
    pub sample: Option<PathBuf>,
    /// Seed of the synthetic tensor.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,
    /// Refuse documents and samples larger than this: 64M, 1G, 500000.
    #[arg(long, default_value = "64M", value_parser = parse_size, value_name = "SIZE")]
    pub max_size: u64,
    /// Relative tolerance (default 1e-9, with an absolute floor of 1e-12·max|y|).
    #[arg(long, value_name = "T")]
    pub tolerance: Option<f64>,
    /// Do not trust an unchanged opaque last step (e.g. the same Python function on both
    /// sides) as identical: the verdict says it cannot be evaluated. Either way the input is
    /// unverifiable, never equivalent, and the stages before it are compared.
    #[arg(long)]
    pub distrust_opaque: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, value_name = "FMT")]
    pub format: ReportFormat,
}

/// Options of `diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The document before (JSON or YAML).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The document after.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Unified, value_name = "FMT")]
    pub format: DiffFormat,
    /// Colour in the unified listing.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// One `@@ pointer @@` entry per difference with its old and new values.
    Unified,
    /// The RFC 6902 JSON Patch from OLD to NEW.
    JsonPatch,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

/// Options of `explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule id or diagnostic code, as printed in reports.
    #[arg(required_unless_present = "list", value_name = "CODE")]
    pub code: Option<String>,
    /// List every code.
    #[arg(long)]
    pub list: bool,
}
