use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! { Signup };
    service.add_state_machine(machine);
}
