//! How the macro, the validator and the emitters scale with the size of a
//! machine. Run with
//!
//! ```text
//! cargo bench --bench scale                       # everything (about a minute)
//! cargo bench --bench scale -- expand --quick     # one section, fewer sizes
//! cargo bench --bench scale -- validate --sizes 1000,2000,4000
//! cargo bench --bench scale -- --only nested      # the tables whose title has "nested"
//! cargo bench --bench scale -- validate --once    # one timed run per row, for profilers
//! ```
//!
//! Sections: `expand` (the macro's plain function: parse → lower →
//! build/validate → generate), `validate` (the validator alone), `emit`
//! (`Service::to_yaml()` and `StateMachine::definition_json()`, time and
//! peak heap), `draw` (the diagrams: SVG with its layout, Mermaid, DOT). Each table shows the median time per size N, its ratio to
//! the previous size, and that ratio per doubling of N (2× is linear, 4×
//! quadratic), then the growth fitted over N ≥ 1000. No assertions on
//! times: this reports, it does not judge.
//!
//! `cargo bench --bench scale -- print-main macro|builder N` prints the
//! `main.rs` that `benches/compile_time.sh` compiles.

mod common;

// The macro's code lives in a proc-macro crate, which other crates cannot
// link (it only exports the macro). Its modules are plain Rust on
// `proc_macro2` tokens, so they are compiled into this binary as they are;
// they refer to each other as `crate::cursor`, `crate::syntax`, ..., hence
// at the crate root. `expand::expand` is then the very function behind
// `state_machine!`, run on `proc_macro2`'s own token implementation instead
// of the compiler's.
#[allow(dead_code)]
#[path = "../builder-macros/src/ast.rs"]
mod ast;
#[allow(dead_code)]
#[path = "../builder-macros/src/cursor.rs"]
mod cursor;
#[allow(dead_code)]
#[path = "../builder-macros/src/expand.rs"]
mod expand;
#[allow(dead_code, unused_imports)]
#[path = "../builder-macros/src/lower/mod.rs"]
mod lower;
#[allow(dead_code)]
#[path = "../builder-macros/src/spans.rs"]
mod spans;
#[allow(dead_code)]
#[path = "../builder-macros/src/syntax.rs"]
mod syntax;

use builder_core::{Service, StateMachine};
use common::*;
use proc_macro2::TokenStream;

const SIZES: &[usize] = &[10, 100, 1000, 2500, 5000, 10000];
const QUICK_SIZES: &[usize] = &[10, 100, 1000, 5000];

type Shape = fn(usize) -> Vec<Node>;

fn main() {
    // `cargo bench` passes `--bench`; anything else selects.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("print-main") {
        let variant = args.get(1).map_or("macro", String::as_str);
        let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(100);
        print!("{}", main_rs(variant, &chained(n)));
        return;
    }
    let custom: Option<Vec<usize>> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|list| list.split(',').filter_map(|n| n.parse().ok()).collect());
    let sizes = match &custom {
        Some(sizes) => sizes.as_slice(),
        None if args.iter().any(|a| a == "--quick") => QUICK_SIZES,
        None => SIZES,
    };
    let sections: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| ["expand", "runtime", "validate", "emit", "draw", "run"].contains(a))
        .collect();
    let run = |name: &str| sections.is_empty() || sections.contains(&name);
    if let Some(only) = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
    {
        let _ = ONLY.set(only.clone());
    }
    if args.iter().any(|a| a == "--once") {
        common::ONCE.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    println!(
        "serverless-builder scale benchmark ({} build)",
        if cfg!(debug_assertions) {
            "debug: numbers are not representative"
        } else {
            "optimized"
        }
    );
    if run("expand") {
        expand_section(sizes);
    }
    if run("runtime") {
        runtime_section(sizes);
    }
    if run("validate") {
        validate_section(sizes);
    }
    if run("emit") {
        emit_section(sizes);
    }
    if run("draw") {
        draw_section(sizes);
    }
    if run("run") {
        run_section(sizes);
    }
}

// -------------------------------------------------------------- (f) run

/// The local engine: a Pass/Choice loop of N rounds (2 states a round) in
/// JSONPath and in JSONata, and an inline Map over N items.
fn run_section(sizes: &[usize]) {
    use builder_core::model::{Operator, QueryLanguage, Rule};
    use builder_core::{Choice, Json, Map, Pass, Succeed};
    let counter = |n: usize| Json::object([("i", 0u64), ("n", n as u64)]);
    let jsonpath = StateMachine::builder("Loop")
        .state(Pass::new("Count").parameters(Json::object([
            ("i.$", Json::from("States.MathAdd($.i, 1)")),
            ("n.$", Json::from("$.n")),
        ])))
        .state(
            Choice::new("More")
                .when(
                    Rule::compare("$.i", Operator::NumericLessThanPath, "$.n"),
                    "Count",
                )
                .otherwise("Done"),
        )
        .state(Succeed::new("Done"))
        .build()
        .expect("a valid machine");
    // (up to 5,000 rounds: 10,000 states, 20,000 events, within AWS's 25,000)
    engine_table(
        "StateMachine::test().run() — a Pass/Choice loop of N rounds",
        &jsonpath,
        sizes,
        5_000,
        counter,
    );
    // The same loop written in JSONata: every round evaluates two expressions.
    let jsonata = StateMachine::builder("Loop")
        .query_language(QueryLanguage::Jsonata)
        .state(Pass::new("Count").output(Json::from(
            "{% {'i': $states.input.i + 1, 'n': $states.input.n} %}",
        )))
        .state(
            Choice::new("More")
                .when_jsonata("{% $states.input.i < $states.input.n %}", "Count")
                .otherwise("Done"),
        )
        .state(Succeed::new("Done"))
        .build()
        .expect("a valid machine");
    engine_table(
        "StateMachine::test().run() — the loop in JSONata (Output and Condition expressions)",
        &jsonata,
        sizes,
        5_000,
        counter,
    );
    // All items at once on the clock (no MaxConcurrency); up to 2,500 items
    // (about 4 events an item, within AWS's 25,000).
    let map = StateMachine::builder("Each")
        .state(Map::new("Each").state(Pass::new("Item")))
        .build()
        .expect("a valid machine");
    engine_table(
        "StateMachine::test().run() — an inline Map over N items",
        &map,
        sizes,
        2_500,
        |n| Json::Array((0..n as u64).map(Json::from).collect()),
    );
}

/// Runs `machine` on the input `input(N)` for each size up to `max`:
/// transitions per second.
fn engine_table(
    title: &str,
    machine: &StateMachine,
    sizes: &[usize],
    max: usize,
    input: impl Fn(usize) -> builder_core::Json,
) {
    if !selected(title) {
        return;
    }
    let mut table = Table::new(title, &["transitions", "per second"]);
    for &n in sizes.iter().filter(|&&n| n <= max) {
        let input = input(n);
        let execution = machine.test().input(input.clone()).run().expect("runs");
        assert!(execution.succeeded(), "{execution}");
        let transitions = execution.billed_transitions();
        let time = median_time(|| machine.test().input(input.clone()).run());
        let rate = transitions as f64 / time.0.as_secs_f64();
        table.row(n, time, vec![transitions.to_string(), format!("{rate:.0}")]);
    }
    table.finish();
}

// -------------------------------------------------------------- (e) draw

fn draw_section(sizes: &[usize]) {
    let shapes: &[(&str, Shape)] = &[
        ("chained", chained),
        ("nested: map/parallel trees 6 levels deep", nested),
    ];
    for (title, shape) in shapes {
        if !selected(title) {
            continue;
        }
        let mut table = Table::new(
            format!("StateMachine::to_svg() / to_mermaid() / to_dot() — {title}"),
            &["mermaid", "dot", "svg output"],
        );
        for &n in sizes {
            let (machine, errors) = machine("Bench", &shape(n));
            assert_eq!(errors, 0);
            let svg = machine.to_svg();
            let time = median_time(|| machine.to_svg());
            let mermaid = median_time(|| machine.to_mermaid());
            let dot = median_time(|| machine.to_dot());
            table.row(
                n,
                time,
                vec![fmt_time(mermaid.0), fmt_time(dot.0), fmt_bytes(svg.len())],
            );
        }
        table.finish();
    }
}

// -------------------------------------------------------------- (a) expand

fn expand_section(sizes: &[usize]) {
    let shapes: &[(&str, Shape)] = &[
        (
            "chained: tasks, passes, waits, a choice every 10 states jumping ahead",
            chained,
        ),
        ("nested: map/parallel trees 6 levels deep", nested),
        (
            "invalid, every task's `->` to an unknown state (half with a close name)",
            unknown_targets,
        ),
        ("invalid, half of the names defined twice", duplicates),
    ];
    for (title, shape) in shapes {
        let title = format!("expand::expand — {title}");
        if !selected(&title) {
            continue;
        }
        let mut table = Table::new(&title, &["states", "µs/state", "source"]);
        for &n in sizes {
            let nodes = shape(n);
            let source = to_dsl("Bench", &nodes);
            // Lexing is not timed: the compiler hands the macro its tokens.
            let tokens: TokenStream = source.parse().expect("the generated source lexes");
            let out = expand::expand(tokens.clone()).to_string();
            let errors = out.matches("compile_error").count();
            // A check of the workload, not of the timing.
            let invalid = title.contains("— invalid");
            assert_eq!(
                errors > 0,
                invalid,
                "unexpected expansion for {title}, N = {n}"
            );
            let time = median_time(|| expand::expand(tokens.clone()));
            table.row(
                n,
                time,
                vec![
                    count(&nodes).to_string(),
                    format!("{:.2}", time.0.as_secs_f64() * 1e6 / n as f64),
                    fmt_bytes(source.len()),
                ],
            );
        }
        table.finish();
    }
}

// ------------------------------------------------- (a') the run-time half

/// The string literal (the machine's JSON) and the number of run-time
/// values of an expansion.
fn runtime_parts(expansion: TokenStream) -> (String, usize) {
    fn walk(tokens: TokenStream, best: &mut String) {
        for token in tokens {
            match token {
                proc_macro2::TokenTree::Group(g) => walk(g.stream(), best),
                proc_macro2::TokenTree::Literal(lit) => {
                    if let Ok(s) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                        if s.value().len() > best.len() {
                            *best = s.value();
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let values = expansion.to_string().matches("function_resource").count();
    let mut entry = String::new();
    walk(expansion, &mut entry);
    (entry, values)
}

fn runtime_section(sizes: &[usize]) {
    let title = "macro_support::machine (the expansion's run-time half: read the JSON, put in the function handles) — chained";
    if !selected(title) {
        return;
    }
    let mut table = Table::new(title, &["values", "µs/state"]);
    for &n in sizes {
        let nodes = chained(n);
        let tokens: TokenStream = to_dsl("Bench", &nodes)
            .parse()
            .expect("the generated source lexes");
        let (entry, values) = runtime_parts(expand::expand(tokens));
        let resource = builder_core::Json::object([(
            "Fn::GetAtt",
            builder_core::Json::array(["F0LambdaFunction", "Arn"]),
        )]);
        let inputs: Vec<Result<builder_core::Json, String>> = vec![Ok(resource); values];
        let machine = builder_core::macro_support::machine("Bench", &entry, inputs.clone());
        // A check of the workload, not of the timing.
        assert_eq!(builder_core::check::validate(&machine), Ok(()), "N = {n}");
        let time =
            median_time(|| builder_core::macro_support::machine("Bench", &entry, inputs.clone()));
        table.row(
            n,
            time,
            vec![
                values.to_string(),
                format!("{:.2}", time.0.as_secs_f64() * 1e6 / n as f64),
            ],
        );
    }
    table.finish();
}

// ------------------------------------------------------------ (b) validate

fn validate_section(sizes: &[usize]) {
    let shapes: &[(&str, Shape)] = &[
        ("chained", chained),
        ("nested: map/parallel trees 6 levels deep", nested),
        ("deep: maps nested 60 levels deep", deep),
        (
            "one choice with N rules, each to its own state",
            wide_choice,
        ),
        (
            "invalid, every task's `->` to an unknown state (half with a close name)",
            unknown_targets,
        ),
        ("invalid, half of the names defined twice", duplicates),
    ];
    for (title, shape) in shapes {
        let title = format!("validate — {title}");
        if !selected(&title) {
            continue;
        }
        let mut table = Table::new(&title, &["states", "errors", "µs/state"]);
        for &n in sizes {
            let nodes = shape(n);
            let (machine, _) = machine("Bench", &nodes);
            let errors = builder_core::check::validate(&machine).map_or_else(|e| e.len(), |()| 0);
            let time = median_time(|| builder_core::check::validate(&machine));
            table.row(
                n,
                time,
                vec![
                    count(&nodes).to_string(),
                    errors.to_string(),
                    format!("{:.2}", time.0.as_secs_f64() * 1e6 / n as f64),
                ],
            );
        }
        table.finish();
    }
    variables_section(sizes);
}

/// A machine of `n` states and 100 variables for the flow analysis: the
/// first 100 states assign one each; then every state reads three and
/// assigns one, and every tenth is a Choice whose first rule loops back
/// five states (assigning on the loop edge) — so every read is checked on
/// paths through loops, choice arms and defaults, and every one holds.
fn variables_machine(n: usize, jsonata: bool) -> StateMachine {
    use builder_core::{Choice, ChoiceRule, Condition, Json, Pass, QueryLanguage, Rule, Succeed};
    const VARS: usize = 100;
    let name = |i: usize| format!("S{i}");
    let var = |i: usize| format!("v{}", i % VARS);
    let mut b = StateMachine::builder("Vars").auto_catch(false);
    if jsonata {
        b = b.query_language(QueryLanguage::Jsonata);
    }
    for i in 0..n {
        let next = if i + 1 < n {
            name(i + 1)
        } else {
            "Done".to_owned()
        };
        let (a, c, d) = (var(i * 7 + 1), var(i * 13 + 2), var(i * 31 + 3));
        if i < VARS {
            let assign = Json::Object(vec![(var(i), Json::from(i as u64))]);
            b = b.state(Pass::new(name(i)).assign(assign).next(next));
        } else if i % 10 == 9 {
            let (condition, assign) = if jsonata {
                (
                    Condition::Jsonata(Json::String(format!("{{% ${a} < 0 %}}"))),
                    Json::Object(vec![(var(i), Json::String(format!("{{% ${c} %}}")))]),
                )
            } else {
                (
                    Condition::Rule(Rule::compare(
                        format!("${a}"),
                        builder_core::Operator::NumericLessThan,
                        0,
                    )),
                    Json::Object(vec![(
                        format!("{}.$", var(i)),
                        Json::String(format!("${c}")),
                    )]),
                )
            };
            let mut rule = ChoiceRule::new(condition, name(i - 5));
            rule.assign = Some(assign);
            b = b.state(Choice::new(name(i)).rule(rule).otherwise(next));
        } else if jsonata {
            let assign = Json::Object(vec![(var(i), Json::String(format!("{{% ${a} + ${c} %}}")))]);
            let output = Json::Object(vec![(
                "d".to_owned(),
                Json::String(format!("{{% ${d} %}}")),
            )]);
            b = b.state(Pass::new(name(i)).assign(assign).output(output).next(next));
        } else {
            let assign = Json::Object(vec![(
                format!("{}.$", var(i)),
                Json::String(format!("States.MathAdd(${a}, ${c})")),
            )]);
            let parameters = Json::Object(vec![("d.$".to_owned(), Json::String(format!("${d}")))]);
            b = b.state(
                Pass::new(name(i))
                    .assign(assign)
                    .parameters(parameters)
                    .next(next),
            );
        }
    }
    b.state(Succeed::new("Done"))
        .build()
        .expect("the variables bench machine is valid")
}

fn variables_section(sizes: &[usize]) {
    for (title, jsonata) in [
        (
            "validate — variables: N states, 100 variables, JSONPath reads",
            false,
        ),
        (
            "validate — variables: N states, 100 variables, JSONata reads",
            true,
        ),
    ] {
        if !selected(title) {
            continue;
        }
        let mut table = Table::new(title, &["states", "errors", "µs/state"]);
        for &n in sizes.iter().filter(|&&n| n > 100) {
            let machine = variables_machine(n, jsonata);
            let errors = builder_core::check::validate(&machine).map_or_else(|e| e.len(), |()| 0);
            let time = median_time(|| builder_core::check::validate(&machine));
            table.row(
                n,
                time,
                vec![
                    (n + 1).to_string(),
                    errors.to_string(),
                    format!("{:.2}", time.0.as_secs_f64() * 1e6 / n as f64),
                ],
            );
        }
        table.finish();
    }
}

// ---------------------------------------------------------------- (c) emit

/// A service with the functions `f0` .. and one machine.
fn service(machine: StateMachine) -> Service {
    let mut service = Service::new("bench-service");
    for k in 0..FUNCTIONS {
        service.function(format!("f{k}"), format!("bench.handler.f{k}"));
    }
    service.add_state_machine(machine);
    service
}

fn emit_section(sizes: &[usize]) {
    let shapes: &[(&str, Shape)] = &[
        ("chained", chained),
        ("nested: map/parallel trees 6 levels deep", nested),
    ];
    for (title, shape) in shapes {
        if !selected(title) {
            continue;
        }
        let mut yaml = Table::new(
            format!("Service::to_yaml() (validates, then writes) — {title}"),
            &["peak heap", "output"],
        );
        let mut rows = Vec::new();
        for &n in sizes {
            let (machine, errors) = machine("Bench", &shape(n));
            assert_eq!(errors, 0);
            let service = service(machine.clone());
            let out = service.to_yaml().expect("a valid service");
            let peak = peak_heap(|| service.to_yaml());
            let time = median_time(|| service.to_yaml());
            yaml.row(n, time, vec![fmt_bytes(peak), fmt_bytes(out.len())]);
            rows.push((n, machine));
        }
        yaml.finish();
        let mut json = Table::new(
            format!("StateMachine::definition_json() (validates, then writes) — {title}"),
            &["peak heap", "output"],
        );
        for (n, machine) in rows {
            let out = machine.definition_json().expect("a valid machine");
            let peak = peak_heap(|| machine.definition_json());
            let time = median_time(|| machine.definition_json());
            json.row(n, time, vec![fmt_bytes(peak), fmt_bytes(out.len())]);
        }
        json.finish();
    }
    let title = "Service::to_yaml() — N tasks each on its own function (the vs_python.sh workload)";
    if !selected(title) {
        return;
    }
    let mut table = Table::new(title, &["peak heap", "output"]);
    for &n in sizes {
        let service = common::tasks_on_functions(n);
        let out = service.to_yaml().expect("a valid service");
        let peak = peak_heap(|| service.to_yaml());
        let time = median_time(|| service.to_yaml());
        table.row(n, time, vec![fmt_bytes(peak), fmt_bytes(out.len())]);
    }
    table.finish();
}
