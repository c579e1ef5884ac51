//! JSONata expressions (`"{% ... %}"`): where they may appear, and what
//! Step Functions accepts in them.
//!
//! In a JSONata state every string of `Arguments`, `Output`, `Assign`,
//! `Items`, `ItemSelector`, … (at any depth) and the JSONata forms of
//! `TimeoutSeconds`, `Seconds`, `Error`, … that starts with `{%` and ends
//! with `%}` is an expression. Each is parsed once, by the JSONata 2.0.6
//! parser ([`crate::expr::jsonata`]), and checked for what AWS refuses when
//! it creates the machine (developer guide, "Transforming data with JSONata
//! in Step Functions"): functions JSONata 2.0.6 and AWS do not define
//! (`$eval` among them), references to an input document that does not
//! exist, and `$states` fields where they do not exist. The variables it
//! reads go to [`super::variables`].
//!
//! In a JSONPath state nothing is evaluated: a `{% %}` string there would
//! be sent as a literal string, so it is an error.

use super::{Ck, Profile};
use crate::diag::{Code, Diagnostic, Location};
use crate::expr::jsonata::{self, functions};
use crate::model::*;

/// What `$states` holds where an expression is (developer guide,
/// "Reserved variable: $states").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatesScope {
    /// `$states.result`: in `Output` and `Assign` of a Task, Parallel or Map.
    pub result: bool,
    /// `$states.errorOutput`: in a catcher's `Output` and `Assign`.
    pub error_output: bool,
}

impl StatesScope {
    /// Only `$states.input` and `$states.context`.
    pub const INPUT: StatesScope = StatesScope {
        result: false,
        error_output: false,
    };
}

/// Whether a string is written as an expression (the test Step Functions
/// applies: it starts with `{%` and ends with `%}`).
pub fn is_expression(s: &str) -> bool {
    crate::asl::is_jsonata(s)
}

/// A string value at `location`: in a JSONata state (`scope` given) an
/// expression when it looks like one; in a JSONPath state an error when it
/// looks like one.
pub fn string(
    ck: &mut Ck<'_>,
    location: &dyn Fn() -> Location,
    s: &str,
    scope: Option<StatesScope>,
) {
    let opens = s.starts_with("{%");
    let closes = s.ends_with("%}") && s.len() >= 2;
    if !opens && !closes {
        return;
    }
    match scope {
        None => in_jsonpath_state(ck, location(), s),
        Some(scope) => expression(ck, location, s, scope),
    }
}

/// A `{% %}` string in a JSONPath state.
pub fn in_jsonpath_state(ck: &mut Ck<'_>, location: Location, s: &str) {
    if !is_expression(s) {
        return;
    }
    let help = match ck.options.naming {
        crate::diag::Naming::Dsl => {
            "write `query_language: jsonata` on the state (or the machine) to evaluate it"
        }
        crate::diag::Naming::Asl => {
            "set `\"QueryLanguage\": \"JSONata\"` on the state (or the machine) to evaluate it"
        }
    };
    ck.push(
        Diagnostic::new(
            Code::JsonataInJsonPath,
            location,
            format!(
                "`{}` is a JSONata expression, but this state's query language is JSONPath: it would be sent as this literal string",
                short(s)
            ),
        )
        .with_help(help),
    );
}

/// A string that opens or closes like an expression, in a JSONata state.
pub fn expression(ck: &mut Ck<'_>, location: &dyn Fn() -> Location, s: &str, scope: StatesScope) {
    if !is_expression(s) {
        let (has, lacks) = if s.starts_with("{%") {
            ("starts with `{%`", "end with `%}`")
        } else {
            ("ends with `%}`", "start with `{%`")
        };
        ck.push(
            Diagnostic::new(
                Code::InvalidJsonata,
                location(),
                format!("`{}` {has} but does not {lacks}", short(s)),
            )
            .with_help("a JSONata expression is a whole string `\"{% ... %}\"`; any other text is a literal string"),
        );
        return;
    }
    if ck.options.profile == Profile::ServerlessPlugin {
        plugin_form(ck, location, s);
    }
    // The text between `{%` and `%}`, with the delimiters blanked: offsets
    // (and the columns messages name) are then those of the whole string.
    let text = format!("  {}  ", &s[2..s.len() - 2]);
    let at = |offset: usize| crate::diag::text::position(s, offset);
    let tree = match jsonata::parse(&text) {
        Ok(tree) => tree,
        Err(e) => {
            let message = format!("{} ({} of the string)", e.message, at(e.offset));
            ck.error(Code::InvalidJsonata, location(), message);
            return;
        }
    };
    let (variables, calls) = jsonata::free_references(&tree);
    for call in &calls {
        function_call(ck, location, call, &at(call.span.start));
    }
    for reference in jsonata::top_level_references(&tree) {
        ck.error(
            Code::UnsupportedJsonata,
            location(),
            format!(
                "{} ({} of the string)",
                reference.message(),
                at(reference.span.start)
            ),
        );
    }
    let mut built: Option<Location> = None;
    for var in &variables {
        if var.name == "states" {
            states_field(ck, location, var, scope, &at);
            continue;
        }
        let at = built.get_or_insert_with(location).clone();
        ck.read(&var.name, at, s, var.span.start);
        if functions::lookup(&var.name).is_some() {
            if let Some(last) = ck.reads.last_mut() {
                last.function = true;
            }
        }
    }
}

/// A call of `$name(...)`: a function of JSONata 2.0.6 or of AWS, with an
/// argument count it takes.
fn function_call(
    ck: &mut Ck<'_>,
    location: &dyn Fn() -> Location,
    call: &jsonata::CallRef,
    at: &str,
) {
    if let Some(why) = functions::unavailable(&call.name) {
        ck.error(
            Code::UnsupportedJsonata,
            location(),
            format!("{why} ({at} of the string)"),
        );
        return;
    }
    let Some(f) = functions::lookup(&call.name) else {
        let names = functions::FUNCTIONS.iter().map(|f| f.name);
        let help = match ck.suggest(&call.name, names) {
            Some(close) => format!("did you mean `${close}`?"),
            None => "the functions are JSONata 2.0.6's built-ins and AWS's `$partition`, `$range`, `$hash`, `$random`, `$uuid` and `$parse`".to_owned(),
        };
        ck.push(
            Diagnostic::new(
                Code::UnknownJsonataFunction,
                location(),
                format!("unknown function `${}` ({at} of the string)", call.name),
            )
            .with_help(help),
        );
        return;
    };
    if let Err(message) = f.check_arity(call.args) {
        ck.error(
            Code::UnknownJsonataFunction,
            location(),
            format!("{message} ({at} of the string)"),
        );
    }
}

/// `$states.<field>`: one of the four, where it exists.
fn states_field(
    ck: &mut Ck<'_>,
    location: &dyn Fn() -> Location,
    var: &jsonata::VarRef,
    scope: StatesScope,
    at: &dyn Fn(usize) -> String,
) {
    let Some(field) = var.field() else {
        return;
    };
    let problem = match field.name.as_str() {
        "input" | "context" => None,
        "result" if scope.result => None,
        "result" => Some(
            "`$states.result` exists only in `Output` and `Assign` of a Task, Parallel or Map state (the result of its work)"
                .to_owned(),
        ),
        "errorOutput" if scope.error_output => None,
        "errorOutput" => Some(
            "`$states.errorOutput` exists only in a catcher's `Output` and `Assign`".to_owned(),
        ),
        other => {
            let close = ck.suggest(other, ["input", "context", "result", "errorOutput"]);
            let hint = close.map_or(String::new(), |c| format!("; did you mean `$states.{c}`?"));
            Some(format!(
                "`$states` has no field `{other}`: it has `input`, `context`, `result` and `errorOutput`{hint}"
            ))
        }
    };
    if let Some(message) = problem {
        ck.error(
            Code::StatesVariable,
            location(),
            format!("{message} ({} of the string)", at(field.span.start)),
        );
    }
}

/// The form the plugin's asl-validator requires (`^\{% .+ %\}$`): a space
/// after `{%` and before `%}`, one line.
fn plugin_form(ck: &mut Ck<'_>, location: &dyn Fn() -> Location, s: &str) {
    let spaced = s.starts_with("{% ") && s.ends_with(" %}") && s.len() >= 6;
    let one_line = !s.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
    if spaced && one_line {
        return;
    }
    let what = if spaced {
        "spans several lines"
    } else {
        "has no space after `{%` or before `%}`"
    };
    ck.push(
        Diagnostic::new(
            Code::PluginJsonataForm,
            location(),
            format!(
                "`{}` {what}; the asl-validator that `serverless package` runs (`stepFunctions.validate: true`) accepts only `\"{{% expression %}}\"` on one line",
                short(s)
            ),
        )
        .with_help("write it as `\"{% ... %}\"`, with the spaces, on one line"),
    );
}

/// A string shortened for a message.
fn short(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        return s.replace('\n', "\\n");
    }
    let head: String = s.chars().take(MAX).collect();
    format!("{}…", head.replace('\n', "\\n"))
}

/// The fields of a state that take a value or a JSONata expression
/// (`TimeoutSeconds`, `Seconds`, `Error`, …), and the `…Path`-less strings
/// that would be literal in a JSONPath state.
pub fn dynamic_fields(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let scope = (state.query_language() == QueryLanguage::Jsonata).then_some(StatesScope::INPUT);
    let one = |ck: &mut Ck<'_>, path: &[&'static str], value: Option<&str>| {
        let Some(s) = value else { return };
        let location = || {
            let mut l = at.clone();
            for key in path {
                l = l.field(key);
            }
            l
        };
        string(ck, &location, s, scope);
    };
    fn expr<T>(d: &Option<Dynamic<T>>) -> Option<&str> {
        match d {
            Some(Dynamic::Jsonata(e)) => Some(e),
            _ => None,
        }
    }
    fn text(d: &Option<Dynamic<String>>) -> Option<&str> {
        match d {
            Some(Dynamic::Jsonata(e)) | Some(Dynamic::Value(e)) => Some(e),
            _ => None,
        }
    }
    match &state.kind {
        StateKind::Task(t) => {
            one(ck, &["TimeoutSeconds"], expr(&t.timeout));
            one(ck, &["HeartbeatSeconds"], expr(&t.heartbeat));
        }
        StateKind::Wait(w) => match &w.duration {
            WaitDuration::Seconds(d) => one(ck, &["Seconds"], expr(&Some(d.clone()))),
            WaitDuration::Timestamp(d) => one(ck, &["Timestamp"], text(&Some(d.clone()))),
        },
        StateKind::Fail(f) => {
            one(ck, &["Error"], text(&f.error));
            one(ck, &["Cause"], text(&f.cause));
        }
        StateKind::Map(m) => {
            one(ck, &["MaxConcurrency"], expr(&m.max_concurrency));
            if let Some(d) = m.processor.distributed() {
                one(
                    ck,
                    &["ToleratedFailurePercentage"],
                    expr(&d.tolerated_failure_percentage),
                );
                one(
                    ck,
                    &["ToleratedFailureCount"],
                    expr(&d.tolerated_failure_count),
                );
                if let Some(config) = d
                    .item_reader
                    .as_ref()
                    .and_then(|r| r.reader_config.as_ref())
                {
                    one(
                        ck,
                        &["ItemReader", "ReaderConfig", "MaxItems"],
                        expr(&config.max_items),
                    );
                }
                if let Some(b) = &d.item_batcher {
                    one(
                        ck,
                        &["ItemBatcher", "MaxItemsPerBatch"],
                        expr(&b.max_items_per_batch),
                    );
                    one(
                        ck,
                        &["ItemBatcher", "MaxInputBytesPerBatch"],
                        expr(&b.max_input_bytes_per_batch),
                    );
                }
            }
        }
        _ => {}
    }
}
