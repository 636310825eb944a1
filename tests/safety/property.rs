//! The fuzz targets' properties on the stable toolchain: arbtest mutates fixtures (bytes
//! flipped, lines repeated — which makes duplicate keys — and cut) and feeds them to the same
//! entry points as `fuzz/` (`mlm_migrate::fuzzing`), for a bounded time per run.

use arbtest::arbitrary::{Result, Unstructured};

/// Documents the mutations start from: every JSON and YAML fixture.
fn seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![super::root().join("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if mlm_migrate::files::document_extension(&p).is_some() {
                out.push(std::fs::read(&p).unwrap());
            }
        }
    }
    out.sort();
    out
}

/// One mutation of `doc`, picked by `u`.
fn mutate(u: &mut Unstructured<'_>, mut doc: Vec<u8>) -> Result<Vec<u8>> {
    for _ in 0..u.int_in_range(1..=4)? {
        let len = doc.len().max(1);
        let at = u.int_in_range(0..=len - 1)?;
        match u.int_in_range(0..=4)? {
            0 => {
                let b: u8 = u.arbitrary()?;
                if let Some(x) = doc.get_mut(at) {
                    *x = b;
                }
            }
            1 => {
                // Repeat a line: a repeated member is a duplicate key.
                let start = doc[..at.min(doc.len())]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |i| i + 1);
                let end = doc[at.min(doc.len())..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(doc.len(), |i| at + i + 1);
                let line = doc[start..end].to_vec();
                doc.splice(end..end, line);
            }
            2 => {
                let end = (at + u.int_in_range(1..=64)?).min(doc.len());
                doc.drain(at.min(end)..end);
            }
            3 => {
                let bytes: Vec<u8> = u.arbitrary()?;
                doc.splice(at.min(doc.len())..at.min(doc.len()), bytes);
            }
            _ => {
                let piece: &str = u.choose(&[
                    "\u{feff}",
                    "{",
                    "]",
                    ",",
                    "\"mlm:name\": 1,",
                    "null",
                    "1e400",
                    "- ",
                    ": ",
                ])?;
                doc.splice(at.min(doc.len())..at.min(doc.len()), piece.bytes());
            }
        }
    }
    Ok(doc)
}

#[test]
fn mutated_documents_never_panic_and_outputs_parse_back() {
    let seeds = seeds();
    arbtest::arbtest(|u| {
        let doc = u.choose(&seeds)?.clone();
        let selector: u8 = u.arbitrary()?;
        let mut data = vec![selector];
        data.extend(mutate(u, doc)?);
        mlm_migrate::fuzzing::document(&data);
        Ok(())
    })
    .budget_ms(3_000);
}

#[test]
fn npy_and_expressions_never_panic() {
    arbtest::arbtest(|u| {
        let mut npy = b"\x93NUMPY".to_vec();
        npy.extend(u.arbitrary::<Vec<u8>>()?);
        mlm_migrate::fuzzing::npy(&npy);
        let text: String = u.arbitrary()?;
        mlm_migrate::fuzzing::expression(text.as_bytes());
        Ok(())
    })
    .budget_ms(1_000);
}
