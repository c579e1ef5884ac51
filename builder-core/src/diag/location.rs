//! Where something is in a state machine, as a path through its ASL structure:
//! `Weekly.States.ProcessAndContinue.Branches[1].States.Restart.Next`.
//!
//! Every validation error carries one. The proc-macro records the location of
//! each piece of syntax it lowers (a side table from locations to spans), so an
//! error found by the validator points at the token that caused it.

use std::fmt;

/// One step of a [`Location`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// The state machine, by name (the first segment of every location in
    /// a machine).
    Machine(String),
    /// The service, by name (the first segment of locations outside the
    /// machines: functions, provider settings).
    Service(String),
    /// A state by name; `index` is its position in its block, so that two
    /// states with the same name in one block still have distinct locations.
    State {
        /// The state's name.
        name: String,
        /// Position of the state in its block.
        index: usize,
    },
    /// A field name: `States`, `Next`, `Branches`, `Retry`, `events`, ...
    Field(&'static str),
    /// An array position: `Branches[1]`, `Choices[0]`, `Catch[2]`.
    Index(usize),
    /// A key of a JSON object (`Parameters.Input.PaginationToken.$`).
    Key(String),
    /// The value under the key before it, as opposed to the key itself:
    /// an error in an expression `{"total": "{% ... %}"}` is about the
    /// value, one in a variable name about the key. Not displayed.
    Value,
}

/// A path from the state machine to one of its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location(Vec<Segment>);

impl Location {
    /// The location of a machine.
    pub fn machine(name: &str) -> Location {
        Location(vec![Segment::Machine(name.to_owned())])
    }

    /// The location of a service.
    pub fn service(name: &str) -> Location {
        Location(vec![Segment::Service(name.to_owned())])
    }

    /// This location extended by one segment.
    pub fn join(&self, segment: Segment) -> Location {
        let mut segments = Vec::with_capacity(self.0.len() + 1);
        segments.extend_from_slice(&self.0);
        segments.push(segment);
        Location(segments)
    }

    /// This location extended by a field name.
    pub fn field(&self, name: &'static str) -> Location {
        self.join(Segment::Field(name))
    }

    /// This location extended by an array index.
    pub fn index(&self, i: usize) -> Location {
        self.join(Segment::Index(i))
    }

    /// This location extended by a JSON object key.
    pub fn key(&self, key: &str) -> Location {
        self.join(Segment::Key(key.to_owned()))
    }

    /// The value at this location (see [`Segment::Value`]).
    pub fn value(&self) -> Location {
        self.join(Segment::Value)
    }

    /// The location of a state of the block at this location:
    /// `<self>.States.<name>`.
    pub fn state(&self, name: &str, index: usize) -> Location {
        self.field("States").join(Segment::State {
            name: name.to_owned(),
            index,
        })
    }

    /// The segments, first to last.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The enclosing location (`None` for the machine itself).
    pub fn parent(&self) -> Option<Location> {
        match self.0.len() {
            0 | 1 => None,
            n => Some(Location(self.0[..n - 1].to_vec())),
        }
    }

    /// This location, then each enclosing one out to the machine.
    pub fn ancestors(&self) -> impl Iterator<Item = Location> + '_ {
        (1..=self.0.len())
            .rev()
            .map(|n| Location(self.0[..n].to_vec()))
    }

    /// Appends a segment in place.
    pub fn push(&mut self, segment: Segment) {
        self.0.push(segment);
    }

    /// Removes the last segment in place.
    pub fn pop(&mut self) -> Option<Segment> {
        self.0.pop()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            if matches!(segment, Segment::Value) {
                continue;
            }
            if i > 0 && !matches!(segment, Segment::Index(_)) {
                f.write_str(".")?;
            }
            match segment {
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Machine(name)
                | Segment::Service(name)
                | Segment::Key(name)
                | Segment::State { name, .. } => f.write_str(name)?,
                Segment::Field(name) => f.write_str(name)?,
                Segment::Value => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_an_asl_path() {
        let loc = Location::machine("Weekly")
            .state("ProcessAndContinue", 1)
            .field("Branches")
            .index(1)
            .state("Restart", 2)
            .field("Next");
        assert_eq!(
            loc.to_string(),
            "Weekly.States.ProcessAndContinue.Branches[1].States.Restart.Next"
        );
        assert_eq!(
            loc.parent().unwrap().to_string(),
            "Weekly.States.ProcessAndContinue.Branches[1].States.Restart"
        );
        let ancestors: Vec<String> = loc.ancestors().map(|l| l.to_string()).collect();
        assert_eq!(ancestors.len(), loc.segments().len());
        assert_eq!(ancestors[0], loc.to_string());
        assert_eq!(ancestors.last().unwrap(), "Weekly");
    }

    #[test]
    fn same_name_at_two_positions_is_two_locations() {
        let m = Location::machine("M");
        assert_ne!(m.state("A", 0), m.state("A", 3));
        assert_eq!(m.state("A", 0).to_string(), m.state("A", 3).to_string());
    }
}
