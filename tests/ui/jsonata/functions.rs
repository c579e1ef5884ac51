use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Functions(query_language: jsonata) {
            pass A(output: {
                "eval": "{% $eval('1 + 1') %}",
                "typo": "{% $summ($states.input.prices) %}",
                "arity": "{% $substring() %}",
                "aws": "{% $partition($states.input.items, 2) %}",
                "uuid": "{% $uuid(1) %}",
                "lambda": "{% $map($states.input.items, function($v) { $v * 2 }) %}",
                "local": "{% ($f := function($x) { $x + 1 }; $f(1)) %}"
            });
        }
    };
    let _ = machine;
}
