//! Snapshot tests: each example's whole serverless.yml, compared with the
//! file under `tests/snapshots/`. After an intended change, regenerate with
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
                let yaml = $name::service().and_then(|s| s.to_yaml()).unwrap_or_else(|e| panic!("{}: {e}", stringify!($name)));
                if !check(stringify!($name), &yaml) {
                    failed.push(stringify!($name));
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

fn check(name: &str, actual: &str) -> bool {
    let path = format!("{}/tests/snapshots/{name}.yml", env!("CARGO_MANIFEST_DIR"));
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
