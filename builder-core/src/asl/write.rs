//! Model → ASL JSON, in the order of the field table.

use super::fields::{self, Field, BLOCK, STATE};
use crate::json::Json;
use crate::model::*;

/// What writing needs to know from outside the value written.
pub struct Wx<'a> {
    /// The machine's default query language.
    pub(crate) machine_language: QueryLanguage,
    /// The query language of the state being written.
    pub(crate) language: QueryLanguage,
    /// The machine's own ARN, written for [`Json::MachineArn`].
    pub(crate) arn: &'a str,
}

impl Wx<'_> {
    /// A JSON value with the machine's ARN resolved.
    pub(crate) fn json(&self, value: &Json) -> Json {
        let mut value = value.clone();
        value.resolve_machine_arn(self.arn);
        value
    }

    /// A Task's `Resource`.
    pub(crate) fn resource(&self, resource: &Resource) -> Json {
        resource_json(resource)
    }
}

/// A Task's `Resource` as JSON: a service function is its
/// `Fn::GetAtt: [<Key>LambdaFunction, Arn]`.
pub fn resource_json(resource: &Resource) -> Json {
    match resource {
        Resource::Function(key) => Json::object([(
            "Fn::GetAtt",
            Json::array([
                crate::serverless::naming::function_logical_id(key),
                "Arn".to_owned(),
            ]),
        )]),
        Resource::Arn(arn) => Json::String(arn.clone()),
        Resource::Intrinsic(value) => value.clone(),
    }
}

/// The ASL definition; `arn` is the machine's own ARN.
pub fn definition(definition: &Definition, arn: &str) -> Json {
    let wx = Wx {
        machine_language: definition.query_language,
        language: definition.query_language,
        arn,
    };
    object(definition, fields::DEFINITION, &wx)
}

/// An object of type `T`, field by field in table order.
pub(crate) fn object<T>(target: &T, table: &'static [Field<T>], wx: &Wx<'_>) -> Json {
    Json::Object(
        table
            .iter()
            .filter_map(|f| Some((f.key.to_owned(), (f.write)(target, wx)?)))
            .collect(),
    )
}

/// A list of objects (`Retry`, `Catch`).
pub(crate) fn list<T>(items: &[T], table: &'static [Field<T>], wx: &Wx<'_>) -> Json {
    Json::Array(items.iter().map(|item| object(item, table, wx)).collect())
}

/// A Parallel branch.
pub(crate) fn block(block: &Block, wx: &Wx<'_>) -> Json {
    object(block, BLOCK, wx)
}

/// `States`.
pub(crate) fn states(states: &[State], wx: &Wx<'_>) -> Json {
    Json::Object(
        states
            .iter()
            .map(|s| (s.name.clone(), state(s, wx)))
            .collect(),
    )
}

/// One state.
pub(crate) fn state(state: &State, wx: &Wx<'_>) -> Json {
    let wx = Wx {
        language: state.query_language(),
        ..*wx
    };
    let kind = state.kind.state_type();
    Json::Object(
        STATE
            .iter()
            .filter(|f| f.kinds.contains(kind))
            .filter_map(|f| Some((f.key.to_owned(), (f.write)(state, &wx)?)))
            .collect(),
    )
}

/// A Map's `ItemProcessor`: its mode, then its states.
pub(crate) fn item_processor(map: &MapState, wx: &Wx<'_>) -> Json {
    let config = match &map.processor {
        Processor::Inline => (false, None),
        Processor::Distributed(d) => (true, d.execution_type),
    };
    let mut pairs = vec![(
        "ProcessorConfig".to_owned(),
        object(&config, fields::PROCESSOR_CONFIG, wx),
    )];
    if let Json::Object(body) = block(&map.body, wx) {
        pairs.extend(body);
    }
    Json::Object(pairs)
}

/// An `ItemReader`, its payload under the key of `language`.
pub(crate) fn item_reader(
    reader: &ItemReader,
    language: QueryLanguage,
    wx: &Wx<'_>,
) -> Option<Json> {
    Some(object(reader, fields::ITEM_READER, &Wx { language, ..*wx }))
}

/// A `ResultWriter`, its payload under the key of `language`.
pub(crate) fn result_writer(
    writer: &ResultWriter,
    language: QueryLanguage,
    wx: &Wx<'_>,
) -> Option<Json> {
    Some(object(
        writer,
        fields::RESULT_WRITER,
        &Wx { language, ..*wx },
    ))
}

/// One element of `Choices`: its condition (the operator first, as the
/// seed writes it: `IsPresent`, `Next`, `Variable`), then the rule's own
/// fields.
pub(crate) fn choice_rule(choice: &ChoiceRule, wx: &Wx<'_>) -> Json {
    let mut pairs = Vec::new();
    match &choice.condition {
        Condition::Jsonata(c) => {
            pairs.push(("Condition".to_owned(), c.clone()));
            pairs.push(("Next".to_owned(), Json::from(choice.next.as_str())));
        }
        Condition::Rule(rule) => rule_pairs(rule, Some(&choice.next), &mut pairs),
    }
    if let Some(c) = &choice.comment {
        pairs.push(("Comment".to_owned(), Json::from(c.as_str())));
    }
    if let Some(a) = &choice.assign {
        pairs.push(("Assign".to_owned(), wx.json(a)));
    }
    if let Some(o) = &choice.output {
        pairs.push(("Output".to_owned(), wx.json(o)));
    }
    Json::Object(pairs)
}

/// A JSONPath rule without `Next` (a nested rule, or the macro's raw form).
pub fn rule(rule: &Rule) -> Json {
    let mut pairs = Vec::new();
    rule_pairs(rule, None, &mut pairs);
    Json::Object(pairs)
}

fn rule_pairs(rule: &Rule, next: Option<&str>, pairs: &mut Vec<(String, Json)>) {
    let next_pair = |pairs: &mut Vec<(String, Json)>| {
        if let Some(next) = next {
            pairs.push(("Next".to_owned(), Json::from(next)));
        }
    };
    match rule {
        Rule::And(rules) | Rule::Or(rules) => {
            let key = if matches!(rule, Rule::And(_)) {
                "And"
            } else {
                "Or"
            };
            pairs.push((
                key.to_owned(),
                Json::Array(rules.iter().map(self::rule).collect()),
            ));
            next_pair(pairs);
        }
        Rule::Not(inner) => {
            pairs.push(("Not".to_owned(), self::rule(inner)));
            next_pair(pairs);
        }
        Rule::Compare {
            variable,
            operator,
            value,
        } => {
            pairs.push((operator.as_str().to_owned(), value.to_json()));
            next_pair(pairs);
            pairs.push(("Variable".to_owned(), Json::from(variable.as_str())));
        }
        Rule::Commented { comment, rule } => {
            rule_pairs(rule, next, pairs);
            pairs.push(("Comment".to_owned(), Json::from(comment.as_str())));
        }
    }
}
