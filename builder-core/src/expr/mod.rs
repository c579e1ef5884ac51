//! Parsers for the small languages embedded in a state machine definition. Each one builds a
//! syntax tree and reports syntax errors as an [`ExprError`]: a short rustc-style message
//! (lower case, no final period) and, when known, the byte offset of the problem.
//!
//! * [`path`]: JSONPath-mode paths (`$.a[0]`, `$$.Execution.Id`, `$var.x`).
//! * [`intrinsic`]: intrinsic function calls (`States.Format('{}', $.a)`) and the values of
//!   `"key.$"` entries in payload templates.
//! * [`schedule`]: `cron(...)` and `rate(...)` schedule expressions.
//! * [`timestamp`]: RFC 3339 timestamps as Step Functions reads them.
//! * [`pattern`]: `StringMatches` patterns (`*` wildcards).
//! * [`jsonata`]: JSONata 2.0.6 expressions (`{% ... %}`), as Step Functions runs them.

use std::fmt;

pub mod intrinsic;
pub mod jsonata;
pub mod path;
pub mod pattern;
pub mod schedule;
pub(crate) mod text;
pub mod timestamp;

/// Byte offsets into an expression's source text: `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset just past the last byte (exclusive).
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A syntax error in an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// The message, in rustc style: lower case, no final period; it names the problem, quotes
    /// the offending text with backticks and says what is allowed.
    pub message: String,
    /// Byte offset in the source string where the problem is, when known.
    pub offset: Option<usize>,
}

impl ExprError {
    /// An error with a message and the byte offset of the problem.
    pub(crate) fn at(message: String, offset: usize) -> Self {
        ExprError {
            message,
            offset: Some(offset),
        }
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExprError {}

impl From<ExprError> for String {
    fn from(e: ExprError) -> String {
        e.message
    }
}
