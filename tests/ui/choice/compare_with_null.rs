use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice HasUser {
                "$.user" == null => NoUser,
                _ => Found,
            }
            fail NoUser;
            succeed Found;
        }
    };
    service.add_state_machine(machine);
}
