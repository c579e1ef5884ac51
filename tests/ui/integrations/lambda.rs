use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("svc");
    let f = service.function("work", "svc.handler.work");
    let machine = state_machine! {
        Lambda(auto_catch: false) {
            task Both(lambda(f), payload: { "a": 1 }, payload_path: "$.a");
            task Twice(lambda(f), parameters: { "FunctionName": "other" });
            task NotLambda("arn:aws:states:::lambda:invoke", payload: { "a": 1 });
            task NoHandle(lambda("work"));
        }
    };
    service.add_state_machine(machine);
}
