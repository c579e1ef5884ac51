//! `serverless-builder check FILE...` and `serverless-builder graph FILE`:
//! the command line — arguments, files, output and exit status.

use builder_core::check::Profile;
use serverless_builder_cli::pipeline::{check_bytes, Options};
use serverless_builder_cli::report;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
serverless-builder: checks AWS Step Functions state machines

Usage: serverless-builder check [OPTIONS] FILE...
       serverless-builder graph [OPTIONS] FILE

Commands:
  check    Check the state machines of each FILE: an ASL definition (JSON or
           YAML), a serverless.yml with `stepFunctions.stateMachines`, or a
           SAM/CloudFormation template with state machine resources
  graph    Draw a state machine of FILE as Mermaid, DOT or SVG

Run `serverless-builder check --help` or `serverless-builder graph --help`
for the options.
";

const GRAPH_USAGE: &str = "\
Usage: serverless-builder graph [OPTIONS] FILE

Draws a state machine of FILE (any file `check` reads) on standard output.

Options:
  --machine NAME              the machine to draw, when FILE has several
  --format mermaid|dot|svg    Mermaid flowchart (default), Graphviz DOT, or
                              an SVG picture laid out without other programs
  -h, --help                  print this help

Exit status: 0 when drawn, 1 when the machine does not read, 2 for a usage
error or a file that cannot be read.
";

const CHECK_USAGE: &str = "\
Usage: serverless-builder check [OPTIONS] FILE...

Checks the state machines of each FILE: an ASL definition (`.json`, or YAML),
every `stepFunctions.stateMachines` entry of a serverless.yml, and every
`AWS::Serverless::StateMachine` / `AWS::StepFunctions::StateMachine` resource
of a SAM/CloudFormation template (`Definition` or `DefinitionString`).

Options:
  --format text|json        text: rustc-style errors with the source line
                            (default); json: one JSON object per file per line
  --profile asl|serverless  the rules: Step Functions' own (asl), or also what
                            the serverless-step-functions plugin refuses
                            (serverless); default: asl for ASL files and
                            templates, serverless for serverless.yml
  --round-trip              also write each definition back and read it
                            again; a difference is error SB999
  -h, --help                print this help

Exit status: 0 when no file has an error, 1 when one has, 2 for a usage
error or a file that cannot be read.
";

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// What the command line asks for.
enum Command {
    Help(&'static str),
    Check {
        files: Vec<String>,
        format: Format,
        options: Options,
    },
    Graph {
        file: String,
        machine: Option<String>,
        format: GraphFormat,
    },
}

/// What `graph` writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GraphFormat {
    Mermaid,
    Dot,
    Svg,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help(text)) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Ok(Command::Check {
            files,
            format,
            options,
        }) => run(&files, format, &options),
        Ok(Command::Graph {
            file,
            machine,
            format,
        }) => graph(&file, machine.as_deref(), format),
        Err(message) => {
            eprintln!("error: {message}\n\nUsage: serverless-builder check [OPTIONS] FILE...\nRun `serverless-builder check --help` for more.");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments (after the program name).
fn parse_args(args: &[String]) -> Result<Command, String> {
    let Some((command, rest)) = args.split_first() else {
        return Err("no command given".into());
    };
    match command.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help(USAGE)),
        "check" => {}
        "graph" => return parse_graph_args(rest),
        other => return Err(format!("unknown command `{other}`")),
    }
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut options = Options::default();
    let mut rest = rest.iter();
    let mut only_files = false;
    while let Some(arg) = rest.next() {
        if only_files || !arg.starts_with('-') || arg == "-" {
            files.push(arg.clone());
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match flag {
            "--" => only_files = true,
            "-h" | "--help" => return Ok(Command::Help(CHECK_USAGE)),
            "--round-trip" if inline.is_none() => options.round_trip = true,
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`; expected `text` or `json`"
                        ))
                    }
                }
            }
            "--profile" => {
                options.profile = Some(match value("--profile")?.as_str() {
                    "asl" => Profile::Asl,
                    "serverless" => Profile::ServerlessPlugin,
                    other => {
                        return Err(format!(
                            "unknown profile `{other}`; expected `asl` or `serverless`"
                        ))
                    }
                })
            }
            _ => return Err(format!("unknown option `{arg}`")),
        }
    }
    if files.is_empty() {
        return Err("no file given".into());
    }
    Ok(Command::Check {
        files,
        format,
        options,
    })
}

/// The arguments of `graph`.
fn parse_graph_args(args: &[String]) -> Result<Command, String> {
    let mut file = None;
    let mut machine = None;
    let mut format = GraphFormat::Mermaid;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help(GRAPH_USAGE)),
            "--machine" => machine = Some(value("--machine")?),
            "--format" => {
                format = match value("--format")?.as_str() {
                    "mermaid" => GraphFormat::Mermaid,
                    "dot" => GraphFormat::Dot,
                    "svg" => GraphFormat::Svg,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`; expected `mermaid`, `dot` or `svg`"
                        ))
                    }
                }
            }
            f if f.starts_with('-') && f != "-" => return Err(format!("unknown option `{arg}`")),
            _ if file.is_some() => return Err("`graph` draws one file".into()),
            _ => file = Some(arg.clone()),
        }
    }
    let file = file.ok_or("no file given")?;
    Ok(Command::Graph {
        file,
        machine,
        format,
    })
}

/// Draws one machine of a file.
fn graph(file: &str, machine: Option<&str>, format: GraphFormat) -> ExitCode {
    let text = if file == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let text = match text {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read `{file}`: {e}");
            return ExitCode::from(2);
        }
    };
    let machines = match serverless_builder_cli::pipeline::read_machines(file, &text) {
        Ok(machines) => machines,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let names: Vec<String> = machines.iter().map(|m| format!("`{}`", m.name)).collect();
    let chosen = match (machine, machines.as_slice()) {
        (None, [one]) => one,
        (None, []) => {
            eprintln!("error: {file} holds no state machine");
            return ExitCode::from(1);
        }
        (None, _) => {
            eprintln!(
                "error: {file} holds several state machines ({}); choose one with --machine",
                names.join(", ")
            );
            return ExitCode::from(2);
        }
        (Some(name), all) => match all.iter().find(|m| m.name == name) {
            Some(m) => m,
            None => {
                eprintln!(
                    "error: {file} has no state machine `{name}`; it has {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    let text = match format {
        GraphFormat::Mermaid => chosen.to_mermaid(),
        GraphFormat::Dot => chosen.to_dot(),
        GraphFormat::Svg => chosen.to_svg(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// Checks every file, printing as it goes.
fn run(files: &[String], format: Format, options: &Options) -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut any_error = false;
    let mut unreadable = false;
    for file in files {
        let bytes = if file == "-" {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
        } else {
            std::fs::read(file)
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                let _ = out.flush();
                eprintln!("error: cannot read `{file}`: {e}");
                unreadable = true;
                continue;
            }
        };
        let report = check_bytes(file, &bytes, options);
        any_error |= report.has_errors();
        let text = match format {
            Format::Text => report::text(&report),
            Format::Json => report::json(&report) + "\n",
        };
        if out.write_all(text.as_bytes()).is_err() {
            // The reader went away (a closed pipe): nothing more to say.
            return ExitCode::from(if unreadable { 2 } else { u8::from(any_error) });
        }
    }
    let _ = out.flush();
    ExitCode::from(if unreadable { 2 } else { u8::from(any_error) })
}
