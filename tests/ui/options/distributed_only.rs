use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Batch(auto_catch: false) {
            map Each(items_path: "$.items", label: "each", execution_type: express) {
                pass Work;
            }
        }
    };
    service.add_state_machine(machine);
}
