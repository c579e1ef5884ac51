use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice Expired {
                "$.expires_at" < timestamp("yesterday") => Renew,
                _ => Done,
            }
            pass Renew -> end;
            succeed Done;
        }
    };
    service.add_state_machine(machine);
}
