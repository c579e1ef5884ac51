//! A polling loop: start a long-running export job, then wait → check its
//! status → choice, looping back to the wait until the job reports
//! `"SUCCEEDED"` (→ `succeed`) or `"FAILED"` (→ `fail`), or until too many
//! polls (→ `fail`). Shows `->` transitions (back edges of the loop), a
//! `seconds` wait and a `seconds_path` wait (the job may ask for a longer
//! pause), a poll counter kept with the `States.MathAdd` intrinsic, and the
//! choice as the loop's only exit.
//! `cargo run --example polling_loop` prints the whole serverless.yml.

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
