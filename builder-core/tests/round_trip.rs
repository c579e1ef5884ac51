//! Round trips: what we emit reads back into the same model.

use builder_core::*;
use builder_core::{asl, serverless};

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

/// A Distributed Map with every setting.
fn distributed() -> DistributedMap {
    let mut d = DistributedMap::new(MachineType::Express);
    let mut reader = ItemReader::default();
    reader.resource = "arn:aws:states:::s3:getObject".into();
    reader.payload = Some(Json::object([
        ("Bucket", "b"),
        ("Key", "{% $states.input.key %}"),
    ]));
    let mut config = ReaderConfig::default();
    config.input_type = Some("CSV".into());
    config.csv_header_location = Some("GIVEN".into());
    config.csv_headers = Some(vec!["a".into(), "b".into()]);
    config.csv_delimiter = Some("SEMICOLON".into());
    config.max_items = Some(Dynamic::Jsonata("{% $states.input.max %}".into()));
    reader.reader_config = Some(config);
    d.item_reader = Some(reader);
    let mut batcher = ItemBatcher::default();
    batcher.max_items_per_batch = Some(Dynamic::Value(10));
    batcher.batch_input = Some(Json::object([("job", "x")]));
    d.item_batcher = Some(batcher);
    let mut writer = ResultWriter::default();
    writer.resource = Some("arn:aws:states:::s3:putObject".into());
    writer.payload = Some(Json::object([("Bucket", "out"), ("Prefix", "runs")]));
    let mut writer_config = WriterConfig::default();
    writer_config.output_type = Some("JSONL".into());
    writer_config.transformation = Some("COMPACT".into());
    writer.writer_config = Some(writer_config);
    d.result_writer = Some(writer);
    d.tolerated_failure_percentage = Some(Dynamic::Value(5.5));
    d.tolerated_failure_count = Some(Dynamic::Jsonata("{% 3 %}".into()));
    d.label = Some("distributed-items".into());
    d
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
                .retry(
                    Retrier::on(["States.ALL"])
                        .jitter(Jitter::None)
                        .comment("then give up"),
                )
                .catch(
                    Catcher::on(["States.ALL"], "Oops")
                        .result_path("$.error")
                        .comment("all errors")
                        .assign(Json::object([("failed.$", "$.error")])),
                )
                .assign(Json::object([
                    ("count", Json::from(1)),
                    ("who.$", Json::from("$.user")),
                ])),
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
                .rule(
                    ChoiceRule::new(
                        Rule::or([
                            Rule::Commented {
                                comment: "nested".into(),
                                rule: Box::new(Rule::is_present("$.c")),
                            },
                            Rule::compare("$count", Operator::NumericGreaterThan, 3i64),
                        ]),
                        "Later",
                    )
                    .comment("with a comment")
                    .assign(Json::object([("chosen", true)])),
                )
                .otherwise("Jsonata"),
        )
        .state(
            Choice::new("Jsonata")
                .query_language(QueryLanguage::Jsonata)
                .rule(
                    ChoiceRule::new(
                        Condition::Jsonata(Json::from("{% $states.input.n > 1 %}")),
                        "Later",
                    )
                    .output(Json::object([("big", "{% $states.input.n %}")]))
                    .assign(Json::object([("n", "{% $states.input.n %}")])),
                )
                .otherwise("Later")
                .output("{% $states.input %}"),
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
        .state(
            Map::new("Distributed")
                .query_language(QueryLanguage::Jsonata)
                .max_concurrency(10)
                .distributed(distributed())
                .auto_catch(false)
                .state(
                    Task::new("Process", "arn:aws:states:::lambda:invoke")
                        .query_language(QueryLanguage::Jsonata)
                        .arguments(Json::object([
                            (
                                "FunctionName",
                                "arn:aws:lambda:us-east-1:123456789012:function:work",
                            ),
                            ("Payload", "{% $states.input %}"),
                        ]))
                        .output("{% $states.result.Payload %}")
                        .end()
                        .catch(
                            Catcher::on(["States.ALL"], "Failed")
                                .output("{% $states.errorOutput %}")
                                .assign(Json::object([(
                                    "error",
                                    "{% $states.errorOutput.Error %}",
                                )])),
                        ),
                )
                .state(
                    Fail::new("Failed")
                        .query_language(QueryLanguage::Jsonata)
                        .error("{% $error %}")
                        .cause("a cause"),
                ),
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
    for (text, service) in [
        (
            original.definition_json("Everything").unwrap(),
            "round-trip",
        ),
        (machine.definition_json().unwrap(), "${self:service}"),
    ] {
        let json = from_json_str(&text).unwrap();
        let arn = serverless::naming::state_machine_arn(service, "Everything");
        let definition = asl::read::definition(&json, "Everything", Some(&arn))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(definition, machine.definition);
    }
}

#[test]
fn a_function_reference_reads_back_unchanged() {
    // `hello_worldLambdaFunction` is not the id we would derive from a key
    // (`HelloUnderscoreworldLambdaFunction`): it stays the reference it is.
    for (id, function) in [
        ("hello_worldLambdaFunction", None),
        ("GetAllUsersLambdaFunction", Some("GetAllUsers")),
    ] {
        let text = format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "End": true,
                "Resource": {{"Fn::GetAtt": ["{id}", "Arn"]}}}}}}}}"#
        );
        let json = from_json_str(&text).unwrap();
        let definition = asl::read::definition(&json, "M", None).unwrap();
        let StateKind::Task(task) = &definition.block.states[0].kind else {
            unreachable!()
        };
        match function {
            Some(key) => assert_eq!(task.resource, Resource::Function(key.into())),
            None => assert!(
                matches!(task.resource, Resource::Intrinsic(_)),
                "{:?}",
                task.resource
            ),
        }
        let back = asl::write::definition(&definition, "arn");
        assert_eq!(
            back.get("States")
                .and_then(|s| s.get("T"))
                .and_then(|t| t.get("Resource")),
            json.get("States")
                .and_then(|s| s.get("T"))
                .and_then(|t| t.get("Resource"))
        );
    }
}

#[test]
fn the_deprecated_iterator_is_read_as_item_processor() {
    let json = from_json_str(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}}}}"#,
    )
    .unwrap();
    let definition = asl::read::definition(&json, "M", None).unwrap();
    let StateKind::Map(map) = &definition.block.states[0].kind else {
        unreachable!()
    };
    assert_eq!(map.body.start_at, "A");
    let written = asl::write::definition(&definition, "arn").to_json_string();
    assert!(
        written.contains("\"ItemProcessor\"") && !written.contains("Iterator"),
        "{written}"
    );
}

#[test]
fn every_tricky_string_survives_yaml() {
    for s in TRICKY {
        let value = Json::object([(*s, Json::from(*s))]);
        let text = serverless::yaml::to_yaml(&value);
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
            "`End` and `Next` cannot both be set",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":false}}}"#,
            "`End` can only be `true`",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass"}}}"#,
            "a Pass state needs where to go next: one of `Next`, `End`",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Map","Iterator":{},"End":true,"ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}}}}}"#,
            "cannot both be set",
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
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Output":{},"End":true}}}"#,
            "`Output` is only supported in JSONata states",
        ),
        (
            r#"{"StartAt":"A","States":{"A":{"Type":"Succeed","Retry":[]}}}"#,
            "`Retry` is not a field of Succeed states",
        ),
    ];
    for (text, expected) in cases {
        let json = from_json_str(text).unwrap();
        let error = asl::read::definition(&json, "M", None)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{text}: {error}");
    }
}
