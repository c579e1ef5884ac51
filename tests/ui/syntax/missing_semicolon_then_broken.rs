use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Signup {
            task(fetch_user)
            pass Normalize(result: { "ok": true });
            pass Broken(result: { "a" 1 });
            succeed Done;
        }
    };
    service.add_state_machine(machine);
}
