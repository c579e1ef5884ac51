use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Notify(auto_catch: false) {
            map SendAll(items_path: "$.users") {}
        }
    };
    service.add_state_machine(machine);
}
