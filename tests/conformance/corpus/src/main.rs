//! `conformance-corpus`: see `tests/conformance/README.md` ("Generated corpus
//! and mutation testing").

use conformance_corpus::{agree, emit, mutate, parse_seed};
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  conformance-corpus emit   --seed S --count N --out DIR [--per-service K]
  conformance-corpus emit   --one SEED --out DIR          (one machine, to reproduce a failure)
  conformance-corpus mutate --seed S --count N --out DIR [--bases B]
  conformance-corpus agree  --manifest M --results R [--valid RESULTS]
  conformance-corpus run-cases DIR...   (the engine on every definition with a .cases.json)
  conformance-corpus graphs --seed S --count N --out DIR   (each machine as .mmd, .dot, .svg)
Seeds are decimal or 0x-hexadecimal.";

struct Args(Vec<String>);

impl Args {
    fn value(&self, flag: &str) -> Result<Option<String>, String> {
        match self.0.iter().position(|a| a == flag) {
            None => Ok(None),
            Some(i) => self
                .0
                .get(i + 1)
                .cloned()
                .map(Some)
                .ok_or(format!("{flag} needs a value")),
        }
    }
    fn required(&self, flag: &str) -> Result<String, String> {
        self.value(flag)?
            .ok_or(format!("{flag} is required\n{USAGE}"))
    }
    fn number(&self, flag: &str, default: usize) -> Result<usize, String> {
        match self.value(flag)? {
            None => Ok(default),
            Some(v) => v.parse().map_err(|e| format!("{flag} {v}: {e}")),
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = argv.first().cloned() else {
        return Err(USAGE.into());
    };
    let args = Args(argv[1..].to_vec());
    match command.as_str() {
        "emit" => {
            let out = PathBuf::from(args.required("--out")?);
            let one = args.value("--one")?.map(|s| parse_seed(&s)).transpose()?;
            let seed = match one {
                Some(_) => 0,
                None => parse_seed(&args.required("--seed")?)?,
            };
            let count = args.number("--count", 500)?;
            let per = args.number("--per-service", 25)?;
            let s = emit::emit(seed, count, per, one, &out)?;
            println!(
                "emit: {} machines ({} states) in {} serverless files under {}; {} executable with {} executions ({} expect an error)",
                s.machines,
                s.states,
                s.files,
                out.display(),
                s.executable,
                s.cases,
                s.expect_error
            );
            let mut rare: Vec<(&String, &usize)> = s.coverage.0.iter().collect();
            rare.sort_by_key(|(k, n)| (**n, (*k).clone()));
            let rare: Vec<String> = rare
                .iter()
                .take(8)
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            println!(
                "emit: {} features used; the rarest: {}",
                s.coverage.0.len(),
                rare.join(", ")
            );
            let missing = s.coverage.missing();
            if one.is_none() && count >= 200 && !missing.is_empty() {
                return Err(format!(
                    "emit: the corpus misses features: {}",
                    missing.join(", ")
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        "mutate" => {
            let out = PathBuf::from(args.required("--out")?);
            let seed = parse_seed(&args.required("--seed")?)?;
            let count = args.number("--count", 300)?;
            let bases = args.number("--bases", 500)?;
            let mutants = mutate::mutate(seed, count, bases)?;
            mutate::write(&out, seed, &mutants)?;
            let accepted: Vec<&mutate::Mutant> = mutants
                .iter()
                .filter(|m| !m.ours.rejected || !m.json_route.rejected)
                .collect();
            println!(
                "mutate: {} mutants in {} classes under {} ({} by the validator, {} by the parser)",
                mutants.len(),
                mutate::classes().len().min(mutants.len()),
                out.display(),
                mutants
                    .iter()
                    .filter(|m| m.ours.stage == "validate")
                    .count(),
                mutants.iter().filter(|m| m.ours.stage == "parse").count()
            );
            for m in &accepted {
                eprintln!(
                    "conformance-corpus: our side accepts a {} mutant of seed {:#018x}: {}",
                    m.class, m.base_seed, m.description
                );
            }
            Ok(if accepted.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "agree" => {
            let manifest = args.required("--manifest")?;
            let results = args.required("--results")?;
            let valid = args.value("--valid")?;
            let (report, ok) = agree::agree(
                Path::new(&manifest),
                Path::new(&results),
                valid.as_deref().map(Path::new),
            )?;
            print!("{report}");
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "run-cases" => {
            let dirs: Vec<PathBuf> = std::env::args().skip(2).map(PathBuf::from).collect();
            let start = std::time::Instant::now();
            let report = conformance_corpus::run_cases::run(&dirs)?;
            for d in &report.differences {
                println!("  DIFFERS: {d}");
            }
            println!(
                "run-cases: {} definitions, {} executions on the engine, {} as expected, in {:.3} s",
                report.definitions,
                report.executions,
                report.agree,
                start.elapsed().as_secs_f64()
            );
            Ok(if report.differences.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "graphs" => {
            let out = PathBuf::from(args.required("--out")?);
            let seed = parse_seed(&args.required("--seed")?)?;
            let count = args.number("--count", 500)?;
            let (files, seconds) = emit::graphs(seed, count, &out)?;
            println!(
                "graphs: {count} machines drawn as {files} files under {} in {seconds:.2}s",
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("conformance-corpus: {e}");
            ExitCode::from(1)
        }
    }
}
