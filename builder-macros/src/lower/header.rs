//! The machine header: `Name(options) { ... }` and its doc comment.

use super::Lower;
use crate::syntax::{Machine, Opt, Value};
use builder_core::__macro::{self, Cx};
use builder_core::asl::fields::{Field, Want, DEFINITION};
use builder_core::build::CatchPolicy;
use builder_core::diag::{Location, Naming};
use builder_core::model::{Definition, MachineType, StateMachine};
use builder_core::serverless::schema;

/// The header options that are not ASL fields: the machine's type, its
/// catch policy, its events and IAM, and the plugin's settings (the names
/// of `schema::MACHINE`, which a test keeps in step).
const EXTRA: &[&str] = &[
    "type",
    "auto_catch",
    "auto_fallback",
    "fallback",
    "events",
    "iam",
    "role",
    "deployed_name",
    "id",
    "logging",
    "tracing",
    "encryption",
    "tags",
    "alarms",
    "notifications",
    "use_exact_version",
    "retain",
    "depends_on",
    "inherit_global_tags",
];

/// The machine's name, type, events and definition-level fields, and its
/// catch policy.
pub(super) fn header(
    l: &mut Lower<'_>,
    machine: &Machine,
    root: &Location,
) -> (StateMachine, CatchPolicy) {
    l.spans.mark(root.clone(), machine.name.span);
    let mut model = StateMachine::new(machine.name.value.clone());
    let mut policy = CatchPolicy::default();
    if let Some((doc, span)) = &machine.doc {
        model.definition.comment = Some(doc.clone());
        l.spans.mark(root.field("Comment"), *span);
    }
    let rows: Vec<&'static Field<Definition>> =
        DEFINITION.iter().filter(|f| !f.dsl.is_empty()).collect();
    let (written, others) = l.options(&machine.options, &rows, EXTRA, "the machine", root);
    let mut cx = Cx::new(l.sink, Naming::Dsl, root.clone(), None);
    let mut pairs = Vec::with_capacity(written.len());
    for w in written {
        if w.field.key == "QueryLanguage" {
            if let Some(language) = __macro::language_value(&w.json, &mut cx) {
                model.definition.query_language = language;
            }
        } else {
            pairs.push((w.field.key.to_owned(), w.json));
        }
    }
    __macro::read_definition_fields(&mut model.definition, &pairs, &mut cx);
    for opt in others {
        let key = opt.key.to_string();
        let location = root.field(extra_field(&key));
        l.spans.mark_range(location.clone(), opt.value.span_range());
        match key.as_str() {
            "type" => {
                if let Some(express) = word(l, opt, &["standard", "express"]) {
                    model.machine_type = if express == "express" {
                        MachineType::Express
                    } else {
                        MachineType::Standard
                    };
                }
            }
            "auto_catch" => policy.auto_catch = boolean(l, opt),
            "auto_fallback" => policy.auto_fallback = boolean(l, opt),
            "fallback" => policy.fallback = name(l, opt),
            "events" => model.events = l.events(&opt.value, root),
            "iam" => match &opt.value {
                Value::Array(items, _) => {
                    for (i, item) in items.iter().enumerate() {
                        let at = root.field("iamRoleStatements").index(i);
                        l.spans.mark_range(at.clone(), item.span_range());
                        if let Some(json) = l.json(item, &at) {
                            model.iam_statements.push(json);
                        }
                    }
                }
                other => l.error_range(
                    other.span_range(),
                    format!(
                        "`iam` takes a list of IAM statements, `[{{ \"Effect\": \"Allow\", \"Action\": [...], \"Resource\": [...] }}]`, not {}",
                        other.describe()
                    ),
                ),
            },
            "role" => {
                if let Some(json) = l.json(&opt.value, &root.field("role")) {
                    model.role = Some(json);
                }
            }
            setting => {
                if let Some(k) = schema::MACHINE.by_dsl(setting) {
                    if let Some(json) = l.setting(&k.shape, &opt.value, &location, setting) {
                        model.settings.set(k.key, json);
                    }
                }
            }
        }
    }
    (model, policy)
}

/// The location field of a header option that is not an ASL field.
pub(super) fn extra_field(key: &str) -> &'static str {
    match key {
        "type" => "type",
        "auto_catch" => "auto_catch",
        "auto_fallback" => "auto_fallback",
        "fallback" => "fallback",
        "mode" => "mode",
        "execution_type" => "execution_type",
        "iam" => "iamRoleStatements",
        "role" => "role",
        "events" => "events",
        setting => schema::MACHINE.by_dsl(setting).map_or("events", |k| k.key),
    }
}

/// `true` or `false`.
pub(super) fn boolean(l: &mut Lower<'_>, opt: &Opt) -> Option<bool> {
    match &opt.value {
        Value::Bool(b, _) => Some(*b),
        other => {
            l.error_range(
                other.span_range(),
                format!(
                    "`{}` takes {}, not {}",
                    opt.key,
                    Want::Bool.describe(),
                    other.describe()
                ),
            );
            None
        }
    }
}

/// A state name: an identifier or a string.
pub(super) fn name(l: &mut Lower<'_>, opt: &Opt) -> Option<String> {
    match &opt.value {
        Value::Ident(i) => Some(i.to_string()),
        Value::Str(s, _) => Some(s.clone()),
        other => {
            l.error_range(
                other.span_range(),
                format!("`{}` takes a state name, not {}", opt.key, other.describe()),
            );
            None
        }
    }
}

/// One of `words`, as an identifier.
pub(super) fn word(l: &mut Lower<'_>, opt: &Opt, words: &[&'static str]) -> Option<&'static str> {
    let want = builder_core::diag::text::list(words.iter().copied(), " or ");
    match &opt.value {
        Value::Ident(i) => match words.iter().find(|w| i == *w) {
            Some(w) => Some(w),
            None => {
                l.error(
                    i.span(),
                    format!("unknown value `{i}` for `{}`; expected {want}", opt.key),
                );
                None
            }
        },
        other => {
            l.error_range(
                other.span_range(),
                format!("`{}` takes {want}, not {}", opt.key, other.describe()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_settings_options_are_the_schema_names() {
        let names: Vec<String> = builder_core::serverless::schema::MACHINE
            .keys
            .iter()
            .map(|k| k.dsl())
            .collect();
        assert_eq!(super::EXTRA[7..].to_vec(), names);
    }
}
