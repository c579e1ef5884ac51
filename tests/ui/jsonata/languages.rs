use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Languages(query_language: jsonata) {
            // A JSONPath state in a JSONata machine.
            pass Old(query_language: jsonpath);
            // JSONPath options in a JSONata state, naming what to write instead.
            task Call("arn:aws:states:::lambda:invoke", parameters: { "FunctionName": "f" }, result_path: "$.r");
            map Each(items_path: "$.items") {
                pass Item;
            }
            choice Route {
                "$.x" == 1 => Each,
                _ => Done,
            }
            succeed Done;
        }
    };
    let _ = machine;
}
