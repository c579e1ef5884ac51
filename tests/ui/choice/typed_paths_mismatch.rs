use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice OverLimit {
                num("$.spent") > string("$.limit") => Block,
                _ => Allow,
            }
            fail Block(error: "OverLimit");
            succeed Allow;
        }
    };
    service.add_state_machine(machine);
}
