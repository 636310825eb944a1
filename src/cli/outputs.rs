//! Where `migrate` writes each output, decided for every input before anything is written:
//! standard output, one file, a mirror under a directory, or in place — and the collisions
//! that must stop a run before it starts (two inputs, one output).

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mlm_migrate::files::Found;

use super::args::{MigrateArgs, OutputFormat};
use super::listing::Listing;

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

/// Decides the sink from the arguments.
///
/// # Errors
/// Bad combinations (several inputs without `-o DIR`, `--write` on standard input) and an
/// output directory that cannot be created.
pub(crate) fn sink(args: &MigrateArgs, found: &Listing, bulk: bool) -> anyhow::Result<Sink> {
    if args.mode.check || args.mode.diff {
        return Ok(Sink::Nowhere);
    }
    if args.mode.write {
        if (0..found.len()).any(|i| found.path(i).as_os_str() == "-") {
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

/// Where the output of input `f` goes (`None`: standard output or nowhere).
pub(crate) fn dest(sink: &Sink, f: &Found, format: OutputFormat) -> Option<PathBuf> {
    match sink {
        Sink::Stdout | Sink::Nowhere => None,
        Sink::File(path) => Some(path.clone()),
        Sink::Dir(dir) => Some(named(dir.join(&f.relative), format)),
        Sink::InPlace => Some(f.path.clone()),
    }
}

/// The inputs to migrate. Under `-o DIR`, two inputs mapping to one output are an error
/// (nothing is written); under `--write`, two paths naming one file (a followed symlink, a path
/// given twice) are migrated once and the repeats returned as notes. Only hashes of the
/// output paths are kept while checking (a catalog of 100,000 items holds 800 kB, not its
/// paths twice over).
///
/// # Errors
/// The first collision, naming both inputs and the output.
pub(crate) fn plan(
    sink: &Sink,
    listing: &Listing,
    files: Vec<usize>,
    format: OutputFormat,
) -> anyhow::Result<(Vec<usize>, Vec<String>)> {
    let mut planned = Vec::with_capacity(files.len());
    let mut notes = Vec::new();
    let mut taken: HashSet<u64> = HashSet::new();
    let mut seen: HashMap<(u64, u64), usize> = HashMap::new();
    for i in files {
        // Only `--write` needs the file's identity: no `stat` per input otherwise (it ran
        // serially, before any worker started).
        let meta = matches!(sink, Sink::InPlace)
            .then(|| std::fs::metadata(listing.path(i)).ok())
            .flatten();
        if let Some(meta) = meta {
            if let Some(&first) = seen.get(&(meta.dev(), meta.ino())) {
                notes.push(format!(
                    "{}: skipped: the same file as {} (migrated once)",
                    listing.path(i).display(),
                    listing.path(first).display()
                ));
                continue;
            }
            seen.insert((meta.dev(), meta.ino()), i);
        }
        let f = listing.get(i);
        if let (Sink::Dir(_), Some(d)) = (sink, dest(sink, &f, format)) {
            if !taken.insert(hash(&d)) {
                if let Some(first) = planned
                    .iter()
                    .map(|&p| listing.get(p))
                    .find(|p| dest(sink, p, format).as_ref() == Some(&d))
                {
                    bail!(
                        "{} and {} would both be written to {}; nothing was written\n  hint: give the inputs as relative paths (their layout is kept under -o DIR), or migrate them in separate runs",
                        first.path.display(),
                        f.path.display(),
                        d.display()
                    );
                }
            }
        }
        planned.push(i);
    }
    Ok((planned, notes))
}

fn hash(p: &Path) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(p)
}

fn named(p: PathBuf, format: OutputFormat) -> PathBuf {
    match format {
        OutputFormat::Document => p,
        OutputFormat::JsonPatch => p.with_extension("patch.json"),
    }
}
