//! The local engine: AWS's documented behaviour, each test citing the page
//! it pins, and the engine's own API (mocks, virtual clock, history).

use builder_core::model::{Catcher, Operator, Retrier, Rule};
use builder_core::run::{Failure, RunError, Status};
use builder_core::*;

fn json(text: &str) -> Json {
    from_json_str(text).unwrap()
}

fn pass_with(parameters: &str) -> StateMachine {
    StateMachine::builder("M")
        .state(Pass::new("P").parameters(json(parameters)))
        .build()
        .unwrap()
}

/// Developer guide, "Example: Manipulating state data with InputPath,
/// ResultPath and OutputPath"
/// (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html):
/// the Lambda function receives `$.lambda`, its result goes to
/// `$.data.lambdaresult`, and the output is `$.data`.
#[test]
fn input_result_and_output_paths_as_the_developer_guide_shows() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new(
                "HelloWorld",
                "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
            )
            .input_path("$.lambda")
            .result_path("$.data.lambdaresult")
            .output_path("$.data"),
        )
        .build()
        .unwrap();
    let execution = machine
        .test()
        .input(json(
            r#"{"comment": "An input comment.", "data": {"val1": 23, "val2": 17},
                        "extra": "foo", "lambda": {"who": "AWS Step Functions"}}"#,
        ))
        .mock("HelloWorld", |input| {
            let who = input.get("who").and_then(Json::as_str).unwrap_or_default();
            Ok(Json::from(format!("Hello, {who}!")))
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.output(),
        &json(r#"{"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}"#)
    );
    assert_eq!(execution.states_entered(), ["HelloWorld"]);
    let kinds: Vec<&str> = execution
        .history()
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

/// Developer guide, "Intrinsic functions for JSONPath states"
/// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html):
/// each function's example input and result.
#[test]
fn intrinsic_functions_as_the_developer_guide_shows() {
    let cases = [
        (
            r#"{"name": "Arnav"}"#,
            "States.Format('Hello, my name is {}.', $.name)",
            r#""Hello, my name is Arnav.""#,
        ),
        (
            r#"{"a": {"b": 1}}"#,
            "States.Array('Foo', 2020, $.a, null)",
            r#"["Foo", 2020, {"b": 1}, null]"#,
        ),
        (
            r#"{"inputArray": [1,2,3,4,5,6,7,8,9]}"#,
            "States.ArrayPartition($.inputArray, 4)",
            "[[1,2,3,4],[5,6,7,8],[9]]",
        ),
        (
            r#"{"inputArray": [1,2,3,4,5,6,7,8,9], "lookingFor": 5}"#,
            "States.ArrayContains($.inputArray, $.lookingFor)",
            "true",
        ),
        ("{}", "States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]"),
        (
            r#"{"inputArray": [1,2,3,4,5,6,7,8,9], "index": 5}"#,
            "States.ArrayGetItem($.inputArray, $.index)",
            "6",
        ),
        (
            r#"{"inputArray": [1,2,3,4,5,6,7,8,9]}"#,
            "States.ArrayLength($.inputArray)",
            "9",
        ),
        (
            r#"{"inputArray": [1,2,3,3,3,3,3,3,4]}"#,
            "States.ArrayUnique($.inputArray)",
            "[1,2,3,4]",
        ),
        (
            r#"{"input": "Data to encode"}"#,
            "States.Base64Encode($.input)",
            r#""RGF0YSB0byBlbmNvZGU=""#,
        ),
        (
            r#"{"base64": "RGF0YSB0byBlbmNvZGU="}"#,
            "States.Base64Decode($.base64)",
            r#""Data to encode""#,
        ),
        (
            r#"{"Data": "input data", "Algorithm": "SHA-1"}"#,
            "States.Hash($.Data, $.Algorithm)",
            r#""aaff4a450a104cd177d28d18d74485e8cae074b7""#,
        ),
        (
            r#"{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}"#,
            "States.JsonMerge($.json1, $.json2, false)",
            r#"{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}"#,
        ),
        (
            r#"{"value1": 111, "step": -1}"#,
            "States.MathAdd($.value1, $.step)",
            "110",
        ),
        (
            r#"{"inputString": "1,2,3,4,5", "splitter": ","}"#,
            "States.StringSplit($.inputString, $.splitter)",
            r#"["1","2","3","4","5"]"#,
        ),
        (
            r#"{"inputString": "This.is+a,test=string", "splitter": ".+,="}"#,
            "States.StringSplit($.inputString, $.splitter)",
            r#"["This","is","a","test","string"]"#,
        ),
        (
            r#"{"escapedJsonString": "{\"foo\": \"bar\"}"}"#,
            "States.StringToJson($.escapedJsonString)",
            r#"{"foo": "bar"}"#,
        ),
        (
            r#"{"unescapedJson": {"foo": "bar"}}"#,
            "States.JsonToString($.unescapedJson)",
            r#""{\"foo\":\"bar\"}""#,
        ),
    ];
    for (input, call, expected) in cases {
        let machine = pass_with(&format!(
            r#"{{"out.$": {}}}"#,
            Json::from(call).to_json_string()
        ));
        let execution = machine.test().input(json(input)).run().unwrap();
        assert!(execution.succeeded(), "{call}: {execution}");
        assert_eq!(
            execution.output().get("out"),
            Some(&json(expected)),
            "{call}"
        );
    }
    // The UUID and random functions: deterministic for a seed.
    let machine = pass_with(r#"{"id.$": "States.UUID()", "n.$": "States.MathRandom(1, 999)"}"#);
    let a = machine.test().seed(7).run().unwrap();
    let b = machine.test().seed(7).run().unwrap();
    assert_eq!(a.output(), b.output());
    let id = a
        .output()
        .get("id")
        .and_then(Json::as_str)
        .unwrap()
        .to_owned();
    assert_eq!((id.len(), &id[14..15]), (36, "4"), "{id}");
}

/// Developer guide, "Handling errors in Step Functions workflows"
/// (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
/// the retry intervals grow by the backoff rate; after the last attempt,
/// the catcher's `ResultPath` puts the error output in the input.
#[test]
fn retries_wait_on_the_virtual_clock_then_the_catcher_takes_over() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new(
                "Call",
                "arn:aws:lambda:us-east-1:123456789012:function:call",
            )
            .retry(
                Retrier::on(["Lambda.TooManyRequestsException"])
                    .interval(3)
                    .max_attempts(2)
                    .backoff(2.0),
            )
            .catch(Catcher::on(["States.ALL"], "Recover").result_path("$.error"))
            .next("Done"),
        )
        .state(Pass::new("Recover").next("Done"))
        .state(Succeed::new("Done"))
        .build()
        .unwrap();
    // Two throttles, then the answer: retried after 3 s and 6 s.
    let ok = machine
        .test()
        .mock("Call", |_| Ok(Json::from("done")))
        .fail_times("Call", 2, "Lambda.TooManyRequestsException", "throttled")
        .run()
        .unwrap();
    assert_eq!(ok.output(), &Json::from("done"));
    assert_eq!(ok.elapsed_seconds(), 9.0);
    assert_eq!(ok.states_entered(), ["Call", "Done"]);
    // Three throttles: the retries are spent, the catcher takes the error.
    let caught = machine
        .test()
        .input(json(r#"{"order": 1}"#))
        .mock("Call", |_| Ok(Json::from("done")))
        .fail_times("Call", 3, "Lambda.TooManyRequestsException", "throttled")
        .run()
        .unwrap();
    assert!(caught.succeeded());
    assert_eq!(
        caught.output(),
        &json(
            r#"{"order": 1, "error": {"Error": "Lambda.TooManyRequestsException", "Cause": "throttled"}}"#
        )
    );
    assert_eq!(caught.states_entered(), ["Call", "Recover", "Done"]);
    // A failure no retrier names is caught at once.
    let other = machine
        .test()
        .mock("Call", |_| Err(Failure::new("Custom.Error", "boom")))
        .run()
        .unwrap();
    assert_eq!(other.elapsed_seconds(), 0.0);
    assert_eq!(other.states_entered(), ["Call", "Recover", "Done"]);
}

/// Developer guide, "Handling errors": `States.ALL` does not catch the
/// terminal `States.Runtime` (here, an InputPath that selects nothing).
#[test]
fn states_all_does_not_catch_a_runtime_error() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new(
                "Call",
                "arn:aws:lambda:us-east-1:123456789012:function:call",
            )
            .input_path("$.missing")
            .catch(Catcher::on(["States.ALL"], "Recover")),
        )
        .state(Pass::new("Recover"))
        .build()
        .unwrap();
    let e = machine
        .test()
        .mock_default(|_| Ok(Json::Null))
        .run()
        .unwrap();
    assert_eq!(e.error(), Some("States.Runtime"));
    assert_eq!(e.states_entered(), ["Call"]);
}

#[test]
fn waits_advance_the_clock_and_the_machine_times_out() {
    let machine = StateMachine::builder("M")
        .timeout(600)
        .state(Wait::seconds("Hour", 3600))
        .state(Succeed::new("Done"))
        .build()
        .unwrap();
    let e = machine.test().run().unwrap();
    assert_eq!(e.status(), &Status::TimedOut);
    assert_eq!(e.elapsed_seconds(), 600.0);
    let machine = StateMachine::builder("M")
        .state(Wait::until("Later", "2026-01-01T00:10:00Z"))
        .build()
        .unwrap();
    let e = machine.test().run().unwrap();
    assert!(e.succeeded());
    assert_eq!(e.elapsed_seconds(), 600.0);
}

/// Developer guide, "Choice workflow state": comparisons of another type
/// are false; no match and no Default is `States.NoChoiceMatched`.
#[test]
fn choice_rules_and_no_match() {
    let machine = StateMachine::builder("M")
        .state(
            Choice::new("Route")
                .when(
                    Rule::compare("$.n", Operator::NumericGreaterThan, 10i64),
                    "Big",
                )
                .when(
                    Rule::compare("$.s", Operator::StringMatches, "log-*.txt"),
                    "Log",
                )
                .when(
                    Rule::compare("$.t", Operator::TimestampLessThan, "2020-01-01T00:00:00Z"),
                    "Old",
                )
                .when(
                    Rule::and([
                        Rule::is_present("$.flag"),
                        Rule::compare("$.flag", Operator::BooleanEquals, true),
                    ]),
                    "Flag",
                ),
        )
        .state(Succeed::new("Big"))
        .state(Succeed::new("Log"))
        .state(Succeed::new("Old"))
        .state(Succeed::new("Flag"))
        .build()
        .unwrap();
    let route = |input: &str| {
        let e = machine.test().input(json(input)).run().unwrap();
        match e.status() {
            Status::Succeeded => e.states_entered()[1].to_owned(),
            Status::Failed { error, .. } => error.clone(),
            other => format!("{other:?}"),
        }
    };
    assert_eq!(route(r#"{"n": 11}"#), "Big");
    assert_eq!(route(r#"{"n": "11", "s": "log-1.txt"}"#), "Log");
    assert_eq!(
        route(r#"{"n": 1, "t": "2019-12-31T23:00:00-02:00"}"#),
        "States.Runtime"
    );
    assert_eq!(
        route(r#"{"n": 1, "s": "x", "t": "2019-12-31T20:00:00-02:00"}"#),
        "Old"
    );
    assert_eq!(
        route(r#"{"n": 1, "s": "x", "t": "2021-01-01T00:00:00Z", "flag": true}"#),
        "Flag"
    );
    assert_eq!(
        route(r#"{"n": 1, "s": "x", "t": "2021-01-01T00:00:00Z"}"#),
        "States.NoChoiceMatched"
    );
}

#[test]
fn parallel_branches_and_map_iterations() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Parallel::new("Both")
                .branch(Branch::new().state(Pass::new("A").result(Json::from("a"))))
                .branch(Branch::new().state(Pass::new("B").parameters(json(r#"{"x.$": "$.x"}"#))))
                .result_path("$.both"),
        )
        .state(
            Map::new("Each")
                .items_path("$.items")
                .item_selector(json(
                    r#"{"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"}"#,
                ))
                .state(Pass::new("Double").parameters(json(
                    r#"{"sum.$": "States.MathAdd($.v, $.v)", "i.$": "$.i"}"#,
                )))
                .result_path("$.doubled"),
        )
        .build()
        .unwrap();
    let e = machine
        .test()
        .input(json(r#"{"x": 1, "items": [1, 2]}"#))
        .run()
        .unwrap();
    assert!(e.succeeded(), "{e}");
    assert_eq!(
        e.output(),
        &json(
            r#"{"x": 1, "items": [1, 2], "both": ["a", {"x": 1}],
                  "doubled": [{"sum": 2, "i": 0}, {"sum": 4, "i": 1}]}"#
        )
    );
    assert_eq!(
        e.states_entered(),
        ["Both", "A", "B", "Each", "Double", "Double"]
    );
}

/// Developer guide, "Invoke an AWS Lambda function with Step Functions":
/// the optimized integration's result is the invocation's response, the
/// function's output under `Payload`.
#[test]
fn a_lambda_integration_gets_the_payload_and_wraps_the_result() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new("Invoke", "arn:aws:states:::lambda:invoke")
                .parameters(json(r#"{"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f", "Payload": {"id.$": "$.id"}}"#))
                .result_selector(json(r#"{"total.$": "$.Payload.total", "status.$": "$.StatusCode"}"#)),
        )
        .build()
        .unwrap();
    let e = machine
        .test()
        .input(json(r#"{"id": 7}"#))
        .mock("Invoke", |payload| {
            assert_eq!(payload, &json(r#"{"id": 7}"#));
            Ok(json(r#"{"total": 42}"#))
        })
        .run()
        .unwrap();
    assert_eq!(e.output(), &json(r#"{"total": 42, "status": 200}"#));
    // By resource, then by default.
    let e = machine
        .test()
        .input(json(r#"{"id": 7}"#))
        .mock_resource("arn:aws:states:::lambda:invoke", |_| {
            Ok(json(r#"{"total": 1}"#))
        })
        .run()
        .unwrap();
    assert_eq!(e.output().get("total"), Some(&Json::from(1)));
    let missing = machine
        .test()
        .input(json(r#"{"id": 7}"#))
        .run()
        .unwrap_err();
    assert_eq!(
        missing,
        RunError::NoMock {
            state: "Invoke".into(),
            resource: "arn:aws:states:::lambda:invoke".into()
        }
    );
}

/// Developer guide, "Passing data between states with variables": a value
/// assigned by one state is read as `$name` by a later one.
#[test]
fn variables_assigned_then_read() {
    let machine = StateMachine::builder("M")
        .state(Pass::new("Remember").assign(json(r#"{"who.$": "$.name", "count": 1}"#)))
        .state(Pass::new("Use").parameters(json(
            r#"{"greeting.$": "States.Format('hi {}', $who)", "n.$": "$count"}"#,
        )))
        .build()
        .unwrap();
    let e = machine
        .test()
        .input(json(r#"{"name": "Ada"}"#))
        .run()
        .unwrap();
    assert_eq!(
        e.output(),
        &json(r#"{"greeting": "hi Ada", "n": 1}"#),
        "{e}"
    );
}

#[test]
fn an_endless_loop_stops_at_the_history_limit() {
    let machine = StateMachine::builder("M")
        .state(Pass::new("A").next("B"))
        .state(
            Choice::new("B")
                .when(Rule::is_present("$"), "A")
                .otherwise("C"),
        )
        .state(Succeed::new("C"))
        .build()
        .unwrap();
    assert!(matches!(
        machine.test().run(),
        Err(RunError::TooManyEvents { .. })
    ));
}

/// JSONata: Output reads `$states.input`, Assign is evaluated on the values
/// before the state (a swap works), and an expression that gives
/// undefined fails with States.QueryEvaluationError. AWS:
/// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#[test]
fn jsonata_states_run() {
    let machine = StateMachine::builder("M")
        .query_language(QueryLanguage::Jsonata)
        .state(
            Pass::new("Init")
                .assign(json(r#"{"a": 1, "b": 2}"#))
                .output(Json::from("{% $states.input.n * 2 %}")),
        )
        .state(
            Pass::new("Swap")
                .assign(json(r#"{"a": "{% $b %}", "b": "{% $a %}"}"#))
                .output(Json::from("{% {'n': $states.input, 'a': $a} %}")),
        )
        .state(Pass::new("Read").output(Json::from("{% [$a, $b, $states.input.a] %}")))
        .build()
        .unwrap();
    let e = machine.test().input(json(r#"{"n": 21}"#)).run().unwrap();
    assert!(e.succeeded(), "{e}");
    assert_eq!(e.output(), &json("[2, 1, 1]"));

    let undefined = StateMachine::builder("M")
        .query_language(QueryLanguage::Jsonata)
        .state(Pass::new("P").output(Json::from("{% $states.input.missing %}")))
        .build()
        .unwrap();
    let e = undefined.test().run().unwrap();
    assert_eq!(e.error(), Some("States.QueryEvaluationError"));
}

/// An execution's path drawn on its machine: entered states and taken
/// transitions marked, the failing state in red.
#[test]
fn an_execution_draws_its_path() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Choice::new("Route")
                .when(
                    Rule::compare("$.n", Operator::NumericGreaterThan, 1i64),
                    "Big",
                )
                .otherwise("Small"),
        )
        .state(Fail::new("Big").error("TooBig"))
        .state(Succeed::new("Small"))
        .build()
        .unwrap();
    let e = machine.test().input(json(r#"{"n": 5}"#)).run().unwrap();
    let mermaid = e.to_mermaid();
    // n2 Route, n3 Big (failed), n4 Small (not entered); the start edge and Route → Big taken.
    assert!(mermaid.contains("  class n2 entered\n"), "{mermaid}");
    assert!(mermaid.contains("  class n3 failedhere\n"), "{mermaid}");
    assert!(!mermaid.contains("n4 entered"), "{mermaid}");
    assert!(mermaid.contains("  linkStyle "), "{mermaid}");
    assert!(format!("{e:#}").contains("flowchart TD"));
    let svg = e.to_svg();
    assert!(
        svg.contains("stroke=\"#c5221f\" stroke-width=\"3\""),
        "{svg}"
    );
}

/// Developer guide, "Task workflow state": a task that runs past its
/// `TimeoutSeconds` fails with `States.Timeout`; one that sends no
/// heartbeat within `HeartbeatSeconds` with `States.HeartbeatTimeout`.
#[test]
fn task_timeouts_and_heartbeats_on_the_virtual_clock() {
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new(
                "Slow",
                "arn:aws:lambda:us-east-1:123456789012:function:slow",
            )
            .timeout(60)
            .heartbeat(20),
        )
        .build()
        .unwrap();
    let quick = machine
        .test()
        .mock_default(|_| Ok(Json::Null))
        .takes("Slow", 10.0)
        .run()
        .unwrap();
    assert!(quick.succeeded());
    assert_eq!(quick.elapsed_seconds(), 10.0);
    let silent = machine
        .test()
        .mock_default(|_| Ok(Json::Null))
        .takes("Slow", 30.0)
        .run()
        .unwrap();
    assert_eq!(silent.error(), Some("States.HeartbeatTimeout"));
    assert_eq!(silent.elapsed_seconds(), 20.0);
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new(
                "Slow",
                "arn:aws:lambda:us-east-1:123456789012:function:slow",
            )
            .timeout(60),
        )
        .build()
        .unwrap();
    let late = machine
        .test()
        .mock_default(|_| Ok(Json::Null))
        .takes("Slow", 90.0)
        .run()
        .unwrap();
    assert_eq!(late.error(), Some("States.Timeout"));
    assert_eq!(late.elapsed_seconds(), 60.0);
}

/// AWS Step Functions pricing (https://aws.amazon.com/step-functions/pricing/):
/// an Express execution is billed a request and its duration rounded up to
/// 100 ms; a Standard one per state transition.
#[test]
fn what_an_execution_would_cost() {
    let machine = StateMachine::builder("M")
        .machine_type(MachineType::Express)
        .auto_catch(false)
        .state(Task::new(
            "Call",
            "arn:aws:lambda:us-east-1:123456789012:function:call",
        ))
        .state(Pass::new("Then"))
        .build()
        .unwrap();
    let e = machine
        .test()
        .mock_default(|_| Ok(Json::Null))
        .takes("Call", 0.234)
        .run()
        .unwrap();
    assert_eq!(e.express_billing(), (1, 300));
    assert_eq!(e.billed_transitions(), 3);
}

/// Parallel branches and Map iterations run at the same time on the virtual
/// clock; a Map starts iterations as its MaxConcurrency allows (AWS:
/// "MaxConcurrency … the upper bound on the number of Map iterations that
/// can run in parallel", https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
/// The history is in the order of the events' times.
#[test]
fn concurrent_work_shares_the_clock() {
    let parallel = json(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 10, "End": true}}},
            {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 20, "End": true}}}]}}}"#,
    );
    let e = read(&parallel).test().run().unwrap();
    assert_eq!(e.elapsed_seconds(), 20.0);
    let times: Vec<f64> = e.history().iter().map(|ev| ev.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // W1 exits (at 10 s) before W2 does (at 20 s).
    let exits: Vec<&str> = e
        .history()
        .iter()
        .filter(|ev| ev.kind == "WaitStateExited")
        .filter_map(|ev| ev.state.as_deref())
        .collect();
    assert_eq!(exits, ["W1", "W2"]);

    for (limit, elapsed) in [(0, 10.0), (1, 40.0), (2, 20.0), (3, 20.0)] {
        let map = json(&format!(
            r#"{{"StartAt": "M", "States": {{"M": {{"Type": "Map", "End": true, "MaxConcurrency": {limit},
                "ItemProcessor": {{"StartAt": "W", "States": {{"W": {{"Type": "Wait", "Seconds": 10, "End": true}}}}}}}}}}}}"#
        ));
        let e = read(&map).test().input(json("[1, 2, 3, 4]")).run().unwrap();
        assert_eq!(e.elapsed_seconds(), elapsed, "MaxConcurrency {limit}");
    }
}

fn read(definition: &Json) -> StateMachine {
    let mut machine = StateMachine::new("M");
    machine.definition = asl::read::definition(definition, "M", None).unwrap();
    machine
}
