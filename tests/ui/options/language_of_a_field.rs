use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Shape {
            pass Reshape(output: { "a": 1 });
            pass Other(query_language: jsonata, result_path: "$.x");
        }
    };
    service.add_state_machine(machine);
}
