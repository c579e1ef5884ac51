//! A choice's arms: each rule as a JSONPath comparison tree, typed by both
//! sides; `_` as `Default`; the options after each target.

use super::Lower;
use crate::syntax::{Arm, CmpOp, RuleExpr, Side, SideKind, Value};
use builder_core::__macro::{self, Cx};
use builder_core::asl::fields::{Field, CATCHER};
use builder_core::diag::{suggest, Location, Naming};
use builder_core::json::Json;
use builder_core::model::*;
use proc_macro2::{Ident, Span};

/// The options an arm takes after its target.
const ARM_OPTIONS: &[&str] = &["comment", "assign", "output"];

impl Lower<'_> {
    /// The rules and `Default` of a choice; the `_` arm's `assign`/`output`
    /// are the state's own, added to `pairs`.
    pub(super) fn arms(
        &mut self,
        arms: &[Arm],
        at: &Location,
        language: QueryLanguage,
        pairs: &mut Vec<(String, Json)>,
    ) -> (Vec<ChoiceRule>, Option<String>) {
        let mut choices = Vec::new();
        let mut default = None;
        for (i, arm) in arms.iter().enumerate() {
            match &arm.rule {
                None => {
                    if arms[i + 1..].iter().any(|later| later.rule.is_some()) {
                        self.error(
                            arm.span,
                            "the `_` arm must be the last one: it catches everything the rules above did not",
                        );
                    }
                    if default.is_some() {
                        self.error(arm.span, "a choice has only one `_` arm");
                    }
                    self.spans.mark(at.field("Default"), arm.target.span);
                    default = Some(arm.target.value.clone());
                    for (key, json) in self.arm_options(arm, at, false) {
                        pairs.push((key.to_owned(), json));
                    }
                }
                Some(rule) => {
                    let rule_at = at.field("Choices").index(choices.len());
                    self.spans.mark(rule_at.clone(), rule.span());
                    self.spans.mark(rule_at.field("Next"), arm.target.span);
                    // An invalid rule (already reported) keeps its arm, so that
                    // its target is not reported as unreachable.
                    let condition = match rule {
                        RuleExpr::Jsonata(s, span) => {
                            self.spans.mark(rule_at.field("Condition"), *span);
                            self.jsonata_condition(s, *span, language)
                        }
                        _ => self.rule(rule, &rule_at).map(Condition::Rule),
                    };
                    let condition = condition.unwrap_or_else(|| match language {
                        QueryLanguage::Jsonata => {
                            Condition::Jsonata(Json::String("{% true %}".to_owned()))
                        }
                        QueryLanguage::JsonPath => Condition::Rule(Rule::is_present("$")),
                    });
                    let mut choice = ChoiceRule::new(condition, arm.target.value.clone());
                    for (key, json) in self.arm_options(arm, &rule_at, true) {
                        match key {
                            "Comment" => choice.comment = json.as_str().map(str::to_owned),
                            "Assign" => choice.assign = Some(json),
                            _ => choice.output = Some(json),
                        }
                    }
                    choices.push(choice);
                }
            }
        }
        (choices, default)
    }

    /// `=> Target(comment: .., assign: .., output: ..)`, as ASL fields.
    fn arm_options(&mut self, arm: &Arm, at: &Location, rule: bool) -> Vec<(&'static str, Json)> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for opt in &arm.options {
            let key = opt.key.to_string();
            if !seen.insert(key.clone()) {
                self.error(opt.key.span(), format!("`{key}` is given twice"));
                continue;
            }
            let field: Option<&'static Field<Catcher>> = match key.as_str() {
                "comment" if rule => CATCHER.iter().find(|f| f.key == "Comment"),
                "assign" => CATCHER.iter().find(|f| f.key == "Assign"),
                "output" => CATCHER.iter().find(|f| f.key == "Output"),
                _ => None,
            };
            let Some(field) = field else {
                let accepted: &[&str] = if rule { ARM_OPTIONS } else { &ARM_OPTIONS[1..] };
                self.unknown_option(
                    opt,
                    if rule { "a choice arm" } else { "the `_` arm" },
                    accepted,
                    &[],
                );
                continue;
            };
            let location = at.field(field.key);
            self.spans
                .mark_range(location.clone(), opt.value.span_range());
            let Some(json) = self.value_json(&opt.value, field.want, field.dsl, &location) else {
                continue;
            };
            if field.key == "Comment" && json.as_str().is_none() {
                self.error_range(
                    opt.value.span_range(),
                    format!("`comment` takes a string, not {}", opt.value.describe()),
                );
                continue;
            }
            out.push((field.key, json));
        }
        out
    }

    /// A JSONata condition arm. In a JSONPath state, a `"{% %}"` string is
    /// left to the validator (which names the state's language); any other
    /// string is a JSONPath rule missing its comparison.
    fn jsonata_condition(
        &mut self,
        s: &str,
        span: Span,
        language: QueryLanguage,
    ) -> Option<Condition> {
        if language == QueryLanguage::JsonPath && !__macro::is_jsonata(s) {
            self.error(
                span,
                format!(
                    "a JSONPath rule compares `\"{s}\"` with something: write a comparison (`==`, `<`, ...) or a method such as `.is_present()`"
                ),
            );
            return None;
        }
        Some(Condition::Jsonata(Json::String(s.to_owned())))
    }

    fn rule(&mut self, rule: &RuleExpr, location: &Location) -> Option<Rule> {
        match rule {
            RuleExpr::Jsonata(_, span) => {
                self.error(
                    *span,
                    "a JSONata condition is a whole rule: combine conditions inside it, as in `\"{% $a and $b %}\"`",
                );
                None
            }
            RuleExpr::And(items, _) | RuleExpr::Or(items, _) => {
                let field = if matches!(rule, RuleExpr::And(..)) {
                    "And"
                } else {
                    "Or"
                };
                let mut rules = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let at = location.field(field).index(i);
                    self.spans.mark(at.clone(), item.span());
                    rules.push(self.rule(item, &at)?);
                }
                Some(if field == "And" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                })
            }
            RuleExpr::Not(inner, _) => {
                let at = location.field("Not");
                self.spans.mark(at.clone(), inner.span());
                Some(Rule::not(self.rule(inner, &at)?))
            }
            RuleExpr::Raw(value) => {
                let json = self.json(value, location)?;
                let mut cx = Cx::new(self.sink, Naming::Dsl, location.clone(), None);
                __macro::rule(&json, &mut cx)
            }
            RuleExpr::Method {
                subject,
                method,
                arg,
                negated,
            } => self.method(subject, method, arg.as_ref(), *negated, location),
            RuleExpr::Compare { left, op, right } => self.compare(left, *op, right, location),
        }
    }

    fn method(
        &mut self,
        subject: &Side,
        method: &Ident,
        arg: Option<&Value>,
        negated: bool,
        location: &Location,
    ) -> Option<Rule> {
        let variable = self.variable(subject, location)?;
        let name = method.to_string();
        const METHODS: &[(&str, Operator)] = &[
            ("is_present", Operator::IsPresent),
            ("is_null", Operator::IsNull),
            ("is_string", Operator::IsString),
            ("is_numeric", Operator::IsNumeric),
            ("is_boolean", Operator::IsBoolean),
            ("is_timestamp", Operator::IsTimestamp),
            ("matches", Operator::StringMatches),
        ];
        let Some(&(_, operator)) = METHODS.iter().find(|(m, _)| *m == name) else {
            let mut message = format!("unknown rule method `{name}`");
            if let Some(close) = suggest::closest(&name, METHODS.iter().map(|(m, _)| *m)) {
                message.push_str(&format!("; did you mean `{close}`?"));
            }
            message.push_str("\nthe methods are `is_present()`, `is_null()`, `is_string()`, `is_numeric()`, `is_boolean()`, `is_timestamp()` and `matches(\"pattern\")`");
            self.error(method.span(), message);
            return None;
        };
        self.spans.mark(
            location.field(operator.as_str()),
            arg.map_or(method.span(), Value::span),
        );
        let value = if operator == Operator::StringMatches {
            match arg {
                Some(Value::Str(pattern, _)) => Operand::String(pattern.clone()),
                _ => {
                    self.error(
                        method.span(),
                        "`matches` takes one pattern string, such as `matches(\"user-*\")`",
                    );
                    return None;
                }
            }
        } else {
            if let Some(arg) = arg {
                self.error(arg.span(), format!("`{name}()` takes no argument"));
                return None;
            }
            Operand::Bool(!negated)
        };
        Some(Rule::compare(variable, operator, value))
    }

    /// The left side of a rule: a JSONPath string (maybe in `num(..)` and co).
    fn variable(&mut self, operand: &Side, location: &Location) -> Option<String> {
        let path = match &operand.kind {
            SideKind::Str(s) | SideKind::Typed(_, s, _) => s.clone(),
            _ => {
                self.error_range(
                    operand.span,
                    "the left side of a rule is the JSONPath of the value to test, such as `\"$.count\"`",
                );
                return None;
            }
        };
        self.spans
            .mark_range(location.field("Variable"), operand.span);
        Some(path)
    }

    fn compare(
        &mut self,
        left: &Side,
        (op, op_span): (CmpOp, Span),
        right: &Side,
        location: &Location,
    ) -> Option<Rule> {
        let type_of = |f: &Ident| match f.to_string().as_str() {
            "num" => CompareType::Numeric,
            "string" => CompareType::String,
            "bool" => CompareType::Boolean,
            _ => CompareType::Timestamp,
        };
        let type_name = |t: CompareType| match t {
            CompareType::String => "a string",
            CompareType::Numeric => "a number",
            CompareType::Boolean => "a boolean",
            CompareType::Timestamp => "a timestamp",
        };
        // A `!=` is `Not` around `==`.
        let negated = op == CmpOp::Ne;
        let location = if negated {
            location.field("Not")
        } else {
            location.clone()
        };
        let comparison = match op {
            CmpOp::Eq | CmpOp::Ne => Comparison::Equals,
            CmpOp::Lt => Comparison::LessThan,
            CmpOp::Le => Comparison::LessThanEquals,
            CmpOp::Gt => Comparison::GreaterThan,
            CmpOp::Ge => Comparison::GreaterThanEquals,
        };
        let left_type = match &left.kind {
            SideKind::Typed(f, ..) => Some(type_of(f)),
            _ => None,
        };
        let variable = self.variable(left, &location)?;
        // The right side: its type, whether it is a path, its value, and
        // where its value was written.
        let (right_type, is_path, value, value_span) = match &right.kind {
            SideKind::Str(s) => (
                left_type.unwrap_or(CompareType::String),
                false,
                Operand::String(s.clone()),
                right.span,
            ),
            SideKind::Number(n) => (CompareType::Numeric, false, Operand::Number(*n), right.span),
            SideKind::Bool(b) => (CompareType::Boolean, false, Operand::Bool(*b), right.span),
            SideKind::Null => {
                self.error_range(
                    right.span,
                    "compare with `null` using `.is_null()`, such as `\"$.x\".is_null()`",
                );
                return None;
            }
            SideKind::Typed(f, s, inner) => {
                let ty = type_of(f);
                // `timestamp("2024-...")` is a literal; `timestamp("$.t")` a path.
                let is_path = ty != CompareType::Timestamp || s.starts_with('$');
                (ty, is_path, Operand::String(s.clone()), (*inner, *inner))
            }
        };
        if let Some(lt) = left_type {
            if lt != right_type {
                self.error_range(
                    right.span,
                    format!(
                        "cannot compare {} with {}: both sides of a rule must have the same type",
                        type_name(lt),
                        type_name(right_type)
                    ),
                );
                return None;
            }
        }
        let Some(operator) = Operator::for_comparison(right_type, comparison, is_path) else {
            self.error(
                op_span,
                format!(
                    "`{}` cannot compare booleans; use `==` or `!=`",
                    op.as_str()
                ),
            );
            return None;
        };
        self.spans
            .mark_range(location.field(operator.as_str()), value_span);
        let rule = Rule::compare(variable, operator, value);
        Some(if negated { Rule::not(rule) } else { rule })
    }
}
