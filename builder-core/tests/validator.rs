//! The validator through the runtime builders: each rule, the location it
//! reports, and that all errors come out together.

use builder_core::*;

fn errors(builder: StateMachineBuilder) -> Vec<(ErrorKind, String)> {
    match builder.build() {
        Ok(_) => Vec::new(),
        Err(e) => {
            e.0.into_iter()
                .map(|e| (e.kind, e.location.to_string()))
                .collect()
        }
    }
}

fn has(builder: StateMachineBuilder, kind: ErrorKind, location: &str) -> ValidationError {
    let found = builder.build().expect_err("must be invalid");
    found
        .0
        .iter()
        .find(|e| e.kind == kind && e.location.to_string() == location)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} at {location}; found: {found}"))
}

fn m() -> StateMachineBuilder {
    StateMachine::builder("M").auto_catch(false)
}

fn lambda() -> &'static str {
    "arn:aws:states:::lambda:invoke"
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
        ErrorKind::UnknownTarget,
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
        ErrorKind::UnknownTarget,
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
        ErrorKind::UnknownTarget,
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
        ErrorKind::DuplicateName,
        "M.States.Each.ItemProcessor.States.A",
    );
    assert_eq!(
        e.help.as_deref(),
        Some("state names must be unique in the whole machine; the first `A` is in the state machine `M`")
    );
    let same_block = m().state(Pass::new("A")).state(Pass::new("A"));
    assert_eq!(
        errors(same_block),
        vec![(ErrorKind::DuplicateName, "M.States.A".to_owned())]
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
        vec![(ErrorKind::Unreachable, "M.States.B".to_owned())]
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
        vec![(ErrorKind::Unreachable, "M.States.B".to_owned())]
    );
}

#[test]
fn a_block_that_never_ends_is_reported() {
    let machine = m().state(Pass::new("A")).state(Pass::new("B").next("A"));
    assert_eq!(
        errors(machine),
        vec![(ErrorKind::NoTerminal, "M".to_owned())]
    );
}

#[test]
fn empty_blocks_and_missing_parts() {
    assert_eq!(errors(m()), vec![(ErrorKind::Empty, "M".to_owned())]);
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
            found.contains(&(ErrorKind::Empty, location.to_owned())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn names_too_long_or_with_forbidden_characters() {
    let long = "x".repeat(81);
    has(
        m().state(Succeed::new(long.clone())),
        ErrorKind::InvalidName,
        &format!("M.States.{long}"),
    );
    for bad in ["has space", "a/b", "a:b", "a$b", "", &"y".repeat(81)] {
        let e = StateMachine::builder(bad)
            .state(Succeed::new("A"))
            .build()
            .unwrap_err();
        assert!(e.has(ErrorKind::InvalidName), "{bad:?}");
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
    for location in [
        "M.States.T.InputPath",
        "M.States.T.ResultPath",
        "M.States.T.OutputPath",
        "M.States.T.Parameters.x.$",
        "M.States.T.Parameters.y.$",
        "M.States.T.ResultSelector.z.$",
    ] {
        assert!(
            found.contains(&(ErrorKind::InvalidPath, location.to_owned())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn result_path_may_not_write_the_context_object() {
    has(
        m().state(Pass::new("A").result_path("$$.Execution")),
        ErrorKind::InvalidPath,
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
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.States.A.Parameters.a.$",
    );
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
                |(k, l)| *k == ErrorKind::ErrorNames && l == "M.States.T.Retry[0].ErrorEquals[0]"
            )
            .count(),
        2,
        "not alone, and not last: {found:?}"
    );
    let typo = has(
        m().state(Task::new("T", lambda()).retry(Retrier::on(["States.Timout"]))),
        ErrorKind::ErrorNames,
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
            found.contains(&(ErrorKind::InvalidRetry, location.clone())),
            "{location}: {found:?}"
        );
    }
}

#[test]
fn timestamps_and_wait() {
    has(
        m().state(Wait::until("W", "2024-13-01T00:00:00Z")),
        ErrorKind::InvalidTimestamp,
        "M.States.W.Timestamp",
    );
    has(
        m().state(Wait::until("W", "2024-01-01 00:00:00Z")),
        ErrorKind::InvalidTimestamp,
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
        ErrorKind::InvalidTimeout,
        "M.States.T.HeartbeatSeconds",
    );
    has(
        m().state(Task::new("T", lambda()).timeout(0)),
        ErrorKind::InvalidTimeout,
        "M.States.T.TimeoutSeconds",
    );
    has(
        m().timeout(0).state(Succeed::new("A")),
        ErrorKind::InvalidTimeout,
        "M.TimeoutSeconds",
    );
}

#[test]
fn pairs_that_may_not_both_appear() {
    let machine = m()
        .state(Task::new("T", lambda()).timeout(10).timeout_path("$.t"))
        .state(Fail::new("F").error("E").error_path("$.e"));
    let found = errors(machine);
    assert!(
        found.contains(&(
            ErrorKind::Conflict,
            "M.States.T.TimeoutSecondsPath".to_owned()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(ErrorKind::Conflict, "M.States.F.ErrorPath".to_owned())),
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
            ErrorKind::InvalidComparison,
            "M.States.C.Choices[0].NumericEquals",
        ),
        (
            ErrorKind::InvalidPath,
            "M.States.C.Choices[1].StringEqualsPath",
        ),
        (ErrorKind::Empty, "M.States.C.Choices[2].And"),
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
    has(bad, ErrorKind::InvalidSchedule, "M.events[0].schedule.rate");
    let bad = m()
        .event(Schedule::new("rate(1 minutes)"))
        .state(Succeed::new("A"));
    has(bad, ErrorKind::InvalidSchedule, "M.events[0].schedule.rate");
    let ok = m()
        .event(Schedule::new("0 18 ? * SAT *"))
        .state(Succeed::new("A"))
        .build()
        .unwrap();
    let Event::Schedule(s) = &ok.events[0];
    assert_eq!(s.rate, "cron(0 18 ? * SAT *)");
}

#[test]
fn distributed_only_fields_need_a_distributed_map() {
    let machine = m().state(
        Map::new("Each")
            .state(Pass::new("X"))
            .configure(|m| m.label = Some("x".into())),
    );
    has(machine, ErrorKind::InvalidValue, "M.States.Each.Label");
    let machine = m().state(
        Map::new("Each")
            .state(Pass::new("X"))
            .configure(|m| m.mode = MapMode::Distributed),
    );
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.States.Each.ItemProcessor.ProcessorConfig",
    );
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
        found.iter().any(|(k, _)| *k == ErrorKind::InvalidValue),
        "{found:?}"
    );
}

#[test]
fn display_lists_location_message_and_help() {
    let e = m().state(Pass::new("A").next("B")).build().unwrap_err();
    assert_eq!(
        e.to_string(),
        "1 error:\n  M.States.A.Next: no state named `B` in the state machine `M`"
    );
}

#[test]
fn null_array_items_in_payload_templates_would_fail_serverless_package() {
    let machine =
        m().state(Pass::new("A").parameters(Json::object([("list", Json::array([Json::Null]))])));
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.States.A.Parameters.list[0]",
    );
    let machine = m().state(Pass::new("A").parameters(Json::Null));
    has(machine, ErrorKind::InvalidValue, "M.States.A.Parameters");
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
            ErrorKind::InvalidValue,
            "M.events[0].schedule.input.k",
        );
    }
    let machine = m()
        .event(Schedule::new("rate(1 day)").description("a \"b\""))
        .state(Succeed::new("A"));
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.events[0].schedule.description",
    );
}

#[test]
fn variables_in_keys_and_names_would_break_fn_sub() {
    let machine = m().state(Pass::new("A").parameters(Json::object([("${x}", 1)])));
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.States.A.Parameters.${x}",
    );
    has(
        m().state(Succeed::new("S${x}")),
        ErrorKind::InvalidName,
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
    has(machine, ErrorKind::InvalidValue, "M.States.A.Result.Next");
    let machine =
        m().state(Pass::new("A").parameters(Json::object([("x", Json::object([("States", 1)]))])));
    has(
        machine,
        ErrorKind::InvalidValue,
        "M.States.A.Parameters.x.States",
    );
    has(
        m().state(Succeed::new("Branches")),
        ErrorKind::InvalidName,
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
            ErrorKind::InvalidValue,
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
        ErrorKind::InvalidValue,
        "M.States.F.Error",
    );
    has(
        m().state(Fail::new("F").cause("")),
        ErrorKind::InvalidValue,
        "M.States.F.Cause",
    );
}
