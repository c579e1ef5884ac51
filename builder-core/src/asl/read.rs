//! ASL JSON → model. The reader is strict and complete: every field of
//! every object is looked up in the field table ([`super::fields`]); an
//! unknown field, a field of another kind of state or of the other query
//! language, a value of the wrong type, two fields that exclude each other
//! and a missing required field are each reported at their [`Location`],
//! and reading goes on, so that one pass reports every problem. The
//! deprecated `Iterator` is read as `ItemProcessor`.

use super::cx::{describe, is_jsonata, Cx, MAX_JSON_DEPTH, MAX_NESTING};
use super::fields::{self, Field, Lang, BLOCK, PROCESSOR_CONFIG, STATE};
use crate::diag::{suggest, text, Code, Diagnostic, Diagnostics, Location, Naming, Sink};
use crate::json::Json;
use crate::model::*;

/// Reads an ASL definition. Locations start at `machine`; strings equal to
/// `arn` (the machine's own ARN) are read back as [`Json::MachineArn`].
pub fn definition(
    value: &Json,
    machine: &str,
    arn: Option<&str>,
) -> Result<Definition, Diagnostics> {
    let mut sink = Sink::default();
    let definition = definition_into(value, machine, arn, &mut sink);
    match definition {
        Some(d) if sink.is_empty() => Ok(d),
        _ => Err(sink.finish()),
    }
}

/// Reads an ASL definition, reporting into `sink`; `None` when the value is
/// not even an object.
pub fn definition_into(
    value: &Json,
    machine: &str,
    arn: Option<&str>,
    sink: &mut Sink,
) -> Option<Definition> {
    let mut cx = Cx::new(
        sink,
        Naming::Asl,
        Location::machine(machine),
        arn.map(str::to_owned),
    );
    let pairs = cx.object(value)?;
    let language = query_language(pairs, &mut cx);
    cx.language = language;
    cx.machine_language = language;
    let mut definition = Definition {
        query_language: language,
        ..Definition::default()
    };
    let skip = |k: &str| k == "QueryLanguage";
    fields_in(
        &mut definition,
        pairs,
        &skip,
        fields::DEFINITION,
        None,
        "a state machine definition",
        false,
        &mut cx,
    );
    Some(definition)
}

/// `QueryLanguage` of an object, or the enclosing one's.
fn query_language(pairs: &[(String, Json)], cx: &mut Cx<'_>) -> QueryLanguage {
    match pairs.iter().find(|(k, _)| k == "QueryLanguage") {
        Some((_, v)) => language_value(v, cx).unwrap_or(cx.machine_language),
        None => cx.machine_language,
    }
}

/// The value of a `QueryLanguage` field.
pub fn language_value(v: &Json, cx: &mut Cx<'_>) -> Option<QueryLanguage> {
    cx.key = "QueryLanguage";
    cx.dsl = "query_language";
    let language = match cx.word(v, &["JSONPath", "JSONata"]) {
        Some("JSONata") => Some(QueryLanguage::Jsonata),
        Some(_) => Some(QueryLanguage::JsonPath),
        None => None,
    };
    cx.key = "";
    cx.dsl = "";
    language
}

/// What the reader found in one object, for the checks after its fields.
struct Seen {
    keys: Vec<&'static str>,
}

/// Reads the `pairs` of an object into `target` by `table`. `kind` filters
/// the state rows; `what` names the object in messages ("a Task state").
/// Returns the keys read.
pub(crate) fn fields_into<T>(
    target: &mut T,
    pairs: &[(String, Json)],
    table: &'static [Field<T>],
    kind: Option<StateType>,
    what: &str,
    cx: &mut Cx<'_>,
) -> Vec<&'static str> {
    fields_in(target, pairs, &|_| false, table, kind, what, false, cx)
}

/// [`fields_into`]; with `partial`, the fields the macro writes by its own
/// syntax (`Type`, `Next`, `Branches`, ...) may be missing.
/// The keys for which `skip` holds were read by the caller.
#[allow(clippy::too_many_arguments)]
pub(crate) fn fields_in<T>(
    target: &mut T,
    pairs: &[(String, Json)],
    skip: &dyn Fn(&str) -> bool,
    table: &'static [Field<T>],
    kind: Option<StateType>,
    what: &str,
    partial: bool,
    cx: &mut Cx<'_>,
) -> Vec<&'static str> {
    let mut seen = Seen { keys: Vec::new() };
    let applies = |f: &Field<T>| kind.is_none_or(|k| f.kinds.contains(k));
    for (key, value) in pairs.iter().filter(|(k, _)| !skip(k)) {
        if seen.keys.iter().any(|k| k == key) {
            let location = cx.at.key(key);
            cx.sink.push(
                Diagnostic::new(
                    Code::DuplicateKey,
                    location,
                    format!("the field `{key}` appears twice in {what}"),
                )
                .with_help("keep one of them"),
            );
            continue;
        }
        let Some(row) = table.iter().find(|f| f.key == key && applies(f)) else {
            unknown_field(key, table, kind, what, cx);
            continue;
        };
        seen.keys.push(row.key);
        if !row.lang.allows(cx.language) {
            wrong_language(row, table, kind, cx);
            continue;
        }
        if let Some(group) = row.group {
            if let Some(other) = table.iter().find(|f| {
                f.group.is_some_and(|g| std::ptr::eq(g, group))
                    && f.key != row.key
                    && seen.keys.contains(&f.key)
            }) {
                conflict(
                    other,
                    row,
                    group_members(table, group, kind, cx.language),
                    what,
                    cx,
                );
                continue;
            }
        }
        cx.key = row.key;
        cx.dsl = row.dsl;
        (row.read)(target, value, cx);
        cx.key = "";
        cx.dsl = "";
    }
    missing(table, kind, &seen, what, partial, cx);
    seen.keys
}

fn group_members<T>(
    table: &'static [Field<T>],
    group: &'static fields::Group,
    kind: Option<StateType>,
    language: QueryLanguage,
) -> Vec<&'static Field<T>> {
    table
        .iter()
        .filter(|f| f.group.is_some_and(|g| std::ptr::eq(g, group)))
        .filter(|f| kind.is_none_or(|k| f.kinds.contains(k)) && f.lang.allows(language))
        .filter(|f| f.key != "Iterator")
        .collect()
}

/// How a message names the object being read: "a `wait`" in the DSL.
fn owner(what: &str, kind: Option<StateType>, naming: Naming) -> String {
    match (naming, kind) {
        (Naming::Dsl, Some(k)) => format!("a `{}`", k.keyword()),
        _ => what.to_owned(),
    }
}

fn unknown_field<T>(
    key: &str,
    table: &'static [Field<T>],
    kind: Option<StateType>,
    what: &str,
    cx: &mut Cx<'_>,
) {
    let allowed: Vec<&str> = table
        .iter()
        .filter(|f| kind.is_none_or(|k| f.kinds.contains(k)) && f.lang.allows(cx.language))
        .filter(|f| f.key != "Iterator")
        .map(|f| f.key)
        .collect();
    let elsewhere = table
        .iter()
        .find(|f| f.key == key)
        .and(kind)
        .map(|k| format!("`{key}` is not a field of {} states", k.as_str()));
    let message = elsewhere.unwrap_or_else(|| format!("unknown field `{key}` in {what}"));
    let help = match suggest::closest(key, allowed.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "the fields of {what} are {}",
            text::list(allowed.iter().copied(), " and ")
        ),
    };
    let location = cx.at.key(key);
    cx.sink
        .push(Diagnostic::new(Code::UnknownField, location, message).with_help(help));
}

fn wrong_language<T>(
    row: &Field<T>,
    table: &'static [Field<T>],
    kind: Option<StateType>,
    cx: &mut Cx<'_>,
) {
    let (other, this) = match row.lang {
        Lang::Jsonata => ("JSONata", "JSONPath"),
        _ => ("JSONPath", "JSONata"),
    };
    let naming = cx.naming;
    cx.key = row.key;
    cx.dsl = row.dsl;
    let message = format!(
        "{} is only supported in {other} states; this state's query language is {this}",
        cx.name()
    );
    // What this state's language writes instead, among the fields its
    // kind has.
    let instead: Vec<&'static Field<T>> = row
        .instead
        .iter()
        .filter_map(|key| {
            table
                .iter()
                .find(|f| f.key == *key && kind.is_none_or(|k| f.kinds.contains(k)))
        })
        .collect();
    let names: Vec<&str> = instead.iter().map(|f| f.name(naming)).collect();
    let twin = instead.iter().any(|f| match (f.group, row.group) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => false,
    });
    let mut help = match (names.is_empty(), row.lang) {
        (true, _) => String::new(),
        (false, Lang::JsonPath) if twin => format!(
            "a JSONata state writes {} with a `\"{{% ... %}}\"` value instead",
            text::list(names.iter().copied(), " or ")
        ),
        (false, Lang::JsonPath) => format!(
            "a JSONata state writes {} instead, with `\"{{% ... %}}\"` expressions reading `$states.input`{}",
            text::list(names.iter().copied(), " or "),
            match kind {
                Some(k) if row.key.starts_with("Result") && fields::Kinds::WORK.contains(k) =>
                    " and `$states.result`",
                _ => "",
            }
        ),
        (false, _) => format!(
            "a JSONPath state writes {} instead",
            text::list(names.iter().copied(), " or ")
        ),
    };
    // A JSONPath state in a JSONata machine is refused by AWS: do not
    // suggest it.
    let may_switch = !(other == "JSONPath" && cx.machine_language == QueryLanguage::Jsonata);
    if may_switch {
        if !help.is_empty() {
            help.push_str("; or ");
        }
        help.push_str(&match naming {
            Naming::Dsl => format!(
                "write `query_language: {}` on the state",
                other.to_lowercase()
            ),
            Naming::Asl => format!("set `QueryLanguage` to `{other}` on the state"),
        });
    }
    cx.error_help(Code::WrongQueryLanguage, message, help);
    cx.key = "";
    cx.dsl = "";
}

fn conflict<T>(
    first: &Field<T>,
    second: &Field<T>,
    members: Vec<&'static Field<T>>,
    what: &str,
    cx: &mut Cx<'_>,
) {
    let naming = cx.naming;
    let (a, b) = (first.name(naming), second.name(naming));
    let message = if members.len() > 2 {
        let names: Vec<&str> = members.iter().map(|f| f.name(naming)).collect();
        format!(
            "{} takes exactly one of {}; `{a}` and `{b}` are both given",
            what,
            text::list(names.iter().copied(), ", ")
        )
    } else {
        format!("`{a}` and `{b}` cannot both be set")
    };
    cx.key = second.key;
    cx.dsl = second.dsl;
    cx.error_help(Code::Conflict, message, "keep one of them");
    cx.key = "";
    cx.dsl = "";
}

fn missing<T>(
    table: &'static [Field<T>],
    kind: Option<StateType>,
    seen: &Seen,
    what: &str,
    partial: bool,
    cx: &mut Cx<'_>,
) {
    let naming = cx.naming;
    let structure = |f: &Field<T>| partial && f.want == fields::Want::Structure;
    for row in table
        .iter()
        .filter(|f| kind.is_none_or(|k| f.kinds.contains(k)))
    {
        if row.required && !seen.keys.contains(&row.key) && row.group.is_none() && !structure(row) {
            cx.sink.push(Diagnostic::new(
                Code::MissingField,
                cx.at.clone(),
                format!("{what} needs the field `{}`", row.name(naming)),
            ));
        }
    }
    let mut groups: Vec<&'static fields::Group> = Vec::new();
    for row in table
        .iter()
        .filter(|f| kind.is_none_or(|k| f.kinds.contains(k)))
    {
        if let Some(g) = row.group.filter(|g| g.required) {
            if !groups.iter().any(|x| std::ptr::eq(*x, g)) {
                groups.push(g);
            }
        }
    }
    for group in groups {
        if table
            .iter()
            .any(|f| f.group.is_some_and(|g| std::ptr::eq(g, group)) && structure(f))
        {
            continue;
        }
        let members = group_members(table, group, kind, cx.language);
        let any_seen = table
            .iter()
            .any(|f| f.group.is_some_and(|g| std::ptr::eq(g, group)) && seen.keys.contains(&f.key));
        if any_seen {
            continue;
        }
        let names: Vec<&str> = members.iter().map(|f| f.name(naming)).collect();
        cx.sink.push(Diagnostic::new(
            Code::MissingField,
            cx.at.clone(),
            format!(
                "{what} needs {}: one of {}",
                group.what,
                text::list(names.iter().copied(), ", ")
            ),
        ));
    }
}

/// Reads an object by its table into a new `T`.
pub(crate) fn object<T: Default>(
    v: &Json,
    table: &'static [Field<T>],
    cx: &mut Cx<'_>,
) -> Option<T> {
    let at = cx.here();
    let what = format!("`{}`", cx.key);
    let pairs = cx.object(v)?;
    let mut target = T::default();
    cx.within(at, |cx| {
        fields_into(&mut target, pairs, table, None, &what, cx)
    });
    Some(target)
}

/// Reads an array of objects by their table (`Retry`, `Catch`, `Branches`).
pub(crate) fn list<T: Default>(v: &Json, table: &'static [Field<T>], cx: &mut Cx<'_>) -> Vec<T> {
    let here = cx.here();
    let what = match cx.key {
        "Retry" => "a retrier",
        "Catch" => "a catcher",
        "Branches" => "a branch",
        _ => "an item",
    };
    let Some(items) = cx.array(v) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        cx.within(here.index(i), |cx| {
            let Some(pairs) = cx.object(item) else { return };
            let mut target = T::default();
            fields_into(&mut target, pairs, table, None, what, cx);
            out.push(target);
        });
    }
    out
}

/// `States`: each state by name.
pub(crate) fn states(v: &Json, cx: &mut Cx<'_>) -> Vec<State> {
    let block = cx.at.clone();
    let Some(pairs) = cx.object(v) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(pairs.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        let at = block.state(name, i);
        if let Some(state) = cx.within(at, |cx| state(name, value, cx)) {
            out.push(state);
        }
    }
    out
}

/// One state, named `name`.
pub(crate) fn state(name: &str, v: &Json, cx: &mut Cx<'_>) -> Option<State> {
    let Json::Object(pairs) = v else {
        let message = format!(
            "the state `{name}` is {}; a state is an object with a `Type`",
            describe(v)
        );
        cx.error(Code::WrongType, message);
        return None;
    };
    let Some((_, type_value)) = pairs.iter().find(|(k, _)| k == "Type") else {
        cx.error(Code::MissingField, "a state needs a `Type` field");
        return None;
    };
    cx.key = "Type";
    let state_type = cx
        .word(type_value, fields::STATE_TYPES)
        .and_then(StateType::from_name);
    cx.key = "";
    let state_type = state_type?;
    let saved = cx.language;
    cx.language = query_language(pairs, cx);
    let mut state = State::new(name, state_type.empty_kind());
    state.io = Io::empty(cx.language);
    if let StateKind::Map(m) = &mut state.kind {
        // The Distributed Map fields need to know the mode first.
        if distributed(pairs) {
            m.processor = Processor::Distributed(Box::default());
        }
    }
    let what = format!("a {} state", state_type.as_str());
    let what = owner(&what, Some(state_type), cx.naming);
    read_state_fields(&mut state, pairs, &what, false, cx);
    cx.language = saved;
    Some(state)
}

/// Reads the fields of a state (everything but its `Type` and `QueryLanguage`, read first),
/// checking the Distributed-only ones against the map's mode.
pub fn read_state_fields(
    state: &mut State,
    pairs: &[(String, Json)],
    what: &str,
    partial: bool,
    cx: &mut Cx<'_>,
) {
    let state_type = state.kind.state_type();
    if let StateKind::Map(m) = &state.kind {
        if matches!(m.processor, Processor::Inline) {
            for (key, _) in pairs {
                if let Some(row) = STATE.iter().find(|f| f.key == key && f.distributed) {
                    cx.key = row.key;
                    cx.dsl = row.dsl;
                    let message = format!("{} is only allowed in a Distributed Map", cx.name());
                    let help = match cx.naming {
                        Naming::Dsl => "set the map's `mode: distributed`, or remove the option",
                        Naming::Asl => "set `ItemProcessor.ProcessorConfig.Mode` to `DISTRIBUTED`, or remove the field",
                    };
                    cx.error_help(Code::DistributedOnly, message, help);
                    cx.key = "";
                    cx.dsl = "";
                }
            }
        }
    }
    let inline =
        matches!(&state.kind, StateKind::Map(m) if matches!(m.processor, Processor::Inline));
    // `QueryLanguage` was read first; Distributed-only fields of an inline
    // map were reported above.
    let skip = |k: &str| {
        k == "QueryLanguage" || (inline && STATE.iter().any(|f| f.key == k && f.distributed))
    };
    fields_in(
        state,
        pairs,
        &skip,
        STATE,
        Some(state_type),
        what,
        partial,
        cx,
    );
}

/// Reads top-level fields of a definition given apart (the macro's header
/// options), without requiring `StartAt` and `States`.
pub fn read_definition_fields(
    definition: &mut Definition,
    pairs: &[(String, Json)],
    cx: &mut Cx<'_>,
) {
    fields_in(
        definition,
        pairs,
        &|_| false,
        fields::DEFINITION,
        None,
        "the state machine",
        true,
        cx,
    );
}

/// Whether a Map's `ItemProcessor` (or `Iterator`) says `DISTRIBUTED`.
fn distributed(pairs: &[(String, Json)]) -> bool {
    pairs
        .iter()
        .filter(|(k, _)| k == "ItemProcessor" || k == "Iterator")
        .filter_map(|(_, v)| v.get("ProcessorConfig")?.get("Mode")?.as_str())
        .any(|mode| mode == "DISTRIBUTED")
}

/// `ItemProcessor` (or `Iterator`) of a Map: its mode, execution type and body.
pub(crate) fn item_processor(s: &mut State, v: &Json, cx: &mut Cx<'_>) {
    let at = cx.at.field("ItemProcessor");
    let nesting = cx.nesting;
    if nesting >= MAX_NESTING {
        too_deep(cx);
        return;
    }
    let Some(pairs) = cx.object(v) else { return };
    let mut body = Block::default();
    let mut config = (false, None);
    cx.within(at.clone(), |cx| {
        if let Some((_, c)) = pairs.iter().find(|(k, _)| k == "ProcessorConfig") {
            cx.within(at.field("ProcessorConfig"), |cx| {
                if let Some(cp) = cx.object(c) {
                    fields_into(
                        &mut config,
                        cp,
                        PROCESSOR_CONFIG,
                        None,
                        "a `ProcessorConfig`",
                        cx,
                    );
                }
            });
        }
        cx.nesting += 1;
        let skip = |k: &str| k == "ProcessorConfig";
        fields_in(
            &mut body,
            pairs,
            &skip,
            BLOCK,
            None,
            "an `ItemProcessor`",
            false,
            cx,
        );
        cx.nesting -= 1;
    });
    if let StateKind::Map(m) = &mut s.kind {
        m.body = body;
        match (&mut m.processor, config.1) {
            (Processor::Distributed(d), t) => d.execution_type = t,
            (Processor::Inline, Some(_)) => {
                let location = at.field("ProcessorConfig").field("ExecutionType");
                cx.sink.push(
                    Diagnostic::new(
                        Code::DistributedOnly,
                        location,
                        "`ExecutionType` is only allowed in a Distributed Map",
                    )
                    .with_help("set `Mode` to `DISTRIBUTED`, or remove `ExecutionType`"),
                );
            }
            (Processor::Inline, None) => {}
        }
    }
}

fn too_deep(cx: &mut Cx<'_>) {
    let location = cx.at.clone();
    cx.sink.push(Diagnostic::new(
        Code::TooDeeplyNested,
        location,
        format!(
            "parallel and map states are nested more than {MAX_NESTING} levels deep; \
                 flatten the workflow or split it into several machines"
        ),
    ));
}

/// `Branches` of a Parallel.
pub(crate) fn branches(v: &Json, cx: &mut Cx<'_>) -> Vec<Block> {
    if cx.nesting >= MAX_NESTING {
        too_deep(cx);
        return Vec::new();
    }
    cx.nesting += 1;
    let branches = list(v, BLOCK, cx);
    cx.nesting -= 1;
    branches
}

/// `Resource` of a Task: an ARN, or a CloudFormation value. A
/// `Fn::GetAtt` of a service function's logical id is read as that
/// function only when writing it back gives the same id.
pub(crate) fn resource(v: &Json, cx: &mut Cx<'_>) -> Option<Resource> {
    match v {
        Json::String(arn) => Some(Resource::Arn(arn.clone())),
        Json::Object(pairs) => {
            if let [(key, Json::Array(args))] = pairs.as_slice() {
                if let (true, [Json::String(id), Json::String(attr)]) =
                    (key == "Fn::GetAtt", args.as_slice())
                {
                    if let (Some(function), "Arn") =
                        (id.strip_suffix("LambdaFunction"), attr.as_str())
                    {
                        if !function.is_empty()
                            && crate::serverless::naming::function_logical_id(function) == *id
                        {
                            return Some(Resource::Function(function.to_owned()));
                        }
                    }
                }
            }
            Some(Resource::Intrinsic(v.clone()))
        }
        other => {
            cx.wrong(
                "an ARN string or a CloudFormation object (`Ref`, `Fn::GetAtt`, ...)",
                other,
            );
            None
        }
    }
}

/// `ItemReader` of a Distributed Map.
pub(crate) fn item_reader(v: &Json, cx: &mut Cx<'_>) -> Option<ItemReader> {
    object(v, fields::ITEM_READER, cx)
}

/// `ResultWriter` of a Distributed Map.
pub(crate) fn result_writer(v: &Json, cx: &mut Cx<'_>) -> Option<ResultWriter> {
    object(v, fields::RESULT_WRITER, cx)
}

/// `Choices` of a Choice state.
pub(crate) fn choices(v: &Json, cx: &mut Cx<'_>) -> Vec<ChoiceRule> {
    let here = cx.here();
    let Some(items) = cx.array(v) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some(rule) = cx.within(here.index(i), |cx| choice_rule(item, cx)) {
            out.push(rule);
        }
    }
    out
}

/// One element of `Choices`.
pub(crate) fn choice_rule(v: &Json, cx: &mut Cx<'_>) -> Option<ChoiceRule> {
    let pairs = cx.object(v)?;
    let mut next = None;
    let mut comment = None;
    let mut assign = None;
    let mut output = None;
    let mut condition = None;
    let mut rest = Vec::new();
    for (key, value) in pairs {
        match key.as_str() {
            "Next" => {
                cx.key = "Next";
                next = cx.string(value);
            }
            "Comment" => {
                cx.key = "Comment";
                comment = cx.string(value);
            }
            "Assign" => assign = Some(cx.json(value)),
            "Output" | "Condition" if cx.language == QueryLanguage::JsonPath => {
                cx.key = if key == "Output" {
                    "Output"
                } else {
                    "Condition"
                };
                let message = format!(
                    "`{key}` is only supported in JSONata states; this state's query language is JSONPath"
                );
                cx.error(Code::WrongQueryLanguage, message);
            }
            "Output" => output = Some(cx.json(value)),
            "Condition" => {
                cx.key = "Condition";
                condition = match value {
                    Json::String(s) if is_jsonata(s) => Some(value.clone()),
                    Json::Bool(_) => Some(value.clone()),
                    other => {
                        cx.wrong("a JSONata expression `\"{% ... %}\"` or a boolean", other);
                        None
                    }
                };
            }
            _ => rest.push((key.clone(), value.clone())),
        }
        cx.key = "";
    }
    let condition = match cx.language {
        QueryLanguage::Jsonata => {
            for (key, _) in &rest {
                let location = cx.at.key(key);
                let message = if key == "Variable"
                    || key == "And"
                    || key == "Or"
                    || key == "Not"
                    || Operator::from_name(key).is_some()
                {
                    format!("`{key}` is only supported in JSONPath states; a JSONata choice rule has a `Condition`")
                } else {
                    format!("unknown field `{key}` in a choice rule")
                };
                cx.sink.push(Diagnostic::new(
                    if key.starts_with(char::is_uppercase) && Operator::from_name(key).is_some() {
                        Code::WrongQueryLanguage
                    } else {
                        Code::UnknownField
                    },
                    location,
                    message,
                ));
            }
            match condition {
                Some(c) => Condition::Jsonata(c),
                None => {
                    cx.error(
                        Code::MissingField,
                        "a JSONata choice rule needs a `Condition`",
                    );
                    return None;
                }
            }
        }
        QueryLanguage::JsonPath => Condition::Rule(rule_fields(&rest, cx, 0)?),
    };
    let Some(next) = next else {
        cx.error(Code::MissingField, "a choice rule needs a `Next` field");
        return None;
    };
    Some(ChoiceRule {
        condition,
        next,
        comment,
        assign,
        output,
    })
}

/// Reads a JSONPath choice rule written as JSON, without `Next`: the raw
/// rule form of the macro.
pub fn rule(value: &Json, cx: &mut Cx<'_>) -> Option<Rule> {
    let pairs = cx.object(value)?;
    rule_fields(pairs, cx, 0)
}

/// A JSONPath rule from the fields of its object (`Next`, `Comment`,
/// `Assign` and `Output` of a top-level rule already taken).
fn rule_fields(pairs: &[(String, Json)], cx: &mut Cx<'_>, depth: usize) -> Option<Rule> {
    if depth > MAX_JSON_DEPTH {
        cx.error(
            Code::InvalidJson,
            format!("choice rules are nested more than {MAX_JSON_DEPTH} levels deep"),
        );
        return None;
    }
    let mut comment = None;
    let mut variable = None;
    let mut found: Vec<(Operator, &Json)> = Vec::new();
    let mut combinator: Option<(&'static str, &Json)> = None;
    let mut ok = true;
    for (key, value) in pairs {
        match key.as_str() {
            "Comment" if depth > 0 => {
                cx.key = "Comment";
                comment = cx.string(value);
                cx.key = "";
            }
            "Variable" => variable = Some(value),
            "And" | "Or" | "Not" => {
                if let Some((first, _)) = combinator {
                    let message = format!("a choice rule has one of `And`, `Or`, `Not`; `{first}` and `{key}` are both given");
                    cx.sink
                        .push(Diagnostic::new(Code::Conflict, cx.at.key(key), message));
                    ok = false;
                } else {
                    combinator = Some((
                        if key == "And" {
                            "And"
                        } else if key == "Or" {
                            "Or"
                        } else {
                            "Not"
                        },
                        value,
                    ));
                }
            }
            other => match Operator::from_name(other) {
                Some(op) => found.push((op, value)),
                None => {
                    let allowed = fields::CHOICE_RULE_FIELDS
                        .iter()
                        .copied()
                        .chain(Operator::ALL.iter().map(|o| o.as_str()));
                    let help = match suggest::closest(other, allowed) {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "a choice rule has `Variable` and one comparison operator (such as `StringEquals`), or `And`, `Or`, `Not`".to_owned(),
                    };
                    cx.sink.push(
                        Diagnostic::new(
                            Code::UnknownField,
                            cx.at.key(other),
                            format!("unknown field `{other}` in a choice rule"),
                        )
                        .with_help(help),
                    );
                    ok = false;
                }
            },
        }
    }
    let rule = if let Some((key, value)) = combinator {
        if variable.is_some() || !found.is_empty() {
            cx.sink.push(Diagnostic::new(
                Code::Conflict,
                cx.at.key(key),
                format!(
                    "`{key}` cannot be combined with `Variable` or a comparison in the same rule"
                ),
            ));
            return None;
        }
        let at = cx.at.field(key);
        let nested = |cx: &mut Cx<'_>, at: Location, v: &Json| {
            cx.within(at, |cx| {
                let pairs = cx.object(v)?;
                rule_fields(pairs, cx, depth + 1)
            })
        };
        match key {
            "Not" => Rule::Not(Box::new(nested(cx, at, value)?)),
            _ => {
                cx.key = if key == "And" { "And" } else { "Or" };
                let items = cx.array(value);
                cx.key = "";
                let items = items?;
                let mut rules = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let Some(r) = nested(cx, at.index(i), item) {
                        rules.push(r);
                    } else {
                        ok = false;
                    }
                }
                if key == "And" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                }
            }
        }
    } else {
        let Some(variable) = variable else {
            cx.error(
                Code::MissingField,
                "a choice rule needs `Variable` and a comparison operator (such as `StringEquals`), or `And`, `Or`, `Not`",
            );
            return None;
        };
        cx.key = "Variable";
        let variable = cx.path(variable);
        cx.key = "";
        let [(operator, value)] = found.as_slice() else {
            if !ok {
                // An unknown field (reported) was probably meant as the operator.
                return None;
            }
            cx.error(
                Code::MissingField,
                format!(
                    "a choice rule needs exactly one comparison operator (such as `StringEquals` or `IsPresent`); found {}",
                    found.len()
                ),
            );
            return None;
        };
        let value = match value {
            Json::String(s) => Operand::String(s.clone()),
            Json::Number(n) => Operand::Number(*n),
            Json::Bool(b) => Operand::Bool(*b),
            other => {
                let message = format!(
                    "`{}` takes a string, a number or a boolean, not {}",
                    operator.as_str(),
                    describe(other)
                );
                cx.sink.push(Diagnostic::new(
                    Code::WrongType,
                    cx.at.field(operator.as_str()),
                    message,
                ));
                return None;
            }
        };
        Rule::Compare {
            variable: variable?,
            operator: *operator,
            value,
        }
    };
    if !ok {
        return None;
    }
    Some(match comment {
        Some(comment) => Rule::Commented {
            comment,
            rule: Box::new(rule),
        },
        None => rule,
    })
}
