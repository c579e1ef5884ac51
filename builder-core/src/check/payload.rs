//! JSON values of a state: payload templates (`"key.$"` values are paths or
//! intrinsic function calls, and no two keys are the same once `.$` is
//! stripped), and every value writable as JSON (no NaN, not too deep).

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
    /// The field path under the state (`["ItemReader", "Parameters"]`).
    pub path: Vec<&'static str>,
    /// The value.
    pub json: &'s Json,
    /// Whether it is a JSONPath payload template.
    pub template: bool,
}

/// Every JSON value of a state (catchers' and choice rules' included, with
/// their index in the path).
pub fn values<'s>(state: &'s State) -> Vec<(Location, Value<'s>)> {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    let mut list: Vec<(Location, Value<'s>)> = Vec::new();
    let base = Location::default();
    let mut add =
        |loc: Location, path: Vec<&'static str>, json: Option<&'s Json>, template: bool| {
            if let Some(json) = json {
                list.push((
                    loc,
                    Value {
                        path,
                        json,
                        template,
                    },
                ));
            }
        };
    match &state.io {
        Io::JsonPath(io) => {
            add(
                base.clone(),
                vec!["Parameters"],
                io.parameters.as_ref(),
                true,
            );
            add(
                base.clone(),
                vec!["ResultSelector"],
                io.result_selector.as_ref(),
                true,
            );
        }
        Io::Jsonata(io) => {
            add(
                base.clone(),
                vec!["Arguments"],
                io.arguments.as_ref(),
                false,
            );
            add(base.clone(), vec!["Output"], io.output.as_ref(), false);
        }
    }
    add(
        base.clone(),
        vec!["Assign"],
        state.assign.as_ref(),
        jsonpath,
    );
    match &state.kind {
        StateKind::Task(t) => add(
            base.clone(),
            vec!["Credentials"],
            t.credentials.as_ref(),
            jsonpath,
        ),
        StateKind::Pass(p) => add(base.clone(), vec!["Result"], p.result.as_ref(), false),
        StateKind::Choice(c) => {
            for (i, rule) in c.choices.iter().enumerate() {
                let at = base.field("Choices").index(i);
                add(at.clone(), vec!["Assign"], rule.assign.as_ref(), jsonpath);
                add(at.clone(), vec!["Output"], rule.output.as_ref(), false);
                if let Condition::Jsonata(c) = &rule.condition {
                    add(at, vec!["Condition"], Some(c), false);
                }
            }
        }
        StateKind::Map(m) => {
            if let Some(Items::Value(items)) = &m.items {
                add(base.clone(), vec!["Items"], Some(items), false);
            }
            add(
                base.clone(),
                vec!["ItemSelector"],
                m.item_selector.as_ref(),
                jsonpath,
            );
            if let Some(d) = m.processor.distributed() {
                if let Some(r) = &d.item_reader {
                    let key = if jsonpath { "Parameters" } else { "Arguments" };
                    add(
                        base.clone(),
                        vec!["ItemReader", key],
                        r.payload.as_ref(),
                        jsonpath,
                    );
                }
                if let Some(b) = &d.item_batcher {
                    add(
                        base.clone(),
                        vec!["ItemBatcher", "BatchInput"],
                        b.batch_input.as_ref(),
                        jsonpath,
                    );
                }
                if let Some(w) = &d.result_writer {
                    let key = if jsonpath { "Parameters" } else { "Arguments" };
                    add(
                        base.clone(),
                        vec!["ResultWriter", key],
                        w.payload.as_ref(),
                        jsonpath,
                    );
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
        let at = base.field("Catch").index(i);
        add(at.clone(), vec!["Assign"], c.assign.as_ref(), jsonpath);
        add(at, vec!["Output"], c.output.as_ref(), false);
    }
    list
}

/// Every JSON value of a state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    for (prefix, value) in values(state) {
        let mut location = join(at, &prefix, &value.path);
        json(ck, &mut location, value.json, value.template, 0);
    }
}

/// `at` + `prefix` (relative) + `path` fields.
pub fn join(at: &Location, prefix: &Location, path: &[&'static str]) -> Location {
    let mut location = at.clone();
    for segment in prefix.segments() {
        location.push(segment.clone());
    }
    for key in path {
        location.push(Segment::Field(key));
    }
    location
}

/// Static JSON (`Result`, event `input`): no interpretation of `.$`.
pub fn static_json(ck: &mut Ck<'_>, at: &Location, value: &Json) {
    json(ck, &mut at.clone(), value, false, 0);
}

/// The value of a `"key.$"` entry, `ErrorPath` or `CausePath`: a path or an
/// intrinsic function call.
pub fn payload_value(ck: &mut Ck<'_>, at: &Location, s: &str) {
    if let Err(e) = intrinsic::parse_payload_value(s, PathOptions::READ) {
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

fn json(ck: &mut Ck<'_>, location: &mut Location, value: &Json, template: bool, depth: usize) {
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
                json(ck, location, item, template, depth + 1);
                location.pop();
            }
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
                    json(ck, location, item, template, depth + 1);
                }
                location.pop();
            }
        }
        _ => {}
    }
}
