//! Diagnostics: every problem found, as data — a [`Code`] from the
//! catalogue, the [`Location`] it is about, a message built from the
//! problem's data, and help and notes. The same diagnostics come out of the
//! reader, the builders, the validator, the macro (as compile errors on the
//! tokens at fault) and the command-line tool (with `file:line:col`).

mod codes;
mod location;
pub mod suggest;
pub mod text;

pub use codes::Code;
pub use location::{Location, Segment};

use std::fmt;

/// How messages name fields and kinds: as ASL writes them (`TimeoutSeconds`,
/// "a Task state"), or as the `state_machine!` language does (`timeout`,
/// `task`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Naming {
    /// ASL names: the reader, the builders, `to_yaml()`, the CLI.
    #[default]
    Asl,
    /// DSL names: the macro.
    Dsl,
}

/// One problem, where it is, and how to fix it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub code: Code,
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, in rustc's style: lower case, no final period.
    pub message: String,
    /// What to do instead ("did you mean `Restart`?"), when there is a hint.
    pub help: Option<String>,
    /// Further facts ("the first `Save` is in branch 1 of parallel `Both`").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new diagnostic without help or notes.
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            location,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// The same diagnostic with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a hint, when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// The same diagnostic with one more note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.location, self.message, self.code)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        for note in &self.notes {
            write!(f, " (note: {note})")?;
        }
        Ok(())
    }
}

/// All the problems found in one validation, in the order found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics.
    pub fn as_slice(&self) -> &[Diagnostic] {
        &self.0
    }

    /// True when some diagnostic has this code.
    pub fn has(&self, code: Code) -> bool {
        self.0.iter().any(|d| d.code == code)
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(())` when empty.
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The diagnostics, owned.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics(list)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} error{}:", if n == 1 { "" } else { "s" })?;
        for d in &self.0 {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Where a phase puts what it finds. A phase that must not run on top of
/// broken input asks [`Sink::has_any`] / [`Sink::graph_breaks`] first: the
/// gates between phases are explicit, and no finding is filtered afterwards.
#[derive(Debug, Default)]
pub struct Sink {
    list: Vec<Diagnostic>,
    /// Problems that leave the transition graph other than the user meant
    /// (a dangling target, a dropped statement): reachability findings on
    /// top of them would be consequences, not causes.
    graph_breaks: usize,
}

impl Sink {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if matches!(
            diagnostic.code,
            Code::UnknownTarget | Code::Empty | Code::MissingFallback | Code::FallbackNameTaken
        ) {
            self.graph_breaks += 1;
        }
        self.list.push(diagnostic);
    }

    /// Records a diagnostic built from its parts.
    pub fn error(&mut self, code: Code, location: Location, message: impl Into<String>) {
        self.push(Diagnostic::new(code, location, message));
    }

    /// Notes that a part of the graph was left out without a diagnostic of
    /// this sink (the macro reports its own syntax errors).
    pub fn note_graph_break(&mut self) {
        self.graph_breaks += 1;
    }

    /// True when anything was recorded.
    pub fn has_any(&self) -> bool {
        !self.list.is_empty()
    }

    /// The number of graph-breaking problems recorded so far.
    pub fn graph_breaks(&self) -> usize {
        self.graph_breaks
    }

    /// How many diagnostics so far.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Everything recorded, in order.
    pub fn finish(self) -> Diagnostics {
        Diagnostics(self.list)
    }
}
