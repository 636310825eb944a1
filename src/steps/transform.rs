//! Named Rust transforms: the rows of a step that compute.
//!
//! A transform runs on one container (the pointer of an Item, an asset, a Model Input, …) and
//! edits it only through [`Ctx`], so every effect is a recorded change. Each declares how it
//! runs when the older version is written ([`Inverse`]).

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;

/// A transform function: edits the container at the pointer.
pub(crate) type TransformFn = fn(&mut Ctx, &Pointer);

/// How a transform runs backwards (writing the step's older version).
#[derive(Clone, Copy)]
pub(crate) enum Inverse {
    /// This function undoes it.
    Fn(TransformFn),
    /// The older version cannot hold what it produced; the reason, for the lossy record.
    #[allow(
        dead_code,
        reason = "declared by the inverses of phase 2 (writing older versions)"
    )]
    Lossy(&'static str),
    /// Not designed yet: writing older versions is not released, and the transform is skipped
    /// backwards.
    NotYet,
}

/// One named transform with its documentation (printed by `mlm-migrate explain`).
pub(crate) struct Transform {
    /// Name used by `transform = "…"` rows.
    pub name: &'static str,
    /// Old → new.
    pub forward: TransformFn,
    /// New → old.
    pub inverse: Inverse,
    /// What it does, in one paragraph.
    pub what: &'static str,
    /// A minimal input fragment.
    pub before: &'static str,
    /// The same fragment after the transform.
    pub after: &'static str,
}

impl std::fmt::Debug for Transform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}
