use serverless_builder::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut service = Service::new("task-service");
    let get_all_users = service
        .function("get_all_users", "task_service.handler.get_all_users")
        .description("Returns with all users (for scheduling tasks)");
    let weekly_task = service
        .function("weekly_task", "task_service.handler.weekly_tasks")
        .description("Schedules tasks for a user on each week")
        .timeout(30);
    let weekly = StateMachine::builder("Weekly")
        .machine_type(MachineType::Express)
        .auto_fallback(false)
        .auto_catch(false)
        .event(Schedule::new("0 18 ? * SAT *").input(Json::object([("start", "true")])))
        .state(Task::function(&get_all_users))
        .state(
            Parallel::new("ProcessAndContinue")
                .branch(
                    Branch::new().state(
                        Map::new("ProcessUser")
                            .items_path("$.user_ids")
                            .max_concurrency(1)
                            .state(Task::new("ProcessFunction", &weekly_task)),
                    ),
                )
                .branch(
                    Branch::new()
                        .state(
                            Choice::new("ContinueIfMoreUsers")
                                .when(Rule::is_present("$.PaginationToken"), "Restart")
                                .otherwise("NoMoreUsers"),
                        )
                        .state(Succeed::new("NoMoreUsers"))
                        .state(
                            Task::new("Restart", "arn:aws:states:::states:startExecution")
                                .parameters(Json::object([
                                    (
                                        "Input",
                                        Json::object([("PaginationToken.$", "$.PaginationToken")]),
                                    ),
                                    ("StateMachineArn", Json::MachineArn),
                                ])),
                        ),
                ),
        )
        .build()?;
    service.add_state_machine(weekly);
    print!("{}", service.to_yaml()?);
    Ok(())
}
