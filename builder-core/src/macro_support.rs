//! The run-time half of `state_machine!`. The macro validates the machine at
//! compile time and writes it as one JSON string (a few kilobytes instead of
//! thousands of builder calls, which keeps large machines cheap to compile);
//! these functions read it back and put in the values only known at run
//! time: the Task resources of function handles and `(expr)` embeds. Each
//! such value stands in the string as a marker holding its position in the
//! list of values, so that one walk over the JSON puts every value in place.
//! Not a public API: only the macro's expansion calls it.

use crate::diag::{Code, Diagnostic, Location};
use crate::json::Json;
use crate::model::{Resource, StateMachine};
use crate::serverless::FunctionHandle;

/// How a run-time value is marked in the machine's JSON: this prefix, then
/// the value's position in the list (see `__macro::marker`).
const MARKER: &str = "\u{0}slot:";

/// The `Resource` of a Task calling `handle`.
pub fn function_resource(handle: &FunctionHandle) -> Result<Json, String> {
    Ok(crate::asl::write::resource_json(&Resource::from(handle)))
}

/// An `(expr)` embed: any serializable value.
pub fn embed<T: serde::Serialize + ?Sized>(value: &T) -> Result<Json, String> {
    crate::json_serde::to_json(value)
}

/// Assembles the machine named `name` from its JSON entry and run-time
/// values. Never panics: a value that fails to serialize becomes an error
/// that `Service::to_yaml()` reports.
pub fn machine(name: &str, entry: &str, values: Vec<Result<Json, String>>) -> StateMachine {
    let root = Location::machine(name);
    let internal = |message: String| {
        Diagnostic::new(Code::Internal, root.clone(), message)
            .with_help("this is a bug in serverless-builder: please report it")
    };
    let mut value = match crate::json_serde::from_json_str(entry) {
        Ok(value) => value,
        Err(e) => {
            let mut machine = StateMachine::new(name);
            machine.deferred.push(internal(format!(
                "state_machine! wrote an unreadable machine: {e}"
            )));
            return machine;
        }
    };
    let mut values: Vec<Option<Result<Json, String>>> = values.into_iter().map(Some).collect();
    let mut deferred = Vec::new();
    let mut path = Vec::new();
    fill(&mut value, &mut values, &mut path, &mut deferred, name);
    if values.iter().any(Option::is_some) {
        deferred.push(internal(
            "state_machine! has no place for a value".to_owned(),
        ));
    }
    let mut sink = crate::diag::Sink::default();
    let mut machine = crate::serverless::read::machine_entry(name, &value, None, &mut sink)
        .unwrap_or_else(|| StateMachine::new(name));
    for d in sink.finish() {
        machine.deferred.push(internal(format!(
            "state_machine! wrote a machine it cannot read: {d}"
        )));
    }
    machine.deferred.extend(deferred);
    machine
}

/// Replaces every marker under `value` by its value, in one walk.
fn fill(
    value: &mut Json,
    values: &mut [Option<Result<Json, String>>],
    path: &mut Vec<String>,
    deferred: &mut Vec<Diagnostic>,
    machine: &str,
) {
    match value {
        Json::String(s) => {
            let Some(n) = s.strip_prefix(MARKER).and_then(|n| n.parse::<usize>().ok()) else {
                return;
            };
            match values.get_mut(n).and_then(Option::take) {
                Some(Ok(json)) => *value = json,
                Some(Err(e)) => {
                    *value = Json::Null;
                    deferred.push(Diagnostic::new(
                        Code::EmbedFailed,
                        location_of(machine, path),
                        format!("the embedded value cannot be turned into JSON: {e}"),
                    ));
                }
                None => {}
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(i.to_string());
                fill(item, values, path, deferred, machine);
                path.pop();
            }
        }
        Json::Object(pairs) => {
            for (key, item) in pairs.iter_mut() {
                path.push(key.clone());
                fill(item, values, path, deferred, machine);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The location of a path in a machine's entry (only built for an error).
fn location_of(machine: &str, path: &[String]) -> Location {
    let mut location = Location::machine(machine);
    let mut rest = path
        .iter()
        .skip(usize::from(path.first().is_some_and(|p| p == "definition")));
    while let Some(segment) = rest.next() {
        location = match segment.as_str() {
            "States" => match rest.next() {
                Some(state) => location.field("States").key(state),
                None => location.field("States"),
            },
            s => match s.parse::<usize>() {
                Ok(i) => location.index(i),
                Err(_) => location.key(s),
            },
        };
    }
    location
}
