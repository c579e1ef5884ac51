use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Poller(auto_catch: false) {
            wait Pause(seconds: 10, timestamp_path: "$.until");
            task(fetch_user);
        }
    };
    service.add_state_machine(machine);
}
