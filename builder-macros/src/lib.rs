//! The `state_machine!` procedural macro of serverless-builder. Use it
//! through the facade crate, `serverless_builder::state_machine!`, which
//! documents the language.
//!
//! The `#[proc_macro]` is a thin shim over `expand::expand`, a plain
//! function on `proc_macro2` tokens that unit tests drive directly.

mod ast;
mod cursor;
mod expand;
#[cfg(test)]
mod fuzz_tests;
mod lower;
mod spans;
mod syntax;

/// See `serverless_builder::state_machine!`, which forwards here with
/// `$crate;` in front of its input.
#[proc_macro]
pub fn state_machine(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand::expand(input.into()).into()
}
