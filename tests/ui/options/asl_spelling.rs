use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch");
    let machine = state_machine! {
        Signup {
            task(fetch_user, timeout_seconds: 30)
                .retry(["States.TaskFailed"], backoff_rate: 2.0, max_atempts: 3);
        }
    };
    service.add_state_machine(machine);
}
