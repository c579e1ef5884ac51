//! JSONata expressions as AWS Step Functions evaluates them: a parser for the JSONata 2.0.6
//! grammar and the static checks the state-machine validator runs on the tree.
//!
//! The grammar is jsonata-js 2.0.6's (`src/parser.js`): its tokenizer, its Pratt parser's
//! binding powers, and the structural checks of its post-parse pass (`processAST`), so the
//! same expressions are accepted and rejected, with the same error codes. Step Functions runs
//! JSONata 2.0.6, so the 2.1 operators `??` and `?:` are refused with their own message.
//!
//! What Step Functions restricts beyond the grammar is left to the analyses:
//! * there is no input document: a path starting with a field name, `$`, `$$`, `*`, `**` or
//!   `%` at the top level reads nothing ([`analysis::top_level_references`]);
//! * the data comes from `$states` and variables ([`analysis::variables`], with the fields
//!   read from `$states`);
//! * `$eval` is not available and AWS adds its own functions ([`functions`],
//!   [`analysis::calls`]).
//!
//! Files:
//! * `lexer.rs`: tokens, read on demand because `/` is division or a regex by position.
//! * `parser.rs`: the Pratt parser.
//! * `rewrite.rs`: jsonata-js's post-parse rewrite, applied to each construct the parser
//!   reads; it builds the tree of [`ast`].
//! * `ancestry.rs`: resolution of the parent operator `%`.
//! * `signature.rs`: lambda signatures `<n-n?:n>`.
//! * `regex.rs`: the syntax check of regex literals (JavaScript's `new RegExp`).
//! * `error.rs`: the error type and its codes.
//! * [`analysis`]: free variables, calls, top-level context references, a tree walker.
//! * [`functions`]: the function table with argument counts.

pub mod analysis;
mod ancestry;
pub mod ast;
mod error;
pub mod functions;
mod lexer;
mod parser;
mod regex;
mod rewrite;
pub(crate) mod signature;

pub use analysis::{
    calls, free_references, top_level_references, variables, walk, CallRef, ContextKind,
    ContextRef, Field, VarRef,
};
pub use ast::{
    Annotations, BinOp, Binding, Expr, ExprKind, Filter, GroupBy, Lambda, Path, SigParam,
    Signature, SortTerm, Span, Stage,
};
pub use error::{Error, BAD_REGEX, BAD_SIGNATURE, MAX_DEPTH, TOO_DEEP};

use crate::expr::ExprError;

/// Parses a JSONata 2.0.6 expression (the text between `{%` and `%}`).
///
/// Never panics; the time taken is linear in the length of `src`. Nesting deeper than
/// [`MAX_DEPTH`] is refused.
pub fn parse(src: &str) -> Result<Expr, Error> {
    parser::parse(src)
}

impl From<Error> for ExprError {
    fn from(e: Error) -> Self {
        ExprError::at(e.message, e.offset)
    }
}
