//! Unit tests of the JSONata parser (`builder_core::expr::jsonata`): the parser construct by
//! construct and error by error, the analyses (free variables, calls, top-level context
//! references, the walker), and the function table.

mod jsonata_common;

/// The parser, construct by construct and error by error.
mod parser {
    use crate::jsonata_common::sexp;
    use builder_core::expr::jsonata::{
        parse, BinOp, ExprKind, Span, Stage, BAD_REGEX, BAD_SIGNATURE, TOO_DEEP,
    };

    /// The tree of `src` as an S-expression (see `jsonata_common::sexp`).
    fn tree(src: &str) -> String {
        match parse(src) {
            Ok(e) => sexp(&e),
            Err(e) => panic!("{src:?} failed: {} at {}: {}", e.code, e.offset, e.message),
        }
    }

    /// `(code, offset, message)` of the error `src` gives.
    fn error(src: &str) -> (&'static str, usize, String) {
        match parse(src) {
            Ok(e) => panic!("{src:?} parsed: {}", sexp(&e)),
            Err(e) => (e.code, e.offset, e.message),
        }
    }

    #[test]
    fn literals() {
        assert_eq!(tree("'a'"), "\"a\"");
        assert_eq!(tree("\"a\\\"b\\\\c\\/d\\n\""), "\"a\\\"b\\\\c/d\\n\"");
        assert_eq!(tree(r#""\u00e9\ud83d\ude00""#), "\"é😀\"");
        // A lone surrogate cannot be held in a Rust string.
        assert_eq!(tree(r#""\ud800x""#), "\"\u{fffd}x\"");
        assert_eq!(tree("42"), "42");
        assert_eq!(tree("1.5e3"), "1500");
        assert_eq!(tree("1E-2"), "0.01");
        assert_eq!(tree("0.25"), "0.25");
        assert_eq!(tree("-3"), "-3");
        assert_eq!(tree("true"), "true");
        assert_eq!(tree("false"), "false");
        assert_eq!(tree("null"), "null");
        assert_eq!(tree("/ab+c/i"), "/ab+c/i");
        assert_eq!(tree("/a\\/b/"), "/a\\/b/");
        assert_eq!(tree("/[/]/m"), "/[/]/m");
    }

    #[test]
    fn names_and_variables() {
        assert_eq!(tree("a"), "(path a)");
        assert_eq!(tree("`a b`"), "(path a b)");
        assert_eq!(tree("and"), "(path and)");
        assert_eq!(tree("a.or.in"), "(path a or in)");
        assert_eq!(tree("$"), "$");
        assert_eq!(tree("$$"), "$$");
        assert_eq!(tree("$x"), "$x");
        let e = parse("$$").unwrap();
        assert_eq!(e.kind, ExprKind::Root);
        let e = parse("$").unwrap();
        assert_eq!(e.kind, ExprKind::Variable(String::new()));
        // Only whitespace and operators end a name, as in jsonata-js.
        assert_eq!(tree("a'b"), "(path a'b)");
        assert_eq!(tree("λ"), "(path λ)");
    }

    #[test]
    fn comments_and_whitespace() {
        assert_eq!(tree("/* c */ a /* d */ . /**/ b"), "(path a b)");
        assert_eq!(tree("\ta\r\n+\u{b}1"), "(+ (path a) 1)");
    }

    #[test]
    fn paths() {
        assert_eq!(tree("a.b.c"), "(path a b c)");
        assert_eq!(tree("\"a\".'b'"), "(path a b)");
        assert_eq!(tree("$x.a"), "(path $x a)");
        assert_eq!(tree("$.a"), "(path $ a)");
        assert_eq!(tree("a.*.b"), "(path a * b)");
        assert_eq!(tree("a.**.b"), "(path a ** b)");
        assert_eq!(tree("*"), "*");
        assert_eq!(tree("**"), "**");
        assert_eq!(tree("a.(b; c)"), "(path a (block (path b) (path c)))");
        assert_eq!(tree("a.$f(1)"), "(path a (call $f 1))");
        // Array constructor steps keep their arrays (jsonata-js `consarray`).
        assert_eq!(tree("[1,2].[a]"), "(path [1 2]! [(path a)]!)");
        assert_eq!(tree("[1,2]"), "[1 2]");
        assert_eq!(tree("([a].b)"), "(block! (path [(path a)]! b))");
    }

    #[test]
    fn path_spans() {
        let e = parse("foo.bar[0]").unwrap();
        assert_eq!(e.span, Span::new(0, 10));
        let ExprKind::Path(p) = &e.kind else { panic!() };
        assert_eq!(p.steps[0].span, Span::new(0, 3));
        assert_eq!(p.steps[1].span, Span::new(4, 7));
        let Stage::Filter(f) = &p.steps[1].annotations().stages[0] else {
            panic!()
        };
        assert_eq!(f.span, Span::new(7, 10));
        assert_eq!(f.expr.span, Span::new(8, 9));
    }

    #[test]
    fn predicates_and_keep_array() {
        assert_eq!(tree("a[0]"), "(path a[0])");
        assert_eq!(tree("a.b[0][1].c"), "(path a b[0][1] c)");
        // On a non-step, predicates filter the node's own value.
        assert_eq!(tree("$x[0]"), "$x?[0]");
        assert_eq!(tree("(a.b)[0]"), "(block (path a b))?[0]");
        // The first step keeps its predicates; later ones get stages.
        assert_eq!(tree("$x[0].$y[1]"), "(path $x?[0] $y[1])");
        assert_eq!(tree("a[]"), "(path! a[])[]");
        assert_eq!(tree("a.b[]"), "(path! a b[])");
        assert_eq!(tree("a[0][]"), "(path! a[0][])[]");
        assert_eq!(tree("$x[]"), "$x[]");
        assert_eq!(tree("a^(b)[]"), "(path a (sort <(path b)))[]");
        assert_eq!(tree("a@$v[]"), "(path a@$v[])[]");
    }

    #[test]
    fn group_by_and_sort() {
        assert_eq!(tree("a{b: c}"), "(path a){(path b): (path c)}");
        assert_eq!(
            tree("a.b{k: $sum(v)}"),
            "(path a b){(path k): (call $sum (path v))}"
        );
        assert_eq!(tree("[1]{'k': $}"), "[1]{\"k\": $}");
        assert_eq!(tree("a^(b)"), "(path a (sort <(path b)))");
        assert_eq!(
            tree("a.b^(>c, <d, e)"),
            "(path a b (sort >(path c) <(path d) <(path e)))"
        );
        assert_eq!(tree("$x^($)"), "(path $x (sort <$))");
    }

    #[test]
    fn focus_and_index_bindings() {
        assert_eq!(tree("a@$x.b"), "(path a@$x b)");
        assert_eq!(tree("a#$i.b"), "(path a#$i b)");
        assert_eq!(tree("a[0]#$i"), "(path a[0]#$i)");
        assert_eq!(tree("a#$i[0]"), "(path a#$i[0])");
        assert_eq!(tree("$x#$i"), "(path $x#$i)");
        let e = parse("a@$x").unwrap();
        let ExprKind::Path(p) = &e.kind else { panic!() };
        let a = p.steps[0].annotations();
        assert_eq!(a.focus.as_ref().unwrap().span, Span::new(2, 4));
        assert!(a.tuple);
    }

    #[test]
    fn parent_operator() {
        assert_eq!(tree("a.b.%"), "(path a b^0 %0)");
        assert_eq!(tree("a.b.%.%.c"), "(path a^1 b^0 %0 %1 c)");
        // The step whose input is the parent records it: in `a.b[%.c]` that is `b`.
        assert_eq!(tree("a.b[%.c]"), "(path a b[(path %0 c)]^0)");
        // Two `%` with the same parent step share its label.
        assert_eq!(
            tree("a.b.[%.x, %.y]"),
            "(path a b^0 [(path %0 x) (path %0 y)]!)"
        );
    }

    #[test]
    fn operators_and_precedence() {
        assert_eq!(tree("1 + 2 * 3"), "(+ 1 (* 2 3))");
        assert_eq!(tree("1 - 2 - 3"), "(- (- 1 2) 3)");
        assert_eq!(
            tree("a = 1 and b != 2 or c"),
            "(or (and (= (path a) 1) (!= (path b) 2)) (path c))"
        );
        assert_eq!(
            tree("a < b <= c > d >= e"),
            "(>= (> (<= (< (path a) (path b)) (path c)) (path d)) (path e))"
        );
        assert_eq!(tree("'a' & b in c"), "(in (& \"a\" (path b)) (path c))");
        assert_eq!(tree("7 % 2 / 3"), "(/ (% 7 2) 3)");
        assert_eq!(tree("-a.b"), "(neg (path a b))");
        assert_eq!(tree("--1"), "1");
        assert_eq!(tree("[1..3]"), "[(.. 1 3)]");
        let e = parse("1 + 2").unwrap();
        let ExprKind::Binary { op, op_span, .. } = &e.kind else {
            panic!()
        };
        assert_eq!((*op, *op_span), (BinOp::Add, Span::new(2, 3)));
    }

    #[test]
    fn conditions_blocks_and_bindings() {
        assert_eq!(tree("a ? b : c"), "(? (path a) (path b) (path c))");
        assert_eq!(tree("a ? b"), "(? (path a) (path b))");
        assert_eq!(
            tree("a ? b : c ? d : e"),
            "(? (path a) (path b) (? (path c) (path d) (path e)))"
        );
        assert_eq!(tree("()"), "(block)");
        assert_eq!(tree("(a; b;)"), "(block (path a) (path b))");
        assert_eq!(tree("$a := $b := 1"), "(:= $a (:= $b 1))");
        assert_eq!(tree("$x := a ? 1 : 2"), "(:= $x (? (path a) 1 2))");
        assert_eq!(tree("($x := 1; $x + 1)"), "(block (:= $x 1) (+ $x 1))");
    }

    #[test]
    fn constructors() {
        assert_eq!(tree("[]"), "[]");
        assert_eq!(tree("[1, 'a', [2]]"), "[1 \"a\" [2]]");
        assert_eq!(tree("{}"), "{}");
        assert_eq!(tree("{'a': 1, b: c}"), "{\"a\": 1, (path b): (path c)}");
    }

    #[test]
    fn functions_and_application() {
        assert_eq!(tree("$sum(a)"), "(call $sum (path a))");
        assert_eq!(tree("$f()"), "(call $f)");
        assert_eq!(tree("$f(?, 2)"), "(partial $f ? 2)");
        assert_eq!(tree("$f(1)(2)"), "(call (call $f 1) 2)");
        assert_eq!(tree("a ~> $f"), "(~> (path a) $f)");
        assert_eq!(
            tree("a ~> $f(1) ~> $g"),
            "(~> (~> (path a) (call $f 1)) $g)"
        );
        assert_eq!(
            tree("function($a, $b) { $a + $b }"),
            "(lambda ($a $b) (+ $a $b))"
        );
        assert_eq!(tree("λ($a){$a}(1)"), "(call (lambda ($a) $a) 1)");
        assert_eq!(tree("`function`($a){$a}"), "(lambda ($a) $a)");
        assert_eq!(tree("function"), "(path function)");
    }

    #[test]
    fn signatures() {
        let e = parse("function($a, $b)<n-n?:n>{$a}").unwrap();
        let ExprKind::Lambda(l) = &e.kind else {
            panic!()
        };
        let sig = l.signature.as_ref().unwrap();
        assert_eq!(sig.text, "<n-n?:n>");
        assert_eq!(sig.span, Span::new(16, 24));
        assert_eq!(sig.result.as_deref(), Some("n"));
        assert_eq!(sig.params.len(), 2);
        assert!(sig.params[0].use_context && sig.params[0].optional);
        assert!(sig.params[1].optional && !sig.params[1].use_context);
        let e = parse("λ($a, $f)< a<n> (sf) f<n:n> + >{1}").unwrap();
        let ExprKind::Lambda(l) = &e.kind else {
            panic!()
        };
        let sig = l.signature.as_ref().unwrap();
        assert_eq!(sig.text, "<a<n>(sf)f<n:n>+>");
        let symbols: Vec<_> = sig.params.iter().map(|p| p.symbol.as_str()).collect();
        assert_eq!(symbols, ["a", "(sf)", "f"]);
        assert_eq!(sig.params[0].subtype.as_deref(), Some("n"));
        assert!(sig.params[2].variadic);
        // `?:` inside a signature is not the 2.1 operator.
        assert!(parse("λ($s)<s?:s>{$s}").is_ok());
    }

    #[test]
    fn transforms() {
        assert_eq!(tree("| a | {'x': 1} |"), "(| (path a) {\"x\": 1})");
        assert_eq!(
            tree("$ ~> | a.b | {'x': 1}, ['y', 'z'] |"),
            "(~> $ (| (path a b) {\"x\": 1} [\"y\" \"z\"]))"
        );
    }

    #[test]
    fn regex_or_division_by_position() {
        assert_eq!(tree("a / b / c"), "(/ (/ (path a) (path b)) (path c))");
        assert_eq!(tree("a /b/ c"), "(/ (/ (path a) (path b)) (path c))");
        assert_eq!(tree("$match(a, /b/)"), "(call $match (path a) /b/)");
        assert_eq!(tree("$x := /b/"), "(:= $x /b/)");
        assert_eq!(tree("a ~> /b/"), "(~> (path a) /b/)");
    }

    #[test]
    fn tokenizer_errors() {
        assert_eq!(
            error("'abc"),
            (
                "S0101",
                0,
                "unterminated string: the `'` opened here has no closing `'`".to_string()
            )
        );
        assert_eq!(
            error("1 + 10e999"),
            (
                "S0102",
                4,
                "number `10e999` is out of range: it does not fit a 64-bit float".to_string()
            )
        );
        let (code, offset, message) = error(r#"a & "\q""#);
        assert_eq!((code, offset), ("S0103", 5));
        assert!(message.starts_with("unsupported escape sequence `\\q` in a string"));
        assert_eq!(
            error(r#""\u12g4""#),
            (
                "S0104",
                1,
                "the escape sequence `\\u` must be followed by 4 hex digits, found `\\u12g4`"
                    .to_string()
            )
        );
        assert_eq!(error("a.`b").0, "S0105");
        assert_eq!(error("a.`b").1, 2);
        assert_eq!(
            error("a /* note"),
            (
                "S0106",
                2,
                "unterminated comment: `/*` has no closing `*/`".to_string()
            )
        );
        assert_eq!(error("//").0, "S0301");
        assert_eq!(error("$match(a, /b)").0, "S0302");
        assert_eq!(error("$match(a, /b)").1, 10);
        // Multi-byte text before the error: offsets are bytes, columns are characters.
        assert_eq!(error("'é' & 'x").1, 7);
    }

    #[test]
    fn parser_errors() {
        assert_eq!(
        error("$sum(a"),
        (
            "S0203",
            6,
            "expected `,` or `)` to close the call of `$sum` opened at column 5, found the end of the expression"
                .to_string()
        )
    );
        assert_eq!(
        error("[1, 2)"),
        (
            "S0202",
            5,
            "expected `,` or `]` to close the array constructor `[` opened at column 1, found `)`"
                .to_string()
        )
    );
        assert_eq!(
            error("(a b)"),
            (
                "S0202",
                3,
                "expected `;` or `)` to close the `(` opened at column 1, found `b`".to_string()
            )
        );
        assert_eq!(
        error("{'a' 1}"),
        (
            "S0202",
            5,
            "expected `:` after the key `'a'` of the object constructor opened at column 1, found `1`"
                .to_string()
        )
    );
        assert_eq!(
        error("a\n  .b[1"),
        (
            "S0203",
            8,
            "expected `]` to close the predicate `[` opened at line 2, column 5, found the end of the expression"
                .to_string()
        )
    );
        assert_eq!(error("a ^ b").0, "S0202");
        assert_eq!(error("function($x)<n{1}").0, "S0202");
        assert_eq!(error("function($x)<n>1").0, "S0202");
        assert_eq!(error("| a | b").0, "S0203");
        assert_eq!(
        error("a ! b"),
        (
            "S0204",
            2,
            "unknown operator `!`: JSONata has no `!`; write `!=` to compare or `$not(x)` to negate"
                .to_string()
        )
    );
        assert_eq!(
            error("a = "),
            (
                "S0207",
                4,
                "expected an expression after `=`, found the end of the expression".to_string()
            )
        );
        assert_eq!(
            error(""),
            (
                "S0207",
                0,
                "empty expression: expected an expression".to_string()
            )
        );
        assert_eq!(
        error("function($a, b) { $a }"),
        (
            "S0208",
            13,
            "parameter 2 of the function definition must be a variable name starting with `$`, found `b`"
                .to_string()
        )
    );
        // On a path the group-by belongs to the path, so jsonata-js lets a predicate follow.
        assert!(parse("a{b: c}[0]").is_ok());
        assert_eq!(
        error("$x{b: c}[0]"),
        (
            "S0209",
            8,
            "a predicate `[…]` cannot follow a group-by `{…}` on the same step; wrap the grouped expression in parentheses first"
                .to_string()
        )
    );
        assert_eq!(error("a{b: c}{d: e}").0, "S0210");
        assert_eq!(
            error("(, 2)"),
            (
                "S0211",
                1,
                "expected an expression after `(`, found `,`".to_string()
            )
        );
        assert_eq!(
            error("a := 1"),
            (
                "S0212",
                0,
                "the left side of `:=` must be a variable name starting with `$`, found `a`"
                    .to_string()
            )
        );
        assert_eq!(error("$.1").0, "S0213");
        assert_eq!(error("a.true").0, "S0213");
        assert_eq!(
            error("a#i"),
            (
                "S0214",
                2,
                "the right side of `#` must be a variable name starting with `$`, found `i`"
                    .to_string()
            )
        );
        assert_eq!(error("a[0]@$x").0, "S0215");
        assert_eq!(error("a^(b)@$x").0, "S0216");
        assert_eq!(error("a.%.%").0, "S0217");
        assert_eq!(error("{'a': 1}.%").1, 9);
        assert_eq!(
        error("a; b"),
        (
            "S0201",
            1,
            "unexpected `;` after the end of the expression; `;` separates expressions only inside a block `( a; b )`"
                .to_string()
        )
    );
        assert_eq!(error("420.").0, "S0207");
        assert_eq!(error("$.7a").0, "S0201");
    }

    #[test]
    fn syntax_errors_win_over_post_parse_errors() {
        // jsonata-js checks steps and bindings after the whole parse, so a later syntax error is
        // the one reported.
        assert_eq!(error("$.7 )").0, "S0201");
        assert_eq!(error("$.7 (").0, "S0203");
        assert_eq!(error("a.1.b[").0, "S0203");
        assert_eq!(error("(1=").0, "S0203");
    }

    #[test]
    fn signature_errors() {
        assert_eq!(
        error("λ($a)<n<n>>{$a}"),
        (
            "S0401",
            8,
            "in the signature `<n<n>>`, a type parameter `<…>` follows `n`; only `a` (array) and `f` (function) take type parameters"
                .to_string()
        )
    );
        assert_eq!(error("λ($a)<(sa<n>)>{$a}").0, "S0402");
        assert_eq!(error("λ($a)<(sa<n>)>{$a}").1, 7);
        assert_eq!(error("λ($a)<n?+>{$a}").0, BAD_SIGNATURE);
    }

    #[test]
    fn jsonata_2_1_operators_are_refused() {
        assert_eq!(
        error("a ?? b"),
        (
            "S0211",
            2,
            "`??` is JSONata 2.1 syntax; AWS Step Functions runs JSONata 2.0.6, use `$exists(a) ? a : b`"
                .to_string()
        )
    );
        assert_eq!(
        error("$states.input.x ?: 'none'"),
        (
            "S0211",
            16,
            "`?:` is JSONata 2.1 syntax; AWS Step Functions runs JSONata 2.0.6, use `a ? a : b`"
                .to_string()
        )
    );
        assert!(error("$f(a ?? b)").2.contains("JSONata 2.1"));
        assert!(error("[a.b ?? 1]").2.contains("JSONata 2.1"));
        assert!(error("$x := ?? 1").2.contains("JSONata 2.1"));
        // Inside strings and regexes they are just text.
        assert!(parse("'a ?? b'").is_ok());
        assert!(parse("$match(a, /x??/)").is_ok());
    }

    #[test]
    fn regex_after_an_operand_start_is_division() {
        let (code, offset, message) = error("[/a/]");
        assert_eq!((code, offset), ("S0211", 1));
        assert!(message.contains("reads a `/` right after `[` as division"));
        // After `[]` jsonata-js reads `/` in operand position: a regex that never ends.
        assert_eq!(error("a[] / 2").0, "S0302");
    }

    #[test]
    fn depth_limit() {
        let deep = "(".repeat(300) + "1" + &")".repeat(300);
        let (code, offset, message) = error(&deep);
        assert_eq!(code, TOO_DEEP);
        assert_eq!(offset, 200);
        assert_eq!(
            message,
            "expression nested too deeply: more than 200 levels of brackets or operators"
        );
        let ok = "(".repeat(150) + "1" + &")".repeat(150);
        assert!(parse(&ok).is_ok());
        // Long flat chains are not nesting.
        let chain = vec!["1"; 5000].join(" + ");
        assert!(parse(&chain).is_ok());
    }

    #[test]
    fn regex_syntax() {
        assert_eq!(
            error("$match(a, /+x/)"),
            (
                BAD_REGEX,
                11,
                "invalid regular expression `/+x/`: nothing to repeat before `+`".to_string()
            )
        );
        assert_eq!(error("$match(a, /a{3,2}/)").0, BAD_REGEX);
        assert_eq!(error("$match(a, /(]/)").0, BAD_REGEX);
        assert_eq!(error("$match(a, /[)/)").0, BAD_REGEX);
        assert_eq!(error("$match(a, /(?x)/)").0, BAD_REGEX);
        assert_eq!(error("$match(a, /[z-a]/)").1, 14);
        assert_eq!(error("$match(a, /^*/)").0, BAD_REGEX);
        // Annex B leniency: these are valid JavaScript.
        for ok in [
            "/a{/",
            "/}/",
            "/x{a}/",
            "/(?=a)*/",
            "/a{2}?/",
            "/[a-z-0]/",
            "/[\\d-z]/",
            "/\\k/",
            "/(?<y>a)\\k<y>/",
            "/\\u{12}/",
            "/[\\]]/",
            "/[\\(]/",
        ] {
            let src = format!("$match(a, {ok})");
            let result = parse(&src);
            // A `{`, `[` or `(` that jsonata-js counts as open hides the closing `/`.
            assert!(
                result.is_ok() || result.as_ref().is_err_and(|e| e.code == "S0302"),
                "{src}: {result:?}"
            );
        }
        assert!(parse("$match(a, /x{2}?/)").is_ok());
        assert!(parse("$match(a, /(?<y>a)\\k<y>/)").is_ok());
    }

    #[test]
    fn step_rules_apply_when_a_path_grows() {
        // jsonata-js applies its step rules to every step each time `.` extends a path, so a
        // first step that `#` or `^` wrapped is checked then, not before.
        assert_eq!(tree("1^(a)"), "(path 1 (sort <(path a)))");
        assert_eq!(error("1^(a).b").0, "S0213");
        assert_eq!(error("1#$i.b").0, "S0213");
        assert_eq!(tree("\"s\"#$i"), "(path \"s\"#$i)");
        assert_eq!(tree("\"s\"^(a).b"), "(path s (sort <(path a)) b)");
        assert_eq!(tree("$x[]^(a).b"), "(path! $x[] (sort <(path a)) b)");
        assert_eq!(tree("a@$x[].b"), "(path! a@$x[] b)[]");
        assert_eq!(tree("a@$x[]"), "(path a@$x[])[]");
        // A bare `%` predicate leaves its slot unresolved, and jsonata-js accepts it.
        assert_eq!(tree("$x[%]"), "$x?[%0]");
        assert_eq!(tree("$.a[%].b"), "(path $ a[%0] b)");
    }

    #[test]
    fn remaining_error_messages() {
        let cases: &[(&str, &str, usize, &str)] = &[
        (
            "a.`b",
            "S0105",
            2,
            "unterminated quoted name: the backtick opened here has no closing backtick",
        ),
        (
            "a{b: c}{d: e}",
            "S0210",
            7,
            "a step can have only one group-by `{…}`; wrap the grouped expression in parentheses to group its result again",
        ),
        (
            "items.0",
            "S0213",
            6,
            "the literal `0` cannot be used as a step of a path; to select an array item by position use a predicate, as in `items[0]`",
        ),
        (
            "a[0]@$x",
            "S0215",
            4,
            "the focus binding `@$x` must come before any predicate `[…]` on the same step",
        ),
        (
            "a^(b)@$x",
            "S0216",
            5,
            "the focus binding `@$x` must come before the order-by `^(…)` of the step",
        ),
        (
            "$sum(%.a)",
            "S0217",
            5,
            "the parent operator `%` has no parent to refer to here: it must follow the step whose parent it names, as in `items.price.%`",
        ),
        (
            "$.%",
            "S0217",
            2,
            "the parent operator `%` cannot be resolved: the step it climbs back to is `$`, which has no parent; `%` can only go back through field names, `*`, blocks and paths",
        ),
        (
            "$split(a, //)",
            "S0301",
            10,
            "empty regular expression `//`: a regex needs a pattern; for an empty string use `''`",
        ),
        (
            "$split(a, /x)",
            "S0302",
            10,
            "unterminated regular expression: no closing `/` (a `/` inside `(..)`, `[..]` or `{..}` does not close it)",
        ),
        (
            "a @",
            "S0214",
            3,
            "the right side of `@` must be a variable name starting with `$`, found the end of the expression",
        ),
        (
            "$match(a, /x/ii)",
            BAD_REGEX,
            13,
            "invalid regular expression flags `ii`: each flag may appear once",
        ),
        (
            "λ($a)<(ns-:n>{$a}",
            BAD_SIGNATURE,
            6,
            "in the signature `<(ns-:n>`, jsonata-js cannot compile the parameter types: range out of order in character class: `s-:`",
        ),
    ];
        for &(src, code, offset, message) in cases {
            assert_eq!(error(src), (code, offset, message.to_string()), "{src}");
        }
    }
}

/// Free variables, calls, top-level context references and the walker.
mod analysis {
    use builder_core::expr::jsonata::{
        calls, parse, top_level_references, variables, walk, ContextKind, ExprKind, Span,
    };

    fn vars(src: &str) -> Vec<String> {
        variables(&parse(src).unwrap())
            .into_iter()
            .map(|v| v.name)
            .collect()
    }

    fn call_list(src: &str) -> Vec<(String, usize)> {
        calls(&parse(src).unwrap())
            .into_iter()
            .map(|c| (c.name, c.args))
            .collect()
    }

    fn top(src: &str) -> Vec<ContextKind> {
        top_level_references(&parse(src).unwrap())
            .into_iter()
            .map(|r| r.kind)
            .collect()
    }

    #[test]
    fn free_variables() {
        assert_eq!(vars("$a + $b.c"), ["a", "b"]);
        assert_eq!(vars("$ + $$ + a"), Vec::<String>::new());
        assert_eq!(vars("$x + $x"), ["x", "x"]);
    }

    #[test]
    fn block_scoping() {
        assert_eq!(vars("($a := 1; $a + $b)"), ["b"]);
        // A read before the binding, or in the binding's own value, is free.
        assert_eq!(vars("($b := $a; $a := 1; $a)"), ["a"]);
        assert_eq!(vars("($a := $a + 1)"), ["a"]);
        // A binding in an inner block is not visible outside it.
        assert_eq!(vars("(($a := 1); $a)"), ["a"]);
        // An outer binding is visible inside later inner blocks.
        assert_eq!(vars("($a := 1; ($a))"), Vec::<String>::new());
        // A binding inside an argument binds in the enclosing block.
        assert_eq!(vars("($f($a := 1); $a)"), Vec::<String>::new());
        // The whole expression is a block too.
        assert_eq!(vars("$a := 1"), Vec::<String>::new());
    }

    #[test]
    fn lambdas() {
        assert_eq!(vars("function($x){ $x + $y }"), ["y"]);
        assert_eq!(vars("function($x){ $x }($x)"), ["x"]);
        // A body runs when called: it sees the enclosing block's later bindings, which is how
        // recursion works.
        assert_eq!(
            vars("($f := function($n){ $n > 0 ? $f($n - 1) : $m }; $m := 0; $f(3))"),
            Vec::<String>::new()
        );
        assert_eq!(vars("($f := function(){ $g }; $f())"), ["g"]);
        assert_eq!(vars("function(){ ($a := 1; $a) }"), Vec::<String>::new());
        assert_eq!(vars("(function(){ $a }; ($a := 1))"), ["a"]);
        // Transforms are evaluated when applied, like lambda bodies.
        assert_eq!(
            vars("($t := | a | {'x': $v} |; $v := 1; $t)"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn path_bindings() {
        assert_eq!(vars("a@$o.b[$o.x = 1].c#$i[$i > 0]"), Vec::<String>::new());
        assert_eq!(vars("a[$o].b@$o"), ["o"]);
        assert_eq!(vars("(a@$o.b; $o)"), ["o"]);
        assert_eq!(vars("a#$i{ $string($i): b }"), Vec::<String>::new());
        assert_eq!(vars("a[0]#$i.b[$i]"), Vec::<String>::new());
    }

    #[test]
    fn states_fields() {
        let e = parse("$states.input.order.id & $states.result & $states").unwrap();
        let v = variables(&e);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].name, "states");
        assert_eq!(v[0].span, Span::new(0, 7));
        let fields: Vec<_> = v[0].fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["input", "order", "id"]);
        assert_eq!(v[0].field().unwrap().span, Span::new(8, 13));
        assert_eq!(v[1].field().unwrap().name, "result");
        assert!(v[2].fields.is_empty());
        let v = variables(&parse("$states.input.items[0].price").unwrap());
        let fields: Vec<_> = v[0].fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(fields, ["input", "items", "price"]);
        let v = variables(&parse("$states.(input)").unwrap());
        assert!(v[0].fields.is_empty());
    }

    #[test]
    fn callees_are_not_variable_reads() {
        assert_eq!(vars("$sum($x)"), ["x"]);
        assert_eq!(vars("$x ~> $f"), ["x"]);
        // A function passed as a value is a read.
        assert_eq!(vars("$map($a, $string)"), ["a", "string"]);
    }

    #[test]
    fn call_references() {
        assert_eq!(
            call_list("$sum(a) + $count(b, c)"),
            [("sum".into(), 1), ("count".into(), 2)]
        );
        assert_eq!(call_list("$f()"), [("f".into(), 0)]);
        assert_eq!(call_list("a ~> $uppercase"), [("uppercase".into(), 1)]);
        assert_eq!(
            call_list("a ~> $substring(1) ~> $pad(5)"),
            [("substring".into(), 2), ("pad".into(), 2)]
        );
        assert_eq!(call_list("$substring(?, 1, 2)"), [("substring".into(), 3)]);
        let c = calls(&parse("x ~> $f(?)").unwrap());
        assert_eq!((c[0].args, c[0].partial, c[0].applied), (1, true, false));
        let c = calls(&parse("$states.input ~> $trim").unwrap());
        assert_eq!(c[0].span, Span::new(17, 22));
        assert!(c[0].applied);
        // Locally bound functions are not reported.
        assert_eq!(
            call_list("($f := function($x){$x}; $f(1))"),
            Vec::<(String, usize)>::new()
        );
        assert_eq!(
            call_list("function($g){ $g(1) }"),
            Vec::<(String, usize)>::new()
        );
        // Calls of something that is not a plain `$name`.
        assert_eq!(call_list("$fs[0](1)"), Vec::<(String, usize)>::new());
        assert_eq!(call_list("a.$lowercase()"), [("lowercase".into(), 0)]);
    }

    #[test]
    fn top_level_context() {
        use ContextKind::*;
        assert_eq!(top("$states.input.items[price > 10]"), []);
        assert_eq!(top("orderId"), [Field("orderId".into())]);
        assert_eq!(top("foo.bar"), [Field("foo".into())]);
        assert_eq!(top("$sum(price)"), [Field("price".into())]);
        assert_eq!(top("$.total"), [Context]);
        assert_eq!(top("$$.a"), [Root]);
        assert_eq!(top("$"), [Context]);
        assert_eq!(top("*"), [Wildcard]);
        assert_eq!(top("**.a"), [Descendant]);
        assert_eq!(top("[a, {'k': b}]"), [Field("a".into()), Field("b".into())]);
        assert_eq!(top("($x := 1; y)"), [Field("y".into())]);
        assert_eq!(top("c ? 1 : 2"), [Field("c".into())]);
        assert_eq!(top("function($v){ $v.a + b }"), [Field("b".into())]);
        assert_eq!(
            top("$states.input ~> $map(function($v){ $v * k })"),
            [Field("k".into())]
        );
        assert_eq!(top("$x ~> $f(a)"), [Field("a".into())]);
        // Contexts: later steps, predicates, order-by, group-by, transforms.
        assert_eq!(top("$x.a.b[c = $].(d)"), []);
        assert_eq!(top("$x^(a){b: $sum(c)}"), []);
        assert_eq!(top("$x.y[%.a = 1]"), []);
        assert_eq!(top("$states.input ~> | a | {'b': c} |"), []);
        assert_eq!(top("$x.(a; $)"), []);
        assert_eq!(top("$x[function(){ a }()]"), []);
        let r = top_level_references(&parse("1 + foo.bar").unwrap());
        assert_eq!(r[0].span, Span::new(4, 7));
        assert_eq!(
        r[0].message(),
        "reference to `foo` at the top level is not supported: Step Functions evaluates JSONata without an input document; use `$states.input.foo`"
    );
    }

    #[test]
    fn walker_visits_everything() {
        let e = parse("$a.b[c]{d: e}^(f) ~> $g(h, function($i){ j })").unwrap();
        let mut names = Vec::new();
        walk(&e, &mut |n| match &n.kind {
            ExprKind::Name(s) => names.push(s.clone()),
            ExprKind::Variable(s) => names.push(format!("${s}")),
            _ => {}
        });
        assert_eq!(names, ["$a", "b", "c", "f", "d", "e", "$g", "h", "j"]);
    }

    #[test]
    fn deep_chains_are_fine() {
        let src = vec!["$a"; 20_000].join(" + ");
        let e = parse(&src).unwrap();
        assert_eq!(variables(&e).len(), 20_000);
        let mut count = 0;
        walk(&e, &mut |_| count += 1);
        assert_eq!(count, 39_999);
        let src = "$f".to_string() + &"(1)".repeat(150);
        assert_eq!(calls(&parse(&src).unwrap()).len(), 1);
    }
}

/// The function table.
mod functions {
    use builder_core::expr::jsonata::functions::{
        check_call, lookup, suggest, unavailable, Origin, FUNCTIONS,
    };
    use builder_core::expr::jsonata::{calls, parse};

    fn arity(name: &str) -> (usize, Option<usize>) {
        let f = lookup(name).unwrap_or_else(|| panic!("{name} missing"));
        (f.min_args, f.max_args)
    }

    #[test]
    fn arities_follow_the_signatures() {
        assert_eq!(arity("sum"), (1, Some(1)));
        assert_eq!(arity("string"), (0, Some(2)));
        assert_eq!(arity("substring"), (1, Some(3)));
        assert_eq!(arity("$substring"), (1, Some(3)));
        assert_eq!(arity("match"), (1, Some(3)));
        assert_eq!(arity("replace"), (2, Some(4)));
        assert_eq!(arity("join"), (1, Some(2)));
        assert_eq!(arity("zip"), (1, None));
        assert_eq!(arity("reduce"), (2, Some(3)));
        assert_eq!(arity("sift"), (0, Some(2)));
        assert_eq!(arity("each"), (1, Some(2)));
        assert_eq!(arity("lookup"), (1, Some(2)));
        assert_eq!(arity("fromMillis"), (0, Some(3)));
        assert_eq!(arity("clone"), (0, Some(1)));
        assert_eq!(arity("now"), (0, Some(2)));
        assert_eq!(arity("millis"), (0, Some(0)));
        assert_eq!(arity("error"), (0, Some(1)));
        assert_eq!(arity("exists"), (1, Some(1)));
    }

    #[test]
    fn aws_functions() {
        assert_eq!(arity("partition"), (2, Some(2)));
        assert_eq!(arity("range"), (3, Some(3)));
        assert_eq!(arity("hash"), (2, Some(2)));
        assert_eq!(arity("random"), (0, Some(1)));
        assert_eq!(arity("uuid"), (0, Some(0)));
        assert_eq!(arity("parse"), (1, Some(1)));
        assert_eq!(lookup("random").unwrap().origin, Origin::Aws);
        assert_eq!(lookup("sum").unwrap().origin, Origin::Jsonata);
        assert!(lookup("eval").is_none());
        assert_eq!(
            unavailable("$eval"),
            Some("`$eval` is not available in AWS Step Functions; use `$parse`")
        );
    }

    #[test]
    fn table_is_complete_and_unique() {
        // The 63 functions jsonata-js 2.0.6 registers, without `$eval`, `$random` redefined by
        // AWS; `$now` and `$millis`; the 5 new AWS functions.
        assert_eq!(FUNCTIONS.len(), 63 - 1 + 2 + 5);
        for (i, f) in FUNCTIONS.iter().enumerate() {
            assert!(
                FUNCTIONS[..i].iter().all(|g| g.name != f.name),
                "{} twice",
                f.name
            );
            assert!(f.usage.starts_with(&format!("${}(", f.name)), "{}", f.usage);
            assert!(f.max_args.is_none_or(|m| m >= f.min_args));
        }
    }

    #[test]
    fn checking_calls() {
        let check = |src: &str| {
            let e = parse(src).unwrap();
            calls(&e)
                .iter()
                .map(check_call)
                .map(|r| r.map(|f| f.name))
                .collect::<Vec<_>>()
        };
        assert_eq!(check("$substring('abc', 1)"), [Ok("substring")]);
        assert_eq!(
            check("$substring('abc', 1, 2, 3)"),
            [Err(
                "`$substring` takes 1 to 3 arguments (`$substring(str, start[, length])`), found 4"
                    .to_string()
            )]
        );
        assert_eq!(
            check("$uuid(1)"),
            [Err(
                "`$uuid` takes no arguments (`$uuid()`), found 1".to_string()
            )]
        );
        assert_eq!(
            check("$partition([1])"),
            [Err(
                "`$partition` takes 2 arguments (`$partition(array, size)`), found 1".to_string()
            )]
        );
        assert_eq!(
            check("$zip()"),
            [Err(
                "`$zip` takes at least 1 argument (`$zip(array1, array2, ...)`), found 0"
                    .to_string()
            )]
        );
        assert_eq!(check("'a' ~> $substring(1)"), [Ok("substring")]);
        assert_eq!(
            check("$eval('1')"),
            [Err(
                "`$eval` is not available in AWS Step Functions; use `$parse`".to_string()
            )]
        );
        assert_eq!(
            check("$sumx(a)"),
            [Err(
                "unknown function `$sumx`; did you mean `$sum`?".to_string()
            )]
        );
        assert_eq!(
            check("$frobnicate()"),
            [Err("unknown function `$frobnicate`".to_string())]
        );
        assert_eq!(suggest("uppercas"), Some("uppercase"));
        assert_eq!(suggest("TOMILLIS"), Some("toMillis"));
        assert_eq!(suggest(&"x".repeat(1000)), None);
    }
}
