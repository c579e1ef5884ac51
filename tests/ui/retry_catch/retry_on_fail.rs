use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Signup {
            fail Failed(error: "NoUser").retry(["States.ALL"], max_attempts: 2);
        }
    };
    service.add_state_machine(machine);
}
