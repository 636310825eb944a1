//! Named Rust transforms: the rows of a step that compute.
//!
//! A transform runs on one container (the pointer of an Item, an asset, a Model Input, …) and
//! edits it only through [`Ctx`], so every effect is a recorded change. Each declares how it
//! runs when the older version is written ([`Inverse`]): every step runs backwards for a
//! downgrade (`--to` an older version), and for reading a version newer than the target.

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;

/// A transform function: edits the container at the pointer.
pub(crate) type TransformFn = fn(&mut Ctx, &Pointer);

/// Finds, in the container at the pointer, what the older version cannot hold.
pub(crate) type FindFn = fn(&Ctx, &Pointer) -> Vec<Pointer>;

/// How a transform runs backwards (writing the step's older version).
#[derive(Clone, Copy)]
pub(crate) enum Inverse {
    /// This function undoes it, recording what it cannot restore as lossy; the fidelity is the
    /// worst it may record (`engine::verify` holds every downgrade of the corpus to it).
    Fn(TransformFn, Fidelity),
    /// Nothing to undo: the older version reads the newer form as it is (the reason, for
    /// `explain`), e.g. a trimmed framework name, or an `mlm:artifact_type` that MLM ≤ 1.3
    /// documents and accepts.
    Keep(&'static str),
    /// The older version cannot hold what the finder returns: each value is removed as a
    /// lossy change with this reason.
    Remove(FindFn, &'static str),
    /// A reader of a form no version writes (a dialect): there is nothing to write back, for
    /// this reason. Such rows never run backwards (they read, before the chain).
    Lossy(&'static str),
    /// Not designed yet: the step's older version is not writable (a test fails once it is).
    NotYet,
}

impl Inverse {
    /// Runs the inverse on the container at `at`.
    pub(crate) fn run(&self, ctx: &mut Ctx, at: &Pointer) {
        match self {
            Self::Fn(back, _) => back(ctx, at),
            Self::Keep(_) | Self::Lossy(_) | Self::NotYet => {}
            Self::Remove(find, why) => {
                // Later items first, so the indices of earlier ones still hold.
                for p in find(ctx, at).into_iter().rev() {
                    ctx.remove(&p, Fidelity::Lossy, *why);
                }
            }
        }
    }

    /// The worst fidelity the inverse records (`None`: it changes nothing).
    pub(crate) fn fidelity(&self) -> Option<Fidelity> {
        match self {
            Self::Fn(_, f) => Some(*f),
            Self::Remove(..) => Some(Fidelity::Lossy),
            Self::Keep(_) | Self::Lossy(_) | Self::NotYet => None,
        }
    }

    /// One line for `explain`: how the transform runs backwards.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::Fn(_, f) => format!("runs its inverse (see above; at worst {f})"),
            Self::Keep(why) => format!("nothing to undo: {why}"),
            Self::Remove(_, why) => format!("lossy: {why}"),
            Self::Lossy(why) => format!("nothing to write back (a reader only): {why}"),
            Self::NotYet => "not designed yet".to_owned(),
        }
    }
}

/// One named transform with its documentation (printed by `mlm-migrate explain`).
pub(crate) struct Transform {
    /// Name used by `transform = "…"` rows.
    pub name: &'static str,
    /// Old → new.
    pub forward: TransformFn,
    /// New → old.
    pub inverse: Inverse,
    /// What it does, in one paragraph (both directions).
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

/// A forward that does nothing: for a step whose newer version only widened a form (band
/// objects, arrays of expressions), the rows exist for their inverse.
pub(crate) fn unchanged(_: &mut Ctx, _: &Pointer) {}
