//! JSONata values as jsonata-js represents them: JSON plus `undefined`,
//! functions, and arrays that carry the flags of its sequences (a path's
//! results are a sequence; a one-item sequence reads as its item unless a
//! `[]` kept it an array).

use crate::expr::jsonata::ast;
use crate::json::{Json, Number};
use std::cell::RefCell;
use std::rc::Rc;

/// A value during evaluation. `'a` is the lifetime of the expression tree
/// (a lambda points into it).
#[derive(Clone, Debug, Default)]
pub enum Value<'a> {
    /// No value (a path that selects nothing).
    #[default]
    Undefined,
    Null,
    Bool(bool),
    /// JSONata numbers are doubles; never NaN or infinite (an operation
    /// that would give one is error D1001).
    Number(f64),
    String(Rc<str>),
    Array(Rc<Array<'a>>),
    /// Key order kept, as JavaScript objects keep it for string keys.
    Object(Rc<Vec<(String, Value<'a>)>>),
    Function(Rc<Func<'a>>),
}

/// An array and the flags jsonata-js sets on it.
#[derive(Clone, Debug, Default)]
pub struct Array<'a> {
    pub items: Vec<Value<'a>>,
    /// A sequence (results of a path or a function over one): a singleton
    /// reads as its item, an empty one as undefined.
    pub sequence: bool,
    /// `[]` was written: keep a singleton an array.
    pub keep_singleton: bool,
    /// Built by an array constructor used as a path step: not flattened.
    pub cons: bool,
    /// The sequence wraps a constructor's array (jsonata-js `outerWrapper`).
    pub outer_wrapper: bool,
}

/// A callable value.
#[derive(Debug)]
pub enum Func<'a> {
    /// `function($a, $b){ … }`, with the variables it closes over.
    Lambda {
        def: &'a ast::Lambda,
        env: Env<'a>,
        /// The context item where the lambda was defined.
        input: Value<'a>,
    },
    /// A built-in, by name (without `$`).
    Builtin(&'static str),
    /// A call with `?` placeholders: `None` where an argument is missing.
    Partial {
        func: Value<'a>,
        args: Vec<Option<Value<'a>>>,
    },
    /// A regex literal: called with a string, it gives the first match.
    Regex(Rc<Regex>),
    /// `f ~> g` of two functions: `g(f(x))`.
    Chain(Value<'a>, Value<'a>),
    /// A transform `| pattern | update, delete |`, applied to an object.
    Transform { def: &'a ast::Expr, env: Env<'a> },
}

impl Func<'_> {
    /// How many arguments the function takes (jsonata-js `getFunctionArity`):
    /// what higher-order functions pass it.
    pub fn arity(&self) -> usize {
        match self {
            Func::Lambda { def, .. } => def.params.len(),
            Func::Builtin(name) => crate::expr::jsonata::functions::lookup(name)
                .map_or(0, |f| f.max_args.unwrap_or(f.min_args.max(1))),
            Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Func::Regex(_) | Func::Chain(..) | Func::Transform { .. } => 1,
        }
    }
}

/// A compiled regex literal.
#[derive(Debug)]
pub struct Regex {
    pub regex: regex_lite::Regex,
}

/// Variable bindings: a frame per block or call, reading its parents.
#[derive(Debug, Default)]
pub struct Frame<'a> {
    pub vars: RefCell<Vec<(String, Value<'a>)>>,
    pub parent: Option<Env<'a>>,
}

pub type Env<'a> = Rc<Frame<'a>>;

impl<'a> Frame<'a> {
    pub fn child(parent: &Env<'a>) -> Env<'a> {
        Rc::new(Frame {
            vars: RefCell::new(Vec::new()),
            parent: Some(parent.clone()),
        })
    }

    pub fn bind(&self, name: &str, value: Value<'a>) {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => vars.push((name.to_owned(), value)),
        }
    }

    pub fn lookup(&self, name: &str) -> Option<Value<'a>> {
        let mut frame = self;
        loop {
            if let Some((_, v)) = frame.vars.borrow().iter().find(|(k, _)| k == name) {
                return Some(v.clone());
            }
            frame = frame.parent.as_deref()?;
        }
    }
}

/// An evaluation error: jsonata-js's code (`T2001`, `D3030`, …) and a
/// message. Step Functions raises it as `States.QueryEvaluationError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// jsonata-js's error code (`T2001`, `D3030`, …; `S0…` for syntax).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

impl Error {
    /// An error with jsonata-js's `code`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What built-in functions need from the evaluator.
pub trait Host<'a> {
    /// Calls a function value (a lambda, a built-in, a partial, a regex).
    fn apply(&mut self, func: &Value<'a>, args: Vec<Value<'a>>) -> Result<Value<'a>>;
    /// The execution's current time on the virtual clock, in milliseconds
    /// since the epoch (`$now`, `$millis`).
    fn now_millis(&self) -> f64;
    /// A seeded random number in [0, 1) (`$random`, `$shuffle`).
    fn random(&mut self) -> f64;
    /// A seeded version-4 UUID (`$uuid`).
    fn uuid(&mut self) -> String;
}

impl<'a> Value<'a> {
    pub fn string(s: &str) -> Value<'a> {
        Value::String(Rc::from(s))
    }

    pub fn array(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Rc::new(Array {
            items,
            ..Array::default()
        }))
    }

    /// A sequence: what a path or a mapping function returns.
    pub fn sequence(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Rc::new(Array {
            items,
            sequence: true,
            ..Array::default()
        }))
    }

    pub fn object(pairs: Vec<(String, Value<'a>)>) -> Value<'a> {
        Value::Object(Rc::new(pairs))
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    pub fn as_array(&self) -> Option<&Array<'a>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A field of an object (the first with that key).
    pub fn field(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// jsonata-js's type names, as `$type` returns them.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
        }
    }

    /// The items of an array, or the value as a one-item list (undefined:
    /// none).
    pub fn items(&self) -> Vec<Value<'a>> {
        match self {
            Value::Undefined => Vec::new(),
            Value::Array(a) => a.items.clone(),
            other => vec![other.clone()],
        }
    }

    /// A sequence of one reads as its item, an empty one as undefined
    /// (jsonata-js's result normalisation), unless `[]` kept it.
    pub fn normalized(self) -> Value<'a> {
        match &self {
            Value::Array(a) if a.sequence && !a.keep_singleton => match a.items.len() {
                0 => Value::Undefined,
                1 => a.items[0].clone(),
                _ => self,
            },
            _ => self,
        }
    }

    /// jsonata-js `isArrayOfNumbers` / strings etc. helpers.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// JSONata truthiness (`$boolean`): empty strings, 0, null, empty
    /// arrays and objects are false; an array is true if any item is.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => a.items.iter().any(Value::truthy),
            Value::Object(pairs) => !pairs.is_empty(),
            Value::Function(_) => false,
        }
    }

    /// Deep equality as JSONata's `=` (jsonata-js `isDeepEqual`).
    pub fn deep_eq(&self, other: &Value<'a>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => {
                a.items.len() == b.items.len()
                    && a.items.iter().zip(&b.items).all(|(x, y)| x.deep_eq(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| other.field(k).is_some_and(|w| v.deep_eq(w)))
            }
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The value as JSON; undefined and functions have no JSON form
    /// (`None`); inside arrays and objects they are dropped, as
    /// `JSON.stringify` drops functions and undefined fields (functions in
    /// arrays become `""` in jsonata-js's `$string`, `null` here — the
    /// state's output is JSON).
    pub fn to_json(&self) -> Option<Json> {
        Some(match self {
            Value::Undefined | Value::Function(_) => return None,
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(number_to_json(*n)),
            Value::String(s) => Json::String(s.to_string()),
            Value::Array(a) => Json::Array(
                a.items
                    .iter()
                    .map(|v| v.to_json().unwrap_or(Json::Null))
                    .collect(),
            ),
            Value::Object(pairs) => Json::Object(
                pairs
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.to_json()?)))
                    .collect(),
            ),
        })
    }

    /// A JSON value as a JSONata value.
    pub fn from_json(json: &Json) -> Value<'a> {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.as_f64()),
            Json::String(s) => Value::string(s),
            Json::Array(items) => Value::array(items.iter().map(Value::from_json).collect()),
            Json::Object(pairs) => Value::object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
            Json::MachineArn => Value::string("arn:aws:states:::stateMachine"),
        }
    }
}

/// A double as a JSON number: whole numbers within 2^53 are integers.
pub fn number_to_json(n: f64) -> Number {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        if n >= 0.0 {
            Number::PosInt(n as u64)
        } else {
            Number::NegInt(n as i64)
        }
    } else {
        Number::Float(n)
    }
}

/// A number as JavaScript's `String(n)` writes it: shortest round-trip
/// digits, exponent form from 1e21 and below 1e-6.
pub fn js_number(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    if !n.is_finite() {
        return if n.is_nan() {
            "NaN".into()
        } else if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: d.ddde±x.
    let sci = format!("{:e}", n.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let sign = if n < 0.0 { "-" } else { "" };
    // JavaScript's Number::toString: n = exp + 1 is the decimal point position.
    let point = exp + 1;
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if k == 1 {
            format!("{digits}e{e}")
        } else {
            format!("{}.{}e{e}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

/// JavaScript string order: by UTF-16 code units.
pub(crate) fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// jsonata-js `fn.lookup`: a field of an object, or of each object in an
/// array (arrays in the results flattened).
pub(crate) fn lookup<'a>(input: &Value<'a>, key: &str) -> Value<'a> {
    match input {
        Value::Array(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup(item, key) {
                    Value::Undefined => {}
                    Value::Array(inner) => out.extend(inner.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            Value::sequence(out)
        }
        Value::Object(_) => input.field(key).cloned().unwrap_or_default(),
        _ => Value::Undefined,
    }
}

/// jsonata-js `fn.append`: undefined sides drop out; otherwise a new plain
/// array (JavaScript's `concat` keeps no sequence flag).
pub(crate) fn append<'a>(a: Value<'a>, b: Value<'a>) -> Value<'a> {
    if a.is_undefined() {
        return b;
    }
    if b.is_undefined() {
        return a;
    }
    let mut items = a.items();
    items.extend(b.items());
    Value::array(items)
}

#[cfg(test)]
mod tests {
    use super::js_number;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (n, text) in [
            (1.0, "1"),
            (-1.5, "-1.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (123456789.125, "123456789.125"),
            (-2e-10, "-2e-10"),
        ] {
            assert_eq!(js_number(n), text, "{n}");
        }
    }
}
