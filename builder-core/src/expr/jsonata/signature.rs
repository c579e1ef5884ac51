//! Function signatures `<n-n?:n>`, parsed as jsonata-js's `signature.js` parses them: it
//! rejects only a type parameter on a type other than `a`/`f` (S0401), a parameterised type
//! inside a choice (S0402) and modifier runs that make its JavaScript regex invalid; every
//! other character is ignored.

use super::ast::{SigParam, Signature, Span};
use super::error::{floor_char_boundary, quote, Error, BAD_SIGNATURE};

/// Parses the signature `text` (which starts with `<`) found at `span` of `src`. `map` gives,
/// for each token the text was assembled from, its offset in `text` and in `src`, to point
/// errors at the source.
pub(super) fn parse(
    text: String,
    span: Span,
    map: &[(usize, usize)],
    src: &str,
) -> Result<Signature, Error> {
    match parse_params(&text) {
        Ok((params, result)) => Ok(Signature {
            text,
            span,
            params,
            result,
        }),
        Err(mut e) => {
            let (t, s) = map
                .iter()
                .rev()
                .find(|(t, _)| *t <= e.offset)
                .copied()
                .unwrap_or((0, span.start));
            e.offset = floor_char_boundary(src, s.saturating_add(e.offset - t));
            Err(e)
        }
    }
}

/// The parameters of a signature such as `<s-nn?:s>`, for checking a call's
/// arguments; `None` if it does not parse.
#[cfg(feature = "run")]
pub(crate) fn params(text: &str) -> Option<Vec<SigParam>> {
    parse_params(text).ok().map(|(p, _)| p)
}

/// The parameters and result type of `text`. On error, `offset` is within `text`.
fn parse_params(text: &str) -> Result<(Vec<SigParam>, Option<String>), Error> {
    let b = text.as_bytes();
    let mut params: Vec<SigParam> = Vec::new();
    // jsonata-js appends a regex quantifier per modifier; keep them to check the result.
    let mut quantifiers: Vec<String> = Vec::new();
    let mut written: Vec<String> = Vec::new();
    // Modifiers written before any parameter apply to the parameter being built and are
    // then overwritten by it, except `-`.
    let mut pending_context = false;
    let mut result = None;
    let mut pos = 1;
    while pos < b.len() {
        let c = b.get(pos).copied().unwrap_or(b'>');
        match c {
            b':' => {
                let rest = text.get(pos + 1..).unwrap_or("");
                result = Some(rest.strip_suffix('>').unwrap_or(rest).to_string());
                break;
            }
            b's' | b'n' | b'b' | b'l' | b'o' | b'a' | b'f' | b'j' | b'x' => {
                params.push(param(char::from(c).to_string(), pending_context));
                quantifiers.push(String::new());
                written.push(String::new());
                pending_context = false;
            }
            b'-' | b'?' | b'+' => match (params.last_mut(), quantifiers.last_mut()) {
                (Some(p), Some(q)) => {
                    if let Some(w) = written.last_mut() {
                        w.push(char::from(c));
                    }
                    if c == b'-' {
                        p.use_context = true;
                    }
                    q.push(if c == b'+' { '+' } else { '?' });
                    p.optional = q.starts_with('?');
                    p.variadic = q.starts_with('+');
                }
                _ => pending_context |= c == b'-',
            },
            b'(' => {
                let end = closing(b, pos, b'(', b')');
                let choice = text.get(pos + 1..end).unwrap_or("");
                if choice.contains('<') {
                    return Err(Error::new(
                        "S0402",
                        pos,
                        format!(
                            "in the signature {}, the choice {} contains a parameterised type; choices can only list plain types such as `(sn)`",
                            quote(text),
                            quote(&format!("({choice})"))
                        ),
                    ));
                }
                params.push(param(format!("({choice})"), pending_context));
                quantifiers.push(String::new());
                written.push(String::new());
                pending_context = false;
                pos = end;
            }
            b'<' => match params.last_mut() {
                Some(p) if p.symbol == "a" || p.symbol == "f" => {
                    let end = closing(b, pos, b'<', b'>');
                    p.subtype = Some(text.get(pos + 1..end).unwrap_or("").to_string());
                    pos = end;
                }
                last => {
                    let after = last.map_or("nothing".to_string(), |p| quote(&p.symbol));
                    return Err(Error::new(
                        "S0401",
                        pos,
                        format!(
                            "in the signature {}, a type parameter `<…>` follows {after}; only `a` (array) and `f` (function) take type parameters",
                            quote(text)
                        ),
                    ));
                }
            },
            _ => {}
        }
        pos += 1;
    }
    for ((p, q), w) in params.iter().zip(&quantifiers).zip(&written) {
        if !matches!(q.as_str(), "" | "?" | "+" | "??" | "+?") {
            return Err(Error::new(
                BAD_SIGNATURE,
                0,
                format!(
                    "in the signature {}, the parameter {} has the modifiers {}, which jsonata-js cannot compile; use one of `?`, `-` or `+`",
                    quote(text),
                    quote(&p.symbol),
                    quote(w)
                ),
            ));
        }
    }
    // jsonata-js compiles the parameters into a JavaScript regex, one group per parameter
    // (a choice becomes a character class), which can itself be invalid: `<(ns-:n>`.
    let mut compiled = String::from("^");
    for (p, q) in params.iter().zip(&quantifiers) {
        let class = match p.symbol.as_str() {
            "a" | "x" => "[asnblfom]".to_string(),
            "j" => "[asnblom]".to_string(),
            "f" => "f".to_string(),
            s => match s.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
                Some(choice) => format!("[{choice}m]"),
                None => format!("[{s}m]"),
            },
        };
        compiled.push_str(&format!("({class}{q})"));
    }
    compiled.push('$');
    if let Err((_, problem)) = super::regex::check(&compiled) {
        return Err(Error::new(
            BAD_SIGNATURE,
            0,
            format!(
                "in the signature {}, jsonata-js cannot compile the parameter types: {problem}",
                quote(text)
            ),
        ));
    }
    Ok((params, result))
}

fn param(symbol: String, use_context: bool) -> SigParam {
    SigParam {
        symbol,
        subtype: None,
        optional: false,
        variadic: false,
        use_context,
    }
}

/// Index of the bracket closing the one at `start`, or the length if there is none.
fn closing(b: &[u8], start: usize, open: u8, close: u8) -> usize {
    let mut depth = 1usize;
    let mut pos = start;
    while pos < b.len() {
        pos += 1;
        match b.get(pos) {
            Some(&c) if c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(&c) if c == open => depth += 1,
            _ => {}
        }
    }
    pos
}
