use mlm_migrate::document::Source;
fn main() {
    for path in std::env::args().skip(1) {
        let src = Source::read(std::path::Path::new(&path)).unwrap();
        match mlm_migrate::migrate(&src.value, &Default::default()) {
            Ok(m) => {
                let out = src.write(&m.output, &m.origins);
                let outpath = format!("/tmp/out/{}", path.replace('/', "_"));
                std::fs::write(&outpath, &out).unwrap();
                eprintln!(
                    "== {path}: {} changes, start {}",
                    m.changes.len(),
                    m.detection.start
                );
                for c in &m.changes {
                    eprintln!(
                        "  {:?} {} {:?}->{:?} {}: {}",
                        c.op,
                        c.rule.id,
                        c.from.as_ref().map(|p| p.as_str()),
                        c.to.as_ref().map(|p| p.as_str()),
                        c.fidelity,
                        c.message
                    );
                }
                for d in &m.diagnostics {
                    eprintln!(
                        "  [{}] {} {:?} {}",
                        d.severity,
                        d.code,
                        d.pointer.as_ref().map(|p| p.as_str()),
                        d.message
                    );
                }
            }
            Err(e) => eprintln!("== {path}: ERROR {e}"),
        }
    }
}
