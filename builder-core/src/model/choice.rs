//! The Choice state and its rules.

use super::Operator;
use crate::json::{Json, Number};

/// `Type: Choice`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ChoiceState {
    /// `Choices`, tried in order.
    pub choices: Vec<ChoiceRule>,
    /// `Default`: where to go when no rule matches.
    pub default: Option<String>,
}

/// One element of `Choices`: a condition, where it leads, and what it
/// assigns and outputs when it is the one chosen.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ChoiceRule {
    /// The condition.
    pub condition: Condition,
    /// `Next`.
    pub next: String,
    /// `Comment`.
    pub comment: Option<String>,
    /// `Assign`, evaluated when this rule is chosen (instead of the state's).
    pub assign: Option<Json>,
    /// `Output` (JSONata), used when this rule is chosen.
    pub output: Option<Json>,
}

impl ChoiceRule {
    /// A rule leading to `next`.
    pub fn new(condition: impl Into<Condition>, next: impl Into<String>) -> ChoiceRule {
        ChoiceRule {
            condition: condition.into(),
            next: next.into(),
            comment: None,
            assign: None,
            output: None,
        }
    }
}

/// The condition of a Choice rule, in its state's query language.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// A JSONPath comparison tree (`Variable`, an operator, `And`, `Or`, `Not`).
    Rule(Rule),
    /// `Condition`: a JSONata expression (`{% ... %}`) or a boolean.
    Jsonata(Json),
}

impl From<Rule> for Condition {
    fn from(rule: Rule) -> Condition {
        Condition::Rule(rule)
    }
}

/// A Boolean expression of a JSONPath Choice rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// `And: [...]`
    And(Vec<Rule>),
    /// `Or: [...]`
    Or(Vec<Rule>),
    /// `Not: {...}`
    Not(Box<Rule>),
    /// `Variable: <path>, <Operator>: <value>`
    Compare {
        /// `Variable`.
        variable: String,
        /// The comparison operator.
        operator: Operator,
        /// Its operand.
        value: Operand,
    },
    /// A nested rule with its own `Comment` (the comment of a whole Choice
    /// rule is [`ChoiceRule::comment`]).
    Commented {
        /// `Comment`.
        comment: String,
        /// The rule.
        rule: Box<Rule>,
    },
}

/// The operand of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A string (also a timestamp, or a path for the `…Path` operators).
    String(String),
    /// A number.
    Number(Number),
    /// A boolean (`BooleanEquals`, `IsPresent`, ...).
    Bool(bool),
}

impl Operand {
    /// The operand as JSON.
    pub fn to_json(&self) -> Json {
        match self {
            Operand::String(s) => Json::String(s.clone()),
            Operand::Number(n) => Json::Number(*n),
            Operand::Bool(b) => Json::Bool(*b),
        }
    }
}

impl Rule {
    /// `Variable: <variable>, <operator>: <value>`.
    pub fn compare(
        variable: impl Into<String>,
        operator: Operator,
        value: impl Into<Operand>,
    ) -> Rule {
        Rule::Compare {
            variable: variable.into(),
            operator,
            value: value.into(),
        }
    }

    /// `IsPresent: true`.
    pub fn is_present(variable: impl Into<String>) -> Rule {
        Rule::compare(variable, Operator::IsPresent, true)
    }

    /// `And`.
    pub fn and(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::And(rules.into_iter().collect())
    }

    /// `Or`.
    pub fn or(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::Or(rules.into_iter().collect())
    }

    /// `Not`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(rule: Rule) -> Rule {
        Rule::Not(Box::new(rule))
    }
}

impl From<&str> for Operand {
    fn from(s: &str) -> Operand {
        Operand::String(s.to_owned())
    }
}

impl From<String> for Operand {
    fn from(s: String) -> Operand {
        Operand::String(s)
    }
}

impl From<bool> for Operand {
    fn from(b: bool) -> Operand {
        Operand::Bool(b)
    }
}

impl From<i64> for Operand {
    fn from(n: i64) -> Operand {
        Operand::Number(match u64::try_from(n) {
            Ok(n) => Number::PosInt(n),
            Err(_) => Number::NegInt(n),
        })
    }
}

impl From<f64> for Operand {
    fn from(x: f64) -> Operand {
        Operand::Number(Number::Float(x))
    }
}

impl From<Number> for Operand {
    fn from(n: Number) -> Operand {
        Operand::Number(n)
    }
}
