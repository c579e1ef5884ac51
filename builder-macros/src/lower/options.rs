//! Options (`key: value`) against the core's field table: the options a
//! statement accepts are the table's rows for its kind, each written under
//! its DSL name. A value becomes the JSON of its ASL field — words in the
//! ASL spelling (`express` → `EXPRESS`) — and is marked at the field's
//! location; the core's reader then types it, with DSL names in its
//! messages.

use super::Lower;
use crate::syntax::{Opt, Value};
use builder_core::asl::fields::{Field, Want};
use builder_core::diag::Location;
use builder_core::json::Json;
use std::collections::HashSet;

/// An option found in a table, with the JSON of its value.
pub(super) struct Written<T: 'static> {
    pub field: &'static Field<T>,
    pub json: Json,
}

impl Lower<'_> {
    /// Resolves `opts` against `rows` (a table, already filtered for the
    /// statement's kind); `extra` are the statement's own options, returned
    /// untouched. Unknown and repeated options are reported here.
    pub(super) fn options<'o, T>(
        &mut self,
        opts: &'o [Opt],
        rows: &[&'static Field<T>],
        extra: &[&'static str],
        owner: &str,
        at: &Location,
    ) -> (Vec<Written<T>>, Vec<&'o Opt>) {
        let mut seen = HashSet::new();
        let mut written = Vec::new();
        let mut others = Vec::new();
        for opt in opts {
            let key = opt.key.to_string();
            if !seen.insert(key.clone()) {
                self.error(opt.key.span(), format!("`{key}` is given twice"));
                continue;
            }
            if extra.contains(&key.as_str()) {
                others.push(opt);
                continue;
            }
            let Some(field) = rows.iter().find(|f| f.dsl == key) else {
                let mut accepted: Vec<&str> = rows.iter().map(|f| f.dsl).collect();
                accepted.extend_from_slice(extra);
                let asl: Vec<(&'static str, &str)> = rows.iter().map(|f| (f.key, f.dsl)).collect();
                self.unknown_option(opt, owner, &accepted, &asl);
                continue;
            };
            let location = at.field(field.key);
            self.spans
                .mark_range(location.clone(), opt.value.span_range());
            if let Some(json) = self.value_json(&opt.value, field.want, field.dsl, &location) {
                written.push(Written { field, json });
            }
        }
        (written, others)
    }

    /// The JSON of an option's value, as its field takes it.
    pub(super) fn value_json(
        &mut self,
        value: &Value,
        want: Want,
        key: &str,
        at: &Location,
    ) -> Option<Json> {
        match (want, value) {
            (Want::Word(words), Value::Ident(i)) => {
                let written = i.to_string();
                let word = words
                    .iter()
                    .find(|w| w.eq_ignore_ascii_case(&written))
                    .map_or(written, |w| (*w).to_owned());
                Some(Json::String(word))
            }
            (Want::Word(_), other) => {
                self.error_range(
                    other.span_range(),
                    format!(
                        "`{key}` takes {}, not {}",
                        want.describe(),
                        other.describe()
                    ),
                );
                None
            }
            _ => self.json(value, at),
        }
    }
}
