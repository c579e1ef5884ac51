//! The validator through the runtime builders: each rule, the location it
//! reports, and that all errors come out together.

use builder_core::asl;
use builder_core::*;

fn errors(builder: StateMachineBuilder) -> Vec<(Code, String)> {
    match builder.build() {
        Ok(_) => Vec::new(),
        Err(e) => e
            .into_iter()
            .map(|e| (e.code, e.location.to_string()))
            .collect(),
    }
}

fn has(builder: StateMachineBuilder, kind: Code, location: &str) -> Diagnostic {
    let found = builder.build().expect_err("must be invalid");
    found
        .as_slice()
        .iter()
        .find(|e| e.code == kind && e.location.to_string() == location)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} at {location}; found: {found}"))
}

fn m() -> StateMachineBuilder {
    StateMachine::builder("M").auto_catch(false)
}

fn lambda() -> &'static str {
    // A function called by its ARN (the integration `lambda:invoke` would
    // require `FunctionName`).
    "arn:aws:lambda:us-east-1:123456789012:function:work"
}

#[test]
fn a_valid_machine_has_no_errors() {
    let machine = m()
        .state(Pass::new("A"))
        .state(
            Choice::new("C")
                .when(Rule::is_present("$.x"), "A")
                .otherwise("D"),
        )
        .state(Succeed::new("D"));
    assert_eq!(errors(machine), vec![]);
}

#[test]
fn unknown_target_names_the_block_and_suggests() {
    let e = has(
        m().state(Pass::new("A").next("Restrat"))
            .state(Succeed::new("Restart").comment("x")),
        Code::UnknownTarget,
        "M.States.A.Next",
    );
    assert_eq!(
        e.message,
        "no state named `Restrat` in the state machine `M`"
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `Restart`?"));
}

#[test]
fn targets_cannot_cross_branches() {
    let machine = m().state(
        Parallel::new("P")
            .branch(Branch::new().state(Pass::new("A")))
            .branch(Branch::new().state(Pass::new("B").next("A"))),
    );
    let e = has(
        machine,
        Code::UnknownTarget,
        "M.States.P.Branches[1].States.B.Next",
    );
    assert!(e
        .help
        .unwrap()
        .contains("cannot cross branch or map boundaries"));
}

#[test]
fn targets_cannot_leave_a_map_body() {
    let machine = m()
        .state(Map::new("Each").state(Pass::new("Item").next("After")))
        .state(Succeed::new("After"));
    has(
        machine,
        Code::UnknownTarget,
        "M.States.Each.ItemProcessor.States.Item.Next",
    );
}

#[test]
fn duplicate_names_anywhere_point_at_the_second() {
    let machine = m()
        .state(Pass::new("A"))
        .state(Map::new("Each").state(Pass::new("A")));
    let e = has(
        machine,
        Code::DuplicateStateName,
        "M.States.Each.ItemProcessor.States.A",
    );
    assert_eq!(
        e.help.as_deref(),
        Some("state names must be unique in the whole machine; the first `A` is in the state machine `M`")
    );
    let same_block = m().state(Pass::new("A")).state(Pass::new("A"));
    assert_eq!(
        errors(same_block),
        vec![(Code::DuplicateStateName, "M.States.A".to_owned())]
    );
}

#[test]
fn unreachable_reports_the_head_of_an_orphaned_chain_only() {
    let machine = m()
        .state(Pass::new("A").end())
        .state(Pass::new("B").next("C"))
        .state(Pass::new("C"));
    assert_eq!(
        errors(machine),
        vec![(Code::Unreachable, "M.States.B".to_owned())]
    );
}

#[test]
fn unreachable_cycles_are_reported_once() {
    let machine = m()
        .state(Succeed::new("A"))
        .state(Pass::new("B").next("C"))
        .state(Pass::new("C").next("B"));
    assert_eq!(
        errors(machine),
        vec![(Code::Unreachable, "M.States.B".to_owned())]
    );
}

#[test]
fn a_block_that_never_ends_is_reported() {
    // Reported on the transition that closes the loop.
    let machine = m().state(Pass::new("A")).state(Pass::new("B").next("A"));
    let e = has(machine, Code::NoTerminal, "M.States.B.Next");
    assert_eq!(
        e.message,
        "no path through the state machine `M` ever ends: `B` loops back to `A`"
    );
}

#[test]
fn empty_blocks_and_missing_parts() {
    assert_eq!(errors(m()), vec![(Code::Empty, "M".to_owned())]);
    let machine = m()
        .state(Parallel::new("P"))
        .state(Parallel::new("Q").branch(Branch::new()))
        .state(Map::new("R"))
        .state(Choice::new("C"));
    let found = errors(machine);
    for location in [
        "M.States.P.Branches",
        "M.States.Q.Branches[0]",
        "M.States.R.ItemProcessor",
        "M.States.C.Choices",
    ] {
        assert!(
            found.contains(&(Code::Empty, location.to_owned())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn names_too_long_or_with_forbidden_characters() {
    let long = "x".repeat(81);
    has(
        m().state(Succeed::new(long.clone())),
        Code::InvalidStateName,
        &format!("M.States.{long}"),
    );
    for bad in ["has space", "a/b", "a:b", "a$b", "", &"y".repeat(81)] {
        let e = StateMachine::builder(bad)
            .state(Succeed::new("A"))
            .build()
            .unwrap_err();
        assert!(
            e.has(Code::InvalidMachineName)
                || e.has(Code::MachineNameEmpty)
                || e.has(Code::MachineNameTooLong),
            "{bad:?}"
        );
    }
    assert!(StateMachine::builder("Ok-Name_1.x")
        .state(Succeed::new("A"))
        .build()
        .is_ok());
}

#[test]
fn malformed_paths_everywhere() {
    let machine = m().state(
        Task::new("T", lambda())
            .input_path("foo")
            .result_path("$.a[*]")
            .output_path("$.")
            .parameters(Json::object([("x.$", "nope"), ("y.$", "States.Nope($.a)")]))
            .result_selector(Json::object([("z.$", Json::from(1))])),
    );
    let found = errors(machine);
    for (code, location) in [
        (Code::InvalidPath, "M.States.T.InputPath"),
        (Code::InvalidPath, "M.States.T.ResultPath"),
        (Code::InvalidPath, "M.States.T.OutputPath"),
        (Code::InvalidPayloadValue, "M.States.T.Parameters.x.$"),
        (Code::InvalidIntrinsic, "M.States.T.Parameters.y.$"),
        (Code::InvalidPayloadValue, "M.States.T.ResultSelector.z.$"),
    ] {
        assert!(
            found.contains(&(code, location.to_owned())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn result_path_may_not_write_the_context_object() {
    has(
        m().state(Pass::new("A").result_path("$$.Execution")),
        Code::InvalidPath,
        "M.States.A.ResultPath",
    );
    assert!(m()
        .state(Pass::new("A").input_path("$$.Execution.Input"))
        .build()
        .is_ok());
}

#[test]
fn payload_keys_clash_after_stripping_the_dollar_suffix() {
    let machine = m().state(Pass::new("A").parameters(Json::object([
        ("a", Json::from(1)),
        ("a.$", Json::from("$.b")),
    ])));
    has(machine, Code::DuplicateKey, "M.States.A.Parameters.a.$");
}

#[test]
fn states_all_alone_and_last() {
    let machine = m().state(
        Task::new("T", lambda())
            .retry(Retrier::on(["States.ALL", "States.Timeout"]))
            .retry(Retrier::on(["States.TaskFailed"])),
    );
    let found = errors(machine);
    assert_eq!(
        found
            .iter()
            .filter(
                |(k, l)| matches!(k, Code::StatesAllNotAlone | Code::StatesAllNotLast)
                    && l == "M.States.T.Retry[0].ErrorEquals[0]"
            )
            .count(),
        2,
        "not alone, and not last: {found:?}"
    );
    let typo = has(
        m().state(Task::new("T", lambda()).retry(Retrier::on(["States.Timout"]))),
        Code::UnknownPredefinedError,
        "M.States.T.Retry[0].ErrorEquals[0]",
    );
    assert_eq!(typo.help.as_deref(), Some("did you mean `States.Timeout`?"));
}

#[test]
fn retrier_ranges() {
    let machine = m().state(
        Task::new("T", lambda()).retry(
            Retrier::on(["States.ALL"])
                .interval(0)
                .backoff(0.5)
                .max_delay(0)
                .max_attempts(100_000_000),
        ),
    );
    let found = errors(machine);
    for field in [
        "IntervalSeconds",
        "BackoffRate",
        "MaxDelaySeconds",
        "MaxAttempts",
    ] {
        let location = format!("M.States.T.Retry[0].{field}");
        assert!(
            found.contains(&(Code::InvalidRetrier, location.clone())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn timestamps_and_wait() {
    has(
        m().state(Wait::until("W", "2024-13-01T00:00:00Z")),
        Code::InvalidTimestamp,
        "M.States.W.Timestamp",
    );
    has(
        m().state(Wait::until("W", "2024-01-01 00:00:00Z")),
        Code::InvalidTimestamp,
        "M.States.W.Timestamp",
    );
    assert!(m()
        .state(Wait::until("W", "2024-02-29T23:59:59.123+02:00"))
        .build()
        .is_ok());
    assert!(m().state(Wait::seconds("W", 0)).build().is_ok());
}

#[test]
fn heartbeat_shorter_than_timeout_and_timeouts_positive() {
    has(
        m().state(Task::new("T", lambda()).timeout(10).heartbeat(10)),
        Code::HeartbeatNotBelowTimeout,
        "M.States.T.HeartbeatSeconds",
    );
    has(
        m().state(Task::new("T", lambda()).timeout(0)),
        Code::OutOfRange,
        "M.States.T.TimeoutSeconds",
    );
    has(
        m().timeout(0).state(Succeed::new("A")),
        Code::OutOfRange,
        "M.TimeoutSeconds",
    );
}

#[test]
fn pairs_that_may_not_both_appear() {
    // The model holds one of a value and its `…Path` twin, so the builders
    // cannot set both; a definition read from JSON can hold both.
    let task = Task::new("T", lambda()).timeout(10).timeout_path("$.t");
    let m = StateMachine::builder("M")
        .auto_catch(false)
        .state(task)
        .build()
        .unwrap();
    let StateKind::Task(t) = &m.definition.block.states[0].kind else {
        unreachable!()
    };
    assert_eq!(t.timeout, Some(Dynamic::Path("$.t".into())));
    let json = from_json_str(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work",
                  "TimeoutSeconds": 10, "TimeoutSecondsPath": "$.t", "Next": "F"},
            "F": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}}"#,
    )
    .unwrap();
    let found: Vec<(Code, String)> = asl::read::definition(&json, "M", None)
        .unwrap_err()
        .into_iter()
        .map(|d| (d.code, d.location.to_string()))
        .collect();
    assert!(
        found.contains(&(Code::Conflict, "M.States.T.TimeoutSecondsPath".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::Conflict, "M.States.F.ErrorPath".to_owned())),
        "{found:?}"
    );
}

#[test]
fn choice_operands_must_fit_their_operator() {
    let machine = m()
        .state(
            Choice::new("C")
                .when(Rule::compare("$.x", Operator::NumericEquals, "ten"), "D")
                .when(
                    Rule::compare("$.x", Operator::StringEqualsPath, "nope"),
                    "D",
                )
                .when(Rule::and([]), "D"),
        )
        .state(Succeed::new("D"));
    let found = errors(machine);
    for (kind, location) in [
        (
            Code::InvalidComparison,
            "M.States.C.Choices[0].NumericEquals",
        ),
        (Code::InvalidPath, "M.States.C.Choices[1].StringEqualsPath"),
        (Code::Empty, "M.States.C.Choices[2].And"),
    ] {
        assert!(
            found.contains(&(kind, location.to_owned())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn schedules_are_checked() {
    let bad = m()
        .event(Schedule::new("cron(0 18 * * SAT *)"))
        .state(Succeed::new("A"));
    has(bad, Code::InvalidSchedule, "M.events[0].schedule.rate");
    let bad = m()
        .event(Schedule::new("rate(1 minutes)"))
        .state(Succeed::new("A"));
    has(bad, Code::InvalidSchedule, "M.events[0].schedule.rate");
    let ok = m()
        .event(Schedule::new("0 18 ? * SAT *"))
        .state(Succeed::new("A"))
        .build()
        .unwrap();
    assert_eq!(ok.events[0].kind, EventKind::Schedule);
    assert_eq!(
        ok.events[0].settings.get("rate"),
        Some(&Json::from("cron(0 18 ? * SAT *)"))
    );
}

#[test]
fn distributed_maps_need_an_execution_type_and_a_valid_label() {
    let mut settings = DistributedMap::default();
    settings.label = Some("has space".into());
    let machine = m().state(Map::new("Each").state(Pass::new("X")).distributed(settings));
    let found = errors(machine);
    assert!(
        found.contains(&(
            Code::MissingField,
            "M.States.Each.ItemProcessor.ProcessorConfig.Mode".to_owned()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::InvalidLabel, "M.States.Each.Label".to_owned())),
        "{found:?}"
    );
    // An inline map cannot hold them (the model has no place for them); a
    // definition read from JSON is told so.
    let json = from_json_str(
        r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "Label": "x", "End": true,
            "ItemProcessor": {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}}}}"#,
    )
    .unwrap();
    let e = asl::read::definition(&json, "M", None).unwrap_err();
    assert!(e.has(Code::DistributedOnly), "{e}");
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let machine = m()
        .state(Pass::new("A").input_path("bad").next("Nowhere"))
        .state(Pass::new("A"))
        .state(Wait::seconds("W", 100_000_000));
    let found = errors(machine);
    assert!(found.len() >= 4, "{found:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let mut inner = Map::new("L0").state(Pass::new("Leaf"));
    for depth in 1..200 {
        inner = Map::new(format!("L{depth}")).state(inner);
    }
    let found = errors(m().state(inner));
    assert!(
        found.iter().any(|(k, _)| *k == Code::TooDeeplyNested),
        "{found:?}"
    );
}

#[test]
fn display_lists_location_message_and_help() {
    let e = m().state(Pass::new("A").next("B")).build().unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 error:\n  M.States.A.Next: no state named `B` in the state machine `M` [SB101]"
    );
}

#[test]
fn null_array_items_in_payload_templates_would_fail_serverless_package() {
    let machine =
        m().state(Pass::new("A").parameters(Json::object([("list", Json::array([Json::Null]))])));
    has(
        machine,
        Code::PluginTemplateItem,
        "M.States.A.Parameters.list[0]",
    );
    let machine = m().state(Pass::new("A").parameters(Json::Null));
    has(machine, Code::PluginTemplateItem, "M.States.A.Parameters");
    // A static `Result` and a null under a key are fine.
    assert!(m()
        .state(
            Pass::new("A")
                .result(Json::array([Json::Null]))
                .parameters(Json::object([("k", Json::Null)]))
        )
        .build()
        .is_ok());
}

#[test]
fn schedule_text_the_plugin_cannot_escape() {
    for bad in ["say \"hi\"", "back\\slash", "two\nlines"] {
        let machine = m()
            .event(Schedule::new("rate(1 day)").input(Json::object([("k", bad)])))
            .state(Succeed::new("A"));
        has(
            machine,
            Code::PluginUnescapedText,
            "M.events[0].schedule.input.k",
        );
    }
    let machine = m()
        .event(Schedule::new("rate(1 day)").description("a \"b\""))
        .state(Succeed::new("A"));
    has(
        machine,
        Code::PluginUnescapedText,
        "M.events[0].schedule.description",
    );
}

#[test]
fn variables_in_keys_and_names_would_break_fn_sub() {
    let machine = m().state(Pass::new("A").parameters(Json::object([("${x}", 1)])));
    has(
        machine,
        Code::PluginVariableInKey,
        "M.States.A.Parameters.${x}",
    );
    has(
        m().state(Succeed::new("S${x}")),
        Code::PluginVariableInKey,
        "M.States.S${x}",
    );
    // In values they are resolved by the framework.
    assert!(m()
        .state(Pass::new("A").parameters(Json::object([("k", "${self:service}")])))
        .build()
        .is_ok());
}

#[test]
fn structural_keys_would_fail_the_plugins_validator() {
    let machine = m().state(Pass::new("A").result(Json::object([("Next", "page-2")])));
    has(machine, Code::PluginStructuralKey, "M.States.A.Result.Next");
    let machine =
        m().state(Pass::new("A").parameters(Json::object([("x", Json::object([("States", 1)]))])));
    has(
        machine,
        Code::PluginStructuralKey,
        "M.States.A.Parameters.x.States",
    );
    has(
        m().state(Succeed::new("Branches")),
        Code::PluginStructuralKey,
        "M.States.Branches",
    );
    // Allowed in a schedule's input, which is not part of the definition.
    let ok = m()
        .event(Schedule::new("rate(1 day)").input(Json::object([("Next", "x")])))
        .state(Succeed::new("A"));
    assert!(ok.build().is_ok());
}

#[test]
fn payload_array_strings_the_plugins_validator_rejects() {
    for bad in ["", "two\nlines", "{% $x %}"] {
        let machine =
            m().state(Pass::new("A").parameters(Json::object([("list", Json::array([bad]))])));
        has(
            machine,
            Code::PluginTemplateItem,
            "M.States.A.Parameters.list[0]",
        );
    }
    // Under a key, and in a static Result, they are fine.
    let ok = m().state(
        Pass::new("A")
            .parameters(Json::object([("k", "")]))
            .result(Json::array(["", "a\nb"])),
    );
    assert!(ok.build().is_ok());
}

#[test]
fn fail_fields_are_not_empty() {
    has(
        m().state(Fail::new("F").error("")),
        Code::OutOfRange,
        "M.States.F.Error",
    );
    has(
        m().state(Fail::new("F").cause("")),
        Code::OutOfRange,
        "M.States.F.Cause",
    );
}
