//! Which query language each part of a state is in. The reader refuses a
//! field of the other language as it reads it; these are the rules a model
//! built by hand can still break, and the one AWS adds: a JSONPath state
//! cannot sit in a JSONata machine (measured with
//! `ValidateStateMachineDefinition`, floci #2968).

use super::Ck;
use crate::diag::{Code, Diagnostic, Location, Naming};
use crate::model::*;

/// The query language of a state and of its choice rules and catchers.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let language = state.query_language();
    if language == QueryLanguage::JsonPath && ck.machine_language == QueryLanguage::Jsonata {
        let help = match ck.options.naming {
            Naming::Dsl => "remove `query_language: jsonpath`, and write the state's options in JSONata (`arguments`, `output`, `\"{% ... %}\"`)",
            Naming::Asl => "remove `\"QueryLanguage\": \"JSONPath\"`, and write the state's fields in JSONata (`Arguments`, `Output`, `\"{% ... %}\"`)",
        };
        ck.push(
            Diagnostic::new(
                Code::JsonPathInJsonata,
                at.field("QueryLanguage"),
                format!(
                    "the state `{}` is JSONPath, but the machine is JSONata; Step Functions refuses a JSONPath state in a JSONata machine",
                    state.name
                ),
            )
            .with_help(help),
        );
    }
    if let StateKind::Choice(choice) = &state.kind {
        for (i, rule) in choice.choices.iter().enumerate() {
            let at = at.field("Choices").index(i);
            match (&rule.condition, language) {
                (Condition::Rule(_), QueryLanguage::Jsonata) => {
                    let help = match ck.options.naming {
                        Naming::Dsl => "write the rule as a JSONata condition: `\"{% $states.input.x > 1 %}\" => Target`",
                        Naming::Asl => "write `\"Condition\": \"{% $states.input.x > 1 %}\"`",
                    };
                    ck.push(
                        Diagnostic::new(
                            Code::WrongQueryLanguage,
                            at.clone(),
                            "comparison rules (`Variable`, `And`, `Or`, `Not`) are JSONPath; this state's query language is JSONata",
                        )
                        .with_help(help),
                    );
                }
                (Condition::Jsonata(_), QueryLanguage::JsonPath) => {
                    wrong(ck, at.field("Condition"), "a JSONata condition", "JSONata");
                }
                _ => {}
            }
            if rule.output.is_some() && language == QueryLanguage::JsonPath {
                let what = format!("{} on a choice rule", ck.field("Output"));
                wrong(ck, at.field("Output"), &what, "JSONata");
            }
        }
    }
    for (i, catcher) in state.kind.catchers().into_iter().flatten().enumerate() {
        let at = || at.field("Catch").index(i);
        if catcher.output.is_some() && language == QueryLanguage::JsonPath {
            let what = format!("{} on a catcher", ck.field("Output"));
            wrong(ck, at().field("Output"), &what, "JSONata");
        }
        if catcher.result_path.is_some() && language == QueryLanguage::Jsonata {
            let what = format!("{} on a catcher", ck.field("ResultPath"));
            wrong(ck, at().field("ResultPath"), &what, "JSONPath");
        }
    }
}

fn wrong(ck: &mut Ck<'_>, location: Location, what: &str, needs: &str) {
    let this = if needs == "JSONata" {
        "JSONPath"
    } else {
        "JSONata"
    };
    ck.error(
        Code::WrongQueryLanguage,
        location,
        format!(
            "{what} is only supported in {needs} states; this state's query language is {this}"
        ),
    );
}
