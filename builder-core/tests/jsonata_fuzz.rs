//! The JSONata parser on generated and large inputs:
//! * 50,000 seeded inputs (random bytes and tokens, prefixes and mutations of real
//!   expressions, grammar-generated expressions, 10,000-deep nestings): the parser and every
//!   analysis return without panicking, and every error offset and span is inside the source,
//!   on a character boundary (see `jsonata_common::check`);
//! * the deepest nestings are refused within the 2 MiB stack of a test (or proc-macro helper)
//!   thread;
//! * 100,000-term expressions parse, and the work (counted as allocated bytes, which is
//!   deterministic, unlike time) grows linearly with the input.

mod jsonata_common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use builder_core::expr::jsonata::{self, parse, Expr};
use jsonata_common::fuzz;

/// The real expressions mutated here are `fuzz::EXPRESSIONS`, so the inputs are the same
/// everywhere; the differential test of `jsonata_conformance.rs` runs the same checks on
/// inputs made from the conformance suite.
#[test]
fn fifty_thousand_inputs_never_panic() {
    const TOTAL: usize = 50_000;
    let inputs = fuzz::inputs(TOTAL, fuzz::SEED, &fuzz::expressions());
    assert_eq!(inputs.len(), TOTAL);

    let mut parsed = 0;
    for src in &inputs {
        jsonata_common::check(src);
        parsed += usize::from(parse(src).is_ok());
    }
    println!(
        "{TOTAL} inputs, {parsed} parsed, {} rejected",
        TOTAL - parsed
    );
}

/// The engine's evaluator on every generated input that parses, with a small document and
/// `$states`: it returns a value or an error, never panics, within a test thread's 2 MiB
/// stack. Inputs with ranges or functions are left out (a `[1..1e7]` or a recursive lambda
/// is bounded, but slowly, in a debug build).
#[test]
fn generated_expressions_evaluate_without_panicking() {
    use builder_core::run::jsonata::evaluate;
    const TOTAL: usize = 20_000;
    let inputs = fuzz::inputs(TOTAL, fuzz::SEED ^ 0xE7A1, &fuzz::expressions());
    let data = builder_core::from_json_str(
        r#"{"a": [1, 2, {"b": "x", "c": [true, null]}], "foo": {"bar": 3.5, "baz": "q"}, "n": -2}"#,
    )
    .unwrap();
    let states = builder_core::from_json_str(r#"{"input": {"items": [1, "2", [3]]}}"#).unwrap();
    let (mut values, mut errors) = (0, 0);
    for src in &inputs {
        if src.contains("..")
            || src.contains("function")
            || src.contains('λ')
            || parse(src).is_err()
        {
            continue;
        }
        match evaluate(src, Some(&data), &[("states", &states), ("x", &data)]) {
            Ok(_) => values += 1,
            Err(_) => errors += 1,
        }
    }
    println!("evaluated: {values} values, {errors} errors");
    assert!(values > 1_000, "too few inputs evaluated: {values}");
}

/// The deepest inputs must fit the 2 MiB a test (or proc-macro helper) thread gets, in the
/// unoptimised builds proc-macros are compiled in.
#[test]
fn deep_nesting_fits_two_mebibytes() {
    let n = 10_000;
    let inputs = [
        "(".repeat(n) + "1" + &")".repeat(n),
        "[".repeat(n) + &"]".repeat(n),
        "{'a':".repeat(n) + "1" + &"}".repeat(n),
        "$f(".repeat(n) + &")".repeat(n),
        "function($x){".repeat(n) + &"}".repeat(n),
        "| a | ".repeat(n),
        "a^(".repeat(n) + &")".repeat(n),
        "a ? ".repeat(n) + "1",
        "$a := ".repeat(n) + "1",
        "a[".repeat(n) + &"]".repeat(n),
        "-".repeat(n) + "1",
    ];
    let worker = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            for src in &inputs {
                let e = parse(src).unwrap_err();
                assert_eq!(e.code, jsonata::TOO_DEEP, "{}", &src[..20]);
            }
        })
        .unwrap();
    worker.join().unwrap();
}

/// Counts the bytes allocated by each thread, as a measure of work. It is the allocator of
/// this whole test binary; the count is per thread, so the tests running in parallel do not
/// disturb each other's.
struct Counting;

thread_local! {
    // `const`-initialised: reading it never allocates, so the allocator may use it.
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    ALLOCATED.with(|a| a.set(a.get().saturating_add(bytes)));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated by this thread while parsing and analysing `src`.
fn work(src: &str) -> (usize, Result<Expr, jsonata::Error>) {
    let before = ALLOCATED.with(Cell::get);
    let result = parse(src);
    if let Ok(e) = &result {
        let _ = jsonata::free_references(e);
        let _ = jsonata::top_level_references(e);
        let mut n = 0usize;
        jsonata::walk(e, &mut |_| n += 1);
    }
    (ALLOCATED.with(Cell::get) - before, result)
}

/// Makes an input of about `n` terms.
type Generator = fn(usize) -> String;

/// The generators, with their names.
fn inputs() -> Vec<(&'static str, Generator)> {
    vec![
        ("1+1+…", |n| vec!["1"; n].join("+")),
        ("a.b.c…", |n| vec!["a"; n].join(".")),
        ("[1,2,3,…]", |n| {
            format!(
                "[{}]",
                (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
            )
        }),
        ("$f(1)(1)…", |n| "$f".to_string() + &"(1)".repeat(n)),
        ("x ~> $f ~> …", |n| "x".to_string() + &" ~> $f".repeat(n)),
        ("a[0][0]…", |n| "a".to_string() + &"[0]".repeat(n)),
        ("a^(b)^(b)…", |n| "a".to_string() + &"^(b)".repeat(n)),
        ("($a := 1; $a; …)", |n| {
            format!("($a := 1{})", "; $a".repeat(n))
        }),
        ("{'k': v, …}", |n| {
            format!("{{{}}}", vec!["'k': v"; n].join(", "))
        }),
        ("a@$x#$i.…", |n| vec!["a@$x#$i"; n].join(".")),
        ("a.%.a.%…", |n| vec!["a.%"; n].join(".")),
        ("%+%+…", |n| vec!["%"; n].join("+")),
        ("a.a.….%.%…", |n| {
            "a.".repeat(n / 2) + &vec!["%"; n / 2].join(".")
        }),
        ("'long string'", |n| format!("'{}'", "ab".repeat(n))),
        ("/* long comment */", |n| format!("/*{}*/ 1", "x".repeat(n))),
        ("/regex\\\\/", |n| {
            format!("$match(a, /{}/)", "\\\\".repeat(n))
        }),
        ("`long name`", |n| format!("`{}`", "n".repeat(n))),
    ]
}

#[test]
fn hundred_thousand_terms_in_linear_work() {
    const N: usize = 100_000;
    for (name, make) in inputs() {
        let small = make(N / 2);
        let large = make(N);
        let (w1, _) = work(&small);
        let started = std::time::Instant::now();
        let (w2, result) = work(&large);
        let elapsed = started.elapsed();
        let outcome = match &result {
            Ok(_) => "parsed".to_string(),
            Err(e) => format!("{} {}", e.code, e.message),
        };
        println!(
            "{name:<20} {:>8} bytes of source: {outcome:.60}; {w1} then {w2} bytes allocated for half and all of it ({:?})",
            large.len(),
            elapsed
        );
        // Doubling the input may at most double the work (plus slack for vector growth).
        assert!(
            w2 <= 3 * w1 + 4096,
            "{name}: {w1} -> {w2} bytes: not linear"
        );
    }
}

#[test]
fn long_chains_parse() {
    let n = 100_000;
    assert!(parse(&vec!["1"; n].join("+")).is_ok());
    assert!(parse(&vec!["a"; n].join(".")).is_ok());
    assert!(parse(&format!("[{}]", vec!["1"; n].join(","))).is_ok());
    // Resolving this many `%` is refused rather than taking quadratic time.
    let e = parse(&("a.".repeat(n) + &vec!["%"; n].join("."))).unwrap_err();
    assert_eq!(e.code, jsonata::TOO_DEEP);
    assert!(e.message.starts_with("expression too complex"));
}

/// The evaluator's deepest work gives the same results on a test thread's 2 MiB stack, in a
/// debug build, as anywhere: 99 nested non-tail calls work and the 100th nesting is U1001
/// (jsonata-js's suite runs with that depth limit), tail calls do not nest, and nestings as
/// deep as the parser accepts evaluate (an evaluation that outgrows the caller's stack moves
/// to a thread with a large one).
#[test]
fn deep_evaluations_fit_two_mebibytes() {
    use builder_core::run::jsonata::evaluate;
    let depth = jsonata::MAX_DEPTH;
    let cases = vec![
        "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(99))".to_string(),
        "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100))".to_string(),
        "($f := function($n){ $n = 0 ? {} : {'k': $f($n - 1)} }; $f(99))".to_string(),
        "($g := function($n){ $n = 0 ? 'x' : $g($n - 1) }; $g(100000))".to_string(),
        format!("{}1{}", "(".repeat(depth - 2), ")".repeat(depth - 2)),
        format!("{}1{}", "[".repeat(depth - 2), "]".repeat(depth - 2)),
        format!(
            "{}{}",
            "a.(".repeat(depth / 2 - 2),
            ")".repeat(depth / 2 - 2)
        ),
        format!("{}1{}", "{'k': ".repeat(depth - 2), "}".repeat(depth - 2)),
        format!("{}1", "-(".repeat(depth / 2 - 2)) + &")".repeat(depth / 2 - 2),
    ];
    let data = builder_core::from_json_str(r#"{"a": {"a": {"a": 1}}}"#).unwrap();
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            cases
                .iter()
                .map(|src| {
                    evaluate(src, Some(&data), &[])
                        .map(|v| v.is_some())
                        .map_err(|e| e.code)
                })
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(
        outcome,
        [
            Ok(true),
            Err("U1001"),
            Ok(true),
            Ok(true),
            Ok(true),
            Ok(true),
            Ok(false), // `a.(a.(…))` selects nothing past the data's depth
            Ok(true),
            Ok(true)
        ]
    );
}
