//! Map states: a Distributed Map's execution type, label, tolerated
//! failures and their paths, and its reader, batcher and writer (developer
//! guide, "ItemReader", "ItemBatcher", "ResultWriter (Map)").

use super::fields::reference;
use super::names::{check_name, MAX_LABEL_LEN};
use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::*;

/// The Map-only rules of a state.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let StateKind::Map(map) = &state.kind else {
        return;
    };
    let Processor::Distributed(d) = &map.processor else {
        return;
    };
    let processor = at.field("ItemProcessor").field("ProcessorConfig");
    if d.execution_type.is_none() {
        ck.error(
            Code::MissingField,
            processor.field("Mode"),
            "a Distributed Map needs an `ExecutionType`: `STANDARD` or `EXPRESS`",
        );
    }
    match &d.tolerated_failure_percentage {
        Some(Dynamic::Value(p)) if !(0.0..=100.0).contains(p) => {
            let message = format!(
                "{} is {p}; it must be between 0 and 100",
                ck.field("ToleratedFailurePercentage")
            );
            ck.error(
                Code::OutOfRange,
                at.field("ToleratedFailurePercentage"),
                message,
            );
        }
        Some(Dynamic::Path(p)) => reference(ck, at, "ToleratedFailurePercentagePath", p),
        _ => {}
    }
    if let Some(Dynamic::Path(p)) = &d.tolerated_failure_count {
        reference(ck, at, "ToleratedFailureCountPath", p);
    }
    if let Some(label) = &d.label {
        if let Err((_, message)) = check_name(label, "the label", MAX_LABEL_LEN) {
            ck.error(Code::InvalidLabel, at.field("Label"), message);
        }
    }
    if let Some(reader) = &d.item_reader {
        item_reader(ck, at, map, reader);
    }
    if let Some(batcher) = &d.item_batcher {
        item_batcher(ck, at, batcher);
    }
    if let Some(writer) = &d.result_writer {
        result_writer(ck, at, writer);
    }
}

/// The most items a reader may be limited to ("Maximum: 100,000,000").
pub const MAX_ITEMS: u64 = 100_000_000;

/// The largest batch in bytes ("up to 256 KiB").
pub const MAX_BATCH_BYTES: u64 = 262_144;

fn item_reader(ck: &mut Ck<'_>, at: &Location, map: &MapState, reader: &ItemReader) {
    let at = at.field("ItemReader");
    if map.items.is_some() {
        let items = match map.items {
            Some(Items::Path(_)) => ck.field("ItemsPath"),
            _ => ck.field("Items"),
        };
        let message = format!(
            "{} reads the items from S3, so the map takes no {items}",
            ck.field("ItemReader")
        );
        ck.push(
            Diagnostic::new(Code::Conflict, at.clone(), message)
                .with_help("remove one: the items come from the reader or from the input"),
        );
    }
    let resources = [
        "arn:aws:states:::s3:getObject",
        "arn:aws:states:::s3:listObjectsV2",
    ];
    if !resources.contains(&reader.resource.as_str()) && !reader.resource.contains("${") {
        ck.error(
            Code::UnknownValue,
            at.field("Resource"),
            format!(
                "an item reader's `Resource` is `arn:aws:states:::s3:getObject` (one object) or `arn:aws:states:::s3:listObjectsV2` (the objects under a prefix), not `{}`",
                reader.resource
            ),
        );
    }
    let Some(config) = &reader.reader_config else {
        return;
    };
    let at = at.field("ReaderConfig");
    if config.manifest_type.as_deref() == Some("S3_INVENTORY") && config.input_type.is_some() {
        ck.error(
            Code::Conflict,
            at.field("InputType"),
            "an S3 inventory manifest (`ManifestType: S3_INVENTORY`) takes no `InputType`",
        );
    }
    if config.csv_header_location.as_deref() == Some("GIVEN") && config.csv_headers.is_none() {
        ck.error(
            Code::MissingField,
            at.field("CSVHeaderLocation"),
            "`CSVHeaderLocation: GIVEN` needs the headers in `CSVHeaders`",
        );
    }
    if let Some(Dynamic::Value(n)) = config.max_items {
        if n > MAX_ITEMS {
            ck.error(
                Code::OutOfRange,
                at.field("MaxItems"),
                format!("`MaxItems` is {n}; it may be at most {MAX_ITEMS}"),
            );
        }
    }
    if let Some(Dynamic::Path(p)) = &config.max_items {
        reference(ck, &at, "MaxItemsPath", p);
    }
}

fn item_batcher(ck: &mut Ck<'_>, at: &Location, batcher: &ItemBatcher) {
    let at = at.field("ItemBatcher");
    if batcher.max_items_per_batch.is_none() && batcher.max_input_bytes_per_batch.is_none() {
        ck.error(
            Code::MissingField,
            at.clone(),
            "an item batcher needs `MaxItemsPerBatch` or `MaxInputBytesPerBatch` (or their `…Path`)",
        );
    }
    if let Some(Dynamic::Value(0)) = batcher.max_items_per_batch {
        ck.error(
            Code::OutOfRange,
            at.field("MaxItemsPerBatch"),
            "`MaxItemsPerBatch` is 0; it must be at least 1",
        );
    }
    if let Some(Dynamic::Value(n)) = batcher.max_input_bytes_per_batch {
        if n == 0 || n > MAX_BATCH_BYTES {
            ck.error(
                Code::OutOfRange,
                at.field("MaxInputBytesPerBatch"),
                format!("`MaxInputBytesPerBatch` is {n}; it must be between 1 and {MAX_BATCH_BYTES} (256 KiB)"),
            );
        }
    }
    for (key, value) in [
        ("MaxItemsPerBatchPath", &batcher.max_items_per_batch),
        (
            "MaxInputBytesPerBatchPath",
            &batcher.max_input_bytes_per_batch,
        ),
    ] {
        if let Some(Dynamic::Path(p)) = value {
            reference(ck, &at, key, p);
        }
    }
}

fn result_writer(ck: &mut Ck<'_>, at: &Location, writer: &ResultWriter) {
    let at = at.field("ResultWriter");
    if writer.resource.is_none() && writer.writer_config.is_none() {
        ck.error(
            Code::MissingField,
            at.clone(),
            "a result writer needs a `Resource` (`arn:aws:states:::s3:putObject`) with the bucket, a `WriterConfig`, or both",
        );
    }
    if let Some(resource) = &writer.resource {
        if resource != "arn:aws:states:::s3:putObject" && !resource.contains("${") {
            ck.error(
                Code::UnknownValue,
                at.field("Resource"),
                format!("a result writer's `Resource` is `arn:aws:states:::s3:putObject`, not `{resource}`"),
            );
        }
    }
    if let Some(config) = &writer.writer_config {
        if config.output_type.is_none() {
            ck.error(
                Code::MissingField,
                at.field("WriterConfig"),
                "a `WriterConfig` needs its `OutputType`: `JSON` or `JSONL`",
            );
        }
    }
}
