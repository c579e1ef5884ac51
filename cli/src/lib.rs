//! The `serverless-builder` command-line tool as a library: parse a file
//! (JSON or YAML, with positions), find its state machines, check them with
//! builder-core, and report each problem at its line and column.
//!
//! The binary (`src/main.rs`) is the argument parsing around
//! [`pipeline::check_bytes`] and [`report`].
#![warn(missing_docs)]

pub mod discover;
pub mod embedded;
pub mod locate;
pub mod pipeline;
pub mod report;
pub mod source;
pub mod yaml;
