//! `run-cases`: the library's engine on ASL definitions with a
//! `<name>.cases.json` beside them (the files check.js runs in moto): each
//! case's input, Lambda functions answered from the case's `lambdas` by
//! function name or echoing their payload (as moto's do), the outcome
//! compared with `expect` / `expectError`. The whole-process benchmark
//! against moto (`bench.sh engine`) times this command.

use builder_core::json::Json;
use builder_core::model::StateMachine;
use builder_core::{asl, from_json_str};
use std::path::{Path, PathBuf};

/// Definitions, executions, agreeing executions.
pub struct Report {
    pub definitions: usize,
    pub executions: usize,
    pub agree: usize,
    pub differences: Vec<String>,
}

fn read(path: &Path) -> Result<Json, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    from_json_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out)?;
        } else if p.to_string_lossy().ends_with(".json")
            && !p.to_string_lossy().ends_with(".cases.json")
        {
            out.push(p);
        }
    }
    Ok(())
}

/// The Lambda function a task calls: the name in its ARN or FunctionName.
fn function_name(request: &Json, resource: &str) -> String {
    let arn = request
        .get("FunctionName")
        .and_then(Json::as_str)
        .unwrap_or(resource);
    arn.split(":function:")
        .nth(1)
        .unwrap_or(arn)
        .split(':')
        .next()
        .unwrap_or("")
        .to_owned()
}

pub fn run(dirs: &[PathBuf]) -> Result<Report, String> {
    let mut defs = Vec::new();
    for d in dirs {
        files(d, &mut defs)?;
    }
    defs.sort();
    let mut report = Report {
        definitions: 0,
        executions: 0,
        agree: 0,
        differences: Vec::new(),
    };
    for def in defs {
        let cases_path = PathBuf::from(def.to_string_lossy().replace(".json", ".cases.json"));
        if !cases_path.exists() {
            continue;
        }
        let name = def
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let definition = asl::read::definition(&read(&def)?, &name, None)
            .map_err(|e| format!("{}: {e:?}", def.display()))?;
        let mut machine = StateMachine::new(name.clone());
        machine.definition = definition;
        report.definitions += 1;
        let Json::Array(cases) = read(&cases_path)? else {
            return Err(format!("{}: not an array", cases_path.display()));
        };
        for case in &cases {
            report.executions += 1;
            let input = match case.get("input") {
                Some(Json::String(text)) => from_json_str(text).map_err(|e| e.to_string())?,
                Some(v) => v.clone(),
                None => Json::Object(Vec::new()),
            };
            let lambdas = case.get("lambdas").cloned().unwrap_or(Json::Null);
            // Answers by function name need the resource: a mock per task.
            let mut run = machine.test().input(input);
            for (state, resource) in tasks(&machine) {
                let lambdas = lambdas.clone();
                run = run.mock(&state, move |request| {
                    let name = function_name(request, &resource);
                    Ok(lambdas
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| request.clone()))
                });
            }
            let outcome = run.run().map_err(|e| format!("{}: {e}", def.display()))?;
            let same = match (case.get("expect"), case.get("expectError")) {
                (Some(expected), _) => outcome.succeeded() && outcome.output() == expected,
                (None, Some(Json::String(error))) => outcome.error() == Some(error.as_str()),
                _ => true,
            };
            if same {
                report.agree += 1;
            } else {
                report.differences.push(format!(
                    "{} / {}: {outcome}",
                    def.display(),
                    case.get("name").and_then(Json::as_str).unwrap_or("?")
                ));
            }
        }
    }
    Ok(report)
}

/// Every Task of a machine at any depth: its name and resource.
fn tasks(machine: &StateMachine) -> Vec<(String, String)> {
    use builder_core::model::{Block, Resource, StateKind};
    fn walk(block: &Block, out: &mut Vec<(String, String)>) {
        for s in &block.states {
            match &s.kind {
                StateKind::Task(t) => {
                    let r = match &t.resource {
                        Resource::Arn(a) | Resource::Function(a) => a.clone(),
                        other => format!("{other:?}"),
                    };
                    out.push((s.name.clone(), r));
                }
                StateKind::Parallel(p) => p.branches.iter().for_each(|b| walk(b, out)),
                StateKind::Map(m) => walk(&m.body, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&machine.definition.block, &mut out);
    out
}
