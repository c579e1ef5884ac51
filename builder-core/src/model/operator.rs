//! The 39 comparison operators of JSONPath Choice rules.

/// The kind of operand an [`Operator`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean.
    Bool,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// A JSONPath to compare against.
    Path,
    /// A `StringMatches` pattern (`*` wildcards, `\` escapes).
    Pattern,
}

macro_rules! operators {
    ($($name:ident: $kind:ident),* $(,)?) => {
        /// The 39 comparison operators of Choice rules.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operator {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $name,
            )*
        }

        impl Operator {
            /// Every operator, in the order of the ASL spec.
            pub const ALL: &'static [Operator] = &[$(Operator::$name),*];

            /// The ASL field name of the operator.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Operator::$name => stringify!($name),)*
                }
            }

            /// The kind of operand the operator takes.
            pub fn operand_kind(self) -> OperandKind {
                match self {
                    $(Operator::$name => OperandKind::$kind,)*
                }
            }
        }
    };
}

operators! {
    StringEquals: String,
    StringEqualsPath: Path,
    StringLessThan: String,
    StringLessThanPath: Path,
    StringGreaterThan: String,
    StringGreaterThanPath: Path,
    StringLessThanEquals: String,
    StringLessThanEqualsPath: Path,
    StringGreaterThanEquals: String,
    StringGreaterThanEqualsPath: Path,
    StringMatches: Pattern,
    NumericEquals: Number,
    NumericEqualsPath: Path,
    NumericLessThan: Number,
    NumericLessThanPath: Path,
    NumericGreaterThan: Number,
    NumericGreaterThanPath: Path,
    NumericLessThanEquals: Number,
    NumericLessThanEqualsPath: Path,
    NumericGreaterThanEquals: Number,
    NumericGreaterThanEqualsPath: Path,
    BooleanEquals: Bool,
    BooleanEqualsPath: Path,
    TimestampEquals: Timestamp,
    TimestampEqualsPath: Path,
    TimestampLessThan: Timestamp,
    TimestampLessThanPath: Path,
    TimestampGreaterThan: Timestamp,
    TimestampGreaterThanPath: Path,
    TimestampLessThanEquals: Timestamp,
    TimestampLessThanEqualsPath: Path,
    TimestampGreaterThanEquals: Timestamp,
    TimestampGreaterThanEqualsPath: Path,
    IsNull: Bool,
    IsPresent: Bool,
    IsNumeric: Bool,
    IsString: Bool,
    IsBoolean: Bool,
    IsTimestamp: Bool,
}

impl Operator {
    /// The operator with this ASL name.
    pub fn from_name(name: &str) -> Option<Operator> {
        Operator::ALL.iter().copied().find(|op| op.as_str() == name)
    }
}

/// The type both sides of a comparison have: what picks the operator family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareType {
    /// `String…`
    String,
    /// `Numeric…`
    Numeric,
    /// `Boolean…`
    Boolean,
    /// `Timestamp…`
    Timestamp,
}

/// A comparison as a language writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `==`
    Equals,
    /// `<`
    LessThan,
    /// `<=`
    LessThanEquals,
    /// `>`
    GreaterThan,
    /// `>=`
    GreaterThanEquals,
}

impl Operator {
    /// The operator comparing values of type `ty` with `comparison`, against
    /// a literal or (`path`) against another path. `None` for an order on
    /// booleans, which ASL does not have.
    pub fn for_comparison(ty: CompareType, comparison: Comparison, path: bool) -> Option<Operator> {
        use CompareType as T;
        use Comparison as C;
        use Operator as O;
        let (literal, by_path) = match (ty, comparison) {
            (T::String, C::Equals) => (O::StringEquals, O::StringEqualsPath),
            (T::String, C::LessThan) => (O::StringLessThan, O::StringLessThanPath),
            (T::String, C::LessThanEquals) => {
                (O::StringLessThanEquals, O::StringLessThanEqualsPath)
            }
            (T::String, C::GreaterThan) => (O::StringGreaterThan, O::StringGreaterThanPath),
            (T::String, C::GreaterThanEquals) => {
                (O::StringGreaterThanEquals, O::StringGreaterThanEqualsPath)
            }
            (T::Numeric, C::Equals) => (O::NumericEquals, O::NumericEqualsPath),
            (T::Numeric, C::LessThan) => (O::NumericLessThan, O::NumericLessThanPath),
            (T::Numeric, C::LessThanEquals) => {
                (O::NumericLessThanEquals, O::NumericLessThanEqualsPath)
            }
            (T::Numeric, C::GreaterThan) => (O::NumericGreaterThan, O::NumericGreaterThanPath),
            (T::Numeric, C::GreaterThanEquals) => {
                (O::NumericGreaterThanEquals, O::NumericGreaterThanEqualsPath)
            }
            (T::Boolean, C::Equals) => (O::BooleanEquals, O::BooleanEqualsPath),
            (T::Boolean, _) => return None,
            (T::Timestamp, C::Equals) => (O::TimestampEquals, O::TimestampEqualsPath),
            (T::Timestamp, C::LessThan) => (O::TimestampLessThan, O::TimestampLessThanPath),
            (T::Timestamp, C::LessThanEquals) => {
                (O::TimestampLessThanEquals, O::TimestampLessThanEqualsPath)
            }
            (T::Timestamp, C::GreaterThan) => {
                (O::TimestampGreaterThan, O::TimestampGreaterThanPath)
            }
            (T::Timestamp, C::GreaterThanEquals) => (
                O::TimestampGreaterThanEquals,
                O::TimestampGreaterThanEqualsPath,
            ),
        };
        Some(if path { by_path } else { literal })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_comparison_operator_is_reachable() {
        let types = [
            CompareType::String,
            CompareType::Numeric,
            CompareType::Boolean,
            CompareType::Timestamp,
        ];
        let comparisons = [
            Comparison::Equals,
            Comparison::LessThan,
            Comparison::LessThanEquals,
            Comparison::GreaterThan,
            Comparison::GreaterThanEquals,
        ];
        let mut found = std::collections::HashSet::new();
        for ty in types {
            for c in comparisons {
                for path in [false, true] {
                    if let Some(op) = Operator::for_comparison(ty, c, path) {
                        assert_eq!(op.as_str().ends_with("Path"), path, "{op:?}");
                        found.insert(op);
                    }
                }
            }
        }
        // All but StringMatches and the six type tests.
        assert_eq!(found.len(), Operator::ALL.len() - 7);
    }
}
