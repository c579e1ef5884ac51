//! CloudFormation references in a service: every `Ref` and `Fn::GetAtt` the
//! file writes must name something it declares — a resource under
//! `resources.Resources`, a function (`<Key>LambdaFunction`), what the
//! framework creates (a function's log group) or this library does (a
//! machine's log group), or a resource declared external — otherwise `serverless
//! deploy` fails on a dangling reference.

use super::{naming, Service};
use crate::check::payload;
use crate::diag::{suggest, Code, Diagnostic, Location, Segment, Sink};
use crate::json::Json;
use crate::model::*;
use std::collections::HashSet;

/// The logical ids a service's file declares (or knows exist).
fn declared(service: &Service) -> HashSet<String> {
    let mut ids: HashSet<String> = HashSet::new();
    for r in &service.resources {
        ids.insert(r.logical_id.clone());
    }
    for (id, _) in &service.externals {
        ids.insert(id.clone());
    }
    for f in &service.functions {
        let key = f.key();
        ids.insert(naming::function_logical_id(&key));
        // The framework's log group of each function.
        ids.insert(format!(
            "{}LogGroup",
            naming::function_logical_id(&key).trim_end_matches("LambdaFunction")
        ));
    }
    for m in service
        .state_machines
        .iter()
        .filter(|m| super::emit::makes_log_group(m))
    {
        ids.insert(naming::log_group_logical_id(&service.name, &m.name));
    }
    for id in ["IamRoleLambdaExecution", "ServerlessDeploymentBucket"] {
        ids.insert(id.to_owned());
    }
    ids
}

/// Reports every reference to an undeclared logical id.
pub fn check(service: &Service, sink: &mut Sink) {
    let ids = declared(service);
    let mut refs = Refs {
        ids: &ids,
        sink,
        suggestions: 16,
    };
    let root = Location::service(&service.name);
    for r in &service.resources {
        let mut at = root
            .field("resources")
            .field("Resources")
            .key(&r.logical_id)
            .field("Properties");
        refs.walk(&r.properties, &mut at, 0);
    }
    for (i, statement) in service.provider.iam_statements.iter().enumerate() {
        let mut at = root.field("provider").field("iam").index(i);
        refs.walk(statement, &mut at, 0);
    }
    for (key, value) in &service.provider.environment {
        refs.walk(
            value,
            &mut root.field("provider").field("environment").key(key),
            0,
        );
    }
    for f in &service.functions {
        let f = f.get();
        let at = root.field("functions").key(&f.key());
        for (key, value) in &f.environment {
            refs.walk(value, &mut at.field("environment").key(key), 0);
        }
        for (i, layer) in f.layers.iter().enumerate() {
            refs.walk(layer, &mut at.field("layers").index(i), 0);
        }
        for (i, event) in f.events.iter().enumerate() {
            let mut at = root
                .field("functions")
                .key(&f.key())
                .field("events")
                .index(i);
            refs.walk(event, &mut at, 0);
        }
    }
    for machine in &service.state_machines {
        let at = Location::machine(&machine.name);
        refs.block(&machine.definition.block, &at, 0);
        for (i, statement) in machine.iam_statements.iter().enumerate() {
            refs.walk(statement, &mut at.field("iamRoleStatements").index(i), 0);
        }
        if let Some(role) = &machine.role {
            refs.walk(role, &mut at.field("role"), 0);
        }
        for (key, value) in machine.settings.iter() {
            refs.walk(value, &mut at.key(key), 0);
        }
        for (i, event) in machine.events.iter().enumerate() {
            let mut at = at.field("events").index(i).field(event.kind.key());
            refs.walk(&Json::Object(event.settings.0.clone()), &mut at, 0);
        }
    }
}

struct Refs<'a> {
    ids: &'a HashSet<String>,
    sink: &'a mut Sink,
    suggestions: usize,
}

impl Refs<'_> {
    fn block(&mut self, block: &Block, at: &Location, depth: usize) {
        if depth > crate::asl::MAX_NESTING {
            return;
        }
        for (i, state) in block.states.iter().enumerate() {
            let here = at.state(&state.name, i);
            if let StateKind::Task(task) = &state.kind {
                if let Resource::Intrinsic(value) = &task.resource {
                    self.walk(value, &mut here.field("Resource"), 0);
                }
            }
            for value in payload::values(state) {
                self.walk(value.json, &mut value.location(&here), 0);
            }
            match &state.kind {
                StateKind::Parallel(p) => {
                    for (b, branch) in p.branches.iter().enumerate() {
                        self.block(branch, &here.field("Branches").index(b), depth + 1);
                    }
                }
                StateKind::Map(m) => self.block(&m.body, &here.field("ItemProcessor"), depth + 1),
                _ => {}
            }
        }
    }

    fn walk(&mut self, value: &Json, at: &mut Location, depth: usize) {
        if depth > crate::asl::MAX_JSON_DEPTH {
            return;
        }
        match value {
            Json::Object(pairs) => {
                if let [(key, target)] = pairs.as_slice() {
                    let id = match (key.as_str(), target) {
                        ("Ref", Json::String(id)) => Some(id.as_str()),
                        ("Fn::GetAtt", Json::Array(parts)) => match parts.first() {
                            Some(Json::String(id)) => Some(id.as_str()),
                            _ => None,
                        },
                        ("Fn::GetAtt", Json::String(dotted)) => dotted.split('.').next(),
                        _ => None,
                    };
                    if let Some(id) = id {
                        self.reference(key, id, at);
                    }
                }
                for (key, item) in pairs {
                    at.push(Segment::Key(key.clone()));
                    self.walk(item, at, depth + 1);
                    at.pop();
                }
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push(Segment::Index(i));
                    self.walk(item, at, depth + 1);
                    at.pop();
                }
            }
            _ => {}
        }
    }

    fn reference(&mut self, key: &str, id: &str, at: &Location) {
        // Pseudo parameters (`AWS::Region`) are always there.
        if id.starts_with("AWS::") || self.ids.contains(id) {
            return;
        }
        let close = if self.suggestions > 0 {
            self.suggestions -= 1;
            suggest::closest(id, self.ids.iter().map(String::as_str))
        } else {
            None
        };
        let help = match close {
            Some(c) => format!("did you mean `{c}`?"),
            None => "declare it with `service.resource(...)`, or with `service.external(...)` if another stack makes it".to_owned(),
        };
        self.sink.push(
            Diagnostic::new(
                Code::DanglingReference,
                at.clone(),
                format!("`{key}` refers to `{id}`, which nothing in this service declares"),
            )
            .with_help(help),
        );
    }
}
