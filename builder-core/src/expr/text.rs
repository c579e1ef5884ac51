//! The message helpers, from [`crate::diag::text`] (one copy for every module).

pub(crate) use crate::diag::text::{describe_char, excerpt, quote};
