//! JSONPath Choice rules (developer guide, "Choice workflow state":
//! <https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html>).
//! A comparison of a value of another type is false; a `Variable` that
//! selects nothing is a `States.Runtime` error, but for `IsPresent`.

use super::Failure;
use crate::json::Json;
use crate::model::{Operand, Operator, Rule};
use std::cmp::Ordering;

/// What a path of the rule selects on the state's data (`None`: nothing);
/// the caller parses and reads.
pub type Read<'a, E> = &'a dyn Fn(&str) -> Result<Option<Json>, E>;

/// Whether `rule` holds, its paths read by `read`.
pub fn holds<E: From<Failure>>(rule: &Rule, read: Read<'_, E>) -> Result<bool, E> {
    Ok(match rule {
        Rule::And(rules) => {
            for r in rules {
                if !holds(r, read)? {
                    return Ok(false);
                }
            }
            true
        }
        Rule::Or(rules) => {
            for r in rules {
                if holds(r, read)? {
                    return Ok(true);
                }
            }
            false
        }
        Rule::Not(r) => !holds(r, read)?,
        Rule::Commented { rule, .. } => holds(rule, read)?,
        Rule::Compare {
            variable,
            operator,
            value,
        } => compare(variable, *operator, value, read)?,
    })
}

fn compare<E: From<Failure>>(
    variable: &str,
    op: Operator,
    operand: &Operand,
    read: Read<'_, E>,
) -> Result<bool, E> {
    let value = read(variable)?;
    let name = op.as_str();
    if op == Operator::IsPresent {
        return Ok(value.is_some() == (operand == &Operand::Bool(true)));
    }
    let Some(value) = value else {
        return Err(Failure::new(
            "States.Runtime",
            format!("the Choice rule's Variable `{variable}` selects nothing ({name})"),
        )
        .into());
    };
    if let Some(ty) = name.strip_prefix("Is") {
        let is = match ty {
            "Null" => value == Json::Null,
            "Numeric" => matches!(value, Json::Number(_)),
            "String" => matches!(value, Json::String(_)),
            "Boolean" => matches!(value, Json::Bool(_)),
            _ => value
                .as_str()
                .is_some_and(|s| crate::expr::timestamp::parse(s).is_ok()),
        };
        return Ok(is == (operand == &Operand::Bool(true)));
    }
    // The other side: the literal, or what its path selects.
    let other = match (name.ends_with("Path"), operand) {
        (true, Operand::String(p)) => match read(p)? {
            Some(v) => v,
            None => {
                return Err(Failure::new(
                    "States.Runtime",
                    format!("the path `{p}` of the Choice rule's {name} selects nothing"),
                )
                .into())
            }
        },
        (_, o) => o.to_json(),
    };
    let base = name.strip_suffix("Path").unwrap_or(name);
    if base == "StringMatches" {
        let (Json::String(s), Json::String(p)) = (&value, &other) else {
            return Ok(false);
        };
        return Ok(crate::expr::pattern::parse(p).is_ok_and(|pattern| pattern.matches(s)));
    }
    let ordering = if base.starts_with("String") {
        match (&value, &other) {
            (Json::String(a), Json::String(b)) => Some(a.cmp(b)),
            _ => None,
        }
    } else if base.starts_with("Numeric") {
        match (&value, &other) {
            (Json::Number(a), Json::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
            _ => None,
        }
    } else if base.starts_with("Boolean") {
        match (&value, &other) {
            (Json::Bool(a), Json::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        }
    } else {
        match (&value, &other) {
            (Json::String(a), Json::String(b)) => {
                match (
                    crate::expr::timestamp::parse(a),
                    crate::expr::timestamp::parse(b),
                ) {
                    (Ok(a), Ok(b)) => {
                        Some((a.unix_seconds(), a.nanos).cmp(&(b.unix_seconds(), b.nanos)))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    };
    let Some(ordering) = ordering else {
        return Ok(false);
    };
    Ok(if base.ends_with("GreaterThanEquals") {
        ordering != Ordering::Less
    } else if base.ends_with("LessThanEquals") {
        ordering != Ordering::Greater
    } else if base.ends_with("GreaterThan") {
        ordering == Ordering::Greater
    } else if base.ends_with("LessThan") {
        ordering == Ordering::Less
    } else {
        ordering == Ordering::Equal
    })
}
