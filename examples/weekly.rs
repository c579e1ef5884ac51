//! The seed's "Weekly" workflow, written in the `state_machine!` language.
//! `cargo run --example weekly` prints the whole serverless.yml.

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
