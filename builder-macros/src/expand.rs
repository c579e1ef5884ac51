//! The macro as a plain function from tokens to tokens: parse → lower →
//! build (sequential flow, auto-catch, validation) → errors on their tokens,
//! or the generated expression. Unit-testable without a compiler.

use crate::cursor::error_range;
use crate::lower::{lower, option_names, Lowered};
use crate::syntax::{parse_machine, Errors};
use builder_core::asl::{machine_to_json, Context};
use builder_core::location::{Location, Segment};
use builder_core::model::StateMachine;
use builder_core::{ErrorKind, ValidationError};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::quote;

/// Expands one `state_machine!` invocation. Never panics; on error the
/// result is the `compile_error!`s next to a well-typed `StateMachine`
/// expression, so that users see only our errors.
pub fn expand(input: TokenStream) -> TokenStream {
    let (root, input) = split_root(input);
    let mut errors = Errors::default();
    let Some(machine) = parse_machine(input, &mut errors) else {
        return with_errors(&root, errors, "", &[]);
    };
    // After a syntax error the tree is incomplete: validating it would
    // report phantom problems (a skipped state "missing"), so stop here.
    let syntax_ok = errors.is_empty();
    let lowered = lower(&machine, &mut errors);
    if !syntax_ok {
        return with_errors(&root, errors, &lowered.name, &lowered.slots);
    }
    // When lowering dropped something (a rule, a `->`, a catch), the graph
    // is not the one the user wrote: its reachability findings would be
    // consequences, not causes.
    let lowering_failed = !errors.is_empty();
    let (model, found) = lowered.builder.clone().build_with_errors();
    for error in found.errors() {
        let consequence =
            lowering_failed && matches!(error.kind, ErrorKind::Unreachable | ErrorKind::NoTerminal);
        let dropped =
            error.kind == ErrorKind::Empty && lowered.dropped_in.contains(&error.location);
        // Findings about `(expr)` values wait for run time, when the values
        // are known: `Service::to_yaml` reports them.
        if !consequence && !dropped && !lowered.is_deferred(&error.location) {
            errors.push(to_syn_error(error, &lowered));
        }
    }
    if errors.is_empty() {
        generate(&root, &model, &lowered)
    } else {
        with_errors(&root, errors, &lowered.name, &lowered.slots)
    }
}

/// The facade's `state_machine!` forwards `$crate; <input>`, so that the
/// expansion names the facade by a path that survives renaming the
/// dependency. Called directly (in tests), the path is `::serverless_builder`.
fn split_root(input: TokenStream) -> (TokenStream, TokenStream) {
    let mut tokens = input.clone().into_iter();
    if let (Some(TokenTree::Ident(root)), Some(TokenTree::Punct(semi))) =
        (tokens.next(), tokens.next())
    {
        if root == "$crate" && semi.as_char() == ';' {
            return (TokenTree::Ident(root).into(), tokens.collect());
        }
    }
    (quote!(::serverless_builder), input)
}

/// A validator error on the tokens it is about: the message, then the hint
/// on its own line as rustc writes it (`help: ...`). The validator names ASL
/// fields (`BackoffRate`); the user wrote DSL options (`backoff`).
fn to_syn_error(error: &ValidationError, lowered: &Lowered) -> syn::Error {
    let (start, end) = lowered
        .span_of(&error.location)
        .unwrap_or((Span::call_site(), Span::call_site()));
    let mut message = error.message.clone();
    if let Some(help) = &error.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for (asl, dsl) in option_names() {
        if asl != dsl && message.contains(asl) {
            message = message.replace(&format!("`{asl}`"), &format!("`{dsl}`"));
        }
    }
    error_range(start, end, message)
}

/// The JSON path of a location inside the machine's entry: the definition's
/// fields live under `definition`, events at the top.
fn entry_path(location: &Location) -> Vec<String> {
    let segments = location.segments();
    let rest = segments.get(1..).unwrap_or_default();
    let mut path = Vec::with_capacity(rest.len() + 1);
    if rest.first() != Some(&Segment::Field("events")) {
        path.push("definition".to_owned());
    }
    for segment in rest {
        path.push(match segment {
            Segment::Machine(name) | Segment::Key(name) => name.clone(),
            Segment::State { name, .. } => name.clone(),
            Segment::Field(field) => (*field).to_owned(),
            Segment::Index(i) => i.to_string(),
        });
    }
    path
}

fn slots(slots: &[(Location, TokenStream)]) -> Vec<TokenStream> {
    slots
        .iter()
        .map(|(location, expr)| {
            let path = entry_path(location);
            quote!(__serverless_builder::slot(&[#(#path),*], #expr))
        })
        .collect()
}

fn generate(root: &TokenStream, model: &StateMachine, lowered: &Lowered) -> TokenStream {
    let entry = machine_to_json(model, Context { service: None }).to_json_string();
    let name = &lowered.name;
    let slots = slots(&lowered.slots);
    // The alias is imported once, with call-site spans: the calls inside
    // the slots carry the user's spans and still resolve to it, so an
    // error about them points at the user's tokens only.
    quote! {
        {
            use #root::__private as __serverless_builder;
            __serverless_builder::machine(#name, #entry, ::std::vec![#(#slots),*])
        }
    }
}

fn with_errors(
    root: &TokenStream,
    errors: Errors,
    name: &str,
    runtime: &[(Location, TokenStream)],
) -> TokenStream {
    // In source order, as rustc reports its own errors.
    let mut errors = errors.into_vec();
    errors.sort_by_key(|e| {
        let start = e.span().start();
        (start.line, start.column)
    });
    let compile_errors = errors.into_iter().map(|e| e.to_compile_error());
    // The run-time values stay in the expansion (never run: compilation
    // fails), so rustc still checks `task(f)`'s `f` and rust-analyzer
    // still resolves it.
    let slots = slots(runtime);
    quote! {
        {
            #(#compile_errors)*
            use #root::__private as __serverless_builder;
            __serverless_builder::machine(#name, "", ::std::vec![#(#slots),*])
        }
    }
}
