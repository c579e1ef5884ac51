use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let send_email = service.function("send_email", "users.handler.send_email");
    let machine = state_machine! {
        Notify(auto_catch: false) {
            map SendAll(items_path: "$.users", max_concurrency: "5") {
                task(send_email);
            }
        }
    };
    service.add_state_machine(machine);
}
