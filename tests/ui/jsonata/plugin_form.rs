use serverless_builder::prelude::*;

// The asl-validator `serverless package` runs needs `"{% ... %}"` with the
// spaces, on one line.
fn main() {
    let machine = state_machine! {
        Form(query_language: jsonata) {
            pass A(output: { "a": "{%$states.input%}", "b": "{% $states.input.b\n %}" });
        }
    };
    let _ = machine;
}
