use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice IsActive {
                "$.active" < true => Active,
                _ => Inactive,
            }
            pass Active -> end;
            pass Inactive;
        }
    };
    service.add_state_machine(machine);
}
