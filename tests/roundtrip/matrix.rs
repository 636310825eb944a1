//! The printed round-trip matrix: per target, documents back exact, lossy (with the rules that
//! lost something and how often), refused (with why).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use mlm_migrate::Spec;

/// What one document did through one target.
pub enum Cell {
    /// up → down → up gave the first up's bytes.
    Exact,
    /// It differed only where the down recorded these lossy rules.
    Lossy(Vec<String>),
    /// The target could not be written (why).
    Refused(String),
}

#[derive(Default)]
struct Row {
    exact: usize,
    lossy: usize,
    refused: usize,
    rules: BTreeMap<String, usize>,
    why: BTreeMap<String, usize>,
}

/// Rows per target, in chain order.
pub struct Matrix {
    rows: Vec<(Spec, Row)>,
    documents: BTreeMap<String, ()>,
}

impl Matrix {
    pub fn new(targets: &[Spec]) -> Self {
        Self {
            rows: targets.iter().map(|t| (*t, Row::default())).collect(),
            documents: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, target: Spec, document: &str, cell: Cell) {
        self.documents.insert(document.to_owned(), ());
        let Some((_, row)) = self.rows.iter_mut().find(|(t, _)| *t == target) else {
            return;
        };
        match cell {
            Cell::Exact => row.exact += 1,
            Cell::Lossy(rules) => {
                row.lossy += 1;
                for r in rules {
                    *row.rules.entry(r).or_default() += 1;
                }
            }
            Cell::Refused(why) => {
                row.refused += 1;
                *row.why.entry(why).or_default() += 1;
            }
        }
    }

    pub fn documents(&self) -> usize {
        self.documents.len()
    }

    pub fn render(&self) -> String {
        let mut s = format!(
            "round trip up → down → up over {} documents (official examples and fixtures)\n\n\
             | target | exact | lossy | refused |\n|---|---|---|---|\n",
            self.documents()
        );
        for (t, r) in &self.rows {
            let _ = writeln!(s, "| {t} | {} | {} | {} |", r.exact, r.lossy, r.refused);
        }
        for (t, r) in &self.rows {
            if r.rules.is_empty() && r.why.is_empty() {
                continue;
            }
            let rules: Vec<String> = r.rules.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
            let _ = writeln!(s, "\n{t} lossy: {}", rules.join(", "));
            for (why, n) in &r.why {
                let _ = writeln!(s, "{t} refused ×{n}: {why}");
            }
        }
        s
    }
}
