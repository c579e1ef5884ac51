use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Route {
            choice IsAdmin {
                "role".is_present() => AdminFlow,
                _ => UserFlow,
            }
            pass AdminFlow -> end;
            pass UserFlow;
        }
    };
    service.add_state_machine(machine);
}
