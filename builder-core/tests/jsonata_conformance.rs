//! The JSONata parser against jsonata-js 2.0.6, the implementation Step Functions runs:
//! * the jsonata-js conformance suite: every v2.0.6 case that expects a value or a runtime
//!   error parses, every case that expects a syntax error (`S0…`) is rejected; the v2.2.2
//!   cases written with `??` or `?:` are refused as 2.1 syntax;
//! * a differential test: jsonata-js's own parser, run with `node`, and ours give the same
//!   verdict (and the same tree) on 50,000 generated inputs and on the suite's expressions.
//!
//! They need a bare git checkout of <https://github.com/jsonata-js/jsonata> (with its tags),
//! and `node` (20 or later) for the differential test, which CI does not have, so they are
//! `#[ignore]`d. Run them with
//!
//! ```text
//! JSONATA_JS_REPO=/path/to/bare/repo cargo test -p builder-core --test jsonata_conformance -- --ignored
//! ```
//!
//! (`JSONATA_JS_REPO` defaults to `/work/.mirror/jsonata-js+jsonata/repo`). Without the
//! repository or `node` they fail rather than pass.

mod jsonata_common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use builder_core::expr::jsonata::{self, parse, TOO_DEEP};
use builder_core::Json;
use jsonata_common::fuzz;
use jsonata_common::suite::{self, Expected};

/// Every v2.0.6 case that expects a value or a runtime error parses, and every case that
/// expects a syntax error (`S0…`) is rejected.
#[test]
#[ignore = "needs the jsonata-js repository: JSONATA_JS_REPO=/path/to/bare/repo cargo test -p builder-core --test jsonata_conformance -- --ignored"]
fn suite_v2_0_6() {
    let cases = suite::cases("v2.0.6");
    let (mut parsed, mut rejected, mut same_code) = (0, 0, 0);
    let mut mismatches = Vec::new();
    let mut code_diffs = Vec::new();
    for case in &cases {
        let result = parse(&case.expr);
        if let Ok(expr) = &result {
            // The analyses must run on everything the parser accepts.
            let _ = jsonata::free_references(expr);
            let _ = jsonata::top_level_references(expr);
        }
        match (&case.expected, &result) {
            (Expected::Code(code), Err(e)) if code.starts_with("S0") => {
                rejected += 1;
                if e.code == code {
                    same_code += 1;
                } else {
                    code_diffs.push(format!(
                        "{}: {:?} expected {code}, gave {} ({})",
                        case.name, case.expr, e.code, e.message
                    ));
                }
            }
            (Expected::Code(code), Ok(_)) if code.starts_with("S0") => mismatches.push(format!(
                "{}: {:?} expected syntax error {code}, but it parsed",
                case.name, case.expr
            )),
            (_, Ok(_)) => parsed += 1,
            (_, Err(e)) => mismatches.push(format!(
                "{}: {:?} expected to parse ({:?}), got {} at {}: {}",
                case.name, case.expr, case.expected, e.code, e.offset, e.message
            )),
        }
    }
    println!(
        "v2.0.6: {} cases; {parsed} parsed as expected, {rejected} rejected as expected ({same_code} with the jsonata-js code); {} mismatches",
        cases.len(),
        mismatches.len()
    );
    for d in &code_diffs {
        println!("  code differs: {d}");
    }
    for m in &mismatches {
        println!("  MISMATCH: {m}");
    }
    assert!(mismatches.is_empty(), "{} mismatches", mismatches.len());
}

/// The v2.2.2 cases written with `??` or `?:` are refused as JSONata 2.1 syntax.
#[test]
#[ignore = "needs the jsonata-js repository: JSONATA_JS_REPO=/path/to/bare/repo cargo test -p builder-core --test jsonata_conformance -- --ignored"]
fn suite_v2_2_2_new_operators_are_rejected() {
    let cases = suite::cases("v2.2.2");
    let (mut refused, mut parsed) = (0, 0);
    let mut mismatches = Vec::new();
    for case in cases
        .iter()
        .filter(|c| c.expr.contains("??") || c.expr.contains("?:"))
    {
        // Only these two groups use the operators; elsewhere `?:` is inside a signature or a
        // regex, which 2.0.6 accepts.
        let uses_operator = case.name.starts_with("coalescing-operator/")
            || case.name.starts_with("default-operator/");
        match (uses_operator, parse(&case.expr)) {
            (true, Err(e)) if e.message.contains("is JSONata 2.1 syntax") => refused += 1,
            (false, Ok(_)) => parsed += 1,
            (_, result) => mismatches.push(format!("{}: {:?} -> {result:?}", case.name, case.expr)),
        }
    }
    println!(
        "v2.2.2 cases containing `??` or `?:`: {refused} refused as 2.1 syntax, {parsed} (signatures, regexes) parsed; {} mismatches",
        mismatches.len()
    );
    for m in &mismatches {
        println!("  MISMATCH: {m}");
    }
    assert!(mismatches.is_empty());
    assert!(
        refused >= 30,
        "expected the ?? and ?: groups, found {refused}"
    );
}

/// Prints, for each JSON-encoded expression on stdin, `OK` or the error code jsonata-js's
/// parser throws (`JS:<name>` for a JavaScript error without a code).
const ORACLE: &str = r#"
const parser = require('./src/parser');
const bits = (v) => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0).toString(16);
};
// The processed AST in the canonical form of `jsonata_common::canon`.
function canon(n, L) {
  const lab = (l) => { if (!L.has(l)) L.set(l, L.size); return L.get(l); };
  const c = (x) => canon(x, L);
  const list = (xs) => xs.map((x) => ' ' + c(x)).join('');
  if (n.type === 'lambda' && n.thunk) return c(n.body); // tail-call wrapper
  let s;
  switch (n.type) {
    case 'path': s = '(path' + (n.keepSingletonArray ? '!' : '') + list(n.steps) + ')'; break;
    // Lone surrogates cannot be held in a Rust string; ours are U+FFFD.
    case 'name': s = 'name:' + JSON.stringify(n.value.toWellFormed()); break;
    case 'string': s = 'str:' + JSON.stringify(n.value.toWellFormed()); break;
    case 'number': s = 'num:' + bits(n.value); break;
    case 'value': s = 'val:' + JSON.stringify(n.value); break;
    case 'regex': s = 're:' + n.value.flags; break;
    case 'wildcard': s = '*'; break;
    case 'descendant': s = '**'; break;
    case 'parent': s = '%' + lab(n.slot.label); break;
    case 'variable': s = '$' + n.value; break;
    case 'binary': { const l = c(n.lhs); s = '(' + n.value + ' ' + l + ' ' + c(n.rhs) + ')'; break; }
    case 'unary':
      if (n.value === '-') s = '(neg ' + c(n.expression) + ')';
      else if (n.value === '[') s = '[' + n.expressions.map(c).join(' ') + ']' + (n.consarray ? '!' : '');
      else s = '{' + n.lhs.map((p) => { const k = c(p[0]); return k + ':' + c(p[1]); }).join(' ') + '}';
      break;
    case 'condition': {
      const a = c(n.condition); const b = c(n.then);
      s = '(? ' + a + ' ' + b + (n.else !== undefined ? ' ' + c(n.else) : '') + ')'; break;
    }
    case 'block': s = '(block' + (n.consarray ? '!' : '') + list(n.expressions) + ')'; break;
    // `[]` on an assignment target is ignored by jsonata-js and not kept by ours.
    case 'bind': s = '(:= $' + n.lhs.value + ' ' + c(n.rhs) + ')'; break;
    case 'function': case 'partial': {
      const f = c(n.procedure);
      s = '(' + (n.type === 'function' ? 'call' : 'partial') + ' ' + f + list(n.arguments) + ')'; break;
    }
    case 'operator': s = n.value; break;
    case 'lambda': s = '(lambda (' + n.arguments.map((a) => '$' + a.value).join(' ') + ') ' + c(n.body) + ')'; break;
    case 'apply': { const l = c(n.lhs); s = '(~> ' + l + ' ' + c(n.rhs) + ')'; break; }
    case 'transform': {
      const p = c(n.pattern); const u = c(n.update);
      s = '(| ' + p + ' ' + u + (n.delete !== undefined ? ' ' + c(n.delete) : '') + ')'; break;
    }
    case 'sort': s = '(sort' + n.terms.map((t) => ' ' + (t.descending ? '>' : '<') + c(t.expression)).join('') + ')'; break;
    default: s = '?' + n.type;
  }
  if (n.index !== undefined) s += '#$' + n.index;
  if (n.predicate) for (const p of n.predicate) s += '?[' + c(p.expr) + ']';
  if (n.stages) for (const st of n.stages) s += st.type === 'filter' ? '[' + c(st.expr) + ']' : '#$' + st.value;
  if (n.focus !== undefined) s += '@$' + n.focus;
  if (n.group) s += '{' + n.group.lhs.map((p) => { const k = c(p[0]); return k + ':' + c(p[1]); }).join(' ') + '}';
  if (n.keepArray) s += '[]';
  if (n.tuple) s += '^t';
  if (n.ancestor) s += '^a' + lab(n.ancestor.label);
  return s;
}
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const out = [];
for (const line of lines) {
  if (line === '') continue;
  let ast;
  try {
    ast = parser(JSON.parse(line));
  } catch (e) {
    out.push(e.code ? e.code : 'JS:' + (e.name || 'Error'));
    continue;
  }
  let text;
  try { text = canon(ast, new Map()); } catch (e) { text = '!'; }
  out.push('OK\t' + text);
}
process.stdout.write(out.join('\n') + '\n');
"#;

/// A temporary directory, removed when dropped (also when the test panics).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// jsonata-js 2.0.6's `src/` and the oracle script, in a fresh temporary directory. Panics
/// when `node` or the repository is missing.
fn oracle() -> TempDir {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "`node` does not run: the differential test needs Node.js 20 or later"
    );
    let repo = suite::repo();
    let dir = TempDir(std::env::temp_dir().join(format!("jsonata-oracle-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).expect("temporary directory");
    let tar = dir.0.join("src.tar");
    let archived = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["archive", "-o"])
        .arg(&tar)
        .args(["v2.0.6", "src"])
        .status()
        .expect("git runs");
    assert!(archived.success(), "git archive v2.0.6 src failed");
    let extracted = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&dir.0)
        .status()
        .expect("tar runs");
    assert!(extracted.success(), "tar -xf {} failed", tar.display());
    std::fs::write(dir.0.join("oracle.js"), ORACLE).expect("oracle.js written");
    dir
}

/// jsonata-js's verdict on each input.
fn run_oracle(dir: &Path, inputs: &[String]) -> Vec<String> {
    let mut child = Command::new("node")
        .arg("--stack-size=4000")
        .arg("oracle.js")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let payload: String = inputs
        .iter()
        .map(|s| Json::from(s.as_str()).to_json_string() + "\n")
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(payload.as_bytes()));
    let output = child.wait_with_output().expect("node output");
    writer.join().expect("writer").expect("write");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// jsonata-js 2.0.6's parser, run with `node`, and ours accept and reject the same inputs
/// (50,000 generated ones and the conformance suite's expressions) and build the same tree
/// for the accepted ones, compared in the canonical form of `jsonata_common::canon`. Every
/// input also passes the checks of `jsonata_common::check`.
/// `JSONATA_FUZZ_TOTAL` and `JSONATA_FUZZ_SEED` widen the search when set.
#[test]
#[ignore = "needs node and the jsonata-js repository: JSONATA_JS_REPO=/path/to/bare/repo cargo test -p builder-core --test jsonata_conformance -- --ignored"]
fn same_verdicts_as_jsonata_js() {
    let dir = oracle();
    let env = |name: &str| {
        std::env::var(name).ok().map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
        })
    };
    let total = env("JSONATA_FUZZ_TOTAL").unwrap_or(50_000) as usize;
    let seed = env("JSONATA_FUZZ_SEED").unwrap_or(fuzz::SEED);
    // Prefixes and mutations of the suite's expressions, then the suite's expressions
    // themselves: real ones, with every construct.
    let exprs: Vec<String> = suite::cases("v2.0.6").into_iter().map(|c| c.expr).collect();
    let mut inputs = fuzz::inputs(total, seed, &fuzz::sample(&exprs));
    inputs.extend(exprs);
    for src in &inputs {
        jsonata_common::check(src);
    }
    let verdicts = run_oracle(&dir.0, &inputs);
    drop(dir);
    assert_eq!(verdicts.len(), inputs.len(), "one verdict per input");
    let (mut accepted, mut same_tree, mut rejected, mut same_code, mut depth) = (0, 0, 0, 0, 0);
    let mut mismatches = Vec::new();
    let mut code_pairs = std::collections::BTreeMap::new();
    for (src, js) in inputs.iter().zip(&verdicts) {
        let (verdict, tree) = js.split_once('\t').unwrap_or((js, ""));
        match (parse(src), verdict) {
            (Ok(expr), "OK") => {
                accepted += 1;
                let ours = jsonata_common::canon(&expr);
                if tree == "!" || ours == tree {
                    same_tree += 1;
                } else {
                    mismatches.push(format!(
                        "{src:?}: trees differ\n    jsonata-js {tree}\n    ours       {ours}"
                    ));
                }
            }
            (Err(e), "OK") if e.code == TOO_DEEP => depth += 1,
            (Err(e), js) if js != "OK" => {
                rejected += 1;
                if e.code == js
                    || (e.code == TOO_DEEP && js == "JS:RangeError")
                    || (js == "JS:SyntaxError" && matches!(e.code, "S0303" | "S0403"))
                {
                    same_code += 1;
                } else {
                    let entry = code_pairs
                        .entry((js.to_string(), e.code))
                        .or_insert((0, String::new()));
                    entry.0 += 1;
                    if entry.1.is_empty() {
                        entry.1 = format!("{:?}", src.chars().take(80).collect::<String>());
                    }
                }
            }
            (ours, js) => mismatches.push(format!("{src:?}: jsonata-js {js}, ours {ours:?}")),
        }
    }
    println!(
        "{} inputs: {accepted} accepted by both ({same_tree} with the same tree), {rejected} rejected by both ({same_code} with the same code), {depth} refused only by our depth limit; {} mismatches",
        inputs.len(),
        mismatches.len()
    );
    for ((js, ours), (n, example)) in &code_pairs {
        println!("  code differs {n} times: jsonata-js {js}, ours {ours}, e.g. {example}");
    }
    for m in mismatches.iter().take(50) {
        println!("  MISMATCH {m}");
    }
    assert!(mismatches.is_empty());
}

/// The suite reader's fix-up of lone surrogates (three suite files have one), which needs
/// neither the repository nor `node`.
#[test]
fn lone_surrogate_escapes_become_replacement_characters() {
    let read = |json: &str| builder_core::from_json_str(&suite::well_formed(json));
    assert_eq!(
        read(r#"["\uD800", "a\uDC00b", "\uD834\uDD1E", "\\uD800", "\u00e9\"", "\uD800\u0041"]"#)
            .unwrap(),
        Json::array([
            "\u{FFFD}",
            "a\u{FFFD}b",
            "\u{1D11E}",
            "\\uD800",
            "é\"",
            "\u{FFFD}A"
        ])
    );
}

/// The evaluator (`run::jsonata::evaluate`) on the v2.0.6 suite: every case that expects a
/// value or a runtime error, with its data and bindings; prints the agreement by group and
/// the cases that differ. Cases calling `$eval` (not in Step Functions) are skipped.
#[test]
#[ignore = "needs the jsonata-js repository: JSONATA_JS_REPO=/path/to/bare/repo cargo test -p builder-core --test jsonata_conformance -- --ignored"]
fn evaluation_v2_0_6() {
    use builder_core::run::jsonata::evaluate;
    let cases = suite::cases("v2.0.6");
    let datasets = suite::datasets("v2.0.6");
    let (mut same, mut differ, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        if case.expr.contains("$eval") {
            skipped += 1;
            continue;
        }
        let data = match (case.json.get("data"), case.json.get("dataset")) {
            (Some(d), _) => Some(d.clone()),
            (None, Some(Json::String(name))) => datasets
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, d)| d.clone()),
            _ => None,
        };
        let bindings: Vec<(String, Json)> = match case.json.get("bindings") {
            Some(Json::Object(pairs)) => pairs.clone(),
            _ => Vec::new(),
        };
        let expr = case.expr.clone();
        let got = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || {
                let refs: Vec<(&str, &Json)> =
                    bindings.iter().map(|(k, v)| (k.as_str(), v)).collect();
                evaluate(&expr, data.as_ref(), &refs)
            })
            .expect("thread")
            .join();
        let got = match got {
            Ok(g) => g,
            Err(_) => {
                differ += 1;
                failures.push(format!("{}: PANIC on {:?}", case.name, case.expr));
                continue;
            }
        };
        let ok = match (&case.expected, &got) {
            (Expected::Code(code), Err(e)) => e.code == code,
            (Expected::Value, Ok(v)) => {
                let undefined = case.json.get("undefinedResult") == Some(&Json::Bool(true))
                    || case.json.get("result").is_none();
                match (undefined, v, case.json.get("result")) {
                    (true, None, _) => true,
                    (false, Some(v), Some(r)) => json_eq(v, r),
                    _ => false,
                }
            }
            _ => false,
        };
        if ok {
            same += 1;
        } else {
            differ += 1;
            let expected = match &case.expected {
                Expected::Code(c) => format!("error {c}"),
                Expected::Value => case
                    .json
                    .get("result")
                    .map_or("undefined".into(), Json::to_json_string),
            };
            let got = match &got {
                Ok(Some(v)) => v.to_json_string(),
                Ok(None) => "undefined".into(),
                Err(e) => format!("error {}: {}", e.code, e.message),
            };
            failures.push(format!(
                "{}: {:?} expected {expected}, got {got}",
                case.name, case.expr
            ));
        }
    }
    for f in &failures {
        println!("  DIFFERS: {f}");
    }
    println!(
        "evaluation v2.0.6: {} cases; {same} agree, {differ} differ, {skipped} skipped ($eval)",
        cases.len()
    );
    let floor: usize = std::env::var("JSONATA_EVAL_FLOOR")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    assert!(same >= floor, "{same} agree, below the floor {floor}");
}

/// JSON equality with numbers compared as numbers (`3` = `3.0`).
fn json_eq(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            x == y || ((x - y).abs() <= 1e-12 * x.abs().max(y.abs()))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, w)| k == k2 && json_eq(v, w)))
        }
        _ => a == b,
    }
}
