//! A Distributed Map over a CSV file in S3: each row is processed by a
//! function in a child execution, up to 100 at a time, and the results are
//! written back to the same bucket. The role gets what the map needs to
//! start and follow its child executions, read the file and write the
//! results.
//! `cargo run --example csv_map` prints the serverless.yml.

use serverless_builder::prelude::*;

/// The service: a bucket, a function and the ProcessCsv machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("csv-jobs");
    let bucket = service.s3_bucket("DataBucket");
    let process_row = service.function("process_row", "csv_jobs.handler.process_row");

    let machine = state_machine! {
        /// Processes every row of `s3://<bucket>/<key>`.
        ProcessCsv(auto_catch: false) {
            map ProcessRows(
                mode: distributed,
                execution_type: express,
                label: "rows",
                max_concurrency: 100,
                tolerated_failure_percentage: 5,
                item_reader: {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": { "InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW" },
                    "Parameters": { "Bucket": (bucket.name()), "Key.$": "$.key" }
                },
                item_batcher: { "MaxItemsPerBatch": 50 },
                result_writer: {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": { "Bucket": (bucket.name()), "Prefix": "results" }
                }
            ) {
                task ProcessBatch(lambda(process_row));
            }
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
