//! The generated inputs of the never-panic test (`jsonata_fuzz.rs`) and of the differential
//! test (`jsonata_conformance.rs`): random bytes, random token strings, every prefix of real
//! expressions, single-token mutations of them, expressions from a small grammar, and
//! 10,000-deep nestings. Seeded, so every run sees the same inputs.

use seeded_rng::Rng;

/// The seed of the default run.
pub const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

const TOKENS: &[&str] = &[
    "a",
    "b",
    "foo",
    "`q r`",
    "$",
    "$$",
    "$x",
    "$states",
    ".input",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ".",
    ",",
    ";",
    ":",
    "?",
    "??",
    "?:",
    "+",
    "-",
    "*",
    "**",
    "/",
    "%",
    "|",
    "=",
    "!=",
    "!",
    "~",
    "<",
    "<=",
    ">",
    ">=",
    "^",
    "&",
    "and",
    "or",
    "in",
    ":=",
    "~>",
    "@",
    "#",
    "..",
    "'s'",
    "\"t\"",
    "'",
    "\"",
    "`",
    "1",
    "0",
    "2.5",
    "1e3",
    "1e999",
    "420.",
    "true",
    "false",
    "null",
    "/re/i",
    "/",
    "function",
    "λ",
    "/*c*/",
    "/*",
    "*/",
    " ",
    "\n",
    "\t",
    "<n-s?:x>",
    "<a<n>>",
    "é",
    "😀",
    "\\",
    "'\\u12",
    "'\\ud800'",
    "$f(",
    "?)",
    "[]",
    "{}",
    "()",
];

/// Real expressions with every construct, whose prefixes and mutations `jsonata_fuzz.rs`
/// tries (the differential test takes them from the conformance suite instead).
pub const EXPRESSIONS: &[&str] = &[
    "Account.Order[0].Product[ProductID = 858383].Price",
    "$sum(Account.Order.Product.(Price * Quantity))",
    "Account.Order@$o.Product{$o.OrderID: $sum(Price)}",
    "library.loans@$l.books@$b[$l.isbn=$b.isbn].{'title': $b.title, 'customer': $l.customer}",
    "($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(5))",
    "$map([1..5], function($v, $i, $a){ $v * $i })",
    "Phone[type='mobile'].number ~> $substring(0, 3)",
    "$ ~> | Account.Order.Product | {'Total': Price * Quantity}, ['Price', 'Quantity'] |",
    "Account.Order.Product^(>Price, <Quantity).SKU",
    "$replace('abc', /b(c)?/i, function($m){ $uppercase($m.match) })",
    "λ($arr, $sep)<a<s>s?:s>{$join($arr, $sep)}(['a', 'b'], '-')",
    "**.Postcode[0]",
    "Account.Order.Product.%.OrderID",
    "[1,2,3][$ > 1]#$i.{'v': $, 'i': $i}",
    "$states.input.items[price > 10] ~> $count()",
];

/// [`EXPRESSIONS`] as owned strings.
pub fn expressions() -> Vec<String> {
    EXPRESSIONS.iter().map(|s| s.to_string()).collect()
}

/// At most 100 expressions spread evenly over `all` (the conformance suite's).
pub fn sample(all: &[String]) -> Vec<String> {
    let step = (all.len() / 100).max(1);
    all.iter().step_by(step).take(100).cloned().collect()
}

/// `total` inputs from `seed` (at least the deep nestings and the prefixes), with the
/// prefixes and mutations of the expressions `real`.
pub fn inputs(total: usize, seed: u64, real: &[String]) -> Vec<String> {
    assert!(!real.is_empty(), "no expressions to mutate");
    let mut rng = Rng::new(seed);
    let mut inputs: Vec<String> = Vec::with_capacity(total);

    // Deep nestings, 10,000 levels.
    let n = 10_000;
    inputs.push("(".repeat(n));
    inputs.push("(".repeat(n) + "1" + &")".repeat(n));
    inputs.push("[".repeat(n) + &"]".repeat(n));
    inputs.push("{'a':".repeat(n) + "1" + &"}".repeat(n));
    inputs.push("$f(".repeat(n) + &")".repeat(n));
    inputs.push("-".repeat(n) + "1");
    inputs.push("$a := ".repeat(n) + "1");
    inputs.push("a ? ".repeat(n) + "1");
    inputs.push("| a | ".repeat(n));
    inputs.push("function($x){".repeat(n) + &"}".repeat(n));
    inputs.push("a[".repeat(n) + &"]".repeat(n));
    inputs.push("a.(".repeat(n) + &")".repeat(n));
    inputs.push("%.".repeat(n) + "a");
    inputs.push("a.".repeat(n) + &"%.".repeat(n) + "b");
    inputs.push("/*".repeat(n));
    inputs.push("\\".repeat(n));

    // Every prefix of real expressions, and single-character mutations of them.
    for e in real {
        for (i, _) in e.char_indices() {
            inputs.push(e[..i].to_string());
        }
        inputs.push(e.clone());
    }

    let random_bytes = |rng: &mut Rng| {
        let len = rng.below(40);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let random_tokens = |rng: &mut Rng| {
        let len = 1 + rng.below(25);
        (0..len).map(|_| *rng.pick(TOKENS)).collect::<String>()
    };
    let mutate = |rng: &mut Rng, real: &[String]| {
        let e = &real[rng.below(real.len())];
        let chars: Vec<char> = e.chars().collect();
        let at = rng.below(chars.len() + 1);
        let mut out: String = chars[..at].iter().collect();
        let piece = *rng.pick(TOKENS);
        match rng.below(3) {
            0 => {
                out.push_str(piece);
                out.extend(chars.iter().skip(at + 1));
            }
            1 => {
                out.push_str(piece);
                out.extend(chars.iter().skip(at));
            }
            _ => out.extend(chars.iter().skip(at + 1)),
        }
        out
    };
    let remaining = total.saturating_sub(inputs.len());
    for i in 0..remaining {
        let s = match i % 4 {
            0 => random_bytes(&mut rng),
            1 => random_tokens(&mut rng),
            2 => mutate(&mut rng, real),
            _ => structured(&mut rng, 4),
        };
        inputs.push(s);
    }
    inputs
}

/// A random expression from a small JSONata grammar: mostly well formed, with every
/// construct (paths, predicates, `[]`, group-by, order-by, `@`, `#`, `%`, lambdas,
/// transforms, …) nested up to `depth` levels.
pub fn structured(rng: &mut Rng, depth: usize) -> String {
    const NAMES: &[&str] = &["a", "b", "Account", "`x y`", "and", "\"s\""];
    const VARS: &[&str] = &["$x", "$y", "$", "$$", "$states", "$i"];
    const LITERALS: &[&str] = &["1", "0.5", "'t'", "true", "null", "-2", "/ab+c/i"];
    const OPS: &[&str] = &[
        "+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in",
    ];
    if depth == 0 {
        return match rng.below(5) {
            0 => rng.pick(VARS).to_string(),
            1 => rng.pick(LITERALS).to_string(),
            2 => ["*", "**", "%"][rng.below(3)].to_string(),
            _ => rng.pick(NAMES).to_string(),
        };
    }
    let d = depth - 1;
    let e = |rng: &mut Rng| structured(rng, d);
    match rng.below(24) {
        0..=3 => format!("{}.{}", e(rng), e(rng)),
        4 => format!("{}[{}]", e(rng), e(rng)),
        5 => format!("{}[]", e(rng)),
        6 => format!("{}{{{}: {}}}", e(rng), e(rng), e(rng)),
        7 => {
            let dir = ["", "<", ">"][rng.below(3)];
            format!("{}^({dir}{})", e(rng), e(rng))
        }
        8 => format!("{}@$v{}", e(rng), rng.below(3)),
        9 => format!("{}#$i{}", e(rng), rng.below(3)),
        10 | 11 => format!("{} {} {}", e(rng), rng.pick(OPS), e(rng)),
        12 => format!("-{}", e(rng)),
        13 => format!("{} ? {} : {}", e(rng), e(rng), e(rng)),
        14 => format!("({}; {})", e(rng), e(rng)),
        15 => format!("$v{} := {}", rng.below(3), e(rng)),
        16 => {
            let sig = ["", "<n-n?:n>", "<x>", "<a<n>f?>"][rng.below(4)];
            format!("function($x, $y){sig}{{ {} }}", e(rng))
        }
        17 => format!("$f({}, {})", e(rng), e(rng)),
        18 => format!("$f(?, {})", e(rng)),
        19 => format!("{} ~> $f({})", e(rng), e(rng)),
        20 => format!("[{}, {}..{}]", e(rng), e(rng), e(rng)),
        21 => format!("{{{}: {}}}", e(rng), e(rng)),
        22 => format!("| {} | {}, {} |", e(rng), e(rng), e(rng)),
        _ => format!("({})", e(rng)),
    }
}
