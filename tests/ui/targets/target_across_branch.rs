use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let fetch_orders = service.function("fetch_orders", "users.handler.fetch_orders");
    let machine = state_machine! {
        Enrich {
            parallel Both {
                branch {
                    task(fetch_user);
                    pass Merge;
                }
                branch {
                    task(fetch_orders) -> Merge;
                }
            }
        }
    };
    service.add_state_machine(machine);
}
