use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let fetch_orders = service.function("fetch_orders", "users.handler.fetch_orders");
    let machine = state_machine! {
        Enrich(auto_catch: false) {
            parallel Both {
                branch { task Load(fetch_user); }
                branch { task Load(fetch_orders); }
            }
        }
    };
    service.add_state_machine(machine);
}
