use serverless_builder::prelude::*;

// Only the catch path assigns `$failure`; the normal path reaches `Report`
// without it.
fn main() {
    let machine = state_machine! {
        Charge(query_language: jsonata, auto_catch: false) {
            task Pay("arn:aws:states:::lambda:invoke", arguments: { "FunctionName": "pay" })
                .catch(["States.ALL"] => Report, assign: { "failure": "{% $states.errorOutput.Error %}" })
                -> Report;
            pass Report(output: { "failure": "{% $failure %}" });
        }
    };
    let _ = machine;
}
