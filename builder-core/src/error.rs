//! The error of the operations that produce or read files.

use crate::diag::Diagnostics;
use std::fmt;

/// Everything that can go wrong when turning a service into files, or
/// files back into a service.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service or one of its machines is invalid, or a file read back
    /// holds an invalid one: every problem, each at its location.
    Invalid(Diagnostics),
    /// The text is not JSON or YAML.
    Syntax(String),
    /// The service has no state machine of this name.
    UnknownMachine(String),
    /// A file could not be written: its path and why.
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(d) => write!(f, "invalid service: {d}"),
            Error::Syntax(message) => write!(f, "cannot read the file: {message}"),
            Error::UnknownMachine(name) => {
                write!(f, "the service has no state machine named `{name}`")
            }
            Error::Io(message) => write!(f, "cannot write the file: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(d) => Some(d),
            _ => None,
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Error {
        Error::Invalid(d)
    }
}
