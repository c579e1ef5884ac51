use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Conditions(query_language: jsonata) {
            choice Route {
                "{% $states.input.total > 100 %}" => Big(output: { "size": "big" }, comment: "large orders"),
                ("{% $states.input.a %}" && "{% $states.input.b %}") => Small,
                _ => Small,
            }
            succeed Big;
            succeed Small;
        }
    };
    let _ = machine;
}
