use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let send_email = service.function("send_email", "users.handler.send_email");
    let machine = state_machine! {
        Notify(auto_catch: false) {
            task Send(fetch_user);
            map SendAll(items_path: "$.users") {
                task Send(send_email);
            }
        }
    };
    service.add_state_machine(machine);
}
