//! One file through the whole check: parse, find the machines, read each
//! with the library, validate what reads cleanly, optionally write it back
//! and read it again, and point every diagnostic into the file.

use crate::discover::{self, Machine, Origin};
use crate::locate::{self, Root};
use crate::report::{FileReport, Finding};
use crate::source::{parse_json, Span};
use crate::yaml::parse_yaml;
use builder_core::asl;
use builder_core::check::{self, Profile};
use builder_core::diag::{Naming, Sink};
use builder_core::json::Json;
use builder_core::serverless::{naming, read as serverless_read};
use builder_core::{Code, Diagnostic, Location, StateMachine};

/// How to check.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// The rules, instead of the ones the file's kind implies.
    pub profile: Option<Profile>,
    /// Also write each definition back and read it again.
    pub round_trip: bool,
}

/// Checks a file's bytes.
pub fn check_bytes(file: &str, bytes: &[u8], options: &Options) -> FileReport {
    match std::str::from_utf8(bytes) {
        Ok(text) => check_text(file, text, options),
        Err(e) => FileReport {
            file: file.to_owned(),
            text: String::new(),
            machines: Vec::new(),
            findings: vec![Finding::new(
                Code::InvalidSyntax,
                None,
                format!(
                    "the file is not UTF-8 text (byte {} is not valid UTF-8)",
                    e.valid_up_to()
                ),
            )],
            skipped: Vec::new(),
        },
    }
}

/// Checks a file's text; `file` is its name (which also tells JSON from
/// YAML, and names a whole-file definition).
pub fn check_text(file: &str, text: &str, options: &Options) -> FileReport {
    let mut report = FileReport {
        file: file.to_owned(),
        text: text.to_owned(),
        machines: Vec::new(),
        findings: Vec::new(),
        skipped: Vec::new(),
    };
    let parsed = if is_json(file, text) {
        parse_json(text)
    } else {
        parse_yaml(text)
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let what = if is_json(file, text) { "JSON" } else { "YAML" };
            report.findings.push(Finding::new(
                Code::InvalidSyntax,
                Some(Span::new(e.offset, e.offset + 1)),
                format!("the file is not valid {what}: {}", e.message),
            ));
            return report;
        }
    };
    let found = discover::machines(&root, &stem(file), text);
    report.findings.extend(found.problems);
    report.skipped.extend(found.skipped);
    for machine in &found.machines {
        report.machines.push(machine.name.clone());
        report.findings.extend(check_machine(machine, options));
    }
    report.findings.sort_by_key(|f| f.span.map(|s| s.start));
    report
}

/// JSON by name (`.json`) or by a first character `{`; YAML otherwise.
fn is_json(file: &str, text: &str) -> bool {
    file.ends_with(".json")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
}

/// The file name without folders and without `.asl.json`-like endings.
fn stem(file: &str) -> String {
    let mut name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    while let Some(rest) = [".json", ".yaml", ".yml", ".asl"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .filter(|rest| !rest.is_empty())
    {
        name = rest;
    }
    name.to_owned()
}

/// Reads one machine with the library: the model (when it reads), its
/// ARN (serverless.yml entries), and what the reader found.
fn read(machine: &Machine<'_>, sink: &mut Sink) -> (Option<StateMachine>, Option<String>) {
    let name = machine.name.as_str();
    let json = machine.root.to_json();
    match &machine.origin {
        Origin::Serverless { service } => {
            let arn =
                naming::state_machine_arn(service.as_deref().unwrap_or("${self:service}"), name);
            let model = serverless_read::machine_entry(name, &json, service.as_deref(), sink);
            (model, Some(arn))
        }
        Origin::Asl | Origin::Template => {
            let model = asl::read::definition_into(&json, name, None, sink).map(|d| {
                let mut m = StateMachine::new(name);
                m.definition = d;
                m
            });
            (model, None)
        }
    }
}

/// The machines of a file's text, read (`Err`: the file does not parse, or
/// a machine does not read, with why).
pub fn read_machines(file: &str, text: &str) -> Result<Vec<StateMachine>, String> {
    let parsed = if is_json(file, text) {
        parse_json(text)
    } else {
        parse_yaml(text)
    };
    let root = parsed.map_err(|e| format!("{file} does not parse: {}", e.message))?;
    let found = discover::machines(&root, &stem(file), text);
    let mut out = Vec::new();
    for machine in &found.machines {
        let mut sink = Sink::default();
        match read(machine, &mut sink) {
            (Some(model), _) if sink.is_empty() => out.push(model),
            _ => {
                return Err(format!(
                    "the state machine `{}` of {file} does not read: `serverless-builder check {file}` says why",
                    machine.name
                ))
            }
        }
    }
    Ok(out)
}

/// Reads, validates and (optionally) round-trips one machine.
fn check_machine(machine: &Machine<'_>, options: &Options) -> Vec<Finding> {
    let name = machine.name.as_str();
    let mut sink = Sink::default();
    let (model, arn) = read(machine, &mut sink);
    let read_cleanly = sink.is_empty();
    if let (Some(model), true) = (&model, read_cleanly) {
        let profile = options.profile.unwrap_or_else(|| machine.origin.profile());
        let check_options = check::Options {
            profile,
            naming: Naming::Asl,
        };
        check::check(model, check_options, &mut sink);
    }
    let mut diagnostics = sink.finish().into_vec();
    if !matches!(machine.origin, Origin::Serverless { .. }) {
        // The name came from the file or the resource id, not from what is
        // deployed: its rules do not apply.
        let root = Location::machine(name);
        diagnostics.retain(|d| {
            !(d.location == root
                && matches!(
                    d.code,
                    Code::MachineNameEmpty | Code::MachineNameTooLong | Code::InvalidMachineName
                ))
        });
    }
    if let (Some(model), true, true) = (&model, read_cleanly, options.round_trip) {
        diagnostics.extend(round_trip(model, arn.as_deref()));
    }
    let root = match machine.origin {
        Origin::Serverless { .. } => Root::Entry(&machine.root),
        Origin::Asl | Origin::Template => Root::Definition(&machine.root),
    };
    diagnostics
        .into_iter()
        .map(|d| Finding {
            span: Some(locate::span(root, machine.key_span, &d.location, d.code)),
            location: Some(d.location.to_string()),
            help: d.help,
            notes: d.notes,
            ..Finding::new(d.code, None, d.message)
        })
        .collect()
}

/// Writes the definition, reads it back, and reports when the two models
/// differ (a measurement of the library's reader and writer).
fn round_trip(model: &StateMachine, arn: Option<&str>) -> Option<Diagnostic> {
    let written = asl::write::definition(&model.definition, arn.unwrap_or_default());
    let mut sink = Sink::default();
    let back = asl::read::definition_into(&written, &model.name, arn, &mut sink);
    let diagnostics = sink.finish();
    if back.as_ref() == Some(&model.definition) && diagnostics.is_empty() {
        return None;
    }
    let mut d = Diagnostic::new(
        Code::Internal,
        Location::machine(&model.name),
        "the definition does not read back the same",
    );
    if let Some(first) = diagnostics.as_slice().first() {
        d = d.with_note(format!("reading the written definition reports: {first}"));
    } else if let Some(back) = &back {
        let rewritten = asl::write::definition(back, arn.unwrap_or_default());
        let note = match first_difference(&written, &rewritten, &mut String::new()) {
            Some(path) => format!("written again, it differs first at `{path}`"),
            None => "it writes the same JSON, but the two models differ".to_owned(),
        };
        d = d.with_note(note);
    }
    Some(d)
}

/// The path of the first difference between two JSON values.
fn first_difference(a: &Json, b: &Json, path: &mut String) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) if x.len() == y.len() => {
            for ((kx, vx), (ky, vy)) in x.iter().zip(y) {
                if kx != ky {
                    return Some(format!("{path}.{kx}"));
                }
                let len = path.len();
                path.push('.');
                path.push_str(kx);
                let found = first_difference(vx, vy, path);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => {
            for (i, (vx, vy)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = first_difference(vx, vy, path);
                path.truncate(len);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ if a == b => None,
        _ => Some(if path.is_empty() {
            "$".to_owned()
        } else {
            path.clone()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(stem("dir/orders.asl.json"), "orders");
        assert_eq!(stem("a\\b.yml"), "b");
        assert_eq!(stem(".json"), ".json");
        assert_eq!(stem("x.y.json"), "x.y");
    }

    #[test]
    fn json_or_yaml() {
        assert!(is_json("a.json", "x: 1"));
        assert!(is_json("a.txt", "\u{feff}  {\"a\": 1}"));
        assert!(!is_json("a.yml", "a: 1"));
    }
}
