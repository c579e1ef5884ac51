//! Map states: a Distributed Map's execution type, label, tolerated
//! failures and their paths.

use super::fields::reference;
use super::names::{check_name, MAX_LABEL_LEN};
use super::Ck;
use crate::diag::{Code, Location};
use crate::model::*;

/// The Map-only rules of a state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let StateKind::Map(map) = &state.kind else {
        return;
    };
    let Processor::Distributed(d) = &map.processor else {
        return;
    };
    let processor = at.field("ItemProcessor").field("ProcessorConfig");
    if d.execution_type.is_none() {
        ck.error(
            Code::MissingField,
            processor.field("Mode"),
            "a Distributed Map needs an `ExecutionType`: `STANDARD` or `EXPRESS`",
        );
    }
    match &d.tolerated_failure_percentage {
        Some(Dynamic::Value(p)) if !(0.0..=100.0).contains(p) => {
            let message = format!(
                "{} is {p}; it must be between 0 and 100",
                ck.field("ToleratedFailurePercentage")
            );
            ck.error(
                Code::OutOfRange,
                at.field("ToleratedFailurePercentage"),
                message,
            );
        }
        Some(Dynamic::Path(p)) => reference(ck, at, "ToleratedFailurePercentagePath", p),
        _ => {}
    }
    if let Some(Dynamic::Path(p)) = &d.tolerated_failure_count {
        reference(ck, at, "ToleratedFailureCountPath", p);
    }
    if let Some(label) = &d.label {
        if let Err((_, message)) = check_name(label, "the label", MAX_LABEL_LEN) {
            ck.error(Code::InvalidLabel, at.field("Label"), message);
        }
    }
}
