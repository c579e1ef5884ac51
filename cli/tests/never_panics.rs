//! No input makes the check panic: seeded pseudo-random inputs (random
//! bytes, every truncation of the fixtures, random mutations of them) run
//! through the whole pipeline — parse, discover, read, validate, round-trip,
//! locate, render both formats — in-process.

use builder_core::Json;
use seeded_rng::Rng;
use serverless_builder_cli::pipeline::{check_bytes, Options};
use serverless_builder_cli::report;
use serverless_builder_cli::source::{parse_json, Lines};
use std::path::Path;

/// Bytes that make parsers take their interesting turns.
const SPICE: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b"'",
    b":",
    b",",
    b"-",
    b"\n",
    b"  ",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"!Ref ",
    b"!GetAtt ",
    b"!Sub |\n  ",
    b"&a ",
    b"*a",
    b"<<: ",
    b"? ",
    b"|",
    b">",
    b"#",
    b"---\n",
    b"...",
    b"%YAML 1.2\n",
    b"\t",
    b"\r",
    b"\0",
    b"\xff",
    b"\xe9",
    "é😀".as_bytes(),
    b"1e999",
    b"-0",
    b"0x1F",
    b".nan",
    b"yes",
    b"null",
    b"true",
    b"\"StartAt\"",
    b"\"States\"",
    b"\"Next\"",
    b"\"Type\"",
    b"\"Map\"",
    b"\"Parallel\"",
    b"\"Iterator\"",
    b"\"Branches\"",
    b"\"Choices\"",
    b"\"$.a\"",
    b"\"States.Format('{}', $.x)\"",
    b"\"{% $x %}\"",
    b"\"QueryLanguage\": \"JSONata\"",
    b"Resources:",
    b"stepFunctions:",
    b"DefinitionString:",
];

fn mutate(rng: &mut Rng, doc: &[u8]) -> Vec<u8> {
    let mut out = doc.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 => {
                out.insert(at.min(out.len()), rng.next_u64() as u8);
            }
            1 if !out.is_empty() => {
                out.remove(at.min(out.len() - 1));
            }
            2 if !out.is_empty() => {
                let i = at.min(out.len() - 1);
                out[i] = rng.next_u64() as u8;
            }
            3 => {
                let spice = rng.pick(SPICE);
                out.splice(at..at, spice.iter().copied());
            }
            4 if !out.is_empty() => {
                // Duplicate a chunk somewhere else.
                let from = rng.below(out.len());
                let len = rng.below(64).min(out.len() - from);
                let chunk = out[from..from + len].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, chunk);
            }
            5 if !out.is_empty() => {
                let end = (at + rng.below(32)).min(out.len());
                out.drain(at.min(end)..end);
            }
            _ => {
                let deep = rng
                    .pick(&[&b"["[..], b"{\"a\":", b"- ", b"a:\n "])
                    .repeat(rng.below(400));
                out.splice(at..at, deep);
            }
        }
    }
    out
}

/// Runs one input through everything and checks what comes out.
fn check(name: &str, bytes: &[u8], options: &Options, counts: &mut usize) {
    let report = check_bytes(name, bytes, options);
    let text = report::text(&report);
    assert!(text.ends_with('\n'));
    let json = report::json(&report);
    assert!(parse_json(&json).is_ok(), "{json}");
    let lines = Lines::new(&report.text);
    for f in &report.findings {
        if let Some(span) = f.span {
            assert!(span.start <= report.text.len() + 1, "{name}: {f:?}");
            let (line, column) = lines.line_col(span.start);
            assert!(line >= 1 && column >= 1);
        }
    }
    *counts += 1;
    if let Some(f) = report.findings.iter().find(|f| f.code.id() == "SB999") {
        if std::env::var_os("SHOW_ROUND_TRIP").is_some() {
            eprintln!(
                "round trip: {name}: {:?}\n{}",
                f.notes,
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// Values a tree mutation puts in place of another.
fn replacement(rng: &mut Rng, donor: &Json) -> Json {
    let words = [
        "$",
        "$.a",
        "$$.Map.Item.Value",
        "$[",
        "States.ALL",
        "States.Format('{}', $.x)",
        "{% $x %}",
        "Pass",
        "Task",
        "Map",
        "Parallel",
        "Choice",
        "Wait",
        "Succeed",
        "Fail",
        "arn:aws:states:::lambda:invoke",
        "2024-01-01T00:00:00Z",
        "",
        "A",
        "Next",
        "JSONata",
        "DISTRIBUTED",
        "INLINE",
        "${x}",
    ];
    match rng.below(9) {
        0 => Json::from(*rng.pick(&words)),
        1 => Json::from(rng.next_u64() as i64 >> rng.below(64)),
        2 => Json::from(*rng.pick(&[0.5, -1.0, 1e300, 0.0, 99999999999.0])),
        3 => Json::Bool(rng.below(2) == 0),
        4 => Json::Null,
        5 => Json::Object(vec![]),
        6 => Json::Array(vec![]),
        _ => donor.clone(),
    }
}

/// Replaces, removes or duplicates the `target`-th node of a JSON tree.
fn mutate_tree(value: &mut Json, target: &mut usize, rng: &mut Rng, donor: &Json) -> bool {
    if *target == 0 {
        *value = replacement(rng, donor);
        return true;
    }
    *target -= 1;
    match value {
        Json::Array(items) => {
            if *target == 0 && !items.is_empty() && rng.below(3) == 0 {
                let i = rng.below(items.len());
                let copy = items[i].clone();
                items.insert(rng.below(items.len() + 1), copy);
                return true;
            }
            items.iter_mut().any(|v| mutate_tree(v, target, rng, donor))
        }
        Json::Object(members) => {
            if *target == 0 && !members.is_empty() {
                let i = rng.below(members.len());
                match rng.below(3) {
                    0 => {
                        members.remove(i);
                    }
                    1 => {
                        let copy = members[i].clone();
                        members.push(copy);
                    }
                    _ => {
                        members[i].0 = (*rng.pick(&[
                            "Next",
                            "End",
                            "Type",
                            "States",
                            "StartAt",
                            "Iterator",
                            "ItemProcessor",
                            "Default",
                            "Parameters",
                            "Arguments",
                            "QueryLanguage",
                            "Branches",
                            "x.$",
                        ]))
                        .to_owned()
                    }
                }
                return true;
            }
            members
                .iter_mut()
                .any(|(_, v)| mutate_tree(v, target, rng, donor))
        }
        _ => false,
    }
}

fn size(v: &Json) -> usize {
    1 + match v {
        Json::Array(items) => items.iter().map(size).sum(),
        Json::Object(members) => members.iter().map(|(_, v)| size(v)).sum(),
        _ => 0,
    }
}

#[test]
fn no_input_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter_map(|p| {
            Some((
                p.file_name()?.to_string_lossy().into_owned(),
                std::fs::read(&p).ok()?,
            ))
        })
        .collect();
    docs.sort();
    assert!(docs.len() >= 10);
    let json_docs: Vec<&(String, Vec<u8>)> =
        docs.iter().filter(|(n, _)| n.ends_with(".json")).collect();
    let yaml_docs: Vec<&(String, Vec<u8>)> =
        docs.iter().filter(|(n, _)| !n.ends_with(".json")).collect();
    let options = [
        Options {
            profile: None,
            round_trip: true,
        },
        Options {
            profile: Some(builder_core::check::Profile::ServerlessPlugin),
            round_trip: false,
        },
    ];
    // `FUZZ_SEED=n` explores other inputs; the default keeps CI reproducible.
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_CAFE_F00D_0001_u64);
    let mut rng = Rng::new(seed);
    let (mut json_inputs, mut yaml_inputs) = (0, 0);

    // Random bytes, under both parsers.
    for i in 0..1500 {
        let len = rng.below(160);
        let bytes: Vec<u8> = if i % 2 == 0 {
            (0..len).map(|_| rng.next_u64() as u8).collect()
        } else {
            (0..len / 4)
                .flat_map(|_| rng.pick(SPICE).to_vec())
                .collect()
        };
        let o = &options[i % 2];
        check("random.json", &bytes, o, &mut json_inputs);
        check("random.yaml", &bytes, o, &mut yaml_inputs);
    }

    // Every truncation of every fixture.
    for (name, doc) in &docs {
        let counter = if name.ends_with(".json") {
            &mut json_inputs
        } else {
            &mut yaml_inputs
        };
        for cut in 0..=doc.len() {
            check(name, &doc[..cut], &options[cut % 2], counter);
        }
    }

    // Random mutations of valid documents and templates.
    for i in 0..3000 {
        let (name, doc) = rng.pick(&json_docs);
        let bytes = mutate(&mut rng, doc);
        check(name, &bytes, &options[i % 2], &mut json_inputs);
        let (name, doc) = rng.pick(&yaml_docs);
        let bytes = mutate(&mut rng, doc);
        check(name, &bytes, &options[i % 2], &mut yaml_inputs);
    }
    // Tree mutations of the JSON fixtures: well-formed JSON, odd machines,
    // so that the library's reader and validator see them.
    let trees: Vec<(&str, Json)> = json_docs
        .iter()
        .filter_map(|(n, d)| {
            Some((
                n.as_str(),
                parse_json(std::str::from_utf8(d).ok()?).ok()?.to_json(),
            ))
        })
        .collect();
    for i in 0..3000 {
        let (name, tree) = rng.pick(&trees);
        let (_, donor) = rng.pick(&trees);
        let mut tree = tree.clone();
        for _ in 0..=rng.below(3) {
            let mut target = rng.below(size(&tree));
            mutate_tree(&mut tree, &mut target, &mut rng, donor);
        }
        let text = if i % 2 == 0 {
            tree.to_json_string_pretty()
        } else {
            tree.to_json_string()
        };
        check(name, text.as_bytes(), &options[i % 2], &mut json_inputs);
    }
    assert!(
        json_inputs >= 3000 && yaml_inputs >= 3000,
        "{json_inputs} {yaml_inputs}"
    );
    eprintln!("checked {json_inputs} JSON and {yaml_inputs} YAML inputs");
}

/// The deepest documents the parsers accept go through the library without
/// exhausting a test thread's stack: nested Parallel states, nested
/// `Parameters` values, nested `And` rules.
#[test]
fn deepest_accepted_documents() {
    let options = Options {
        profile: None,
        round_trip: true,
    };
    // Each Parallel level costs five JSON levels; 50 levels is 250.
    let mut parallel = r#"{"Type": "Pass", "End": true}"#.to_owned();
    for _ in 0..50 {
        parallel = format!(
            r#"{{"Type": "Parallel", "End": true, "Branches": [{{"StartAt": "S", "States": {{"S": {parallel}}}}}]}}"#
        );
    }
    let machine = |state: &str| format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#);
    let nested =
        |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
    let documents = [
        machine(&parallel),
        machine(&format!(
            r#"{{"Type": "Pass", "End": true, "Parameters": {{"a": {}}}}}"#,
            nested("[", "]", 250)
        )),
        machine(&format!(
            r#"{{"Type": "Pass", "End": true, "Parameters": {}}}"#,
            nested(r#"{"a": "#, "}", 250)
        )),
        machine(&format!(
            r#"{{"Type": "Choice", "Default": "S", "Choices": [{{"Next": "S", {}}}]}}"#,
            nested(r#""Not": {"#, "}", 120).replace("1", r#""Variable": "$.a", "IsNull": true"#)
        )),
    ];
    for doc in &documents {
        let report = check_bytes("deep.json", doc.as_bytes(), &options);
        assert!(
            report.findings.iter().all(|f| f.code.id() != "SB901"),
            "{:?}",
            report.findings.first()
        );
        report::text(&report);
        let yaml = check_bytes("deep.yaml", doc.as_bytes(), &options);
        assert_eq!(yaml.machines, report.machines);
    }
}
