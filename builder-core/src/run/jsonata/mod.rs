//! JSONata evaluation for the engine: the value model, the evaluator over
//! the parser's tree (`crate::expr::jsonata`), and the built-in functions —
//! JSONata 2.0.6's and those Step Functions adds.

pub(crate) mod eval;
mod functions;
pub(crate) mod value;

pub use value::Error;

use crate::json::Json;

/// Evaluates a JSONata 2.0.6 expression (the text between `{%` and `%}`)
/// with `input` as its context item and `bindings` as variables, as
/// jsonata-js does. In Step Functions there is no context item (`None`)
/// and `$states` is one of the bindings. `Ok(None)` is JSONata's
/// `undefined`.
///
/// ```
/// use builder_core::{from_json_str, run::jsonata, Json};
/// let states = from_json_str(r#"{"input": {"items": [{"price": 2}, {"price": 3}]}}"#).unwrap();
/// let total = jsonata::evaluate("$sum($states.input.items.price)", None, &[("states", &states)]);
/// assert_eq!(total, Ok(Some(Json::from(5))));
/// ```
pub fn evaluate(
    expr: &str,
    input: Option<&Json>,
    bindings: &[(&str, &Json)],
) -> Result<Option<Json>, Error> {
    let parsed = crate::expr::jsonata::parse(expr).map_err(|e| Error::new(e.code, e.message))?;
    let mut rng = crate::run::Rng::new(0x5eed);
    let make = || {
        bindings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), value::Value::from_json(v)))
            .collect()
    };
    // 2026-01-01T00:00:00Z, the engine's default start.
    eval::evaluate_json(&parsed, input, make, 1_767_225_600_000.0, &mut rng)
}
