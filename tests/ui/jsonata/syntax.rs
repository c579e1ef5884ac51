use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Syntax(query_language: jsonata) {
            pass Unclosed(output: "{% $sum($states.input.items %}");
            pass Dangling(output: { "x": "{% 10 + * 2 %}" });
            pass Number(output: ["{% 420. %}"]);
            pass Half(output: "{% $states.input");
            pass Coalesce(output: "{% $states.input.a ?? 1 %}");
            pass Elvis(output: "{% $states.input.a ?: 1 %}");
        }
    };
    let _ = machine;
}
