//! The editor every rule uses: each edit changes the document *and* records a [`Change`].
//!
//! Rules never touch the [`Value`] directly; they call [`Ctx`] methods, so nothing can change
//! without a report entry (fidelity rule 1). The editor also tracks provenance — which input
//! pointer each moved subtree came from — so reports point into the input and the writer can
//! reuse the input's text for moved blocks.

mod move_index;
mod moves;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::pointer::{Pointer, member};
use super::records::{Change, Diagnostic, Fidelity, Op, Origins, RuleRef};
use super::scope::{DocKind, Scope, containers};
use super::surroundings::Surroundings;
use super::versions::Spec;
use move_index::MoveIndex;

use crate::kernel::pointer::Members;

/// Where a new object member goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pos<'k> {
    /// After every existing member.
    End,
    /// Right after the member `key` (at the end when it is absent).
    After(&'k str),
    /// Right before the member `key` (at the end when it is absent).
    Before(&'k str),
    /// At this index (clamped to the end).
    Index(usize),
}

/// Where a relocated member goes: member `key` of the object at `obj`, at `pos`.
struct Dest<'a> {
    obj: &'a Pointer,
    key: &'a str,
    pos: Pos<'a>,
}

/// The state a rule works on: the document, the log, and the current rule.
///
/// The document is private: it can be read ([`Ctx::doc`], [`Ctx::get`]) but changed only
/// through the editing methods, each of which records a [`Change`].
pub(crate) struct Ctx {
    /// The document being migrated (an Item, a Collection or a metadata object).
    doc: Value,
    /// Its kind.
    kind: DocKind,
    /// The version being written (what messages name, what a backward step may keep).
    target: Spec,
    /// Every change so far.
    changes: Vec<Change>,
    /// Every diagnostic so far.
    diagnostics: Vec<Diagnostic>,
    /// `diagnostics` by [`diag_key`], for [`Ctx::diag`]'s de-duplication: a scan of every
    /// diagnostic per new one was quadratic (one per asset of an Item with 20,000 assets).
    diag_index: HashMap<u64, Vec<usize>>,
    /// The rule currently applying (set by the engine before each rule).
    rule: RuleRef,
    /// Current pointer → input pointer for moved subtrees, indexed (see [`MoveIndex`]): it is
    /// looked up for every edit and pruned for every removal, which a list made quadratic.
    moves: MoveIndex,
    /// What the engine found next to the document (read only).
    surroundings: Surroundings,
    /// Containers per scope as [`Ctx::shared_containers`] last found them; emptied by every
    /// edit of the document (rules mostly look without editing, so most lookups are reused).
    memo: RefCell<Vec<(Scope, Arc<[Pointer]>)>>,
    /// Set by the first opening of the document for an edit ([`Outcome::untouched`]).
    touched: bool,
}

/// True when an edit of the node at `node` (extended by `child`) can change what
/// [`containers`] finds. It looks at no node deeper than four levels (`/summaries/mlm:input/0/0`,
/// `/assets/w/mlm:input/0`, `/assets/w/roles/0`), and only along these paths: the root;
/// `properties` / `summaries` and, in them, the lists of Model Inputs, Outputs and the DLM
/// objects; `assets` / `item_assets`, each asset, and in an asset its `roles` and lists.
fn moves_containers(node: &Pointer, child: Option<&str>) -> bool {
    const HOLDER_LISTS: [&str; 5] = [
        "mlm:input",
        "mlm:output",
        "dlm:data",
        "dlm:outputs",
        "dlm:inputs",
    ];
    const ASSET_MEMBERS: [&str; 3] = ["roles", "mlm:input", "mlm:output"];
    let mut tokens = node.as_str().split('/').skip(1).chain(child);
    let t: [Option<&str>; 5] = std::array::from_fn(|_| tokens.next());
    if t[4].is_some() {
        return false;
    }
    match t[0] {
        None => true,
        Some("properties" | "summaries") => t[1].is_none_or(|k| HOLDER_LISTS.contains(&k)),
        Some("assets" | "item_assets") => t[2].is_none_or(|k| ASSET_MEMBERS.contains(&k)),
        Some(_) => false,
    }
}

/// What a finished [`Ctx`] hands back: the output and its log.
#[derive(Debug)]
pub(crate) struct Outcome {
    /// The edited document.
    pub doc: Value,
    /// Every change, in the order it was made.
    pub changes: Vec<Change>,
    /// Every diagnostic.
    pub diagnostics: Vec<Diagnostic>,
    /// Output pointer → input pointer of every moved subtree.
    pub origins: Origins,
    /// True when the document was never opened for an edit: it is the value the context was
    /// made with (a proof of equality that costs nothing, where comparing costs a walk).
    pub untouched: bool,
}

impl Ctx {
    /// A context over `doc` (a document of `kind`), written as the default target until
    /// [`Ctx::with_target`] says otherwise.
    pub(crate) fn new(doc: Value, kind: DocKind) -> Self {
        Self {
            doc,
            kind,
            target: Spec::default_target(),
            changes: Vec::new(),
            diagnostics: Vec::new(),
            diag_index: HashMap::new(),
            rule: RuleRef {
                id: "".into(),
                step: "".into(),
                spec: "".into(),
                url: "".into(),
            },
            moves: MoveIndex::default(),
            surroundings: Surroundings::default(),
            memo: RefCell::default(),
            touched: false,
        }
    }

    /// The same context, writing `target` (what messages name, what a backward step may keep).
    pub(crate) fn with_target(mut self, target: Spec) -> Self {
        self.target = target;
        self
    }

    /// The same context, knowing the document's neighbourhood.
    pub(crate) fn with_surroundings(mut self, surroundings: Surroundings) -> Self {
        self.surroundings = surroundings;
        self
    }

    /// What the engine found next to the document.
    pub(crate) fn surroundings(&self) -> &Surroundings {
        &self.surroundings
    }

    /// The document as it is now (read only).
    pub(crate) fn doc(&self) -> &Value {
        &self.doc
    }

    /// The document's kind.
    pub(crate) fn kind(&self) -> DocKind {
        self.kind
    }

    /// The version being written.
    pub(crate) fn target(&self) -> Spec {
        self.target
    }

    /// Pointers of every container of `scope` in the document as it is now.
    pub(crate) fn containers(&self, scope: Scope) -> Vec<Pointer> {
        self.shared_containers(scope).to_vec()
    }

    /// As [`Ctx::containers`], shared: found once and reused until the document is edited.
    pub(crate) fn shared_containers(&self, scope: Scope) -> Arc<[Pointer]> {
        let mut memo = self.memo.borrow_mut();
        if let Some((_, found)) = memo.iter().find(|(s, _)| *s == scope) {
            return Arc::clone(found);
        }
        let found: Arc<[Pointer]> = containers(&self.doc, self.kind, scope).into();
        memo.push((scope, Arc::clone(&found)));
        found
    }

    /// The document, for an edit of the node at `node` (extended by `child` when given) or of
    /// the position of its siblings: forgets the containers found so far when the edit can
    /// change them (see [`moves_containers`]).
    fn doc_mut(&mut self, node: &Pointer, child: Option<&str>) -> &mut Value {
        if moves_containers(node, child) {
            self.memo.get_mut().clear();
        }
        self.touched = true;
        &mut self.doc
    }

    /// Sets the rule the next changes are recorded under.
    pub(crate) fn set_rule(&mut self, rule: RuleRef) {
        self.rule = rule;
    }

    /// Every change so far (the repair stage reads what its rows changed).
    pub(crate) fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Adds diagnostics as they are (no de-duplication; see [`Ctx::diag`]).
    pub(crate) fn extend_diagnostics(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            self.push_diagnostic(d);
        }
    }

    fn push_diagnostic(&mut self, d: Diagnostic) {
        self.diag_index
            .entry(diag_key(&d))
            .or_default()
            .push(self.diagnostics.len());
        self.diagnostics.push(d);
    }

    /// Ends the edit: the output, its log and its provenance.
    pub(crate) fn finish(self) -> Outcome {
        let origins = self.origins();
        Outcome {
            doc: self.doc,
            changes: self.changes,
            diagnostics: self.diagnostics,
            origins,
            untouched: !self.touched,
        }
    }

    /// The value at `at`.
    pub(crate) fn get(&self, at: &Pointer) -> Option<&Value> {
        at.get(&self.doc)
    }

    /// The object at `at`.
    pub(crate) fn object(&self, at: &Pointer) -> Option<&Map<String, Value>> {
        self.get(at).and_then(Value::as_object)
    }

    /// Member `key` of the object at `at`: what `get(&at.key(key))` finds, without building
    /// that pointer (rules look for fields far more often than they find them).
    pub(crate) fn member(&self, at: &Pointer, key: &str) -> Option<&Value> {
        self.object(at).and_then(|o| member(o, key))
    }

    /// The input pointer of what is now at `at` (follows earlier moves).
    pub(crate) fn input_of(&self, at: &Pointer) -> Pointer {
        self.moves.input_of(at)
    }

    /// Output pointer → input pointer of every moved subtree, for the writer.
    fn origins(&self) -> Origins {
        self.moves.origins()
    }

    /// Logs one change: `(from, to)` pointers and `(old, new)` values.
    fn record(
        &mut self,
        op: Op,
        (from, to): (Option<Pointer>, Option<Pointer>),
        (old, new): (Option<Value>, Option<Value>),
        fidelity: Fidelity,
        message: String,
    ) {
        self.changes.push(Change {
            rule: self.rule.clone(),
            op,
            from,
            to,
            old,
            new,
            fidelity,
            message,
        });
    }

    /// Adds a diagnostic tagged with nothing but its own code.
    pub(crate) fn diag(&mut self, d: Diagnostic) {
        let seen = self
            .diag_index
            .get(&diag_key(&d))
            .is_some_and(|same| same.iter().any(|&i| self.diagnostics[i] == d));
        if !seen {
            self.push_diagnostic(d);
        }
    }

    /// Replaces the value at `at`; a no-op when it is already `new`. Returns false when `at`
    /// does not exist.
    pub(crate) fn replace(
        &mut self,
        at: &Pointer,
        new: Value,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        // Looked at first: a value already right leaves the document unopened (untouched).
        match self.get(at) {
            None => return false,
            Some(v) if *v == new => return true,
            Some(_) => {}
        }
        let Some(slot) = at.get_mut(self.doc_mut(at, None)) else {
            return false;
        };
        let old = std::mem::replace(slot, new.clone());
        let from = self.input_of(at);
        self.record(
            Op::Replace,
            (Some(from), Some(at.clone())),
            (Some(old), Some(new)),
            fidelity,
            message.into(),
        );
        true
    }

    /// Adds member `key` to the object at `obj` at `pos`. Returns false when `obj` is not an
    /// object or already has `key`.
    pub(crate) fn add(
        &mut self,
        obj: &Pointer,
        key: &str,
        value: Value,
        pos: Pos<'_>,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        if !self.insert_member(obj, key, value.clone(), pos) {
            return false;
        }
        self.record(
            Op::Add,
            (None, Some(obj.key(key))),
            (None, Some(value)),
            fidelity,
            message.into(),
        );
        true
    }

    fn insert_member(&mut self, obj: &Pointer, key: &str, value: Value, pos: Pos<'_>) -> bool {
        let Some(map) = obj
            .get_mut(self.doc_mut(obj, Some(key)))
            .and_then(Value::as_object_mut)
        else {
            return false;
        };
        if map.has_member(key) {
            return false;
        }
        let index = match pos {
            Pos::End => map.len(),
            Pos::After(k) => index_of(map, k).map_or(map.len(), |i| i + 1),
            Pos::Before(k) => index_of(map, k).unwrap_or(map.len()),
            Pos::Index(i) => i.min(map.len()),
        };
        map.shift_insert(index, key.to_owned(), value);
        true
    }

    /// Appends `value` to the array at `arr` (creating nothing). Returns false when absent.
    pub(crate) fn push(
        &mut self,
        arr: &Pointer,
        value: Value,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        let Some(items) = arr
            .get_mut(self.doc_mut(arr, Some("0")))
            .and_then(Value::as_array_mut)
        else {
            return false;
        };
        items.push(value.clone());
        let to = arr.index(items.len() - 1);
        self.record(
            Op::Add,
            (None, Some(to)),
            (None, Some(value)),
            fidelity,
            message.into(),
        );
        true
    }

    /// Inserts `value` into the array at `arr` at `index` (clamped to its end). Returns false
    /// when there is no array there.
    pub(crate) fn insert_item(
        &mut self,
        arr: &Pointer,
        index: usize,
        value: Value,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> bool {
        let Some(items) = arr
            .get_mut(self.doc_mut(arr, Some("0")))
            .and_then(Value::as_array_mut)
        else {
            return false;
        };
        let index = index.min(items.len());
        let n = items.len();
        items.insert(index, value.clone());
        // Items after `index` moved one place right: remember where each came from.
        for j in (index..n).rev() {
            let input = self.input_of(&arr.index(j));
            self.moves.record(&arr.index(j + 1), input);
        }
        self.record(
            Op::Add,
            (None, Some(arr.index(index))),
            (None, Some(value)),
            fidelity,
            message.into(),
        );
        true
    }

    /// Removes the member or array item at `at` and returns it.
    pub(crate) fn remove(
        &mut self,
        at: &Pointer,
        fidelity: Fidelity,
        message: impl Into<String>,
    ) -> Option<Value> {
        let from = self.input_of(at);
        let old = self.take(at)?;
        self.record(
            Op::Remove,
            (Some(from), None),
            (Some(old.clone()), None),
            fidelity,
            message.into(),
        );
        Some(old)
    }

    /// Detaches the value at `at` without recording (callers record a move instead).
    fn take(&mut self, at: &Pointer) -> Option<Value> {
        let (parent, last) = at.split_last()?;
        let container = parent.get_mut(self.doc_mut(at, None))?;
        let (taken, shifted) = match container {
            Value::Object(map) => (map.shift_remove(&last)?, None),
            Value::Array(items) => {
                let i: usize = last.parse().ok().filter(|&i| i < items.len())?;
                let n = items.len();
                (items.remove(i), Some((i, n)))
            }
            _ => return None,
        };
        self.moves.forget(at);
        // After forgetting: the item that moves into the removed index must keep its origin.
        if let Some((i, n)) = shifted {
            self.shift_items(&parent, i, n);
        }
        Some(taken)
    }

    /// Items after `removed` moved one place left: remember where each came from.
    ///
    /// One move per shifted item, so a removal from an array stays linear in the items after
    /// it (as [`Ctx::insert_item`] is): kept, since arrays of thousands of items emptied one
    /// item at a time are rare, and a shift in constant time would need an index offset per
    /// array, applied by every lookup under it.
    fn shift_items(&mut self, arr: &Pointer, removed: usize, len: usize) {
        for j in removed + 1..len {
            let input = self.input_of(&arr.index(j));
            self.moves.record(&arr.index(j - 1), input);
        }
    }
}

/// Position of `key` among the members of `map`.
fn index_of(map: &Map<String, Value>, key: &str) -> Option<usize> {
    map.keys().position(|k| k == key)
}

/// A hash of what tells diagnostics apart most often (equal diagnostics share it).
fn diag_key(d: &Diagnostic) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one((d.code.id, &d.pointer, &d.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A replacement by the value already there leaves the document unopened, so the run
    /// knows the output is the input without comparing them; a real one does not.
    #[test]
    fn only_an_edit_touches_the_document() {
        let at = Pointer::parse("/stac_extensions/0").expect("a pointer");
        let uri = json!("https://stac-extensions.github.io/mlm/v1.5.1/schema.json");
        let doc = json!({"type": "Feature", "stac_extensions": [uri.clone()]});
        let mut ctx = Ctx::new(doc.clone(), DocKind::Item);
        assert!(ctx.replace(&at, uri.clone(), Fidelity::Lossless, "same"));
        assert!(!ctx.replace(
            &Pointer::parse("/nowhere").expect("a pointer"),
            json!(1),
            Fidelity::Lossless,
            "none"
        ));
        let out = ctx.finish();
        assert!(out.untouched && out.changes.is_empty() && out.doc == doc);
        let mut ctx = Ctx::new(doc, DocKind::Item);
        assert!(ctx.replace(&at, json!("x"), Fidelity::Lossless, "other"));
        assert!(!ctx.finish().untouched);
    }

    #[test]
    fn a_diagnostic_is_kept_once_among_thousands() {
        use crate::kernel::records::{Code, Severity};
        // A code of this test only: never emitted, so not in the `explain` registry.
        const ID: &str = "test-only";
        const CODE: Code = Code::new(ID, "a test", "nothing");
        let at = |i: usize| {
            Diagnostic::new(CODE, Severity::Warning, format!("asset {i}"))
                .at(Pointer::root().key("assets").key(&format!("a{i}")))
        };
        let mut ctx = Ctx::new(json!({}), DocKind::Item);
        ctx.extend_diagnostics([at(0), at(0)]);
        for i in 0..3000 {
            ctx.diag(at(i));
            ctx.diag(at(i));
        }
        ctx.diag(Diagnostic::new(CODE, Severity::Error, "asset 1"));
        let all = ctx.finish().diagnostics;
        assert_eq!(
            all.len(),
            2 + 2999 + 1,
            "extended ones as they are, each other once"
        );
        assert_eq!(all[2], at(1));
    }

    const SCOPES: [Scope; 9] = [
        Scope::Document,
        Scope::Properties,
        Scope::Asset,
        Scope::ModelAsset,
        Scope::Input,
        Scope::Output,
        Scope::DlmData,
        Scope::DlmOutputs,
        Scope::DlmInputs,
    ];

    /// The containers an edited context reuses are those a fresh look finds.
    #[test]
    fn remembered_containers_follow_edits() {
        let doc = json!({"type": "Feature", "properties": {
            "mlm:input": [{"name": "a", "input": {"shape": [1]}}, {"name": "b"}], "dlm:data": {}
        }, "assets": {"w": {"roles": ["mlm:model"], "mlm:input": [{"name": "c"}]}}});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        let p = |s: &str| Pointer::parse(s).unwrap();
        let check = |ctx: &Ctx| {
            for scope in SCOPES {
                let fresh = containers(ctx.doc(), ctx.kind(), scope);
                assert_eq!(
                    &*ctx.shared_containers(scope),
                    fresh.as_slice(),
                    "{scope:?}"
                );
            }
        };
        check(&ctx);
        let edits: [&dyn Fn(&mut Ctx); 11] = [
            &|c| {
                c.add(&p(""), "links", json!([]), Pos::End, Fidelity::Lossless, "");
            },
            &|c| {
                c.add(
                    &p("/properties"),
                    "mlm:output",
                    json!([{}]),
                    Pos::End,
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.add(
                    &p("/assets/w"),
                    "mlm:output",
                    json!({}),
                    Pos::End,
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.replace(
                    &p("/properties/mlm:input/0/input/shape/0"),
                    json!(2),
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.add(
                    &p("/assets/w/mlm:input/0"),
                    "x",
                    json!({}),
                    Pos::End,
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.remove(&p("/assets/w/roles/0"), Fidelity::Lossless, "");
            },
            &|c| {
                c.push(
                    &p("/assets/w/roles"),
                    json!("mlm:model"),
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.insert_item(
                    &p("/properties/mlm:input"),
                    0,
                    json!(3),
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.remove(&p("/properties/mlm:input/0"), Fidelity::Lossless, "");
            },
            &|c| {
                c.rename(
                    &p("/properties"),
                    "dlm:data",
                    "dlm:outputs",
                    None,
                    Fidelity::Lossless,
                    "",
                );
            },
            &|c| {
                c.replace(
                    &p("/assets/w/mlm:input"),
                    json!({"name": "d"}),
                    Fidelity::Lossless,
                    "",
                );
            },
        ];
        for edit in edits {
            edit(&mut ctx);
            check(&ctx);
        }
        assert_eq!(ctx.changes().len(), 11);
        let deep = p("/properties/mlm:input/0/input/shape");
        assert!(!moves_containers(&deep, None) && !moves_containers(&p("/links"), Some("0")));
        assert!(moves_containers(&p("/assets/w"), Some("roles")));
    }
}
