//! Where moved subtrees came from: the moves [`Ctx`](super::Ctx) records, indexed so that
//! following them costs the depth of a pointer, not the number of moves.
//!
//! The editor used to keep the moves as a list in the order recorded and scan it for every
//! lookup and every removal, so a document with many edits took quadratic time (writing an Item
//! with 20,000 assets as MLM 1.0.0 puts a role in front of each asset's roles, which moves the
//! role there: one scan of every move so far per asset).
//!
//! What the index answers is what the list answered:
//! - [`MoveIndex::input_of`]: the most recent move whose current pointer is `at` or one of its
//!   ancestors, `at` rebased onto that move's input pointer;
//! - [`MoveIndex::forget`]: every move whose current pointer is `at` or under it, dropped;
//! - [`MoveIndex::origins`]: each current pointer with its most recent move.
//!
//! Only the most recent move at a given current pointer is ever read (the lookups take the most
//! recent one, and a removal drops all moves at a pointer or none), so the index keeps one move
//! per current pointer, with a sequence number saying how recent it is.

use std::collections::BTreeMap;
use std::ops::Bound;

use crate::kernel::pointer::Pointer;
use crate::kernel::records::Origins;

/// The moves recorded so far: the most recent one per current pointer, in one map ordered by
/// pointer text, where a pointer is found by its text (`Pointer: Borrow<str>`) and the pointers
/// under `/a/b` are the run of keys starting with `/a/b/` (not `/a/bc`, a text prefix but not a
/// pointer prefix).
///
/// One ordered map rather than a trie of pointer segments: a trie node per segment, each with
/// its own map of children, held 29 MB more than the list for an Item with 20,000 assets (one
/// move each, four segments deep). [`MoveIndex::input_of`] looks up the pointer and each of its
/// ancestors (the depth of the pointer in lookups); [`MoveIndex::forget`] reads the ordered run
/// under the pointer only.
#[derive(Debug, Default)]
pub(crate) struct MoveIndex {
    /// By current pointer: the most recent move recorded there.
    latest: BTreeMap<Pointer, Entry>,
    /// Sequence number of the next move recorded.
    next: u64,
}

/// A recorded move.
#[derive(Debug)]
struct Entry {
    /// Order of recording (larger: more recent).
    seq: u64,
    /// The input pointer the subtree came from.
    input: Pointer,
}

impl MoveIndex {
    /// Records that the subtree now at `cur` came from `input`; it supersedes earlier moves at
    /// `cur`.
    pub(crate) fn record(&mut self, cur: &Pointer, input: Pointer) {
        let entry = Entry {
            seq: self.next,
            input,
        };
        self.next += 1;
        match self.latest.get_mut(cur.as_str()) {
            Some(slot) => *slot = entry,
            None => {
                self.latest.insert(cur.clone(), entry);
            }
        }
    }

    /// The input pointer of what is now at `at`: `at` rebased by the most recent move at `at`
    /// or at one of its ancestors; `at` itself when none moved.
    pub(crate) fn input_of(&self, at: &Pointer) -> Pointer {
        at.ancestors_or_self()
            .filter_map(|cur| self.latest.get_key_value(cur))
            .max_by_key(|(_, e)| e.seq)
            .and_then(|(cur, e)| at.rebase(cur, &e.input))
            .unwrap_or_else(|| at.clone())
    }

    /// Forgets every move recorded at `at` or under it (the subtree there is gone).
    pub(crate) fn forget(&mut self, at: &Pointer) {
        if self.latest.is_empty() {
            return;
        }
        self.latest.remove(at.as_str());
        let under = format!("{at}/", at = at.as_str());
        let doomed: Vec<Pointer> = self
            .latest
            .range::<str, _>((Bound::Included(under.as_str()), Bound::Unbounded))
            .map(|(k, _)| k)
            .take_while(|k| k.as_str().starts_with(&under))
            .cloned()
            .collect();
        for k in doomed {
            self.latest.remove(&k);
        }
    }

    /// Current pointer → input pointer of each pointer's most recent move, for the writer.
    pub(crate) fn origins(&self) -> Origins {
        let mut o = Origins::default();
        for (cur, e) in &self.latest {
            o.insert(cur.clone(), e.input.clone());
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};

    use super::*;

    /// The list the index replaces, as `Ctx` kept it: every move in the order recorded.
    #[derive(Default)]
    struct Linear(Vec<(Pointer, Pointer)>);

    impl Linear {
        fn record(&mut self, cur: Pointer, input: Pointer) {
            self.0.push((cur, input));
        }

        fn input_of(&self, at: &Pointer) -> Pointer {
            self.0
                .iter()
                .rev()
                .find_map(|(cur, input)| at.rebase(cur, input))
                .unwrap_or_else(|| at.clone())
        }

        fn forget(&mut self, at: &Pointer) {
            self.0.retain(|(cur, _)| !at.is_prefix_of(cur));
        }

        fn origins(&self) -> Origins {
            let mut o = Origins::default();
            for (cur, input) in &self.0 {
                o.insert(cur.clone(), input.clone());
            }
            o
        }
    }

    /// Origins in a comparable form.
    fn sorted(o: &Origins) -> BTreeMap<String, String> {
        o.iter()
            .map(|(cur, input)| (cur.as_str().to_owned(), input.as_str().to_owned()))
            .collect()
    }

    /// The pointer `text`.
    fn p(text: &str) -> Pointer {
        Pointer::parse(text).expect("pointer")
    }

    /// Both sides of the comparison, fed the same operations.
    #[derive(Default)]
    struct Pair {
        index: MoveIndex,
        linear: Linear,
    }

    impl Pair {
        fn record(&mut self, cur: &Pointer, input: &Pointer) {
            self.index.record(cur, input.clone());
            self.linear.record(cur.clone(), input.clone());
        }

        fn forget(&mut self, at: &Pointer) {
            self.index.forget(at);
            self.linear.forget(at);
        }

        /// Item `i` of the `n` items of `arr` removed, as `Ctx::take` and `Ctx::shift_items`
        /// record it: the removed item's moves forgotten, then each later item's origin moved
        /// one index left (looked up on the index side through the index itself).
        fn remove_item(&mut self, arr: &Pointer, i: usize, n: usize) {
            self.forget(&arr.index(i));
            for j in i + 1..n {
                let (a, b) = (
                    self.index.input_of(&arr.index(j)),
                    self.linear.input_of(&arr.index(j)),
                );
                self.index.record(&arr.index(j - 1), a);
                self.linear.record(arr.index(j - 1), b);
            }
        }

        /// An item inserted at `i` among `n`, as `Ctx::insert_item` records it.
        fn insert_item(&mut self, arr: &Pointer, i: usize, n: usize) {
            for j in (i..n).rev() {
                let (a, b) = (
                    self.index.input_of(&arr.index(j)),
                    self.linear.input_of(&arr.index(j)),
                );
                self.index.record(&arr.index(j + 1), a);
                self.linear.record(arr.index(j + 1), b);
            }
        }

        fn assert_same(&self, probes: &[Pointer], context: &str) {
            for at in probes {
                assert_eq!(
                    self.index.input_of(at),
                    self.linear.input_of(at),
                    "input_of({at}) after {context}"
                );
            }
            assert_eq!(
                sorted(&self.index.origins()),
                sorted(&self.linear.origins()),
                "origins after {context}"
            );
        }
    }

    /// Segments chosen to collide: `b` is a text prefix of `bc`, `b0` and `b-` (`-` sorts
    /// before `/`, `0` right after it), `""` makes `/` and `//`, `a~1b` is an escaped `a/b`,
    /// digits make array items.
    const SEGMENTS: [&str; 11] = ["a", "b", "bc", "b0", "b-", "", "a~1b", "0", "1", "2", "10"];

    /// A pointer of up to `max_depth` segments of [`SEGMENTS`].
    fn random_pointer(rng: &mut ChaCha8Rng, max_depth: u64) -> Pointer {
        let depth = rng.next_u64() % (max_depth + 1);
        let mut text = String::new();
        for _ in 0..depth {
            text.push('/');
            text.push_str(SEGMENTS[(rng.next_u64() % SEGMENTS.len() as u64) as usize]);
        }
        p(&text)
    }

    /// What each state is probed with (see [`probes`]): the colliding segments and array items;
    /// `b0`, `10` and the escaped one only come up in moves.
    const PROBE_SEGMENTS: [&str; 8] = ["a", "b", "bc", "b-", "", "0", "1", "2"];

    /// Every pointer of up to three [`PROBE_SEGMENTS`].
    fn probes() -> Vec<Pointer> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|t| PROBE_SEGMENTS.iter().map(move |s| format!("{t}/{s}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all.iter().map(|t| p(t)).collect()
    }

    /// Random sequences of moves recorded (fresh and at pointers moved before), subtrees
    /// removed, array items removed and inserted: after each step, the index and the list
    /// give the same input pointer for every probe and the same origins.
    #[test]
    fn the_index_answers_as_the_list_of_moves() {
        let probes = probes();
        for seed in 0..100 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut pair = Pair::default();
            let mut recorded: Vec<Pointer> = Vec::new();
            for step in 0..40 {
                let context = format!("seed {seed}, step {step}");
                match rng.next_u64() % 10 {
                    0..=3 => {
                        let (cur, input) =
                            (random_pointer(&mut rng, 4), random_pointer(&mut rng, 3));
                        pair.record(&cur, &input);
                        recorded.push(cur);
                    }
                    4 | 5 if !recorded.is_empty() => {
                        // A pointer moved again (a rename of a renamed member).
                        let cur =
                            recorded[(rng.next_u64() % recorded.len() as u64) as usize].clone();
                        pair.record(&cur, &random_pointer(&mut rng, 3));
                    }
                    6 if !recorded.is_empty() && rng.next_u64() % 2 == 0 => {
                        // A removal right at (or above) something moved.
                        let cur = &recorded[(rng.next_u64() % recorded.len() as u64) as usize];
                        let up = (rng.next_u64() % 2) as usize;
                        let at = cur.ancestors_or_self().nth(up).unwrap_or("");
                        pair.forget(&p(at));
                    }
                    6 | 7 => pair.forget(&random_pointer(&mut rng, 3)),
                    8 => {
                        let n = (rng.next_u64() % 4 + 1) as usize;
                        let i = (rng.next_u64() % n as u64) as usize;
                        pair.remove_item(&random_pointer(&mut rng, 2), i, n);
                    }
                    _ => {
                        let n = (rng.next_u64() % 4) as usize;
                        let i = (rng.next_u64() % (n as u64 + 1)) as usize;
                        pair.insert_item(&random_pointer(&mut rng, 2), i, n);
                    }
                }
                pair.assert_same(&probes, &context);
            }
        }
    }

    /// The cases the random test stands for, spelled out.
    #[test]
    fn moves_followed_by_pointer_not_by_text() {
        let mut pair = Pair::default();
        let probes = probes();
        let input_of = |pair: &Pair, at: &str| {
            pair.assert_same(std::slice::from_ref(&p(at)), at);
            pair.index.input_of(&p(at)).as_str().to_owned()
        };

        // `/a/b` moved: its subtree follows, `/a/bc` does not.
        pair.record(&p("/a/b"), &p("/x"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/x/c");
        assert_eq!(input_of(&pair, "/a/bc"), "/a/bc");
        assert_eq!(input_of(&pair, "/a"), "/a");

        // A move at `/a/bc` survives removing `/a/b`, and the other way round.
        pair.record(&p("/a/bc"), &p("/y"));
        pair.forget(&p("/a/b"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/a/b/c");
        assert_eq!(input_of(&pair, "/a/bc/0"), "/y/0");
        pair.record(&p("/a/b"), &p("/x"));
        pair.forget(&p("/a/bc"));
        assert_eq!(input_of(&pair, "/a/b"), "/x");
        pair.assert_same(&probes, "the /a/b and /a/bc removals");

        // The most recent move wins, deeper or not; an older deeper move stays in the origins.
        pair.record(&p("/a"), &p("/p"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/p/b/c");
        pair.record(&p("/a/b"), &p("/q"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/q/c");
        pair.record(&p("/a"), &p("/r"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/r/b/c");
        assert_eq!(
            sorted(&pair.index.origins()),
            BTreeMap::from([("/a".into(), "/r".into()), ("/a/b".into(), "/q".into())])
        );

        // The same pointer moved again: only its last move is read.
        pair.record(&p("/a/b"), &p("/s"));
        pair.record(&p("/a/b"), &p("/t"));
        assert_eq!(input_of(&pair, "/a/b/c"), "/t/c");
        pair.assert_same(&probes, "repeated moves");

        // Array items shifted left past a removed one keep their origins, and inserted ones
        // shift them back.
        pair.record(&p("/l/1"), &p("/m"));
        pair.remove_item(&p("/l"), 0, 3);
        assert_eq!(input_of(&pair, "/l/0/k"), "/m/k");
        assert_eq!(input_of(&pair, "/l/1"), "/l/2");
        pair.insert_item(&p("/l"), 0, 2);
        assert_eq!(input_of(&pair, "/l/1/k"), "/m/k");
        assert_eq!(input_of(&pair, "/l/2"), "/l/2");
        pair.assert_same(&probes, "array shifts");

        // `/` (the member named "") is not the root; the root holds everything.
        pair.record(&p("/"), &p("/e"));
        assert_eq!(input_of(&pair, "//0"), "/e/0");
        assert_eq!(input_of(&pair, "/0"), "/0");
        pair.record(&p(""), &p("/whole"));
        assert_eq!(input_of(&pair, "/0"), "/whole/0");
        pair.forget(&p(""));
        assert!(pair.index.origins().is_empty());
        pair.assert_same(&probes, "removing the root");
    }
}
