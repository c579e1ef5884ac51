//! Workflow variables: names, scopes and "may be unassigned", on ASL
//! definitions read by the reader (the same validator the macro and the
//! builders run). Rules: AWS developer guide, "Passing data between states
//! with variables" (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).

use builder_core::check::{self, Options, Profile};
use builder_core::diag::Sink;
use builder_core::from_json_str;
use builder_core::*;

/// Every diagnostic of an ASL definition: (code, location, message, notes).
fn diagnostics(text: &str) -> Vec<Diagnostic> {
    let json = from_json_str(text).expect("test JSON");
    let definition = match asl::read::definition(&json, "M", None) {
        Ok(d) => d,
        Err(e) => panic!("reader: {e}"),
    };
    let mut machine = StateMachine::new("M");
    machine.definition = definition;
    let mut sink = Sink::default();
    let options = Options {
        profile: Profile::Asl,
        ..Options::default()
    };
    check::check(&machine, options, &mut sink);
    sink.finish().into_iter().collect()
}

fn codes(text: &str) -> Vec<(Code, String)> {
    diagnostics(text)
        .into_iter()
        .map(|d| (d.code, d.location.to_string()))
        .collect()
}

fn only(text: &str, code: Code) -> Diagnostic {
    let all = diagnostics(text);
    assert_eq!(all.len(), 1, "expected one {code:?}, got {all:#?}");
    assert_eq!(all[0].code, code, "{all:#?}");
    all.into_iter().next().unwrap()
}

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:work";

#[test]
fn assigned_before_read_on_every_path_is_fine() {
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": true}}}"#;
    assert_eq!(codes(text), vec![]);
}

#[test]
fn a_choice_arm_that_skips_the_assignment() {
    let text = r#"{"StartAt": "Enough", "States": {
        "Enough": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big", "Assign": {"size": "big"}},
            {"Variable": "$.n", "NumericLessThan": 0, "Next": "Small"}],
          "Default": "Use", "Assign": {"size": "other"}},
        "Big": {"Type": "Pass", "Next": "Use"},
        "Small": {"Type": "Pass", "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"v.$": "$size"}, "End": true}}}"#;
    let d = only(text, Code::MaybeUnassigned);
    assert_eq!(d.location.to_string(), "M.States.Use.Parameters.v.$");
    assert!(
        d.message.contains("`$size` may be unassigned here"),
        "{}",
        d.message
    );
    let note = d.notes.join("\n");
    assert!(
        note.contains("`Enough` → `Small` → `Use`")
            && note.contains("when `Small` is taken at `Enough`"),
        "{note}"
    );
}

#[test]
fn an_assignment_only_on_the_catch_path() {
    let text = format!(
        r#"{{"StartAt": "Call", "States": {{
        "Call": {{"Type": "Task", "Resource": "{LAMBDA}", "Next": "Use",
                  "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Use", "Assign": {{"failed": true}}}}]}},
        "Use": {{"Type": "Pass", "Parameters": {{"v.$": "$failed"}}, "End": true}}}}}}"#
    );
    let d = only(&text, Code::MaybeUnassigned);
    assert!(d.notes.join("").contains("`Call` → `Use`"), "{:?}", d.notes);
}

#[test]
fn the_states_own_assign_is_not_taken_on_the_catch_path() {
    let text = format!(
        r#"{{"StartAt": "Call", "States": {{
        "Call": {{"Type": "Task", "Resource": "{LAMBDA}", "Next": "Use", "Assign": {{"r": 1}},
                  "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Use"}}]}},
        "Use": {{"Type": "Pass", "Parameters": {{"v.$": "$r"}}, "End": true}}}}}}"#
    );
    let d = only(&text, Code::MaybeUnassigned);
    assert!(
        d.notes.join("").contains("when `Call` fails into `Use`"),
        "{:?}",
        d.notes
    );
}

#[test]
fn a_read_in_the_state_that_assigns_sees_the_old_value() {
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1, "y.$": "$x"}, "End": true}}}"#;
    let d = only(text, Code::MaybeUnassigned);
    assert_eq!(d.location.to_string(), "M.States.A.Assign.y.$");
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("take effect after it"),
        "{:?}",
        d.help
    );
}

#[test]
fn loops_that_assign_before_every_read_are_fine() {
    // A → B → C → B ...: B reads x, which A assigns before the loop and C
    // on every turn.
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 0}, "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$x", "NumericLessThan": 3, "Next": "C"}], "Default": "D"},
        "C": {"Type": "Pass", "Assign": {"x.$": "States.MathAdd($x, 1)"}, "Next": "B"},
        "D": {"Type": "Succeed"}}}"#;
    assert_eq!(codes(text), vec![]);
}

#[test]
fn a_loop_entered_without_the_assignment_is_reported() {
    // The assignment is inside the loop, after the read.
    let text = r#"{"StartAt": "B", "States": {
        "B": {"Type": "Choice", "Choices": [{"Variable": "$x", "NumericLessThan": 3, "Next": "C"}], "Default": "D"},
        "C": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "D": {"Type": "Succeed"}}}"#;
    let d = only(text, Code::MaybeUnassigned);
    assert_eq!(d.location.to_string(), "M.States.B.Choices[0].Variable");
}

#[test]
fn inner_blocks_see_what_was_assigned_before_their_state() {
    let text = format!(
        r#"{{"StartAt": "A", "States": {{
        "A": {{"Type": "Pass", "Assign": {{"x": 1}}, "Next": "P"}},
        "P": {{"Type": "Parallel", "End": true, "Branches": [
            {{"StartAt": "In", "States": {{"In": {{"Type": "Pass", "Parameters": {{"v.$": "$x"}}, "End": true}}}}}},
            {{"StartAt": "In2", "States": {{"In2": {{"Type": "Task", "Resource": "{LAMBDA}", "Parameters": {{"v.$": "$y"}}, "End": true}}}}}}
        ]}}}}}}"#
    );
    let all = codes(&text);
    assert_eq!(
        all,
        vec![(
            Code::UnknownVariable,
            "M.States.P.Branches[1].States.In2.Parameters.v.$".to_owned()
        )]
    );
}

#[test]
fn an_outer_variable_assigned_after_the_parallel_is_unassigned_inside() {
    let text = r#"{"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Z", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": true}}}]},
        "Z": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}}"#;
    let d = only(text, Code::MaybeUnassigned);
    assert!(
        d.notes.join("").contains("(branch 1 of parallel `P`)"),
        "{:?}",
        d.notes
    );
}

#[test]
fn inner_blocks_may_not_assign_outer_names() {
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
        "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "In", "States": {
            "In": {"Type": "Pass", "Assign": {"x": 2}, "End": true}}}}}}"#;
    let d = only(text, Code::OuterVariableAssigned);
    assert_eq!(
        d.location.to_string(),
        "M.States.M.ItemProcessor.States.In.Assign.x"
    );
}

#[test]
fn distributed_map_bodies_cannot_read_outer_variables() {
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
        "M": {"Type": "Map", "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "In", "States": {
            "In": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": true}}}}}}"#;
    only(text, Code::OuterVariableInDistributedMap);
}

#[test]
fn unknown_variables_get_did_you_mean() {
    let text = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
        "B": {"Type": "Pass", "InputPath": "$totl", "End": true}}}"#;
    let d = only(text, Code::UnknownVariable);
    assert_eq!(d.help.as_deref(), Some("did you mean `$total`?"));
}

#[test]
fn names_aws_refuses() {
    for (key, code) in [
        ("_tmp", Code::InvalidVariableName),
        ("states", Code::InvalidVariableName),
        ("a.b", Code::SubPathAssignment),
        ("a[0]", Code::SubPathAssignment),
        ("has space", Code::InvalidVariableName),
        ("", Code::InvalidVariableName),
    ] {
        let text = format!(
            r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Assign": {{"{key}": 1}}, "End": true}}}}}}"#
        );
        let d = only(&text, code);
        assert!(
            d.location.to_string().starts_with("M.States.A.Assign"),
            "{key}"
        );
    }
    let long = "v".repeat(81);
    let text = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Assign": {{"{long}": 1}}, "End": true}}}}}}"#
    );
    only(&text, Code::InvalidVariableName);
    // Unicode identifiers are fine; 80 characters are fine.
    let ok = "é".repeat(80);
    let text = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Assign": {{"{ok}": 1, "größe": 2}}, "End": true}}}}}}"#
    );
    assert_eq!(codes(&text), vec![]);
}

#[test]
fn the_flow_starts_at_start_at_not_at_the_first_state_listed() {
    // `Use` is listed first, but the block starts at `Set`.
    let text = r#"{"StartAt": "Set", "States": {
        "Use": {"Type": "Pass", "Parameters": {"v.$": "$x"}, "End": true},
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Use"}}}"#;
    assert_eq!(codes(text), vec![]);
}

/// The runtime builders get the same checks: JSONata forms, arms with
/// `Assign`, a catcher that assigns, and the same "may be unassigned".
#[test]
fn builders_run_the_same_checks() {
    let build = |use_state: &str| {
        StateMachine::builder("B")
            .query_language(QueryLanguage::Jsonata)
            .auto_catch(false)
            .state(
                Choice::new("Route")
                    .rule(
                        ChoiceRule::new(
                            Condition::Jsonata(Json::from("{% $states.input.n > 1 %}")),
                            "Big",
                        )
                        .assign(Json::object([("size", "big")])),
                    )
                    .otherwise("Small"),
            )
            .state(
                Task::new("Big", LAMBDA)
                    .arguments(Json::object([("FunctionName", "f")]))
                    .timeout_jsonata("{% $states.input.t %}")
                    .catch(
                        Catcher::on(["States.ALL"], "Small")
                            .assign(Json::object([("size", "{% $states.errorOutput.Error %}")])),
                    )
                    .next("Small"),
            )
            .state(Pass::new("Small").output(Json::object([("size", use_state)])))
            .build()
    };
    // `Small` is reached by `Route`'s default without `$size`.
    let e = build("{% $size %}").expect_err("may be unassigned");
    let d = e
        .as_slice()
        .iter()
        .find(|d| d.code == Code::MaybeUnassigned)
        .expect("SB606");
    assert!(
        d.notes.join("").contains("when no rule of `Route` matches"),
        "{:?}",
        d.notes
    );
    // And the JSONata checks: an unknown function.
    let e = build("{% $sizee($states.input) %}").expect_err("unknown function");
    assert!(
        e.as_slice()
            .iter()
            .any(|d| d.code == Code::UnknownJsonataFunction),
        "{e}"
    );
    assert!(build("{% $states.input %}").is_ok());
}
