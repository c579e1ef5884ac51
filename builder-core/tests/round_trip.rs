//! Round trips: what we emit reads back into the same model.

use builder_core::*;

/// Strings that break naive YAML writers.
const TRICKY: &[&str] = &[
    "it's \"quoted\"",
    "a: b",
    "key:value",
    "# not a comment",
    "a #b",
    "line\nbreak",
    "tab\there",
    "unicode é 漢字 🚀",
    "${self:service}",
    "${aws:region}",
    "yes",
    "no",
    "on",
    "off",
    "Y",
    "null",
    "~",
    "true",
    "False",
    "10",
    "-3",
    "1.5",
    "1e3",
    "0x1F",
    "0777",
    "1_000",
    "12:30",
    "2024-01-01",
    "2024-01-01T00:00:00Z",
    "*star",
    "&anchor",
    "!tag",
    "- dash",
    "-",
    "?",
    "|",
    ">",
    "@at",
    "`tick",
    "%pct",
    "{brace}",
    "[bracket]",
    "",
    " lead",
    "trail ",
    "<<",
    "=",
    "\u{1}ctrl",
    "back\\slash",
    ".inf",
    ".nan",
];

/// Every tricky string as a value; as keys, all but `${...}` (which the
/// validator rejects in keys: the framework resolves variables in values only).
fn tricky_json() -> Json {
    Json::object(TRICKY.iter().enumerate().map(|(i, s)| {
        let key = if s.contains("${") {
            format!("k{i}")
        } else {
            format!("k{i}_{s}")
        };
        (key, Json::from(*s))
    }))
}

/// The tricky strings the plugin can pass through a schedule's input.
fn schedule_safe_json() -> Json {
    let safe = TRICKY
        .iter()
        .filter(|s| !s.contains(['"', '\\']) && !s.contains(char::is_control));
    Json::object(safe.enumerate().map(|(i, s)| {
        (
            if s.contains("${") {
                format!("k{i}")
            } else {
                format!("k{i}_{s}")
            },
            Json::from(*s),
        )
    }))
}

fn service() -> Service {
    let mut service = Service::new("round-trip");
    let f = service
        .function("do_work", "app.handler.do_work")
        .description("it's: #1 — ünïcode")
        .timeout(10)
        .memory_size(256)
        .runtime("python3.13")
        .environment("MODE", "yes")
        .environment("COUNT", "10");
    let machine = StateMachine::builder("Everything")
        .machine_type(MachineType::Express)
        .comment("line one\nline two: 'quoted'")
        .timeout(600)
        .event(
            Schedule::new("rate(1 day)")
                .input(schedule_safe_json())
                .enabled(false)
                .name("daily")
                .description("on: yes"),
        )
        .state(
            Task::function(&f)
                .comment("#hash")
                .input_path("$.in")
                .parameters(Json::object([
                    ("tricky", tricky_json()),
                    ("arn", Json::MachineArn),
                    (
                        "list",
                        Json::array([
                            Json::from(1),
                            Json::from(-2),
                            Json::from(2.5),
                            Json::from(true),
                        ]),
                    ),
                    ("nothing", Json::Null),
                    ("path.$", Json::from("$.x")),
                    ("fmt.$", Json::from("States.Format('{} is {}', $.a, $.b)")),
                ]))
                .credentials(Json::object([(
                    "RoleArn",
                    "arn:aws:iam::123456789012:role/x",
                )]))
                .timeout(30)
                .heartbeat(10)
                .result_selector(Json::object([("r.$", "$.Payload")]))
                .result_path("$.out")
                .output_path("$")
                .retry(
                    Retrier::on(["States.Timeout"])
                        .interval(2)
                        .max_attempts(0)
                        .backoff(1.5)
                        .max_delay(60)
                        .jitter(Jitter::Full),
                )
                .retry(Retrier::on(["States.ALL"]).jitter(Jitter::None))
                .catch(Catcher::on(["States.ALL"], "Oops").result_path("$.error")),
        )
        .state(
            Pass::new("Discard")
                .discard_input()
                .discard_result()
                .discard_output()
                .result(tricky_json()),
        )
        .state(
            Choice::new("Route")
                .when(
                    Rule::and([
                        Rule::compare("$.n", Operator::NumericGreaterThanEquals, 18i64),
                        Rule::or([
                            Rule::compare("$.f", Operator::NumericLessThan, 0.5),
                            Rule::not(Rule::is_present("$.z")),
                        ]),
                    ]),
                    "Later",
                )
                .when(
                    Rule::compare("$.s", Operator::StringMatches, "a\\*b*"),
                    "Later",
                )
                .when(
                    Rule::compare("$.t", Operator::TimestampEqualsPath, "$.u"),
                    "Later",
                )
                .otherwise("Later"),
        )
        .state(Wait::timestamp_path("Later", "$.when"))
        .state(Wait::until("At", "2030-01-01T00:00:00Z"))
        .state(
            Parallel::new("Both")
                .branch(Branch::new().state(Wait::seconds_path("S", "$.s")))
                .branch(
                    Branch::new().state(Succeed::new("Ok").input_path("$.a").output_path("$.b")),
                ),
        )
        .state(
            Map::new("Each")
                .items_path("$.items")
                .item_selector(Json::object([("v.$", "$$.Map.Item.Value")]))
                .max_concurrency(3)
                .fallback("Skip")
                .auto_fallback(false)
                .state(Task::new(
                    "Item",
                    "arn:aws:lambda:${aws:region}:${aws:accountId}:function:x",
                ))
                .state(Pass::new("Skip")),
        )
        .state(Succeed::new("Done"))
        .state(
            Fail::new("Oops")
                .error_path("$.error.Error")
                .cause_path("States.Format('failed: {}', $.error.Cause)"),
        )
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    service.add_state_machine(machine);
    service
}

#[test]
fn service_yaml_reads_back_into_the_same_machines() {
    let original = service();
    let yaml = original.to_yaml().unwrap_or_else(|e| panic!("{e}"));
    let parsed = Service::from_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(parsed.state_machines(), original.state_machines(), "{yaml}");
    assert_eq!(parsed.name(), original.name());
    assert_eq!(parsed.provider(), original.provider());
    let keys = |s: &Service| s.functions().iter().map(Function::key).collect::<Vec<_>>();
    assert_eq!(keys(&parsed), keys(&original));
    assert_eq!(
        parsed.to_yaml().unwrap(),
        yaml,
        "emit → parse → emit is stable"
    );
}

#[test]
fn definition_json_reads_back_into_the_same_definition() {
    let original = service();
    let machine = &original.state_machines()[0];
    for text in [
        original.definition_json("Everything").unwrap(),
        machine.definition_json().unwrap(),
    ] {
        let json = serde_impl::from_json_str(&text).unwrap();
        let service = if text.contains("round-trip-${sls:stage}") {
            Some("round-trip")
        } else {
            None
        };
        let definition =
            asl::definition_from_json("Everything", &json, asl::Context { service }).unwrap();
        assert_eq!(definition, machine.definition);
    }
}

#[test]
fn every_tricky_string_survives_yaml() {
    for s in TRICKY {
        let value = Json::object([(*s, Json::from(*s))]);
        let text = yaml::to_yaml(&value);
        let back: Json =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{s:?}: {e}\n{text}"));
        assert_eq!(back, value, "{s:?} as\n{text}");
    }
}

#[test]
fn the_parser_rejects_what_we_never_emit() {
    let cases = [
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Next":"A"}}}"#,
            "not both",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":false}}}"#,
            "needs `Next` or `End: true`",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Map","Iterator":{},"End":true,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}}}"#,
            "`Iterator`",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Nextt":"A","End":true}}}"#,
            "unknown field `Nextt`",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":1,"Timestamp":"x","End":true}}}"#,
            "exactly one",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.x","IsNull":true,"IsPresent":true,"Next":"A"}]}}}"#,
            "exactly one comparison",
        ),
    ];
    for (text, expected) in cases {
        let json = serde_impl::from_json_str(text).unwrap();
        let error =
            asl::definition_from_json("M", &json, asl::Context { service: None }).unwrap_err();
        assert!(error.contains(expected), "{text}: {error}");
    }
}

/// Writes the round-trip service for the external validators:
/// `DUMP_YAML=/tmp/x.yml cargo test -p builder-core --test round_trip dump`.
#[test]
fn dump() {
    if let Some(path) = std::env::var_os("DUMP_YAML") {
        std::fs::write(path, service().to_yaml().unwrap()).unwrap();
    }
}
