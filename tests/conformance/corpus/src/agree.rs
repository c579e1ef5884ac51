//! `agree`: how often the external validators reject what ours rejects, per
//! mutation class, from the mutation manifest and the runner's `--json-out`
//! results; and (`--valid`) a check that the valid corpus passed everything.

use builder_core::from_json_str;
use builder_core::json::Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The validators of single definitions, in table order.
pub const TOOLS: &[&str] = &[
    "asl-validator",
    "statelint",
    "asl-ls",
    "cfn-lint",
    "moto-parse",
];

fn read(path: &Path) -> Result<Json, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    from_json_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn array(v: Option<&Json>) -> &[Json] {
    match v {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v.get(key).and_then(Json::as_str).unwrap_or_default()
}

fn basename(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// One validator's verdict on one definition: PASS, FAIL, SKIP or absent,
/// with its first message.
fn verdict(results: &Json, tool: &str) -> Option<(String, String)> {
    let r = results.get(tool)?;
    let status = text(r, "status").to_owned();
    let message = array(r.get("messages"))
        .first()
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_owned();
    Some((status, message))
}

fn percent(n: usize, of: usize) -> String {
    match (n * 100 + of / 2).checked_div(of) {
        Some(p) => format!("{p}%"),
        None => "–".into(),
    }
}

#[derive(Default)]
struct Tally {
    rejected: usize,
    verdicts: usize,
}

/// The report, and whether everything holds (every mutant rejected by us;
/// with `valid`, every valid definition passed every validator).
pub fn agree(
    manifest: &Path,
    results: &Path,
    valid: Option<&Path>,
) -> Result<(String, bool), String> {
    let manifest = read(manifest)?;
    let results = read(results)?;
    let mut by_file: BTreeMap<String, &Json> = BTreeMap::new();
    for d in array(results.get("definitions")) {
        by_file.insert(basename(text(d, "file")).to_owned(), d);
    }
    let mut ok = true;
    let mut out = String::new();
    // class -> (count, ours rejected, tool tallies)
    let mut rows: Vec<(String, usize, usize, BTreeMap<&str, Tally>)> = Vec::new();
    // (class, tool) -> mutants the tool accepts
    let mut misses: BTreeMap<(String, &str), Vec<String>> = BTreeMap::new();
    let mut not_ours = Vec::new();
    let mut unread = Vec::new();
    let mut both = (0, 0, 0); // asl-validator and statelint: both reject, one does, verdicts
    for m in array(manifest.get("mutants")) {
        let class = text(m, "class").to_owned();
        let file = text(m, "file").to_owned();
        let description = text(m, "description").to_owned();
        let ours = m.get("ours").and_then(|o| o.get("rejected")) == Some(&Json::Bool(true));
        let json_route =
            m.get("json_route").and_then(|o| o.get("rejected")) == Some(&Json::Bool(true));
        if !ours || !json_route {
            ok = false;
            not_ours.push(format!("{file} ({class}: {description})"));
        }
        let row = match rows.iter().position(|r| r.0 == class) {
            Some(i) => i,
            None => {
                rows.push((class.clone(), 0, 0, BTreeMap::new()));
                rows.len() - 1
            }
        };
        rows[row].1 += 1;
        rows[row].2 += usize::from(ours);
        let Some(d) = by_file.get(&file) else {
            unread.push(format!("{file}: not in the results"));
            continue;
        };
        let res = d.get("results").cloned().unwrap_or_default();
        if let Some((status, message)) = verdict(&res, "extract") {
            if status == "FAIL" {
                unread.push(format!("{file}: the runner could not read it: {message}"));
                continue;
            }
        }
        let mut pair = (None, None);
        for tool in TOOLS {
            let Some((status, _)) = verdict(&res, tool) else {
                continue;
            };
            if status != "PASS" && status != "FAIL" {
                continue;
            }
            let t = rows[row].3.entry(tool).or_default();
            t.verdicts += 1;
            let rejected = status == "FAIL";
            t.rejected += usize::from(rejected);
            if !rejected {
                misses
                    .entry((class.clone(), tool))
                    .or_default()
                    .push(format!("{file}: {description}"));
            }
            match *tool {
                "asl-validator" => pair.0 = Some(rejected),
                "statelint" => pair.1 = Some(rejected),
                _ => {}
            }
        }
        if let (Some(a), Some(s)) = pair {
            both.2 += 1;
            both.0 += usize::from(a && s);
            both.1 += usize::from(a != s);
        }
    }
    let total: usize = rows.iter().map(|r| r.1).sum();
    let _ = writeln!(
        out,
        "Mutation testing: {total} mutants in {} classes (seed {}); % of each validator's verdicts that reject\n",
        rows.len(),
        text(&manifest, "seed")
    );
    let _ = writeln!(out, "| class | mutants | ours | {} |", TOOLS.join(" | "));
    let _ = writeln!(out, "|---|---:|---:|{}", "---:|".repeat(TOOLS.len()));
    let mut sums: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut ours_sum = 0;
    for (class, n, ours, tallies) in &rows {
        ours_sum += ours;
        let cells: Vec<String> = TOOLS
            .iter()
            .map(|t| {
                let tally = tallies.get(t);
                let s = sums.entry(t).or_default();
                s.rejected += tally.map_or(0, |x| x.rejected);
                s.verdicts += tally.map_or(0, |x| x.verdicts);
                tally.map_or("–".into(), |x| percent(x.rejected, x.verdicts))
            })
            .collect();
        let _ = writeln!(
            out,
            "| {class} | {n} | {} | {} |",
            percent(*ours, *n),
            cells.join(" | ")
        );
    }
    let cells: Vec<String> = TOOLS
        .iter()
        .map(|t| {
            sums.get(t)
                .map_or("–".into(), |x| percent(x.rejected, x.verdicts))
        })
        .collect();
    let _ = writeln!(
        out,
        "| **all** | {total} | {} | {} |",
        percent(ours_sum, total),
        cells.join(" | ")
    );
    let _ = writeln!(
        out,
        "\nasl-validator and statelint both reject {} of {} mutants ({}); exactly one of them rejects {}.",
        both.0,
        both.2,
        percent(both.0, both.2),
        both.1
    );
    let _ = writeln!(
        out,
        "\nDisagreements (a validator accepts a mutant that ours rejects):"
    );
    if misses.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for ((class, tool), list) in &misses {
        let _ = writeln!(out, "  {class} / {tool}: {} accepted", list.len());
        for item in list.iter().take(3) {
            let _ = writeln!(out, "    {item}");
        }
    }
    if !unread.is_empty() {
        let _ = writeln!(out, "\nNot judged by the runner:");
        for u in &unread {
            let _ = writeln!(out, "  {u}");
        }
    }
    if !not_ours.is_empty() {
        let _ = writeln!(
            out,
            "\nFAIL: our validator or parser accepts these mutants:"
        );
        for n in &not_ours {
            let _ = writeln!(out, "  {n}");
        }
    }
    if let Some(valid) = valid {
        let (report, valid_ok) = valid_summary(valid)?;
        out.push('\n');
        out.push_str(&report);
        ok &= valid_ok;
    }
    Ok((out, ok))
}

/// Counts of a run of the runner over the valid corpus; false when
/// anything failed.
pub fn valid_summary(results: &Path) -> Result<(String, bool), String> {
    let r = read(results)?;
    let mut out = String::new();
    let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut cases, mut cases_ok) = (0, 0);
    for kind in ["definitions", "files"] {
        for d in array(r.get(kind)) {
            let Some(Json::Object(results)) = d.get("results") else {
                continue;
            };
            for (tool, res) in results {
                let status = text(res, "status");
                let slot = counts.entry(tool.clone()).or_default();
                match status {
                    "PASS" => slot[0] += 1,
                    "FAIL" => {
                        slot[1] += 1;
                        let message = array(res.get("messages"))
                            .first()
                            .and_then(Json::as_str)
                            .unwrap_or_default();
                        failures.push(format!(
                            "{tool} {}: {}",
                            text(d, "id"),
                            message.chars().take(300).collect::<String>()
                        ));
                    }
                    _ => slot[2] += 1,
                }
                if tool == "moto-run" {
                    for c in array(res.get("cases")) {
                        cases += 1;
                        cases_ok += usize::from(c.get("ok") == Some(&Json::Bool(true)));
                    }
                }
            }
        }
    }
    let summary = r.get("summary").cloned().unwrap_or_default();
    let num = |k: &str| summary.get(k).map(Json::to_json_string).unwrap_or_default();
    let _ = writeln!(
        out,
        "Valid corpus: {} definitions in {} serverless files; executions checked: {cases} ({cases_ok} as expected)",
        num("definitions"),
        num("serverlessFiles")
    );
    for (tool, [pass, fail, skip]) in &counts {
        let _ = writeln!(out, "  {tool:<13} {pass} pass, {fail} fail, {skip} skip");
    }
    for f in failures.iter().take(40) {
        let _ = writeln!(out, "  FAIL {f}");
    }
    Ok((out, failures.is_empty() && cases == cases_ok))
}
