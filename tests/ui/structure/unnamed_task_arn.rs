use serverless_builder::prelude::*;

fn main() {
    let mut service = Service::new("users");
    let machine = state_machine! {
        Restart {
            task("arn:aws:states:::states:startExecution", parameters: { "StateMachineArn": self.arn() });
        }
    };
    service.add_state_machine(machine);
}
