//! jsonata-js's `signature.validate`: a call's arguments against the
//! function's signature.

use super::*;

/// The signature symbol of a value (jsonata-js `getSymbol`).
pub(super) fn symbol(v: &Value<'_>) -> char {
    match v {
        Value::Undefined => 'm',
        Value::Function(_) => 'f',
        Value::String(_) => 's',
        Value::Number(_) => 'n',
        Value::Bool(_) => 'b',
        Value::Null => 'l',
        Value::Array(_) => 'a',
        Value::Object(_) => 'o',
    }
}

/// The symbols a parameter accepts (jsonata-js's per-parameter regex).
pub(super) fn accepts(p: &SigParam) -> &str {
    match p.symbol.as_str() {
        "s" => "sm",
        "n" => "nm",
        "b" => "bm",
        "l" => "lm",
        "o" => "om",
        "a" | "x" => "asnblfom",
        "j" => "asnblom",
        "f" => "f",
        s => s,
    }
}

/// jsonata-js `signature.validate`: matches the arguments' symbols against
/// the parameters (backtracking over optional and variadic ones), puts the
/// context in for an omitted `-` parameter, wraps non-arrays for `a`.
pub(super) fn validate<'a>(
    params: &[SigParam],
    args: Vec<Value<'a>>,
    context: &Value<'a>,
    name: &str,
) -> Result<Vec<Value<'a>>> {
    let symbols: Vec<char> = args.iter().map(symbol).collect();
    // counts[i]: how many arguments parameter i takes.
    pub(super) fn fit(params: &[SigParam], symbols: &[char], counts: &mut Vec<usize>) -> bool {
        let Some((p, rest)) = params.split_first() else {
            return symbols.is_empty();
        };
        let set = accepts(p);
        let ok = |c: &char| set.contains(*c) || (p.symbol.starts_with('(') && *c == 'm');
        let max = if p.variadic {
            symbols.iter().take_while(|c| ok(c)).count()
        } else {
            usize::from(symbols.first().is_some_and(ok))
        };
        let min = usize::from(!(p.optional || p.use_context));
        let mut n = max;
        loop {
            if n < min {
                return false;
            }
            counts.push(n);
            if fit(rest, &symbols[n..], counts) {
                return true;
            }
            counts.pop();
            if n == 0 {
                return false;
            }
            n -= 1;
        }
    }
    let mut counts = Vec::with_capacity(params.len());
    if !fit(params, &symbols, &mut counts) {
        // The first argument that does not fit its parameter.
        let index = args
            .iter()
            .zip(params)
            .position(|(a, p)| !accepts(p).contains(symbol(a)))
            .unwrap_or(args.len().min(params.len()));
        return Err(Error::new(
            "T0410",
            format!(
                "Argument {} of function \"{name}\" does not match function signature",
                index + 1
            ),
        ));
    }
    let mut out = Vec::with_capacity(params.len());
    let mut supplied = args.into_iter();
    let mut omitted_tail = 0;
    for (p, n) in params.iter().zip(counts) {
        if n == 0 {
            if p.use_context {
                let set = accepts(p);
                if !set.contains(symbol(context)) {
                    return Err(Error::new(
                        "T0411",
                        format!("Context value is not a compatible type with argument {} of function \"{name}\"", out.len() + 1),
                    ));
                }
                out.push(as_param(p, context.clone(), name, out.len())?);
                omitted_tail = 0;
            } else {
                out.push(Value::Undefined);
                omitted_tail += 1;
            }
            continue;
        }
        for _ in 0..n {
            let v = supplied.next().unwrap_or_default();
            out.push(as_param(p, v, name, out.len())?);
        }
        omitted_tail = 0;
    }
    out.truncate(out.len() - omitted_tail);
    Ok(out)
}

/// An argument for an `a` parameter: a one-item array unless it is one;
/// items of the subtype's kind (`a<n>`), else T0412.
pub(super) fn as_param<'a>(
    p: &SigParam,
    v: Value<'a>,
    name: &str,
    index: usize,
) -> Result<Value<'a>> {
    if p.symbol != "a" || v.is_undefined() {
        return Ok(v);
    }
    let v = match v {
        Value::Array(a) => Value::Array(a),
        other => Value::array(vec![other]),
    };
    if let (Some(sub), Value::Array(a)) = (&p.subtype, &v) {
        let want = sub.chars().next().unwrap_or('x');
        if want != 'x' && a.items.iter().any(|i| symbol(i) != want) {
            return Err(Error::new(
                "T0412",
                format!(
                    "Argument {} of function \"{name}\" must be an array of {}",
                    index + 1,
                    match want {
                        'n' => "numbers",
                        's' => "strings",
                        'b' => "booleans",
                        'o' => "objects",
                        'a' => "arrays",
                        'f' => "functions",
                        _ => "values",
                    }
                ),
            ));
        }
    }
    Ok(v)
}
