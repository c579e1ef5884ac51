//! Shared by the bench binaries: a counting allocator (peak heap), median
//! timing, growth tables, and the generated workloads — one small tree of
//! states ([`Node`]) rendered either as `state_machine!` source text or as
//! runtime builder calls, so that every measurement runs on the same machine.
//!
//! (A folder with `mod.rs`, not `benches/common.rs`: Cargo would take a file
//! directly under `benches/` for a bench target of its own.)

#![allow(dead_code)] // each bench binary uses its own part of this module

use builder_core::json::Json;
use builder_core::model::{Operator, Resource, Retrier, Rule, StateMachine};
use builder_core::{Branch, Choice, Draft, Map, Parallel, Pass, Succeed, Task, Wait};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- peak heap

/// The system allocator, counting the bytes in use and their high-water mark.
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// bookkeeping only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap in use at once while `f` ran, above what was in use before
/// (its result included, until it is dropped after the measurement).
pub fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = std::hint::black_box(f());
    let peak = PEAK.load(Relaxed) - base;
    drop(out);
    peak
}

// ------------------------------------------------------------------- timing

/// With `--once`: one run per measurement, no warm-up (for callgrind or
/// perf, where only the work done counts).
pub static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// With `--only TEXT`: the tables whose title contains TEXT.
pub static ONLY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Whether the table titled `title` is to be run.
pub fn selected(title: &str) -> bool {
    ONLY.get().is_none_or(|only| title.contains(only.as_str()))
}

/// Median wall time of `f`: one warm-up run, then as many runs as fit in
/// about 0.8 s (at least 7, at most 201).
pub fn median_time<T>(mut f: impl FnMut() -> T) -> (Duration, usize) {
    if ONCE.load(Relaxed) {
        let start = Instant::now();
        drop(std::hint::black_box(f()));
        return (start.elapsed(), 1);
    }
    let start = Instant::now();
    drop(std::hint::black_box(f()));
    let first = start.elapsed().as_secs_f64().max(1e-7);
    let runs = ((0.8 / first) as usize).clamp(7, 201);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let out = std::hint::black_box(f());
        times.push(start.elapsed());
        drop(out);
    }
    times.sort_unstable();
    (times[runs / 2], runs)
}

pub fn fmt_time(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

pub fn fmt_bytes(b: usize) -> String {
    let b = b as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", b / 1024.0)
    }
}

/// One table: a row per size with the median, the ratio to the previous
/// row, that ratio per doubling of N (`ratio^(1/log2(N/N_prev))`: 2.0 is
/// linear, 4.0 quadratic), and optional extra columns.
pub struct Table {
    title: String,
    extra: Vec<&'static str>,
    rows: Vec<(usize, Duration, usize, Vec<String>)>,
}

impl Table {
    pub fn new(title: impl Into<String>, extra: &[&'static str]) -> Table {
        let table = Table {
            title: title.into(),
            extra: extra.to_vec(),
            rows: Vec::new(),
        };
        println!("\n### {}\n", table.title);
        let mut header = format!(
            "| {:>6} | {:>10} | {:>7} | {:>9} | {:>4} |",
            "N", "median", "× prev", "/doubling", "runs"
        );
        let mut rule = "|-------:|-----------:|--------:|----------:|-----:|".to_owned();
        for name in &table.extra {
            let _ = write!(header, " {name:>10} |");
            rule.push_str("-----------:|");
        }
        println!("{header}\n{rule}");
        table
    }

    /// Adds a row and prints it at once (long runs show progress).
    pub fn row(&mut self, n: usize, (median, runs): (Duration, usize), extra: Vec<String>) {
        let (ratio, per_doubling) = match self.rows.last() {
            Some(&(pn, pt, ..)) => {
                let r = median.as_secs_f64() / pt.as_secs_f64();
                let doublings = (n as f64 / pn as f64).log2();
                (
                    format!("{r:.2}×"),
                    format!("{:.2}×", r.powf(1.0 / doublings)),
                )
            }
            None => (String::new(), String::new()),
        };
        let mut line = format!(
            "| {n:>6} | {:>10} | {ratio:>7} | {per_doubling:>9} | {runs:>4} |",
            fmt_time(median)
        );
        for cell in &extra {
            let _ = write!(line, " {cell:>10} |");
        }
        println!("{line}");
        self.rows.push((n, median, runs, extra));
    }

    /// Prints the growth fitted over the rows with N ≥ 1000 (least squares
    /// on log time against log N): less noisy than one ratio.
    pub fn finish(self) {
        let points: Vec<(f64, f64)> = self
            .rows
            .iter()
            .filter(|(n, ..)| *n >= 1000)
            .map(|(n, t, ..)| ((*n as f64).ln(), t.as_secs_f64().ln()))
            .collect();
        if points.len() < 2 {
            return;
        }
        let count = points.len() as f64;
        let mean_x = points.iter().map(|p| p.0).sum::<f64>() / count;
        let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
        let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        let k = sxy / sxx;
        println!(
            "\nFit over N ≥ 1000: time ∝ N^{k:.2}, {:.2}× per doubling.",
            2f64.powf(k)
        );
    }
}

// ---------------------------------------------------------------- workloads

/// A choice rule of the generated programs.
#[derive(Clone, Debug)]
pub enum Cond {
    /// `"<path>" == <n>`
    NumEq(String, u64),
    /// `"$.flag".is_present() && "$.n" > <n>`
    PresentAndGt(u64),
}

/// A state of a generated program. `next: Some(..)` is an explicit
/// `-> Target`; otherwise the state continues to the next one of its block.
#[derive(Clone, Debug)]
pub enum Node {
    /// On function `f<k>` when `func` is set, else on a Lambda ARN with
    /// `Parameters` and a retrier.
    Task {
        name: String,
        func: Option<usize>,
        next: Option<String>,
    },
    Pass {
        name: String,
        step: usize,
        next: Option<String>,
    },
    Wait {
        name: String,
        next: Option<String>,
    },
    Choice {
        name: String,
        arms: Vec<(Cond, String)>,
        default: String,
    },
    Succeed {
        name: String,
    },
    Parallel {
        name: String,
        branches: Vec<Vec<Node>>,
    },
    Map {
        name: String,
        body: Vec<Node>,
    },
}

/// How many function handles (`f0` ..) the programs use.
pub const FUNCTIONS: usize = 10;

/// A flat block of `n` states (`S0` ..): mostly tasks, with passes, waits,
/// and a choice every 10 states jumping up to 5 states ahead; a `succeed`
/// last.
pub fn chained(n: usize) -> Vec<Node> {
    (0..n)
        .map(|i| {
            let name = format!("S{i}");
            if i + 1 == n {
                return Node::Succeed { name };
            }
            match i % 10 {
                3 if i + 5 < n => Node::Choice {
                    name,
                    arms: vec![
                        (
                            Cond::NumEq(format!("$.k{i}"), i as u64),
                            format!("S{}", i + 5),
                        ),
                        (Cond::PresentAndGt(i as u64), format!("S{}", i + 2)),
                    ],
                    default: format!("S{}", i + 1),
                },
                5 => Node::Wait { name, next: None },
                7 => Node::Pass {
                    name,
                    step: i,
                    next: None,
                },
                9 => Node::Task {
                    name,
                    func: None,
                    next: None,
                },
                _ => Node::Task {
                    name,
                    func: Some(i % FUNCTIONS),
                    next: None,
                },
            }
        })
        .collect()
}

/// `n` states in parallel and map states nested up to 6 levels deep: each
/// block holds three leaf states, then a map (even depths) or a two-branch
/// parallel (odd depths) holding the next level; the top level repeats
/// such trees until `n` states are written.
pub fn nested(n: usize) -> Vec<Node> {
    const DEPTH: usize = 6;
    struct Gen {
        left: usize,
        id: usize,
    }
    impl Gen {
        fn leaf(&mut self) -> Node {
            self.left -= 1;
            self.id += 1;
            let name = format!("N{}", self.id);
            match self.id % 3 {
                0 => Node::Task {
                    name,
                    func: Some(self.id % FUNCTIONS),
                    next: None,
                },
                1 => Node::Pass {
                    name,
                    step: self.id,
                    next: None,
                },
                _ => Node::Task {
                    name,
                    func: None,
                    next: None,
                },
            }
        }
        /// One block at `depth`, at least one state (the caller checked
        /// `left >= 1`).
        fn block(&mut self, depth: usize) -> Vec<Node> {
            let mut states = vec![self.leaf()];
            while states.len() < 3 && self.left > 0 {
                states.push(self.leaf());
            }
            let parallel = depth % 2 == 1;
            let needs = if parallel { 3 } else { 2 };
            if depth < DEPTH && self.left >= needs {
                self.left -= 1;
                self.id += 1;
                let name = format!("{}{}", if parallel { "P" } else { "M" }, self.id);
                if parallel {
                    // Keep one state for the second branch.
                    self.left -= 1;
                    let first = self.block(depth + 1);
                    self.left += 1;
                    let second = self.block(depth + 1);
                    states.push(Node::Parallel {
                        name,
                        branches: vec![first, second],
                    });
                } else {
                    let body = self.block(depth + 1);
                    states.push(Node::Map { name, body });
                }
            }
            states
        }
    }
    let mut generator = Gen { left: n, id: 0 };
    let mut states = Vec::new();
    while generator.left > 0 {
        states.extend(generator.block(0));
    }
    states
}

/// Maps nested 60 levels deep (or `n / 2` for small `n`), the states shared
/// evenly between the levels.
pub fn deep(n: usize) -> Vec<Node> {
    let levels = (n / 2).clamp(1, 60);
    let maps = levels - 1;
    let per_level = ((n - maps) / levels).max(1);
    let mut id = 0;
    let mut leaves = |count: usize| -> Vec<Node> {
        (0..count)
            .map(|_| {
                id += 1;
                Node::Pass {
                    name: format!("D{id}"),
                    step: id,
                    next: None,
                }
            })
            .collect()
    };
    let mut inner = leaves(n - maps * (per_level + 1));
    for level in (0..maps).rev() {
        let mut block = leaves(per_level);
        block.push(Node::Map {
            name: format!("Level{level}"),
            body: inner,
        });
        inner = block;
    }
    inner
}

/// One choice with `n` rules, each to its own pass state, all ending in
/// `Done`.
pub fn wide_choice(n: usize) -> Vec<Node> {
    let mut states = vec![Node::Choice {
        name: "Route".into(),
        arms: (0..n)
            .map(|i| (Cond::NumEq("$.v".into(), i as u64), format!("T{i}")))
            .collect(),
        default: "Done".into(),
    }];
    states.extend((0..n).map(|i| Node::Pass {
        name: format!("T{i}"),
        step: i,
        next: Some("Done".into()),
    }));
    states.push(Node::Succeed {
        name: "Done".into(),
    });
    states
}

/// [`chained`], but every task jumps to a state that does not exist: half
/// to `Missing<i>` (no close name), half to a typo of the next state
/// (`S<i+1>x`, "did you mean").
pub fn unknown_targets(n: usize) -> Vec<Node> {
    let mut states = chained(n);
    for (i, state) in states.iter_mut().enumerate() {
        if let Node::Task { next, .. } = state {
            *next = Some(if i % 2 == 0 {
                format!("Missing{i}")
            } else {
                format!("S{}x", i + 1)
            });
        }
    }
    states
}

/// [`chained`] with waits for its choices, where the second half repeats
/// the names of the first: `n / 2` duplicate names.
pub fn duplicates(n: usize) -> Vec<Node> {
    let half = n.div_ceil(2);
    chained(n)
        .into_iter()
        .enumerate()
        .map(|(i, node)| {
            let name = format!("S{}", i % half);
            match node {
                Node::Task { func, .. } => Node::Task {
                    name,
                    func,
                    next: None,
                },
                Node::Pass { step, .. } => Node::Pass {
                    name,
                    step,
                    next: None,
                },
                Node::Succeed { .. } => Node::Succeed { name },
                _ => Node::Wait { name, next: None },
            }
        })
        .collect()
}

/// Counts the states of a program (all levels).
pub fn count(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Parallel { branches, .. } => 1 + branches.iter().map(|b| count(b)).sum::<usize>(),
            Node::Map { body, .. } => 1 + count(body),
            _ => 1,
        })
        .sum()
}

// ------------------------------------------------------- as DSL source text

/// The input of `state_machine!` (without the facade's `$crate;`).
pub fn to_dsl(machine: &str, nodes: &[Node]) -> String {
    let mut out = format!("{machine} {{\n");
    dsl_block(&mut out, nodes, 1);
    out.push_str("}\n");
    out
}

fn dsl_block(out: &mut String, nodes: &[Node], depth: usize) {
    let pad = "    ".repeat(depth);
    for node in nodes {
        out.push_str(&pad);
        let arrow =
            |next: &Option<String>| next.as_ref().map_or(String::new(), |t| format!(" -> {t}"));
        match node {
            Node::Task {
                name,
                func: Some(k),
                next,
            } => {
                let _ = writeln!(
                    out,
                    "task {name}(f{k}, result_path: \"$.{name}\"){};",
                    arrow(next)
                );
            }
            Node::Task {
                name,
                func: None,
                next,
            } => {
                let _ = writeln!(
                    out,
                    "task {name}(\"arn:aws:states:::lambda:invoke\", parameters: {{ \"FunctionName\": \"fn-{name}\", \"Payload.$\": \"$\" }}, result_path: \"$.{name}\")\
                     .retry([\"States.Timeout\"], max_attempts: 2){};",
                    arrow(next)
                );
            }
            Node::Pass { name, step, next } => {
                let _ = writeln!(
                    out,
                    "pass {name}(result: {{ \"step\": {step}, \"tags\": [\"a\", \"b\"] }}, result_path: \"$.p\"){};",
                    arrow(next)
                );
            }
            Node::Wait { name, next } => {
                let _ = writeln!(out, "wait {name}(seconds: 5){};", arrow(next));
            }
            Node::Choice {
                name,
                arms,
                default,
            } => {
                let _ = writeln!(out, "choice {name} {{");
                for (cond, target) in arms {
                    let rule = match cond {
                        Cond::NumEq(path, n) => format!("\"{path}\" == {n}"),
                        Cond::PresentAndGt(n) => {
                            format!("\"$.flag\".is_present() && \"$.n\" > {n}")
                        }
                    };
                    let _ = writeln!(out, "{pad}    {rule} => {target},");
                }
                let _ = writeln!(out, "{pad}    _ => {default},\n{pad}}}");
            }
            Node::Succeed { name } => {
                let _ = writeln!(out, "succeed {name};");
            }
            Node::Parallel { name, branches } => {
                let _ = writeln!(out, "parallel {name} {{");
                for branch in branches {
                    let _ = writeln!(out, "{pad}    branch {{");
                    dsl_block(out, branch, depth + 2);
                    let _ = writeln!(out, "{pad}    }}");
                }
                let _ = writeln!(out, "{pad}}}");
            }
            Node::Map { name, body } => {
                let _ = writeln!(
                    out,
                    "map {name}(items_path: \"$.items\", max_concurrency: 4) {{"
                );
                dsl_block(out, body, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
        }
    }
}

// ---------------------------------------------------- as the runtime model

fn rule(cond: &Cond) -> Rule {
    match cond {
        Cond::NumEq(path, n) => Rule::compare(path.as_str(), Operator::NumericEquals, *n as i64),
        Cond::PresentAndGt(n) => Rule::and([
            Rule::is_present("$.flag"),
            Rule::compare("$.n", Operator::NumericGreaterThan, *n as i64),
        ]),
    }
}

/// The builder drafts of a block (the same calls a user would write).
pub fn drafts(nodes: &[Node]) -> Vec<Draft> {
    nodes.iter().map(draft).collect()
}

fn draft(node: &Node) -> Draft {
    fn flow<T>(b: T, next: &Option<String>, set: impl FnOnce(T, String) -> T) -> T {
        match next {
            Some(target) => set(b, target.clone()),
            None => b,
        }
    }
    match node {
        Node::Task { name, func, next } => {
            let task = match func {
                Some(k) => Task::new(name.as_str(), Resource::Function(format!("F{k}"))),
                None => Task::new(name.as_str(), "arn:aws:states:::lambda:invoke")
                    .parameters(Json::object([
                        ("FunctionName", Json::from(format!("fn-{name}"))),
                        ("Payload.$", Json::from("$")),
                    ]))
                    .retry(Retrier::on(["States.Timeout"]).max_attempts(2)),
            }
            .result_path(format!("$.{name}"));
            flow(task, next, Task::next).into()
        }
        Node::Pass { name, step, next } => {
            let pass = Pass::new(name.as_str())
                .result(Json::object([
                    ("step", Json::from(*step)),
                    ("tags", Json::array(["a", "b"])),
                ]))
                .result_path("$.p");
            flow(pass, next, Pass::next).into()
        }
        Node::Wait { name, next } => flow(Wait::seconds(name.as_str(), 5), next, Wait::next).into(),
        Node::Choice {
            name,
            arms,
            default,
        } => arms
            .iter()
            .fold(Choice::new(name.as_str()), |c, (cond, target)| {
                c.when(rule(cond), target.as_str())
            })
            .otherwise(default.as_str())
            .into(),
        Node::Succeed { name } => Succeed::new(name.as_str()).into(),
        Node::Parallel { name, branches } => branches
            .iter()
            .fold(Parallel::new(name.as_str()), |p, branch| {
                p.branch(
                    branch
                        .iter()
                        .fold(Branch::new(), |b, node| b.state(draft(node))),
                )
            })
            .into(),
        Node::Map { name, body } => body
            .iter()
            .fold(
                Map::new(name.as_str())
                    .items_path("$.items")
                    .max_concurrency(4),
                |m, node| m.state(draft(node)),
            )
            .into(),
    }
}

/// The machine built with the runtime builders (flow and auto-catch
/// resolved), even when it is invalid, and the number of errors found.
pub fn machine(name: &str, nodes: &[Node]) -> (StateMachine, usize) {
    let builder = drafts(nodes)
        .into_iter()
        .fold(StateMachine::builder(name), |b, d| b.state(d));
    let mut sink = builder_core::diag::Sink::default();
    let machine = builder.build_into(builder_core::check::Options::default(), &mut sink);
    (machine, sink.len())
}

// ------------------------------------------- whole programs (compile time)

/// A `main.rs` declaring the functions `f0` .. and building one machine
/// from `nodes`, with `state_machine!` (`macro`) or with builder calls
/// (`builder`), then printing the length of the service's YAML.
pub fn main_rs(variant: &str, nodes: &[Node]) -> String {
    let mut out = String::from(
        "// Generated by `cargo bench --bench scale -- print-main`.\n\
         #![allow(unused_variables)] // not every function has a task\n\
         use serverless_builder::prelude::*;\n\n\
         fn main() {\n    let mut service = Service::new(\"compile-bench\");\n",
    );
    for k in 0..FUNCTIONS {
        let _ = writeln!(
            out,
            "    let f{k} = service.function(\"f{k}\", \"bench.handler.f{k}\");"
        );
    }
    if variant == "macro" {
        out.push_str("    let machine = state_machine! {\n");
        for line in to_dsl("Chain", nodes).lines() {
            let _ = writeln!(out, "        {line}");
        }
        out.push_str("    };\n");
    } else {
        // One statement per state: a single chain of thousands of method
        // calls would be one deeply nested expression.
        out.push_str("    let mut m = StateMachine::builder(\"Chain\");\n");
        for node in nodes {
            let _ = writeln!(out, "    m = m.state({});", builder_expr(node));
        }
        out.push_str("    let machine = m.build().expect(\"a valid machine\");\n");
    }
    out.push_str(
        "    service.add_state_machine(machine);\n    \
         println!(\"{}\", service.to_yaml().expect(\"a valid service\").len());\n}\n",
    );
    out
}

/// Rust source of the builder expression for one state.
fn builder_expr(node: &Node) -> String {
    let then = |next: &Option<String>| {
        next.as_ref()
            .map_or(String::new(), |t| format!(".next(\"{t}\")"))
    };
    match node {
        Node::Task {
            name,
            func: Some(k),
            next,
        } => format!("Task::new(\"{name}\", &f{k}).result_path(\"$.{name}\"){}", then(next)),
        Node::Task {
            name,
            func: None,
            next,
        } => format!(
            "Task::new(\"{name}\", \"arn:aws:states:::lambda:invoke\")\
             .parameters(Json::object([(\"FunctionName\", Json::from(\"fn-{name}\")), (\"Payload.$\", Json::from(\"$\"))]))\
             .result_path(\"$.{name}\")\
             .retry(Retrier::on([\"States.Timeout\"]).max_attempts(2)){}",
            then(next)
        ),
        Node::Pass { name, step, next } => format!(
            "Pass::new(\"{name}\").result(Json::object([(\"step\", Json::from({step})), (\"tags\", Json::array([\"a\", \"b\"]))])).result_path(\"$.p\"){}",
            then(next)
        ),
        Node::Wait { name, next } => format!("Wait::seconds(\"{name}\", 5){}", then(next)),
        Node::Choice {
            name,
            arms,
            default,
        } => {
            let mut s = format!("Choice::new(\"{name}\")");
            for (cond, target) in arms {
                let rule = match cond {
                    Cond::NumEq(path, n) => {
                        format!("Rule::compare(\"{path}\", Operator::NumericEquals, {n}i64)")
                    }
                    Cond::PresentAndGt(n) => format!(
                        "Rule::and([Rule::is_present(\"$.flag\"), Rule::compare(\"$.n\", Operator::NumericGreaterThan, {n}i64)])"
                    ),
                };
                let _ = write!(s, ".when({rule}, \"{target}\")");
            }
            let _ = write!(s, ".otherwise(\"{default}\")");
            s
        }
        Node::Succeed { name } => format!("Succeed::new(\"{name}\")"),
        Node::Parallel { name, branches } => {
            let mut s = format!("Parallel::new(\"{name}\")");
            for branch in branches {
                s.push_str(".branch(Branch::new()");
                for node in branch {
                    let _ = write!(s, ".state({})", builder_expr(node));
                }
                s.push(')');
            }
            s
        }
        Node::Map { name, body } => {
            let mut s =
                format!("Map::new(\"{name}\").items_path(\"$.items\").max_concurrency(4)");
            for node in body {
                let _ = write!(s, ".state({})", builder_expr(node));
            }
            s
        }
    }
}

/// The `vs_python.sh` workload: `n` chained tasks, each on its own function.
pub fn tasks_on_functions(n: usize) -> builder_core::Service {
    let mut service = builder_core::Service::new("bench-service");
    let mut machine = builder_core::StateMachine::builder("Chain");
    for i in 0..n {
        let function = service
            .function(format!("step_{i}"), format!("bench.handler.step_{i}"))
            .description(format!("Step {i}"));
        machine = machine.state(builder_core::Task::function(&function));
    }
    service.add_state_machine(machine.build().expect("a valid machine"));
    service
}
