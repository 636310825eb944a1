//! Edits that move a subtree (rename, move, copy): the provenance of moved values is kept so
//! reports point into the input and the writer reuses the input's text for moved blocks.

use serde_json::Value;

use super::{Ctx, Dest, Pos, index_of};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Fidelity, Op};

impl Ctx {
    /// Renames member `from_key` of `obj` to `to_key` in place, optionally replacing its value.
    /// Returns false when the member is absent or `to_key` exists.
    pub(crate) fn rename(
        &mut self,
        obj: &Pointer,
        from_key: &str,
        to_key: &str,
        new_value: Option<Value>,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        let Some(map) = self.object(obj) else {
            return false;
        };
        let Some(index) = index_of(map, from_key).filter(|_| !map.has_member(to_key)) else {
            return false;
        };
        let dest = Dest {
            obj,
            key: to_key,
            pos: Pos::Index(index),
        };
        self.relocate(
            &obj.key(from_key),
            &dest,
            new_value,
            fidelity,
            message.into(),
        )
    }

    /// Moves the subtree at `from` to member `key` of the object at `to_obj`. Returns false when
    /// the move is impossible.
    pub(crate) fn move_to(
        &mut self,
        from: &Pointer,
        to_obj: &Pointer,
        key: &str,
        pos: Pos<'_>,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        let dest = Dest {
            obj: to_obj,
            key,
            pos,
        };
        self.relocate(from, &dest, None, fidelity, message.into())
    }

    /// Detaches `from`, inserts it (or `new_value`) at `dest`, and records the move.
    fn relocate(
        &mut self,
        from: &Pointer,
        dest: &Dest<'_>,
        new_value: Option<Value>,
        fidelity: Fidelity,
        message: String,
    ) -> bool {
        // Checked before detaching, so a failed insert can never lose the value.
        let target_ok = self
            .object(dest.obj)
            .is_some_and(|m| !m.has_member(dest.key));
        if !target_ok || from.is_prefix_of(dest.obj) {
            return false;
        }
        let input = self.input_of(from);
        let Some(old) = self.take(from) else {
            return false;
        };
        let new = new_value.unwrap_or_else(|| old.clone());
        if !self.insert_member(dest.obj, dest.key, new.clone(), dest.pos) {
            return false;
        }
        let to = dest.obj.key(dest.key);
        self.moves.record(&to, input.clone());
        self.record(
            Op::Move,
            (Some(input), Some(to)),
            (Some(old), Some(new)),
            fidelity,
            message,
        );
        true
    }

    /// Copies the subtree at `from` to member `key` of `to_obj` (the source stays).
    pub(crate) fn copy_to(
        &mut self,
        from: &Pointer,
        to_obj: &Pointer,
        key: &str,
        pos: Pos<'_>,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        let Some(value) = self.get(from).cloned() else {
            return false;
        };
        let input = self.input_of(from);
        if !self.insert_member(to_obj, key, value.clone(), pos) {
            return false;
        }
        let to = to_obj.key(key);
        self.moves.record(&to, input.clone());
        self.record(
            Op::Add,
            (Some(input), Some(to)),
            (None, Some(value)),
            fidelity,
            message.into(),
        );
        true
    }
}
