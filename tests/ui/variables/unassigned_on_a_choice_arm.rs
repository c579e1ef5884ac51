use serverless_builder::prelude::*;

// The `Small` arm skips the assignment of `$size`, which `Use` reads.
fn main() {
    let machine = state_machine! {
        Sizes(query_language: jsonata) {
            choice Enough {
                "{% $states.input.n > 10 %}" => Big(assign: { "size": "big" }),
                "{% $states.input.n < 0 %}" => Small,
                _ => Use(assign: { "size": "other" }),
            }
            pass Big -> Use;
            pass Small -> Use;
            pass Use(output: { "size": "{% $size %}" });
        }
    };
    let _ = machine;
}
