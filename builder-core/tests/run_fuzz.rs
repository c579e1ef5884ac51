//! The engine on mocks that return anything: a JSONata machine and a JSONPath
//! machine whose fields read the task's result in many ways, run against
//! 3,000 seeded random results and failures. Every run ends in an execution
//! (succeeded, or failed with the error AWS raises: States.Runtime,
//! States.QueryEvaluationError, States.ResultPathMatchFailure, ...) or a
//! `RunError`; none panics.

use builder_core::run::Failure;
use builder_core::*;
use seeded_rng::Rng;

fn json(text: &str) -> Json {
    from_json_str(text).unwrap()
}

/// A random JSON value of at most `depth` levels, with the keys the
/// machines read (`a`, `b`, `items`) often present.
fn value(rng: &mut Rng, depth: usize) -> Json {
    let keys = ["a", "b", "items", "n", "x"];
    match rng.below(if depth == 0 { 5 } else { 8 }) {
        0 => Json::Null,
        1 => Json::Bool(rng.below(2) == 0),
        2 => Json::from(rng.below(2000) as i64 - 1000),
        3 => Json::from(["", "a", "{%", "$.a", "1e400", "é😀"][rng.below(6)]),
        4 => Json::from(rng.below(1000) as f64 / 7.0),
        5 | 6 => Json::Object(
            (0..rng.below(4))
                .map(|_| {
                    (
                        keys[rng.below(keys.len())].to_owned(),
                        value(rng, depth - 1),
                    )
                })
                .collect(),
        ),
        _ => Json::Array((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
    }
}

const JSONATA: &str = r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
           "Arguments": {"in": "{% $states.input %}"},
           "Assign": {"r": "{% $states.result %}", "n": "{% $count($states.result.items) %}"},
           "Output": {"a": "{% $states.result.a %}", "all": "{% $states.result %}"},
           "TimeoutSeconds": "{% $exists($states.input.t) ? $states.input.t : 60 %}",
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught",
                      "Output": "{% $states.errorOutput %}"}],
           "Next": "Route"},
  "Route": {"Type": "Choice", "Choices": [
      {"Condition": "{% $n > 1 %}", "Next": "Each"},
      {"Condition": "{% $states.input.a = 'a' %}", "Next": "Wait", "Output": "{% $r.b %}"}],
    "Default": "Done"},
  "Each": {"Type": "Map", "Items": "{% $r.items %}",
           "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"},
           "ItemProcessor": {"StartAt": "Item", "States": {
             "Item": {"Type": "Pass", "Output": "{% $string($states.input.v) & '!' %}", "End": true}}},
           "Next": "Done"},
  "Wait": {"Type": "Wait", "Seconds": "{% $abs($number($states.input ? 1 : 0)) %}", "Next": "Done"},
  "Caught": {"Type": "Fail", "Error": "{% $states.input.Error %}", "Cause": "{% $string($states.input) %}"},
  "Done": {"Type": "Succeed", "Output": "{% $r %}"}
}}"#;

const JSONPATH: &str = r#"{"StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
           "ResultSelector": {"a.$": "$.a", "len.$": "States.ArrayLength($.items)"},
           "ResultPath": "$.result", "Assign": {"x.$": "$.a"},
           "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}],
           "Next": "Route"},
  "Route": {"Type": "Choice", "Choices": [
      {"Variable": "$.result.len", "NumericGreaterThan": 1, "Next": "Each"},
      {"Variable": "$.result.a", "StringEquals": "a", "Next": "Done"}],
    "Default": "Done"},
  "Each": {"Type": "Map", "ItemsPath": "$.result.a",
           "ItemProcessor": {"StartAt": "Item", "States": {
             "Item": {"Type": "Pass", "Parameters": {"v.$": "States.JsonToString($)"}, "End": true}}},
           "ResultPath": "$.each", "Next": "Done"},
  "Done": {"Type": "Succeed", "OutputPath": "$.result"}
}}"#;

fn machine(text: &str) -> StateMachine {
    let definition = asl::read::definition(&json(text), "Fuzz", None).unwrap();
    let mut machine = StateMachine::new("Fuzz");
    machine.definition = definition;
    machine
}

#[test]
fn three_thousand_random_results_never_panic() {
    let machines = [machine(JSONATA), machine(JSONPATH)];
    let mut rng = Rng::new(0x0F0F_5EED);
    let (mut succeeded, mut failed, mut refused) = (0, 0, 0);
    let mut errors = std::collections::BTreeMap::new();
    for i in 0..3_000u64 {
        let m = &machines[(i % 2) as usize];
        let input = value(&mut rng, 3);
        // Mostly results of the shape the machines read, with random parts.
        let result = if rng.below(10) < 7 {
            Json::Object(vec![
                ("a".into(), value(&mut rng, 2)),
                (
                    "items".into(),
                    Json::Array((0..rng.below(4)).map(|_| value(&mut rng, 2)).collect()),
                ),
                ("b".into(), value(&mut rng, 2)),
            ])
        } else {
            value(&mut rng, 4)
        };
        let fail = rng.below(8) == 0;
        let run = m
            .test()
            .input(input)
            .seed(i)
            .mock("Call", move |_| {
                if fail {
                    Err(Failure::new("Task.Boom", "random failure"))
                } else {
                    Ok(result.clone())
                }
            })
            .run();
        match run {
            Ok(e) if e.succeeded() => succeeded += 1,
            Ok(e) => {
                failed += 1;
                *errors
                    .entry(e.error().unwrap_or("").to_owned())
                    .or_insert(0) += 1;
            }
            Err(_) => refused += 1,
        }
    }
    println!("{succeeded} succeeded, {failed} failed ({errors:?}), {refused} refused");
    // The random results must reach both outcomes.
    assert!(
        succeeded > 100 && failed > 100,
        "{succeeded} / {failed} / {refused}"
    );
}
