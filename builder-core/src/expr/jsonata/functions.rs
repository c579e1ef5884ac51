//! The functions a JSONata expression can call in AWS Step Functions: the JSONata 2.0.6
//! built-ins (jsonata-js registers them with a signature each; `$now` and `$millis` are bound
//! per evaluation), minus `$eval`, plus the functions Step Functions adds (`$partition`,
//! `$range`, `$hash`, `$uuid`, `$parse`, and a `$random` that takes an optional seed).
//!
//! Argument counts come from the signatures: a parameter marked `?` may be omitted, one
//! marked `-` may be omitted and then defaults to the context item, `+` takes any number.

use super::analysis::CallRef;

/// Where a function comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A JSONata 2.0.6 built-in.
    Jsonata,
    /// Added (or redefined) by AWS Step Functions.
    Aws,
}

/// A callable function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// Without the `$`.
    pub name: &'static str,
    /// jsonata-js signature (for the AWS functions, one written in the same notation).
    pub signature: &'static str,
    /// How the function is written, for messages: `$substring(str, start[, length])`.
    pub usage: &'static str,
    /// Fewest arguments a call may pass: the parameters not marked `?` or `-`.
    pub min_args: usize,
    /// `None` when the last parameter takes any number of arguments.
    pub max_args: Option<usize>,
    /// JSONata built-in or Step Functions addition.
    pub origin: Origin,
}

/// Argument counts of a jsonata-js signature such as `<s-nn?:s>`.
const fn arity(sig: &str) -> (usize, Option<usize>) {
    let b = sig.as_bytes();
    let (mut min, mut max) = (0usize, 0usize);
    let mut variadic = false;
    let mut last_required = false;
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b':' => break,
            b's' | b'n' | b'b' | b'l' | b'o' | b'a' | b'f' | b'j' | b'x' | b'(' => {
                if b[i] == b'(' {
                    while i < b.len() && b[i] != b')' {
                        i += 1;
                    }
                }
                min += 1;
                max += 1;
                last_required = true;
            }
            b'<' => {
                // A type parameter: skip to the matching `>`.
                let mut depth = 0usize;
                while i < b.len() {
                    if b[i] == b'<' {
                        depth += 1;
                    } else if b[i] == b'>' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    i += 1;
                }
            }
            b'?' | b'-' if last_required => {
                min -= 1;
                last_required = false;
            }
            b'+' => variadic = true,
            _ => {}
        }
        i += 1;
    }
    (min, if variadic { None } else { Some(max) })
}

const fn def(
    name: &'static str,
    signature: &'static str,
    usage: &'static str,
    origin: Origin,
) -> Function {
    let (min_args, max_args) = arity(signature);
    Function {
        name,
        signature,
        usage,
        min_args,
        max_args,
        origin,
    }
}

const fn js(name: &'static str, signature: &'static str, usage: &'static str) -> Function {
    def(name, signature, usage, Origin::Jsonata)
}

const fn aws(name: &'static str, signature: &'static str, usage: &'static str) -> Function {
    def(name, signature, usage, Origin::Aws)
}

/// Every function available in Step Functions, in jsonata-js registration order, then the
/// AWS additions.
pub static FUNCTIONS: &[Function] = &[
    js("sum", "<a<n>:n>", "$sum(array)"),
    js("count", "<a:n>", "$count(array)"),
    js("max", "<a<n>:n>", "$max(array)"),
    js("min", "<a<n>:n>", "$min(array)"),
    js("average", "<a<n>:n>", "$average(array)"),
    js("string", "<x-b?:s>", "$string(value[, prettify])"),
    js("substring", "<s-nn?:s>", "$substring(str, start[, length])"),
    js("substringBefore", "<s-s:s>", "$substringBefore(str, chars)"),
    js("substringAfter", "<s-s:s>", "$substringAfter(str, chars)"),
    js("lowercase", "<s-:s>", "$lowercase(str)"),
    js("uppercase", "<s-:s>", "$uppercase(str)"),
    js("length", "<s-:n>", "$length(str)"),
    js("trim", "<s-:s>", "$trim(str)"),
    js("pad", "<s-ns?:s>", "$pad(str, width[, char])"),
    js(
        "match",
        "<s-f<s:o>n?:a<o>>",
        "$match(str, pattern[, limit])",
    ),
    js("contains", "<s-(sf):b>", "$contains(str, pattern)"),
    js(
        "replace",
        "<s-(sf)(sf)n?:s>",
        "$replace(str, pattern, replacement[, limit])",
    ),
    js(
        "split",
        "<s-(sf)n?:a<s>>",
        "$split(str, separator[, limit])",
    ),
    js("join", "<a<s>s?:s>", "$join(array[, separator])"),
    js(
        "formatNumber",
        "<n-so?:s>",
        "$formatNumber(number, picture[, options])",
    ),
    js("formatBase", "<n-n?:s>", "$formatBase(number[, radix])"),
    js(
        "formatInteger",
        "<n-s:s>",
        "$formatInteger(number, picture)",
    ),
    js("parseInteger", "<s-s:n>", "$parseInteger(string, picture)"),
    js("number", "<(nsb)-:n>", "$number(value)"),
    js("floor", "<n-:n>", "$floor(number)"),
    js("ceil", "<n-:n>", "$ceil(number)"),
    js("round", "<n-n?:n>", "$round(number[, precision])"),
    js("abs", "<n-:n>", "$abs(number)"),
    js("sqrt", "<n-:n>", "$sqrt(number)"),
    js("power", "<n-n:n>", "$power(base, exponent)"),
    js("boolean", "<x-:b>", "$boolean(value)"),
    js("not", "<x-:b>", "$not(value)"),
    js("map", "<af>", "$map(array, function)"),
    js("zip", "<a+>", "$zip(array1, array2, ...)"),
    js("filter", "<af>", "$filter(array, function)"),
    js("single", "<af?>", "$single(array[, function])"),
    js("reduce", "<afj?:j>", "$reduce(array, function[, init])"),
    js("sift", "<o-f?:o>", "$sift(object, function)"),
    js("keys", "<x-:a<s>>", "$keys(object)"),
    js("lookup", "<x-s:x>", "$lookup(object, key)"),
    js("append", "<xx:a>", "$append(array1, array2)"),
    js("exists", "<x:b>", "$exists(value)"),
    js("spread", "<x-:a<o>>", "$spread(object)"),
    js("merge", "<a<o>:o>", "$merge(objects)"),
    js("reverse", "<a:a>", "$reverse(array)"),
    js("each", "<o-f:a>", "$each(object, function)"),
    js("error", "<s?:x>", "$error([message])"),
    js("assert", "<bs?:x>", "$assert(condition[, message])"),
    js("type", "<x:s>", "$type(value)"),
    js("sort", "<af?:a>", "$sort(array[, function])"),
    js("shuffle", "<a:a>", "$shuffle(array)"),
    js("distinct", "<x:x>", "$distinct(array)"),
    js("base64encode", "<s-:s>", "$base64encode(str)"),
    js("base64decode", "<s-:s>", "$base64decode(str)"),
    js("encodeUrlComponent", "<s-:s>", "$encodeUrlComponent(str)"),
    js("encodeUrl", "<s-:s>", "$encodeUrl(str)"),
    js("decodeUrlComponent", "<s-:s>", "$decodeUrlComponent(str)"),
    js("decodeUrl", "<s-:s>", "$decodeUrl(str)"),
    js("toMillis", "<s-s?:n>", "$toMillis(timestamp[, picture])"),
    js(
        "fromMillis",
        "<n-s?s?:s>",
        "$fromMillis(number[, picture[, timezone]])",
    ),
    js("clone", "<(oa)-:o>", "$clone(value)"),
    js("now", "<s?s?:s>", "$now([picture[, timezone]])"),
    js("millis", "<:n>", "$millis()"),
    aws("partition", "<an:a>", "$partition(array, size)"),
    aws("range", "<nnn:a<n>>", "$range(start, end, step)"),
    aws("hash", "<ss:s>", "$hash(data, algorithm)"),
    aws("random", "<n?:n>", "$random([seed])"),
    aws("uuid", "<:s>", "$uuid()"),
    aws("parse", "<s:x>", "$parse(jsonString)"),
];

/// The function called `name` (with or without the `$`).
pub fn lookup(name: &str) -> Option<&'static Function> {
    let name = name.strip_prefix('$').unwrap_or(name);
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Why a JSONata built-in cannot be called in Step Functions, for the ones that cannot.
pub fn unavailable(name: &str) -> Option<&'static str> {
    match name.strip_prefix('$').unwrap_or(name) {
        "eval" => Some("`$eval` is not available in AWS Step Functions; use `$parse`"),
        _ => None,
    }
}

impl Function {
    /// `Err` with a message when `n` arguments do not fit.
    pub fn check_arity(&self, n: usize) -> Result<(), String> {
        let fits = n >= self.min_args && self.max_args.is_none_or(|max| n <= max);
        if fits {
            return Ok(());
        }
        let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
        let takes = match (self.min_args, self.max_args) {
            (0, Some(0)) => "takes no arguments".to_string(),
            (min, Some(max)) if min == max => format!("takes {min} {}", plural(min)),
            (min, Some(max)) => format!("takes {min} to {max} arguments"),
            (min, None) => format!("takes at least {min} {}", plural(min)),
        };
        Err(format!(
            "`${}` {takes} (`{}`), found {n}",
            self.name, self.usage
        ))
    }
}

/// Checks a call found by [`super::analysis::calls`]: the function exists in Step Functions
/// and accepts that many arguments. The message suggests a close name for unknown ones.
pub fn check_call(call: &CallRef) -> Result<&'static Function, String> {
    if let Some(why) = unavailable(&call.name) {
        return Err(why.to_string());
    }
    match lookup(&call.name) {
        Some(f) => f.check_arity(call.args).map(|()| f),
        None => {
            let mut message = format!("unknown function `${}`", call.name);
            if let Some(s) = suggest(&call.name) {
                message.push_str(&format!("; did you mean `${s}`?"));
            }
            Err(message)
        }
    }
}

/// The function name closest to `name`, if one is close enough to be a likely typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    let name = name.strip_prefix('$').unwrap_or(name);
    crate::diag::suggest::closest(name, FUNCTIONS.iter().map(|f| f.name))
}
