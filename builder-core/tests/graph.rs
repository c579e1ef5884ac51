//! Diagrams of machines: what the graph holds (states with their kinds,
//! transitions with their labels, branches and bodies as groups), and that
//! any state name comes out valid in each format.

use builder_core::graph::{EdgeKind, Graph, NodeKind};
use builder_core::model::{Operator, Rule, StateType};
use builder_core::*;

fn machine() -> StateMachine {
    StateMachine::builder("Orders")
        .auto_catch(false)
        .state(
            Task::new(
                "Charge",
                "arn:aws:lambda:us-east-1:123456789012:function:charge",
            )
            .retry(model::Retrier::on(["States.Timeout"]).max_attempts(5))
            .catch(model::Catcher::on(["States.ALL"], "Refund")),
        )
        .state(
            Choice::new("Big")
                .when(
                    Rule::compare("$.total", Operator::NumericGreaterThan, 100i64),
                    "Both",
                )
                .otherwise("Done"),
        )
        .state(
            Parallel::new("Both")
                .branch(Branch::new().state(Pass::new("Left")))
                .branch(Branch::new().state(Pass::new("Right")))
                .next("Each"),
        )
        .state(
            Map::new("Each")
                .items_path("$.items")
                .state(Wait::seconds("Pause", 1))
                .next("Done"),
        )
        .state(Succeed::new("Done"))
        .state(Fail::new("Refund").error("Refunded"))
        .build()
        .unwrap()
}

fn edge<'a>(g: &'a Graph, from: &str, to: &str) -> &'a builder_core::graph::Edge {
    let id = |name: &str| g.nodes.iter().position(|n| n.name == name).unwrap();
    g.edges
        .iter()
        .find(|e| e.from == id(from) && e.to == id(to))
        .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
}

#[test]
fn the_graph_holds_states_transitions_and_groups() {
    let g = Graph::of(&machine());
    assert_eq!(g.nodes[0].kind, NodeKind::Start);
    assert_eq!(g.nodes[1].kind, NodeKind::End);
    assert_eq!(edge(&g, "start", "Charge").kind, EdgeKind::Next);
    let charge = g.nodes.iter().find(|n| n.name == "Charge").unwrap();
    assert_eq!(charge.kind, NodeKind::State(StateType::Task));
    assert_eq!(charge.retry.as_deref(), Some("retry ×5"));
    let catch = edge(&g, "Charge", "Refund");
    assert_eq!(
        (catch.kind, catch.label.as_deref()),
        (EdgeKind::Catch, Some("States.ALL"))
    );
    let arm = edge(&g, "Big", "Both");
    assert_eq!(
        (arm.kind, arm.label.as_deref()),
        (EdgeKind::Choice, Some("$.total > 100"))
    );
    assert_eq!(edge(&g, "Big", "Done").kind, EdgeKind::Default);
    assert_eq!(edge(&g, "Both", "Left").kind, EdgeKind::Branch);
    assert_eq!(edge(&g, "Both", "Right").kind, EdgeKind::Branch);
    assert_eq!(edge(&g, "Each", "Pause").kind, EdgeKind::Branch);
    assert_eq!(edge(&g, "Done", "end").kind, EdgeKind::Next);
    assert_eq!(edge(&g, "Refund", "end").kind, EdgeKind::Next);
    let labels: Vec<&str> = g.groups.iter().map(|gr| gr.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Both · branch 1", "Both · branch 2", "Each · each item"]
    );
}

#[test]
fn long_rules_are_shortened_on_one_line() {
    let rule = Rule::and([
        Rule::compare("$.customer.address.country", Operator::StringEquals, "FR"),
        Rule::not(Rule::compare(
            "$.customer.vip",
            Operator::BooleanEquals,
            true,
        )),
    ]);
    let label = builder_core::graph::condition_label(&model::Condition::Rule(rule));
    assert_eq!(label.chars().count(), builder_core::graph::MAX_LABEL);
    assert!(
        label.starts_with("$.customer.address.country == \"FR\" and"),
        "{label}"
    );
    assert!(label.ends_with('…'));
}

#[test]
fn any_state_name_is_escaped_in_each_format() {
    let name = "a \"quoted\" <b>#1</b> & `tick` | pipe \\ back";
    // Names AWS refuses: the drawing does not validate, any model draws.
    let mut m = StateMachine::new("Odd \"name\"");
    m.definition.block.start_at = name.to_owned();
    m.definition
        .block
        .states
        .push(model::State::new(name, model::StateType::Pass.empty_kind()));
    let mermaid = m.to_mermaid();
    assert!(
        mermaid.contains("[/\"a #quot;quoted#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; #96;tick#96; #124; pipe \\ back\"/]"),
        "{mermaid}"
    );
    let dot = m.to_dot();
    assert!(dot.starts_with("digraph \"Odd \\\"name\\\"\" {"), "{dot}");
    assert!(
        dot.contains("label=\"a \\\"quoted\\\" <b>#1</b> & `tick` | pipe \\\\ back\""),
        "{dot}"
    );
    let svg = m.to_svg();
    assert!(
        svg.contains(
            ">a &quot;quoted&quot; &lt;b&gt;#1&lt;/b&gt; &amp; `tick` | pipe \\ back</text>"
        ),
        "{svg}"
    );
}

#[test]
fn a_thousand_states_draw_in_every_format() {
    let mut b = StateMachine::builder("Long").auto_catch(false);
    for i in 0..1000 {
        if i % 10 == 9 {
            b = b.state(
                Choice::new(format!("C{i}"))
                    .when(
                        Rule::compare("$.n", Operator::NumericLessThan, 3i64),
                        format!("S{}", i - 5),
                    )
                    .otherwise(format!("S{}", i + 1)),
            );
        } else {
            b = b.state(Pass::new(format!("S{i}")));
        }
    }
    b = b.state(Succeed::new("S1000"));
    let machine = b.build().unwrap();
    let g = Graph::of(&machine);
    let layout = builder_core::graph::layout::layout(&g);
    assert_eq!(layout.nodes.len(), g.nodes.len());
    assert!(machine.to_svg().ends_with("</svg>\n"));
    assert!(machine.to_mermaid().lines().count() > 1000);
}
