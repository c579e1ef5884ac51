//! Distributed Maps: the item reader answered by a mock (by the Map's
//! name or the reader's resource) with the items or the file's text (CSV,
//! JSON, JSONL parsed per `ReaderConfig`), the batcher, child workflow
//! executions with their own variables and histories (AWS: "each child
//! workflow execution has its own execution history"), the tolerated
//! failure count and percentage, and the ResultWriter. Developer guide:
//! "Using Map state in Distributed mode", "ItemReader (Map)", "ItemBatcher
//! (Map)", "ResultWriter (Map)".

use super::*;

impl Runner<'_> {
    /// The items an ItemReader reads: the mock's answer, parsed.
    pub(super) fn read_items(
        &mut self,
        state: &State,
        reader: &ItemReader,
        effective: &Json,
    ) -> R<Json> {
        let name = state.name.as_str();
        let at = At::new(name);
        let request = match (&reader.payload, &state.io) {
            (None, _) => Json::Object(Vec::new()),
            (Some(p), Io::JsonPath(_)) => self.template(p, effective, at)?,
            (Some(p), Io::Jsonata(_)) => {
                self.jsonata(p, &States::input(effective), &at, "ItemReader.Arguments")?
            }
        };
        let answer = self.call(name, &reader.resource, &request)?;
        let content = answer.map_err(Flow::Failed)?;
        let config = reader.reader_config.clone().unwrap_or_default();
        let failed = |why: String| {
            Flow::Failed(Failure::new(
                "States.ItemReaderFailed",
                format!("the item reader of `{name}` {why}"),
            ))
        };
        let mut items = match content {
            Json::Array(items) => items,
            Json::String(text) => {
                let kind = config.input_type.as_deref().unwrap_or("JSON");
                match kind {
                    "CSV" => csv(&text, &config).map_err(failed)?,
                    "JSONL" => text
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| {
                            crate::from_json_str(l).map_err(|e| {
                                failed(format!("read a JSONL line that is not JSON: {e}"))
                            })
                        })
                        .collect::<R<Vec<Json>>>()?,
                    _ => {
                        let doc = crate::from_json_str(&text)
                            .map_err(|e| failed(format!("read a file that is not JSON: {e}")))?;
                        let doc = match &config.items_pointer {
                            Some(p) => pointer(&doc, p).cloned().ok_or_else(|| {
                                failed(format!("found nothing at the ItemsPointer `{p}`"))
                            })?,
                            None => doc,
                        };
                        match doc {
                            Json::Array(items) => items,
                            other => {
                                return Err(failed(format!(
                                    "read {}, not an array",
                                    other.kind_name()
                                )))
                            }
                        }
                    }
                }
            }
            other => {
                return Err(failed(format!(
                    "mock returned {}; an item reader's mock returns the items (an array) or the file's text",
                    other.kind_name()
                )))
            }
        };
        if let Some(max) = &config.max_items {
            let max = self.count(state, max, effective, "MaxItems")?;
            if max > 0 {
                items.truncate(max as usize);
            }
        }
        Ok(Json::Array(items))
    }

    /// A whole-number field that may be a value, a path or JSONata.
    pub(super) fn count(
        &mut self,
        state: &State,
        d: &Dynamic<u64>,
        data: &Json,
        field: &str,
    ) -> R<u64> {
        let name = state.name.as_str();
        if let Dynamic::Value(v) = d {
            return Ok(*v);
        }
        match self.dynamic_field(d, data, name, field)? {
            Json::Number(n) if n.as_f64() >= 0.0 => Ok(n.as_f64() as u64),
            other => Err(runtime(format!(
                "the {field} of `{name}` is {}, not a number",
                other.kind_name()
            ))),
        }
    }

    /// The child executions of a Distributed Map over `inputs` (after the
    /// ItemSelector): batched, run with their own variables, failures
    /// counted against the tolerance; the results, or the ResultWriter's
    /// description of where they went.
    pub(super) fn map_run(
        &mut self,
        state: &State,
        m: &MapState,
        d: &DistributedMap,
        inputs: Vec<Json>,
        raw: &Json,
    ) -> R<Json> {
        let name = state.name.as_str();
        let batches = match &d.item_batcher {
            None => inputs,
            Some(b) => self.batch(state, b, inputs, raw)?,
        };
        self.ev("MapRunStarted", name)?;
        let total = batches.len();
        let mut failed = 0usize;
        let mut results = Vec::with_capacity(total);
        // Child executions start as MaxConcurrency allows (AWS's default for
        // a Distributed Map: 10,000).
        let limit = match self.max_concurrency(state, m, raw)? {
            0 => 10_000,
            n => n,
        };
        let mut slots = self.slots(limit.min(total));
        for input in batches {
            self.slot_start(&mut slots);
            // A child sees no variable of its parent and records its own history.
            let saved = std::mem::replace(&mut self.frames, vec![Vec::new()]);
            let mark = self.history.len();
            let out = self.block(&m.body, input);
            self.frames = saved;
            self.history.truncate(mark);
            slots.done(self.clock);
            match out {
                Ok(v) => results.push(v),
                Err(Flow::Failed(f)) => {
                    failed += 1;
                    results.push(error_output(&f));
                }
                Err(other) => return Err(other),
            }
        }
        self.slots_end(slots, false);
        let count = match &d.tolerated_failure_count {
            Some(c) => self.count(state, c, raw, "ToleratedFailureCount")? as usize,
            None => 0,
        };
        let percentage = match &d.tolerated_failure_percentage {
            Some(p) => match self.dynamic_field(p, raw, name, "ToleratedFailurePercentage")? {
                Json::Number(n) => n.as_f64(),
                _ => 0.0,
            },
            None => 0.0,
        };
        // The run fails when the failures exceed both the count and the
        // percentage (either one tolerating them is enough).
        let over_count = failed > count;
        let over_share = total > 0 && failed as f64 * 100.0 / total as f64 > percentage;
        if failed > 0 && over_count && over_share {
            self.ev("MapRunFailed", name)?;
            self.ev("MapStateFailed", name)?;
            return Err(Flow::Failed(Failure::new(
                "States.ExceedToleratedFailureThreshold",
                format!(
                    "{failed} of {total} child executions of `{name}` failed; tolerated: {count} or {percentage}%"
                ),
            )));
        }
        self.ev("MapRunSucceeded", name)?;
        let Some(w) = &d.result_writer else {
            return Ok(Json::Array(results));
        };
        let at = At::new(name);
        let target = match (&w.payload, &state.io) {
            (None, _) => Json::Object(Vec::new()),
            (Some(p), Io::JsonPath(_)) => self.template(p, raw, at)?,
            (Some(p), Io::Jsonata(_)) => {
                self.jsonata(p, &States::input(raw), &at, "ResultWriter.Arguments")?
            }
        };
        // A mock of the writer's resource sees what would be written.
        if let Some(resource) = &w.resource {
            if let Some((_, mock)) = self.test.by_resource.iter().find(|(r, _)| r == resource) {
                let written = Json::object([
                    ("Request", target.clone()),
                    ("Results", Json::Array(results)),
                ]);
                mock(&written).map_err(Flow::Failed)?;
            }
        }
        let run = self.rng.uuid();
        let bucket = target.get("Bucket").cloned().unwrap_or(Json::Null);
        let prefix = target.get("Prefix").and_then(Json::as_str).unwrap_or("");
        let key = if prefix.is_empty() {
            format!("{run}/manifest.json")
        } else {
            format!("{}/{run}/manifest.json", prefix.trim_end_matches('/'))
        };
        Ok(Json::object([
            (
                "MapRunArn",
                Json::from(format!(
                    "arn:aws:states:us-east-1:123456789012:mapRun:{}/{}:{run}",
                    self.test.machine.name,
                    d.label.as_deref().unwrap_or(name)
                )),
            ),
            (
                "ResultWriterDetails",
                Json::object([("Bucket", bucket), ("Key", Json::from(key))]),
            ),
        ]))
    }

    /// Items grouped into `{"BatchInput": …, "Items": [...]}` by count and
    /// by size.
    fn batch(
        &mut self,
        state: &State,
        b: &ItemBatcher,
        items: Vec<Json>,
        raw: &Json,
    ) -> R<Vec<Json>> {
        let max_items = match &b.max_items_per_batch {
            Some(d) => self.count(state, d, raw, "MaxItemsPerBatch")? as usize,
            None => usize::MAX,
        }
        .max(1);
        let max_bytes = match &b.max_input_bytes_per_batch {
            Some(d) => self.count(state, d, raw, "MaxInputBytesPerBatch")? as usize,
            None => 262_144,
        };
        let batch_input = match (&b.batch_input, &state.io) {
            (None, _) => None,
            (Some(t), Io::JsonPath(_)) => Some(self.template(t, raw, At::new(&state.name))?),
            (Some(t), Io::Jsonata(_)) => {
                Some(self.jsonata(t, &States::input(raw), &At::new(&state.name), "BatchInput")?)
            }
        };
        let mut batches = Vec::new();
        let mut current: Vec<Json> = Vec::new();
        let mut bytes = 0;
        for item in items {
            let size = json_len(&item, max_bytes + 1) + 1;
            if !current.is_empty() && (current.len() >= max_items || bytes + size > max_bytes) {
                batches.push(std::mem::take(&mut current));
                bytes = 0;
            }
            bytes += size;
            current.push(item);
        }
        if !current.is_empty() {
            batches.push(current);
        }
        Ok(batches
            .into_iter()
            .map(|items| {
                let mut fields = Vec::new();
                if let Some(b) = &batch_input {
                    fields.push(("BatchInput".to_owned(), b.clone()));
                }
                fields.push(("Items".to_owned(), Json::Array(items)));
                Json::Object(fields)
            })
            .collect())
    }
}

/// A JSON Pointer (RFC 6901) into `doc`.
fn pointer<'j>(doc: &'j Json, p: &str) -> Option<&'j Json> {
    if p.is_empty() {
        return Some(doc);
    }
    let mut at = doc;
    for raw in p.strip_prefix('/')?.split('/') {
        let token = raw.replace("~1", "/").replace("~0", "~");
        at = match at {
            Json::Object(_) => at.get(&token)?,
            Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// CSV text as items: objects keyed by the header (the first row, or the
/// given headers), every value a string, as AWS reads CSV.
fn csv(text: &str, config: &ReaderConfig) -> Result<Vec<Json>, String> {
    let delimiter = match config.csv_delimiter.as_deref() {
        None | Some("COMMA") => ',',
        Some("PIPE") => '|',
        Some("SEMICOLON") => ';',
        Some("SPACE") => ' ',
        Some("TAB") => '\t',
        Some(other) => return Err(format!("has an unknown CSVDelimiter `{other}`")),
    };
    let mut rows = csv_rows(text, delimiter)?;
    let headers = match (config.csv_header_location.as_deref(), &config.csv_headers) {
        (Some("GIVEN"), Some(h)) => h.clone(),
        (Some("GIVEN"), None) => {
            return Err("has CSVHeaderLocation GIVEN without CSVHeaders".into())
        }
        _ => {
            if rows.is_empty() {
                return Ok(Vec::new());
            }
            rows.remove(0)
        }
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            Json::Object(
                headers
                    .iter()
                    .cloned()
                    .zip(
                        row.into_iter()
                            .map(Json::String)
                            .chain(std::iter::repeat(Json::from(""))),
                    )
                    .collect(),
            )
        })
        .collect())
}

/// Rows of CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
fn csv_rows(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err("read CSV with an unclosed quote".into());
    }
    if any {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_rows_follow_rfc_4180() {
        let rows = super::csv_rows("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n3,\n", ',').unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["a".to_string(), "b".into()],
                vec!["x,1".into(), "say \"hi\"".into()],
                vec!["3".into(), "".into()],
            ]
        );
        assert!(super::csv_rows("\"open", ',').is_err());
    }
}
