use serverless_builder::prelude::*;

// In a JSONPath state nothing is evaluated: a `{% %}` string would be sent
// as a literal string.
fn main() {
    let machine = state_machine! {
        Literal {
            pass A(parameters: { "total": "{% $sum($states.input.prices) %}" }, output_path: "$.total");
            fail B(error: "Failed", cause: "{% $states.input.cause %}");
        }
    };
    let _ = machine;
}
