//! A diagnostic's [`Location`] → the bytes of the file it is about: the
//! location's segments walked from the machine's root object.

use crate::source::{Node, Span, Value};
use builder_core::diag::Segment;
use builder_core::{Code, Location};

/// The object a machine's locations start from.
#[derive(Clone, Copy, Debug)]
pub enum Root<'a> {
    /// An ASL definition.
    Definition(&'a Node),
    /// A serverless.yml entry: `definition` holds the definition, and
    /// `events`, `type`, `name` are the entry's own.
    Entry(&'a Node),
}

/// The span a diagnostic points at: the value at its location; when that
/// does not exist, the key of the nearest enclosing value that does. An
/// unknown or duplicate field points at its key (the duplicate at the
/// later one), and the machine itself at `root_key`, the key it is under
/// in the file (when it is under one).
pub fn span(root: Root<'_>, root_key: Option<Span>, location: &Location, code: Code) -> Span {
    let segments: Vec<&Segment> = location
        .segments()
        .iter()
        .filter(|s| !matches!(s, Segment::Machine(_) | Segment::Service(_)))
        .collect();
    let last_dup = code == Code::DuplicateKey;
    let (start, mut key) = match root {
        Root::Definition(definition) => (definition, root_key),
        Root::Entry(entry) => match entry.member("definition") {
            Some(definition) => match segments.first() {
                Some(first)
                    if step(&definition.value, first, false).is_none()
                        && step(entry, first, false).is_some() =>
                {
                    (entry, root_key)
                }
                _ => (&definition.value, Some(definition.key_span)),
            },
            None => (entry, root_key),
        },
    };
    if segments.is_empty() {
        return key.unwrap_or(start.span);
    }
    let mut node = start;
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match step(node, segment, last && last_dup) {
            Some((k, child)) => {
                key = k;
                node = child;
            }
            None => return key.unwrap_or(node.span),
        }
    }
    match (code, key) {
        // Problems with a key itself (a variable name is the key of `Assign`).
        (
            Code::UnknownField
            | Code::DuplicateKey
            | Code::InvalidVariableName
            | Code::SubPathAssignment
            | Code::OuterVariableAssigned,
            Some(key),
        ) => key,
        _ => node.span,
    }
}

/// The child of `node` at `segment`, with its key's span; `last` picks the
/// last of duplicate keys.
fn step<'n>(node: &'n Node, segment: &Segment, last: bool) -> Option<(Option<Span>, &'n Node)> {
    let found = |key: &str| {
        let members = node.members()?;
        let mut matches = members.iter().filter(|m| m.key == key);
        let m = if last {
            matches.next_back()
        } else {
            matches.next()
        }?;
        Some((Some(m.key_span), &m.value))
    };
    match segment {
        Segment::Field(name) => {
            found(name).or_else(|| (*name == "ItemProcessor").then(|| found("Iterator"))?)
        }
        Segment::Key(name) => found(name),
        Segment::State { name, index } => {
            let members = node.members()?;
            match members.get(*index) {
                Some(m) if m.key == *name => Some((Some(m.key_span), &m.value)),
                _ => found(name),
            }
        }
        Segment::Index(i) => match &node.value {
            Value::Array(items) => items.get(*i).map(|n| (None, n)),
            _ => None,
        },
        _ => Some((None, node)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse_json, Lines};

    const TEXT: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Map", "Iterator": {"States": {"B": {"Next": "X"}}}, "Next": "A"},
    "A": {"Type": "Pass", "End": true, "End": false}
  }
}"#;

    fn at(location: &Location, code: Code) -> (usize, usize) {
        let root = parse_json(TEXT).unwrap();
        Lines::new(TEXT).line_col(span(Root::Definition(&root), None, location, code).start)
    }

    #[test]
    fn walks_fields_states_and_iterator() {
        let m = Location::machine("M");
        let next = m
            .state("A", 0)
            .field("ItemProcessor")
            .state("B", 0)
            .field("Next");
        assert_eq!(at(&next, Code::UnknownTarget), (4, 64));
        assert_eq!(at(&m.state("A", 1).field("Type"), Code::WrongType), (5, 19));
        assert_eq!(at(&m, Code::MissingField), (1, 1));
    }

    #[test]
    fn missing_children_point_at_the_nearest_key() {
        let m = Location::machine("M");
        assert_eq!(
            at(&m.state("A", 1).field("Resource"), Code::MissingField),
            (5, 5)
        );
        assert_eq!(
            at(&m.field("States").key("Nope").index(3), Code::WrongType),
            (3, 3)
        );
    }

    #[test]
    fn unknown_and_duplicate_fields_point_at_keys() {
        let m = Location::machine("M");
        assert_eq!(at(&m.state("A", 1).key("End"), Code::DuplicateKey), (5, 40));
        assert_eq!(at(&m.state("A", 1).key("End"), Code::UnknownField), (5, 27));
    }

    #[test]
    fn serverless_entries_hold_the_definition_and_events() {
        let text = r#"{"events": [{"schedule": {"rate": 1}}], "definition": {"StartAt": "A", "States": {}}}"#;
        let entry = parse_json(text).unwrap();
        let lines = Lines::new(text);
        let m = Location::machine("M");
        let rate = m.field("events").index(0).field("schedule").field("rate");
        let col = |l: &Location| {
            lines
                .line_col(span(Root::Entry(&entry), None, l, Code::WrongType).start)
                .1
        };
        assert_eq!(col(&rate), 35);
        assert_eq!(col(&m.field("StartAt")), 67);
        assert_eq!(col(&m), 41);
    }
}
