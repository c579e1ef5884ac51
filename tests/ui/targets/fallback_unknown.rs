use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Signup(auto_fallback: false, fallback: OnError) {
            task(fetch_user);
            succeed Done;
            fail OnErr(error: "Failed");
        }
    };
    service.add_state_machine(machine);
}
