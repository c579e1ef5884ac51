//! Resolution of the parent operator `%`, as jsonata-js's `seekParent`/`resolveAncestry` do
//! it: each `%` gets a slot that climbs back through the steps of the enclosing paths (one
//! step per level; a `%` on the way adds a level) until it reaches the field or `*` step
//! whose input is the parent. That step records the slot's label in
//! [`Annotations::ancestor`](super::ast::Annotations::ancestor), and both become tuple steps.

use super::ast::{Expr, ExprKind};
use super::error::{Error, TOO_DEEP};
use super::parser::Parser;

impl Parser<'_> {
    fn work(&mut self, at: usize) -> Result<(), Error> {
        self.ancestry_work += 1;
        // A run of `%` can make each one walk back over the others; bounding the total
        // keeps parsing linear in the source length. The constant leaves room for hundreds
        // of `%` in one path, far beyond what expressions use.
        let budget = self.src.len().saturating_mul(64).saturating_add(100_000);
        if self.ancestry_work > budget {
            return Err(Error::new(
                TOO_DEEP,
                at,
                "expression too complex: resolving its parent operators `%` takes too long"
                    .to_string(),
            ));
        }
        Ok(())
    }

    fn level(&self, slot: usize) -> i64 {
        self.slots.get(slot).map_or(0, |s| s.level)
    }

    fn add_level(&mut self, slot: usize, by: i64) {
        if let Some(s) = self.slots.get_mut(slot) {
            s.level += by;
        }
    }

    /// After a step was appended to a path: the slots of the new last step (and the step
    /// itself if it is a `%`) look for their parent among the earlier steps; the ones that
    /// run out of steps stay with the path, for an enclosing path to resolve.
    pub(super) fn resolve_ancestry(
        &mut self,
        steps: &mut [Expr],
        mut slots: Vec<usize>,
        path_seeking: &mut Vec<usize>,
    ) -> Result<(), Error> {
        if let Some(Expr {
            kind: ExprKind::Parent { label },
            ..
        }) = steps.last()
        {
            slots.push(*label as usize);
        }
        let has_focus = |e: Option<&Expr>| e.is_some_and(|e| e.annotations().focus.is_some());
        for slot in slots {
            // steps[..k] are still to be examined; the last step itself is not.
            let mut k = steps.len().saturating_sub(1);
            while self.level(slot) > 0 {
                let at = self.slots.get(slot).map_or(0, |s| s.span.start);
                self.work(at)?;
                if k == 0 {
                    path_seeking.push(slot);
                    break;
                }
                k -= 1;
                let mut i = k;
                // Contiguous steps that bind a focus count as one.
                while k > 0 && has_focus(steps.get(i)) && has_focus(steps.get(k - 1)) {
                    k -= 1;
                    i = k;
                }
                if let Some(step) = steps.get_mut(i) {
                    self.seek_parent(step, slot)?;
                }
            }
        }
        Ok(())
    }

    /// Moves `slot` one step back through `node` (jsonata-js `seekParent`).
    pub(super) fn seek_parent(&mut self, node: &mut Expr, slot: usize) -> Result<(), Error> {
        let at = self.slots.get(slot).map_or(0, |s| s.span.start);
        self.work(at)?;
        match &mut node.kind {
            ExprKind::Name(_) | ExprKind::Wildcard => {
                self.add_level(slot, -1);
                if self.level(slot) == 0 {
                    let a = node.annotations_mut();
                    if let Some(prev) = a.ancestor {
                        // Two `%` with the same parent step share its label.
                        let label = self.slots.get(prev as usize).map(|s| s.label);
                        if let (Some(label), Some(s)) = (label, self.slots.get_mut(slot)) {
                            s.label = label;
                        }
                    }
                    a.ancestor = Some(u32::try_from(slot).unwrap_or(u32::MAX));
                    a.tuple = true;
                }
            }
            ExprKind::Parent { .. } => self.add_level(slot, 1),
            ExprKind::Block { exprs, .. } => {
                if let Some(last) = exprs.last_mut() {
                    self.seek_parent(last, slot)?;
                    node.annotations_mut().tuple = true;
                }
            }
            ExprKind::Path(p) => {
                let mut i = p.steps.len();
                while i > 0 {
                    i -= 1;
                    if let Some(step) = p.steps.get_mut(i) {
                        self.seek_parent(step, slot)?;
                    }
                    if self.level(slot) <= 0 {
                        break;
                    }
                }
                node.annotations_mut().tuple = true;
            }
            _ => {
                self.defer(Error::new(
                    "S0217",
                    at,
                    format!(
                        "the parent operator `%` cannot be resolved: the step it climbs back to is {}, which has no parent; `%` can only go back through field names, `*`, blocks and paths",
                        describe_kind(node)
                    ),
                ));
                // Stop this slot; the error is reported when parsing ends.
                if let Some(s) = self.slots.get_mut(slot) {
                    s.level = 0;
                }
            }
        }
        Ok(())
    }

    /// S0217 for a `%` left unresolved at the top of the expression.
    pub(super) fn unresolved_parent(&self, slot: usize) -> Error {
        let at = self.slots.get(slot).map_or(0, |s| s.span.start);
        Error::new(
            "S0217",
            at,
            "the parent operator `%` has no parent to refer to here: it must follow the step whose parent it names, as in `items.price.%`".to_string(),
        )
    }

    /// Replaces slot numbers by their final labels in `Parent` nodes and `ancestor`s.
    pub(super) fn finish_labels(&self, expr: &mut Expr) {
        if self.slots.is_empty() {
            return;
        }
        let label = |slot: u32| self.slots.get(slot as usize).map_or(slot, |s| s.label);
        let mut stack = vec![expr];
        while let Some(e) = stack.pop() {
            if let ExprKind::Parent { label: l } = &mut e.kind {
                *l = label(*l);
            }
            if let Some(a) = e.ann.as_deref_mut() {
                a.ancestor = a.ancestor.map(label);
            }
            e.for_each_child_mut(|c| stack.push(c));
        }
    }
}

/// How a message names what a node is.
pub(super) fn describe_kind(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::String(_) => "a string",
        ExprKind::Number(_) => "a number",
        ExprKind::Bool(_) => "a boolean",
        ExprKind::Null => "`null`",
        ExprKind::Regex { .. } => "a regular expression",
        ExprKind::Name(_) => "a field name",
        ExprKind::Variable(v) if v.is_empty() => "`$`",
        ExprKind::Variable(_) => "a variable",
        ExprKind::Root => "`$$`",
        ExprKind::Wildcard => "`*`",
        ExprKind::Descendant => "`**`",
        ExprKind::Parent { .. } => "`%`",
        ExprKind::Path(_) => "a path",
        ExprKind::Sort(_) => "an order-by `^(…)`",
        ExprKind::Block { .. } => "a block",
        ExprKind::Bind { .. } => "an assignment",
        ExprKind::Lambda(_) => "a function definition",
        ExprKind::Call { .. } | ExprKind::PartialCall { .. } => "a function call",
        ExprKind::Placeholder => "a `?` placeholder",
        ExprKind::Apply { .. } => "a `~>` application",
        ExprKind::Binary { .. } | ExprKind::Negate(_) => "an operator expression",
        ExprKind::Condition { .. } => "a condition",
        ExprKind::Array { .. } => "an array constructor",
        ExprKind::Object(_) => "an object constructor",
        ExprKind::Transform { .. } => "a transform",
    }
}
