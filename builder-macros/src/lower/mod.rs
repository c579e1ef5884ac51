//! Lowering: the syntax tree becomes the core's drafts — the same input the
//! runtime builders produce — so that the core's desugaring and its one
//! validator run on it at compile time. Each state's options become ASL
//! fields, read by the core's field table with DSL names in its messages
//! ([`options`]); each statement kind is lowered by its own file.
//!
//! Alongside, [`crate::spans`] records where each located part came from,
//! and the values only known at run time (function handles and `(expr)`
//! embeds) are collected in order; the generated code fills them in.

mod choice;
mod events;
mod header;
mod json;
mod map;
mod options;
mod recovery;
mod stmt;
mod task;

use crate::spans::Spans;
use crate::syntax::{Errors, Machine, Opt};
use builder_core::__macro;
use builder_core::build::StateMachineBuilder;
use builder_core::diag::{suggest, Location, Sink};
use builder_core::model::QueryLanguage;
use proc_macro2::{Span, TokenStream};

/// The result of lowering one machine.
pub struct Lowered {
    pub name: String,
    pub builder: StateMachineBuilder,
    pub spans: Spans,
    /// The run-time values, in the order of their markers.
    pub values: Vec<TokenStream>,
}

/// The lowering's state.
struct Lower<'e> {
    /// Syntax-level problems (unknown options, misplaced `->`, ...).
    errors: &'e mut Errors,
    /// Problems the core finds while reading fields.
    sink: &'e mut Sink,
    spans: Spans,
    values: Vec<TokenStream>,
    /// The machine's query language, which every state inherits.
    language: QueryLanguage,
}

/// Lowers a parsed machine. Problems of the language itself go to `errors`;
/// what the core's reader finds goes to `sink`. The drafts skip what could
/// not be lowered and stay usable for validation.
pub fn lower(machine: &Machine, errors: &mut Errors, sink: &mut Sink) -> Lowered {
    let mut l = Lower {
        errors,
        sink,
        spans: Spans::default(),
        values: Vec::new(),
        language: QueryLanguage::JsonPath,
    };
    let name = machine.name.value.clone();
    let root = Location::machine(&name);
    let (model, policy) = header::header(&mut l, machine, &root);
    l.language = model.definition.query_language;
    if machine.body.stmts.is_empty() {
        l.spans.mark(root.clone(), machine.body.span);
    }
    let states = l.block(&machine.body.stmts, &root);
    Lowered {
        name,
        builder: __macro::builder(model, policy, states),
        spans: l.spans,
        values: l.values,
    }
}

impl Lower<'_> {
    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    fn error_range(&mut self, (start, end): (Span, Span), message: impl std::fmt::Display) {
        self.errors
            .push(crate::cursor::error_range(start, end, message));
    }

    /// An option that is not one of `accepted`; "did you mean" also finds
    /// the option an ASL spelling stands for (`timeout_seconds` → `timeout`).
    fn unknown_option<'a>(
        &mut self,
        opt: &Opt,
        owner: &str,
        accepted: &[&'a str],
        asl: &[(&'static str, &'a str)],
    ) {
        let key = opt.key.to_string();
        let list = builder_core::diag::text::list(accepted.iter().copied(), ", ");
        let by_asl = asl
            .iter()
            .find(|(k, _)| *k == key || snake_case(k) == key)
            .map(|(_, dsl)| *dsl);
        let close = by_asl.or_else(|| suggest::closest(&key, accepted.iter().copied()));
        let message = match close {
            Some(close) => format!(
                "unknown option `{key}` for {owner}; did you mean `{close}`?\nhelp: the options of {owner} are {list}"
            ),
            None => format!("unknown option `{key}` for {owner}\nhelp: the options of {owner} are {list}"),
        };
        self.error(opt.key.span(), message);
    }
}

/// `TimeoutSeconds` → `timeout_seconds`.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snake_case_of_asl_keys() {
        assert_eq!(super::snake_case("TimeoutSeconds"), "timeout_seconds");
        assert_eq!(super::snake_case("BackoffRate"), "backoff_rate");
    }
}
