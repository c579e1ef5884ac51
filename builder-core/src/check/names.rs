//! Names: of the machine, of its states, of Distributed Map labels; and the
//! machine's top-level fields.

use super::Ck;
use crate::diag::{text::describe_char, Code, Location};
use crate::model::*;

/// Longest state or machine name AWS accepts.
pub const MAX_NAME_LEN: usize = 80;
/// Longest Distributed Map label AWS accepts.
pub const MAX_LABEL_LEN: usize = 40;

/// Characters AWS rejects in state machine names and map labels (besides
/// whitespace and control characters).
const FORBIDDEN_NAME_CHARS: &str = "<>{}[]?*\"#%\\^|~$&,;:/`";

/// Checks a state machine name (`what` = "the state machine name") or a
/// Distributed Map label (`what` = "the label"): non-empty, at most `max`
/// characters, none of the characters AWS rejects.
pub fn check_name(name: &str, what: &str, max: usize) -> Result<(), (Code, String)> {
    if name.is_empty() {
        return Err((Code::MachineNameEmpty, format!("{what} is empty")));
    }
    let len = name.chars().count();
    if len > max {
        return Err((
            Code::MachineNameTooLong,
            format!("{what} is {len} characters long; the limit is {max}"),
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN_NAME_CHARS.contains(*c))
    {
        let forbidden: Vec<String> = FORBIDDEN_NAME_CHARS
            .chars()
            .filter(|c| *c != '`')
            .map(|c| format!("`{c}`"))
            .collect();
        return Err((
            Code::InvalidMachineName,
            format!(
                "{what} `{name}` contains {}; names may not contain whitespace, control \
                 characters, a backtick, or any of {}",
                describe_char(c),
                forbidden.join(" ")
            ),
        ));
    }
    Ok(())
}

/// Checks a state name: non-empty, at most 80 characters, no control
/// characters.
pub fn check_state_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the state name is empty".into());
    }
    let len = name.chars().count();
    if len > MAX_NAME_LEN {
        return Err(format!(
            "the state name `{name}` is {len} characters long; the limit is {MAX_NAME_LEN}"
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the state name contains {}; state names may not contain control characters",
            describe_char(c)
        ));
    }
    Ok(())
}

/// The machine's name and top-level fields.
pub fn machine(ck: &mut Ck<'_>, root: &Location, machine: &StateMachine) {
    if let Err((code, message)) = check_name(&machine.name, "the state machine name", MAX_NAME_LEN)
    {
        ck.error(code, root.clone(), message);
    }
    let definition = &machine.definition;
    if let Some(t) = definition.timeout_seconds {
        super::fields::seconds(ck, root, "TimeoutSeconds", t, 1);
    }
    if let Some(version) = &definition.version {
        if version != "1.0" {
            ck.error(
                Code::UnknownValue,
                root.field("Version"),
                format!("unknown language version `{version}`; the only version is `1.0`"),
            );
        }
    }
}

/// A state's name.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    if let Err(message) = check_state_name(&state.name) {
        ck.error(Code::InvalidStateName, at.clone(), message);
    }
}
