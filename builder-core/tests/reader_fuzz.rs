//! The reader never panics, whatever JSON it is given, and what it reads
//! without error writes back and reads again into the same model. Seeded
//! random documents and mutations of valid ones, every type and field of
//! the table among the keys; and nesting far deeper than the limits.

use builder_core::asl::{self, fields};
use builder_core::check::{self, Options, Profile};
use builder_core::diag::Sink;
use builder_core::*;
use seeded_rng::Rng;

mod json_mutation;

/// Valid definitions covering every kind of state, both query languages,
/// an inline and a distributed map, and the deprecated `Iterator`.
const BASES: &[&str] = &[
    r#"{"Comment": "all kinds", "StartAt": "T", "TimeoutSeconds": 60, "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"a.$": "$.x", "b": [1, "s"]},
              "TimeoutSeconds": 30, "HeartbeatSecondsPath": "$.h", "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.out",
              "Retry": [{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 1.5, "JitterStrategy": "FULL", "Comment": "c"}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "F", "Comment": "c"}], "Next": "C"},
        "C": {"Type": "Choice", "Choices": [
              {"And": [{"Variable": "$.a", "NumericGreaterThan": 1}, {"Not": {"Variable": "$.b", "IsPresent": true, "Comment": "n"}}], "Next": "W"},
              {"Variable": "$.s", "StringMatches": "a*", "Next": "P", "Comment": "rule"}], "Default": "S"},
        "W": {"Type": "Wait", "SecondsPath": "$.w", "Next": "P"},
        "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Result": {"k": null}, "End": true}}}], "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "MaxConcurrency": 2,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "Next": "S"},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "ErrorPath": "$.e.Error", "Cause": "broken"}}}"#,
    r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"Payload": "{% $states.input %}"},
              "Output": "{% $states.result %}", "Assign": {"n": "{% 1 %}"}, "TimeoutSeconds": "{% 30 %}",
              "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Assign": {"e": 1}, "Next": "F"}], "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $n > 1 %}", "Next": "D", "Assign": {"m": 2}, "Output": {}}], "Default": "F", "Output": "{% 1 %}"},
        "D": {"Type": "Map", "Items": "{% [1, 2] %}", "ItemSelector": {"i": "{% $states.context.Map.Item.Value %}"}, "Label": "each",
              "ToleratedFailurePercentage": 5, "ToleratedFailureCount": "{% 2 %}",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 10}, "Arguments": {"Bucket": "b", "Key": "k"}},
              "ItemBatcher": {"MaxItemsPerBatch": 5, "BatchInput": {"x": 1}},
              "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "b", "Prefix": "p"}, "WriterConfig": {"OutputType": "JSONL", "Transformation": "NONE"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true},
        "F": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "{% 'C' %}"}}}"#,
    r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "Parameters": {"a.$": "$"}, "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": 1, "End": true}}}, "End": true}}}"#,
];

/// Keys the mutations use: every field of the table and a few strangers.
fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = fields::STATE.iter().map(|f| f.key).collect();
    keys.extend(fields::RETRIER.iter().map(|f| f.key));
    keys.extend(fields::CATCHER.iter().map(|f| f.key));
    keys.extend(fields::ITEM_READER.iter().map(|f| f.key));
    keys.extend(fields::READER_CONFIG.iter().map(|f| f.key));
    keys.extend(fields::CHOICE_RULE_FIELDS);
    keys.extend(Operator::ALL.iter().map(|o| o.as_str()));
    keys.extend([
        "StartAt",
        "States",
        "Mode",
        "ExecutionType",
        "ProcessorConfig",
        "",
        "x.$",
        "\u{0}",
    ]);
    keys
}

fn scalar(rng: &mut Rng) -> Json {
    match rng.below(12) {
        0 => Json::Null,
        1 => Json::Bool(rng.below(2) == 0),
        2 => Json::from(rng.next_u64() as i64),
        3 => Json::from(rng.below(100)),
        4 => Json::from(f64::from_bits(rng.next_u64())),
        5 => Json::from(*rng.pick(&[
            "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "Nope",
        ])),
        6 => Json::from(*rng.pick(&[
            "JSONata",
            "JSONPath",
            "DISTRIBUTED",
            "INLINE",
            "EXPRESS",
            "FULL",
        ])),
        7 => Json::from(*rng.pick(&[
            "$",
            "$.a",
            "$$.Map.Item.Value",
            "$[",
            "$.a[?(@.b > 1)]",
            "States.Format('{}', $.a)",
            "$var.x",
        ])),
        8 => Json::from(*rng.pick(&["{% 1 %}", "{% $states.input %}", "{%", "%}", "{% %}"])),
        9 => Json::from(*rng.pick(&["T", "C", "W", "P", "M", "S", "F", "D", "I", "X", "A"])),
        10 => Json::from("2024-01-01T00:00:00Z"),
        _ => Json::from("arn:aws:states:::lambda:invoke"),
    }
}

fn random(rng: &mut Rng, keys: &[&'static str], depth: usize) -> Json {
    if depth > 5 || rng.below(3) == 0 {
        return scalar(rng);
    }
    match rng.below(2) {
        0 => Json::Array(
            (0..rng.below(4))
                .map(|_| random(rng, keys, depth + 1))
                .collect(),
        ),
        _ => Json::Object(
            (0..rng.below(6))
                .map(|_| ((*rng.pick(keys)).to_owned(), random(rng, keys, depth + 1)))
                .collect(),
        ),
    }
}

/// Reads, and when that succeeds: validates in both profiles, writes,
/// reads again — the same model.
fn exercise(json: &Json) -> bool {
    let Ok(definition) = asl::read::definition(json, "M", None) else {
        return false;
    };
    let mut machine = StateMachine::new("M");
    machine.definition = definition;
    for profile in [Profile::Asl, Profile::ServerlessPlugin] {
        let mut sink = Sink::default();
        check::check(
            &machine,
            Options {
                profile,
                ..Options::default()
            },
            &mut sink,
        );
    }
    let written = asl::write::definition(
        &machine.definition,
        "arn:aws:states:us-east-1:1:stateMachine:M",
    );
    let again = asl::read::definition(&written, "M", None).unwrap_or_else(|e| {
        panic!(
            "what was read does not read back: {e}\n{}",
            written.to_json_string()
        )
    });
    assert_eq!(again, machine.definition, "{}", written.to_json_string());
    true
}

#[test]
fn mutated_definitions_never_panic_and_what_reads_round_trips() {
    let keys = keys();
    let bases: Vec<Json> = BASES.iter().map(|b| from_json_str(b).unwrap()).collect();
    for base in &bases {
        assert!(
            exercise(base),
            "a base must read: {}",
            base.to_json_string()
        );
    }
    let mut rng = Rng::new(0x5eed_1234_abcd_0001);
    let mut read = 0;
    for _ in 0..20000 {
        let mut json = rng.pick(&bases).clone();
        for _ in 0..=rng.below(3) {
            json_mutation::mutate(&mut json, &mut rng, &keys, |rng, depth| {
                random(rng, &keys, depth)
            });
        }
        read += usize::from(exercise(&json));
    }
    // Some mutations keep the definition valid enough to read.
    assert!(read > 1000, "only {read} mutants were readable");
}

#[test]
fn random_documents_never_panic() {
    let keys = keys();
    let mut rng = Rng::new(0x5eed_1234_abcd_0002);
    for _ in 0..10000 {
        let mut json = random(&mut rng, &keys, 0);
        if let Json::Object(pairs) = &mut json {
            pairs.push(("StartAt".into(), scalar(&mut rng)));
            pairs.push(("States".into(), random(&mut rng, &keys, 1)));
        }
        exercise(&json);
    }
}

#[test]
fn nesting_beyond_the_limits_is_an_error_not_a_stack_overflow() {
    // Maps in maps, far deeper than the reader follows (600 levels: deeper
    // than any text parser hands over — serde_json stops at 128).
    let mut body = Json::object([
        ("StartAt", Json::from("L")),
        (
            "States",
            Json::object([("L", Json::object([("Type", "Succeed")]))]),
        ),
    ]);
    for _ in 0..600 {
        let map = Json::object([
            ("Type", Json::from("Map")),
            ("End", Json::from(true)),
            ("ItemProcessor", body),
        ]);
        body = Json::object([
            ("StartAt", Json::from("N")),
            ("States", Json::object([("N", map)])),
        ]);
    }
    let e = asl::read::definition(&body, "M", None).unwrap_err();
    assert!(e.has(Code::TooDeeplyNested), "{e}");
    // `Not` in `Not`, and JSON in JSON.
    let mut rule = Json::object([
        ("Variable", Json::from("$.x")),
        ("IsPresent", Json::from(true)),
    ]);
    let mut payload = Json::Null;
    for _ in 0..600 {
        rule = Json::object([("Not", rule)]);
        payload = Json::array([payload]);
    }
    let mut choice = match rule {
        Json::Object(pairs) => pairs,
        _ => unreachable!(),
    };
    choice.push(("Next".into(), Json::from("S")));
    let definition = Json::object([
        ("StartAt", Json::from("C")),
        (
            "States",
            Json::object([
                (
                    "C",
                    Json::object([
                        ("Type", Json::from("Choice")),
                        ("Choices", Json::Array(vec![Json::Object(choice)])),
                    ]),
                ),
                (
                    "S",
                    Json::object([
                        ("Type", Json::from("Pass")),
                        ("Result", payload),
                        ("End", Json::from(true)),
                    ]),
                ),
            ]),
        ),
    ]);
    let e = asl::read::definition(&definition, "M", None).unwrap_err();
    assert!(e.has(Code::InvalidJson), "{e}");
}
