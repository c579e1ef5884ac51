use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        States(query_language: jsonata, auto_catch: false) {
            task Call("arn:aws:states:::lambda:invoke",
                arguments: { "FunctionName": "f", "Payload": "{% $states.result %}" },
                output: "{% $states.result.Payload %}"
            )
                .catch(["States.ALL"] => Failed, output: { "error": "{% $states.errorOutput %}" });
            pass After(output: { "error": "{% $states.errorOutput %}", "typo": "{% $states.inptu %}" });
            fail Failed(error: "Failed", cause: "{% $states.input.Cause %}");
        }
    };
    let _ = machine;
}
