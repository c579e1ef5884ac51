//! A Distributed Map over a CSV file in S3: each row is processed by a
//! function in a child execution, up to 100 at a time, and the results are
//! written back to the same bucket. The role gets what the map needs to
//! start and follow its child executions, read the file and write the
//! results.
//! `cargo run --example csv_map` prints the serverless.yml.
//!
//! ```mermaid
//! flowchart TD
//!   classDef marker fill:#333,stroke:#333,color:#fff
//!   classDef task fill:#e8f0fe,stroke:#4a6fa5
//!   classDef pass fill:#f1f3f4,stroke:#80868b
//!   classDef choice fill:#fef7e0,stroke:#b06000
//!   classDef wait fill:#f3e8fd,stroke:#8430ce
//!   classDef succeed fill:#e6f4ea,stroke:#137333
//!   classDef fail fill:#fce8e6,stroke:#c5221f
//!   classDef parallel fill:#e4f7fb,stroke:#007b83
//!   classDef map fill:#e4f7fb,stroke:#007b83
//!   n0(("start")):::marker
//!   n1(("end")):::marker
//!   n2[["ProcessRows"]]:::map
//!   subgraph g0["ProcessRows · each item"]
//!     n3["ProcessBatch"]:::task
//!   end
//!   n2 --> n1
//!   n2 ==> n3
//!   n0 --> n2
//! ```

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
