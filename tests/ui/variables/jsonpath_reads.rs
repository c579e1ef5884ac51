use serverless_builder::prelude::*;

// Variables in JSONPath states: `.$` values, paths and intrinsic arguments.
fn main() {
    let machine = state_machine! {
        Paths {
            pass Start(assign: { "count": 0, "label.$": "$.name" });
            choice Check {
                "$countt" < 3 => Again,
                _ => Done,
            }
            pass Again(
                assign: { "count.$": "States.MathAdd($count, 1)" },
                parameters: { "who.$": "$lable" }
            ) -> Check;
            succeed Done;
        }
    };
    let _ = machine;
}
