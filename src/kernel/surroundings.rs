//! What is known about a document's neighbourhood on disk, for the repairs that depend on it
//! (the engine reads it; the kernel only carries it, so steps stay free of I/O).

/// A STAC Collection found next to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NearbyCollection {
    /// The Collection's `id`.
    pub id: String,
    /// Its path relative to the document, as a link `href` (`./collection.json`,
    /// `../collection.json`).
    pub href: String,
}

/// The document's neighbourhood. Empty when the document was not read from a file (standard
/// input, the library API), which makes every repair that needs it fall back.
#[derive(Debug, Clone, Default)]
pub(crate) struct Surroundings {
    /// Collections beside the document, nearest first.
    pub collections: Vec<NearbyCollection>,
}

impl Surroundings {
    /// The `href` of the nearby Collection whose `id` is `id`.
    pub(crate) fn collection_href(&self, id: &str) -> Option<&str> {
        self.collections
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.href.as_str())
    }
}
