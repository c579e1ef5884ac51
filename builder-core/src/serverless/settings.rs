//! The checks of what surrounds a definition: a machine's settings and its
//! events, against the plugin's schema ([`super::schema`]) and the plugin's
//! rules between fields, each error naming both fields (class 18 of the
//! language).

use super::schema::{self, Obj};
use crate::check::Ck;
use crate::diag::{text::describe_char, Code, Diagnostic, Location, Naming, Segment};
use crate::json::Json;
use crate::model::*;

/// The schema object of an event kind.
pub fn event_schema(kind: EventKind) -> &'static Obj {
    match kind {
        EventKind::Schedule => &schema::SCHEDULE,
        EventKind::Http => &schema::HTTP,
        EventKind::EventBridge => &schema::EVENT_BRIDGE,
    }
}

/// Checks the settings and events of a machine.
pub(crate) fn check(ck: &mut Ck<'_>, machine: &StateMachine) {
    let root = Location::machine(&machine.name);
    let mut at = root.clone();
    schema::object(&schema::MACHINE, &machine.settings.0, &mut at, ck.sink, 0);
    machine_rules(ck, machine, &root);
    for (i, event) in machine.events.iter().enumerate() {
        let obj = event_schema(event.kind);
        let mut at = root.field("events").index(i).field(event.kind.key());
        schema::object(obj, &event.settings.0, &mut at, ck.sink, 0);
        let e = Fields {
            obj,
            settings: &event.settings,
            at: &at,
        };
        match event.kind {
            EventKind::Schedule => schedule(ck, &e),
            EventKind::EventBridge => event_bridge(ck, &e),
            EventKind::Http => http(ck, &e, machine.machine_type),
        }
    }
}

/// An object's settings with their schema and location.
struct Fields<'a> {
    obj: &'static Obj,
    settings: &'a Settings,
    at: &'a Location,
}

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Json> {
        self.settings.get(key)
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Json::as_str)
    }

    fn at(&self, key: &'static str) -> Location {
        self.at.field(key)
    }
}

/// A key as the user wrote it: `input_path` in the macro, `inputPath` elsewhere.
fn name(ck: &Ck<'_>, obj: &Obj, key: &'static str) -> String {
    match (ck.options.naming, obj.key(key)) {
        (Naming::Dsl, Some(k)) => format!("`{}`", k.dsl()),
        _ => format!("`{key}`"),
    }
}

/// Two settings that exclude each other; the error is on the second.
fn conflict(ck: &mut Ck<'_>, e: &Fields<'_>, first: &'static str, second: &'static str, why: &str) {
    let message = format!(
        "{} and {} exclude each other in {}: {why}",
        name(ck, e.obj, first),
        name(ck, e.obj, second),
        e.obj.what
    );
    ck.error(Code::Conflict, e.at(second), message);
}

/// At most one of `input`, `inputPath`, `inputTransformer`: the plugin
/// refuses more than one.
fn one_input(ck: &mut Ck<'_>, e: &Fields<'_>) {
    let given: Vec<&'static str> = ["input", "inputPath", "inputTransformer"]
        .into_iter()
        .filter(|k| e.get(k).is_some())
        .collect();
    if let [first, second, ..] = given[..] {
        conflict(ck, e, first, second, "the plugin takes one input form");
    }
}

fn schedule(ck: &mut Ck<'_>, e: &Fields<'_>) {
    if let Some(rate) = e.str("rate") {
        if let Err(err) = crate::expr::schedule::parse(rate) {
            ck.error(Code::InvalidSchedule, e.at("rate"), err.message);
        }
    }
    one_input(ck, e);
    let scheduler = e.str("method") == Some("scheduler");
    if scheduler {
        for key in ["inputPath", "inputTransformer", "retryPolicy"] {
            if e.get(key).is_some() {
                let why = if key == "retryPolicy" {
                    "an EventBridge Scheduler schedule is made without it (the plugin would drop it)"
                } else {
                    "the plugin supports it only on an EventBridge rule (`method: eventBus`)"
                };
                conflict(ck, e, "method", key, why);
            }
        }
    } else if e.get("timezone").is_some() {
        let message = format!(
            "{} needs `method: scheduler`: a time zone is supported only by EventBridge Scheduler",
            name(ck, e.obj, "timezone"),
        );
        ck.error(Code::Conflict, e.at("timezone"), message);
    }
    plugin_text(ck, e, &["inputPath", "name", "description", "timezone"]);
    if let Some(name) = e.str("name") {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !ok {
            ck.error(
                Code::InvalidEvent,
                e.at("name"),
                format!(
                    "invalid schedule name `{name}`; use 1 to 64 letters, digits, `.`, `-` or `_`"
                ),
            );
        }
    }
    description(ck, e);
    input_json(ck, e);
}

fn event_bridge(ck: &mut Ck<'_>, e: &Fields<'_>) {
    one_input(ck, e);
    if let Some(pattern) = e.get("event") {
        if !matches!(pattern, Json::Object(p) if !p.is_empty()) {
            ck.error(
                Code::InvalidEvent,
                e.at("event"),
                "an event pattern is a non-empty object, such as `{\"source\": [\"orders\"]}`",
            );
        }
    }
    plugin_text(ck, e, &["inputPath", "name", "description"]);
    description(ck, e);
    input_json(ck, e);
}

fn http(ck: &mut Ck<'_>, e: &Fields<'_>, machine_type: MachineType) {
    if e.str("action") == Some("StartSyncExecution") && machine_type != MachineType::Express {
        ck.push(
            Diagnostic::new(
                Code::ExpressOnly,
                e.at("action"),
                "`StartSyncExecution` runs only EXPRESS machines; this one is STANDARD",
            )
            .with_help("add `type: express` to the machine, or call `StartExecution`"),
        );
    }
    if let Some(Json::Object(cors)) = e.get("cors") {
        if cors.iter().any(|(k, _)| k == "origin") && cors.iter().any(|(k, _)| k == "origins") {
            ck.error(
                Code::Conflict,
                e.at("cors").field("origins"),
                "`origin` and `origins` exclude each other in a CORS setting: the plugin takes one",
            );
        }
    }
    if e.get("response").is_some() && e.get("responses").is_some() {
        conflict(
            ck,
            e,
            "response",
            "responses",
            "the plugin would use `responses` and drop `response`",
        );
    }
    if let Some(path) = e.str("path") {
        // (`/` is the API's root: allowed.)
        if path.is_empty() || path.contains(char::is_whitespace) {
            ck.error(
                Code::InvalidEvent,
                e.at("path"),
                format!("invalid path `{path}`; write it as `orders/{{id}}`, without spaces"),
            );
        }
    }
    if let Some(Json::Object(a)) = e.get("authorizer") {
        let has = |k: &str| a.iter().any(|(key, _)| key == k);
        let iam = matches!(a.iter().find(|(k, _)| k == "type"), Some((_, Json::String(t))) if t.eq_ignore_ascii_case("aws_iam"));
        if !(has("name") || has("arn") || (has("type") && has("authorizerId")) || iam) {
            ck.error(
                Code::InvalidEvent,
                e.at("authorizer"),
                "an authorizer needs a `name` (a function of the service), an `arn`, `type` with `authorizerId`, or `type: AWS_IAM`",
            );
        }
    }
}

fn machine_rules(ck: &mut Ck<'_>, machine: &StateMachine, root: &Location) {
    let e = Fields {
        obj: &schema::MACHINE,
        settings: &machine.settings,
        at: root,
    };
    if let Some(Json::Object(enc)) = e.get("encryptionConfig") {
        let get = |k: &str| enc.iter().find(|(key, _)| key == k).map(|(_, v)| v);
        let customer = get("Type").and_then(Json::as_str) == Some("CUSTOMER_MANAGED_KMS_KEY");
        let at = root.field("encryptionConfig");
        let dsl = ck.options.naming == Naming::Dsl;
        let (key_id, customer_type, period) = if dsl {
            (
                "`kms_key_id`",
                "`type: customer_managed_kms_key`",
                "`kms_data_key_reuse_period_seconds`",
            )
        } else {
            (
                "`KmsKeyId`",
                "`Type: CUSTOMER_MANAGED_KMS_KEY`",
                "`KmsDataKeyReusePeriodSeconds`",
            )
        };
        match (customer, get("KmsKeyId")) {
            (true, None) => ck.error(
                Code::Conflict,
                at.field("Type"),
                format!("a customer managed key needs its {key_id}"),
            ),
            (false, Some(_)) => ck.push(
                Diagnostic::new(
                    Code::Conflict,
                    at.field("KmsKeyId"),
                    format!("{key_id} is used only with {customer_type}; the plugin's default type is the AWS owned key"),
                )
                .with_help(format!("add {customer_type}")),
            ),
            _ => {}
        }
        if !customer && get("KmsDataKeyReusePeriodSeconds").is_some() {
            ck.error(
                Code::Conflict,
                at.field("KmsDataKeyReusePeriodSeconds"),
                format!("{period} applies only to a customer managed key ({customer_type})"),
            );
        }
    }
    if let Some(Json::Object(alarms)) = e.get("alarms") {
        let at = root.field("alarms");
        if let Some((_, Json::Object(topics))) = alarms.iter().find(|(k, _)| k == "topics") {
            if topics.is_empty() {
                ck.error(
                    Code::MissingField,
                    at.field("topics"),
                    "the alarm topics need one of `ok`, `alarm` or `insufficientData`",
                );
            }
        }
        if let Some((_, Json::Array(metrics))) = alarms.iter().find(|(k, _)| k == "metrics") {
            if metrics.is_empty() {
                ck.error(
                    Code::MissingField,
                    at.field("metrics"),
                    "the alarms need at least one metric",
                );
            }
        }
    }
    if let Some(Json::Object(statuses)) = e.get("notifications") {
        for (status, targets) in statuses {
            let Json::Array(targets) = targets else {
                continue;
            };
            let Some(status) = schema::STATUSES.iter().find(|s| **s == status) else {
                continue;
            };
            for (i, target) in targets.iter().enumerate() {
                let Json::Object(t) = target else { continue };
                let kinds: Vec<&str> = t
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .filter(|k| schema::TARGET_KINDS.contains(k))
                    .collect();
                if kinds.len() != 1 {
                    let at = root.field("notifications").field(status).index(i);
                    let message = if kinds.is_empty() {
                        "a notification target needs one of `sns`, `sqs`, `kinesis`, `firehose`, `lambda` or `stepFunctions`".to_owned()
                    } else {
                        format!("`{}` and `{}` exclude each other in a notification target: one target each", kinds[0], kinds[1])
                    };
                    ck.error(Code::Conflict, at, message);
                }
            }
        }
    }
}

fn description(ck: &mut Ck<'_>, e: &Fields<'_>) {
    if let Some(d) = e.str("description") {
        if d.chars().count() > 512 {
            ck.error(
                Code::InvalidEvent,
                e.at("description"),
                format!(
                    "the description of {} is longer than 512 characters",
                    e.obj.what
                ),
            );
        }
    }
}

fn input_json(ck: &mut Ck<'_>, e: &Fields<'_>) {
    if let Some(input) = e.get("input") {
        let mut at = e.at("input");
        crate::check::payload::static_json(ck, &at, input);
        plugin_safe_json(ck, &mut at, input, e.obj.what, 0);
    }
    if let Some(Json::Object(t)) = e.get("inputTransformer") {
        if let Some((_, Json::String(template))) = t.iter().find(|(k, _)| k == "inputTemplate") {
            // The plugin escapes the template's quotes, not its backslashes.
            if let Some(c) = template.chars().find(|&c| c == '\\' || c.is_control()) {
                unescaped(
                    ck,
                    &e.at("inputTransformer").field("inputTemplate"),
                    c,
                    e.obj.what,
                );
            }
        }
    }
}

fn plugin_text(ck: &mut Ck<'_>, e: &Fields<'_>, keys: &[&'static str]) {
    for key in keys {
        if let Some(text) = e.str(key) {
            if let Some(c) = unescapable(text) {
                unescaped(ck, &e.at(key), c, e.obj.what);
            }
        }
    }
}

/// The first character the plugin's templates cannot hold unescaped.
fn unescapable(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c == '\\' || c == '"' || c.is_control())
}

/// The serverless-step-functions plugin (3.x) pastes an event's input,
/// name, description, input path and time zone into a JSON template,
/// escaping nothing but the input's own quotes: a `"`, a `\` or a control
/// character makes `serverless package` fail or changes what is delivered.
fn unescaped(ck: &mut Ck<'_>, at: &Location, c: char, what: &str) {
    ck.push(
        Diagnostic::new(
            Code::PluginUnescapedText,
            at.clone(),
            format!(
                "{} cannot go in {what}: the serverless-step-functions plugin copies this text into its template without escaping it",
                describe_char(c)
            ),
        )
        .with_help("leave out double quotes, backslashes and control characters (newlines, tabs)"),
    );
}

fn plugin_safe_json(ck: &mut Ck<'_>, at: &mut Location, value: &Json, what: &str, depth: usize) {
    if depth > crate::asl::MAX_JSON_DEPTH {
        return;
    }
    match value {
        Json::String(s) => {
            if let Some(c) = unescapable(s) {
                unescaped(ck, at, c, what);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Segment::Index(i));
                plugin_safe_json(ck, at, item, what, depth + 1);
                at.pop();
            }
        }
        Json::Object(pairs) => {
            for (key, item) in pairs {
                at.push(Segment::Key(key.clone()));
                if let Some(c) = unescapable(key) {
                    unescaped(ck, at, c, what);
                }
                plugin_safe_json(ck, at, item, what, depth + 1);
                at.pop();
            }
        }
        _ => {}
    }
}
