use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Signup(auto_catch: false) {
            pass Normalize(result: { "ok": true }).catch(["States.ALL"] => Failed);
            task(fetch_user) -> end;
            fail Failed;
        }
    };
    service.add_state_machine(machine);
}
