//! Boolean, array, object and higher-order built-ins, as jsonata-js 2.0.6's
//! `functions.js` defines them (return shapes included: a sequence where it
//! builds one, a plain array where it concatenates), plus Step Functions'
//! `$partition`.

use super::super::value::{append, js_cmp, lookup, Error, Func, Host, Result, Value};
use super::arg;

pub(super) fn call<'a>(
    name: &str,
    args: &[Value<'a>],
    host: &mut dyn Host<'a>,
) -> Option<Result<Value<'a>>> {
    let a0 = arg(args, 0);
    let a1 = arg(args, 1);
    Some(match name {
        "boolean" => Ok(boolean(a0).map_or(Value::Undefined, Value::Bool)),
        "not" => Ok(boolean(a0).map_or(Value::Undefined, |b| Value::Bool(!b))),
        "exists" => Ok(Value::Bool(!a0.is_undefined())),
        "type" => Ok(match a0 {
            Value::Undefined => Value::Undefined,
            v => Value::string(v.type_name()),
        }),
        "map" => map(a0, a1, host),
        "filter" => filter(a0, a1, host),
        "single" => single(a0, a1, host),
        "zip" => Ok(zip(args)),
        "reduce" => reduce(a0, a1, arg(args, 2), host),
        "sift" => sift(a0, a1, host),
        "each" => each(a0, a1, host),
        "keys" => Ok(keys(a0)),
        // JavaScript's `obj[undefined]` reads the key "undefined".
        "lookup" => Ok(lookup(a0, a1.as_str().unwrap_or("undefined"))),
        "append" => Ok(append(a0.clone(), a1.clone())),
        "spread" => Ok(spread(a0)),
        "merge" => Ok(merge(a0)),
        "reverse" => Ok(reverse(a0)),
        "error" => Err(Error::new(
            "D3137",
            message_or(a0, "$error() function evaluated"),
        )),
        "assert" => match a0 {
            Value::Bool(true) => Ok(Value::Undefined),
            _ => Err(Error::new(
                "D3141",
                message_or(a1, "$assert() statement failed"),
            )),
        },
        "sort" => sort(a0, a1, host),
        "shuffle" => Ok(shuffle(a0, host)),
        "distinct" => Ok(distinct(a0)),
        "clone" => Ok(match a0 {
            Value::Undefined => Value::Undefined,
            // jsonata-js stringifies an outer wrapper's item, not the wrapper.
            Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => clone(&a.items[0]),
            v => clone(v),
        }),
        "partition" => partition(a0, a1),
        _ => return None,
    })
}

/// The message of `$error`/`$assert`: jsonata-js uses the default for any
/// falsy message (absent or empty).
fn message_or(message: &Value, default: &str) -> String {
    match message.as_str() {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => default.to_owned(),
    }
}

/// jsonata-js `boolean`: undefined stays undefined; an array is true if any
/// item is; functions are false.
fn boolean(v: &Value) -> Option<bool> {
    Some(match v {
        Value::Undefined => return None,
        Value::Null | Value::Function(_) => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.items.iter().any(|item| boolean(item) == Some(true)),
        Value::Object(pairs) => !pairs.is_empty(),
    })
}

/// JavaScript truthiness (what `if (x)` sees), for the result of a `$sort`
/// comparator: unlike JSONata's, any array or object is true.
fn js_truthy(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) | Value::Function(_) => true,
    }
}

/// How many arguments a function value takes (jsonata-js
/// `getFunctionArity`), so higher-order functions pass no more than that.
fn arity(f: &Value) -> usize {
    match f {
        // jsonata-js counts the JavaScript parameters; `$string`'s second one
        // has a default value, so JavaScript does not count it.
        Value::Function(func) if matches!(**func, Func::Builtin("string")) => 1,
        Value::Function(func) => func.arity(),
        _ => 0,
    }
}

/// Calls `func` with the value, then the position and the whole structure as
/// far as its arity allows (jsonata-js `hofFuncArgs`).
fn call_hof<'a>(
    host: &mut dyn Host<'a>,
    func: &Value<'a>,
    value: Value<'a>,
    position: Value<'a>,
    whole: &Value<'a>,
) -> Result<Value<'a>> {
    let n = arity(func);
    let mut args = vec![value];
    if n >= 2 {
        args.push(position);
    }
    if n >= 3 {
        args.push(whole.clone());
    }
    host.apply(func, args)
}

fn map<'a>(arr: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = Vec::new();
    for (i, item) in arr.items().into_iter().enumerate() {
        let r = call_hof(host, func, item, Value::Number(i as f64), arr)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

fn filter<'a>(arr: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = Vec::new();
    for (i, item) in arr.items().into_iter().enumerate() {
        let r = call_hof(host, func, item.clone(), Value::Number(i as f64), arr)?;
        if boolean(&r) == Some(true) {
            out.push(item);
        }
    }
    Ok(Value::sequence(out))
}

fn single<'a>(arr: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut found = None;
    for (i, item) in arr.items().into_iter().enumerate() {
        let matched = func.is_undefined()
            || boolean(&call_hof(
                host,
                func,
                item.clone(),
                Value::Number(i as f64),
                arr,
            )?) == Some(true);
        if matched {
            if found.is_some() {
                return Err(Error::new(
                    "D3138",
                    "The $single() function expected exactly 1 matching result.  Instead it matched more.",
                ));
            }
            found = Some(item);
        }
    }
    found.ok_or_else(|| {
        Error::new(
            "D3139",
            "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
        )
    })
}

/// Tuples of the items at each position, as long as the shortest array.
fn zip<'a>(args: &[Value<'a>]) -> Value<'a> {
    let len = args
        .iter()
        .map(|a| a.as_array().map_or(0, |a| a.items.len()))
        .min()
        .unwrap_or(0);
    let tuples = (0..len)
        .map(|i| {
            let tuple = args
                .iter()
                .filter_map(|a| a.as_array().and_then(|a| a.items.get(i)).cloned())
                .collect();
            Value::array(tuple)
        })
        .collect();
    Value::array(tuples)
}

/// jsonata-js `foldLeft`: without an initial value the first item starts
/// the accumulator.
fn reduce<'a>(
    seq: &Value<'a>,
    func: &Value<'a>,
    init: &Value<'a>,
    host: &mut dyn Host<'a>,
) -> Result<Value<'a>> {
    if seq.is_undefined() {
        return Ok(Value::Undefined);
    }
    let n = arity(func);
    if n < 2 {
        return Err(Error::new(
            "D3050",
            "The second argument of reduce function must be a function with at least two arguments",
        ));
    }
    let items = seq.items();
    let (mut acc, start) = match (init, items.first()) {
        (Value::Undefined, Some(first)) => (first.clone(), 1),
        _ => (init.clone(), 0),
    };
    for (i, item) in items.iter().enumerate().skip(start) {
        let mut args = vec![acc, item.clone()];
        if n >= 3 {
            args.push(Value::Number(i as f64));
        }
        if n >= 4 {
            args.push(seq.clone());
        }
        acc = host.apply(func, args)?;
    }
    Ok(acc)
}

/// The fields of an object (empty for anything else).
fn fields<'b, 'a>(v: &'b Value<'a>) -> &'b [(String, Value<'a>)] {
    match v {
        Value::Object(pairs) => pairs,
        _ => &[],
    }
}

fn sift<'a>(obj: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    let mut out = Vec::new();
    for (k, v) in fields(obj) {
        let r = call_hof(host, func, v.clone(), Value::string(k), obj)?;
        if boolean(&r) == Some(true) {
            out.push((k.clone(), v.clone()));
        }
    }
    // jsonata-js turns an empty result into undefined.
    Ok(if out.is_empty() {
        Value::Undefined
    } else {
        Value::object(out)
    })
}

fn each<'a>(obj: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    let mut out = Vec::new();
    for (k, v) in fields(obj) {
        let r = call_hof(host, func, v.clone(), Value::string(k), obj)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

/// The keys of an object, or the distinct keys of an array's objects.
fn keys<'a>(v: &Value<'a>) -> Value<'a> {
    let mut out: Vec<Value<'a>> = Vec::new();
    match v {
        Value::Array(a) => {
            for key in a.items.iter().flat_map(|item| keys(item).items()) {
                if !out.iter().any(|seen| seen.deep_eq(&key)) {
                    out.push(key);
                }
            }
        }
        _ => out.extend(fields(v).iter().map(|(k, _)| Value::string(k))),
    }
    Value::sequence(out)
}

/// An object as a sequence of one-field objects; arrays spread each item.
fn spread<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Array(a) => a
            .items
            .iter()
            .fold(Value::sequence(Vec::new()), |acc, item| {
                append(acc, spread(item))
            }),
        Value::Object(pairs) => Value::sequence(
            pairs
                .iter()
                .map(|(k, v)| Value::object(vec![(k.clone(), v.clone())]))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Later objects' fields override earlier ones (in the first one's place,
/// as assigning an existing JavaScript property keeps its position).
fn merge<'a>(arg: &Value<'a>) -> Value<'a> {
    if arg.is_undefined() {
        return Value::Undefined;
    }
    let mut out: Vec<(String, Value<'a>)> = Vec::new();
    for obj in arg.items() {
        for (k, v) in fields(&obj) {
            match out.iter_mut().find(|(key, _)| key == k) {
                Some(slot) => slot.1 = v.clone(),
                None => out.push((k.clone(), v.clone())),
            }
        }
    }
    Value::object(out)
}

fn reverse<'a>(arr: &Value<'a>) -> Value<'a> {
    match arr {
        Value::Array(a) if a.items.len() > 1 => {
            Value::array(a.items.iter().rev().cloned().collect())
        }
        other => other.clone(),
    }
}

/// jsonata-js's stable merge sort; `comes_after(a, b)` true means b goes
/// first. The same comparisons in the same order as jsonata-js.
fn merge_sort<'a>(
    items: Vec<Value<'a>>,
    comes_after: &mut dyn FnMut(&Value<'a>, &Value<'a>) -> Result<bool>,
) -> Result<Vec<Value<'a>>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort(left, comes_after)?;
    let right = merge_sort(right, comes_after)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let next = if comes_after(a, b)? {
            r.next()
        } else {
            l.next()
        };
        out.extend(next);
    }
    out.extend(l);
    out.extend(r);
    Ok(out)
}

fn sort<'a>(arr: &Value<'a>, func: &Value<'a>, host: &mut dyn Host<'a>) -> Result<Value<'a>> {
    let Value::Array(a) = arr else {
        return Ok(arr.clone());
    };
    if a.items.len() <= 1 {
        return Ok(arr.clone());
    }
    let items = a.items.clone();
    let sorted = if func.is_undefined() {
        let numbers = items.iter().all(|v| matches!(v, Value::Number(_)));
        let strings = items.iter().all(|v| matches!(v, Value::String(_)));
        if !numbers && !strings {
            return Err(Error::new(
                "D3070",
                "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
            ));
        }
        merge_sort(items, &mut |a, b| {
            Ok(match (a, b) {
                (Value::Number(x), Value::Number(y)) => x > y,
                (Value::String(x), Value::String(y)) => js_cmp(x, y).is_gt(),
                _ => false,
            })
        })?
    } else {
        merge_sort(items, &mut |a, b| {
            Ok(js_truthy(&host.apply(func, vec![a.clone(), b.clone()])?))
        })?
    };
    Ok(Value::array(sorted))
}

/// Inside-out Fisher–Yates, as jsonata-js does it, with the host's random
/// numbers.
fn shuffle<'a>(arr: &Value<'a>, host: &mut dyn Host<'a>) -> Value<'a> {
    let Value::Array(a) = arr else {
        return arr.clone();
    };
    if a.items.len() <= 1 {
        return arr.clone();
    }
    let mut out: Vec<Value<'a>> = Vec::with_capacity(a.items.len());
    for (i, item) in a.items.iter().enumerate() {
        // `min` guards against a random() of exactly 1.
        let j = ((host.random() * (i + 1) as f64).floor() as usize).min(i);
        if j == i {
            out.push(item.clone());
        } else {
            let moved = std::mem::replace(&mut out[j], item.clone());
            out.push(moved);
        }
    }
    Value::array(out)
}

/// Keeps the first of deep-equal items; a sequence stays a sequence.
fn distinct<'a>(arr: &Value<'a>) -> Value<'a> {
    let Value::Array(a) = arr else {
        return arr.clone();
    };
    if a.items.len() <= 1 {
        return arr.clone();
    }
    let mut out: Vec<Value<'a>> = Vec::new();
    for item in &a.items {
        if !out.iter().any(|seen| seen.deep_eq(item)) {
            out.push(item.clone());
        }
    }
    if a.sequence {
        Value::sequence(out)
    } else {
        Value::array(out)
    }
}

/// `JSON.parse($string(v))`: numbers to 15 significant digits, functions to
/// `""`, undefined fields dropped and undefined items null, flags gone.
fn clone<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Undefined => Value::Null,
        Value::Function(_) => Value::string(""),
        Value::Number(n) => Value::Number(precision15(*n)),
        Value::Array(a) => Value::array(a.items.iter().map(clone).collect()),
        Value::Object(pairs) => Value::object(
            pairs
                .iter()
                .filter(|(_, v)| !v.is_undefined())
                .map(|(k, v)| (k.clone(), clone(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// JavaScript's `Number(n.toPrecision(15))`.
fn precision15(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// Step Functions' `$partition(array, size)`: consecutive chunks of `size`
/// items, the last one possibly shorter; the size must be a positive
/// integer.
fn partition<'a>(arr: &Value<'a>, size: &Value<'a>) -> Result<Value<'a>> {
    if arr.is_undefined() {
        return Ok(Value::Undefined);
    }
    let size = match size {
        Value::Number(n) if *n >= 1.0 && n.fract() == 0.0 => *n,
        Value::Undefined => return Ok(Value::Undefined),
        other => {
            let shown = match other {
                Value::Number(n) => super::super::value::js_number(*n),
                v => v.type_name().to_owned(),
            };
            // Step Functions reports it as a query evaluation error.
            return Err(Error::new(
                "States.QueryEvaluationError",
                format!("The size argument of $partition must be a positive integer, not {shown}"),
            ));
        }
    };
    // A size beyond any array length is one chunk (no overflowing cast).
    let chunk = if size >= usize::MAX as f64 {
        usize::MAX
    } else {
        size as usize
    };
    let items = arr.items();
    Ok(Value::array(
        items
            .chunks(chunk)
            .map(|c| Value::array(c.to_vec()))
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::super::value::{Error, Func, Host, Result, Value};
    use std::rc::Rc;

    /// Applies test functions by name; partials fill their placeholders.
    struct TestHost {
        random: Vec<f64>,
        calls: usize,
    }

    impl<'a> Host<'a> for TestHost {
        fn apply(&mut self, func: &Value<'a>, args: Vec<Value<'a>>) -> Result<Value<'a>> {
            self.calls += 1;
            let Value::Function(f) = func else {
                return Err(Error::new("T1006", "not a function"));
            };
            let num = |i: usize| args.get(i).and_then(Value::as_number).unwrap_or(f64::NAN);
            match &**f {
                Func::Partial { func, args: slots } => {
                    let mut given = args.into_iter();
                    let full = slots
                        .iter()
                        .map(|s| {
                            s.clone()
                                .unwrap_or_else(|| given.next().unwrap_or_default())
                        })
                        .collect();
                    self.apply(func, full)
                }
                Func::Builtin("t_add") => Ok(Value::Number(num(0) + num(1))),
                Func::Builtin("t_gt") => Ok(Value::Bool(num(0) > num(1))),
                Func::Builtin("t_even") => Ok(Value::Bool(num(0) % 2.0 == 0.0)),
                Func::Builtin("t_args") => Ok(Value::array(args)),
                Func::Builtin("t_undef") => Ok(Value::Undefined),
                Func::Builtin("t_fail") => Err(Error::new("T0000", "fail")),
                Func::Builtin(name) => super::call(name, &args, self)
                    .unwrap_or_else(|| Err(Error::new("T1006", "unknown"))),
                _ => Err(Error::new("T1006", "unsupported")),
            }
        }
        fn now_millis(&self) -> f64 {
            1_767_225_600_000.0
        }
        fn random(&mut self) -> f64 {
            self.random.pop().unwrap_or(0.5)
        }
        fn uuid(&mut self) -> String {
            "00000000-0000-4000-8000-000000000000".into()
        }
    }

    fn host() -> TestHost {
        TestHost {
            random: Vec::new(),
            calls: 0,
        }
    }

    fn v(text: &str) -> Value<'static> {
        Value::from_json(&crate::json_serde::from_json_str(text).expect("test JSON"))
    }

    /// A test function taking `n` arguments (a partial with `n` holes).
    fn f(name: &'static str, n: usize) -> Value<'static> {
        Value::Function(Rc::new(Func::Partial {
            func: Value::Function(Rc::new(Func::Builtin(name))),
            args: vec![None; n],
        }))
    }

    fn builtin(name: &'static str) -> Value<'static> {
        Value::Function(Rc::new(Func::Builtin(name)))
    }

    /// The result as JSON text after jsonata-js's sequence normalisation.
    fn run(name: &str, args: Vec<Value<'static>>) -> String {
        match super::call(name, &args, &mut host()).expect("handled") {
            Ok(value) => show(value.normalized()),
            Err(e) => format!("error {}", e.code),
        }
    }

    fn show(value: Value) -> String {
        value
            .to_json()
            .map_or("undefined".into(), |j| j.to_json_string())
    }

    #[test]
    fn unknown_names_are_not_handled() {
        assert!(super::call("substring", &[], &mut host()).is_none());
    }

    #[test]
    fn boolean_and_not() {
        for (input, expected) in [
            ("\"\"", "false"),
            ("\"x\"", "true"),
            ("0", "false"),
            ("-0.5", "true"),
            ("null", "false"),
            ("[]", "false"),
            ("[0]", "false"),
            ("[0, \"\", 1]", "true"),
            ("[[], [false]]", "false"),
            ("{}", "false"),
            ("{\"a\": 0}", "true"),
        ] {
            assert_eq!(run("boolean", vec![v(input)]), expected, "{input}");
        }
        assert_eq!(run("boolean", vec![builtin("sum")]), "false");
        assert_eq!(run("boolean", vec![Value::Undefined]), "undefined");
        assert_eq!(run("not", vec![v("[1]")]), "false");
        assert_eq!(run("not", vec![Value::Undefined]), "undefined");
    }

    #[test]
    fn exists_and_type() {
        assert_eq!(run("exists", vec![Value::Undefined]), "false");
        assert_eq!(run("exists", vec![v("null")]), "true");
        assert_eq!(run("type", vec![Value::Undefined]), "undefined");
        assert_eq!(run("type", vec![v("null")]), "\"null\"");
        assert_eq!(run("type", vec![v("[1]")]), "\"array\"");
        assert_eq!(run("type", vec![builtin("sum")]), "\"function\"");
    }

    #[test]
    fn map_passes_as_many_arguments_as_the_function_takes() {
        assert_eq!(run("map", vec![v("[1,2]"), f("t_args", 1)]), "[[1],[2]]");
        assert_eq!(
            run("map", vec![v("[1,2]"), f("t_args", 2)]),
            "[[1,0],[2,1]]"
        );
        assert_eq!(run("map", vec![v("[5]"), f("t_args", 3)]), "[5,0,[5]]");
        // A single result unwraps; undefined results drop out.
        assert_eq!(run("map", vec![v("[1]"), f("t_add", 2)]), "1");
        assert_eq!(run("map", vec![v("[1,2]"), f("t_undef", 1)]), "undefined");
        assert_eq!(
            run("map", vec![Value::Undefined, f("t_add", 2)]),
            "undefined"
        );
        assert_eq!(run("map", vec![v("[1]"), f("t_fail", 1)]), "error T0000");
        // `$string`'s JavaScript arity is 1: no index is passed to it.
        assert_eq!(
            super::arity(&builtin("string")),
            1,
            "$map([1,2], $string) must not pass the index as `prettify`"
        );
        assert_eq!(super::arity(&builtin("substring")), 3);
    }

    #[test]
    fn filter_and_single() {
        assert_eq!(run("filter", vec![v("[1,2,3,4]"), f("t_even", 1)]), "[2,4]");
        assert_eq!(run("filter", vec![v("[1,2,3]"), f("t_even", 1)]), "2");
        assert_eq!(run("filter", vec![v("[1,3]"), f("t_even", 1)]), "undefined");
        assert_eq!(run("single", vec![v("[1,2,3]"), f("t_even", 1)]), "2");
        assert_eq!(
            run("single", vec![v("[1,2,4]"), f("t_even", 1)]),
            "error D3138"
        );
        assert_eq!(
            run("single", vec![v("[1,3]"), f("t_even", 1)]),
            "error D3139"
        );
        assert_eq!(run("single", vec![v("[7]")]), "7");
        assert_eq!(run("single", vec![v("[7, 8]")]), "error D3138");
        assert_eq!(run("single", vec![Value::Undefined]), "undefined");
    }

    #[test]
    fn zip_stops_at_the_shortest() {
        assert_eq!(
            run("zip", vec![v("[1,2,3]"), v("[4,5]"), v("[6,7,8]")]),
            "[[1,4,6],[2,5,7]]"
        );
        assert_eq!(run("zip", vec![v("[1]")]), "[[1]]");
        assert_eq!(run("zip", vec![v("[1,2]"), Value::Undefined]), "[]");
    }

    #[test]
    fn reduce_folds_left() {
        assert_eq!(run("reduce", vec![v("[1,2,3]"), f("t_add", 2)]), "6");
        assert_eq!(
            run("reduce", vec![v("[1,2,3]"), f("t_add", 2), v("10")]),
            "16"
        );
        assert_eq!(run("reduce", vec![v("[]"), f("t_add", 2)]), "undefined");
        assert_eq!(run("reduce", vec![v("[]"), f("t_add", 2), v("3")]), "3");
        assert_eq!(
            run("reduce", vec![v("[1,2]"), f("t_add", 1)]),
            "error D3050"
        );
        assert_eq!(
            run("reduce", vec![v("[1,2,3]"), f("t_args", 4)]),
            "[[1,2,1,[1,2,3]],3,2,[1,2,3]]"
        );
    }

    #[test]
    fn objects_sift_each_keys_lookup() {
        let obj = v(r#"{"a":1,"b":2,"c":3}"#);
        assert_eq!(run("sift", vec![obj.clone(), f("t_even", 1)]), r#"{"b":2}"#);
        assert_eq!(run("sift", vec![v("{}"), f("t_even", 1)]), "undefined");
        assert_eq!(
            run("each", vec![obj.clone(), f("t_args", 2)]),
            r#"[[1,"a"],[2,"b"],[3,"c"]]"#
        );
        assert_eq!(run("keys", vec![obj.clone()]), r#"["a","b","c"]"#);
        assert_eq!(run("keys", vec![v(r#"{"a":1}"#)]), r#""a""#);
        assert_eq!(
            run("keys", vec![v(r#"[{"a":1,"b":2},{"b":1,"c":2},5]"#)]),
            r#"["a","b","c"]"#
        );
        assert_eq!(run("keys", vec![v("5")]), "undefined");
        assert_eq!(run("lookup", vec![obj, v("\"b\"")]), "2");
        assert_eq!(
            run(
                "lookup",
                vec![v(r#"[{"a":[1,2]},{"b":1},{"a":3}]"#), v("\"a\"")]
            ),
            "[1,2,3]"
        );
        assert_eq!(run("lookup", vec![v("5"), v("\"a\"")]), "undefined");
    }

    #[test]
    fn append_spread_merge_reverse() {
        assert_eq!(run("append", vec![v("[1,2]"), v("[3]")]), "[1,2,3]");
        assert_eq!(run("append", vec![v("1"), v("2")]), "[1,2]");
        assert_eq!(run("append", vec![Value::Undefined, v("2")]), "2");
        assert_eq!(run("append", vec![v("[1]"), Value::Undefined]), "[1]");
        // A plain array: a one-item result stays an array.
        assert_eq!(
            run("append", vec![Value::sequence(vec![]), v("[1]")]),
            "[1]"
        );
        assert_eq!(
            run("spread", vec![v(r#"{"a":1,"b":2}"#)]),
            r#"[{"a":1},{"b":2}]"#
        );
        assert_eq!(
            run("spread", vec![v(r#"[{"a":1},{"b":2},3]"#)]),
            r#"[{"a":1},{"b":2},3]"#
        );
        assert_eq!(run("spread", vec![v("\"x\"")]), r#""x""#);
        assert_eq!(
            run("merge", vec![v(r#"[{"a":1,"b":2},{"a":3,"c":4}]"#)]),
            r#"{"a":3,"b":2,"c":4}"#
        );
        assert_eq!(run("merge", vec![Value::Undefined]), "undefined");
        assert_eq!(run("merge", vec![v("[]")]), "{}");
        assert_eq!(run("reverse", vec![v("[1,2,3]")]), "[3,2,1]");
        assert_eq!(run("reverse", vec![v("[1]")]), "[1]");
        assert_eq!(run("reverse", vec![Value::Undefined]), "undefined");
    }

    #[test]
    fn error_and_assert() {
        let err = |name: &str, args: &[Value<'static>]| match super::call(name, args, &mut host()) {
            Some(Err(e)) => (e.code, e.message),
            other => panic!("expected an error, got {other:?}"),
        };
        assert_eq!(err("error", &[v("\"boom\"")]), ("D3137", "boom".into()));
        assert_eq!(
            err("error", &[]),
            ("D3137", "$error() function evaluated".into())
        );
        assert_eq!(run("assert", vec![v("true"), v("\"m\"")]), "undefined");
        assert_eq!(
            err("assert", &[v("false"), v("\"m\"")]),
            ("D3141", "m".into())
        );
        assert_eq!(
            err("assert", &[v("false")]),
            ("D3141", "$assert() statement failed".into())
        );
    }

    #[test]
    fn sort_is_a_stable_merge_sort() {
        assert_eq!(run("sort", vec![v("[3,1,2,1.5]")]), "[1,1.5,2,3]");
        assert_eq!(
            run("sort", vec![v(r#"["b","a","B","é","z"]"#)]),
            r#"["B","a","b","z","é"]"#
        );
        assert_eq!(run("sort", vec![v(r#"[1,"a"]"#)]), "error D3070");
        assert_eq!(run("sort", vec![v(r#"[{"a":1}]"#)]), r#"[{"a":1}]"#);
        assert_eq!(run("sort", vec![Value::Undefined]), "undefined");
        // Comparator `$a > $b` sorts ascending; true means swap.
        assert_eq!(
            run("sort", vec![v("[5,3,4,1,2]"), f("t_gt", 2)]),
            "[1,2,3,4,5]"
        );
        // Stability: equal keys keep their order.
        let items = v(r#"[{"k":2,"i":0},{"k":1,"i":1},{"k":2,"i":2},{"k":1,"i":3}]"#);
        let by_k = |a: &Value, b: &Value| {
            a.field("k").and_then(Value::as_number) > b.field("k").and_then(Value::as_number)
        };
        let sorted = super::merge_sort(items.items(), &mut |a, b| Ok(by_k(a, b))).expect("sorts");
        let order: Vec<f64> = sorted
            .iter()
            .filter_map(|x| x.field("i").and_then(Value::as_number))
            .collect();
        assert_eq!(order, [1.0, 3.0, 0.0, 2.0]);
        // Any truthy JavaScript value from the comparator swaps.
        assert_eq!(run("sort", vec![v("[1,2]"), f("t_args", 2)]), "[2,1]");
    }

    #[test]
    fn shuffle_uses_the_hosts_random_numbers() {
        let mut h = host();
        // Popped from the end: i=1 gets 0.0 (j=0), i=2 gets 0.99 (j=2).
        h.random = vec![0.99, 0.0, 0.3];
        let out = super::call("shuffle", &[v("[1,2,3]")], &mut h).expect("handled");
        assert_eq!(show(out.expect("shuffles")), "[2,1,3]");
        assert_eq!(run("shuffle", vec![v("[1]")]), "[1]");
        assert_eq!(run("shuffle", vec![Value::Undefined]), "undefined");
    }

    #[test]
    fn distinct_and_clone() {
        assert_eq!(
            run("distinct", vec![v(r#"[1,2,1,{"a":[1]},{"a":[1]},"1"]"#)]),
            r#"[1,2,{"a":[1]},"1"]"#
        );
        assert_eq!(run("distinct", vec![v("5")]), "5");
        let out = super::call(
            "distinct",
            &[Value::sequence(vec![v("1"), v("1")])],
            &mut host(),
        );
        assert!(matches!(out, Some(Ok(Value::Array(a))) if a.sequence && a.items.len() == 1));
        let with_fn = Value::object(vec![
            ("n".into(), Value::Number(0.1 + 0.2)),
            ("f".into(), builtin("sum")),
            ("u".into(), Value::Undefined),
            ("a".into(), Value::array(vec![Value::Undefined])),
        ]);
        assert_eq!(
            run("clone", vec![with_fn]),
            r#"{"n":0.3,"f":"","a":[null]}"#
        );
        assert_eq!(run("clone", vec![Value::Undefined]), "undefined");
    }

    #[test]
    fn partition_chunks_an_array() {
        assert_eq!(
            run("partition", vec![v("[1,2,3,4,5,6,7,8,9]"), v("4")]),
            "[[1,2,3,4],[5,6,7,8],[9]]"
        );
        assert_eq!(run("partition", vec![v("[1,2]"), v("5")]), "[[1,2]]");
        assert_eq!(run("partition", vec![v("[]"), v("2")]), "[]");
        assert_eq!(run("partition", vec![v("[1]"), v("1e300")]), "[[1]]");
        for bad in ["0", "-1", "1.5"] {
            assert_eq!(
                run("partition", vec![v("[1,2]"), v(bad)]),
                "error States.QueryEvaluationError",
                "{bad}"
            );
        }
    }
}
