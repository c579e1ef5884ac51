//! `Retry` and `Catch`: error names (`States.ALL` alone and last, only the
//! predefined `States.` errors), retrier ranges, catchers' targets and
//! result paths.

use super::fields::{check_path, MAX_SECONDS};
use super::symbols::Symbols;
use super::transitions::target;
use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::expr::path::{PathKind, PathOptions};
use crate::model::*;

/// Largest `MaxDelaySeconds` (one year).
pub const MAX_DELAY_SECONDS: u64 = 31_622_400;

/// The error names that Step Functions itself raises; other names must not
/// start with `States.`.
pub const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
];

/// The retriers and catchers of a state.
pub fn state(ck: &mut Ck<'_>, symbols: &Symbols<'_>, id: usize, at: &Location, state: &State) {
    if let Some(retriers) = state.kind.retriers() {
        for (i, r) in retriers.iter().enumerate() {
            let location = at.field("Retry").index(i);
            error_equals(
                ck,
                &|| location.clone(),
                &r.error_equals,
                i + 1 == retriers.len(),
                "retrier",
            );
            retrier(ck, &location, r);
        }
    }
    if let Some(catchers) = state.kind.catchers() {
        for (i, c) in catchers.iter().enumerate() {
            // Built only when needed: auto-catch gives most states a catcher.
            let location = || at.field("Catch").index(i);
            error_equals(
                ck,
                &location,
                &c.error_equals,
                i + 1 == catchers.len(),
                "catcher",
            );
            if let Some(NullablePath::Path(p)) = &c.result_path {
                let options = PathOptions {
                    allow_context: false,
                    allow_variables: false,
                };
                check_path(
                    ck,
                    || location().field("ResultPath"),
                    p,
                    PathKind::ReferencePath,
                    options,
                );
            }
            if !symbols.blocks[id].index.contains_key(c.next.as_str()) {
                target(ck, symbols, id, &location(), &c.next, "Next");
            }
        }
    }
}

fn retrier(ck: &mut Ck<'_>, location: &Location, r: &Retrier) {
    let out_of_range = |ck: &mut Ck<'_>, key: &'static str, shown: String, allowed: String| {
        let message = format!("{} is {shown}; it must be {allowed}", ck.field(key));
        ck.error(Code::InvalidRetrier, location.field(key), message);
    };
    if let Some(interval) = r.interval_seconds.filter(|i| *i == 0 || *i > MAX_SECONDS) {
        out_of_range(
            ck,
            "IntervalSeconds",
            interval.to_string(),
            format!("between 1 and {MAX_SECONDS}"),
        );
    }
    if let Some(attempts) = r.max_attempts.filter(|a| *a > MAX_SECONDS) {
        out_of_range(
            ck,
            "MaxAttempts",
            attempts.to_string(),
            format!("between 0 and {MAX_SECONDS}"),
        );
    }
    if let Some(rate) = r.backoff_rate.filter(|b| !b.is_finite() || *b < 1.0) {
        out_of_range(
            ck,
            "BackoffRate",
            rate.to_string(),
            "a number of at least 1.0".to_owned(),
        );
    }
    if let Some(delay) = r
        .max_delay_seconds
        .filter(|d| *d == 0 || *d > MAX_DELAY_SECONDS)
    {
        out_of_range(
            ck,
            "MaxDelaySeconds",
            delay.to_string(),
            format!("between 1 and {MAX_DELAY_SECONDS}"),
        );
    }
}

/// The `ErrorEquals` of the retrier or catcher at `location()`.
fn error_equals(
    ck: &mut Ck<'_>,
    location: &dyn Fn() -> Location,
    names: &[String],
    is_last: bool,
    what: &str,
) {
    // Locations are built only for errors: this runs for every retrier
    // and catcher (auto-catch adds one to most states).
    if names.is_empty() {
        ck.error(
            Code::EmptyErrorName,
            location().field("ErrorEquals"),
            format!("the {what} lists no errors; name at least one, such as `States.ALL`"),
        );
    }
    for (i, name) in names.iter().enumerate() {
        let at = || location().field("ErrorEquals").index(i);
        if name == "States.ALL" {
            if names.len() > 1 {
                ck.push(
                    Diagnostic::new(
                        Code::StatesAllNotAlone,
                        at(),
                        "`States.ALL` must be the only error name in its list",
                    )
                    .with_help("it matches every error already; remove the other names or move them to an earlier retrier or catcher"),
                );
            }
            if !is_last {
                ck.push(
                    Diagnostic::new(
                        Code::StatesAllNotLast,
                        at(),
                        format!("the {what} matching `States.ALL` must be the last one"),
                    )
                    .with_help(format!(
                        "a {what} after it could never match; move it to the end"
                    )),
                );
            }
        } else if name.is_empty() {
            ck.error(Code::EmptyErrorName, at(), "an error name is empty");
        } else if name.starts_with("States.") && !PREDEFINED_ERRORS.contains(&name.as_str()) {
            let help = match ck.suggest(name, PREDEFINED_ERRORS.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the predefined errors are {}", PREDEFINED_ERRORS.join(", ")),
            };
            ck.push(
                Diagnostic::new(
                    Code::UnknownPredefinedError,
                    at(),
                    format!("unknown error name `{name}`: names starting with `States.` are reserved for the predefined errors"),
                )
                .with_help(help),
            );
        }
    }
}
