use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Scopes(query_language: jsonata) {
            pass Start(assign: { "limit": 10, "region": "eu" });
            // A map body reads outer variables but may not assign them.
            map Inline(items: "{% $states.input.items %}") {
                pass Item(assign: { "limit": 5 }, output: "{% $limit %}");
            }
            // A distributed map's iterations are child executions: no outer variables.
            map Remote(items: "{% $states.input.items %}", mode: distributed, execution_type: express) {
                pass RemoteItem(output: "{% $region %}");
            }
            pass End(output: "{% $limt %}");
        }
    };
    let _ = machine;
}
