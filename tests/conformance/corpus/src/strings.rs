//! Strings that YAML writers, YAML readers, JSON escaping and the validators'
//! own parsers tend to get wrong.

/// Text values: comments, `Result`, `Parameters` values, causes. None holds
/// `${` or `#{`: the Serverless Framework and the plugin resolve those in
/// values on purpose.
pub const TRICKY: &[&str] = &[
    "it's \"quoted\"",
    "'single'",
    "\"double\"",
    "key: value",
    "a: b: c",
    "# not a comment",
    "value #hash",
    "ünïcödé ✓ 日本語 🚀",
    "Ωmega ≠ αlpha",
    "yes",
    "no",
    "on",
    "off",
    "Y",
    "N",
    "true",
    "False",
    "null",
    "~",
    "123",
    "-17",
    "0.5",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    ".inf",
    ".NaN",
    "2024-01-01",
    "12:30:00",
    "*star",
    "&anchor",
    "!tag",
    "- dash",
    "-",
    "? question",
    "|pipe",
    ">folded",
    "%percent",
    "@at",
    "`backtick`",
    "{\"not\": \"json\"}",
    "[1, 2]",
    ", comma",
    "trailing space ",
    " leading space",
    "line one\nline two",
    "tab\there",
    "back\\slash",
    "",
    "---",
    "...",
    "<<",
    "=",
    "$ dollar",
    "$.not.a.path",
    "States.Format('not evaluated')",
    "{}",
];

/// Tricky state names (made unique by the caller). None is a structural key
/// (`Next`, `States`, ...), holds `${`, or ends in `Fallback`.
pub const TRICKY_NAMES: &[&str] = &[
    "Step: one",
    "quoted \"name\"",
    "it's",
    "#hash",
    "ünï ✓ 日本",
    "yes",
    "no",
    "null",
    "123",
    "-dash",
    "*star",
    "&amp",
    "!bang",
    "a.b",
    "$dollar",
    "with space",
    "[bracket]",
    "{brace}",
    "comma, too",
    "% per cent",
    "@home",
    "~tilde",
];

/// Strings allowed in a schedule's input, name-free: no `"`, `\` or control
/// characters (the plugin pastes them into a template unescaped).
pub fn schedule_safe(s: &str) -> bool {
    !s.chars().any(|c| c == '"' || c == '\\' || c.is_control())
}

/// Text without characters that need escaping inside an intrinsic string
/// literal (`'`, `{`, `}`, `\`) and without control characters.
pub fn intrinsic_safe(s: &str) -> bool {
    !s.chars()
        .any(|c| matches!(c, '\'' | '{' | '}' | '\\') || c.is_control())
}
