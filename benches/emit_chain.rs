//! The Rust side of `benches/vs_python.sh`: builds a service of N functions
//! and one machine of N chained Tasks, each on its own function, with the
//! runtime builders, and renders the whole service with `to_yaml()` — the
//! same workload the script gives the Python `serverless-builder`.
//!
//! ```text
//! cargo bench --bench emit_chain -- 1000 [--out serverless.yml]
//! ```
//!
//! Prints one line: `n=.. build_s=.. yaml_s=.. total_s=.. peak_heap_bytes=.. yaml_bytes=.. max_rss_kib=..`
//! (`build` is declaring the functions and building the machine, `yaml` is
//! `to_yaml()`, which validates the service before writing it; `max_rss_kib`
//! is the process's peak resident memory, from `/proc/self/status`).

mod common;

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let n: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1));

    let mut yaml = String::new();
    let (mut build, mut render) = (0.0, 0.0);
    let peak = common::peak_heap(|| {
        let start = Instant::now();
        let service = common::tasks_on_functions(n);
        build = start.elapsed().as_secs_f64();
        let start = Instant::now();
        yaml = service.to_yaml().expect("a valid service");
        render = start.elapsed().as_secs_f64();
    });
    if let Some(path) = out {
        std::fs::write(path, &yaml).expect("writable output path");
    }
    println!(
        "n={n} build_s={build:.6} yaml_s={render:.6} total_s={:.6} peak_heap_bytes={peak} yaml_bytes={} max_rss_kib={}",
        build + render,
        yaml.len(),
        max_rss_kib().map_or("?".to_owned(), |k| k.to_string())
    );
}

/// `VmHWM` (peak resident set) of this process, in KiB (Linux).
fn max_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
