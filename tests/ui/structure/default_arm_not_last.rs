use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice IsAdmin {
                _ => UserFlow,
                "$.role" == "admin" => AdminFlow,
            }
            pass AdminFlow -> end;
            pass UserFlow;
        }
    };
    service.add_state_machine(machine);
}
