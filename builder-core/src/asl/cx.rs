//! The reading context: where the reader is, which field it reads, in which
//! query language, and the typed readers of values that report a wrong type
//! at the field's location, named the way the caller names fields.

use crate::diag::{Code, Diagnostic, Location, Naming, Segment, Sink};
use crate::json::{Json, Number};
use crate::model::{Dynamic, NullablePath, QueryLanguage};

/// Deepest nesting of Parallel and Map states the reader follows.
pub const MAX_NESTING: usize = 64;
/// Deepest nesting of JSON values and Choice rules the reader and the
/// validator follow.
pub const MAX_JSON_DEPTH: usize = 128;

/// True for a JSONata expression string: `{%` ... `%}`.
pub fn is_jsonata(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// Where and how values are being read.
pub struct Cx<'a> {
    pub(crate) sink: &'a mut Sink,
    pub(crate) naming: Naming,
    /// The object being read.
    pub(crate) at: Location,
    /// The field being read: its ASL key and DSL name.
    pub(crate) key: &'static str,
    pub(crate) dsl: &'static str,
    /// The query language of the state being read (the machine's outside
    /// states).
    pub(crate) language: QueryLanguage,
    /// The machine's default query language.
    pub(crate) machine_language: QueryLanguage,
    /// The machine's own ARN, read back as [`Json::MachineArn`].
    pub(crate) arn: Option<String>,
    /// Parallel and Map states enclosing the block being read.
    pub(crate) nesting: usize,
}

impl<'a> Cx<'a> {
    /// A context at `at`, for machines whose own ARN is `arn`.
    pub fn new(sink: &'a mut Sink, naming: Naming, at: Location, arn: Option<String>) -> Cx<'a> {
        Cx {
            sink,
            naming,
            at,
            key: "",
            dsl: "",
            language: QueryLanguage::JsonPath,
            machine_language: QueryLanguage::JsonPath,
            arn,
            nesting: 0,
        }
    }

    /// The same context reading a state in `language`, of a machine in
    /// `machine_language`.
    pub fn with_language(
        mut self,
        language: QueryLanguage,
        machine_language: QueryLanguage,
    ) -> Self {
        self.language = language;
        self.machine_language = machine_language;
        self
    }

    /// Moves the context to `at`.
    pub fn set_location(&mut self, at: Location) {
        self.at = at;
    }

    /// How messages name things.
    pub fn naming(&self) -> Naming {
        self.naming
    }

    /// The location of the field being read.
    pub fn here(&self) -> Location {
        if self.key.is_empty() {
            self.at.clone()
        } else {
            self.at.field(self.key)
        }
    }

    /// The field being read, as the caller names it, in backticks; an item
    /// of a list (a branch, a retrier) is "each item of `Branches`".
    pub fn name(&self) -> String {
        if self.key.is_empty() {
            let segments = self.at.segments();
            if let [.., Segment::Field(list), Segment::Index(_)] = segments {
                return format!("each item of `{list}`");
            }
            if let [.., Segment::State { name, .. }] = segments {
                return format!("the state `{name}`");
            }
            return "this value".to_owned();
        }
        match self.naming {
            Naming::Dsl if !self.dsl.is_empty() => format!("`{}`", self.dsl),
            _ => format!("`{}`", self.key),
        }
    }

    /// Reports a problem at the field being read.
    pub fn error(&mut self, code: Code, message: impl Into<String>) {
        let location = self.here();
        self.sink.push(Diagnostic::new(code, location, message));
    }

    /// Reports a problem with a hint at the field being read.
    pub fn error_help(&mut self, code: Code, message: impl Into<String>, help: impl Into<String>) {
        let location = self.here();
        self.sink
            .push(Diagnostic::new(code, location, message).with_help(help));
    }

    /// Reports a value of the wrong type.
    pub fn wrong(&mut self, want: &str, found: &Json) {
        let message = format!("{} takes {want}, not {}", self.name(), describe(found));
        self.error(Code::WrongType, message);
    }

    /// Runs `f` with the location moved into `segment` (a field of the
    /// object being read), then restores it.
    pub fn within<R>(&mut self, at: Location, f: impl FnOnce(&mut Cx<'_>) -> R) -> R {
        let saved = (std::mem::replace(&mut self.at, at), self.key, self.dsl);
        self.key = "";
        self.dsl = "";
        let r = f(self);
        (self.at, self.key, self.dsl) = saved;
        r
    }

    /// A string.
    pub fn string(&mut self, v: &Json) -> Option<String> {
        match v {
            Json::String(s) => Some(s.clone()),
            other => {
                self.wrong("a string", other);
                None
            }
        }
    }

    /// A JSONPath string (checked later by the validator).
    pub fn path(&mut self, v: &Json) -> Option<String> {
        match v {
            Json::String(s) => Some(s.clone()),
            other => {
                self.wrong("a JSONPath string such as `\"$.items\"`", other);
                None
            }
        }
    }

    /// A JSONPath string or `null`.
    pub fn nullable_path(&mut self, v: &Json) -> Option<NullablePath> {
        match v {
            Json::String(s) => Some(NullablePath::Path(s.clone())),
            Json::Null => Some(NullablePath::Null),
            other => {
                self.wrong("a JSONPath string such as `\"$.result\"`, or `null`", other);
                None
            }
        }
    }

    /// A non-negative integer (a whole number written with a fraction,
    /// `30.0`, is one too).
    pub fn uint(&mut self, v: &Json) -> Option<u64> {
        match v {
            Json::Number(Number::PosInt(n)) => Some(*n),
            Json::Number(Number::Float(x)) if x.fract() == 0.0 && *x >= 0.0 && *x < 1.8e19 => {
                Some(*x as u64)
            }
            Json::Number(Number::NegInt(n)) => {
                let message = format!("{} cannot be negative (found {n})", self.name());
                self.error(Code::OutOfRange, message);
                None
            }
            other => {
                self.wrong("a non-negative integer", other);
                None
            }
        }
    }

    /// A number.
    pub fn number(&mut self, v: &Json) -> Option<f64> {
        match v {
            Json::Number(n) => Some(n.as_f64()),
            other => {
                self.wrong("a number", other);
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, v: &Json) -> Option<bool> {
        match v {
            Json::Bool(b) => Some(*b),
            other => {
                self.wrong("`true` or `false`", other);
                None
            }
        }
    }

    /// A list of strings.
    pub fn strings(&mut self, v: &Json) -> Option<Vec<String>> {
        let Json::Array(items) = v else {
            self.wrong("a list of strings", v);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match item {
                Json::String(s) => out.push(s.clone()),
                other => {
                    ok = false;
                    let message = format!(
                        "the items of {} are strings, not {}",
                        self.name(),
                        describe(other)
                    );
                    let location = self.here().index(i);
                    self.sink
                        .push(Diagnostic::new(Code::WrongType, location, message));
                }
            }
        }
        ok.then_some(out)
    }

    /// One of `words` (as ASL spells them; the macro converts its own).
    pub fn word(&mut self, v: &Json, words: &'static [&'static str]) -> Option<&'static str> {
        let Json::String(s) = v else {
            let want = self.describe_words(words);
            self.wrong(&want, v);
            return None;
        };
        if let Some(w) = words.iter().find(|w| **w == s.as_str()) {
            return Some(w);
        }
        let (found, want) = match self.naming {
            Naming::Dsl => (s.to_lowercase(), self.describe_words(words)),
            Naming::Asl => (s.clone(), self.describe_words(words)),
        };
        let message = format!(
            "unknown value `{found}` for {}; expected {want}",
            self.name()
        );
        self.error(Code::UnknownValue, message);
        None
    }

    fn describe_words(&self, words: &[&str]) -> String {
        let words: Vec<String> = words
            .iter()
            .map(|w| match self.naming {
                Naming::Dsl => w.to_lowercase(),
                Naming::Asl => (*w).to_owned(),
            })
            .collect();
        crate::diag::text::list(words.iter().map(String::as_str), " or ")
    }

    /// Any JSON value; this machine's own ARN comes back as
    /// [`Json::MachineArn`].
    pub fn json(&mut self, v: &Json) -> Json {
        match &self.arn {
            Some(arn) => unresolve(v, arn),
            None => v.clone(),
        }
    }

    /// A JSON object (any content).
    pub fn object<'v>(&mut self, v: &'v Json) -> Option<&'v [(String, Json)]> {
        match v {
            Json::Object(pairs) => Some(pairs),
            other => {
                self.wrong("an object", other);
                None
            }
        }
    }

    /// An array.
    pub fn array<'v>(&mut self, v: &'v Json) -> Option<&'v [Json]> {
        match v {
            Json::Array(items) => Some(items),
            other => {
                self.wrong("an array", other);
                None
            }
        }
    }

    /// A JSONata expression string, in a JSONata state.
    fn jsonata(&self, v: &Json) -> Option<String> {
        match v {
            Json::String(s) if self.language == QueryLanguage::Jsonata && is_jsonata(s) => {
                Some(s.clone())
            }
            _ => None,
        }
    }

    fn or_jsonata(&self, want: &str) -> String {
        match self.language {
            QueryLanguage::Jsonata => format!("{want} or a JSONata expression `\"{{% ... %}}\"`"),
            QueryLanguage::JsonPath => want.to_owned(),
        }
    }

    /// A non-negative integer, or a JSONata expression in a JSONata state.
    pub fn dyn_uint(&mut self, v: &Json) -> Option<Dynamic<u64>> {
        if let Some(e) = self.jsonata(v) {
            return Some(Dynamic::Jsonata(e));
        }
        if matches!(v, Json::Number(_)) {
            return self.uint(v).map(Dynamic::Value);
        }
        let want = self.or_jsonata("a non-negative integer");
        self.wrong(&want, v);
        None
    }

    /// A number, or a JSONata expression in a JSONata state.
    pub fn dyn_number(&mut self, v: &Json) -> Option<Dynamic<f64>> {
        if let Some(e) = self.jsonata(v) {
            return Some(Dynamic::Jsonata(e));
        }
        if let Json::Number(n) = v {
            return Some(Dynamic::Value(n.as_f64()));
        }
        let want = self.or_jsonata("a number");
        self.wrong(&want, v);
        None
    }

    /// A string, or a JSONata expression in a JSONata state.
    pub fn dyn_string(&mut self, v: &Json) -> Option<Dynamic<String>> {
        if let Some(e) = self.jsonata(v) {
            return Some(Dynamic::Jsonata(e));
        }
        self.string(v).map(Dynamic::Value)
    }

    /// The `…Path` twin of a field: a path string.
    pub fn dyn_path<T>(&mut self, v: &Json) -> Option<Dynamic<T>> {
        self.path(v).map(Dynamic::Path)
    }
}

/// A short name of a value's kind, for messages.
pub fn describe(v: &Json) -> &'static str {
    match v {
        Json::Null => "`null`",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) | Json::MachineArn => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn unresolve(value: &Json, arn: &str) -> Json {
    match value {
        Json::String(s) if s == arn => Json::MachineArn,
        Json::Array(items) => Json::Array(items.iter().map(|v| unresolve(v, arn)).collect()),
        Json::Object(pairs) => Json::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), unresolve(v, arn)))
                .collect(),
        ),
        other => other.clone(),
    }
}
