//! The Amazon States Language as JSON: the field table, the reader and the
//! writer. Emit → read gives back the same model. Nothing here knows about
//! serverless.yml except how a service function is referenced
//! (`Fn::GetAtt: [<Key>LambdaFunction, Arn]`).

pub mod cx;
pub mod fields;
pub mod read;
pub mod write;

pub use cx::{is_jsonata, MAX_JSON_DEPTH, MAX_NESTING};
