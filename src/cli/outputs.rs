//! Where `migrate` writes each output, decided for every input before anything is written:
//! standard output, one file, a mirror under a directory, or in place — and the collisions
//! that must stop a run before it starts (two inputs, one output).

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mlm_migrate::files::{Found, Writer};
use mlm_migrate::run::Input;

use super::args::{MigrateArgs, OutputFormat};

/// Where outputs go.
pub(crate) enum Sink {
    /// Standard output (one input, no `-o`).
    Stdout,
    /// `-o FILE` (one input).
    File(PathBuf),
    /// `-o DIR`: the relative layout mirrored under it.
    Dir(PathBuf),
    /// `--write`.
    InPlace,
    /// `--check`, `--diff`.
    Nowhere,
}

/// One input and where its output goes (`None`: standard output or nowhere).
pub(crate) struct Planned {
    /// The input.
    pub input: Input,
    /// The output path.
    pub dest: Option<PathBuf>,
}

/// Decides the sink from the arguments.
///
/// # Errors
/// Bad combinations (several inputs without `-o DIR`, `--write` on standard input) and an
/// output directory that cannot be created.
pub(crate) fn sink(args: &MigrateArgs, found: &[Found], bulk: bool) -> anyhow::Result<Sink> {
    if args.mode.check || args.mode.diff {
        return Ok(Sink::Nowhere);
    }
    if args.mode.write {
        if found.iter().any(|f| f.path.as_os_str() == "-") {
            bail!("--write cannot rewrite standard input; use -o FILE");
        }
        return Ok(Sink::InPlace);
    }
    match (&args.output, bulk) {
        (None, false) => Ok(Sink::Stdout),
        (None, true) => bail!("several inputs need -o DIR, --write, --check or --diff"),
        (Some(o), false) if !o.is_dir() => Ok(Sink::File(o.clone())),
        (Some(o), _) => {
            std::fs::create_dir_all(o)
                .with_context(|| format!("cannot create output directory {}", o.display()))?;
            Ok(Sink::Dir(o.clone()))
        }
    }
}

/// Every input with its output path. Under `-o DIR`, two inputs mapping to one output are an
/// error (nothing is written); under `--write`, two paths naming one file (a followed symlink,
/// a path given twice) are migrated once and the repeats returned as notes.
///
/// # Errors
/// The first collision, naming both inputs and the output.
pub(crate) fn plan(
    sink: &Sink,
    found: Vec<Found>,
    format: OutputFormat,
) -> anyhow::Result<(Vec<Planned>, Vec<String>)> {
    let mut planned = Vec::with_capacity(found.len());
    let mut notes = Vec::new();
    let mut taken: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut files: HashMap<(u64, u64), PathBuf> = HashMap::new();
    for f in found {
        let dest = match sink {
            Sink::Stdout | Sink::Nowhere => None,
            Sink::File(path) => Some(path.clone()),
            Sink::Dir(dir) => Some(named(dir.join(&f.relative), format)),
            Sink::InPlace => Some(f.path.clone()),
        };
        if let (Sink::InPlace, Ok(meta)) = (sink, std::fs::metadata(&f.path)) {
            if let Some(first) = files.get(&(meta.dev(), meta.ino())) {
                notes.push(format!(
                    "{}: skipped: the same file as {} (migrated once)",
                    f.path.display(),
                    first.display()
                ));
                continue;
            }
            files.insert((meta.dev(), meta.ino()), f.path.clone());
        }
        if let (Sink::Dir(_), Some(d)) = (sink, &dest) {
            if let Some(first) = taken.insert(d.clone(), f.path.clone()) {
                bail!(
                    "{} and {} would both be written to {}; nothing was written\n  hint: give the inputs as relative paths (their layout is kept under -o DIR), or migrate them in separate runs",
                    first.display(),
                    f.path.display(),
                    d.display()
                );
            }
        }
        planned.push(Planned {
            input: Input::from_arg(&f.path),
            dest,
        });
    }
    Ok((planned, notes))
}

fn named(p: PathBuf, format: OutputFormat) -> PathBuf {
    match format {
        OutputFormat::Document => p,
        OutputFormat::JsonPatch => p.with_extension("patch.json"),
    }
}

/// Writes `text` to `dest` with the safe writer, creating the parent directory when needed;
/// returns the writer's notes.
///
/// # Errors
/// The writer's error (read-only target, dangling symlink, I/O), naming the path.
pub(crate) fn write(writer: &Writer, dest: &Path, text: &str) -> anyhow::Result<Vec<String>> {
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.exists() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create directory {}", parent.display()))?;
        }
    }
    Ok(writer.write(dest, text.as_bytes())?.notes)
}
