//! What only a map has: its mode and execution type, its catch policy, and
//! its body.

use super::header::{boolean, extra_field, name, word};
use super::Lower;
use crate::syntax::{Children, Name, Opt, Stmt};
use builder_core::__macro::DraftBody;
use builder_core::build::CatchPolicy;
use builder_core::diag::{Code, Diagnostic, Location};
use builder_core::model::*;

/// The map options that are not state fields.
pub(super) const MAP_EXTRA: &[&str] = &[
    "mode",
    "execution_type",
    "auto_catch",
    "auto_fallback",
    "fallback",
];

/// A map's options that are not state fields.
#[derive(Default)]
pub(super) struct MapOptions {
    policy: CatchPolicy,
    execution_type: Option<MachineType>,
}

impl Lower<'_> {
    /// `mode`, `execution_type`, `auto_catch`, `auto_fallback`, `fallback`.
    /// A distributed map is made so before its fields are read: only it has
    /// some of them.
    pub(super) fn map_options(
        &mut self,
        others: &[&Opt],
        at: &Location,
        state: &mut State,
    ) -> MapOptions {
        let mut out = MapOptions::default();
        let StateKind::Map(map) = &mut state.kind else {
            return out;
        };
        let config = at.field("ItemProcessor").field("ProcessorConfig");
        for opt in others {
            let key = opt.key.to_string();
            let location = match key.as_str() {
                "mode" => config.field("Mode"),
                "execution_type" => config.field("ExecutionType"),
                _ => at.field(extra_field(&key)),
            };
            self.spans.mark_range(location, opt.value.span_range());
            match key.as_str() {
                "mode" => {
                    if word(self, opt, &["inline", "distributed"]) == Some("distributed") {
                        map.processor = Processor::Distributed(Box::default());
                    }
                }
                "execution_type" => {
                    out.execution_type =
                        word(self, opt, &["standard", "express"]).map(|w| match w {
                            "express" => MachineType::Express,
                            _ => MachineType::Standard,
                        })
                }
                "auto_catch" => out.policy.auto_catch = boolean(self, opt),
                "auto_fallback" => out.policy.auto_fallback = boolean(self, opt),
                _ => out.policy.fallback = name(self, opt),
            }
        }
        out
    }

    /// The map's execution type, then its body.
    pub(super) fn map_body(
        &mut self,
        stmt: &Stmt,
        map: &mut MapState,
        options: MapOptions,
        name: &Name,
        at: &Location,
    ) -> DraftBody {
        match (&mut map.processor, options.execution_type) {
            (Processor::Distributed(d), t) => d.execution_type = t,
            (Processor::Inline, Some(_)) => self.sink.push(
                Diagnostic::new(
                    Code::DistributedOnly,
                    at.field("ItemProcessor")
                        .field("ProcessorConfig")
                        .field("ExecutionType"),
                    "`execution_type` is only allowed in a Distributed Map",
                )
                .with_help("set the map's `mode: distributed`, or remove the option"),
            ),
            (Processor::Inline, None) => {}
        }
        let body_location = at.field("ItemProcessor");
        let body = match &stmt.children {
            Some(Children::States(body)) => {
                // "The body of map `X` ..." errors point at `X`.
                self.spans.mark(body_location.clone(), name.span);
                self.block(&body.stmts, &body_location)
            }
            _ => Vec::new(),
        };
        DraftBody::Map(body, options.policy)
    }

    /// A parallel's branches.
    pub(super) fn branches(&mut self, stmt: &Stmt, at: &Location) -> DraftBody {
        let mut branches = Vec::new();
        if let Some(Children::Branches(list, span)) = &stmt.children {
            self.spans.mark(at.field("Branches"), *span);
            for (b, (branch_span, body)) in list.iter().enumerate() {
                let branch_location = at.field("Branches").index(b);
                self.spans.mark(branch_location.clone(), *branch_span);
                branches.push(self.block(&body.stmts, &branch_location));
            }
        }
        DraftBody::Parallel(branches)
    }
}
