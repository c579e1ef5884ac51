use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Readers(auto_catch: false) {
            map Both(mode: distributed, execution_type: standard, items_path: "$.items",
                item_reader: { "Resource": "arn:aws:states:::s3:getObject", "Parameters": { "Bucket": "b", "Key": "k" } }) {
                pass A;
            }
            map Reader(mode: distributed, execution_type: standard,
                item_reader: {
                    "Resource": "arn:aws:states:::s3:getObjects",
                    "ReaderConfig": { "CSVHeaderLocation": "GIVEN", "InputType": "CSV", "MaxItems": 200000000 },
                    "Parameters": { "Bucket": "b", "Key": "k" }
                }) {
                pass B;
            }
            map Inventory(mode: distributed, execution_type: standard,
                item_reader: {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": { "ManifestType": "S3_INVENTORY", "InputType": "JSON" },
                    "Parameters": { "Bucket": "b", "Key": "manifest.json" }
                }) {
                pass C;
            }
            map Batches(mode: distributed, execution_type: standard, items_path: "$.items",
                item_batcher: { "MaxInputBytesPerBatch": 300000 },
                result_writer: { "WriterConfig": { "Transformation": "COMPACT" } }) {
                pass D;
            }
            map Nothing(mode: distributed, execution_type: standard, items_path: "$.items",
                item_batcher: { "BatchInput": { "a": 1 } },
                result_writer: { "Parameters": { "Bucket": "b" } }) {
                pass E;
            }
        }
    };
    let _ = machine;
}
