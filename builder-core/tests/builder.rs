//! The builders' semantics (DSL.md §3 and §7): sequential flow and
//! auto_catch / auto_fallback.

use builder_core::*;

fn lambda() -> &'static str {
    // A function called by its ARN (the integration `lambda:invoke` would
    // require `FunctionName`).
    "arn:aws:lambda:us-east-1:123456789012:function:work"
}

fn state<'a>(block: &'a Block, name: &str) -> &'a StateKind {
    &block
        .states
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no state {name}"))
        .kind
}

fn catch_targets(kind: &StateKind) -> Vec<String> {
    kind.catchers()
        .map(|c| c.iter().map(|c| c.next.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn states_continue_to_the_next_statement_and_the_last_ends() {
    let m = StateMachine::builder("M")
        .auto_catch(false)
        .state(Pass::new("A"))
        .state(Pass::new("B").next("D"))
        .state(Pass::new("C").end())
        .state(Pass::new("D"))
        .build()
        .unwrap_err();
    // C is unreachable; but the transitions are as written:
    assert!(m.has(Code::Unreachable));
    let m = StateMachine::builder("M")
        .auto_catch(false)
        .state(Pass::new("A"))
        .state(
            Choice::new("B")
                .when(Rule::is_present("$.x"), "D")
                .otherwise("C"),
        )
        .state(Pass::new("C").end())
        .state(Pass::new("D"))
        .build()
        .unwrap();
    let block = &m.definition.block;
    assert_eq!(block.start_at, "A");
    assert_eq!(
        state(block, "A").transition(),
        Some(&Transition::Next("B".into()))
    );
    assert_eq!(state(block, "B").transition(), None);
    assert_eq!(state(block, "C").transition(), Some(&Transition::End));
    assert_eq!(state(block, "D").transition(), Some(&Transition::End));
}

#[test]
fn auto_catch_catches_tasks_parallels_and_maps_into_an_appended_fallback() {
    let m = StateMachine::builder("M")
        .state(Task::new("T", lambda()))
        .state(Wait::seconds("W", 1))
        .state(
            Choice::new("C")
                .when(Rule::is_present("$.x"), "P")
                .otherwise("F"),
        )
        .state(Parallel::new("P").branch(Branch::new().state(Task::new("Inner", lambda()))))
        .state(Fail::new("F"))
        .build()
        .unwrap();
    let block = &m.definition.block;
    assert_eq!(
        catch_targets(state(block, "T")),
        ["StateMachineErrorFallback"]
    );
    assert_eq!(
        catch_targets(state(block, "P")),
        ["StateMachineErrorFallback"]
    );
    // Parallel branches are left alone: the Parallel is caught at its level.
    let StateKind::Parallel(p) = state(block, "P") else {
        unreachable!()
    };
    assert!(catch_targets(state(&p.branches[0], "Inner")).is_empty());
    // Never Choice, Wait, Fail (ASL forbids Catch there), never an existing Fail as target.
    // The fallback fails the execution with the caught error and cause
    // (DSL.md §7), so that a failed job does not look like a succeeded one.
    let fallback = block.states.last().unwrap();
    assert_eq!(fallback.name, "StateMachineErrorFallback");
    let StateKind::Fail(fail) = &fallback.kind else {
        panic!("{fallback:?}")
    };
    assert_eq!(fail.error, Some(Dynamic::Path("$.Error".into())));
    assert_eq!(fail.cause, Some(Dynamic::Path("$.Cause".into())));
}

#[test]
fn no_fallback_is_added_when_nothing_catches_into_it() {
    let m = StateMachine::builder("M")
        .state(Pass::new("A"))
        .build()
        .unwrap();
    assert_eq!(m.definition.block.states.len(), 1);
    let m = StateMachine::builder("M")
        .state(Task::new("T", lambda()).catch(Catcher::on(["States.ALL"], "F")))
        .state(Fail::new("F"))
        .build()
        .unwrap();
    assert_eq!(
        m.definition.block.states.len(),
        2,
        "an own catch is kept, no fallback"
    );
}

#[test]
fn map_bodies_get_their_own_fallback_and_may_override() {
    let m = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Map::new("Each")
                .auto_catch(true)
                .state(Task::new("Work", lambda())),
        )
        .state(Map::new("Other").state(Task::new("Quiet", lambda())))
        .build()
        .unwrap();
    let block = &m.definition.block;
    assert!(
        catch_targets(state(block, "Each")).is_empty(),
        "the machine has auto_catch: false"
    );
    let StateKind::Map(each) = state(block, "Each") else {
        unreachable!()
    };
    assert_eq!(catch_targets(state(&each.body, "Work")), ["EachFallback"]);
    // A map body's fallback keeps the error in its output, so that one
    // failed item does not fail the whole map.
    let fallback = each
        .body
        .states
        .iter()
        .find(|s| s.name == "EachFallback")
        .unwrap();
    assert!(matches!(fallback.kind, StateKind::Pass(_)));
    assert_eq!(
        fallback.io.json_path().unwrap().parameters,
        Some(Json::object([
            ("Error.$", Json::from("$.Error")),
            ("Cause.$", Json::from("$.Cause")),
            ("Message", Json::from("Failed processing map: Each")),
        ]))
    );
    let StateKind::Map(other) = state(block, "Other") else {
        unreachable!()
    };
    assert!(
        catch_targets(state(&other.body, "Quiet")).is_empty(),
        "inherits auto_catch: false"
    );
}

#[test]
fn an_explicit_fallback_is_used_and_not_caught_itself() {
    let m = StateMachine::builder("M")
        .auto_fallback(false)
        .fallback("Cleanup")
        .state(Task::new("T", lambda()))
        .state(Succeed::new("Done"))
        .state(Task::new("Cleanup", lambda()))
        .build()
        .unwrap();
    let block = &m.definition.block;
    assert_eq!(catch_targets(state(block, "T")), ["Cleanup"]);
    assert!(catch_targets(state(block, "Cleanup")).is_empty());
}

#[test]
fn auto_catch_without_a_fallback_is_an_error() {
    let e = StateMachine::builder("M")
        .auto_fallback(false)
        .state(Task::new("T", lambda()))
        .build()
        .unwrap_err();
    let first = &e.as_slice()[0];
    assert_eq!(first.code, Code::MissingFallback);
    // On the option that turned the fallback off (`auto_catch` is implied).
    assert_eq!(first.location.to_string(), "M.auto_fallback");
    let e = StateMachine::builder("M")
        .fallback("Cleanpu")
        .state(Task::new("T", lambda()))
        .state(Pass::new("Cleanup"))
        .build()
        .unwrap_err();
    assert_eq!(e.as_slice()[0].location.to_string(), "M.fallback");
    assert_eq!(
        e.as_slice()[0].help.as_deref(),
        Some("did you mean `Cleanup`?")
    );
}

#[test]
fn a_nested_map_starts_from_the_header_not_from_its_enclosing_map() {
    let m = StateMachine::builder("M")
        .state(
            Map::new("Outer")
                .auto_fallback(false)
                .fallback("OuterFailed")
                .state(Map::new("Inner").state(Task::new("Work", lambda())))
                .state(Pass::new("OuterFailed")),
        )
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let StateKind::Map(outer) = state(&m.definition.block, "Outer") else {
        unreachable!()
    };
    assert_eq!(catch_targets(state(&outer.body, "Inner")), ["OuterFailed"]);
    let StateKind::Map(inner) = state(&outer.body, "Inner") else {
        unreachable!()
    };
    assert_eq!(catch_targets(state(&inner.body, "Work")), ["InnerFallback"]);
}

#[test]
fn a_state_named_like_the_fallback_is_the_fallback() {
    let m = StateMachine::builder("M")
        .state(Task::new("T", lambda()))
        .state(Succeed::new("Done"))
        .state(Fail::new("StateMachineErrorFallback"))
        .build()
        .unwrap();
    assert_eq!(
        catch_targets(state(&m.definition.block, "T")),
        ["StateMachineErrorFallback"]
    );
    assert_eq!(m.definition.block.states.len(), 3, "nothing appended");
    // Elsewhere in the machine, the name clashes: reported on the user's state.
    let e = StateMachine::builder("M")
        .state(Map::new("Each").state(Task::new("T", lambda())))
        .state(Pass::new("EachFallback"))
        .build()
        .unwrap_err();
    assert_eq!(e.len(), 1, "{e}");
    assert_eq!(
        e.as_slice()[0].location.to_string(),
        "M.States.EachFallback"
    );
}
