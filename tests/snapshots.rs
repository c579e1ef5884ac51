//! Snapshot tests: each example's whole serverless.yml, and its machines'
//! diagrams (Mermaid, DOT, SVG), compared with the files under
//! `tests/snapshots/`. After an intended change, regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and review the diff.

macro_rules! examples {
    ($($name:ident = $path:literal),* $(,)?) => {
        $(
            #[allow(dead_code)]
            #[path = $path]
            mod $name;
        )*

        #[test]
        fn examples_match_their_snapshots() {
            let mut failed = Vec::new();
            $(
                let service = $name::service().unwrap_or_else(|e| panic!("{}: {e}", stringify!($name)));
                let yaml = service.to_yaml().unwrap_or_else(|e| panic!("{}: {e}", stringify!($name)));
                if !check(stringify!($name), "yml", &yaml) {
                    failed.push(stringify!($name));
                }
                // Its rustdoc shows the diagram.
                let mermaid: String = service
                    .state_machines()
                    .iter()
                    .map(|m| m.to_mermaid())
                    .collect::<Vec<_>>()
                    .join("\n");
                if !doc_diagram(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/", $path), &mermaid) {
                    failed.push(stringify!($name));
                }
                if stringify!($name) == "weekly"
                    && !doc_diagram(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"), &mermaid)
                {
                    failed.push("README.md");
                }
                // The diagrams of its machines.
                for (ext, draw) in DIAGRAMS {
                    let text: String = service
                        .state_machines()
                        .iter()
                        .map(|m| draw(m))
                        .collect::<Vec<_>>()
                        .join("\n");
                    if !check(stringify!($name), ext, &text) {
                        failed.push(stringify!($name));
                    }
                }
            )*
            assert!(failed.is_empty(), "snapshots differ: {failed:?} (UPDATE_SNAPSHOTS=1 to accept)");
        }
    };
}

examples!(
    weekly = "../examples/weekly.rs",
    retry_catch = "../examples/retry_catch.rs",
    polling_loop = "../examples/polling_loop.rs",
    choice_rules = "../examples/choice_rules.rs",
    nested_parallel_in_map = "../examples/nested_parallel_in_map.rs",
    order_processing = "../examples/order_processing.rs",
    saga = "../examples/saga.rs",
    approval = "../examples/approval.rs",
    inventory = "../examples/inventory.rs",
    csv_map = "../examples/csv_map.rs",
    quote_api = "../examples/quote_api.rs",
    order_events = "../examples/order_events.rs",
);

/// The diagrams each example's machines are drawn as, by file extension.
type Draw = fn(&serverless_builder::StateMachine) -> String;
const DIAGRAMS: &[(&str, Draw)] = &[
    ("mmd", |m| m.to_mermaid()),
    ("dot", |m| m.to_dot()),
    ("svg", |m| m.to_svg()),
];

fn check(name: &str, ext: &str, actual: &str) -> bool {
    let path = format!(
        "{}/tests/snapshots/{name}.{ext}",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return true;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        eprintln!("--- {path}\n+++ actual\n{}", diff(&expected, actual));
    }
    expected == actual
}

/// The ```mermaid block of a file (an example's `//!` doc, or the README)
/// is `mermaid`; with UPDATE_SNAPSHOTS, it is written (an example without
/// one gets it at the end of its doc).
fn doc_diagram(path: &str, mermaid: &str) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    let rust = path.ends_with(".rs");
    let prefix = if rust { "//! " } else { "" };
    let line = |l: &str| {
        if rust && l.is_empty() {
            "//!".to_owned()
        } else {
            format!("{prefix}{l}")
        }
    };
    let mut block = vec![line("```mermaid")];
    block.extend(mermaid.lines().map(line));
    block.push(line("```"));
    let block = block.join("\n");
    let open = line("```mermaid");
    let current = text.find(&open).and_then(|start| {
        let end = text[start + open.len()..].find(&line("```"))? + start + open.len();
        Some((start, end + line("```").len()))
    });
    let updated = match current {
        Some((start, end)) => format!("{}{block}{}", &text[..start], &text[end..]),
        None if rust => {
            // After the last `//!` line of the header.
            let end = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| l.len() + 1)
                .sum::<usize>();
            format!("{}//!\n{block}\n{}", &text[..end], &text[end..])
        }
        None => text.clone(),
    };
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &updated).unwrap();
        return true;
    }
    if updated != text || current.is_none() {
        eprintln!("{path}: its ```mermaid diagram is not the current one (UPDATE_SNAPSHOTS=1 to write it)");
        return false;
    }
    true
}

/// The lines that differ, for the failure message.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("{:>4} - {x}\n", i + 1));
                }
                if let Some(y) = y {
                    out.push_str(&format!("{:>4} + {y}\n", i + 1));
                }
            }
        }
    }
    out
}
