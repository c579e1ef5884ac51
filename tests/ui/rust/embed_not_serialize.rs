use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Signup {
            task(fetch_user, parameters: { "started": (std::time::Instant::now()) });
        }
    };
    service.add_state_machine(machine);
}
