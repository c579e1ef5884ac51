//! The parser of a `state_machine!` invocation, into the tree of
//! [`crate::ast`]. Parsing recovers at statement boundaries: one broken
//! statement is reported and the next is parsed, so all syntax errors of an
//! invocation come out together.

pub use crate::ast::*;
use crate::cursor::{Cursor, Result};
use proc_macro2::{Delimiter, Literal, Span, TokenStream, TokenTree};

/// Deepest nesting of blocks, JSON values and rules the parser follows
/// (beyond it, an error; never a stack overflow).
pub const MAX_DEPTH: usize = 64;

/// Parses a whole invocation. `None` when not even a machine name and body
/// could be read; the errors say why.
pub fn parse_machine(input: TokenStream, errors: &mut Errors) -> Option<Machine> {
    let mut c = Cursor::new(input, Span::call_site());
    if c.is_empty() {
        errors.push(c.error(
            "expected a state machine: `Name { states }`, such as `Weekly { task(fetch); }`",
        ));
        return None;
    }
    let doc = match parse_docs(&mut c) {
        Ok(doc) => doc,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let name = match parse_name(&mut c, "a state machine name") {
        Ok(name) => name,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let mut options = Vec::new();
    if let Some(group) = c.eat_group(Delimiter::Parenthesis) {
        match parse_args(&mut Cursor::of(&group), 0) {
            Ok(args) => {
                for value in args.positional {
                    errors.push(syn::Error::new(
                        value.span(),
                        "machine options are written `key: value`, such as `type: express`",
                    ));
                }
                options = args.options;
            }
            Err(e) => errors.push(e),
        }
    }
    let Some(group) = c.eat_group(Delimiter::Brace) else {
        let span = if c.is_empty() { name.span } else { c.span() };
        errors.push(syn::Error::new(
            span,
            format!(
                "expected `{{` after `{}`: the states of the machine go in braces",
                name.value
            ),
        ));
        return None;
    };
    let body = parse_block(&group, name.span, 0, errors);
    if !c.is_empty() {
        errors.push(c.error(
            "unexpected tokens after the state machine: `state_machine!` takes exactly one machine",
        ));
    }
    Some(Machine {
        doc,
        name,
        options,
        body,
    })
}

/// `///` comments: `#[doc = "..."]` attributes, joined with `\n`, one
/// leading space trimmed from each line.
fn parse_docs(c: &mut Cursor) -> Result<Option<(String, Span)>> {
    let mut lines = Vec::new();
    let mut first_span = None;
    while c.peek_punct("#") {
        let hash = c.span();
        c.next();
        let Some(group) = c.eat_group(Delimiter::Bracket) else {
            return Err(syn::Error::new(hash, "expected `[` after `#`"));
        };
        let mut inner = Cursor::of(&group);
        let is_doc = inner.peek_keyword("doc");
        inner.next();
        let line = if is_doc && inner.eat_punct("=").is_some() {
            match inner.next() {
                Some(TokenTree::Literal(lit)) if inner.is_empty() => string_literal(&lit),
                _ => None,
            }
        } else {
            None
        };
        let Some(line) = line else {
            return Err(syn::Error::new(
                group.span(),
                "only doc comments (`///`) may be written before a state or machine",
            ));
        };
        first_span.get_or_insert(hash);
        lines.push(line.strip_prefix(' ').map(str::to_owned).unwrap_or(line));
    }
    Ok(first_span.map(|span| (lines.join("\n"), span)))
}

/// The value of a plain string literal (no suffix), if `lit` is one.
pub fn string_literal(lit: &Literal) -> Option<String> {
    match syn::Lit::new(lit.clone()) {
        syn::Lit::Str(s) if s.suffix().is_empty() => Some(s.value()),
        _ => None,
    }
}

fn parse_name(c: &mut Cursor, what: &str) -> Result<Name> {
    match c.peek() {
        Some(TokenTree::Ident(i)) => {
            let name = Name {
                value: i.to_string(),
                span: i.span(),
            };
            c.next();
            Ok(name)
        }
        Some(TokenTree::Literal(lit)) => match string_literal(lit) {
            Some(value) => {
                let name = Name {
                    value,
                    span: lit.span(),
                };
                c.next();
                Ok(name)
            }
            None => Err(c.error(format!(
                "expected {what}: an identifier or a string literal"
            ))),
        },
        _ => Err(c.error(format!(
            "expected {what}: an identifier or a string literal"
        ))),
    }
}

/// The states of a `{ ... }` group; `owner` is what the group belongs to
/// (the machine, a map or a branch), where a nesting error points.
fn parse_block(
    group: &proc_macro2::Group,
    owner: Span,
    depth: usize,
    errors: &mut Errors,
) -> Block {
    let mut c = Cursor::of(group);
    let mut stmts = Vec::new();
    if depth > MAX_DEPTH {
        errors.push(syn::Error::new(
            owner,
            format!("states are nested more than {MAX_DEPTH} levels deep"),
        ));
        return Block {
            stmts,
            span: group.span(),
        };
    }
    while !c.is_empty() {
        match parse_stmt(&mut c, depth, errors) {
            Ok(stmt) => stmts.push(stmt),
            Err(e) => {
                errors.push(e);
                c.skip_statement();
            }
        }
    }
    Block {
        stmts,
        span: group.span(),
    }
}

/// The state kinds' keywords, in the order messages list them.
fn kinds() -> impl Iterator<Item = &'static str> + Clone {
    builder_core::model::StateType::ALL
        .into_iter()
        .map(|t| t.keyword())
}

fn parse_stmt(c: &mut Cursor, depth: usize, errors: &mut Errors) -> Result<Stmt> {
    let doc = parse_docs(c)?;
    let list = builder_core::diag::text::list(kinds(), " or ");
    let Some(kind) = c.eat_ident() else {
        return Err(c.error(format!("expected a state: {list}")));
    };
    let kind_name = kind.to_string();
    if !kinds().any(|k| k == kind_name) {
        let mut message = format!("unknown state kind `{kind_name}`; expected {list}");
        if let Some(close) = builder_core::diag::suggest::closest(&kind_name, kinds()) {
            message = format!("unknown state kind `{kind_name}`; did you mean `{close}`?");
        }
        return Err(syn::Error::new(kind.span(), message));
    }
    let name = match c.peek() {
        Some(TokenTree::Ident(_) | TokenTree::Literal(_)) => Some(parse_name(c, "a state name")?),
        _ => None,
    };
    let args = match c.eat_group(Delimiter::Parenthesis) {
        Some(group) => {
            let mut args = parse_args(&mut Cursor::of(&group), 0)?;
            args.span = Some(group.span());
            args
        }
        None => Args::default(),
    };
    let mut ends_with_brace = false;
    let children = match c.eat_group(Delimiter::Brace) {
        Some(group) => {
            ends_with_brace = true;
            Some(match kind_name.as_str() {
                "choice" => Children::Arms(parse_arms(&group, 0)?, group.span()),
                "parallel" => Children::Branches(parse_branches(&group, depth, errors)?, group.span()),
                "map" => {
                    let owner = name.as_ref().map_or(kind.span(), |n| n.span);
                    Children::States(parse_block(&group, owner, depth + 1, errors))
                }
                _ => {
                    return Err(syn::Error::new(
                        group.span(),
                        format!("`{kind_name}` takes no `{{ ... }}` body; only `choice`, `parallel` and `map` do"),
                    ))
                }
            })
        }
        None => None,
    };
    let mut retries = Vec::new();
    let mut catches = Vec::new();
    while c.peek_punct(".") {
        let dot = c.span();
        c.next();
        let which = c.eat_ident();
        let group = c.eat_group(Delimiter::Parenthesis);
        match (which, group) {
            (Some(w), Some(group)) if w == "retry" => {
                retries.push(parse_retry(&group, 0)?);
            }
            (Some(w), Some(group)) if w == "catch" => {
                catches.push(parse_catch(&group, 0)?);
            }
            _ => {
                return Err(syn::Error::new(
                    dot,
                    "expected `.retry([errors], ...)` or `.catch([errors] => State, ...)`",
                ))
            }
        }
    }
    let target = match c.eat_punct("->") {
        Some(_) => {
            if c.peek_keyword("end") {
                let span = c.span();
                c.next();
                Some(Target::End(span))
            } else {
                Some(Target::State(parse_name(c, "a state to go to (or `end`)")?))
            }
        }
        None => None,
    };
    // `;` is optional after a statement with a `{ }` body, whatever follows
    // the body (`.retry(...)`, `-> X`).
    if c.eat_punct(";").is_none() && !ends_with_brace && !c.is_empty() {
        // The statement itself is complete: keep it, so that the next one
        // is parsed (and checked) normally.
        errors.push(syn::Error::new(
            c.prev_span(),
            "expected `;` after this state",
        ));
    }
    Ok(Stmt {
        doc,
        kind,
        name,
        args,
        children,
        retries,
        catches,
        target,
    })
}

/// `key: value` when an identifier and a lone `:` come next.
fn peek_option(c: &Cursor) -> bool {
    matches!(c.peek(), Some(TokenTree::Ident(_)))
        && matches!(c.peek_nth(1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
        && !matches!(c.peek_nth(2), Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

/// Arguments: positional values, then `key: value` options, separated by commas.
pub fn parse_args(c: &mut Cursor, depth: usize) -> Result<Args> {
    let mut args = Args::default();
    while !c.is_empty() {
        if peek_option(c) {
            let key = c
                .eat_ident()
                .ok_or_else(|| c.error("expected an option name"))?;
            c.next(); // `:`
            let value = parse_value(c, depth + 1)?;
            args.options.push(Opt { key, value });
        } else {
            let value = parse_value(c, depth + 1)?;
            if let Some(opt) = args.options.last() {
                return Err(syn::Error::new(
                    value.span(),
                    format!(
                        "positional arguments go before `key: value` options (after `{}`)",
                        opt.key
                    ),
                ));
            }
            args.positional.push(value);
        }
        if c.is_empty() {
            break;
        }
        c.expect_punct(",", "between arguments")?;
    }
    Ok(args)
}

fn number(lit: &Literal, negative: bool) -> Option<builder_core::Number> {
    use builder_core::Number;
    match syn::Lit::new(lit.clone()) {
        syn::Lit::Int(i) if i.suffix().is_empty() => {
            let n: u64 = i.base10_parse().ok()?;
            if negative {
                if n == 0 {
                    Some(Number::PosInt(0))
                } else {
                    i64::try_from(n).ok().map(|n| Number::NegInt(-n))
                }
            } else {
                Some(Number::PosInt(n))
            }
        }
        syn::Lit::Float(f) if f.suffix().is_empty() => {
            let x: f64 = f.base10_parse().ok()?;
            x.is_finite()
                .then_some(Number::Float(if negative { -x } else { x }))
        }
        _ => None,
    }
}

const VALUE_FORMS: &str =
    "a string, a number, `true`, `false`, `null`, `{ ... }`, `[ ... ]`, `self.arn()` or `(expr)`";

/// One value (an option's, or inside JSON).
pub fn parse_value(c: &mut Cursor, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(c.error(format!(
            "values are nested more than {MAX_DEPTH} levels deep"
        )));
    }
    let span = c.span();
    if let Some(minus) = c.eat_punct("-") {
        if let Some(lit) = c.peek_literal().cloned() {
            if let Some(n) = number(&lit, true) {
                c.next();
                return Ok(Value::Number(n, minus, lit.span()));
            }
        }
        return Err(syn::Error::new(minus, "expected a number after `-`"));
    }
    match c.peek().cloned() {
        Some(TokenTree::Literal(lit)) => {
            c.next();
            if let Some(s) = string_literal(&lit) {
                Ok(Value::Str(s, span))
            } else if let Some(n) = number(&lit, false) {
                Ok(Value::Number(n, span, span))
            } else {
                Err(syn::Error::new(
                    span,
                    format!("unsupported literal `{lit}`; expected {VALUE_FORMS}"),
                ))
            }
        }
        Some(TokenTree::Ident(ident)) => {
            c.next();
            if ident == "true" || ident == "false" {
                Ok(Value::Bool(ident == "true", span))
            } else if ident == "null" {
                Ok(Value::Null(span))
            } else if ident == "self" {
                let ok = c.eat_punct(".").is_some()
                    && c.eat_ident().is_some_and(|i| i == "arn")
                    && c.eat_group(Delimiter::Parenthesis)
                        .is_some_and(|g| g.stream().is_empty());
                if ok {
                    Ok(Value::SelfArn(span))
                } else {
                    Err(syn::Error::new(
                        span,
                        "expected `self.arn()`, this machine's ARN",
                    ))
                }
            } else if let Some(group) = c.eat_group(Delimiter::Parenthesis) {
                let mut args = parse_args(&mut Cursor::of(&group), depth)?;
                args.span = Some(group.span());
                Ok(Value::Call(ident, args))
            } else {
                Ok(Value::Ident(ident))
            }
        }
        Some(TokenTree::Group(group)) => {
            c.next();
            match group.delimiter() {
                Delimiter::Brace => parse_object(&group, depth),
                Delimiter::Bracket => {
                    let mut inner = Cursor::of(&group);
                    let mut items = Vec::new();
                    while !inner.is_empty() {
                        items.push(parse_value(&mut inner, depth + 1)?);
                        if inner.is_empty() {
                            break;
                        }
                        inner.expect_punct(",", "between array items")?;
                    }
                    Ok(Value::Array(items, group.span()))
                }
                Delimiter::Parenthesis => {
                    if group.stream().is_empty() {
                        return Err(syn::Error::new(
                            group.span(),
                            "expected a Rust expression inside `( )`",
                        ));
                    }
                    Ok(Value::Expr(group.stream(), group.span()))
                }
                Delimiter::None => {
                    // A macro_rules! fragment (`$x:expr`) arrives as an invisible group.
                    Ok(Value::Expr(group.stream(), group.span()))
                }
            }
        }
        _ => Err(c.error(format!("expected a value: {VALUE_FORMS}"))),
    }
}

fn parse_object(group: &proc_macro2::Group, depth: usize) -> Result<Value> {
    let mut c = Cursor::of(group);
    let mut entries = Vec::new();
    while !c.is_empty() {
        let key_span = c.span();
        let (key, ident) = match c.peek_literal().and_then(string_literal) {
            Some(key) => {
                c.next();
                (key, false)
            }
            None => match c.eat_ident() {
                Some(ident) => (ident.to_string(), true),
                None => {
                    return Err(
                        c.error("expected a string key: objects are written `{ \"key\": value }`")
                    )
                }
            },
        };
        c.expect_punct(":", "after an object key")?;
        let value = parse_value(&mut c, depth + 1)?;
        entries.push((key, key_span, value, ident));
        if c.is_empty() {
            break;
        }
        c.expect_punct(",", "between object entries")?;
    }
    Ok(Value::Object(entries, group.span()))
}

fn parse_branches(
    group: &proc_macro2::Group,
    depth: usize,
    errors: &mut Errors,
) -> Result<Vec<(Span, Block)>> {
    let mut c = Cursor::of(group);
    let mut branches = Vec::new();
    while !c.is_empty() {
        let span = c.span();
        if !c.peek_keyword("branch") {
            return Err(c.error("expected `branch { ... }`: a parallel holds branches"));
        }
        c.next();
        let Some(body) = c.eat_group(Delimiter::Brace) else {
            return Err(c.error("expected `{` after `branch`"));
        };
        branches.push((span, parse_block(&body, span, depth + 1, errors)));
        // Separators between branches are optional.
        let _ = c.eat_punct(",").or_else(|| c.eat_punct(";"));
    }
    Ok(branches)
}

fn parse_arms(group: &proc_macro2::Group, depth: usize) -> Result<Vec<Arm>> {
    let mut c = Cursor::of(group);
    let mut arms = Vec::new();
    while !c.is_empty() {
        let span = c.span();
        // `_` arrives as an identifier (or, from some token sources, a punct).
        let underscore =
            c.peek_keyword("_") || matches!(c.peek_punct_char(), Some(p) if p.as_char() == '_');
        let rule = if underscore {
            c.next();
            None
        } else {
            Some(parse_or(&mut c, depth + 1)?)
        };
        c.expect_punct("=>", "between a rule and the state it leads to")?;
        let target = parse_name(&mut c, "the state this rule leads to")?;
        let mut options = Vec::new();
        if let Some(group) = c.eat_group(Delimiter::Parenthesis) {
            let args = parse_args(&mut Cursor::of(&group), depth)?;
            if let Some(v) = args.positional.first() {
                return Err(syn::Error::new(
                    v.span(),
                    "the options of an arm are written `key: value`, such as `=> Next(comment: \"...\")`",
                ));
            }
            options = args.options;
        }
        arms.push(Arm {
            rule,
            span,
            target,
            options,
        });
        if c.is_empty() {
            break;
        }
        c.expect_punct(",", "between choice rules")?;
    }
    Ok(arms)
}

fn parse_or(c: &mut Cursor, depth: usize) -> Result<RuleExpr> {
    let span = c.span();
    let first = parse_and(c, depth)?;
    if !c.peek_punct("||") {
        return Ok(first);
    }
    let mut items = vec![first];
    while c.eat_punct("||").is_some() {
        items.push(parse_and(c, depth)?);
    }
    Ok(RuleExpr::Or(items, span))
}

fn parse_and(c: &mut Cursor, depth: usize) -> Result<RuleExpr> {
    let span = c.span();
    let first = parse_unary(c, depth)?;
    if !c.peek_punct("&&") {
        return Ok(first);
    }
    let mut items = vec![first];
    while c.eat_punct("&&").is_some() {
        items.push(parse_unary(c, depth)?);
    }
    Ok(RuleExpr::And(items, span))
}

fn parse_unary(c: &mut Cursor, depth: usize) -> Result<RuleExpr> {
    if depth > MAX_DEPTH {
        return Err(c.error(format!(
            "rules are nested more than {MAX_DEPTH} levels deep"
        )));
    }
    if let Some(bang) = c.eat_punct("!") {
        let parenthesized = c.peek_group(Delimiter::Parenthesis).is_some();
        let inner = parse_unary(c, depth + 1)?;
        return Ok(match inner {
            RuleExpr::Method {
                subject,
                method,
                arg,
                negated: false,
            } if !parenthesized && method.to_string().starts_with("is_") => RuleExpr::Method {
                subject,
                method,
                arg,
                negated: true,
            },
            inner => RuleExpr::Not(Box::new(inner), bang),
        });
    }
    if let Some(group) = c.eat_group(Delimiter::Parenthesis) {
        let mut inner = Cursor::of(&group);
        let rule = parse_or(&mut inner, depth + 1)?;
        if !inner.is_empty() {
            return Err(inner.error("expected `)` after the rule"));
        }
        return Ok(rule);
    }
    if c.peek_group(Delimiter::Brace).is_some() {
        return Ok(RuleExpr::Raw(parse_value(c, depth + 1)?));
    }
    let left = parse_operand(c)?;
    if c.peek_punct(".") {
        c.next();
        let Some(method) = c.eat_ident() else {
            return Err(c.error("expected a method such as `is_present()` or `matches(\"...\")`"));
        };
        let Some(group) = c.eat_group(Delimiter::Parenthesis) else {
            return Err(c.error(format!("expected `(` after `{method}`")));
        };
        let mut args = parse_args(&mut Cursor::of(&group), depth)?;
        let arg = args.positional.pop();
        if !args.positional.is_empty() || !args.options.is_empty() {
            return Err(syn::Error::new(
                group.span(),
                "methods take at most one argument",
            ));
        }
        return Ok(RuleExpr::Method {
            subject: left,
            method,
            arg,
            negated: false,
        });
    }
    let ops = [
        ("==", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<=", CmpOp::Le),
        (">=", CmpOp::Ge),
        ("<", CmpOp::Lt),
        (">", CmpOp::Gt),
    ];
    for (text, op) in ops {
        if let Some(span) = c.eat_punct(text) {
            let right = parse_operand(c)?;
            return Ok(RuleExpr::Compare {
                left,
                op: (op, span),
                right,
            });
        }
    }
    // A string standing alone is a JSONata condition (the lowering checks
    // that the state is JSONata and that it stands alone in its arm).
    if let SideKind::Str(s) = left.kind {
        return Ok(RuleExpr::Jsonata(s, left.span.0));
    }
    Err(c.error(
        "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) or a method such as `.is_present()`",
    ))
}

fn parse_operand(c: &mut Cursor) -> Result<Side> {
    let value = parse_value(c, 0)?;
    let span = value.span_range();
    let kind = match value {
        Value::Str(s, _) => SideKind::Str(s),
        Value::Number(n, ..) => SideKind::Number(n),
        Value::Bool(b, _) => SideKind::Bool(b),
        Value::Null(_) => SideKind::Null,
        Value::Call(name, mut args)
            if ["num", "string", "timestamp", "bool"].contains(&name.to_string().as_str())
                && args.positional.len() == 1
                && args.options.is_empty() =>
        {
            match args.positional.pop() {
                Some(Value::Str(s, inner)) => SideKind::Typed(name, s, inner),
                _ => {
                    return Err(syn::Error::new(
                        name.span(),
                        format!("`{name}(...)` takes one JSONPath string, such as `{name}(\"$.x\")`"),
                    ))
                }
            }
        }
        other => {
            return Err(syn::Error::new(
                other.span(),
                format!(
                    "expected a JSONPath string, a literal, or `num(..)`, `string(..)`, `timestamp(..)`, `bool(..)`; found {}",
                    other.describe()
                ),
            ))
        }
    };
    Ok(Side { kind, span })
}

fn parse_retry(group: &proc_macro2::Group, depth: usize) -> Result<Recovery> {
    let mut args = parse_args(&mut Cursor::of(group), depth)?;
    if args.positional.len() > 1 {
        return Err(syn::Error::new(
            args.positional[1].span(),
            "`.retry` takes one list of errors, then options such as `max_attempts: 3`",
        ));
    }
    Ok(Recovery {
        span: group.span(),
        errors: args.positional.pop(),
        target: None,
        options: args.options,
    })
}

fn parse_catch(group: &proc_macro2::Group, depth: usize) -> Result<Recovery> {
    let mut c = Cursor::of(group);
    let syntax = "a catch is written `.catch([\"States.ALL\"] => State, result_path: \"$.error\")`";
    if c.is_empty() {
        return Err(syn::Error::new(
            group.span(),
            format!("expected a list of errors; {syntax}"),
        ));
    }
    let errors = parse_value(&mut c, depth + 1)?;
    c.expect_punct("=>", &format!("after the list of errors; {syntax}"))?;
    let target = parse_name(&mut c, "the state to go to")?;
    let mut options = Vec::new();
    if !c.is_empty() {
        c.expect_punct(",", "before the catch's options")?;
        let args = parse_args(&mut c, depth)?;
        if let Some(v) = args.positional.first() {
            return Err(syn::Error::new(
                v.span(),
                format!("expected `key: value`; {syntax}"),
            ));
        }
        options = args.options;
    }
    Ok(Recovery {
        span: group.span(),
        errors: Some(errors),
        target: Some(target),
        options,
    })
}
