//! The local engine against the examples of the AWS Step Functions developer
//! guide that show an input and the documented result of a processing step:
//! "Transforming data with JSONata in Step Functions", "Passing data between
//! states with variables" and "Processing input and output in Step
//! Functions". Each machine is the guide's ASL (read by the ASL reader), run
//! with `machine.test()`; each assertion is the value the page documents, or
//! follows from the page's own words where it shows no value (quoted).

use builder_core::run::jsonata;
use builder_core::*;

fn json(text: &str) -> Json {
    from_json_str(text).unwrap_or_else(|e| panic!("test JSON: {e}\n{text}"))
}

/// A machine from ASL JSON text, as the guide writes it.
fn machine(text: &str) -> StateMachine {
    let definition = asl::read::definition(&json(text), "M", None)
        .unwrap_or_else(|e| panic!("reader: {e}\n{text}"));
    let mut machine = StateMachine::new("M");
    machine.definition = definition;
    machine
}

/// Runs `text` on `input` (Tasks answer with their own input) and returns
/// the output of the successful execution.
fn output_of(text: &str, input: &str) -> Json {
    let execution = machine(text)
        .test()
        .input(json(input))
        .mock_default(|input| Ok(input.clone()))
        .run()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(execution.succeeded(), "{execution}");
    execution.output().clone()
}

/// The error of a failed execution of `text` on `input`.
fn error_of(text: &str, input: &str) -> String {
    let execution = machine(text)
        .test()
        .input(json(input))
        .mock_default(|input| Ok(input.clone()))
        .run()
        .unwrap_or_else(|e| panic!("{e}"));
    execution
        .error()
        .unwrap_or_else(|| panic!("expected a failure: {execution}"))
        .to_owned()
}

/// One JSONata Pass state whose `Output` is `output`, after a Pass that
/// assigns `assign` (a JSON object).
fn jsonata_pass(assign: &str, output: &str) -> String {
    format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {{
            "Init": {{"Type": "Pass", "Assign": {assign}, "Next": "P"}},
            "P": {{"Type": "Pass", "Output": {output}, "End": true}}}}}}"#
    )
}

fn number(value: &Json) -> f64 {
    match value {
        Json::Number(n) => n.as_f64(),
        other => panic!("not a number: {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Transforming data with JSONata in Step Functions
// ---------------------------------------------------------------------------

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "The following code samples show a conversion from JSONPath to JSONata":
/// "Given input `{ "title" : "Doctor" }` and variable `customerName` assigned
/// to `"María"`, both state machines will produce the following JSON result".
#[test]
fn the_jsonpath_to_jsonata_conversion_sample() {
    let expected = json(
        r#"{"static": "Hello", "title": "Doctor", "name": "María", "not-evaluated": "$customerName"}"#,
    );
    // Each sample sets its `QueryLanguage` on the state ("Set explicitly;
    // could be set and inherited from top-level"), in a machine of the other
    // language, and the variable is assigned by the state before.
    let jsonpath = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"customerName": "María"}, "Next": "Task"},
        "Task": {"QueryLanguage": "JSONPath", "Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Greet",
                 "Parameters": {"static": "Hello", "title.$": "$.title",
                                "name.$": "$customerName", "not-evaluated": "$customerName"},
                 "End": true}}}"#;
    let jsonata = r#"{"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"customerName": "María"}, "Next": "Task"},
        "Task": {"QueryLanguage": "JSONata", "Type": "Task",
                 "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Greet",
                 "Arguments": {"static": "Hello", "title": "{% $states.input.title %}",
                               "name": "{% $customerName %}", "not-evaluated": "$customerName"},
                 "End": true}}}"#;
    for text in [jsonpath, jsonata] {
        // The task's result is what it received: the result the page shows.
        let execution = machine(text)
            .test()
            .input(json(r#"{ "title" : "Doctor" }"#))
            .mock("Task", |input| Ok(input.clone()))
            .run()
            .unwrap();
        assert!(execution.succeeded(), "{execution}");
        assert_eq!(execution.output(), &expected, "{text}");
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Example: Input and Output": "Test state or state machine execution will
/// return the following JSON output".
#[test]
fn example_input_and_output() {
    let definition = r#"{
        "Comment": "Input and Output example using JSONata",
        "QueryLanguage": "JSONata",
        "StartAt": "Basic Input and Output",
        "States": {
            "Basic Input and Output": {
                "QueryLanguage": "JSONata",
                "Type": "Succeed",
                "Output": {
                    "lastName": "{% 'Last=>' & $states.input.customer.lastName %}",
                    "orderValue": "{% $states.input.order.total %}"
                }
            }
        }
    }"#;
    let input = r#"{"customer": {"firstName": "Martha", "lastName": "Rivera"},
                    "order": {"items": 7, "total": 27.91}}"#;
    assert_eq!(
        output_of(definition, input),
        json(r#"{"lastName": "Last=>Rivera", "orderValue": 27.91}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Example: Filtering with JSONata": "Output from testing the step in your
/// state machine".
#[test]
fn example_filtering_with_jsonata() {
    let definition = r#"{
        "Comment": "Filter products using JSONata",
        "QueryLanguage": "JSONata",
        "StartAt": "FilterDietProducts",
        "States": {
            "FilterDietProducts": {
                "Type": "Pass",
                "Output": {"dietProducts": "{% $states.input.products[calories=0] %}"},
                "End": true
            }
        }
    }"#;
    let input = r#"{"products": [
        {"calories": 140, "flavour": "Cola", "name": "Product-1"},
        {"calories": 0, "flavour": "Cola", "name": "Product-2"},
        {"calories": 160, "flavour": "Orange", "name": "Product-3"},
        {"calories": 100, "flavour": "Orange", "name": "Product-4"},
        {"calories": 0, "flavour": "Lime", "name": "Product-5"}]}"#;
    assert_eq!(
        output_of(definition, input),
        json(
            r#"{"dietProducts": [
                {"calories": 0, "flavour": "Cola", "name": "Product-2"},
                {"calories": 0, "flavour": "Lime", "name": "Product-5"}]}"#
        )
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Writing JSONata expressions in JSON strings": "`"Items": [1, "{% $two %}",
/// 3]` in a `Map` state"; "Output can also accept any type of JSON value too,
/// for example: `"Output":true`, `"Output":42`".
#[test]
fn expressions_inside_arrays_and_constant_outputs() {
    let map = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"two": 2}, "Next": "Map"},
        "Map": {"Type": "Map", "Items": [1, "{% $two %}", 3],
                "ItemProcessor": {"StartAt": "Item", "States": {
                    "Item": {"Type": "Pass", "End": true}}},
                "End": true}}}"#;
    assert_eq!(output_of(map, "{}"), json("[1, 2, 3]"));
    for constant in ["true", "42"] {
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "P", "States": {{
                "P": {{"Type": "Pass", "Output": {constant}, "End": true}}}}}}"#
        );
        assert_eq!(output_of(&text, r#"{"ignored": 1}"#), json(constant));
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Reserved variable : $states": "`$states.input` always refers to the
/// original state input"; "`$states.result` refers to the API or
/// sub-workflow's raw result if successful"; "`$states.errorOutput` can be
/// used in the `Catch` field's `Assign` or `Output`".
#[test]
fn states_input_result_and_error_output() {
    let definition = r#"{"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                 "Arguments": {"n": "{% $states.input.n + 1 %}"},
                 "Output": {"input": "{% $states.input %}", "result": "{% $states.result %}"},
                 "Next": "Fails"},
        "Fails": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:G",
                  "Catch": [{"ErrorEquals": ["States.ALL"],
                             "Assign": {"caught": "{% $states.errorOutput.Error %}"},
                             "Output": {"error": "{% $states.errorOutput %}",
                                        "input": "{% $states.input %}"},
                             "Next": "Report"}],
                  "End": true},
        "Report": {"Type": "Pass", "Output": {"caught": "{% $caught %}",
                                              "output": "{% $states.input %}"},
                   "End": true}}}"#;
    let execution = machine(definition)
        .test()
        .input(json(r#"{"n": 1}"#))
        .mock("Call", |input| {
            Ok(json(&format!(r#"{{"got": {}}}"#, input.to_json_string())))
        })
        .mock("Fails", |_| Err(run::Failure::new("Custom.Error", "boom")))
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    let first = json(r#"{"input": {"n": 1}, "result": {"got": {"n": 2}}}"#);
    assert_eq!(
        execution.output(),
        &json(&format!(
            r#"{{"caught": "Custom.Error", "output": {{
                "error": {{"Error": "Custom.Error", "Cause": "boom"}},
                "input": {}}}}}"#,
            first.to_json_string()
        ))
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Handling expression errors": "Failure to return a result - JSON cannot
/// represent an undefined value expression, so the expression `{%
/// $data.thisFieldDoesNotExist %}` would result in an error"; "Type error -
/// An expression, such as `{% $x + $y %}`, will fail if `$x` or `$y` is not
/// a number"; "the interpreter will throw the error:
/// `States.QueryEvaluationError`. Your Task, Map, and Parallel states can
/// provide a `Catch` field to catch the error".
#[test]
fn expression_errors_are_query_evaluation_errors_that_a_catch_catches() {
    let undefined = jsonata_pass(
        r#"{"data": {"a": 1}}"#,
        r#""{% $data.thisFieldDoesNotExist %}""#,
    );
    assert_eq!(error_of(&undefined, "{}"), "States.QueryEvaluationError");
    let type_error = jsonata_pass(r#"{"x": "three", "y": 4}"#, r#""{% $x + $y %}""#);
    assert_eq!(error_of(&type_error, "{}"), "States.QueryEvaluationError");
    let caught = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"data": {"a": 1}}, "Next": "Call"},
        "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                 "Arguments": {"value": "{% $data.thisFieldDoesNotExist %}"},
                 "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"],
                            "Output": "{% $states.errorOutput.Error %}",
                            "Next": "Recovered"}],
                 "End": true},
        "Recovered": {"Type": "Succeed"}}}"#;
    assert_eq!(
        output_of(caught, "{}"),
        json(r#""States.QueryEvaluationError""#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Handling expression errors": "Type incompatibility - ... the field
/// `TimeoutSeconds` requires a numeric input, so the expression `{% $timeout
/// %}` will fail if `$timeout` returns a string"; "Value out of range - ...
/// an expression such as `{% $evaluatesToNegativeNumber %}` will fail in the
/// `TimeoutSeconds` field"; both are `States.QueryEvaluationError`.
#[test]
fn a_timeout_expression_of_the_wrong_type_or_range_is_a_query_evaluation_error() {
    for value in [r#""ten""#, "-5"] {
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {{
                "Init": {{"Type": "Pass", "Assign": {{"timeout": {value},
                          "evaluatesToNegativeNumber": -5}}, "Next": "Call"}},
                "Call": {{"Type": "Task",
                          "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                          "TimeoutSeconds": "{{% $timeout %}}", "End": true}}}}}}"#
        );
        // Whether the task takes time or not, the field is evaluated.
        for seconds in [0.0, 1.0] {
            let execution = machine(&text)
                .test()
                .takes("Call", seconds)
                .mock("Call", |_| Ok(Json::Null))
                .run()
                .unwrap();
            assert_eq!(
                execution.error(),
                Some("States.QueryEvaluationError"),
                "{value}, {seconds} s: {execution}"
            );
        }
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "Assign and Output steps occur in parallel. If you choose to transform
/// data during variable assignment, that transformed data will not be
/// available in the Output step."
#[test]
fn assign_and_output_are_evaluated_in_parallel() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "Sum"},
        "Sum": {"Type": "Pass",
                "Assign": {"total": "{% $sum($states.input.prices) %}"},
                "Output": {"totalInOutput": "{% $total %}"}, "Next": "After"},
        "After": {"Type": "Pass",
                  "Output": {"before": "{% $states.input.totalInOutput %}", "after": "{% $total %}"},
                  "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"prices": [1, 2, 3]}"#),
        json(r#"{"before": 0, "after": 6}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$partition** - JSONata equivalent of `States.ArrayPartition`": "The
/// interpreter chunks the input array into multiple arrays of the size
/// specified by chunk size. The length of the last array chunk may be less
/// ..." — the page's `"arrayPartition": "{% $partition([1,2,3,4],
/// $states.input.chunkSize) %}"`, and the documented example of the
/// intrinsic it replaces
/// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html,
/// "States.ArrayPartition": `[1,2,3,4,5,6,7,8,9]` by 4 → `[ [1,2,3,4],
/// [5,6,7,8], [9]]`).
#[test]
fn partition_as_documented() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass",
              "Assign": {"arrayPartition": "{% $partition([1,2,3,4], $states.input.chunkSize) %}"},
              "Next": "Show"},
        "Show": {"Type": "Pass", "Output": "{% $arrayPartition %}", "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"chunkSize": 2}"#),
        json("[[1,2],[3,4]]")
    );
    assert_eq!(
        output_of(text, r#"{"chunkSize": 3}"#),
        json("[[1,2,3],[4]]")
    );
    let intrinsic_example = jsonata::evaluate(
        "$partition($states.input.inputArray, 4)",
        None,
        &[(
            "states",
            &json(r#"{"input": {"inputArray": [1,2,3,4,5,6,7,8,9]}}"#),
        )],
    )
    .unwrap();
    assert_eq!(
        intrinsic_example,
        Some(json("[ [1,2,3,4], [5,6,7,8], [9]]"))
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$range** - JSONata equivalent of `States.ArrayRange`": "The return
/// value is a newly-generated array of values ranging from the first
/// argument of the function to the second argument of the function with
/// elements in between adjusted by the delta. The delta value can be
/// positive or negative" — the page's `"arrayRange": "{% $range(0, 10, 2)
/// %}"`, and the documented example of the intrinsic
/// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html,
/// "States.ArrayRange(1, 9, 2)" → `[1,3,5,7,9]`).
#[test]
fn range_as_documented() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Assign": {"arrayRange": "{% $range(0, 10, 2) %}"}, "Next": "Show"},
        "Show": {"Type": "Pass", "Output": "{% $arrayRange %}", "End": true}}}"#;
    assert_eq!(output_of(text, "{}"), json("[0,2,4,6,8,10]"));
    let range = |expr: &str| jsonata::evaluate(expr, None, &[]).unwrap();
    assert_eq!(range("$range(1, 9, 2)"), Some(json("[1,3,5,7,9]")));
    assert_eq!(range("$range(10, 0, -2)"), Some(json("[10,8,6,4,2,0]")));
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$hash** - JSONata equivalent of the `States.Hash` intrinsic function":
/// "The hashing algorithm must be one of the following values: "MD5",
/// "SHA-1", "SHA-256", "SHA-384", "SHA-512". The return value is a string of
/// the calculated hash of the data" — the page's `"myHash": "{%
/// $hash($states.input.content, $hashAlgorithmName) %}"`, compared with
/// `States.Hash` on the data of its documented example (intrinsic-functions
/// page: `{"Data": "input data", "Algorithm": "SHA-1"}`; its printed digest,
/// `aaff4a450a104cd177d28d18d7485e8cae074b7`, has 39 digits, a typo, so the
/// equivalence is what is pinned).
#[test]
fn hash_is_the_jsonata_states_hash() {
    for algorithm in ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"] {
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {{
                "Init": {{"Type": "Pass", "Assign": {{"hashAlgorithmName": "{algorithm}"}},
                          "Next": "Hash"}},
                "Hash": {{"Type": "Pass",
                          "Assign": {{"myHash": "{{% $hash($states.input.content, $hashAlgorithmName) %}}"}},
                          "Next": "Intrinsic"}},
                "Intrinsic": {{"QueryLanguage": "JSONPath", "Type": "Pass",
                          "Parameters": {{"jsonata.$": "$myHash",
                                          "intrinsic.$": "States.Hash($.content, $hashAlgorithmName)"}},
                          "End": true}}}}}}"#
        );
        let out = output_of(&text, r#"{"content": "input data"}"#);
        let from_jsonata = out.get("jsonata").and_then(Json::as_str).unwrap();
        assert_eq!(
            Some(from_jsonata),
            out.get("intrinsic").and_then(Json::as_str)
        );
        assert!(
            !from_jsonata.is_empty() && from_jsonata.chars().all(|c| c.is_ascii_hexdigit()),
            "{algorithm}: {from_jsonata}"
        );
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$random** - ... return a random number n where `0 ≤ n < 1`. The
/// function takes an optional integer argument representing the seed value
/// of the random function. If you use this function with the same seed
/// value, it returns an identical number." — the page's `"randNoSeed": "{%
/// $random() %}"`, `"randSeeded": "{% $random($states.input.seed) %}"`.
#[test]
fn random_with_and_without_a_seed() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass",
              "Assign": {"randNoSeed": "{% $random() %}",
                         "randSeeded": "{% $random($states.input.seed) %}"},
              "Next": "Again"},
        "Again": {"Type": "Pass",
                  "Output": {"randNoSeed": "{% $randNoSeed %}", "randSeeded": "{% $randSeeded %}",
                             "again": "{% $random($states.input.seed) %}"},
                  "End": true}}}"#;
    let out = output_of(text, r#"{"seed": 42}"#);
    for key in ["randNoSeed", "randSeeded", "again"] {
        let n = number(out.get(key).unwrap());
        assert!((0.0..1.0).contains(&n), "{key}: {n}");
    }
    assert_eq!(out.get("randSeeded"), out.get("again"));
    // Another execution, the same seed: the same number.
    assert_eq!(
        output_of(text, r#"{"seed": 42}"#).get("randSeeded"),
        out.get("randSeeded")
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$uuid** - JSONata version of the `States.UUID` intrinsic function. The
/// function takes no arguments. This function return a v4 UUID." — the
/// page's `"uniqueId": "{% $uuid() %}"`.
#[test]
fn uuid_is_a_version_4_uuid() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Assign": {"uniqueId": "{% $uuid() %}"}, "Next": "Show"},
        "Show": {"Type": "Pass", "Output": ["{% $uniqueId %}", "{% $uuid() %}"], "End": true}}}"#;
    let out = output_of(text, "{}");
    let Json::Array(ids) = &out else {
        panic!("{out:?}")
    };
    for id in ids {
        let id = id.as_str().unwrap();
        let groups: Vec<&str> = id.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{id}");
        assert!(
            groups
                .iter()
                .all(|g| g.chars().all(|c| c.is_ascii_hexdigit())),
            "{id}"
        );
        assert!(groups[2].starts_with('4'), "version 4: {id}");
        assert!(
            groups[3].starts_with(['8', '9', 'a', 'b', 'A', 'B']),
            "RFC 4122 variant: {id}"
        );
    }
    assert_ne!(ids[0], ids[1]);
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html —
/// "**$parse** - JSONata function to deserialize JSON strings. The function
/// takes a stringified JSON as its only argument." — the page's
/// `"deserializedPayload": "{% $parse($states.input.json_string) %}"`, on the
/// escaped string of the intrinsic-functions page's `States.StringToJson`
/// example (→ `{ "foo": "bar" }`).
#[test]
fn parse_deserializes_a_json_string() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass",
              "Assign": {"deserializedPayload": "{% $parse($states.input.json_string) %}"},
              "Next": "Show"},
        "Show": {"Type": "Pass", "Output": "{% $deserializedPayload %}", "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"json_string": "{\"foo\": \"bar\"}"}"#),
        json(r#"{ "foo": "bar" }"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html —
/// "Choice Rules (JSONata)": "`Condition` field – a JSONata expression that
/// evaluates to true/false", with the page's four rules ("checks whether the
/// numerical value is equal to `1`", "whether the `type` variable is equal
/// to `local`", "whether the string is greater than `MyStringABC`", "whether
/// the string is not null"); Step Functions "transitions to the state
/// specified in the `Next` field of the first Choice Rule" that matches.
#[test]
fn choice_rules_with_jsonata_conditions() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass",
                 "Assign": {"foo": "{% $states.input.foo %}", "type": "{% $states.input.type %}",
                            "possiblyNullValue": "{% $states.input.possiblyNullValue %}"},
                 "Next": "Choose"},
        "Choose": {"Type": "Choice", "Default": "NoMatch", "Choices": [
            {"Condition": "{% $foo = 1 %}", "Next": "NumericMatchState"},
            {"Condition": "{% $type = 'local' %}", "Next": "StringMatchState"},
            {"Condition": "{% $foo > 'MyStringABC' %}", "Next": "StringGreaterMatchState"},
            {"Condition": "{% $possiblyNullValue != null and $possiblyNullValue = 42 %}",
             "Next": "NotNullAnd42"}]},
        "NumericMatchState": {"Type": "Succeed"},
        "StringMatchState": {"Type": "Succeed"},
        "StringGreaterMatchState": {"Type": "Succeed"},
        "NotNullAnd42": {"Type": "Succeed"},
        "NoMatch": {"Type": "Succeed"}}}"#;
    let machine = machine(text);
    for (input, last) in [
        (
            r#"{"foo": 1, "type": "local", "possiblyNullValue": 42}"#,
            "NumericMatchState",
        ),
        (
            r#"{"foo": "x", "type": "local", "possiblyNullValue": 42}"#,
            "StringMatchState",
        ),
        (
            r#"{"foo": "MyStringXYZ", "type": "remote", "possiblyNullValue": 42}"#,
            "StringGreaterMatchState",
        ),
        (
            r#"{"foo": "A", "type": "remote", "possiblyNullValue": 42}"#,
            "NotNullAnd42",
        ),
        (
            r#"{"foo": "A", "type": "remote", "possiblyNullValue": null}"#,
            "NoMatch",
        ),
    ] {
        let execution = machine.test().input(json(input)).run().unwrap();
        assert!(execution.succeeded(), "{execution}");
        assert_eq!(execution.states_entered().last(), Some(&last), "{input}");
    }
}

// ---------------------------------------------------------------------------
// Passing data between states with variables
// ---------------------------------------------------------------------------

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "To set a variable, provide a JSON object with variable names and values
/// ... To reference a variable, prepend the name with a dollar sign (`$`),
/// for example, `$productName`."
#[test]
fn assign_constants_and_reference_them() {
    let text = jsonata_pass(
        r#"{"productName": "product1", "count" : 42, "available" : true}"#,
        r#"{"productName": "{% $productName %}", "count": "{% $count %}",
            "available": "{% $available %}"}"#,
    );
    assert_eq!(
        output_of(&text, "{}"),
        json(r#"{"productName": "product1", "count": 42, "available": true}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Assign field in ASL": "# Example of Assign with JSONata" (the "Store
/// inputs" state: "Store the input desired price into a variable:
/// $desiredPrice").
#[test]
fn store_inputs_in_variables() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Store inputs", "States": {
        "Store inputs": {
            "Type": "Pass",
            "Next": "Get Current Price",
            "Comment": "Store the input desired price into a variable: $desiredPrice",
            "Assign": {
                "desiredPrice": "{% $states.input.desired_price %}",
                "maximumWait": "{% $states.input.max_days %}"
            }
        },
        "Get Current Price": {"Type": "Pass",
            "Output": {"desiredPrice": "{% $desiredPrice %}", "maximumWait": "{% $maximumWait %}"},
            "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"desired_price": 19.99, "max_days": 7}"#),
        json(r#"{"desiredPrice": 19.99, "maximumWait": 7}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "# Example of Task with JSONata assignment from result": "retrieves
/// `order.product` from the state input. The variable `currentPrice` is set
/// to a value from the result of the task"; and "assigning variable values
/// will not affect state Output".
#[test]
fn assign_from_the_state_input_and_the_task_result() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Get Current Price", "States": {
        "Get Current Price": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:price",
                          "Payload": "{% $states.input.order %}"},
            "Assign": {
                "product": "{% $states.input.order.product %}",
                "currentPrice": "{% $states.result.Payload.current_price %}"
            },
            "Next": "the next state"
        },
        "the next state": {"Type": "Pass",
            "Output": {"product": "{% $product %}", "currentPrice": "{% $currentPrice %}",
                       "payload": "{% $states.input.Payload %}"},
            "End": true}}}"#;
    let execution = machine(text)
        .test()
        .input(json(r#"{"order": {"product": "book"}}"#))
        .mock("Get Current Price", |payload| {
            assert_eq!(payload, &json(r#"{"product": "book"}"#));
            Ok(json(r#"{"current_price": 12.5}"#))
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.output(),
        &json(r#"{"product": "book", "currentPrice": 12.5, "payload": {"current_price": 12.5}}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Evaluation order in an assign field": "# Starting values: $x=3, $a=6 ...
/// # Ending values: $x=6, $nextX=3"; "The order in which the variables occur
/// in the `Assign` field does **not** matter"; "The new variable values will
/// be available starting with the **next** state".
#[test]
fn assign_evaluates_every_expression_before_assigning() {
    for assign in [
        r#"{"x": "{% $a %}", "nextX": "{% $x %}"}"#,
        r#"{"nextX": "{% $x %}", "x": "{% $a %}"}"#,
    ] {
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "Previous", "States": {{
                "Previous": {{"Type": "Pass", "Assign": {{"x": 3, "a": 6}}, "Next": "Assign"}},
                "Assign": {{"Type": "Pass", "Assign": {assign},
                            "Output": {{"x": "{{% $x %}}"}}, "Next": "Next"}},
                "Next": {{"Type": "Pass",
                          "Output": {{"xInAssignState": "{{% $states.input.x %}}",
                                      "x": "{{% $x %}}", "nextX": "{{% $nextX %}}"}},
                          "End": true}}}}}}"#
        );
        assert_eq!(
            output_of(&text, "{}"),
            json(r#"{"xInAssignState": 3, "x": 6, "nextX": 3}"#),
            "{assign}"
        );
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Evaluation order in an assign field": "If `$x` had not been previously
/// assigned, the example would **fail** because `$x` would be
/// *undefined*" (the error: transforming-data.html, "Handling expression
/// errors", "Failure to return a result" → `States.QueryEvaluationError`).
#[test]
fn assigning_from_an_unassigned_variable_fails() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Previous", "States": {
        "Previous": {"Type": "Pass", "Assign": {"a": 6}, "Next": "Assign"},
        "Assign": {"Type": "Pass", "Assign": {"x": "{% $a %}", "nextX": "{% $x %}"}, "End": true}}}"#;
    assert_eq!(error_of(text, "{}"), "States.QueryEvaluationError");
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Variable scope": "`Parallel` branches and `Map` iterations can access
/// variable values from **outer scopes**, but they do not have access to
/// variable values from other concurrent branches or iterations"; "When a
/// Parallel or Map state completes, all of their variables will go out of
/// scope ... Use the **Output field** to pass data out of Parallel branches
/// and Map iterations."
#[test]
fn map_iterations_read_outer_variables_and_keep_their_own() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "Map"},
        "Map": {"Type": "Map", "Items": "{% $states.input.items %}",
                "ItemProcessor": {"StartAt": "Scale", "States": {
                    "Scale": {"Type": "Pass", "Assign": {"scaled": "{% $states.input * $factor %}"},
                              "Next": "Emit"},
                    "Emit": {"Type": "Pass", "Output": "{% $scaled %}", "End": true}}},
                "Next": "After"},
        "After": {"Type": "Pass",
                  "Output": {"results": "{% $states.input %}", "factor": "{% $factor %}"},
                  "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"items": [1, 2, 3]}"#),
        json(r#"{"results": [10, 20, 30], "factor": 10}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Variable scope": branches "can refer to outer scope variables, but they
/// create and maintain their own separate workflow-local variables and
/// values"; "they do not have access to variable values from other
/// concurrent branches"; "Use the **Output field** to pass data out of
/// Parallel branches".
#[test]
fn parallel_branches_have_their_own_scope() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"greeting": "Hello"}, "Next": "Both"},
        "Both": {"Type": "Parallel", "Branches": [
            {"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Assign": {"who": "A"}, "Next": "A2"},
                "A2": {"Type": "Pass", "Output": "{% $greeting & ' ' & $who %}", "End": true}}},
            {"StartAt": "B", "States": {
                "B": {"Type": "Pass", "Assign": {"other": "B"}, "Next": "B2"},
                "B2": {"Type": "Pass",
                       "Output": {"seesOuter": "{% $greeting %}", "other": "{% $other %}"},
                       "End": true}}}],
            "Next": "After"},
        "After": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}"#;
    assert_eq!(
        output_of(text, "{}"),
        json(r#"["Hello A", {"seesOuter": "Hello", "other": "B"}]"#)
    );
    // Branch B reading branch A's `$who`, and the state after the Parallel
    // reading it ("When a Parallel or Map state completes, all of their
    // variables will go out of scope and stop being accessible"): undefined,
    // which transforming-data.html makes a `States.QueryEvaluationError`.
    for (from, to) in [
        (r#""other": "{% $other %}""#, r#""other": "{% $who %}""#),
        (
            r#""Output": "{% $states.input %}""#,
            r#""Output": "{% $who %}""#,
        ),
    ] {
        assert!(text.contains(from));
        let leaking = text.replace(from, to);
        assert_eq!(
            error_of(&leaking, "{}"),
            "States.QueryEvaluationError",
            "{to}"
        );
    }
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Variable scope": "When handling errors, the `Assign` field in a `Catch`
/// can assign values to variables in the outer scope, that is, the scope in
/// which the Parallel/Map state exists."
#[test]
fn a_catch_assigns_in_the_outer_scope() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Assign": {"status": "running"}, "Next": "Work"},
        "Work": {"Type": "Parallel", "Branches": [
            {"StartAt": "Call", "States": {
                "Call": {"Type": "Task",
                         "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                         "End": true}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"],
                       "Assign": {"status": "{% 'failed: ' & $states.errorOutput.Error %}"},
                       "Next": "Report"}],
            "End": true},
        "Report": {"Type": "Pass", "Output": {"status": "{% $status %}"}, "End": true}}}"#;
    let execution = machine(text)
        .test()
        .mock("Call", |_| Err(run::Failure::new("Custom.Error", "boom")))
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.output(),
        &json(r#"{"status": "failed: Custom.Error"}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Assigning variables in JSONPath": "# Example of Assign with JSONPath"
/// (`"products.$": "$.order..product"`, `"orderTotal.$": "$.order.total"`):
/// "In `Task,` `Map`, `Parallel` states, the `$` refers to the API/sub-workflow
/// result."
#[test]
fn jsonpath_assign_in_a_task_reads_the_result() {
    let text = r#"{"StartAt": "Task", "States": {
        "Task": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                 "Assign": {"products.$": "$.order..product", "orderTotal.$": "$.order.total"},
                 "Next": "the next state"},
        "the next state": {"Type": "Pass",
                 "Parameters": {"products.$": "$products", "orderTotal.$": "$orderTotal"},
                 "End": true}}}"#;
    let execution = machine(text)
        .test()
        .input(json(r#"{"order": {"total": 0, "lines": []}}"#))
        .mock("Task", |_| {
            Ok(json(
                r#"{"order": {"total": 30, "lines": [{"product": "pen"}, {"product": "ink"}]}}"#,
            ))
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.output(),
        &json(r#"{"products": ["pen", "ink"], "orderTotal": 30}"#)
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "Using variables in JSONPath states": "assigns a JSON object to the
/// `details` variable, the result of the JSONPath expression `$.result.code`
/// to `resultCode`, and the result of the JSONPath expression
/// `States.Format('Hello {}', $customer.name)` to `message` ... The
/// `startTime` variable is assigned with a value from the Context object,
/// `$$.Execution.StartTime`."
#[test]
fn jsonpath_assign_with_templates_intrinsics_and_the_context() {
    let text = r#"{"StartAt": "Customer", "States": {
        "Customer": {"Type": "Pass", "Assign": {"customer": {"name": "María"}}, "Next": "Task"},
        "Task": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                 "Assign": {
                     "details": {"status": "SUCCESS", "lineItems.$": "$.order.items"},
                     "resultCode.$": "$.result.code",
                     "message.$": "States.Format('Hello {}', $customer.name)",
                     "startTime.$": "$$.Execution.StartTime"
                 },
                 "Next": "Show"},
        "Show": {"Type": "Pass",
                 "Parameters": {"details.$": "$details", "resultCode.$": "$resultCode",
                                "message.$": "$message", "startTime.$": "$startTime",
                                "contextStartTime.$": "$$.Execution.StartTime",
                                "formatted.$": "States.Format('The order number is {}', $resultCode)"},
                 "End": true}}}"#;
    let execution = machine(text)
        .test()
        .mock("Task", |_| {
            Ok(json(
                r#"{"order": {"items": ["a", "b"]}, "result": {"code": 200}}"#,
            ))
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    let out = execution.output();
    assert_eq!(
        out.get("details"),
        Some(&json(r#"{"status": "SUCCESS", "lineItems": ["a", "b"]}"#))
    );
    assert_eq!(out.get("resultCode"), Some(&json("200")));
    assert_eq!(out.get("message"), Some(&json(r#""Hello María""#)));
    assert_eq!(out.get("startTime"), out.get("contextStartTime"));
    assert!(
        out.get("startTime").and_then(Json::as_str).is_some(),
        "{out:?}"
    );
    assert_eq!(
        out.get("formatted"),
        Some(&json(r#""The order number is 200""#))
    );
}

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html —
/// "For JSONPath states, the value of `$` in an `Assign` field depends on the
/// state type ... In `Choice` and `Wait` state, `$` refers to the *effective
/// input*, which is the value after `InputPath` has been applied to the state
/// input. For `Pass`, `$` refers to the result, whether generated by the
/// `Result` field or the `InputPath`/`Parameters` fields."
#[test]
fn jsonpath_assign_dollar_by_state_type() {
    let text = r#"{"StartAt": "Wait", "States": {
        "Wait": {"Type": "Wait", "Seconds": 1, "InputPath": "$.inner",
                 "Assign": {"fromWait.$": "$.v"}, "Next": "Choice"},
        "Choice": {"Type": "Choice", "InputPath": "$.inner",
                   "Choices": [{"Variable": "$.v", "StringEquals": "innermost",
                                "Assign": {"fromChoice.$": "$.v"}, "Next": "PassResult"}],
                   "Default": "PassResult"},
        "PassResult": {"Type": "Pass", "Result": {"v": "result"},
                       "Assign": {"fromResult.$": "$.v"}, "Next": "PassParameters"},
        "PassParameters": {"Type": "Pass", "Parameters": {"v": "parameters"},
                           "Assign": {"fromParameters.$": "$.v"}, "Next": "Show"},
        "Show": {"Type": "Pass",
                 "Parameters": {"wait.$": "$fromWait", "choice.$": "$fromChoice",
                                "result.$": "$fromResult", "parameters.$": "$fromParameters"},
                 "End": true}}}"#;
    assert_eq!(
        output_of(
            text,
            r#"{"v": "outer", "inner": {"v": "inner", "inner": {"v": "innermost"}}}"#
        ),
        json(
            r#"{"wait": "inner", "choice": "innermost", "result": "result", "parameters": "parameters"}"#
        )
    );
}

// ---------------------------------------------------------------------------
// Processing input and output in Step Functions
// ---------------------------------------------------------------------------

/// AWS: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html —
/// "With JSONata, you can retrieve state input from `$states.input` ... You
/// can retrieve the original state machine input at any point in your
/// workflow from `$states.context.Execution.Input`"; "Your state inputs will
/// pass through as state output by default, unless you **modify** the state
/// output."
#[test]
fn state_input_passes_through_and_the_execution_input_stays_reachable() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "Through", "States": {
        "Through": {"Type": "Pass", "Next": "Modify"},
        "Modify": {"Type": "Pass", "Output": {"changed": "{% $states.input.n * 2 %}"}, "Next": "Read"},
        "Read": {"Type": "Pass",
                 "Output": {"input": "{% $states.input %}",
                            "original": "{% $states.context.Execution.Input %}"},
                 "End": true}}}"#;
    assert_eq!(
        output_of(text, r#"{"n": 21}"#),
        json(r#"{"input": {"changed": 42}, "original": {"n": 21}}"#)
    );
}
