use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let machine = state_machine! {
        Signup(auto_catc: true, timeout: 0) {
            task(fetch_user, timeout: 10, heartbeat: 20) -> Sav;
            pass Save(input_path: "user");
            succeed Done -> Save;
            wait Pause;
            pass Save;
        }
    };
    service.add_state_machine(machine);
}
