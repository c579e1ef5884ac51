use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Enrich(auto_catch: false) {
            parallel Both {
                branch { task(fetch_user); }
                branch {}
            }
        }
    };
    service.add_state_machine(machine);
}
