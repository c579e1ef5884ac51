//! The fields of each state: only the ones its kind has (a model built by
//! hand can hold more than the reader lets in), numbers in range, paths
//! that parse, a resource that is an ARN.

use super::Ck;
use crate::asl::fields::STATE;
use crate::asl::write::Wx;
use crate::diag::{Code, Diagnostic, Location};
use crate::expr::path::{self, PathKind, PathOptions};
use crate::json::Json;
use crate::model::*;

/// Largest `TimeoutSeconds`, `HeartbeatSeconds`, `Seconds`, `IntervalSeconds`
/// and `MaxAttempts` ASL accepts.
pub const MAX_SECONDS: u64 = 99_999_999;

/// Every field of a state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    not_of_this_kind(ck, at, state);
    if let Some(io) = state.io.json_path() {
        nullable_path(ck, at, "InputPath", &io.input_path, PathKind::Path);
        nullable_path(ck, at, "OutputPath", &io.output_path, PathKind::Path);
        if let Some(NullablePath::Path(p)) = &io.result_path {
            // `ResultPath` writes: no context object, no variables.
            let options = PathOptions {
                allow_context: false,
                allow_variables: false,
            };
            check_path(
                ck,
                || at.field("ResultPath"),
                p,
                PathKind::ReferencePath,
                options,
            );
        }
    }
    match &state.kind {
        StateKind::Task(task) => {
            resource(ck, at, &task.resource);
            timeouts(ck, at, task);
        }
        StateKind::Wait(wait) => match &wait.duration {
            WaitDuration::Seconds(Dynamic::Value(s)) => seconds(ck, at, "Seconds", *s, 0),
            WaitDuration::Seconds(Dynamic::Path(p)) => reference(ck, at, "SecondsPath", p),
            // A `{% %}` text in a JSONPath state is reported as such.
            WaitDuration::Timestamp(Dynamic::Value(t)) if !crate::asl::is_jsonata(t) => {
                if let Err(e) = crate::expr::timestamp::parse(t) {
                    ck.error(Code::InvalidTimestamp, at.field("Timestamp"), e.message);
                }
            }
            WaitDuration::Timestamp(Dynamic::Path(p)) => reference(ck, at, "TimestampPath", p),
            _ => {}
        },
        StateKind::Fail(fail) => {
            for (value, path, d) in [
                ("Error", "ErrorPath", &fail.error),
                ("Cause", "CausePath", &fail.cause),
            ] {
                match d {
                    // The AWS language service requires them non-empty (minLength 1).
                    Some(Dynamic::Value(s)) if s.is_empty() => empty(ck, at, value),
                    Some(Dynamic::Path(s)) if s.is_empty() => empty(ck, at, path),
                    Some(Dynamic::Path(p)) => {
                        super::payload::payload_value(ck, &at.field(path), p);
                    }
                    _ => {}
                }
            }
        }
        StateKind::Parallel(parallel) if parallel.branches.is_empty() => {
            let help = match ck.options.naming {
                crate::diag::Naming::Dsl => "add at least one `branch { ... }`",
                crate::diag::Naming::Asl => "add at least one branch to `Branches`",
            };
            ck.push(
                Diagnostic::new(
                    Code::Empty,
                    at.field("Branches"),
                    format!("the parallel state `{}` has no branches", state.name),
                )
                .with_help(help),
            );
        }
        StateKind::Map(map) => {
            if let Some(Items::Path(p)) = &map.items {
                reference(ck, at, "ItemsPath", p);
            }
            if let Some(Dynamic::Path(p)) = &map.max_concurrency {
                reference(ck, at, "MaxConcurrencyPath", p);
            }
        }
        _ => {}
    }
}

fn empty(ck: &mut Ck<'_>, at: &Location, key: &'static str) {
    let message = format!(
        "{} is empty; give it a value or leave it out",
        ck.field(key)
    );
    ck.error(Code::OutOfRange, at.field(key), message);
}

/// Fields of other kinds of state, which only a model built by hand can hold.
fn not_of_this_kind(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let kind = state.kind.state_type();
    let wx = Wx {
        machine_language: state.query_language(),
        language: state.query_language(),
        arn: "",
    };
    for row in STATE.iter().filter(|f| !f.kinds.contains(kind)) {
        if (row.write)(state, &wx).is_some() {
            let message = format!(
                "{} is not a field of {} states",
                ck.field(row.key),
                kind.as_str()
            );
            ck.error(Code::UnknownField, at.field(row.key), message);
        }
    }
}

/// A whole number of seconds in `min..=MAX_SECONDS`.
pub fn seconds(ck: &mut Ck<'_>, at: &Location, key: &'static str, value: u64, min: u64) {
    if value < min || value > MAX_SECONDS {
        let allowed = if min == 0 { "between 0" } else { "between 1" };
        let what = if min == 1 && value == 0 {
            "must be positive"
        } else {
            "is out of range"
        };
        let message = format!(
            "{} {what}: found {value}; use a whole number of seconds {allowed} and {MAX_SECONDS}",
            ck.field(key)
        );
        ck.error(Code::OutOfRange, at.field(key), message);
    }
}

fn timeouts(ck: &mut Ck<'_>, at: &Location, task: &TaskState) {
    match &task.timeout {
        Some(Dynamic::Value(t)) => seconds(ck, at, "TimeoutSeconds", *t, 1),
        Some(Dynamic::Path(p)) => reference(ck, at, "TimeoutSecondsPath", p),
        _ => {}
    }
    match &task.heartbeat {
        Some(Dynamic::Value(h)) => seconds(ck, at, "HeartbeatSeconds", *h, 1),
        Some(Dynamic::Path(p)) => reference(ck, at, "HeartbeatSecondsPath", p),
        _ => {}
    }
    if let (Some(Dynamic::Value(t)), Some(Dynamic::Value(h))) = (&task.timeout, &task.heartbeat) {
        if h >= t {
            ck.push(
                Diagnostic::new(
                    Code::HeartbeatNotBelowTimeout,
                    at.field("HeartbeatSeconds"),
                    format!("the heartbeat ({h} s) must be shorter than the timeout ({t} s)"),
                )
                .with_help("a heartbeat longer than the timeout can never fire"),
            );
        }
    }
}

/// The `Resource` of the task at `at`.
fn resource(ck: &mut Ck<'_>, at: &Location, resource: &Resource) {
    let problem = match resource {
        Resource::Arn(arn) => check_arn(arn).err(),
        Resource::Function(key) if key.is_empty() => {
            Some("the task's function has an empty key".to_owned())
        }
        Resource::Function(_) => None,
        Resource::Intrinsic(Json::Object(pairs))
            if pairs.len() == 1 && (pairs[0].0 == "Ref" || pairs[0].0.starts_with("Fn::")) =>
        {
            None
        }
        Resource::Intrinsic(_) => Some(
            "a CloudFormation value in `Resource` must be an object with one key, \
             `Ref` or `Fn::...`"
                .to_owned(),
        ),
    };
    if let Some(message) = problem {
        ck.error(Code::InvalidResource, at.field("Resource"), message);
    }
}

/// Checks a literal `Resource`: an ARN `arn:<partition>:<service>:<region>:<account>:<resource>`
/// (variables such as `${aws:region}` are allowed inside), or a whole
/// variable (`${ssm:/my/arn}`, SAM's `${LambdaArn}`).
pub fn check_arn(s: &str) -> Result<(), String> {
    let allowed = "a resource is an ARN such as `arn:aws:states:::lambda:invoke` or \
                   `arn:aws:lambda:${aws:region}:${aws:accountId}:function:name`, \
                   or a serverless variable `${...}`";
    if s.is_empty() {
        return Err(format!("the task has no resource; {allowed}"));
    }
    if (s.starts_with("${") || s.starts_with("#{")) && s.ends_with('}') {
        return Ok(());
    }
    let Some(rest) = s.strip_prefix("arn:") else {
        return Err(format!("`{s}` is not an ARN; {allowed}"));
    };
    // Split at `:` outside `${...}`.
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    for c in rest.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    if parts.len() < 5
        || parts[0].is_empty()
        || parts[1].is_empty()
        || parts[4..].concat().is_empty()
    {
        return Err(format!(
            "`{s}` is not a complete ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`); {allowed}"
        ));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(format!("the ARN `{s}` contains whitespace; {allowed}"));
    }
    if parts[1] == "lambda" {
        lambda_function(s, &parts[4..])?;
    }
    Ok(())
}

/// A Lambda function ARN: `function:<name>[:<version or alias>]`, where a
/// name and an alias are letters, digits, `-` and `_`, and a version is
/// `$LATEST` or a number (Lambda API reference, `FunctionName` and
/// `Qualifier`). Variables (`${...}`) stand for any part.
fn lambda_function(s: &str, resource: &[String]) -> Result<(), String> {
    let ok = |part: &str| {
        part.contains("${")
            || (!part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    };
    let fail = |what: &str| {
        Err(format!(
            "`{s}` is not a valid Lambda function ARN: {what}; write \
             `arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]`"
        ))
    };
    let name_error = "the function name may only hold letters, digits, `-` and `_`";
    match resource {
        [kind, name] | [kind, name, _] if kind == "function" && !ok(name) => {
            return fail(name_error)
        }
        [kind, _, qualifier] if kind == "function" && qualifier != "$LATEST" && !ok(qualifier) => {
            return fail(
                "a version is `$LATEST` or a number, an alias letters, digits, `-` and `_`",
            )
        }
        [kind, _, _, _, ..] if kind == "function" => return fail("too many `:`"),
        _ => {}
    }
    Ok(())
}

/// A path field that may be `null`.
fn nullable_path(
    ck: &mut Ck<'_>,
    at: &Location,
    key: &'static str,
    value: &Option<NullablePath>,
    kind: PathKind,
) {
    if let Some(NullablePath::Path(p)) = value {
        check_path(ck, || at.field(key), p, kind, PathOptions::READ);
    }
}

/// A Reference Path that reads (`ItemsPath`, `…Path` twins, Wait paths),
/// the field `key` of the state at `at`.
pub fn reference(ck: &mut Ck<'_>, at: &Location, key: &'static str, p: &str) {
    check_path(
        ck,
        || at.field(key),
        p,
        PathKind::ReferencePath,
        PathOptions::READ,
    );
}

/// Any path; its location is built only for an error (this runs for most
/// states).
pub fn check_path(
    ck: &mut Ck<'_>,
    at: impl FnOnce() -> Location,
    p: &str,
    kind: PathKind,
    options: PathOptions,
) {
    match path::parse(p, kind, options) {
        Err(e) => ck.error(Code::InvalidPath, at(), e.message),
        Ok(path) => super::variables::path_reads(ck, &path, p, at),
    }
}
