use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let fetch_user = service.function("fetch_user", "users.handler.fetch_user");
    let save_user = service.function("save_user", "users.handler.save_user");
    let machine = state_machine! {
        Signup {
            task(fetch_user) -> SaveUsr;
            task SaveUser(save_user);
        }
    };
    service.add_state_machine(machine);
}
