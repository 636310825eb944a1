//! Band arithmetic: parse a `gdal-calc` / `rio-calc` / numexpr style expression and evaluate it
//! element-wise over f64 slices.
//!
//! Parsing is delegated to `evalexpr` (its operator tree is walked, never evaluated), after a
//! small rewrite of the numpy spellings it lacks: `**` → `^`, `&` → `&&`, `|` → `||`, `~` → `!`.
//! A `^` already in the text is refused (bitwise xor in numpy, power in evalexpr). The supported
//! subset (MLM ≥ 1.2 band objects, ≥ 1.4 `processing` value scaling, `pre_processing_function`,
//! the MLM README Processing Expression): `+ - * / % **`, comparisons, `and/or/not` as `&& || !` or `& | ~`,
//! `where`, `clip`, `min`/`minimum`, `max`/`maximum`, `abs`, `sqrt`, `exp`, `log`, `log10`,
//! `logical_and/or/xor/not`, with optional `np.`/`numpy.` prefixes. Semantics follow numpy on
//! f64: IEEE division (x/0 = ±inf), `%` takes the divisor's sign, comparisons give 1.0/0.0,
//! any non-zero value (NaN included) is true, `min`/`max`/`clip` propagate NaN.

mod eval;

use evalexpr::{DefaultNumericTypes, Node as EvalNode, Operator, Value};

/// A parsed expression whose variables are numbered slots (see [`Expr::variables`]).
#[derive(Debug, Clone)]
pub struct Expr {
    text: String,
    root: Node,
    vars: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bin {
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
pub(super) enum Un {
    Neg,
    Not,
    Abs,
    Sqrt,
    Exp,
    Ln,
    Log10,
}

#[derive(Debug, Clone)]
pub(super) enum Node {
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
        eval::eval(&self.root, bindings, len)
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

fn arity(name: &str, args: &[&EvalNode<DefaultNumericTypes>], n: usize) -> Result<(), String> {
    if args.len() == n {
        return Ok(());
    }
    Err(format!(
        "`{name}` takes {n} argument(s), got {}",
        args.len()
    ))
}

fn unary_named(name: &str) -> Option<Un> {
    Some(match name {
        "abs" | "absolute" => Un::Abs,
        "sqrt" => Un::Sqrt,
        "exp" => Un::Exp,
        "log" => Un::Ln,
        "log10" => Un::Log10,
        "logical_not" | "not" => Un::Not,
        _ => return None,
    })
}

fn binary_named(name: &str) -> Option<Bin> {
    Some(match name {
        "logical_and" => Bin::And,
        "logical_or" => Bin::Or,
        "logical_xor" => Bin::Xor,
        _ => return None,
    })
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
    let mut lowered = |i: usize| lower(args[i], vars).map(Box::new);
    if let Some(op) = unary_named(name) {
        arity(name, args, 1)?;
        return Ok(Node::Unary(op, lowered(0)?));
    }
    if let Some(op) = binary_named(name) {
        arity(name, args, 2)?;
        return Ok(Node::Binary(op, lowered(0)?, lowered(1)?));
    }
    match name {
        "where" | "if" => {
            arity(name, args, 3)?;
            Ok(Node::Where(lowered(0)?, lowered(1)?, lowered(2)?))
        }
        "clip" => {
            arity(name, args, 3)?;
            let x = lowered(0)?;
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
            Ok(Node::Clip(x, lo, hi))
        }
        "min" | "max" | "minimum" | "maximum" if args.len() >= 2 => {
            let nodes = (0..args.len()).map(|i| lowered(i).map(|b| *b));
            Ok(Node::Extremum(
                name.contains("max"),
                nodes.collect::<Result<_, _>>()?,
            ))
        }
        "min" | "max" => Err(format!(
            "`{name}` with one argument is a reduction over the whole array, not element-wise"
        )),
        _ => Err(format!("unknown function `{identifier}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
