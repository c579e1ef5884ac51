//! The syntax tree of a `state_machine!` invocation. Every node keeps the
//! spans of its tokens, so that errors found later (by the lowering or by
//! the core's validator) point at them.

use proc_macro2::{Ident, Span, TokenStream};

/// A name: an identifier or a string literal.
#[derive(Clone, Debug)]
pub struct Name {
    pub value: String,
    pub span: Span,
}

/// `Name ( options )? { states }`.
pub struct Machine {
    pub doc: Option<(String, Span)>,
    pub name: Name,
    pub options: Vec<Opt>,
    pub body: Block,
}

/// `{ statements }`.
pub struct Block {
    pub stmts: Vec<Stmt>,
    pub span: Span,
}

/// One state statement.
pub struct Stmt {
    pub doc: Option<(String, Span)>,
    pub kind: Ident,
    pub name: Option<Name>,
    pub args: Args,
    pub children: Option<Children>,
    pub retries: Vec<Recovery>,
    pub catches: Vec<Recovery>,
    pub target: Option<Target>,
}

/// `( positional..., key: value, ... )`.
#[derive(Default)]
pub struct Args {
    pub positional: Vec<Value>,
    pub options: Vec<Opt>,
    pub span: Option<Span>,
}

/// `key: value`.
pub struct Opt {
    pub key: Ident,
    pub value: Value,
}

/// What follows a state in braces.
pub enum Children {
    /// A map body.
    States(Block),
    /// `branch { ... }` blocks of a parallel.
    Branches(Vec<(Span, Block)>, Span),
    /// The arms of a choice.
    Arms(Vec<Arm>, Span),
}

/// `.retry(...)` or `.catch(...)`.
pub struct Recovery {
    pub span: Span,
    pub errors: Option<Value>,
    /// `=> Target` (catch only).
    pub target: Option<Name>,
    pub options: Vec<Opt>,
}

/// `-> Name` or `-> end`.
pub enum Target {
    State(Name),
    End(Span),
}

/// `RULE => TARGET` or `_ => TARGET`, with options after the target:
/// `=> Target(comment: "...")`.
pub struct Arm {
    /// `None` for the `_` arm.
    pub rule: Option<RuleExpr>,
    pub span: Span,
    pub target: Name,
    pub options: Vec<Opt>,
}

/// A choice rule as written.
pub enum RuleExpr {
    And(Vec<RuleExpr>, Span),
    Or(Vec<RuleExpr>, Span),
    Not(Box<RuleExpr>, Span),
    /// `"$.x".is_present()`, `"$.x".matches("a*")`; `negated` for `!"$.x".is_present()`.
    Method {
        subject: Side,
        method: Ident,
        arg: Option<Value>,
        negated: bool,
    },
    /// `left OP right`.
    Compare {
        left: Side,
        op: (CmpOp, Span),
        right: Side,
    },
    /// `{ "Variable": ..., "IsPresent": true }`.
    Raw(Value),
    /// `"{% $states.input.total > 100 %}"`: a JSONata condition, the
    /// whole rule of its arm.
    Jsonata(String, Span),
}

impl RuleExpr {
    pub fn span(&self) -> Span {
        match self {
            RuleExpr::And(_, s) | RuleExpr::Or(_, s) | RuleExpr::Not(_, s) => *s,
            RuleExpr::Method { subject, .. } => subject.span.0,
            RuleExpr::Compare { left, .. } => left.span.0,
            RuleExpr::Raw(v) => v.span(),
            RuleExpr::Jsonata(_, s) => *s,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// One side of a comparison.
pub struct Side {
    pub kind: SideKind,
    /// First and last token.
    pub span: (Span, Span),
}

pub enum SideKind {
    /// A string literal: a path on the left, a string on the right.
    Str(String),
    Number(builder_core::Number),
    Bool(bool),
    Null,
    /// `num("$.a")`, `string(..)`, `timestamp(..)`, `bool(..)`, with the
    /// span of the string inside.
    Typed(Ident, String, Span),
}

/// A value: an option's value or a JSON value.
pub enum Value {
    Str(String, Span),
    /// A number, with the spans of its first and last token (`-` and `30`).
    Number(builder_core::Number, Span, Span),
    Bool(bool, Span),
    Null(Span),
    Ident(Ident),
    Array(Vec<Value>, Span),
    /// `{ "key": value, ... }` with each key's span; `true` for a key
    /// written as an identifier (`{ level: all }`, which only settings take).
    Object(Vec<(String, Span, Value, bool)>, Span),
    /// `self.arn()`.
    SelfArn(Span),
    /// `(expr)`: a Rust expression evaluated at run time.
    Expr(TokenStream, Span),
    /// `name(args)`: `schedule(...)`, `timestamp(...)`.
    Call(Ident, Args),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Str(_, s)
            | Value::Number(_, s, _)
            | Value::Bool(_, s)
            | Value::Null(s)
            | Value::Array(_, s)
            | Value::Object(_, s)
            | Value::SelfArn(s)
            | Value::Expr(_, s) => *s,
            Value::Ident(i) => i.span(),
            Value::Call(i, _) => i.span(),
        }
    }

    /// The spans of the value's first and last token.
    pub fn span_range(&self) -> (Span, Span) {
        match self {
            Value::Number(_, start, end) => (*start, *end),
            Value::Call(ident, args) => (ident.span(), args.span.unwrap_or(ident.span())),
            other => (other.span(), other.span()),
        }
    }

    /// What kind of value this is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Str(..) => "a string",
            Value::Number(..) => "a number",
            Value::Bool(..) => "a boolean",
            Value::Null(_) => "`null`",
            Value::Ident(_) => "an identifier",
            Value::Array(..) => "an array",
            Value::Object(..) => "an object",
            Value::SelfArn(_) => "`self.arn()`",
            Value::Expr(..) => "a Rust expression",
            Value::Call(..) => "a call",
        }
    }
}

/// Collects errors; combined into one `syn::Error` at the end.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        self.0.push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<syn::Error> {
        self.0
    }
}
