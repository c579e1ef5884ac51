//! The built-in functions: JSONata 2.0.6's and those Step Functions adds.
//! The evaluator checks arguments against each function's signature
//! (`crate::expr::jsonata::functions`) before calling: a missing optional
//! argument is absent from `args`, an omitted `-` argument is the context
//! item, an `a` parameter given a non-array gets a one-item array, and each
//! argument has its parameter's type or is undefined.

mod arrays;
mod dates;
mod format_number;
mod integers;
mod numbers;
mod strings;

use super::value::{Host, Result, Value};

/// Longest text the formatting functions build.
const MAX_LEN: f64 = 1_000_000.0;

/// Calls the built-in `name` (without `$`) on checked arguments.
pub fn call<'a>(name: &str, args: &[Value<'a>], host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    if let Some(r) = strings::call(name, args, host) {
        return r;
    }
    if let Some(r) = numbers::call(name, args, host) {
        return r;
    }
    if let Some(r) = arrays::call(name, args, host) {
        return r;
    }
    if let Some(r) = dates::call(name, args, host) {
        return r;
    }
    Err(super::value::Error::new(
        "T1006",
        format!("`${name}` is not a function"),
    ))
}

/// The argument at `i`, undefined when absent.
pub(super) fn arg<'b, 'a>(args: &'b [Value<'a>], i: usize) -> &'b Value<'a> {
    match args.get(i) {
        Some(v) => v,
        None => const { &Value::Undefined },
    }
}
