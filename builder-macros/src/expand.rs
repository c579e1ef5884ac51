//! The macro as a plain function from tokens to tokens, in phases with
//! explicit gates: parse → (gate: no syntax error) → lower → build (the
//! core's desugaring and validator) → diagnostics on their tokens, or the
//! generated expression. Unit-testable without a compiler.

use crate::cursor::error_range;
use crate::lower::{lower, Lowered};
use crate::spans::Spans;
use crate::syntax::{parse_machine, Errors};
use builder_core::check::{Options, Profile};
use builder_core::diag::{Code, Diagnostic, Naming, Sink};
use builder_core::serverless::emit::machine_entry;
use builder_core::Json;
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
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
    let mut sink = Sink::default();
    // Gate: after a syntax error the tree is incomplete, and checking it
    // would report phantom problems (a skipped state "missing").
    let syntax_ok = errors.is_empty();
    let lowered = lower(&machine, &mut errors, &mut sink);
    if !syntax_ok {
        return with_errors(&root, errors, &lowered.name, &lowered.values);
    }
    // Gate: when lowering left something out (already reported), the graph
    // is not the one the user wrote; the validator skips reachability.
    if !errors.is_empty() {
        sink.note_graph_break();
    }
    let options = Options {
        profile: Profile::ServerlessPlugin,
        naming: Naming::Dsl,
    };
    let model = lowered.builder.clone().build_into(options, &mut sink);
    for d in &sink.finish() {
        // Values known only at run time are checked at run time, by
        // `Service::to_yaml`; a block emptied by a statement left out (and
        // reported) is not itself a mistake.
        let dropped = d.code == Code::Empty && lowered.spans.dropped_in(&d.location);
        if !lowered.spans.is_deferred(&d.location) && !dropped {
            errors.push(to_syn_error(d, &lowered.spans));
        }
    }
    if errors.is_empty() {
        generate(&root, &model, &lowered)
    } else {
        with_errors(&root, errors, &lowered.name, &lowered.values)
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

/// The facade's module for generated code, named after the exact version,
/// so that a macro and a runtime of different versions cannot compile
/// together.
fn private_module() -> Ident {
    let version = env!("CARGO_PKG_VERSION").replace(['.', '-', '+'], "_");
    Ident::new(&format!("__private_{version}"), Span::call_site())
}

/// A diagnostic on the tokens it is about: the message, then the hint and
/// the notes on their own lines, as rustc writes them.
fn to_syn_error(d: &Diagnostic, spans: &Spans) -> syn::Error {
    let (start, end) = spans
        .span_of(&d.location)
        .unwrap_or((Span::call_site(), Span::call_site()));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    error_range(start, end, message)
}

fn generate(
    root: &TokenStream,
    model: &builder_core::StateMachine,
    lowered: &Lowered,
) -> TokenStream {
    let entry = Json::Object(machine_entry(model, None)).to_json_string();
    let name = &lowered.name;
    let values = &lowered.values;
    let private = private_module();
    // The alias is imported once, with call-site spans: the calls among the
    // values carry the user's spans and still resolve to it, so an error
    // about them points at the user's tokens only.
    quote! {
        {
            use #root::#private as __serverless_builder;
            __serverless_builder::machine(#name, #entry, ::std::vec![#(#values),*])
        }
    }
}

fn with_errors(
    root: &TokenStream,
    errors: Errors,
    name: &str,
    values: &[TokenStream],
) -> TokenStream {
    // In source order, as rustc reports its own errors.
    let mut errors = errors.into_vec();
    errors.sort_by_key(|e| {
        let start = e.span().start();
        (start.line, start.column)
    });
    let compile_errors = errors.into_iter().map(|e| e.to_compile_error());
    let private = private_module();
    // The run-time values stay in the expansion (never run: compilation
    // fails), so rustc still checks `task(f)`'s `f` and rust-analyzer
    // still resolves it.
    quote! {
        {
            #(#compile_errors)*
            use #root::#private as __serverless_builder;
            __serverless_builder::machine(#name, "", ::std::vec![#(#values),*])
        }
    }
}
