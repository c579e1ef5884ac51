//! Choice rules: at least one; each JSONPath comparison reads a valid path
//! and compares with an operand its operator takes.

use super::fields::check_path;
use super::Ck;
use crate::asl::MAX_JSON_DEPTH;
use crate::diag::{Code, Diagnostic, Location, Segment};
use crate::expr::path::{PathKind, PathOptions};
use crate::model::*;

/// The rules of a Choice state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let StateKind::Choice(choice) = &state.kind else {
        return;
    };
    if choice.choices.is_empty() {
        let help = match ck.options.naming {
            crate::diag::Naming::Dsl => {
                "add at least one rule, such as `\"$.x\".is_present() => Next`"
            }
            crate::diag::Naming::Asl => "add at least one rule to `Choices`",
        };
        ck.push(
            Diagnostic::new(
                Code::Empty,
                at.field("Choices"),
                format!("the choice state `{}` has no rules", state.name),
            )
            .with_help(help),
        );
    }
    for (i, choice_rule) in choice.choices.iter().enumerate() {
        if let Condition::Rule(r) = &choice_rule.condition {
            let mut location = at.field("Choices").index(i);
            rule(ck, &mut location, r, 0);
        }
    }
}

fn rule(ck: &mut Ck<'_>, location: &mut Location, rule: &Rule, depth: usize) {
    if depth > MAX_JSON_DEPTH {
        ck.error(
            Code::InvalidJson,
            location.clone(),
            format!("choice rules are nested more than {MAX_JSON_DEPTH} levels deep"),
        );
        return;
    }
    match rule {
        Rule::And(rules) | Rule::Or(rules) => {
            let field = if matches!(rule, Rule::And(_)) {
                "And"
            } else {
                "Or"
            };
            location.push(Segment::Field(field));
            if rules.is_empty() {
                ck.error(
                    Code::Empty,
                    location.clone(),
                    format!("`{field}` needs at least one rule"),
                );
            }
            for (i, r) in rules.iter().enumerate() {
                location.push(Segment::Index(i));
                self::rule(ck, location, r, depth + 1);
                location.pop();
            }
            location.pop();
        }
        Rule::Not(inner) => {
            location.push(Segment::Field("Not"));
            self::rule(ck, location, inner, depth + 1);
            location.pop();
        }
        Rule::Commented { rule, .. } => self::rule(ck, location, rule, depth + 1),
        Rule::Compare {
            variable,
            operator,
            value,
        } => compare(ck, location, variable, *operator, value),
    }
}

fn compare(
    ck: &mut Ck<'_>,
    location: &Location,
    variable: &str,
    operator: Operator,
    value: &Operand,
) {
    check_path(
        ck,
        || location.field("Variable"),
        variable,
        PathKind::Path,
        PathOptions::READ,
    );
    let field = operator.as_str();
    let expected = operator.operand_kind();
    let mismatch = |found: &str| {
        let wanted = match expected {
            OperandKind::String | OperandKind::Pattern => "a string",
            OperandKind::Number => "a number",
            OperandKind::Bool => "`true` or `false`",
            OperandKind::Timestamp => "a timestamp string",
            OperandKind::Path => "a JSONPath string",
        };
        format!("`{field}` compares with {wanted}, not {found}")
    };
    let problem = match (expected, value) {
        (OperandKind::Number, Operand::Number(n)) => (!n.as_f64().is_finite()).then(|| {
            (
                Code::InvalidJson,
                "`NaN` and infinities are not JSON numbers".to_owned(),
            )
        }),
        (OperandKind::Bool, Operand::Bool(_)) | (OperandKind::String, Operand::String(_)) => None,
        (OperandKind::Pattern, Operand::String(p)) => crate::expr::pattern::parse(p)
            .err()
            .map(|e| (Code::InvalidPattern, e.message)),
        (OperandKind::Timestamp, Operand::String(t)) => crate::expr::timestamp::parse(t)
            .err()
            .map(|e| (Code::InvalidTimestamp, e.message)),
        (OperandKind::Path, Operand::String(p)) => {
            match crate::expr::path::parse(p, PathKind::Path, PathOptions::READ) {
                Ok(path) => {
                    super::variables::path_reads(ck, &path, p, || location.field(field));
                    None
                }
                Err(e) => Some((Code::InvalidPath, e.message)),
            }
        }
        (_, Operand::String(_)) => Some((Code::InvalidComparison, mismatch("a string"))),
        (_, Operand::Number(_)) => Some((Code::InvalidComparison, mismatch("a number"))),
        (_, Operand::Bool(_)) => Some((Code::InvalidComparison, mismatch("a boolean"))),
    };
    if let Some((code, message)) = problem {
        ck.error(code, location.field(field), message);
    }
}
