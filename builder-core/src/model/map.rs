//! The Map state, inline or distributed.

use super::{Block, Catcher, Dynamic, MachineType, Retrier, Transition};
use crate::json::Json;

/// `Type: Map`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct MapState {
    /// `ItemsPath` (JSONPath) or `Items` (JSONata): where the items are.
    pub items: Option<Items>,
    /// `ItemSelector`: a template applied to each item.
    pub item_selector: Option<Json>,
    /// `MaxConcurrency` / `MaxConcurrencyPath` / JSONata (0: no limit).
    pub max_concurrency: Option<Dynamic<u64>>,
    /// `ItemProcessor.ProcessorConfig`: inline, or distributed with the
    /// fields only a Distributed Map has.
    pub processor: Processor,
    /// `ItemProcessor`'s `StartAt` and `States` (read from the deprecated
    /// `Iterator` too).
    pub body: Block,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// Where a Map's items come from, in the state's query language.
#[derive(Clone, Debug, PartialEq)]
pub enum Items {
    /// `ItemsPath` (JSONPath states): a reference path into the input.
    Path(String),
    /// `Items` (JSONata states): an array, or an expression giving one.
    Value(Json),
}

/// `ItemProcessor.ProcessorConfig.Mode`, with what only a Distributed Map has.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Processor {
    /// `INLINE`: iterations run inside the parent execution.
    #[default]
    Inline,
    /// `DISTRIBUTED`: iterations run as child executions.
    Distributed(Box<DistributedMap>),
}

impl Processor {
    /// `INLINE` / `DISTRIBUTED`.
    pub fn mode(&self) -> &'static str {
        match self {
            Processor::Inline => "INLINE",
            Processor::Distributed(_) => "DISTRIBUTED",
        }
    }

    /// The distributed settings, in a Distributed Map.
    pub fn distributed(&self) -> Option<&DistributedMap> {
        match self {
            Processor::Distributed(d) => Some(d),
            Processor::Inline => None,
        }
    }
}

/// The fields of a Distributed Map.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct DistributedMap {
    /// `ProcessorConfig.ExecutionType` of the child executions.
    pub execution_type: Option<MachineType>,
    /// `ItemReader`.
    pub item_reader: Option<ItemReader>,
    /// `ItemBatcher`.
    pub item_batcher: Option<ItemBatcher>,
    /// `ResultWriter`.
    pub result_writer: Option<ResultWriter>,
    /// `ToleratedFailurePercentage` / `…Path` / JSONata.
    pub tolerated_failure_percentage: Option<Dynamic<f64>>,
    /// `ToleratedFailureCount` / `…Path` / JSONata.
    pub tolerated_failure_count: Option<Dynamic<u64>>,
    /// `Label`.
    pub label: Option<String>,
}

/// `ItemReader`: a dataset in Amazon S3.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ItemReader {
    /// `Resource`: `arn:aws:states:::s3:getObject` or `…:s3:listObjectsV2`.
    pub resource: String,
    /// `ReaderConfig`.
    pub reader_config: Option<ReaderConfig>,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): bucket and key or prefix.
    pub payload: Option<Json>,
}

/// `ItemReader.ReaderConfig`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ReaderConfig {
    /// `InputType`: `CSV`, `JSON`, `JSONL`, `PARQUET`, `MANIFEST`.
    pub input_type: Option<String>,
    /// `ManifestType`: `ATHENA_DATA`, `S3_INVENTORY`.
    pub manifest_type: Option<String>,
    /// `Transformation`: `NONE`, `LOAD_AND_FLATTEN`.
    pub transformation: Option<String>,
    /// `CSVHeaderLocation`: `FIRST_ROW`, `GIVEN`.
    pub csv_header_location: Option<String>,
    /// `CSVHeaders`.
    pub csv_headers: Option<Vec<String>>,
    /// `CSVDelimiter`: `COMMA`, `PIPE`, `SEMICOLON`, `SPACE`, `TAB`.
    pub csv_delimiter: Option<String>,
    /// `ItemsPointer` (a JSON Pointer into a JSON file).
    pub items_pointer: Option<String>,
    /// `MaxItems` / `MaxItemsPath` / JSONata.
    pub max_items: Option<Dynamic<u64>>,
}

/// `ItemBatcher`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch` / `…Path` / JSONata.
    pub max_items_per_batch: Option<Dynamic<u64>>,
    /// `MaxInputBytesPerBatch` / `…Path` / JSONata.
    pub max_input_bytes_per_batch: Option<Dynamic<u64>>,
    /// `BatchInput`: added to every batch.
    pub batch_input: Option<Json>,
}

/// `ResultWriter`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ResultWriter {
    /// `Resource`: `arn:aws:states:::s3:putObject`.
    pub resource: Option<String>,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): bucket and prefix.
    pub payload: Option<Json>,
    /// `WriterConfig`.
    pub writer_config: Option<WriterConfig>,
}

/// `ResultWriter.WriterConfig`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct WriterConfig {
    /// `OutputType`: `JSON`, `JSONL`.
    pub output_type: Option<String>,
    /// `Transformation`: `NONE`, `COMPACT`, `FLATTEN`.
    pub transformation: Option<String>,
}
