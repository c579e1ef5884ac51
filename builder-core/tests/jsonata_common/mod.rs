//! Shared helpers of the JSONata parser tests (`jsonata_parser.rs`, `jsonata_fuzz.rs`,
//! `jsonata_conformance.rs`): trees printed as S-expressions and in the canonical form the
//! differential test compares with jsonata-js, the generated fuzz inputs ([`fuzz`]), the
//! checks every input must pass ([`check`]) and the loader of the jsonata-js conformance
//! suite ([`suite`]). Each test file uses a part of it.
#![allow(dead_code)]

pub mod fuzz;
pub mod suite;

use builder_core::expr::jsonata::functions::check_call;
use builder_core::expr::jsonata::{self, parse, walk};

/// Parses `src` and runs every analysis on the result: nothing may panic, an error's offset
/// must be inside the source on a character boundary, with a message and a code, and every
/// span of an accepted expression must be inside the source on character boundaries.
pub fn check(src: &str) {
    match parse(src) {
        Err(e) => {
            assert!(
                e.offset <= src.len(),
                "{src:?}: offset {} past the end",
                e.offset
            );
            assert!(
                src.is_char_boundary(e.offset),
                "{src:?}: offset {} inside a char",
                e.offset
            );
            assert!(!e.message.is_empty() && !e.code.is_empty(), "{src:?}");
        }
        Ok(expr) => {
            check_spans(src, &expr);
            let (vars, calls) = jsonata::free_references(&expr);
            assert_eq!(vars, jsonata::variables(&expr));
            assert_eq!(calls, jsonata::calls(&expr));
            for c in &calls {
                let _ = check_call(c);
            }
            for r in jsonata::top_level_references(&expr) {
                assert!(!r.message().is_empty());
            }
        }
    }
}

/// Every node's span is a range inside `src` whose ends are character boundaries.
fn check_spans(src: &str, expr: &Expr) {
    let ok = |s: jsonata::Span| {
        s.start <= s.end
            && s.end <= src.len()
            && src.is_char_boundary(s.start)
            && src.is_char_boundary(s.end)
    };
    walk(expr, &mut |e| {
        assert!(ok(e.span), "{src:?}: bad span {:?}", e.span)
    });
}

use builder_core::expr::jsonata::{Expr, ExprKind, Stage};

/// A compact S-expression of a tree, for assertions.
///
/// Annotations follow their node: `?[p]` predicate, `[p]` stage filter, `#$i` index,
/// `@$v` focus, `{k: v}` group-by, `[]` keep-array, `^N` ancestor label.
pub fn sexp(e: &Expr) -> String {
    let list = |head: &str, items: &[&Expr]| {
        let mut s = format!("({head}");
        for i in items {
            s.push(' ');
            s.push_str(&sexp(i));
        }
        s.push(')');
        s
    };
    let mut out = match &e.kind {
        ExprKind::String(s) => format!("{s:?}"),
        ExprKind::Number(n) => format!("{n}"),
        ExprKind::Bool(b) => format!("{b}"),
        ExprKind::Null => "null".to_string(),
        ExprKind::Regex { pattern, flags } => format!("/{pattern}/{flags}"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Variable(v) => format!("${v}"),
        ExprKind::Root => "$$".to_string(),
        ExprKind::Wildcard => "*".to_string(),
        ExprKind::Descendant => "**".to_string(),
        ExprKind::Parent { label } => format!("%{label}"),
        ExprKind::Path(p) => {
            let steps: Vec<&Expr> = p.steps.iter().collect();
            let head = if p.keep_singleton_array {
                "path!"
            } else {
                "path"
            };
            list(head, &steps)
        }
        ExprKind::Sort(terms) => {
            let mut s = "(sort".to_string();
            for t in terms {
                s.push_str(if t.descending { " >" } else { " <" });
                s.push_str(&sexp(&t.expr));
            }
            s.push(')');
            s
        }
        ExprKind::Block { exprs, cons_array } => {
            let items: Vec<&Expr> = exprs.iter().collect();
            list(if *cons_array { "block!" } else { "block" }, &items)
        }
        ExprKind::Bind { name, value, .. } => format!("(:= ${name} {})", sexp(value)),
        ExprKind::Lambda(l) => {
            let params: Vec<String> = l.params.iter().map(|p| format!("${}", p.name)).collect();
            let sig = l
                .signature
                .as_ref()
                .map_or(String::new(), |s| format!(" {}", s.text));
            format!("(lambda ({}){sig} {})", params.join(" "), sexp(&l.body))
        }
        ExprKind::Call { func, args } => {
            let mut items = vec![func.as_ref()];
            items.extend(args.iter());
            list("call", &items)
        }
        ExprKind::PartialCall { func, args } => {
            let mut items = vec![func.as_ref()];
            items.extend(args.iter());
            list("partial", &items)
        }
        ExprKind::Placeholder => "?".to_string(),
        ExprKind::Apply { lhs, rhs } => list("~>", &[lhs, rhs]),
        ExprKind::Binary { op, lhs, rhs, .. } => list(op.as_str(), &[lhs, rhs]),
        ExprKind::Negate(x) => list("neg", &[x]),
        ExprKind::Condition {
            cond,
            then,
            otherwise,
        } => match otherwise {
            Some(o) => list("?", &[cond, then, o]),
            None => list("?", &[cond, then]),
        },
        ExprKind::Array { items, cons_array } => {
            let inner: Vec<String> = items.iter().map(sexp).collect();
            format!(
                "[{}]{}",
                inner.join(" "),
                if *cons_array { "!" } else { "" }
            )
        }
        ExprKind::Object(pairs) => {
            let inner: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}: {}", sexp(k), sexp(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        ExprKind::Transform {
            pattern,
            update,
            delete,
        } => match delete {
            Some(d) => list("|", &[pattern, update, d]),
            None => list("|", &[pattern, update]),
        },
    };
    let a = e.annotations();
    if let Some(i) = &a.index {
        out.push_str(&format!("#${}", i.name));
    }
    for p in &a.predicates {
        out.push_str(&format!("?[{}]", sexp(&p.expr)));
    }
    for s in &a.stages {
        match s {
            Stage::Filter(f) => out.push_str(&format!("[{}]", sexp(&f.expr))),
            Stage::Index(b) => out.push_str(&format!("#${}", b.name)),
        }
    }
    if let Some(f) = &a.focus {
        out.push_str(&format!("@${}", f.name));
    }
    if let Some(g) = &a.group {
        let inner: Vec<String> = g
            .pairs
            .iter()
            .map(|(k, v)| format!("{}: {}", sexp(k), sexp(v)))
            .collect();
        out.push_str(&format!("{{{}}}", inner.join(", ")));
    }
    if a.keep_array {
        out.push_str("[]");
    }
    if let Some(l) = a.ancestor {
        out.push_str(&format!("^{l}"));
    }
    out
}

/// The tree in the canonical form the differential test of `jsonata_conformance.rs` also prints for jsonata-js's processed
/// AST: every decoration jsonata-js's evaluator reads, with parent labels renumbered by
/// first appearance.
pub fn canon(e: &Expr) -> String {
    let mut labels = Vec::new();
    canon_into(e, &mut labels)
}

fn label(l: u32, labels: &mut Vec<u32>) -> usize {
    match labels.iter().position(|&x| x == l) {
        Some(i) => i,
        None => {
            labels.push(l);
            labels.len() - 1
        }
    }
}

fn canon_into(e: &Expr, labels: &mut Vec<u32>) -> String {
    let mut c = |x: &Expr| canon_into(x, labels);
    let mut s = match &e.kind {
        ExprKind::Path(p) => {
            let steps: String = p.steps.iter().map(|x| format!(" {}", c(x))).collect();
            format!(
                "(path{}{steps})",
                if p.keep_singleton_array { "!" } else { "" }
            )
        }
        ExprKind::Name(n) => format!("name:{}", json_quote(n)),
        ExprKind::String(v) => format!("str:{}", json_quote(v)),
        ExprKind::Number(n) => format!("num:{:x}", n.to_bits()),
        ExprKind::Bool(b) => format!("val:{b}"),
        ExprKind::Null => "val:null".to_string(),
        ExprKind::Regex { flags, .. } => {
            let mut f: Vec<char> = flags.chars().collect();
            f.push('g');
            f.sort_unstable();
            f.dedup();
            format!("re:{}", f.into_iter().collect::<String>())
        }
        ExprKind::Wildcard => "*".to_string(),
        ExprKind::Descendant => "**".to_string(),
        ExprKind::Parent { label: l } => format!("%{}", label(*l, labels)),
        ExprKind::Variable(v) => format!("${v}"),
        ExprKind::Root => "$$".to_string(),
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let l = c(lhs);
            format!("({} {l} {})", op.as_str(), c(rhs))
        }
        ExprKind::Negate(x) => format!("(neg {})", c(x)),
        ExprKind::Array { items, cons_array } => {
            let inner: Vec<String> = items.iter().map(&mut c).collect();
            format!(
                "[{}]{}",
                inner.join(" "),
                if *cons_array { "!" } else { "" }
            )
        }
        ExprKind::Object(pairs) => {
            let inner: Vec<String> = pairs
                .iter()
                .map(|(k, v)| {
                    let k = c(k);
                    format!("{k}:{}", c(v))
                })
                .collect();
            format!("{{{}}}", inner.join(" "))
        }
        ExprKind::Condition {
            cond,
            then,
            otherwise,
        } => {
            let a = c(cond);
            let b = c(then);
            match otherwise {
                Some(o) => format!("(? {a} {b} {})", c(o)),
                None => format!("(? {a} {b})"),
            }
        }
        ExprKind::Block { exprs, cons_array } => {
            let inner: String = exprs.iter().map(|x| format!(" {}", c(x))).collect();
            format!("(block{}{inner})", if *cons_array { "!" } else { "" })
        }
        ExprKind::Bind { name, value, .. } => format!("(:= ${name} {})", c(value)),
        ExprKind::Call { func, args } | ExprKind::PartialCall { func, args } => {
            let head = if matches!(e.kind, ExprKind::Call { .. }) {
                "call"
            } else {
                "partial"
            };
            let f = c(func);
            let a: String = args.iter().map(|x| format!(" {}", c(x))).collect();
            format!("({head} {f}{a})")
        }
        ExprKind::Placeholder => "?".to_string(),
        ExprKind::Lambda(l) => {
            let params: Vec<String> = l.params.iter().map(|p| format!("${}", p.name)).collect();
            format!("(lambda ({}) {})", params.join(" "), c(&l.body))
        }
        ExprKind::Apply { lhs, rhs } => {
            let l = c(lhs);
            format!("(~> {l} {})", c(rhs))
        }
        ExprKind::Transform {
            pattern,
            update,
            delete,
        } => {
            let p = c(pattern);
            let u = c(update);
            match delete {
                Some(d) => format!("(| {p} {u} {})", c(d)),
                None => format!("(| {p} {u})"),
            }
        }
        ExprKind::Sort(terms) => {
            let inner: String = terms
                .iter()
                .map(|t| format!(" {}{}", if t.descending { ">" } else { "<" }, c(&t.expr)))
                .collect();
            format!("(sort{inner})")
        }
    };
    let a = e.annotations();
    if let Some(i) = &a.index {
        s.push_str(&format!("#${}", i.name));
    }
    for p in &a.predicates {
        s.push_str(&format!("?[{}]", canon_into(&p.expr, labels)));
    }
    for st in &a.stages {
        match st {
            Stage::Filter(f) => s.push_str(&format!("[{}]", canon_into(&f.expr, labels))),
            Stage::Index(b) => s.push_str(&format!("#${}", b.name)),
        }
    }
    if let Some(f) = &a.focus {
        s.push_str(&format!("@${}", f.name));
    }
    if let Some(g) = &a.group {
        let inner: Vec<String> = g
            .pairs
            .iter()
            .map(|(k, v)| {
                let k = canon_into(k, labels);
                format!("{k}:{}", canon_into(v, labels))
            })
            .collect();
        s.push_str(&format!("{{{}}}", inner.join(" ")));
    }
    if a.keep_array {
        s.push_str("[]");
    }
    if a.tuple {
        s.push_str("^t");
    }
    if let Some(l) = a.ancestor {
        s.push_str(&format!("^a{}", label(l, labels)));
    }
    s
}

/// `s` as a JSON string, as JavaScript's `JSON.stringify` writes it: `\b` and `\f` where
/// `Json::to_json_string` writes `\u0008` and `\u000c`, so the oracle's output can be
/// compared as text.
pub fn json_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
