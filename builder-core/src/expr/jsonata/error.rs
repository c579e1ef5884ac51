//! The parse error and the small text helpers its messages use.

use std::fmt;

/// A syntax error in a JSONata expression.
///
/// `code` is the jsonata-js error code of the same failure (`S0101`…), so errors can be matched
/// against the reference implementation; the message is our own, in rustc style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Lower case, no final period; quotes the offending text in backticks and says what was
    /// expected or allowed.
    pub message: String,
    /// Byte offset of the problem in the source (at most the source length, on a char boundary).
    pub offset: usize,
    /// The jsonata-js code: `S01xx` tokenizer, `S02xx` parser, `S03xx` regex, `S04xx`
    /// signature. Three are ours, for failures jsonata-js has no code for: [`TOO_DEEP`],
    /// [`BAD_REGEX`] and [`BAD_SIGNATURE`].
    pub code: &'static str,
}

/// Code of the nesting-depth error. jsonata-js has no limit of its own and dies with a
/// JavaScript stack overflow; this is its evaluator's stack-overflow code.
pub const TOO_DEEP: &str = "U1001";

/// Code of an invalid regular expression literal, which jsonata-js reports with the
/// JavaScript `SyntaxError` of `new RegExp` (no code of its own).
pub const BAD_REGEX: &str = "S0303";

/// Code for a signature whose modifiers jsonata-js turns into an invalid JavaScript regular
/// expression (`<n?+>`), which it reports as a bare `SyntaxError` without a code.
pub const BAD_SIGNATURE: &str = "S0403";

/// The deepest nesting of brackets, prefix operators and right-associative operators the
/// parser accepts. Deeper input is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 200;

impl Error {
    pub(crate) fn new(code: &'static str, offset: usize, message: String) -> Self {
        Error {
            message,
            offset,
            code,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub(crate) use crate::expr::text::quote;

pub(crate) use crate::diag::text::{floor_char_boundary, position};
