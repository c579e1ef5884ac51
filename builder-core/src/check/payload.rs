//! JSON values of a state: payload templates (`"key.$"` values are paths or
//! intrinsic function calls, and no two keys are the same once `.$` is
//! stripped), and every value writable as JSON (no NaN, not too deep).

use super::jsonata::{self, StatesScope};
use super::Ck;
use crate::asl::MAX_JSON_DEPTH;
use crate::diag::{Code, Diagnostic, Location, Segment};
use crate::expr::intrinsic;
use crate::expr::path::PathOptions;
use crate::json::{Json, Number};
use crate::model::*;
use std::collections::HashMap;

/// A JSON value of a state, where it is, and whether `"key.$"` entries in
/// it are evaluated (a payload template of a JSONPath state).
pub struct Value<'s> {
    /// The list it is in and the position, for a catcher's or a choice
    /// rule's (`("Catch", 2)`).
    pub item: Option<(&'static str, usize)>,
    /// The field path under the state or item (`["ItemReader", "Parameters"]`).
    pub path: &'static [&'static str],
    /// The value.
    pub json: &'s Json,
    /// Whether it is a JSONPath payload template.
    pub template: bool,
    /// In a JSONata state, what `$states` holds in its expressions; `None`
    /// in a JSONPath state.
    pub scope: Option<StatesScope>,
}

impl Value<'_> {
    /// The value's location, under the state at `at` (built only when
    /// there is something to check).
    pub fn location(&self, at: &Location) -> Location {
        let mut location = at.clone();
        if let Some((list, i)) = self.item {
            location.push(Segment::Field(list));
            location.push(Segment::Index(i));
        }
        for key in self.path {
            location.push(Segment::Field(key));
        }
        location
    }
}

/// Every JSON value of a state: its own, its catchers' and its choice rules'.
pub fn values<'s>(state: &'s State) -> Vec<Value<'s>> {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    let works = matches!(
        state.kind,
        StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_)
    );
    let mut list = Vec::new();
    let mut add = |item: Option<(&'static str, usize)>,
                   path: &'static [&'static str],
                   json: Option<&'s Json>,
                   template: bool| {
        if let Some(json) = json {
            // `$states.result` in the state's own `Output` and `Assign` of a
            // Task, Parallel or Map; `$states.errorOutput` in a catcher's.
            let scope = (!jsonpath).then_some(match (item, path) {
                (Some(("Catch", _)), _) => StatesScope {
                    result: false,
                    error_output: true,
                },
                (None, ["Output"] | ["Assign"]) if works => StatesScope {
                    result: true,
                    error_output: false,
                },
                _ => StatesScope::INPUT,
            });
            list.push(Value {
                item,
                path,
                json,
                template,
                scope,
            });
        }
    };
    match &state.io {
        Io::JsonPath(io) => {
            add(None, &["Parameters"], io.parameters.as_ref(), true);
            add(None, &["ResultSelector"], io.result_selector.as_ref(), true);
        }
        Io::Jsonata(io) => {
            add(None, &["Arguments"], io.arguments.as_ref(), false);
            add(None, &["Output"], io.output.as_ref(), false);
        }
    }
    add(None, &["Assign"], state.assign.as_ref(), jsonpath);
    match &state.kind {
        StateKind::Task(t) => add(None, &["Credentials"], t.credentials.as_ref(), jsonpath),
        StateKind::Pass(p) => add(None, &["Result"], p.result.as_ref(), false),
        StateKind::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                let item = Some(("Choices", i));
                add(item, &["Assign"], rule.assign.as_ref(), jsonpath);
                add(item, &["Output"], rule.output.as_ref(), false);
                if let Condition::Jsonata(c) = &rule.condition {
                    add(item, &["Condition"], Some(c), false);
                }
            }
        }
        StateKind::Map(m) => {
            if let Some(Items::Value(items)) = &m.items {
                add(None, &["Items"], Some(items), false);
            }
            add(None, &["ItemSelector"], m.item_selector.as_ref(), jsonpath);
            if let Some(d) = m.processor.distributed() {
                let (reader, writer): (&[&str], &[&str]) = if jsonpath {
                    (
                        &["ItemReader", "Parameters"],
                        &["ResultWriter", "Parameters"],
                    )
                } else {
                    (&["ItemReader", "Arguments"], &["ResultWriter", "Arguments"])
                };
                if let Some(r) = &d.item_reader {
                    add(None, reader, r.payload.as_ref(), jsonpath);
                }
                if let Some(b) = &d.item_batcher {
                    add(
                        None,
                        &["ItemBatcher", "BatchInput"],
                        b.batch_input.as_ref(),
                        jsonpath,
                    );
                }
                if let Some(w) = &d.result_writer {
                    add(None, writer, w.payload.as_ref(), jsonpath);
                }
            }
        }
        _ => {}
    }
    for (i, c) in state
        .kind
        .catchers()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
    {
        let item = Some(("Catch", i));
        add(item, &["Assign"], c.assign.as_ref(), jsonpath);
        add(item, &["Output"], c.output.as_ref(), false);
    }
    list
}

/// Every JSON value of a state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    for value in values(state) {
        let walk = Walk {
            template: value.template,
            scope: value.scope,
            strings: true,
        };
        json(ck, &mut value.location(at), value.json, walk, 0);
    }
}

/// Static JSON (event `input`): no interpretation of `.$` or `{% %}`.
pub fn static_json(ck: &mut Ck<'_>, at: &Location, value: &Json) {
    let walk = Walk {
        template: false,
        scope: None,
        strings: false,
    };
    json(ck, &mut at.clone(), value, walk, 0);
}

/// How a value's strings are read.
#[derive(Clone, Copy)]
struct Walk {
    /// `"key.$"` entries are paths or intrinsic calls.
    template: bool,
    /// `{% %}` strings are expressions (JSONata state), with this `$states`.
    scope: Option<StatesScope>,
    /// Whether strings are looked at (not in static JSON outside states).
    strings: bool,
}

/// The value of a `"key.$"` entry, `ErrorPath` or `CausePath`: a path or an
/// intrinsic function call.
pub fn payload_value(ck: &mut Ck<'_>, at: &Location, s: &str) {
    let parsed = intrinsic::parse_payload_value(s, PathOptions::READ);
    if let Ok(value) = &parsed {
        super::variables::payload_reads(ck, value, s, || at.clone());
    }
    if let Err(e) = parsed {
        let code = if s.starts_with('$') {
            Code::InvalidPath
        } else if intrinsic::looks_like_intrinsic(s) || s.starts_with("States.") {
            Code::InvalidIntrinsic
        } else {
            Code::InvalidPayloadValue
        };
        ck.error(code, at.clone(), e.message);
    }
}

fn json(ck: &mut Ck<'_>, location: &mut Location, value: &Json, walk: Walk, depth: usize) {
    let template = walk.template;
    if depth > MAX_JSON_DEPTH {
        ck.error(
            Code::InvalidJson,
            location.clone(),
            format!("JSON nested more than {MAX_JSON_DEPTH} levels deep"),
        );
        return;
    }
    match value {
        Json::Number(Number::Float(x)) if !x.is_finite() => ck.error(
            Code::InvalidJson,
            location.clone(),
            "`NaN` and infinities are not JSON numbers",
        ),
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                location.push(Segment::Index(i));
                json(ck, location, item, walk, depth + 1);
                location.pop();
            }
        }
        Json::String(s) if walk.strings => {
            jsonata::string(ck, &|| location.clone(), s, walk.scope);
        }
        Json::Object(pairs) => {
            let mut seen: HashMap<&str, &str> = HashMap::with_capacity(pairs.len());
            for (key, item) in pairs {
                location.push(Segment::Key(key.clone()));
                let bare = if template {
                    key.strip_suffix(".$").unwrap_or(key)
                } else {
                    key
                };
                if let Some(first) = seen.insert(bare, key) {
                    let message = if first == key {
                        format!("the key `{key}` appears twice in this object")
                    } else {
                        format!("the keys `{first}` and `{key}` both set `{bare}`")
                    };
                    ck.push(
                        Diagnostic::new(Code::DuplicateKey, location.clone(), message)
                            .with_help("keep one of them"),
                    );
                }
                if template && key.ends_with(".$") {
                    match item {
                        Json::String(s) => payload_value(ck, location, s),
                        Json::MachineArn => ck.push(
                            Diagnostic::new(
                                Code::InvalidPayloadValue,
                                location.clone(),
                                format!(
                                    "the key `{key}` ends in `.$`, so its value must be a JSONPath \
                                     or an intrinsic function call, but `self.arn()` is this machine's ARN, a constant"
                                ),
                            )
                            .with_help(format!("drop `.$` from the key: `\"{bare}\": self.arn()`")),
                        ),
                        other => ck.error(
                            Code::InvalidPayloadValue,
                            location.clone(),
                            format!(
                                "a key ending in `.$` takes a JSONPath or an intrinsic function call in a string, not {}",
                                crate::asl::cx::describe(other)
                            ),
                        ),
                    }
                } else {
                    // An expression's errors are about the value, not its key.
                    let value_of_key = matches!(item, Json::String(_));
                    if value_of_key {
                        location.push(Segment::Value);
                    }
                    json(ck, location, item, walk, depth + 1);
                    if value_of_key {
                        location.pop();
                    }
                }
                location.pop();
            }
        }
        _ => {}
    }
}
