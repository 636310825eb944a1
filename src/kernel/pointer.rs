//! JSON pointers (RFC 6901): the addresses every change, diagnostic and schema error uses.
//!
//! Pointers are kept as owned, already-escaped strings (`/properties/mlm:input/0/bands`)
//! because that is what reports print and what JSON Patch (RFC 6902) consumes.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// An RFC 6901 JSON pointer such as `/properties/mlm:input/0`; the empty pointer is the root.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
#[serde(transparent)]
pub struct Pointer(String);

/// A pointer is found by its text in maps and sets keyed by pointers (its `Hash`, `Eq` and
/// `Ord` are its text's).
impl std::borrow::Borrow<str> for Pointer {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Pointer {
    /// The root pointer (`""`).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses an already-escaped pointer; returns `None` unless it is empty or starts with `/`.
    pub fn parse(text: &str) -> Option<Self> {
        (text.is_empty() || text.starts_with('/')).then(|| Self(text.to_owned()))
    }

    /// Builds a pointer from unescaped reference tokens (`["properties", "mlm:input", "0"]`).
    pub fn from_tokens<I, S>(tokens: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        tokens
            .into_iter()
            .fold(Self::root(), |p, t| p.key(t.as_ref()))
    }

    /// This pointer extended by one object key (escaped per RFC 6901: `~` → `~0`, `/` → `~1`).
    pub fn key(&self, key: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + key.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        // Most keys need no escape: copied whole (pointers are built all the time).
        if !key.bytes().any(|b| b == b'~' || b == b'/') {
            s.push_str(key);
            return Self(s);
        }
        for c in key.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Self(s)
    }

    /// This pointer extended by one array index.
    pub fn index(&self, index: usize) -> Self {
        let mut s = String::with_capacity(self.0.len() + 4);
        s.push_str(&self.0);
        s.push('/');
        push_decimal(&mut s, index);
        Self(s)
    }

    /// The escaped text of the pointer.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    /// The parent pointer and the last unescaped token; `None` for the root.
    pub fn split_last(&self) -> Option<(Pointer, String)> {
        let cut = self.0.rfind('/')?;
        let last = self.0[cut + 1..].replace("~1", "/").replace("~0", "~");
        Some((Self(self.0[..cut].to_owned()), last))
    }

    /// This pointer and each of its ancestors as pointer text, nearest first, the root (`""`)
    /// last.
    pub(crate) fn ancestors_or_self(&self) -> impl Iterator<Item = &str> {
        let p = self.0.as_str();
        std::iter::once(p).chain(p.rmatch_indices('/').map(move |(cut, _)| &p[..cut]))
    }

    /// True when `self` equals `other` or is one of its ancestors.
    pub fn is_prefix_of(&self, other: &Pointer) -> bool {
        other.0 == self.0
            || (other.0.starts_with(&self.0) && other.0.as_bytes().get(self.0.len()) == Some(&b'/'))
    }

    /// Replaces the prefix `from` of this pointer by `to` (used to follow moved subtrees).
    pub fn rebase(&self, from: &Pointer, to: &Pointer) -> Option<Pointer> {
        from.is_prefix_of(self)
            .then(|| Self(format!("{}{}", to.0, &self.0[from.0.len()..])))
    }

    /// The value this pointer addresses in `doc`.
    ///
    /// Same result as `serde_json::Value::pointer`, without allocating for tokens that need no
    /// unescaping (rules look values up by pointer all the time); small objects are searched
    /// by key comparison rather than hashing (see [`member`]).
    pub fn get<'v>(&self, doc: &'v Value) -> Option<&'v Value> {
        let mut at = doc;
        let mut rest = self.0.as_str();
        while let Some((token, next)) = next_token(rest) {
            rest = next;
            at = match at {
                Value::Object(m) => member(m, &token)?,
                Value::Array(a) => a.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// The value this pointer addresses in `doc`, mutably.
    pub fn get_mut<'v>(&self, doc: &'v mut Value) -> Option<&'v mut Value> {
        let mut at = doc;
        let mut rest = self.0.as_str();
        while let Some((token, next)) = next_token(rest) {
            rest = next;
            at = match at {
                Value::Object(m) => member_mut(m, &token)?,
                Value::Array(a) => a.get_mut(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(at)
    }
}

/// The first unescaped token of `rest` (a pointer suffix starting with `/`) and what follows
/// it; `None` at the end. Borrowed when the token needs no unescaping.
#[inline]
fn next_token(rest: &str) -> Option<(std::borrow::Cow<'_, str>, &str)> {
    let body = rest.strip_prefix('/')?;
    // The first `/` or `~`: past it, a `~` means the token needs unescaping (rare).
    let special = first_special(body.as_bytes());
    let escaped = body.as_bytes().get(special) == Some(&b'~');
    let end = if escaped {
        body.as_bytes()[special..]
            .iter()
            .position(|&b| b == b'/')
            .map_or(body.len(), |i| special + i)
    } else {
        special
    };
    let (token, next) = body.split_at(end);
    let token = if escaped {
        std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(token)
    };
    Some((token, next))
}

/// Index of the first `/` or `~` in `bytes` (its length when there is none), eight bytes at a
/// time: the classic "has a zero byte" test on the bytes xor-ed with each of the two.
#[inline]
fn first_special(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut at = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Only the lowest flagged byte is exact, and it is the one wanted.
        let found =
            zero_bytes(x ^ (ONES * u64::from(b'/'))) | zero_bytes(x ^ (ONES * u64::from(b'~')));
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b == b'/' || b == b'~')
        .map_or(bytes.len(), |i| at + i)
}

/// Objects up to this many members are searched by comparing keys: cheaper than hashing the
/// key (SipHash) for the small objects STAC documents are made of.
const SCAN_MEMBERS: usize = 32;

/// Member `key` of `map`.
pub(crate) fn member<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if map.len() <= SCAN_MEMBERS {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// Member lookups on JSON values that scan small objects instead of hashing the key (see
/// [`member`]): the same results as `serde_json`'s `get`, cheaper for STAC's small objects.
pub(crate) trait Members {
    /// Member `key`, when this is an object that has one.
    fn member(&self, key: &str) -> Option<&Value>;

    /// True when this is an object with a member `key`.
    fn has_member(&self, key: &str) -> bool {
        self.member(key).is_some()
    }

    /// Member `key`, or `null` when there is none (what indexing `value["key"]` gives).
    fn member_or_null(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.member(key).unwrap_or(&NULL)
    }
}

impl Members for Value {
    fn member(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| member(map, key))
    }
}

impl Members for Map<String, Value> {
    fn member(&self, key: &str) -> Option<&Value> {
        member(self, key)
    }
}

/// Member `key` of `map`, mutably.
pub(crate) fn member_mut<'v>(map: &'v mut Map<String, Value>, key: &str) -> Option<&'v mut Value> {
    if map.len() <= SCAN_MEMBERS {
        map.iter_mut()
            .find(|(k, _)| k.as_str() == key)
            .map(|(_, v)| v)
    } else {
        map.get_mut(key)
    }
}

/// Appends the decimal digits of `n` (what `format!("{n}")` writes, without the formatter).
fn push_decimal(s: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        s.push(char::from(d));
    }
}

/// An RFC 6901 array index: digits without a leading zero (`0` itself excepted).
fn array_index(token: &str) -> Option<usize> {
    let ok = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    ok.then(|| token.parse().ok()).flatten()
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("/")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// Every leaf (scalar, empty array or empty object) of `doc` with its pointer, in document order.
pub fn leaves(doc: &Value) -> Vec<(Pointer, &Value)> {
    fn walk<'v>(v: &'v Value, at: Pointer, out: &mut Vec<(Pointer, &'v Value)>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, child) in m {
                    walk(child, at.key(k), out);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for (i, child) in a.iter().enumerate() {
                    walk(child, at.index(i), out);
                }
            }
            _ => out.push((at, v)),
        }
    }
    let mut out = Vec::new();
    walk(doc, Pointer::root(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ancestors_run_up_to_the_root() {
        let p = Pointer::parse("/a/b~1c/0").expect("pointer");
        let all: Vec<&str> = p.ancestors_or_self().collect();
        assert_eq!(all, ["/a/b~1c/0", "/a/b~1c", "/a", ""]);
        assert_eq!(
            Pointer::root().ancestors_or_self().collect::<Vec<_>>(),
            [""]
        );
    }

    #[test]
    fn members_find_what_get_finds_in_small_and_large_objects() {
        for n in [0, 1, 5, SCAN_MEMBERS, SCAN_MEMBERS + 1, 40] {
            let map: Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            let value = Value::Object(map.clone());
            for key in ["k0", "k3", "k12", "k39", "missing", ""] {
                assert_eq!(map.member(key), map.get(key), "{n} members, {key}");
                assert_eq!(value.member(key), value.get(key), "{n} members, {key}");
                assert_eq!(value.has_member(key), map.contains_key(key));
                assert_eq!(value.member_or_null(key), &value[key]);
            }
        }
        let not_object = json!([1, 2]);
        assert_eq!(not_object.member("k0"), None);
        assert_eq!(not_object.member_or_null("k0"), &Value::Null);
    }

    #[test]
    fn escapes_and_splits() {
        let cases = [
            (
                vec!["properties", "mlm:input", "0"],
                "/properties/mlm:input/0",
            ),
            (vec!["a/b", "c~d"], "/a~1b/c~0d"),
            (vec![], ""),
        ];
        for (tokens, text) in cases {
            let p = Pointer::from_tokens(&tokens);
            assert_eq!(p.as_str(), text);
            assert_eq!(p.tokens().collect::<Vec<_>>(), tokens);
        }
        let (parent, last) = Pointer::from_tokens(["a", "b/c"]).split_last().unwrap();
        assert_eq!((parent.as_str(), last.as_str()), ("/a", "b/c"));
    }

    #[test]
    fn prefix_and_rebase() {
        let a = Pointer::parse("/properties/raster:bands").unwrap();
        let b = Pointer::parse("/properties/raster:bands/0/name").unwrap();
        let c = Pointer::parse("/properties/raster:bandsX").unwrap();
        assert!(a.is_prefix_of(&b));
        assert!(!a.is_prefix_of(&c));
        let to = Pointer::parse("/assets/weights/raster:bands").unwrap();
        assert_eq!(
            b.rebase(&a, &to).unwrap().as_str(),
            "/assets/weights/raster:bands/0/name"
        );
    }

    #[test]
    fn get_matches_serde_json() {
        let doc = json!({"a/b": {"c~d": [10, {"e": 1}]}, "": 2});
        for p in [
            "",
            "/a~1b",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/2",
            "/",
            "/x",
            "/a~1b/c~0d/1",
            "/a~1b/c~0d/1/",
        ] {
            assert_eq!(Pointer::parse(p).unwrap().get(&doc), doc.pointer(p), "{p}");
            let mut copy = doc.clone();
            let mut expected = doc.clone();
            assert_eq!(
                Pointer::parse(p).unwrap().get_mut(&mut copy),
                expected.pointer_mut(p),
                "{p}"
            );
        }
        // Past the members searched by comparison, lookups hash: same answers.
        let big: serde_json::Map<String, Value> = (0..3 * SCAN_MEMBERS)
            .map(|i| (format!("k{i}"), json!([i])))
            .collect();
        let big = Value::Object(big);
        for i in [0, SCAN_MEMBERS, 3 * SCAN_MEMBERS - 1, 3 * SCAN_MEMBERS] {
            let p = Pointer::root().key(&format!("k{i}")).index(0);
            assert_eq!(p.get(&big), big.pointer(p.as_str()), "{p}");
        }
    }

    #[test]
    fn first_special_matches_a_byte_search() {
        let alphabet: &[&str] = &["a", "/", "~", "é", "0", "mlm:", "\u{80}", "\u{ff}", "~1"];
        // Every string of up to 5 pieces over the alphabet, so `/` and `~` fall at every
        // position of an 8-byte word and of the remainder.
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        for t in &texts {
            let want = t
                .bytes()
                .position(|b| b == b'/' || b == b'~')
                .unwrap_or(t.len());
            assert_eq!(first_special(t.as_bytes()), want, "{t:?}");
        }
    }

    #[test]
    fn index_digits() {
        for i in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(
                Pointer::root().key("a").index(i).as_str(),
                format!("/a/{i}")
            );
        }
    }

    #[test]
    fn leaves_in_order() {
        let doc = json!({"a": [1, {}], "b": {"c": null}});
        let got: Vec<_> = leaves(&doc).into_iter().map(|(p, _)| p.0).collect();
        assert_eq!(got, ["/a/0", "/a/1", "/b/c"]);
    }
}
