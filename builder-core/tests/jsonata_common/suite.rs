//! The jsonata-js conformance suite (`test/test-suite/groups/*/*.json`), read from a bare git
//! checkout of jsonata-js at a tag: the repository named by `JSONATA_JS_REPO`, by default
//! `/work/.mirror/jsonata-js+jsonata/repo`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use builder_core::{from_json_str, Json};

/// The default of `JSONATA_JS_REPO`.
const DEFAULT_REPO: &str = "/work/.mirror/jsonata-js+jsonata/repo";

/// The jsonata-js repository (a bare git directory): `JSONATA_JS_REPO`, or [`DEFAULT_REPO`].
/// Panics when it does not exist: the tests that need it must fail, not pass, without it.
pub fn repo() -> PathBuf {
    let path = std::env::var_os("JSONATA_JS_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_REPO));
    assert!(
        path.exists(),
        "the jsonata-js repository {} does not exist: set JSONATA_JS_REPO to a bare git \
         checkout of https://github.com/jsonata-js/jsonata",
        path.display()
    );
    path
}

/// What a suite case expects.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// A result (or `undefinedResult`): the expression must parse.
    Value,
    /// An error code; `S0…` codes are syntax errors.
    Code(String),
}

/// One case of the suite.
#[derive(Clone, Debug)]
pub struct Case {
    /// `group/file.json#index`
    pub name: String,
    /// The JSONata expression.
    pub expr: String,
    /// What jsonata-js gives for it.
    pub expected: Expected,
    /// The case as written (`data`, `dataset`, `bindings`, `result`, `undefinedResult`).
    pub json: Json,
}

/// The cases of the suite at `tag` (`v2.0.6`). Panics when the repository or the tag is
/// missing or a file cannot be read.
pub fn cases(tag: &str) -> Vec<Case> {
    let repo = repo();
    let prefix = "test/test-suite/groups/";
    let list = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["ls-tree", "-r", "--name-only", tag, prefix])
        .output()
        .expect("git runs");
    assert!(
        list.status.success(),
        "git ls-tree {tag} failed in {}: {}",
        repo.display(),
        String::from_utf8_lossy(&list.stderr)
    );
    let paths: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(!paths.is_empty(), "no {prefix} at {tag}");
    let blobs = cat_files(&repo, tag, &paths);
    let file = |path: &str| {
        blobs
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, c)| c.as_str())
    };
    let mut cases = Vec::new();
    for (path, content) in &blobs {
        if !path.ends_with(".json") {
            continue;
        }
        let json = from_json_str(&well_formed(content)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let list = match json {
            Json::Array(items) => items,
            other => vec![other],
        };
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let short = path.strip_prefix(prefix).unwrap_or(path);
        for (i, case) in list.iter().enumerate() {
            let expr = match (case.get("expr"), case.get("expr-file")) {
                (Some(Json::String(e)), _) => e.clone(),
                (_, Some(Json::String(f))) => file(&format!("{dir}/{f}"))
                    .unwrap_or_else(|| panic!("{path}: missing {f}"))
                    .to_string(),
                _ => panic!("{path}: no expr"),
            };
            let code = case.get("code").and_then(Json::as_str).or_else(|| {
                case.get("error")
                    .and_then(|e| e.get("code"))
                    .and_then(Json::as_str)
            });
            let expected = match code {
                Some(c) => Expected::Code(c.to_string()),
                None => Expected::Value,
            };
            let name = if list.len() > 1 {
                format!("{short}#{i}")
            } else {
                short.to_string()
            };
            cases.push(Case {
                name,
                expr,
                expected,
                json: case.clone(),
            });
        }
    }
    cases
}

/// JSON text with its lone UTF-16 surrogate escapes (`"\uD800"`, which a Rust string
/// cannot hold and `from_json_str` refuses) replaced by `\uFFFD`, as JavaScript's
/// `toWellFormed` does; a few suite cases have one.
pub fn well_formed(json: &str) -> String {
    // Whether `s` starts with a `\uXXXX` escape of a code unit in `range`.
    let escape_in = |s: &str, range: std::ops::Range<u32>| {
        s.strip_prefix("\\u")
            .and_then(|hex| hex.get(..4))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .is_some_and(|u| range.contains(&u))
    };
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let len = if escape_in(rest, 0xD800..0xDC00) && escape_in(&rest[6..], 0xDC00..0xE000) {
            12 // a surrogate pair
        } else if escape_in(rest, 0xD800..0xE000) {
            out.push_str("\\uFFFD");
            rest = &rest[6..];
            continue;
        } else {
            // Any other escape, `\\` included, is copied as it is.
            1 + rest[1..].chars().next().map_or(0, char::len_utf8)
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// `(path, content)` of each path at `tag`, with one `git cat-file --batch`.
fn cat_files(repo: &Path, tag: &str, paths: &[String]) -> Vec<(String, String)> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let requests: String = paths.iter().map(|p| format!("{tag}:{p}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_end(&mut out)
        .expect("git output");
    writer.join().expect("writer").expect("write to git");
    child.wait().expect("git exits");
    let mut result = Vec::new();
    let mut pos = 0;
    for path in paths {
        let header_end = pos
            + out[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .expect("a header line");
        let header = String::from_utf8_lossy(&out[pos..header_end]).to_string();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{path}: bad `git cat-file` header {header:?}"));
        let start = header_end + 1;
        let content = String::from_utf8_lossy(&out[start..start + size]).to_string();
        pos = start + size + 1;
        result.push((path.clone(), content));
    }
    result
}

/// The datasets of the suite at `tag` (`test/test-suite/datasets/NAME.json`), by name.
pub fn datasets(tag: &str) -> Vec<(String, Json)> {
    let repo = repo();
    let prefix = "test/test-suite/datasets/";
    let list = Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["ls-tree", "-r", "--name-only", tag, prefix])
        .output()
        .expect("git runs");
    let paths: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    cat_files(&repo, tag, &paths)
        .into_iter()
        .filter_map(|(path, content)| {
            let name = path
                .strip_prefix(prefix)?
                .strip_suffix(".json")?
                .to_string();
            Some((name, from_json_str(&well_formed(&content)).ok()?))
        })
        .collect()
}
