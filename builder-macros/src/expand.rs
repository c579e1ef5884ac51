//! The macro as a plain function from tokens to tokens: parse → lower →
//! build (sequential flow, auto-catch, validation) → errors on their tokens,
//! or the generated expression. Unit-testable without a compiler.

use crate::lower::{lower, Lowered};
use crate::syntax::{parse_machine, Errors};
use builder_core::asl::{machine_to_json, Context};
use builder_core::location::{Location, Segment};
use builder_core::model::StateMachine;
use builder_core::ValidationError;
use proc_macro2::{Span, TokenStream};
use quote::quote;

/// Expands one `state_machine!` invocation. Never panics; on error the
/// result is the `compile_error!`s next to a well-typed `StateMachine`
/// expression, so that users see only our errors.
pub fn expand(input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let Some(machine) = parse_machine(input, &mut errors) else {
        return with_errors(errors, "", &[]);
    };
    // After a syntax error the tree is incomplete: validating it would
    // report phantom problems (a skipped state "missing"), so stop here.
    let syntax_ok = errors.is_empty();
    let lowered = lower(&machine, &mut errors);
    if !syntax_ok {
        return with_errors(errors, &lowered.name, &lowered.slots);
    }
    match lowered.builder.clone().build() {
        Ok(model) if errors.is_empty() => generate(&model, &lowered),
        Ok(_) => with_errors(errors, &lowered.name, &lowered.slots),
        Err(found) => {
            for error in found.errors() {
                if !lowered.is_deferred(&error.location) {
                    errors.push(to_syn_error(error, &lowered));
                }
            }
            if errors.is_empty() {
                // Only findings about run-time values: `Service::to_yaml`
                // reports them once the values are known.
                let (model, _) = lowered.builder.clone().build_with_errors();
                generate(&model, &lowered)
            } else {
                with_errors(errors, &lowered.name, &lowered.slots)
            }
        }
    }
}

/// A validator error on the token it is about: the message, then the hint
/// on its own line as rustc writes it (`help: ...`).
fn to_syn_error(error: &ValidationError, lowered: &Lowered) -> syn::Error {
    let span = lowered
        .span_of(&error.location)
        .unwrap_or_else(Span::call_site);
    let mut message = error.message.clone();
    if let Some(help) = &error.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    syn::Error::new(span, message)
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
            quote!(::serverless_builder::__private::slot(&[#(#path),*], #expr))
        })
        .collect()
}

fn generate(model: &StateMachine, lowered: &Lowered) -> TokenStream {
    let entry = machine_to_json(model, Context { service: None }).to_json_string();
    let name = &lowered.name;
    let slots = slots(&lowered.slots);
    quote! {
        ::serverless_builder::__private::machine(#name, #entry, ::std::vec![#(#slots),*])
    }
}

fn with_errors(errors: Errors, name: &str, runtime: &[(Location, TokenStream)]) -> TokenStream {
    let compile_errors = errors.into_vec().into_iter().map(|e| e.to_compile_error());
    // The run-time values stay in the expansion (never run: compilation
    // fails), so rustc still checks `task(f)`'s `f` and rust-analyzer
    // still resolves it.
    let slots = slots(runtime);
    quote! {
        {
            #(#compile_errors)*
            ::serverless_builder::__private::machine(#name, "", ::std::vec![#(#slots),*])
        }
    }
}
