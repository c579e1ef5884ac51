use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("demo");
    let fetch = service.function("fetch", "demo.handler.fetch");
    let _ = state_machine! {
        Demo {
            task(fetch) -> Restrat;
            pass Restart;
            parallel Both {
                branch { pass Inner; }
                branch { pass Other -> Inner; }
            }
        }
    };
}
