//! A polling loop: start a long-running export job, then wait → check its
//! status → choice, looping back to the wait until the job reports
//! `"SUCCEEDED"` (→ `succeed`) or `"FAILED"` (→ `fail`), or until too many
//! polls (→ `fail`). Shows `->` transitions (back edges of the loop), a
//! `seconds` wait and a `seconds_path` wait (the job may ask for a longer
//! pause), a poll counter kept with the `States.MathAdd` intrinsic, and the
//! choice as the loop's only exit.
//! `cargo run --example polling_loop` prints the whole serverless.yml.
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
//!   n2["StartExport<br/>retry ×3"]:::task
//!   n3[/"InitPolls"/]:::pass
//!   n4{{"WaitBeforePoll"}}:::wait
//!   n5[/"CountPoll"/]:::pass
//!   n6["GetExportStatus<br/>retry ×5"]:::task
//!   n7{"IsExportDone"}:::choice
//!   n8{{"BackOff"}}:::wait
//!   n9(["ExportDone"]):::succeed
//!   n10(["ExportFailed"]):::fail
//!   n11(["PollingTimedOut"]):::fail
//!   n12(["StateMachineErrorFallback"]):::fail
//!   n2 --> n3
//!   n2 -.->|"States.ALL"| n12
//!   n3 --> n4
//!   n4 --> n5
//!   n5 --> n6
//!   n6 --> n7
//!   n6 -.->|"States.ALL"| n12
//!   n7 -->|"$.job.status == #quot;SUCCEEDED#quot;"| n9
//!   n7 -->|"$.job.status == #quot;FAILED#quot;"| n10
//!   n7 -->|"$.polls.count #gt;= 100"| n11
//!   n7 -->|"$.job.retry_after is present and $.job.…"| n8
//!   n7 -->|"default"| n4
//!   n8 --> n5
//!   n9 --> n1
//!   n10 --> n1
//!   n11 --> n1
//!   n12 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: two export functions and the ExportAndWait machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("export-service");
    let start_export = service
        .function("start_export", "exports.handler.start")
        .description("Starts an asynchronous export job and returns its id");
    let get_export_status = service
        .function("get_export_status", "exports.handler.status")
        .description("Returns the export job's status and an optional retry_after")
        .timeout(10);

    let machine = state_machine! {
        /// Starts an export and polls it until it finishes.
        ExportAndWait(timeout: 7200) {
            task StartExport(start_export, result_path: "$.job")
                .retry(["States.ALL"], interval: 2, max_attempts: 3, backoff: 2.0);
            pass InitPolls(result: { "count": 0 }, result_path: "$.polls");

            wait WaitBeforePoll(seconds: 30);
            pass CountPoll(
                parameters: { "count.$": "States.MathAdd($.polls.count, 1)" },
                result_path: "$.polls",
            );
            /// Reads the job record and returns it updated with `status` and,
            /// when the job wants a longer pause, `retry_after` (seconds).
            task GetExportStatus(get_export_status, input_path: "$.job", result_path: "$.job", timeout: 30)
                .retry(["Lambda.TooManyRequestsException", "States.Timeout"], interval: 5, max_attempts: 5, backoff: 2.0);

            /// The loop's exit: done, failed, too many polls, or poll again.
            choice IsExportDone {
                "$.job.status" == "SUCCEEDED" => ExportDone,
                "$.job.status" == "FAILED" => ExportFailed,
                "$.polls.count" >= 100 => PollingTimedOut,
                "$.job.retry_after".is_present()
                    && "$.job.retry_after".is_numeric()
                    && "$.job.retry_after" > 30 => BackOff,
                _ => WaitBeforePoll,
            }
            /// The job asked for a longer pause.
            wait BackOff(seconds_path: "$.job.retry_after") -> CountPoll;

            succeed ExportDone;
            fail ExportFailed(error: "ExportFailed", cause: "The export job reported FAILED");
            fail PollingTimedOut(error: "PollingTimedOut", cause: "The export job did not finish after 100 polls");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
