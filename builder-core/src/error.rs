//! Errors: every problem the validator finds, with where it is and what is
//! allowed instead.

use crate::location::Location;
use std::fmt;

/// The class of a validation error (the numbering follows §8 of DSL.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// §8.1 a transition to a state that does not exist in the same block.
    UnknownTarget,
    /// §8.2 a state name defined twice in one machine.
    DuplicateName,
    /// §8.3 a state that cannot be reached from its block's `StartAt`.
    Unreachable,
    /// §8.4 a block from which no path reaches a terminal state.
    NoTerminal,
    /// §8.5 an empty machine, branch or map body; a Parallel without
    /// branches; a Choice without rules; `StartAt` missing.
    Empty,
    /// §8.5 `auto_catch` with no state to catch into.
    MissingFallback,
    /// §8.6 a name that is too long or holds characters AWS rejects.
    InvalidName,
    /// §8.7 a malformed JSONPath, `.$` value or intrinsic function.
    InvalidPath,
    /// §8.8 `States.ALL` misplaced, or an invalid error name.
    ErrorNames,
    /// §8.8 a retrier value out of range.
    InvalidRetry,
    /// §8.9 a malformed timestamp.
    InvalidTimestamp,
    /// §8.10 `heartbeat >= timeout`, or a timeout that is not positive.
    InvalidTimeout,
    /// §8.11 a value of the wrong kind or out of range.
    InvalidValue,
    /// Two fields that may not both appear.
    Conflict,
    /// §8.12 a Choice comparison whose operand does not fit its operator.
    InvalidComparison,
    /// §8.13 an invalid cron or rate expression.
    InvalidSchedule,
    /// A problem of the service around the machines (functions, names).
    Service,
}

/// One problem, where it is, and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationError {
    /// Where the problem is.
    pub location: Location,
    /// Its class.
    pub kind: ErrorKind,
    /// What is wrong, in rustc's style: lower case, no final period.
    pub message: String,
    /// What to do instead ("did you mean `Restart`?"), when there is a hint.
    pub help: Option<String>,
}

impl ValidationError {
    /// A new error without a hint.
    pub fn new(location: Location, kind: ErrorKind, message: impl Into<String>) -> Self {
        ValidationError {
            location,
            kind,
            message: message.into(),
            help: None,
        }
    }

    /// The same error with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// All the problems found in one validation, in the order found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidationErrors(pub Vec<ValidationError>);

impl ValidationErrors {
    /// The errors.
    pub fn errors(&self) -> &[ValidationError] {
        &self.0
    }

    /// True when some error has this class.
    pub fn has(&self, kind: ErrorKind) -> bool {
        self.0.iter().any(|e| e.kind == kind)
    }

    /// `Ok(())` when empty.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} error{}:", if n == 1 { "" } else { "s" })?;
        for error in &self.0 {
            write!(f, "\n  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// Everything that can go wrong when turning a service into files.
#[derive(Debug)]
pub enum Error {
    /// The service or one of its machines is invalid.
    Invalid(ValidationErrors),
    /// A file could not be read back into the model.
    Parse(String),
    /// The serializer failed.
    Emit(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(errors) => write!(f, "invalid service: {errors}"),
            Error::Parse(message) => write!(f, "cannot read the file: {message}"),
            Error::Emit(message) => write!(f, "cannot write the file: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl From<ValidationErrors> for Error {
    fn from(errors: ValidationErrors) -> Error {
        Error::Invalid(errors)
    }
}
