use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice IsAdmin {
                "$.role" == "admin" => AdminFlow,
                _ => UserFlow,
            }
            pass AdminFlw;
            pass UserFlow;
        }
    };
    service.add_state_machine(machine);
}
