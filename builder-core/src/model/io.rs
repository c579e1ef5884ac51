//! How a state selects its input and shapes its output: the five JSONPath
//! fields or the two JSONata ones, never a mix.

use super::{NullablePath, QueryLanguage};
use crate::json::Json;

/// A state's input and output processing, in its query language. Which of
/// the fields each kind of state accepts is in [`crate::asl::fields`].
#[derive(Clone, Debug, PartialEq)]
pub enum Io {
    /// `QueryLanguage: JSONPath`.
    JsonPath(JsonPathIo),
    /// `QueryLanguage: JSONata`.
    Jsonata(JsonataIo),
}

impl Default for Io {
    fn default() -> Io {
        Io::JsonPath(JsonPathIo::default())
    }
}

impl Io {
    /// Empty processing in `language`.
    pub fn empty(language: QueryLanguage) -> Io {
        match language {
            QueryLanguage::JsonPath => Io::JsonPath(JsonPathIo::default()),
            QueryLanguage::Jsonata => Io::Jsonata(JsonataIo::default()),
        }
    }

    /// The query language.
    pub fn language(&self) -> QueryLanguage {
        match self {
            Io::JsonPath(_) => QueryLanguage::JsonPath,
            Io::Jsonata(_) => QueryLanguage::Jsonata,
        }
    }

    /// The JSONPath fields, in a JSONPath state.
    pub fn json_path(&self) -> Option<&JsonPathIo> {
        match self {
            Io::JsonPath(io) => Some(io),
            Io::Jsonata(_) => None,
        }
    }

    /// The JSONPath fields to change, in a JSONPath state.
    pub fn json_path_mut(&mut self) -> Option<&mut JsonPathIo> {
        match self {
            Io::JsonPath(io) => Some(io),
            Io::Jsonata(_) => None,
        }
    }

    /// The JSONata fields, in a JSONata state.
    pub fn jsonata(&self) -> Option<&JsonataIo> {
        match self {
            Io::Jsonata(io) => Some(io),
            Io::JsonPath(_) => None,
        }
    }

    /// The JSONata fields to change, in a JSONata state.
    pub fn jsonata_mut(&mut self) -> Option<&mut JsonataIo> {
        match self {
            Io::Jsonata(io) => Some(io),
            Io::JsonPath(_) => None,
        }
    }
}

/// The JSONPath fields: `InputPath` → `Parameters` → (the work) →
/// `ResultSelector` → `ResultPath` → `OutputPath`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct JsonPathIo {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `Parameters` (a payload template: `"key.$"` values are paths or
    /// intrinsic function calls). In a Map, the deprecated `ItemSelector`.
    pub parameters: Option<Json>,
    /// `ResultSelector`.
    pub result_selector: Option<Json>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
}

/// The JSONata fields: `Arguments` → (the work) → `Output`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct JsonataIo {
    /// `Arguments` (Task, Parallel).
    pub arguments: Option<Json>,
    /// `Output`.
    pub output: Option<Json>,
}
