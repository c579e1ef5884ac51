use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Poller(auto_catch: false) {
            map EachUser(items_path: "$.users") {
                choice Ready {
                    "$.ready" == true => Again,
                    _ => Again,
                }
                wait Again(seconds: 5) -> Ready;
            }
        }
    };
    service.add_state_machine(machine);
}
