use serverless_builder::prelude::*;

// The child executions of an Express Distributed Map are Express workflows:
// request-response integrations only.
fn main() {
    let machine = state_machine! {
        Children(auto_catch: false) {
            map Each(mode: distributed, execution_type: express, items_path: "$.items") {
                task Ask("sqs:sendMessage.waitForTaskToken", parameters: {
                    "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                    "MessageBody": { "token.$": "$$.Task.Token" }
                });
            }
        }
    };
    let _ = machine;
}
