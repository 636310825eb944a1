//! Detection probes: what a step's fields say about the version a document is written in.
//!
//! A step knows the forms it changes: a field it removes or rewrites is evidence that the
//! document is written in its `from` version or older ([`Probe::older`]), a field it introduces
//! that the document is written in its `to` version or newer ([`Probe::newer`]). The engine's
//! detection runs every step's probe on every container, in chain order, and folds the
//! evidence into the version the chain starts from.

use serde_json::{Map, Value};

use crate::kernel::pointer::Pointer;
use crate::kernel::records::Evidence;
use crate::kernel::scope::DocKind;
use crate::kernel::versions::{Family, Spec};

/// The kind of container a probe is looking at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    /// A Model Input object.
    Input,
    /// A Model Output object.
    Output,
    /// Item `properties`, Collection `summaries`, metadata-file `properties`.
    Properties,
    /// An Item asset.
    Asset,
    /// The document root (run once, after every other container).
    Document,
}

/// One probe run: the document, the container, and the step's two versions.
pub(crate) struct Probe<'a> {
    /// The whole document.
    pub doc: &'a Value,
    /// Its kind.
    pub kind: DocKind,
    /// The container.
    pub at: &'a Pointer,
    /// The container as an object, found once for every step's probe (see [`Probe::object`]).
    pub found: Option<&'a Map<String, Value>>,
    /// What the container is.
    pub holder: Holder,
    /// The step's older version.
    pub from: Spec,
    /// The step's newer version.
    pub to: Spec,
}

/// A step's probe: appends evidence about the container of `probe` to the list.
pub(crate) type ProbeFn = fn(&Probe<'_>, &mut Vec<Evidence>);

impl<'a> Probe<'a> {
    /// The container as an object (`None` when it is not one).
    pub(crate) fn object(&self) -> Option<&'a Map<String, Value>> {
        self.found
    }

    /// Evidence that the form at `pointer` is the step's `from` version or older.
    pub(crate) fn older(&self, pointer: Pointer, note: &str) -> Evidence {
        Self::bounded(self.from.family(), pointer, None, Some(self.from), note)
    }

    /// Evidence that the form at `pointer` is the step's `to` version or newer.
    pub(crate) fn newer(&self, pointer: Pointer, note: &str) -> Evidence {
        Self::bounded(self.to.family(), pointer, Some(self.to), None, note)
    }

    /// Evidence with explicit bounds.
    pub(crate) fn bounded(
        family: Family,
        pointer: Pointer,
        min: Option<Spec>,
        max: Option<Spec>,
        note: &str,
    ) -> Evidence {
        Evidence {
            pointer,
            family,
            min,
            max,
            note: note.to_owned(),
        }
    }
}
