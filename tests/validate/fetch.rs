//! `schemas fetch` against a local HTTP server that serves `../shared/schemas` in place (laid
//! out `<host>/<path>`, as `--base-url` mirrors are): every official schema and everything it
//! `$ref`s lands in the target directory, which then validates official examples fully.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mlm_migrate::validate::SchemaStore;
use mlm_migrate::validate::fetch::{fetch, official_urls};

use super::{read_json, shared};

/// A loopback HTTP/1.1 file server over `root`, stopped when dropped.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(root: PathBuf) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            // Bounded: at most 2,000 requests and 60 s, whatever happens.
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            let mut served = 0;
            while !flag.load(Ordering::Relaxed)
                && served < 2_000
                && std::time::Instant::now() < deadline
            {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        let _ = serve(stream, &root);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Self { port, stop }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let file = root.join(path.trim_start_matches('/'));
    let safe = !path.contains("..");
    let mut out = stream;
    match std::fs::read(&file) {
        Ok(body) if safe => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(&body)?;
        }
        _ => write!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )?,
    }
    out.flush()
}

#[test]
fn fetch_fills_a_cache_that_validates_the_examples() {
    let Some(shared) = shared() else { return };
    let server = Server::start(shared.join("schemas"));
    let dir = tempfile::tempdir().unwrap();
    let report = fetch(&official_urls(), dir.path(), Some(&server.base()));
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    // The official list, plus what it `$ref`s (STAC core parts, geojson, eo, raster, ...).
    assert!(
        report.fetched.len() > official_urls().len() + 10,
        "{}",
        report.fetched.len()
    );
    for url in [
        "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
        "https://geojson.org/schema/Feature.json",
    ] {
        assert!(
            report.fetched.iter().any(|u| u == url),
            "{url} not followed"
        );
    }
    let store = SchemaStore::open_cache(dir.path()).unwrap();
    for example in ["mlm/v1.5.1/item_basic.json", "mlm/v1.3.0/item_basic.json"] {
        let doc = read_json(&shared.join("examples").join(example));
        let validation = store.validate(&doc);
        assert!(validation.is_valid(), "{example}:\n{validation}");
    }
}

#[test]
fn unreachable_schemas_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path().join("empty"));
    let urls = vec!["https://stac-extensions.github.io/mlm/v1.5.1/schema.json".to_owned()];
    let report = fetch(&urls, &dir.path().join("cache"), Some(&server.base()));
    assert!(report.fetched.is_empty());
    assert_eq!(report.failed.len(), 1);
    assert!(
        report.failed[0].reason.contains("404"),
        "{}",
        report.failed[0].reason
    );
}

/// The documented path: `schemas fetch` fills the cache (`MLM_MIGRATE_CACHE`), and a migration
/// then validates both sides against the schemas without `--schemas`.
#[test]
fn cli_fetch_then_migrate_validates_with_the_cache() {
    let Some(shared) = shared() else { return };
    let server = Server::start(shared.join("schemas"));
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_mlm-migrate"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("MLM_MIGRATE_SCHEMAS")
            .env("MLM_MIGRATE_CACHE", cache.path())
            .output()
            .unwrap()
    };
    let fetched = run(&["schemas", "fetch", "--base-url", &server.base()]);
    let stdout = String::from_utf8_lossy(&fetched.stdout);
    assert_eq!(fetched.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("fetched "), "{stdout}");
    let path = run(&["schemas", "path"]);
    let shown = String::from_utf8_lossy(&path.stdout);
    assert_eq!(
        shown.trim(),
        cache.path().join("schemas").display().to_string()
    );
    let migrated = run(&["fixtures/mlm/v1.3.0/norm-clip.json"]);
    let stderr = String::from_utf8_lossy(&migrated.stderr);
    assert!(
        stderr.contains("valid (typed checks of mlm@1.5.1, STAC item v1.0.0, mlm v1.5.1)"),
        "{stderr}"
    );
    assert!(!stderr.contains("note:"), "{stderr}");
}
