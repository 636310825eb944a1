//! What is known about a document's neighbourhood on disk, for the repairs that depend on it
//! (the engine supplies how to look; the kernel only carries it, so steps stay free of I/O).

use std::fmt;
use std::sync::{Arc, OnceLock};

/// A STAC Collection found next to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NearbyCollection {
    /// The Collection's `id`.
    pub id: String,
    /// Its path relative to the document, as a link `href` (`./collection.json`,
    /// `../collection.json`).
    pub href: String,
}

/// The document's neighbourhood, looked at on first use: only a repair that needs it pays
/// for the file-system calls (most Items of a catalog already link their Collection). Empty
/// when the document was not read from a file (standard input, the library API), which makes
/// every repair that needs it fall back. Clones share one look.
#[derive(Clone, Default)]
pub(crate) struct Surroundings(Option<Arc<Lazy>>);

type Look = Box<dyn Fn() -> Vec<NearbyCollection> + Send + Sync>;

struct Lazy {
    look: Look,
    found: OnceLock<Vec<NearbyCollection>>,
}

impl Surroundings {
    /// Surroundings that `look` finds, called at most once, when first asked.
    pub(crate) fn lazy(look: impl Fn() -> Vec<NearbyCollection> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(Lazy {
            look: Box::new(look),
            found: OnceLock::new(),
        })))
    }

    /// Collections beside the document, nearest first.
    pub(crate) fn collections(&self) -> &[NearbyCollection] {
        self.0
            .as_ref()
            .map_or(&[], |l| l.found.get_or_init(|| (l.look)()).as_slice())
    }

    /// The `href` of the nearby Collection whose `id` is `id`.
    pub(crate) fn collection_href(&self, id: &str) -> Option<&str> {
        self.collections()
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.href.as_str())
    }
}

impl fmt::Debug for Surroundings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = self.0.as_ref().map(|l| l.found.get());
        f.debug_tuple("Surroundings").field(&found).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_neighbourhood_is_looked_at_once_and_only_when_asked() {
        static LOOKS: AtomicUsize = AtomicUsize::new(0);
        let near = Surroundings::lazy(|| {
            LOOKS.fetch_add(1, Ordering::SeqCst);
            vec![NearbyCollection {
                id: "models".to_owned(),
                href: "../collection.json".to_owned(),
            }]
        });
        let copy = near.clone();
        assert_eq!(LOOKS.load(Ordering::SeqCst), 0, "not looked at before use");
        assert_eq!(copy.collection_href("models"), Some("../collection.json"));
        assert_eq!(near.collection_href("other"), None);
        assert_eq!(LOOKS.load(Ordering::SeqCst), 1, "clones share one look");
        assert!(Surroundings::default().collections().is_empty());
    }
}
