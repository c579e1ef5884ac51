//! What the serverless-step-functions plugin's toolchain refuses, found by
//! running emitted files through `serverless package`:
//!
//! - `Next`, `Default`, `StartAt`, `States`, `Branches` and `Iterator` as a
//!   key in a JSON value or as a state name: the plugin's asl-validator
//!   searches the whole definition for them (`$..Next`) and fails;
//! - `${` in a state name or a JSON key: the framework resolves variables
//!   in values only, and the plugin's `Fn::Sub` would read the rest;
//! - `null`, an empty string, a string with a line break or one starting
//!   with `{% ` as an array item or a whole payload template: asl-validator's
//!   payload-template schema refuses them.
//!
//! These run only for [`super::Profile::ServerlessPlugin`].

use super::payload::values;
use super::Ck;
use crate::diag::{Code, Diagnostic, Location, Segment};
use crate::json::Json;
use crate::model::*;

/// Keys the plugin's validator looks for anywhere in a definition.
pub const STRUCTURAL_KEYS: &[&str] = &[
    "Next", "Default", "StartAt", "States", "Branches", "Iterator",
];

/// Why a structural key may not appear as a state name or JSON key.
const STRUCTURAL_KEY: &str = "the asl-validator that `serverless package` runs \
     (`stepFunctions.validate: true`) searches the whole definition for `Next`, `Default`, \
     `StartAt`, `States`, `Branches` and `Iterator` keys and fails on this one";

/// Why `${` may not appear in a name or key (it may in values).
const UNRESOLVED_KEY: &str =
    "the Serverless Framework resolves `${...}` variables in values only, \
     and the plugin hands the definition to CloudFormation's `Fn::Sub`, which would read it \
     as a reference and fail";

/// A state's name and JSON values.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    if state.name.contains("${") {
        ck.error(
            Code::PluginVariableInKey,
            at.clone(),
            format!(
                "the state name `{}` contains `${{`; {UNRESOLVED_KEY}",
                state.name
            ),
        );
    }
    if STRUCTURAL_KEYS.contains(&state.name.as_str()) {
        ck.error(
            Code::PluginStructuralKey,
            at.clone(),
            format!("a state cannot be named `{}`: {STRUCTURAL_KEY}", state.name),
        );
    }
    for value in values(state) {
        let mut location = value.location(at);
        if value.template {
            template_item(ck, &location, value.json);
        }
        json(ck, &mut location, value.json, value.template, 0);
    }
}

/// A whole payload template, or an item of an array in one: its schema
/// takes numbers, booleans, objects, arrays, and strings matching
/// `^(?!\{% )(.+)(?! %\})$` — not empty, on one line, not JSONata.
fn template_item(ck: &mut Ck<'_>, location: &Location, value: &Json) {
    let problem = match value {
        Json::Null => Some("`null`"),
        Json::String(s) if s.is_empty() => Some("an empty string"),
        Json::String(s) if s.contains(['\n', '\r', '\u{2028}', '\u{2029}']) => {
            Some("a string with a line break")
        }
        Json::String(s) if s.starts_with("{% ") => Some("a string starting with `{% ` (JSONata)"),
        _ => None,
    };
    if let Some(what) = problem {
        ck.push(
            Diagnostic::new(
                Code::PluginTemplateItem,
                location.clone(),
                format!("{what} cannot stand alone or as an array item in a payload template"),
            )
            .with_help(
                "the plugin's validator rejects it at `serverless package`; \
                 put it under a key (`{\"value\": ...}`) or leave it out",
            ),
        );
    }
}

/// The keys of a JSON value of the definition.
fn json(ck: &mut Ck<'_>, location: &mut Location, value: &Json, template: bool, depth: usize) {
    if depth > crate::asl::MAX_JSON_DEPTH {
        return;
    }
    match value {
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                location.push(Segment::Index(i));
                if template {
                    template_item(ck, location, item);
                }
                json(ck, location, item, template, depth + 1);
                location.pop();
            }
        }
        Json::Object(pairs) => {
            for (key, item) in pairs {
                location.push(Segment::Key(key.clone()));
                if STRUCTURAL_KEYS.contains(&key.as_str()) {
                    ck.push(
                        Diagnostic::new(
                            Code::PluginStructuralKey,
                            location.clone(),
                            format!("the key `{key}` cannot be used in a JSON value of a state machine: {STRUCTURAL_KEY}"),
                        )
                        .with_help(format!("rename it, for example `{}`", key.to_ascii_lowercase())),
                    );
                }
                if key.contains("${") {
                    ck.error(
                        Code::PluginVariableInKey,
                        location.clone(),
                        format!("the key `{key}` contains `${{`; {UNRESOLVED_KEY}"),
                    );
                }
                if !(template && key.ends_with(".$")) {
                    json(ck, location, item, template, depth + 1);
                }
                location.pop();
            }
        }
        _ => {}
    }
}
