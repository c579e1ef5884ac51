//! A Pratt (top-down operator precedence) parser for JSONata 2.0.6. Binding powers, and
//! which tokens are read in operand position (where `/` starts a regex), follow jsonata-js
//! exactly, so the same inputs are accepted and rejected. Each construct, once read, is
//! handed to [`super::rewrite`], which applies jsonata-js's post-parse rewrite to it.
//!
//! The functions on the recursive path stay small and leave message formatting to separate
//! functions: unoptimised builds (proc-macros run in them) give every local its own stack
//! slot, and [`MAX_DEPTH`] levels must fit in a 2 MiB thread.

// Operands are passed as `Box<Parsed>` on purpose (see [`Parsed::new`]).
#![allow(clippy::boxed_local, clippy::vec_box)]

use super::ast::{BinOp, Binding, Expr, ExprKind, Path, Span};
use super::error::{position, quote, Error, MAX_DEPTH, TOO_DEEP};
use super::lexer::{Lexer, Mode, Op, Tok, Token};

/// How an operand was written, as far as later rules care. jsonata-js looks at the raw
/// node type for these (`left.type === 'name'`, `rhs.type !== 'variable'`), which the
/// processed tree no longer shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// A field name (`function` here may start a lambda).
    Name,
    /// `$name`, `$` or `$$`: may be bound by `:=`, `@`, `#` or be a lambda parameter.
    Variable,
    /// `step@$v`: a later `[]` marks the focused step too.
    Focus,
    Other,
}

/// A parsed operand and the bookkeeping of the post-parse rules.
pub(super) struct Parsed {
    pub(super) expr: Expr,
    pub(super) shape: Shape,
    /// Predicates `[..]` were applied to the written operand.
    pub(super) predicated: bool,
    /// Parent slots (`%`) below this node that still look for their step (jsonata-js
    /// `seekingParent` of the node).
    pub(super) seeking: Vec<usize>,
    /// For a path: `seekingParent` of its last step.
    pub(super) step_seeking: Vec<usize>,
    /// For a path: jsonata-js applies its step rules (string steps become names, no literal
    /// steps, `[]` on a step keeps singletons) to every step each time `.` extends the path.
    /// Steps that have not been through them yet: the first step of a path `#` or `^` made
    /// out of another operand, and a step given `[]` through `@`.
    pub(super) unchecked_first: bool,
    pub(super) unreflected_keep: bool,
}

impl Parsed {
    /// Boxed: operands move through every level of the recursion, and in unoptimised builds
    /// each move takes a stack slot of its size.
    pub(super) fn new(expr: Expr) -> Box<Self> {
        Self::with_shape(expr, Shape::Other)
    }

    pub(super) fn with_shape(expr: Expr, shape: Shape) -> Box<Self> {
        Box::new(Parsed {
            expr,
            shape,
            predicated: false,
            seeking: Vec::new(),
            step_seeking: Vec::new(),
            unchecked_first: false,
            unreflected_keep: false,
        })
    }

    pub(super) fn with_seeking(expr: Expr, seeking: Vec<usize>) -> Box<Self> {
        let mut p = Self::new(expr);
        p.seeking = seeking;
        p
    }
}

/// The key/value pairs of an object constructor or group-by.
pub(super) type Pairs = Vec<(Box<Parsed>, Box<Parsed>)>;

/// A `%` waiting to be tied to a step: how many steps up it still has to go, and the label
/// it will read.
pub(super) struct Slot {
    pub(super) level: i64,
    pub(super) label: u32,
    pub(super) span: Span,
}

pub(super) struct Parser<'a> {
    pub(super) src: &'a str,
    lexer: Lexer<'a>,
    tok: Token,
    /// Span of the token before the one being parsed, for "after `x`" in messages.
    before: Option<Span>,
    last: Option<Span>,
    depth: usize,
    pub(super) slots: Vec<Slot>,
    /// Steps examined while resolving `%`, bounded to keep parsing linear.
    pub(super) ancestry_work: usize,
    /// The first error of the post-parse rules. jsonata-js applies them after parsing, so a
    /// syntax error anywhere in the source takes precedence.
    pub(super) deferred: Option<Error>,
}

/// Left binding power of a token (jsonata-js's operator table).
fn lbp(tok: &Tok) -> u8 {
    let Tok::Op(op) = tok else { return 0 };
    match op {
        Op::Dot => 75,
        Op::LBracket | Op::LParen | Op::At | Op::Hash => 80,
        Op::LBrace => 70,
        Op::Star | Op::Slash | Op::Percent => 60,
        Op::Plus | Op::Minus | Op::Amp => 50,
        Op::Eq
        | Op::Lt
        | Op::Gt
        | Op::Ne
        | Op::Le
        | Op::Ge
        | Op::Caret
        | Op::Apply
        | Op::In
        | Op::Coalesce
        | Op::Elvis => 40,
        Op::And => 30,
        Op::Or => 25,
        Op::Question => 20,
        Op::Assign => 10,
        _ => 0,
    }
}

fn binary_op(op: Op) -> Option<BinOp> {
    Some(match op {
        Op::Plus => BinOp::Add,
        Op::Minus => BinOp::Sub,
        Op::Star => BinOp::Mul,
        Op::Slash => BinOp::Div,
        Op::Percent => BinOp::Mod,
        Op::Eq => BinOp::Eq,
        Op::Ne => BinOp::Ne,
        Op::Lt => BinOp::Lt,
        Op::Le => BinOp::Le,
        Op::Gt => BinOp::Gt,
        Op::Ge => BinOp::Ge,
        Op::Amp => BinOp::Concat,
        Op::And => BinOp::And,
        Op::Or => BinOp::Or,
        Op::In => BinOp::In,
        _ => return None,
    })
}

/// Parses a JSONata 2.0.6 expression.
pub(super) fn parse(src: &str) -> Result<Expr, Error> {
    let mut lexer = Lexer::new(src);
    let tok = lexer.next_token(Mode::Operand)?;
    let mut p = Parser {
        src,
        lexer,
        tok,
        before: None,
        last: None,
        depth: 0,
        slots: Vec::new(),
        ancestry_work: 0,
        deferred: None,
    };
    p.check_known()?;
    let parsed = p.expression(0)?;
    if !matches!(p.tok.tok, Tok::End) {
        return Err(p.trailing());
    }
    if let Some(e) = p.deferred.take() {
        return Err(e);
    }
    let mut expr = parsed.expr;
    if let ExprKind::Parent { label } = expr.kind {
        return Err(p.unresolved_parent(label as usize));
    }
    if let Some(&slot) = parsed.seeking.first() {
        return Err(p.unresolved_parent(slot));
    }
    p.finish_labels(&mut expr);
    Ok(expr)
}

impl<'a> Parser<'a> {
    /// Records a post-parse error and lets parsing go on.
    pub(super) fn defer(&mut self, e: Error) {
        if self.deferred.is_none() {
            self.deferred = Some(e);
        }
    }

    pub(super) fn text(&self, span: Span) -> &'a str {
        self.src.get(span.start..span.end).unwrap_or("")
    }

    /// `prefix` and the quoted source of `span`, or nothing when the span is empty (an
    /// operand that was missing at the end of the source).
    fn operand_text(&self, span: Span, prefix: &str) -> String {
        match self.text(span) {
            "" => String::new(),
            text => format!("{prefix}{}", quote(text)),
        }
    }

    /// The quoted source of an operand, or "the end of the expression" when it is missing.
    fn found(&self, span: Span) -> String {
        match self.text(span) {
            "" => "the end of the expression".to_string(),
            text => quote(text),
        }
    }

    pub(super) fn pos(&self, span: Span) -> String {
        position(self.src, span.start)
    }

    fn at(&self, op: Op) -> bool {
        matches!(self.tok.tok, Tok::Op(o) if o == op)
    }

    /// jsonata-js refuses `!` and `~` as soon as it reads them.
    fn check_known(&self) -> Result<(), Error> {
        match self.tok.tok {
            Tok::Op(op @ (Op::Bang | Op::Tilde)) => Err(self.unknown_operator(op)),
            _ => Ok(()),
        }
    }

    /// `??` and `?:` are refused before anything after them is read, so their message wins
    /// over any error further on (jsonata-js 2.0.6 fails on them with S0211, or on an
    /// error in the token after them).
    fn check_v21(&self) -> Result<(), Error> {
        match self.tok.tok {
            Tok::Op(op @ (Op::Coalesce | Op::Elvis)) => Err(v21_operator(op, self.tok.span)),
            _ => Ok(()),
        }
    }

    /// Consumes the current token and reads the next in `mode`.
    fn take_token(&mut self, mode: Mode) -> Result<Token, Error> {
        let next = self.lexer.next_token(mode)?;
        let t = std::mem::replace(&mut self.tok, next);
        self.check_known()?;
        self.before = self.last;
        self.last = Some(t.span);
        Ok(t)
    }

    /// Consumes `op`, or fails with "expected {what}, found …". Returns its span.
    fn expect(
        &mut self,
        op: Op,
        mode: Mode,
        what: impl FnOnce(&Self) -> String,
    ) -> Result<Span, Error> {
        if self.at(op) {
            return Ok(self.take_token(mode)?.span);
        }
        Err(self.unexpected(what(self)))
    }

    /// The Pratt loop: an operand, then every infix operator that binds tighter than `rbp`.
    pub(super) fn expression(&mut self, rbp: u8) -> Result<Box<Parsed>, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        self.check_v21()?;
        // jsonata-js reads the token after an operand's first token in operator position.
        let t = self.take_token(Mode::Operator)?;
        let mut left = self.nud(t)?;
        while rbp < lbp(&self.tok.tok) {
            self.check_v21()?;
            let t = self.take_token(Mode::Operand)?;
            left = self.led(t, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    /// An operand starting with `t`.
    fn nud(&mut self, t: Token) -> Result<Box<Parsed>, Error> {
        match t.tok {
            Tok::Op(op) => self.prefix(op, t.span),
            tok => Ok(self.leaf(tok, t.span)),
        }
    }

    /// A name, variable or literal (or the end, which jsonata-js reports after parsing).
    fn leaf(&mut self, tok: Tok, span: Span) -> Box<Parsed> {
        let kind = match tok {
            Tok::Name(name) => return name_path(name, span),
            Tok::Variable(name) => {
                let kind = if name == "$" {
                    ExprKind::Root
                } else {
                    ExprKind::Variable(name)
                };
                return Parsed::with_shape(Expr::new(kind, span), Shape::Variable);
            }
            Tok::Str(s) => ExprKind::String(s),
            Tok::Num(n) => ExprKind::Number(n),
            Tok::Bool(b) => ExprKind::Bool(b),
            Tok::Regex { pattern, flags } => ExprKind::Regex { pattern, flags },
            Tok::End => {
                let e = self.missing_operand(span);
                self.defer(e);
                ExprKind::Null
            }
            Tok::Null | Tok::Op(_) => ExprKind::Null,
        };
        Parsed::new(Expr::new(kind, span))
    }

    /// An operand starting with an operator.
    fn prefix(&mut self, op: Op, span: Span) -> Result<Box<Parsed>, Error> {
        let kind = match op {
            Op::Minus => return self.negate(span),
            Op::LParen => return self.block(span),
            Op::LBracket => return self.array(span),
            Op::LBrace => return self.object(span),
            Op::Pipe => return self.transform(span),
            Op::And | Op::Or | Op::In => return Ok(name_path(op.as_str().to_string(), span)),
            Op::Star => ExprKind::Wildcard,
            Op::StarStar => ExprKind::Descendant,
            Op::Percent => {
                let label = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
                self.slots.push(Slot {
                    level: 1,
                    label,
                    span,
                });
                ExprKind::Parent { label }
            }
            _ => return Err(self.not_prefix(op, span)),
        };
        Ok(Parsed::new(Expr::new(kind, span)))
    }

    /// An infix operator `t` applied to `left`.
    fn led(&mut self, t: Token, left: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let Tok::Op(op) = t.tok else {
            return Err(self.trailing());
        };
        let span = t.span;
        if let Some(bop) = binary_op(op) {
            return self.binary(bop, span, lbp(&t.tok), left);
        }
        match op {
            Op::Dot => self.dot(left),
            Op::Apply => self.apply(left),
            Op::LParen => self.call(left, span),
            Op::LBracket => self.predicate(left, span),
            Op::LBrace => self.group(left, span),
            Op::Caret => self.sort(left, span),
            Op::Assign => self.bind(left),
            Op::At | Op::Hash => self.var_binding(left, op, span),
            Op::Question => self.condition(left),
            _ => Err(self.infix_error(op, span)),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        span: Span,
        bp: u8,
        left: Box<Parsed>,
    ) -> Result<Box<Parsed>, Error> {
        let rhs = self.expression(bp)?;
        Ok(super::rewrite::binary_node(op, span, left, rhs))
    }

    fn dot(&mut self, left: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let rhs = self.expression(75)?;
        self.path(left, rhs)
    }

    fn apply(&mut self, left: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let rhs = self.expression(40)?;
        Ok(super::rewrite::apply_node(left, rhs))
    }

    fn negate(&mut self, minus: Span) -> Result<Box<Parsed>, Error> {
        let operand = self.expression(70)?;
        Ok(super::rewrite::negate_node(minus, operand))
    }

    /// `cond ? then : otherwise`
    fn condition(&mut self, cond: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let then = self.expression(0)?;
        let otherwise = if self.at(Op::Colon) {
            self.take_token(Mode::Operand)?;
            Some(self.expression(0)?)
        } else {
            None
        };
        Ok(super::rewrite::condition_node(cond, then, otherwise))
    }

    /// `( a; b; … )`
    fn block(&mut self, open: Span) -> Result<Box<Parsed>, Error> {
        let mut parts = Vec::new();
        while !self.at(Op::RParen) {
            parts.push(self.expression(0)?);
            if !self.at(Op::Semi) {
                break;
            }
            self.take_token(Mode::Operand)?;
        }
        let many = !parts.is_empty();
        let close = self.expect(Op::RParen, Mode::Operator, |p| {
            let sep = if many { "`;` or " } else { "" };
            format!("{sep}`)` to close the `(` opened at {}", p.pos(open))
        })?;
        Ok(super::rewrite::block_node(parts, open.to(close)))
    }

    /// `[a, b, c..d]`
    fn array(&mut self, open: Span) -> Result<Box<Parsed>, Error> {
        let mut items = Vec::new();
        if !self.at(Op::RBracket) {
            loop {
                let item = self.expression(0)?;
                let item = if self.at(Op::DotDot) {
                    self.range(item)?
                } else {
                    item
                };
                items.push(item);
                if !self.at(Op::Comma) {
                    break;
                }
                self.take_token(Mode::Operand)?;
            }
        }
        let close = self.expect(Op::RBracket, Mode::Operator, |p| {
            format!(
                "`,` or `]` to close the array constructor `[` opened at {}",
                p.pos(open)
            )
        })?;
        Ok(super::rewrite::array_node(items, open.to(close)))
    }

    /// `a..b` inside an array constructor; the current token is `..`.
    fn range(&mut self, from: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let op = self.take_token(Mode::Operand)?.span;
        let to = self.expression(0)?;
        Ok(super::rewrite::binary_node(BinOp::Range, op, from, to))
    }

    /// `{k: v, …}`
    fn object(&mut self, open: Span) -> Result<Box<Parsed>, Error> {
        let (pairs, close) = self.object_pairs(open, "object constructor")?;
        Ok(super::rewrite::object_node(pairs, open.to(close)))
    }

    /// The `k: v, …}` of an object constructor or group-by; `open` is the `{`.
    pub(super) fn object_pairs(
        &mut self,
        open: Span,
        what: &'static str,
    ) -> Result<(Pairs, Span), Error> {
        let mut pairs = Vec::new();
        if !self.at(Op::RBrace) {
            loop {
                let key = self.expression(0)?;
                let key_span = key.expr.span;
                self.expect(Op::Colon, Mode::Operand, |p| {
                    format!(
                        "`:` after the key{} of the {what} opened at {}",
                        p.operand_text(key_span, " "),
                        p.pos(open)
                    )
                })?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if !self.at(Op::Comma) {
                    break;
                }
                self.take_token(Mode::Operand)?;
            }
        }
        let close = self.expect(Op::RBrace, Mode::Operator, |p| {
            format!(
                "`,` or `}}` to close the {what} `{{` opened at {}",
                p.pos(open)
            )
        })?;
        Ok((pairs, close))
    }

    /// `| pattern | update [, delete] |`
    fn transform(&mut self, open: Span) -> Result<Box<Parsed>, Error> {
        let pattern = self.expression(0)?;
        self.expect(Op::Pipe, Mode::Operand, |p| {
            format!(
                "`|` after the pattern of the transform `| pattern | update |` opened at {}",
                p.pos(open)
            )
        })?;
        let update = self.expression(0)?;
        let delete = if self.at(Op::Comma) {
            self.take_token(Mode::Operand)?;
            Some(self.expression(0)?)
        } else {
            None
        };
        let close = self.expect(Op::Pipe, Mode::Operand, |p| {
            format!("`|` to close the transform opened at {}", p.pos(open))
        })?;
        Ok(super::rewrite::transform_node(
            pattern,
            update,
            delete,
            open.to(close),
        ))
    }

    /// `left[pred]`, or `left[]` (keep singleton arrays).
    fn predicate(&mut self, mut left: Box<Parsed>, open: Span) -> Result<Box<Parsed>, Error> {
        if self.at(Op::RBracket) {
            let close = self.take_token(Mode::Operand)?.span;
            super::rewrite::keep_array(&mut left, close);
            return Ok(left);
        }
        let pred = self.expression(0)?;
        let close = self.expect(Op::RBracket, Mode::Operator, |p| {
            format!("`]` to close the predicate `[` opened at {}", p.pos(open))
        })?;
        self.filter(left, pred, open.to(close))
    }

    /// `left{k: v}`: group-by.
    fn group(&mut self, left: Box<Parsed>, open: Span) -> Result<Box<Parsed>, Error> {
        let (pairs, close) = self.object_pairs(open, "group-by")?;
        Ok(self.group_by(left, pairs, open.to(close)))
    }

    /// `left^(<a, >b)`: order-by.
    fn sort(&mut self, left: Box<Parsed>, caret: Span) -> Result<Box<Parsed>, Error> {
        self.expect(Op::LParen, Mode::Operand, |_| {
            "`(` after `^`: an order-by is written `^(expr)`, `^(<expr)` or `^(>expr)`".to_string()
        })?;
        let mut terms = Vec::new();
        loop {
            let mut descending = false;
            if self.at(Op::Lt) {
                self.take_token(Mode::Operand)?;
            } else if self.at(Op::Gt) {
                self.take_token(Mode::Operand)?;
                descending = true;
            }
            terms.push((descending, self.expression(0)?));
            if !self.at(Op::Comma) {
                break;
            }
            self.take_token(Mode::Operand)?;
        }
        let close = self.expect(Op::RParen, Mode::Operand, |p| {
            format!(
                "`,` or `)` to close the order-by `^(` opened at {}",
                p.pos(caret)
            )
        })?;
        self.order_by(left, terms, caret.to(close))
    }

    /// `$name := value`
    fn bind(&mut self, left: Box<Parsed>) -> Result<Box<Parsed>, Error> {
        let Some(name) = variable_name(&left) else {
            return Err(self.not_assignable(&left));
        };
        let value = self.expression(9)?;
        Ok(super::rewrite::bind_node(left, name, value))
    }

    /// `left@$v` (focus) or `left#$i` (index).
    fn var_binding(&mut self, left: Box<Parsed>, op: Op, at: Span) -> Result<Box<Parsed>, Error> {
        let rhs = self.expression(80)?;
        let Some(name) = variable_name(&rhs) else {
            return Err(self.not_bindable(op, &rhs));
        };
        let binding = Binding {
            name,
            span: rhs.expr.span,
        };
        Ok(if op == Op::At {
            self.focus(left, binding, at)
        } else {
            super::rewrite::index(left, binding)
        })
    }

    /// `left(args)`: a call, a partial application, or — when `left` is the name `function`
    /// or `λ` — a lambda definition.
    fn call(&mut self, left: Box<Parsed>, open: Span) -> Result<Box<Parsed>, Error> {
        let is_lambda = lambda_word(&left).is_some();
        let mut args = Vec::new();
        if !self.at(Op::RParen) {
            loop {
                if self.at(Op::Question) {
                    let q = self.take_token(Mode::Operand)?.span;
                    args.push(Parsed::new(Expr::new(ExprKind::Placeholder, q)));
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.at(Op::Comma) {
                    break;
                }
                self.take_token(Mode::Operand)?;
            }
        }
        let close = self.expect(Op::RParen, Mode::Operator, |p| {
            format!(
                "`,` or `)` to close {} opened at {}",
                callee_description(&left),
                p.pos(open)
            )
        })?;
        if is_lambda {
            return self.lambda(left, args);
        }
        Ok(super::rewrite::call_node(left, args, close))
    }

    /// The rest of `function(params)<sig>{ body }`, after the parameter list.
    fn lambda(&mut self, word: Box<Parsed>, args: Vec<Box<Parsed>>) -> Result<Box<Parsed>, Error> {
        let start = word.expr.span;
        let params = self.lambda_params(args)?;
        let signature = if self.at(Op::Lt) {
            Some(self.signature()?)
        } else {
            None
        };
        self.expect(Op::LBrace, Mode::Operand, |p| {
            format!(
                "`{{` to start the body of the `{}` defined at {}",
                lambda_word(&word).unwrap_or("function"),
                p.pos(start)
            )
        })?;
        let body = self.expression(0)?;
        let close = self.expect(Op::RBrace, Mode::Operand, |p| {
            format!(
                "`}}` to close the body of the `{}` defined at {}",
                lambda_word(&word).unwrap_or("function"),
                p.pos(start)
            )
        })?;
        Ok(super::rewrite::lambda_node(
            params,
            signature,
            body,
            start.to(close),
        ))
    }

    /// Lambda parameters must be variables (S0208).
    fn lambda_params(&self, args: Vec<Box<Parsed>>) -> Result<Vec<Binding>, Error> {
        let mut params = Vec::with_capacity(args.len());
        for (i, arg) in args.into_iter().enumerate() {
            let Some(name) = variable_name(&arg) else {
                return Err(self.bad_parameter(i, &arg));
            };
            params.push(Binding {
                name,
                span: arg.expr.span,
            });
        }
        Ok(params)
    }

    /// `<…>` after a lambda's parameters. Like jsonata-js, the signature is gathered token by
    /// token up to the matching `>` (so spaces and comments vanish), then parsed.
    fn signature(&mut self) -> Result<super::ast::Signature, Error> {
        let open = self.tok.span;
        let mut text = String::from("<");
        // (offset in `text`, offset in the source) of each token, to map errors back.
        let mut map = vec![(0usize, open.start)];
        let mut depth = 1usize;
        while depth > 0 && !self.at(Op::LBrace) && !matches!(self.tok.tok, Tok::End) {
            self.take_token(Mode::Operand)?;
            match self.tok.tok {
                Tok::Op(Op::Gt) => depth -= 1,
                Tok::Op(Op::Lt) => depth += 1,
                _ => {}
            }
            map.push((text.len(), self.tok.span.start));
            text.push_str(self.text(self.tok.span));
        }
        let close = self.expect(Op::Gt, Mode::Operand, |p| {
            format!("`>` to close the signature opened at {}", p.pos(open))
        })?;
        super::signature::parse(text, open.to(close), &map, self.src)
    }
}

/// The name bound when `p` is a plain `$name` (`$$` binds `"$"`).
fn variable_name(p: &Parsed) -> Option<String> {
    if p.shape != Shape::Variable || p.predicated {
        return None;
    }
    match &p.expr.kind {
        ExprKind::Variable(n) => Some(n.clone()),
        ExprKind::Root => Some("$".to_string()),
        _ => None,
    }
}

/// `function` or `λ` when `p` is that bare name, which makes `p(…)` a lambda.
fn lambda_word(p: &Parsed) -> Option<&str> {
    if p.shape != Shape::Name || p.predicated {
        return None;
    }
    match &p.expr.kind {
        ExprKind::Path(path) => match path.steps.first().map(|s| &s.kind) {
            Some(ExprKind::Name(n)) if n == "function" || n == "λ" => Some(n),
            _ => None,
        },
        _ => None,
    }
}

/// What an argument list belongs to, for messages.
fn callee_description(left: &Parsed) -> String {
    match (lambda_word(left), left.expr.as_variable()) {
        (Some(w), _) => format!("the parameter list of `{w}`"),
        (None, Some(v)) => format!("the call of `${v}`"),
        (None, None) => "the argument list".to_string(),
    }
}

/// A lone field name: a one-step path.
pub(super) fn name_path(name: String, span: Span) -> Box<Parsed> {
    let step = Expr::new(ExprKind::Name(name), span);
    let path = Path {
        steps: vec![step],
        keep_singleton_array: false,
    };
    Parsed::with_shape(Expr::new(ExprKind::Path(path), span), Shape::Name)
}

/// Error messages, kept out of the recursive functions.
impl Parser<'_> {
    #[cold]
    fn too_deep(&self) -> Error {
        Error::new(
            TOO_DEEP,
            self.tok.span.start,
            format!(
                "expression nested too deeply: more than {MAX_DEPTH} levels of brackets or operators"
            ),
        )
    }

    #[cold]
    fn unknown_operator(&self, op: Op) -> Error {
        let hint = match op {
            Op::Bang => "JSONata has no `!`; write `!=` to compare or `$not(x)` to negate",
            _ => "JSONata has no `~`; did you mean `~>` (function application)?",
        };
        Error::new(
            "S0204",
            self.tok.span.start,
            format!("unknown operator `{}`: {hint}", op.as_str()),
        )
    }

    /// S0202/S0203: the current token is not the `what` that had to come.
    #[cold]
    fn unexpected(&self, what: String) -> Error {
        let code = if matches!(self.tok.tok, Tok::End) {
            "S0203"
        } else {
            "S0202"
        };
        Error::new(
            code,
            self.tok.span.start,
            format!("expected {what}, found {}", self.tok.describe(self.src)),
        )
    }

    /// S0207: the end where an operand should start.
    #[cold]
    fn missing_operand(&self, span: Span) -> Error {
        let message = match self.before {
            None => "empty expression: expected an expression".to_string(),
            Some(b) => format!(
                "expected an expression after {}, found the end of the expression",
                quote(self.text(b))
            ),
        };
        Error::new("S0207", span.start, message)
    }

    /// S0211: an operator or punctuation where an operand should start.
    #[cold]
    fn not_prefix(&self, op: Op, span: Span) -> Error {
        if matches!(op, Op::Coalesce | Op::Elvis) {
            return v21_operator(op, span);
        }
        let found = quote(op.as_str());
        let before = self.before.map(|b| self.text(b));
        let mut message = match before {
            None => format!("expected an expression, found {found}"),
            Some(b) => format!("expected an expression after {}, found {found}", quote(b)),
        };
        match (op, before) {
            (Op::Slash, Some(b)) => message.push_str(&format!(
                "; JSONata 2.0.6 reads a `/` right after {} as division, so a regular expression cannot start here (bind it first: `$re := /…/`)",
                quote(b)
            )),
            (Op::Gt, Some("=")) if self.before.is_some_and(|b| b.end == span.start) => {
                message.push_str("; JSONata has no `=>`, for greater-or-equal write `>=`")
            }
            (Op::At | Op::Hash, None) => message.push_str(&format!(
                "; {found} binds a variable after a path step, as in `items{}$x`",
                op.as_str()
            )),
            _ => {}
        }
        Error::new("S0211", span.start, message)
    }

    /// An operator that cannot continue an expression (only `??` and `?:` get here).
    #[cold]
    fn infix_error(&self, op: Op, span: Span) -> Error {
        match op {
            Op::Coalesce | Op::Elvis => v21_operator(op, span),
            _ => self.trailing(),
        }
    }

    /// S0201: a token after a complete expression.
    #[cold]
    fn trailing(&self) -> Error {
        let t = &self.tok;
        let found = t.describe(self.src);
        let message = match &t.tok {
            Tok::Op(Op::Semi) => format!(
                "unexpected {found} after the end of the expression; `;` separates expressions only inside a block `( a; b )`"
            ),
            Tok::Op(Op::DotDot) => format!(
                "unexpected {found}; a range `a..b` is only allowed inside an array constructor `[a..b]`"
            ),
            Tok::Op(_) => format!("unexpected {found} after the end of the expression"),
            _ => format!("unexpected {found}: expected an operator or the end of the expression"),
        };
        Error::new("S0201", t.span.start, message)
    }

    /// S0212
    #[cold]
    fn not_assignable(&self, left: &Parsed) -> Error {
        Error::new(
            "S0212",
            left.expr.span.start,
            format!(
                "the left side of `:=` must be a variable name starting with `$`, found {}",
                self.found(left.expr.span)
            ),
        )
    }

    /// S0214
    #[cold]
    fn not_bindable(&self, op: Op, rhs: &Parsed) -> Error {
        Error::new(
            "S0214",
            rhs.expr.span.start,
            format!(
                "the right side of `{}` must be a variable name starting with `$`, found {}",
                op.as_str(),
                self.found(rhs.expr.span)
            ),
        )
    }

    /// S0208
    #[cold]
    fn bad_parameter(&self, index: usize, arg: &Parsed) -> Error {
        Error::new(
            "S0208",
            arg.expr.span.start,
            format!(
                "parameter {} of the function definition must be a variable name starting with `$`, found {}",
                index + 1,
                self.found(arg.expr.span)
            ),
        )
    }
}

/// `??` and `?:` exist from JSONata 2.1 on.
#[cold]
fn v21_operator(op: Op, span: Span) -> Error {
    let instead = match op {
        Op::Coalesce => "`$exists(a) ? a : b`",
        _ => "`a ? a : b`",
    };
    Error::new(
        "S0211",
        span.start,
        format!(
            "`{}` is JSONata 2.1 syntax; AWS Step Functions runs JSONata 2.0.6, use {instead}",
            op.as_str()
        ),
    )
}
