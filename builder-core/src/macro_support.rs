//! The run-time half of `state_machine!`. The macro validates the machine at
//! compile time and writes it as one JSON string (a few kilobytes instead of
//! thousands of builder calls, which keeps large machines cheap to compile);
//! these functions read it back and put in the values only known at run
//! time: the Task resources of function handles and `(expr)` embeds.
//! Not a public API: only the macro's expansion calls it.

use crate::asl::{self, Context};
use crate::error::{ErrorKind, ValidationError};
use crate::json::Json;
use crate::location::Location;
use crate::model::{Resource, StateMachine};
use crate::service::FunctionHandle;

/// A run-time value and where it goes in the machine's JSON entry
/// (object keys, and array positions as decimal strings).
pub type Slot = (&'static [&'static str], Result<Json, String>);

/// A slot: `value` goes at `path`. (A function, so that the path array
/// coerces to a slice.)
pub fn slot(path: &'static [&'static str], value: Result<Json, String>) -> Slot {
    (path, value)
}

/// The `Resource` of a Task calling `handle`.
pub fn function_resource(handle: &FunctionHandle) -> Result<Json, String> {
    Ok(asl::resource_to_json(&Resource::from(handle)))
}

/// An `(expr)` embed: any serializable value.
pub fn embed<T: serde::Serialize + ?Sized>(value: &T) -> Result<Json, String> {
    crate::serde_impl::to_json(value)
}

/// Assembles the machine named `name` from its JSON entry and run-time
/// values. Never panics: a value that fails to serialize becomes an error
/// that `Service::to_yaml()` reports.
pub fn machine(name: &str, entry: &str, slots: Vec<Slot>) -> StateMachine {
    let mut deferred = Vec::new();
    let root = Location::machine(name);
    let internal = |message: String| {
        ValidationError::new(root.clone(), ErrorKind::InvalidValue, message)
            .with_help("this is a bug in serverless-builder: please report it")
    };
    let mut value = match crate::serde_impl::from_json_str(entry) {
        Ok(value) => value,
        Err(e) => {
            let mut machine = StateMachine::new(name);
            machine.push_deferred_error(internal(format!(
                "state_machine! wrote an unreadable machine: {e}"
            )));
            return machine;
        }
    };
    for (path, slot) in slots {
        let location = path.iter().fold(root.clone(), |l, k| l.key(k));
        match slot {
            Ok(json) => {
                if !asl::patch(&mut value, path, json) {
                    deferred.push(internal(format!(
                        "state_machine! has no place for a value at {location}"
                    )));
                }
            }
            Err(e) => deferred.push(ValidationError::new(
                location,
                ErrorKind::InvalidValue,
                format!("the embedded value cannot be turned into JSON: {e}"),
            )),
        }
    }
    let mut machine = match asl::machine_from_json(name, &value, Context { service: None }) {
        Ok(machine) => machine,
        Err(e) => {
            let mut machine = StateMachine::new(name);
            machine.push_deferred_error(internal(format!(
                "state_machine! wrote a machine it cannot read: {e}"
            )));
            machine
        }
    };
    for error in deferred {
        machine.push_deferred_error(error);
    }
    machine
}
