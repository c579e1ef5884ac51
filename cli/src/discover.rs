//! Finding the state machines of a file: an ASL definition, the
//! `stepFunctions.stateMachines` of a serverless.yml, or the state machine
//! resources of a SAM/CloudFormation template.

use crate::embedded;
use crate::report::{Finding, Skipped};
use crate::source::{parse_json, Member, Node, Span};
use builder_core::check::Profile;
use builder_core::Code;
use std::borrow::Cow;

/// Where a machine was found, which decides how it is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A whole-file ASL definition, named after the file.
    Asl,
    /// A `stepFunctions.stateMachines.<name>` entry of a serverless.yml.
    Serverless {
        /// The file's `service`.
        service: Option<String>,
    },
    /// A template resource's `Definition` or `DefinitionString`.
    Template,
}

impl Origin {
    /// The rules a machine from here is checked against by default.
    pub fn profile(&self) -> Profile {
        match self {
            Origin::Serverless { .. } => Profile::ServerlessPlugin,
            Origin::Asl | Origin::Template => Profile::Asl,
        }
    }
}

/// One machine of the file.
#[derive(Debug)]
pub struct Machine<'a> {
    /// Its name: the file stem, the entry's key, or the resource id.
    pub name: String,
    /// Where it was found.
    pub origin: Origin,
    /// The object its locations start from: the definition, or the
    /// serverless entry (whose `definition` holds the definition).
    pub root: Cow<'a, Node>,
    /// The key the root is under in the file (none for a whole file).
    pub key_span: Option<Span>,
}

/// Everything found in a file.
#[derive(Debug, Default)]
pub struct Found<'a> {
    /// The machines, in file order.
    pub machines: Vec<Machine<'a>>,
    /// Machines that cannot be checked from the file alone.
    pub skipped: Vec<Skipped>,
    /// Problems found on the way (an embedded definition that is not JSON).
    pub problems: Vec<Finding>,
}

/// The resource types that are state machines.
const MACHINE_TYPES: &[&str] = &[
    "AWS::Serverless::StateMachine",
    "AWS::StepFunctions::StateMachine",
];

/// Finds the machines of a parsed file; `stem` names a whole-file
/// definition, `text` is the file (for embedded definitions).
pub fn machines<'a>(root: &'a Node, stem: &str, text: &str) -> Found<'a> {
    let mut found = Found::default();
    if root.get("StartAt").is_some() && root.get("States").is_some() {
        found.machines.push(Machine {
            name: stem.to_owned(),
            origin: Origin::Asl,
            root: Cow::Borrowed(root),
            key_span: None,
        });
        return found;
    }
    serverless(root, &mut found);
    template(root, text, &mut found);
    if found.machines.is_empty() && found.skipped.is_empty() && found.problems.is_empty() {
        found.problems.push(Finding::new(
            Code::NoStateMachine,
            None,
            "the file holds no state machine: expected an ASL definition (`StartAt` and `States`), \
             a serverless.yml with `stepFunctions.stateMachines`, or a CloudFormation/SAM template \
             with a state machine resource",
        ));
    }
    found
}

/// The entries of `stepFunctions.stateMachines`.
fn serverless<'a>(root: &'a Node, found: &mut Found<'a>) {
    let Some(entries) = root
        .get("stepFunctions")
        .and_then(|s| s.get("stateMachines"))
        .and_then(Node::members)
    else {
        return;
    };
    let service = root.get("service").and_then(|s| {
        s.as_str()
            .or_else(|| s.get("name").and_then(Node::as_str))
            .map(str::to_owned)
    });
    for entry in entries {
        found.machines.push(Machine {
            name: entry.key.clone(),
            origin: Origin::Serverless {
                service: service.clone(),
            },
            root: Cow::Borrowed(&entry.value),
            key_span: Some(entry.key_span),
        });
    }
}

/// The state machine resources of `Resources`.
fn template<'a>(root: &'a Node, text: &str, found: &mut Found<'a>) {
    let Some(resources) = root.get("Resources").and_then(Node::members) else {
        return;
    };
    for resource in resources {
        let Some(kind) = resource.value.get("Type").and_then(Node::as_str) else {
            continue;
        };
        if !MACHINE_TYPES.contains(&kind) {
            continue;
        }
        let id = &resource.key;
        let properties = resource.value.get("Properties");
        let property = |key: &str| properties.and_then(|p| p.member(key));
        if let Some(definition) = property("Definition") {
            found.machines.push(Machine {
                name: id.clone(),
                origin: Origin::Template,
                root: Cow::Borrowed(&definition.value),
                key_span: Some(definition.key_span),
            });
        } else if let Some(string) = property("DefinitionString") {
            definition_string(id, string, text, found);
        } else if let Some(other) = property("DefinitionUri").or(property("DefinitionS3Location")) {
            found.skipped.push(Skipped {
                span: Some(other.key_span),
                message: format!(
                    "the state machine `{id}` loads its definition from `{}`; it is not checked",
                    other.key
                ),
            });
        } else {
            found.problems.push(Finding::new(
                Code::MissingField,
                Some(resource.key_span),
                format!(
                    "the state machine resource `{id}` has no `Definition`, `DefinitionString`, \
                     `DefinitionUri` or `DefinitionS3Location`"
                ),
            ));
        }
    }
}

/// A `DefinitionString`, parsed with its positions mapped into the file.
fn definition_string(id: &str, member: &Member, text: &str, found: &mut Found<'_>) {
    let node = &member.value;
    let embedded = match embedded::definition_string(node, text) {
        Ok(embedded) => embedded,
        Err(why) => {
            found.skipped.push(Skipped {
                span: Some(node.span),
                message: format!("the `DefinitionString` of `{id}` is not checked: {why}"),
            });
            return;
        }
    };
    match parse_json(&embedded.text) {
        Ok(mut definition) => {
            definition.map_spans(&|s| embedded.span_to_file(s));
            found.machines.push(Machine {
                name: id.to_owned(),
                origin: Origin::Template,
                root: Cow::Owned(definition),
                key_span: Some(member.key_span),
            });
        }
        Err(e) => {
            let at = embedded.to_file(e.offset);
            found.problems.push(Finding::new(
                Code::InvalidSyntax,
                Some(Span::new(at, at + 1)),
                format!(
                    "the `DefinitionString` of `{id}` is not JSON: {}",
                    e.message
                ),
            ));
        }
    }
}
