use serverless_builder::prelude::*;

// Step Functions evaluates expressions without an input document.
fn main() {
    let machine = state_machine! {
        TopLevel(query_language: jsonata) {
            pass A(output: {
                "bare": "{% orderId %}",
                "dollar": "{% $.total %}",
                "in_call": "{% $sum(prices) %}",
                "fine": "{% $states.input.items[price > 10].name %}"
            });
        }
    };
    let _ = machine;
}
