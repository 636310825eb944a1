//! Vectorised evaluation of a lowered expression over f64 slices (numpy semantics, see the
//! parent module): one pass per operator node, scalars kept scalar, input slices borrowed.

use super::{Bin, Node, Un};

/// Evaluates `root` with variable slot `i` bound to `bindings[i]`; returns `len` values.
pub(super) fn eval(root: &Node, bindings: &[&[f64]], len: usize) -> Vec<f64> {
    match eval_node(root, bindings) {
        Val::Scalar(v) => vec![v; len],
        Val::Slice(s) => s.to_vec(),
        Val::Owned(v) => v,
    }
}

/// An intermediate result: a scalar, a borrowed input slice, or an owned vector.
enum Val<'a> {
    Scalar(f64),
    Slice(&'a [f64]),
    Owned(Vec<f64>),
}

impl Val<'_> {
    fn map(self, f: impl Fn(f64) -> f64) -> Self {
        match self {
            Val::Scalar(a) => Val::Scalar(f(a)),
            Val::Slice(s) => Val::Owned(s.iter().map(|&a| f(a)).collect()),
            Val::Owned(mut v) => {
                v.iter_mut().for_each(|a| *a = f(*a));
                Val::Owned(v)
            }
        }
    }

    fn get(&self, i: usize) -> f64 {
        match self {
            Val::Scalar(a) => *a,
            Val::Slice(s) => s[i],
            Val::Owned(v) => v[i],
        }
    }

    fn len(&self) -> Option<usize> {
        match self {
            Val::Scalar(_) => None,
            Val::Slice(s) => Some(s.len()),
            Val::Owned(v) => Some(v.len()),
        }
    }
}

fn zip<'a>(a: Val<'a>, b: Val<'a>, f: impl Fn(f64, f64) -> f64) -> Val<'a> {
    match (a, b) {
        (Val::Scalar(x), Val::Scalar(y)) => Val::Scalar(f(x, y)),
        (Val::Scalar(x), v) => v.map(|y| f(x, y)),
        (v, Val::Scalar(y)) => v.map(|x| f(x, y)),
        (Val::Owned(mut x), y) => {
            x.iter_mut()
                .enumerate()
                .for_each(|(i, a)| *a = f(*a, y.get(i)));
            Val::Owned(x)
        }
        (x, y) => {
            let n = x.len().unwrap_or(0);
            Val::Owned((0..n).map(|i| f(x.get(i), y.get(i))).collect())
        }
    }
}

fn truth(x: f64) -> bool {
    x != 0.0
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

fn nan_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.min(b)
    }
}

fn nan_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

fn binary_fn(op: Bin) -> fn(f64, f64) -> f64 {
    match op {
        Bin::Add => |a, b| a + b,
        Bin::Sub => |a, b| a - b,
        Bin::Mul => |a, b| a * b,
        Bin::Div => |a, b| a / b,
        Bin::Rem => |a, b| {
            let r = a % b;
            if r != 0.0 && (r < 0.0) != (b < 0.0) {
                r + b
            } else {
                r
            }
        },
        Bin::Pow => f64::powf,
        Bin::Eq => |a, b| flag(a == b),
        Bin::Ne => |a, b| flag(a != b),
        Bin::Lt => |a, b| flag(a < b),
        Bin::Le => |a, b| flag(a <= b),
        Bin::Gt => |a, b| flag(a > b),
        Bin::Ge => |a, b| flag(a >= b),
        Bin::And => |a, b| flag(truth(a) && truth(b)),
        Bin::Or => |a, b| flag(truth(a) || truth(b)),
        Bin::Xor => |a, b| flag(truth(a) != truth(b)),
    }
}

fn unary_fn(op: Un) -> fn(f64) -> f64 {
    match op {
        Un::Neg => |a| -a,
        Un::Not => |a| flag(!truth(a)),
        Un::Abs => f64::abs,
        Un::Sqrt => f64::sqrt,
        Un::Exp => f64::exp,
        Un::Ln => f64::ln,
        Un::Log10 => f64::log10,
    }
}

fn eval_node<'a>(node: &Node, bindings: &[&'a [f64]]) -> Val<'a> {
    match node {
        Node::Const(c) => Val::Scalar(*c),
        Node::Var(i) => Val::Slice(bindings[*i]),
        Node::Unary(op, a) => eval_node(a, bindings).map(unary_fn(*op)),
        Node::Binary(op, a, b) => zip(
            eval_node(a, bindings),
            eval_node(b, bindings),
            binary_fn(*op),
        ),
        Node::Extremum(is_max, nodes) => {
            let f = if *is_max { nan_max } else { nan_min };
            let mut it = nodes.iter().map(|n| eval_node(n, bindings));
            let first = it.next().unwrap_or(Val::Scalar(f64::NAN));
            it.fold(first, |acc, v| zip(acc, v, f))
        }
        Node::Where(c, a, b) => {
            let (c, a, b) = (
                eval_node(c, bindings),
                eval_node(a, bindings),
                eval_node(b, bindings),
            );
            match c.len().or(a.len()).or(b.len()) {
                None => Val::Scalar(if truth(c.get(0)) { a.get(0) } else { b.get(0) }),
                Some(n) => Val::Owned(
                    (0..n)
                        .map(|i| if truth(c.get(i)) { a.get(i) } else { b.get(i) })
                        .collect(),
                ),
            }
        }
        Node::Clip(x, lo, hi) => {
            let mut v = eval_node(x, bindings);
            if let Some(lo) = lo {
                v = zip(v, eval_node(lo, bindings), nan_max);
            }
            if let Some(hi) = hi {
                v = zip(v, eval_node(hi, bindings), nan_min);
            }
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Expr;

    fn eval(text: &str, a: &[f64], b: &[f64]) -> Vec<f64> {
        let e = Expr::parse(text).unwrap_or_else(|err| panic!("{err}"));
        let bindings: Vec<&[f64]> = e
            .variables()
            .iter()
            .map(|v| if v == "B" { b } else { a })
            .collect();
        e.eval(&bindings, a.len())
    }

    #[test]
    fn evaluates_the_numpy_subset_element_wise() {
        let a = [-2.0, 0.0, 3.0];
        let b = [4.0, 0.0, 1.0];
        let table: &[(&str, [f64; 3])] = &[
            ("(A - B) / (A + B)", [-3.0, f64::NAN, 0.5]),
            ("A ** 2 + 1e-3", [4.001, 0.001, 9.001]),
            ("A % B", [2.0, f64::NAN, 0.0]),
            ("-A", [2.0, -0.0, -3.0]),
            ("clip(A / 2, 0, 1)", [0.0, 0.0, 1.0]),
            ("np.clip(A, None, 1)", [-2.0, 0.0, 1.0]),
            ("numpy.where(A > 0, A, B)", [4.0, 0.0, 3.0]),
            ("where((A >= 0) & (B > 0), 1, 0)", [0.0, 0.0, 1.0]),
            ("logical_or(A < 0, B == 0) | ~(A != 3)", [1.0, 1.0, 1.0]),
            ("logical_xor(A, B)", [0.0, 0.0, 0.0]),
            ("min(A, B, 2)", [-2.0, 0.0, 1.0]),
            ("maximum(A, B)", [4.0, 0.0, 3.0]),
            (
                "abs(A) + sqrt(B) + exp(0) + log(1) + log10(100)",
                [7.0, 3.0, 7.0],
            ),
            ("A * 2.5E+1", [-50.0, 0.0, 75.0]),
        ];
        for (text, expected) in table {
            let got = eval(text, &a, &b);
            let same = got
                .iter()
                .zip(expected)
                .all(|(g, e)| g == e || (g.is_nan() && e.is_nan()));
            assert!(same, "{text}: {got:?} != {expected:?}");
        }
    }

    #[test]
    fn nan_propagates_through_min_max_and_clip_and_is_true() {
        let got = eval("min(A, 1) + max(A, 0) + clip(A, 0, 1)", &[f64::NAN], &[]);
        assert!(got[0].is_nan());
        assert_eq!(eval("where(A, 1, 0)", &[f64::NAN], &[]), vec![1.0]);
    }
}
