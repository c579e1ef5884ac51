//! The built binary on the fixture files: exit status, `file:line:col`,
//! codes, the text and JSON formats, and usage errors.

use serverless_builder_cli::source::{parse_json, Node};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_serverless-builder");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs the binary in the fixtures folder.
fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(fixtures())
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `--format json` for one file: its one line, parsed.
fn json_report(args: &[&str]) -> (i32, Node) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = run(&all);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    let node = parse_json(text.trim_end()).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    (out.status.code().unwrap_or(-1), node)
}

/// (code, line, column, location) of each error of a JSON report.
fn errors(report: &Node) -> Vec<(String, i64, i64, String)> {
    let json = report.to_json();
    let num = |v: Option<&builder_core::Json>| match v {
        Some(builder_core::Json::Number(n)) => n.as_f64() as i64,
        _ => 0,
    };
    let Some(builder_core::Json::Array(items)) = json.get("errors") else {
        panic!("no errors array")
    };
    items
        .iter()
        .map(|e| {
            (
                e.get("code")
                    .and_then(|c| c.as_str())
                    .unwrap_or("")
                    .to_owned(),
                num(e.get("line")),
                num(e.get("column")),
                e.get("location")
                    .and_then(|c| c.as_str())
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect()
}

fn machines(report: &Node) -> Vec<String> {
    report
        .get("machines")
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

fn e(code: &str, line: i64, column: i64, location: &str) -> (String, i64, i64, String) {
    (code.to_owned(), line, column, location.to_owned())
}

#[test]
fn a_valid_definition_passes() {
    let out = run(&["check", "valid.asl.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "valid.asl.json: 1 machine, 0 errors\n");
    let (code, report) = json_report(&["valid.asl.json", "--round-trip"]);
    assert_eq!(code, 0);
    assert_eq!(machines(&report), ["valid"]);
    assert!(errors(&report).is_empty());
}

#[test]
fn errors_point_at_their_tokens() {
    let (code, report) = json_report(&["orders.asl.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        errors(&report),
        [
            e("SB101", 8, 15, "orders.States.Validate.Next"),
            e("SB301", 13, 20, "orders.States.Charge.InputPath"),
            e("SB206", 15, 27, "orders.States.Charge.HeartbeatSeconds"),
        ]
    );
    let first = report.get("errors").and_then(Node::items).unwrap()[0].to_json();
    assert_eq!(
        first.get("aws_code").and_then(|c| c.as_str()),
        Some("MISSING_TRANSITION_TARGET")
    );
    assert_eq!(
        first.get("help").and_then(|c| c.as_str()),
        Some("did you mean `Finish`?")
    );
}

#[test]
fn text_format_is_rustc_style() {
    let out = run(&["check", "orders.asl.json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected = "\
error[SB101]: no state named `Finsh` in the state machine `orders`
 --> orders.asl.json:8:15
  |
8 |       \"Next\": \"Finsh\"
  |               ^^^^^^^
  = at: orders.States.Validate.Next
  = help: did you mean `Finish`?
";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.contains("  --> orders.asl.json:15:27\n"), "{text}");
    assert!(
        text.ends_with("orders.asl.json: 1 machine, 3 errors\n"),
        "{text}"
    );
}

#[test]
fn serverless_yml_entries_and_events() {
    let (code, report) = json_report(&["serverless.yml"]);
    assert_eq!(code, 1);
    assert_eq!(machines(&report), ["Weekly", "Daily"]);
    // `yes` is a string in YAML 1.2.
    assert_eq!(
        errors(&report),
        [e("SB202", 18, 22, "Weekly.events[0].schedule.enabled")]
    );
}

#[test]
fn sam_definition_and_skipped_definition_uri() {
    let (code, report) = json_report(&["sam-template.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(machines(&report), ["OrderMachine"]);
    assert_eq!(
        errors(&report),
        [e(
            "SB403",
            17,
            31,
            "OrderMachine.States.Charge.Retry[0].ErrorEquals[0]"
        )]
    );
    let skipped = report.get("skipped").and_then(Node::items).unwrap();
    assert_eq!(skipped.len(), 1);
    let text = stdout(&run(&["check", "sam-template.yaml"]));
    assert!(text
        .contains("note: the state machine `FromFile` loads its definition from `DefinitionUri`"));
    assert!(
        text.ends_with("sam-template.yaml: 1 machine, 1 error, 1 skipped\n"),
        "{text}"
    );
}

#[test]
fn definition_string_positions_map_into_the_file() {
    let (_, report) = json_report(&["cfn-sub.yaml"]);
    assert_eq!(
        errors(&report),
        [e("SB101", 13, 23, "Machine.States.Call.Next")]
    );
    let (code, report) = json_report(&["cfn-template.json"]);
    assert_eq!(code, 1);
    assert_eq!(machines(&report), ["SubMachine", "JoinMachine"]);
    assert_eq!(
        errors(&report),
        [
            e("SB203", 8, 55, "SubMachine.States.A"),
            e("SB201", 8, 76, "SubMachine.States.A.Nxt"),
            e(
                "SB205",
                21,
                98,
                "JoinMachine.States.Call.Retry[0].MaxAttempts"
            ),
        ]
    );
}

#[test]
fn short_tags_are_read() {
    let out = run(&["check", "short-tags.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn files_without_machines_and_broken_files() {
    let (code, report) = json_report(&["no-machine.json"]);
    assert_eq!(code, 1);
    let errs = errors(&report);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "SB902");
    let err = report.get("errors").and_then(Node::items).unwrap()[0].to_json();
    assert_eq!(err.get("line"), Some(&builder_core::Json::Null));
    assert_eq!(
        err.get("aws_code").and_then(|c| c.as_str()),
        Some("MISSING_DESCRIPTION")
    );

    for (file, line, column) in [
        ("not-json.json", 1, 1),
        ("syntax-error.json", 4, 26),
        ("bad.yml", 5, 1),
        ("prose.txt", 3, 1),
    ] {
        let (code, report) = json_report(&[file]);
        assert_eq!(code, 1, "{file}");
        let errs = errors(&report);
        assert_eq!(
            (errs[0].0.as_str(), errs[0].1, errs[0].2),
            ("SB901", line, column),
            "{file}"
        );
    }
    let text = stdout(&run(&["check", "syntax-error.json"]));
    assert!(text.starts_with("error[SB901]: the file is not valid JSON: expected `,` or `}`, found `\"`\n --> syntax-error.json:4:26\n"), "{text}");
}

#[test]
fn several_files_one_line_each() {
    let out = run(&[
        "check",
        "--format=json",
        "valid.asl.json",
        "orders.asl.json",
        "short-tags.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = run(&["check", "valid.asl.json", "short-tags.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "valid.asl.json: 1 machine, 0 errors\nshort-tags.yaml: 1 machine, 0 errors\n"
    );
}

#[test]
fn profile_override() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("plugin-key.asl.json");
    std::fs::write(
        &file,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"${x}": 1}, "End": true}}}"#,
    )
    .unwrap();
    let path = file.to_string_lossy().into_owned();
    let (asl, report_asl) = json_report(&[&path]);
    let (plugin, report_plugin) = json_report(&["--profile", "serverless", &path]);
    assert_eq!(asl, 0, "{:?}", errors(&report_asl));
    assert_eq!(plugin, 1);
    assert_eq!(errors(&report_plugin)[0].0, "SB704");
}

#[test]
fn round_trip_reports_nothing_on_the_fixtures() {
    for file in [
        "valid.asl.json",
        "orders.asl.json",
        "serverless.yml",
        "sam-template.yaml",
        "cfn-template.json",
        "short-tags.yaml",
    ] {
        let (_, report) = json_report(&["--round-trip", file]);
        assert!(errors(&report).iter().all(|e| e.0 != "SB999"), "{file}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["check", "--bogus", "valid.asl.json"],
        &["check", "--format", "xml", "valid.asl.json"],
        &["check", "--profile"],
        &["frobnicate"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{args:?}"
        );
    }
    let out = run(&["check", "missing.json", "valid.asl.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `missing.json`"));
    assert!(stdout(&out).contains("valid.asl.json: 1 machine, 0 errors"));
}

#[test]
fn help() {
    let out = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Usage: serverless-builder check"));
    let out = run(&["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("--round-trip"));
}

#[test]
fn not_utf8() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("latin1.json");
    std::fs::write(&file, b"{\"a\": \"\xe9\"}").unwrap();
    let (code, report) = json_report(&[&file.to_string_lossy()]);
    assert_eq!(code, 1);
    assert_eq!(errors(&report)[0].0, "SB901");
}

#[test]
fn graph_draws_one_machine_in_each_format() {
    // Two machines: one must be chosen.
    let out = run(&["graph", "serverless.yml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("choose one with --machine"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["graph", "serverless.yml", "--machine", "Daily"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).starts_with("flowchart TD\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "graph",
        "serverless.yml",
        "--machine=Daily",
        "--format",
        "dot",
    ]);
    assert!(
        stdout(&out).starts_with("digraph \"Daily\" {"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "graph",
        "--format=svg",
        "serverless.yml",
        "--machine",
        "Daily",
    ]);
    assert!(stdout(&out).starts_with("<svg "), "{}", stdout(&out));
    let out = run(&["graph", "serverless.yml", "--machine", "Nope"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["graph", "serverless.yml", "--format", "png"]);
    assert_eq!(out.status.code(), Some(2));
}
