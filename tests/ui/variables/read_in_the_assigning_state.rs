use serverless_builder::prelude::*;

// Assignments take effect after their state: `total` is read in the same
// `assign` that sets it.
fn main() {
    let machine = state_machine! {
        Totals(query_language: jsonata) {
            pass Sum(assign: {
                "total": "{% $sum($states.input.prices) %}",
                "withTax": "{% $total * 1.2 %}"
            });
        }
    };
    let _ = machine;
}
