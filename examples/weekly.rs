//! The seed's "Weekly" workflow, written in the `state_machine!` language.
//! `cargo run --example weekly` prints the whole serverless.yml.
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
//!   n2["GetAllUsers"]:::task
//!   n3[["ProcessAndContinue"]]:::parallel
//!   subgraph g0["ProcessAndContinue · branch 1"]
//!     n4[["ProcessUser"]]:::map
//!     subgraph g1["ProcessUser · each item"]
//!       n5["ProcessFunction"]:::task
//!     end
//!   end
//!   subgraph g2["ProcessAndContinue · branch 2"]
//!     n6{"ContinueIfMoreUsers"}:::choice
//!     n7(["NoMoreUsers"]):::succeed
//!     n8["Restart"]:::task
//!   end
//!   n2 --> n3
//!   n3 --> n1
//!   n4 ==> n5
//!   n3 ==> n4
//!   n6 -->|"$.PaginationToken is present"| n8
//!   n6 -->|"default"| n7
//!   n3 ==> n6
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: two functions and the Weekly machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("task-service");
    let get_all_users = service
        .function("get_all_users", "task_service.handler.get_all_users")
        .description("Returns with all users (for scheduling tasks)");
    let weekly_task = service
        .function("weekly_task", "task_service.handler.weekly_tasks")
        .description("Schedules tasks for a user on each week")
        .timeout(30);

    let weekly = state_machine! {
        Weekly(
            type: express,
            auto_fallback: false,
            auto_catch: false,
            events: [schedule("cron(0 18 ? * SAT *)", input: { "start": "true" })],
        ) {
            task(get_all_users);
            parallel ProcessAndContinue {
                branch {
                    map ProcessUser(items_path: "$.user_ids", max_concurrency: 1) {
                        task ProcessFunction(weekly_task);
                    }
                }
                branch {
                    choice ContinueIfMoreUsers {
                        "$.PaginationToken".is_present() => Restart,
                        _ => NoMoreUsers,
                    }
                    succeed NoMoreUsers;
                    task Restart("arn:aws:states:::states:startExecution", parameters: {
                        "Input": { "PaginationToken.$": "$.PaginationToken" },
                        "StateMachineArn": self.arn(),
                    });
                }
            }
        }
    };
    service.add_state_machine(weekly);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
