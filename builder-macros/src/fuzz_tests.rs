//! The macro never panics: `expand` on thousands of random token streams,
//! and on valid programs broken by deleting, duplicating, swapping,
//! replacing and truncating tokens at every depth.

use crate::expand::expand;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use seeded_rng::Rng;
use std::panic::{catch_unwind, AssertUnwindSafe};

const IDENTS: &[&str] = &[
    "task",
    "pass",
    "wait",
    "succeed",
    "fail",
    "choice",
    "parallel",
    "map",
    "branch",
    "end",
    "self",
    "arn",
    "_",
    "true",
    "false",
    "null",
    "num",
    "string",
    "timestamp",
    "bool",
    "schedule",
    "retry",
    "catch",
    "type",
    "express",
    "standard",
    "full",
    "none",
    "items_path",
    "seconds",
    "timeout",
    "heartbeat",
    "parameters",
    "result",
    "auto_catch",
    "auto_fallback",
    "fallback",
    "events",
    "is_present",
    "matches",
    "is_null",
    "doc",
    "Weekly",
    "A",
    "B",
    "C",
    "f",
    "get_users",
    "inline",
    "distributed",
    "mode",
    "input",
    "comment",
    "query_language",
    "jsonata",
    "jsonpath",
    "assign",
    "output",
    "arguments",
    "items",
];

const STRINGS: &[&str] = &[
    "$.x",
    "$",
    "$$.Map.Item.Value",
    "States.ALL",
    "States.Timeout",
    "arn:aws:states:::lambda:invoke",
    "cron(0 18 ? * SAT *)",
    "rate(1 minute)",
    "0 18 ? * SAT *",
    "2024-01-01T00:00:00Z",
    "",
    "x.$",
    "a",
    "States.Format('{}', $.a)",
    "${self:service}",
    "é",
    "$.a[",
    "user-*",
    "{% $states.input.x %}",
    "{% $x > 1 %}",
    "{% $states.result %}",
    "{% $sum( %}",
    "{% orderId %}",
    "{%",
    "%}",
    "$x",
    "x",
    "_x",
];

const PUNCTS: &[&str] = &[
    ";", ",", ":", ".", "->", "=>", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "!", "-", "#",
    "=", "&", "*",
];

fn punct(text: &str) -> Vec<TokenTree> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let spacing = if i + 1 < chars.len() {
                Spacing::Joint
            } else {
                Spacing::Alone
            };
            TokenTree::Punct(Punct::new(*c, spacing))
        })
        .collect()
}

fn random_token(rng: &mut Rng, depth: usize) -> Vec<TokenTree> {
    match rng.below(if depth > 6 { 4 } else { 6 }) {
        0 => vec![TokenTree::Ident(Ident::new(
            rng.pick::<&str>(IDENTS),
            Span::call_site(),
        ))],
        1 => vec![TokenTree::Literal(Literal::string(
            rng.pick::<&str>(STRINGS),
        ))],
        2 => vec![TokenTree::Literal(match rng.below(4) {
            0 => Literal::u64_unsuffixed(rng.next_u64() % 100),
            1 => Literal::f64_unsuffixed((rng.next_u64() % 1000) as f64 / 10.0),
            2 => Literal::u64_unsuffixed(u64::MAX),
            _ => Literal::u32_suffixed(7),
        })],
        3 => punct(rng.pick::<&str>(PUNCTS)),
        _ => {
            let delimiter = *rng.pick(&[
                Delimiter::Brace,
                Delimiter::Parenthesis,
                Delimiter::Bracket,
                Delimiter::None,
            ]);
            vec![TokenTree::Group(Group::new(
                delimiter,
                random_stream(rng, depth + 1, 8),
            ))]
        }
    }
}

fn random_stream(rng: &mut Rng, depth: usize, max_len: usize) -> TokenStream {
    let len = rng.below(max_len + 1);
    (0..len).flat_map(|_| random_token(rng, depth)).collect()
}

/// Valid programs to break.
const PROGRAMS: &[&str] = &[
    r#"Weekly(type: express, auto_fallback: false, auto_catch: false,
        events: [schedule("cron(0 18 ? * SAT *)", input: { "start": "true" })]) {
        task(get_all_users);
        parallel ProcessAndContinue {
            branch { map ProcessUser(items_path: "$.user_ids", max_concurrency: 1) { task ProcessFunction(weekly_task); } }
            branch {
                choice ContinueIfMoreUsers { "$.PaginationToken".is_present() => Restart, _ => NoMoreUsers, }
                succeed NoMoreUsers;
                task Restart("arn:aws:states:::states:startExecution", parameters: {
                    "Input": { "PaginationToken.$": "$.PaginationToken" }, "StateMachineArn": self.arn(),
                });
            }
        }
    }"#,
    r#"/// doc
    Users(timeout: 60) {
        task Fetch(fetch, timeout: 30, heartbeat: 10, result_path: "$.user")
            .retry(["States.Timeout"], interval: 2, max_attempts: 3, backoff: 2.0, max_delay: 30, jitter: full)
            .catch(["States.ALL"] => Oops, result_path: "$.error");
        choice Route {
            "$.a" >= 18 && !("$.b" == true) || num("$.c") < num("$.d") => Later,
            "$.t" < timestamp("2024-01-01T00:00:00Z") => Later,
            { "Variable": "$.raw", "IsNull": true } => Later,
            "$.skip".is_present() => Skip,
            _ => Oops,
        }
        wait Later(seconds: 5) -> Done;
        pass Skip(result: { "a": [1, -2, 2.5, true, null], "b": (value) }) -> end;
        succeed Done;
        fail Oops(error: "E", cause: "C");
    }"#,
];

fn program_tokens(rng: &mut Rng) -> TokenStream {
    rng.pick(PROGRAMS).parse().expect("the corpus parses")
}

/// Applies one random edit somewhere in the tree.
fn mutate(rng: &mut Rng, stream: TokenStream, depth: usize) -> TokenStream {
    let mut tokens: Vec<TokenTree> = stream.into_iter().collect();
    if tokens.is_empty() {
        return random_stream(rng, depth, 3);
    }
    let i = rng.below(tokens.len());
    // Sometimes recurse into a group instead.
    if let TokenTree::Group(g) = &tokens[i] {
        if rng.below(2) == 0 {
            let mut group = Group::new(g.delimiter(), mutate(rng, g.stream(), depth + 1));
            group.set_span(g.span());
            tokens[i] = TokenTree::Group(group);
            return tokens.into_iter().collect();
        }
    }
    match rng.below(6) {
        0 => {
            tokens.remove(i);
        }
        1 => {
            let copy = tokens[i].clone();
            tokens.insert(i, copy);
        }
        2 if i + 1 < tokens.len() => tokens.swap(i, i + 1),
        3 => {
            let replacement = random_token(rng, depth);
            tokens.splice(i..=i, replacement);
        }
        4 => tokens.truncate(i),
        _ => {
            let extra = random_token(rng, depth);
            tokens.splice(i..i, extra);
        }
    }
    tokens.into_iter().collect()
}

fn assert_no_panic(input: TokenStream, seed: u64) {
    let text = input.to_string();
    let result = catch_unwind(AssertUnwindSafe(|| expand(input)));
    assert!(result.is_ok(), "expand panicked (seed {seed}) on:\n{text}");
}

#[test]
fn random_token_streams_never_panic() {
    for seed in 1..=2_000u64 {
        let mut rng = Rng::new(seed);
        let stream = random_stream(&mut rng, 0, 12);
        assert_no_panic(stream, seed);
    }
}

#[test]
fn mutated_programs_never_panic() {
    for seed in 1..=3_000u64 {
        let mut rng = Rng::new(!seed);
        let mut stream = program_tokens(&mut rng);
        for _ in 0..=rng.below(4) {
            stream = mutate(&mut rng, stream, 0);
        }
        assert_no_panic(stream, seed);
    }
}

#[test]
fn every_truncation_of_a_program_is_handled() {
    for (p, program) in PROGRAMS.iter().enumerate() {
        let tokens: Vec<TokenTree> = program
            .parse::<TokenStream>()
            .unwrap()
            .into_iter()
            .collect();
        // Cut the top level, then the body group, at every position.
        for cut in 0..=tokens.len() {
            assert_no_panic(tokens[..cut].iter().cloned().collect(), p as u64);
        }
        if let Some(TokenTree::Group(body)) = tokens.last() {
            let inner: Vec<TokenTree> = body.stream().into_iter().collect();
            for cut in 0..=inner.len() {
                let mut truncated = tokens[..tokens.len() - 1].to_vec();
                truncated.push(TokenTree::Group(Group::new(
                    Delimiter::Brace,
                    inner[..cut].iter().cloned().collect(),
                )));
                assert_no_panic(truncated.into_iter().collect(), p as u64);
            }
        }
    }
}

#[test]
fn very_deep_nesting_is_an_error_not_a_crash() {
    for open in [
        "map M(items_path: \"$.x\") {",
        "parallel P { branch {",
        "pass P(result: [",
        "choice C { !(",
        "pass P(result: {\"a\": ",
    ] {
        // Far beyond the parser's limit of 64 (the fallback lexer used in
        // tests refuses a few thousand levels itself).
        let depth = 500;
        let mut src = String::from("M { ");
        for _ in 0..depth {
            src.push_str(open);
        }
        // What `open` leaves unclosed, closed in reverse order.
        let mut stack = Vec::new();
        for c in open.chars() {
            match c {
                '{' => stack.push('}'),
                '(' => stack.push(')'),
                '[' => stack.push(']'),
                '}' | ')' | ']' => {
                    stack.pop();
                }
                _ => {}
            }
        }
        let close: String = stack.into_iter().rev().collect();
        for _ in 0..depth {
            src.push_str(&close);
        }
        src.push_str(" }");
        let tokens: TokenStream = src.parse().expect("the test input lexes");
        let output = expand(tokens).to_string();
        assert!(
            output.contains("compile_error"),
            "{open}: no error for {depth} levels"
        );
    }
}

#[test]
fn the_corpus_is_valid_so_mutations_start_from_real_programs() {
    for program in PROGRAMS {
        let output = expand(program.parse().unwrap()).to_string();
        assert!(!output.contains("compile_error"), "{output}");
        assert!(output.contains("machine"), "{output}");
    }
}
