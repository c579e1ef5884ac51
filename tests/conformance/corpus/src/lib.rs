//! The generated conformance corpus of serverless-builder (issue 4): random
//! valid state machines built through the runtime builder API ([`gen`]),
//! their expected executions ([`eval`]), mutations that each break one rule
//! ([`mutate`]), and the agreement table of the validators ([`agree`]).
//!
//! The binary `conformance-corpus` drives them; `tests/conformance/run.sh`
//! runs everything in CI.

pub mod agree;
pub mod emit;
pub mod eval;
pub mod gen;
pub mod mutate;
pub mod run_cases;
pub use seeded_rng as rng;
pub mod strings;

/// Parses a seed: decimal, or hexadecimal with `0x`.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    let s = s.trim().replace('_', "");
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => s.parse::<u64>(),
    };
    parsed.map_err(|e| format!("bad seed `{s}`: {e}"))
}
