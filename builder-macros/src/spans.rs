//! Where each part of the model was written: a side table from model
//! [`Location`]s to the first and last token, filled as the lowering reads
//! each option, so that a diagnostic found later — by the reader, the
//! desugaring or the validator — lands on the tokens at fault.

use builder_core::diag::Location;
use proc_macro2::Span;
use std::collections::{HashMap, HashSet};

/// The side table.
#[derive(Default)]
pub struct Spans {
    map: HashMap<Location, (Span, Span)>,
    /// Locations of `(expr)` embeds: their values are only known at run
    /// time, where `Service::to_yaml` checks them.
    deferred: HashSet<Location>,
    /// Blocks from which a statement that could not be lowered (already
    /// reported) was left out.
    dropped_in: HashSet<Location>,
}

impl Spans {
    /// Records where `location` was written (one token).
    pub fn mark(&mut self, location: Location, span: Span) {
        self.map.insert(location, (span, span));
    }

    /// Records where `location` was written (a range of tokens).
    pub fn mark_range(&mut self, location: Location, range: (Span, Span)) {
        self.map.insert(location, range);
    }

    /// Records an `(expr)` embed at `location`.
    pub fn defer(&mut self, location: Location) {
        self.deferred.insert(location);
    }

    /// Records that a statement of the block at `location` was left out.
    pub fn drop_in(&mut self, location: Location) {
        self.dropped_in.insert(location);
    }

    /// Whether a statement of the block at `location` was left out.
    pub fn dropped_in(&self, location: &Location) -> bool {
        self.dropped_in.contains(location)
    }

    /// The span (first and last token) of the closest located ancestor of `location`.
    pub fn span_of(&self, location: &Location) -> Option<(Span, Span)> {
        location.ancestors().find_map(|l| self.map.get(&l).copied())
    }

    /// True when `location` is at or below an `(expr)` embed.
    pub fn is_deferred(&self, location: &Location) -> bool {
        !self.deferred.is_empty() && location.ancestors().any(|l| self.deferred.contains(&l))
    }
}
