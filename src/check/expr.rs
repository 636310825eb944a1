//! Band arithmetic: parse a `gdal-calc` / `rio-calc` / numexpr style expression and evaluate it
//! element-wise over f64 slices.
//!
//! Parsing is delegated to `evalexpr` (its operator tree is walked, never evaluated), after a
//! small rewrite of the numpy spellings it lacks: `**` → `^`, `&` → `&&`, `|` → `||`, `~` → `!`.
//! A `^` already in the text is refused (bitwise xor in numpy, power in evalexpr). The supported
//! subset (MLM ≥ 1.2 band objects, ≥ 1.4 `processing` value scaling, `pre_processing_function`,
//! spec-changes §2.8): `+ - * / % **`, comparisons, `and/or/not` as `&& || !` or `& | ~`,
//! `where`, `clip`, `min`/`minimum`, `max`/`maximum`, `abs`, `sqrt`, `exp`, `log`, `log10`,
//! `logical_and/or/xor/not`, with optional `np.`/`numpy.` prefixes. Semantics follow numpy on
//! f64: IEEE division (x/0 = ±inf), `%` takes the divisor's sign, comparisons give 1.0/0.0,
//! any non-zero value (NaN included) is true, `min`/`max`/`clip` propagate NaN.

use evalexpr::{DefaultNumericTypes, Node as EvalNode, Operator, Value};

/// A parsed expression whose variables are numbered slots (see [`Expr::variables`]).
#[derive(Debug, Clone)]
pub struct Expr {
    text: String,
    root: Node,
    vars: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Bin {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Xor,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Un {
    Neg,
    Not,
    Abs,
    Sqrt,
    Exp,
    Ln,
    Log10,
}

#[derive(Debug, Clone)]
enum Node {
    Const(f64),
    Var(usize),
    Unary(Un, Box<Node>),
    Binary(Bin, Box<Node>, Box<Node>),
    /// n-ary NaN-propagating minimum (`false`) or maximum (`true`).
    Extremum(bool, Vec<Node>),
    Where(Box<Node>, Box<Node>, Box<Node>),
    Clip(Box<Node>, Option<Box<Node>>, Option<Box<Node>>),
}

/// Why an expression is outside the verifiable subset.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("expression `{text}`: {message}")]
pub struct ExprError {
    text: String,
    message: String,
}

impl Expr {
    /// Parses `text`; errors name the unsupported construct.
    pub fn parse(text: &str) -> Result<Self, ExprError> {
        let fail = |message: String| ExprError {
            text: text.to_owned(),
            message,
        };
        if text.contains('^') {
            return Err(fail(
                "`^` is bitwise xor in numpy but power elsewhere; write `**` for power".into(),
            ));
        }
        let rewritten = rewrite_numpy_operators(text);
        let tree = evalexpr::build_operator_tree::<DefaultNumericTypes>(&rewritten)
            .map_err(|e| fail(e.to_string()))?;
        let mut vars = Vec::new();
        let root = lower(&tree, &mut vars).map_err(fail)?;
        Ok(Self {
            text: text.to_owned(),
            root,
            vars,
        })
    }

    /// The expression as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Distinct variable names in order of first appearance; slot `i` is `variables()[i]`.
    pub fn variables(&self) -> &[String] {
        &self.vars
    }

    /// Evaluates element-wise. `bindings[i]` holds the values of variable slot `i`; every
    /// binding has length `len`. Returns `len` values.
    pub fn eval(&self, bindings: &[&[f64]], len: usize) -> Vec<f64> {
        match eval_node(&self.root, bindings) {
            Val::Scalar(v) => vec![v; len],
            Val::Slice(s) => s.to_vec(),
            Val::Owned(v) => v,
        }
    }
}

/// Rewrites numpy-only operator spellings into evalexpr's.
fn rewrite_numpy_operators(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('*', Some('*')) => {
                out.push('^');
                i += 2;
                continue;
            }
            ('&', Some('&')) | ('|', Some('|')) => {
                out.push(c);
                out.push(c);
                i += 2;
                continue;
            }
            ('&', _) => out.push_str("&&"),
            ('|', _) => out.push_str("||"),
            ('~', _) => out.push('!'),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Skips evalexpr's single-child `RootNode` wrappers.
fn unwrap_root(node: &EvalNode<DefaultNumericTypes>) -> &EvalNode<DefaultNumericTypes> {
    let mut n = node;
    while matches!(n.operator(), Operator::RootNode) && n.children().len() == 1 {
        n = &n.children()[0];
    }
    n
}

fn lower(node: &EvalNode<DefaultNumericTypes>, vars: &mut Vec<String>) -> Result<Node, String> {
    let node = unwrap_root(node);
    let kids = node.children();
    let binary = |op: Bin, vars: &mut Vec<String>| -> Result<Node, String> {
        if kids.len() != 2 {
            return Err(format!("operator {op:?} needs two operands"));
        }
        Ok(Node::Binary(
            op,
            Box::new(lower(&kids[0], vars)?),
            Box::new(lower(&kids[1], vars)?),
        ))
    };
    Ok(match node.operator() {
        Operator::Add => binary(Bin::Add, vars)?,
        Operator::Sub => binary(Bin::Sub, vars)?,
        Operator::Mul => binary(Bin::Mul, vars)?,
        Operator::Div => binary(Bin::Div, vars)?,
        Operator::Mod => binary(Bin::Rem, vars)?,
        Operator::Exp => binary(Bin::Pow, vars)?,
        Operator::Eq => binary(Bin::Eq, vars)?,
        Operator::Neq => binary(Bin::Ne, vars)?,
        Operator::Lt => binary(Bin::Lt, vars)?,
        Operator::Leq => binary(Bin::Le, vars)?,
        Operator::Gt => binary(Bin::Gt, vars)?,
        Operator::Geq => binary(Bin::Ge, vars)?,
        Operator::And => binary(Bin::And, vars)?,
        Operator::Or => binary(Bin::Or, vars)?,
        Operator::Neg | Operator::Not if kids.len() == 1 => {
            let op = if matches!(node.operator(), Operator::Neg) {
                Un::Neg
            } else {
                Un::Not
            };
            Node::Unary(op, Box::new(lower(&kids[0], vars)?))
        }
        Operator::Const { value } => Node::Const(constant(value)?),
        Operator::VariableIdentifierRead { identifier } if is_identifier(identifier) => {
            Node::Var(slot(identifier, vars))
        }
        Operator::VariableIdentifierRead { identifier } => {
            return Err(format!("`{identifier}` is not a band name or variable"));
        }
        Operator::FunctionIdentifier { identifier } => {
            let args = call_arguments(kids);
            function(identifier, &args, vars)?
        }
        other => return Err(format!("unsupported construct {other:?}")),
    })
}

fn constant(value: &Value<DefaultNumericTypes>) -> Result<f64, String> {
    match value {
        Value::Float(f) => Ok(*f),
        // Integer literals in expressions are small; the cast is exact below 2^53.
        Value::Int(i) => Ok(*i as f64),
        Value::Boolean(b) => Ok(if *b { 1.0 } else { 0.0 }),
        other => Err(format!("constant {other:?} is not a number")),
    }
}

/// A Python-style identifier: a letter or `_`, then letters, digits or `_`.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn slot(identifier: &str, vars: &mut Vec<String>) -> usize {
    if let Some(i) = vars.iter().position(|v| v == identifier) {
        return i;
    }
    vars.push(identifier.to_owned());
    vars.len() - 1
}

/// The argument nodes of a call: evalexpr gives one child, a tuple for several arguments.
fn call_arguments(kids: &[EvalNode<DefaultNumericTypes>]) -> Vec<&EvalNode<DefaultNumericTypes>> {
    let Some(first) = kids.first() else {
        return Vec::new();
    };
    let inner = unwrap_root(first);
    match inner.operator() {
        Operator::Tuple => inner.children().iter().collect(),
        Operator::RootNode if inner.children().is_empty() => Vec::new(),
        _ => vec![inner],
    }
}

fn is_none(node: &EvalNode<DefaultNumericTypes>) -> bool {
    matches!(unwrap_root(node).operator(),
        Operator::VariableIdentifierRead { identifier } if identifier == "None")
}

fn function(
    identifier: &str,
    args: &[&EvalNode<DefaultNumericTypes>],
    vars: &mut Vec<String>,
) -> Result<Node, String> {
    let name = identifier
        .strip_prefix("numpy.")
        .or_else(|| identifier.strip_prefix("np."))
        .unwrap_or(identifier);
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!(
                "`{name}` takes {n} argument(s), got {}",
                args.len()
            ))
        }
    };
    let mut lowered = |i: usize| lower(args[i], vars).map(Box::new);
    let un = match name {
        "abs" | "absolute" => Some(Un::Abs),
        "sqrt" => Some(Un::Sqrt),
        "exp" => Some(Un::Exp),
        "log" => Some(Un::Ln),
        "log10" => Some(Un::Log10),
        "logical_not" | "not" => Some(Un::Not),
        _ => None,
    };
    if let Some(op) = un {
        arity(1)?;
        return Ok(Node::Unary(op, lowered(0)?));
    }
    let bin = match name {
        "logical_and" => Some(Bin::And),
        "logical_or" => Some(Bin::Or),
        "logical_xor" => Some(Bin::Xor),
        _ => None,
    };
    if let Some(op) = bin {
        arity(2)?;
        return Ok(Node::Binary(op, lowered(0)?, lowered(1)?));
    }
    match name {
        "where" | "if" => {
            arity(3)?;
            Ok(Node::Where(lowered(0)?, lowered(1)?, lowered(2)?))
        }
        "clip" => {
            arity(3)?;
            let lo = if is_none(args[1]) {
                None
            } else {
                Some(lowered(1)?)
            };
            let hi = if is_none(args[2]) {
                None
            } else {
                Some(lowered(2)?)
            };
            Ok(Node::Clip(lowered(0)?, lo, hi))
        }
        "min" | "max" | "minimum" | "maximum" | "fmin" | "fmax" if args.len() >= 2 => {
            let nodes = (0..args.len())
                .map(&mut lowered)
                .collect::<Result<Vec<_>, _>>()?;
            let is_max = name.contains("max");
            Ok(Node::Extremum(
                is_max,
                nodes.into_iter().map(|b| *b).collect(),
            ))
        }
        "min" | "max" => Err(format!(
            "`{name}` with one argument is a reduction over the whole array, not element-wise"
        )),
        _ => Err(format!("unknown function `{identifier}`")),
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
    use super::*;

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

    #[test]
    fn refuses_what_it_cannot_evaluate() {
        let table = [
            ("A ^ 2", "`^` is bitwise xor"),
            ("min(A)", "reduction"),
            ("foo(A)", "unknown function `foo`"),
            ("clip(A, 1)", "`clip` takes 3"),
            ("A and B", "unknown function `A`"),
            ("A if A > 0 else B", "expression `A if A > 0 else B`"),
            ("\"text\"", "not a number"),
            ("'text'", "is not a band name"),
            ("a.b + 1", "is not a band name"),
        ];
        for (text, message) in table {
            let err = Expr::parse(text).expect_err(text).to_string();
            assert!(err.contains(message), "{text}: {err}");
        }
    }

    #[test]
    fn variables_are_numbered_in_order_of_appearance() {
        let e = Expr::parse("(B08 - B04) / (B08 + B04)").expect("parses");
        assert_eq!(e.variables(), ["B08", "B04"]);
        assert_eq!(e.text(), "(B08 - B04) / (B08 + B04)");
    }
}
