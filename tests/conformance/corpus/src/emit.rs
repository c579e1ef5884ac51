//! `emit`: generated machines grouped into services, written as
//! `batch-NNN/serverless.yml`, with a `serverless.<Machine>.cases.json`
//! beside each for the runner's `--run` (an empty list for machines that are
//! not executable: they are validated and packaged, not run).

use crate::eval::Outcome;
use crate::gen::{self, Coverage, Generated};
use crate::rng::derive;
use crate::strings::TRICKY;
use builder_core::json::Json;
use builder_core::{Block, FunctionHandle, Service, StateKind, StateMachine};
use std::fmt::Write as _;
use std::path::Path;

/// The functions of every service, as (name, handler).
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("fetch_items", "corpus.handler.fetch_items"),
    ("process_item", "corpus.handler.process_item"),
    ("store-result", "corpus.handler.store_result"),
    ("notifyUser", "corpus.handler.notify_user"),
    ("v2_import", "corpus.jobs.v2_import"),
    ("echo", "corpus.handler.echo"),
];

/// A service with the corpus functions; `variant` varies their settings.
pub fn service(name: &str, variant: u64) -> (Service, Vec<FunctionHandle>) {
    let mut service = Service::new(name);
    // provider settings vary too (stage and region show in every name and ARN)
    if variant % 4 == 1 {
        service.provider_mut().region = Some("eu-west-1".into());
    }
    if variant % 3 == 2 {
        service.provider_mut().stage = Some("ci".into());
    }
    if variant % 5 == 3 {
        service.provider_mut().runtime = "python3.13".into();
    }
    // What the machines' events and settings refer to.
    service.sns_topic("CorpusAlerts");
    service.sqs_queue("CorpusQueue");
    service.event_bus("CorpusBus", &format!("{name}-${{sls:stage}}"));
    let mut handles = Vec::new();
    for (i, (fname, handler)) in FUNCTIONS.iter().enumerate() {
        let v = variant.wrapping_add(i as u64);
        let mut h = service.function(*fname, *handler);
        if v % 2 == 0 {
            h = h.description(TRICKY[(v as usize * 7) % TRICKY.len()]);
        }
        if v % 3 == 0 {
            h = h.timeout(1 + v % 900);
        }
        if v % 4 == 1 {
            h = h.memory_size(128 + (v % 8) * 128);
        }
        if v % 5 == 2 {
            h = h.runtime(["python3.11", "python3.12", "python3.13"][(v % 3) as usize]);
        }
        if v % 3 == 1 {
            h = h.environment("CORPUS_VALUE", TRICKY[(v as usize * 11) % TRICKY.len()]);
        }
        handles.push(h);
    }
    (service, handles)
}

/// The number of states of a machine, nested ones included.
pub fn count_states(machine: &StateMachine) -> usize {
    fn block(b: &Block) -> usize {
        b.states
            .iter()
            .map(|s| {
                1 + match &s.kind {
                    StateKind::Parallel(p) => p.branches.iter().map(block).sum(),
                    StateKind::Map(m) => block(&m.body),
                    _ => 0,
                }
            })
            .sum()
    }
    block(&machine.definition.block)
}

/// The runner's cases file of a machine: what the library's engine gives
/// for each input (Lambda functions echo their payload, as moto's do), so
/// that every CI run compares moto's executions with the engine's. The
/// generator's evaluator must agree with the engine; a difference is an
/// error.
pub fn cases_json(g: &Generated) -> Result<Json, String> {
    let mut out = Vec::with_capacity(g.cases.len());
    for c in &g.cases {
        let run = g
            .machine
            .test()
            .input(c.input.clone())
            .mock_default(|request| Ok(request.clone()))
            .run()
            .map_err(|e| format!("{}: the engine could not run it: {e}", c.name))?;
        let expect = match run.status() {
            builder_core::run::Status::Succeeded => ("expect", run.output().clone()),
            builder_core::run::Status::Failed { error, .. } => {
                ("expectError", Json::from(error.as_str()))
            }
            // moto does not run the clock: a machine timeout on the
            // virtual clock cannot be compared; the case is left out.
            builder_core::run::Status::TimedOut => continue,
        };
        // CORPUS_DEBUG=1: each case's engine history, to investigate a difference.
        if std::env::var_os("CORPUS_DEBUG").is_some() {
            eprintln!(
                "{} input {} -> {:?}",
                c.name,
                c.input.to_json_string(),
                run.status()
            );
            for e in run.history() {
                eprintln!("  {} {:?}", e.kind, e.state);
            }
        }
        let same = match &c.outcome {
            Outcome::Succeeded(output) => expect.0 == "expect" && &expect.1 == output,
            Outcome::Failed { error, .. } => expect.1 == Json::from(error.as_str()),
        };
        if !same {
            return Err(format!(
                "{} ({:#018x}): the engine gives {} {}, the evaluator {:?}",
                c.name,
                g.seed,
                expect.0,
                expect.1.to_json_string(),
                c.outcome
            ));
        }
        out.push(Json::object([
            ("name", Json::from(c.name.as_str())),
            ("input", c.input.clone()),
            (expect.0, expect.1),
        ]));
    }
    Ok(Json::Array(out))
}

/// What `emit` did.
#[derive(Default)]
pub struct Summary {
    /// Machines written.
    pub machines: usize,
    /// Executable machines among them.
    pub executable: usize,
    /// Executions (cases) written.
    pub cases: usize,
    /// Of which expect an error.
    pub expect_error: usize,
    /// States, nested ones included.
    pub states: usize,
    /// Serverless files written.
    pub files: usize,
    /// Features used.
    pub coverage: Coverage,
    /// The seeds written, with their batch.
    pub seeds: Vec<(usize, u64, bool)>,
}

/// Writes `count` machines of run `seed` (or the single machine `one`) under
/// `out`, `per_service` per serverless.yml.
pub fn emit(
    seed: u64,
    count: usize,
    per_service: usize,
    one: Option<u64>,
    out: &Path,
) -> Result<Summary, String> {
    let seeds: Vec<u64> = match one {
        Some(s) => vec![s],
        None => (0..count as u64).map(|i| derive(seed, i)).collect(),
    };
    let per_service = per_service.max(1);
    let mut summary = Summary::default();
    for (batch, chunk) in seeds.chunks(per_service).enumerate() {
        let name = match one {
            Some(s) => format!("corpus-one-{:x}", s % 0xffff_ffff),
            None => format!("corpus-b{batch:03}"),
        };
        let (mut service, functions) = service(&name, seed.wrapping_add(batch as u64));
        let dir = out.join(match one {
            Some(_) => "one".to_string(),
            None => format!("batch-{batch:03}"),
        });
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for &s in chunk {
            let g = gen::generate(s, &functions, None)?;
            summary.machines += 1;
            summary.states += count_states(&g.machine);
            summary.coverage.merge(&g.coverage);
            summary.seeds.push((batch, s, g.executable));
            if g.executable {
                summary.executable += 1;
                summary.cases += g.cases.len();
                summary.expect_error += g
                    .cases
                    .iter()
                    .filter(|c| matches!(c.outcome, Outcome::Failed { .. }))
                    .count();
            }
            let file = dir.join(format!("serverless.{}.cases.json", g.machine.name));
            std::fs::write(&file, cases_json(&g)?.to_json_string_pretty() + "\n")
                .map_err(|e| format!("{}: {e}", file.display()))?;
            service.add_state_machine(g.machine);
        }
        let yaml = service.to_yaml().map_err(|e| {
            format!(
                "{name}: the service does not emit (seeds {}): {e}",
                seed_list(chunk)
            )
        })?;
        std::fs::write(dir.join("serverless.yml"), yaml)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        summary.files += 1;
    }
    Ok(summary)
}

/// Draws `count` machines of run `seed` in each format (Mermaid, DOT,
/// SVG) under `out`: `<n>.mmd`, `<n>.dot`, `<n>.svg`. Returns the number of
/// files and the seconds the drawing took.
pub fn graphs(seed: u64, count: usize, out: &Path) -> Result<(usize, f64), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let (_, functions) = service("corpus-graphs", seed);
    let mut files = 0;
    let mut seconds = 0.0;
    for i in 0..count {
        let s = crate::rng::derive(seed, i as u64);
        let g = gen::generate(s, &functions, None)?;
        let t = std::time::Instant::now();
        let drawn = [
            ("mmd", g.machine.to_mermaid()),
            ("dot", g.machine.to_dot()),
            ("svg", g.machine.to_svg()),
        ];
        seconds += t.elapsed().as_secs_f64();
        for (ext, text) in drawn {
            let file = out.join(format!("{i:04}-{s:016x}.{ext}"));
            std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
            files += 1;
        }
    }
    Ok((files, seconds))
}

fn seed_list(seeds: &[u64]) -> String {
    let mut s = String::new();
    for (i, seed) in seeds.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        let _ = write!(s, "{seed:#018x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use builder_core::serverless::naming::function_logical_id;

    #[test]
    fn generated_services_survive_to_yaml_and_from_yaml() {
        let mut bad = 0;
        for b in 0..8u64 {
            let (mut service, functions) = service("corpus-rt", b);
            for i in 0..25 {
                let g = gen::generate(crate::rng::derive(77 + b, i), &functions, None).unwrap();
                service.add_state_machine(g.machine);
            }
            let yaml = service.to_yaml().unwrap();
            let back = Service::from_yaml(&yaml).unwrap();
            for (a, z) in service.state_machines().iter().zip(back.state_machines()) {
                let mut a = a.clone();
                normalize(&mut a.definition.block);
                let a = &a;
                if a != z {
                    bad += 1;
                    if bad < 3 {
                        eprintln!(
                            "round trip differs for {}: {:#?}",
                            a.name,
                            first_diff(&format!("{a:?}"), &format!("{z:?}"))
                        );
                    }
                }
            }
            assert_eq!(back.to_yaml().unwrap(), yaml);
        }
        assert_eq!(bad, 0);
    }

    /// `Fn::GetAtt [XLambdaFunction, Arn]` reads back as the function `X`
    /// (the reader does so when `X`'s logical id is that id, as it is for
    /// the generator's functions).
    fn normalize(b: &mut Block) {
        for s in &mut b.states {
            match &mut s.kind {
                StateKind::Task(t) => {
                    if let builder_core::Resource::Intrinsic(Json::Object(pairs)) = &t.resource {
                        if let [(k, Json::Array(args))] = pairs.as_slice() {
                            if let (true, [Json::String(id), _]) =
                                (k == "Fn::GetAtt", args.as_slice())
                            {
                                let key = id.trim_end_matches("LambdaFunction").to_string();
                                if function_logical_id(&key) == *id {
                                    t.resource = builder_core::Resource::Function(key);
                                }
                            }
                        }
                    }
                }
                StateKind::Parallel(p) => p.branches.iter_mut().for_each(normalize),
                StateKind::Map(m) => normalize(&mut m.body),
                _ => {}
            }
        }
    }

    fn first_diff(a: &str, b: &str) -> String {
        let i = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let s: String = a.chars().skip(i.saturating_sub(80)).take(200).collect();
        let t: String = b.chars().skip(i.saturating_sub(80)).take(200).collect();
        format!("ours: {s}\nback: {t}")
    }
}

#[cfg(test)]
mod engine_agreement {
    use super::*;
    use builder_core::run::Status;

    /// The library's engine runs the corpus's executable machines as the
    /// evaluator does — the evaluator whose outcomes moto confirms in every
    /// CI run (Lambda functions echo their payload, as moto's do).
    #[test]
    fn the_engine_agrees_with_the_evaluator_on_the_executable_corpus() {
        let (_, functions) = service("corpus-engine", 3);
        let (mut cases, mut agree) = (0, 0);
        let mut first = Vec::new();
        for i in 0..300u64 {
            let g = gen::generate(derive(11, i), &functions, Some(true)).unwrap();
            for case in &g.cases {
                cases += 1;
                let run = g
                    .machine
                    .test()
                    .input(case.input.clone())
                    .mock_default(|request| Ok(request.clone()))
                    .run();
                let same = match (&run, &case.outcome) {
                    (Ok(e), Outcome::Succeeded(out)) => e.succeeded() && e.output() == out,
                    (Ok(e), Outcome::Failed { error, .. }) => {
                        matches!(e.status(), Status::Failed { error: got, .. } if got == error)
                    }
                    _ => false,
                };
                if same {
                    agree += 1;
                } else if first.len() < 5 {
                    first.push(format!(
                        "{} ({:#018x}): expected {:?}, engine {}",
                        case.name,
                        g.seed,
                        case.outcome,
                        match &run {
                            Ok(e) => format!("{:?} {}", e.status(), e.output().to_json_string()),
                            Err(e) => e.to_string(),
                        }
                    ));
                }
            }
        }
        eprintln!("engine agreement: {agree} of {cases} executions");
        assert_eq!(agree, cases, "{first:#?}");
    }
}
