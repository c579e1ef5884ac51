//! A human approval with a callback: the machine hands its task token to a
//! function that emails the approver (`lambda:invoke.waitForTaskToken`) and
//! waits, up to a day, until the link in the email calls the second
//! function, which reports the decision with `SendTaskSuccess`.
//! `cargo run --example approval` prints the serverless.yml.
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
//!   n2["RequestApproval"]:::task
//!   n3{"Decide"}:::choice
//!   n4(["Approved"]):::succeed
//!   n5(["Rejected"]):::fail
//!   n6(["Expired"]):::fail
//!   n2 --> n3
//!   n2 -.->|"States.Timeout"| n6
//!   n2 -.->|"States.ALL"| n5
//!   n3 -->|"$.decision.approved == true"| n4
//!   n3 -->|"default"| n5
//!   n4 --> n1
//!   n5 --> n1
//!   n6 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: the two functions and the Approval machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("expenses");
    let request = service.function("request_approval", "expenses.handler.request_approval");
    // The approver's link: `GET /decision?token=...&approved=true`.
    service
        .function("record_decision", "expenses.handler.record_decision")
        .event(Json::object([(
            "httpApi",
            Json::object([("method", "GET"), ("path", "/decision")]),
        )]));
    // What the callback may do: end the waiting task of this machine's executions.
    let executions =
        "arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:expenses-${sls:stage}-Approval";
    service.provider_mut().iam_statements.push(Json::object([
        ("Effect", Json::from("Allow")),
        (
            "Action",
            Json::array(["states:SendTaskSuccess", "states:SendTaskFailure"]),
        ),
        ("Resource", Json::array([executions])),
    ]));

    let machine = state_machine! {
        /// Asks for an approval and waits for the decision.
        Approval(auto_catch: false) {
            task RequestApproval("lambda:invoke.waitForTaskToken", parameters: {
                "FunctionName": (request),
                "Payload": {
                    "expense.$": "$",
                    "taskToken.$": "$$.Task.Token"
                }
            }, timeout: 86400, result_path: "$.decision")
                .catch(["States.Timeout"] => Expired, result_path: "$.error")
                .catch(["States.ALL"] => Rejected, result_path: "$.error");
            choice Decide {
                "$.decision.approved" == true => Approved,
                _ => Rejected,
            }
            succeed Approved;
            fail Rejected(error: "ExpenseRejected", cause: "the approver rejected the expense");
            fail Expired(error: "ApprovalExpired", cause: "nobody decided within a day");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
