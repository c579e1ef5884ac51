use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Parameters(auto_catch: false) {
            task Put("dynamodb:putItem", parameters: { "TableName": "orders" });
            task Send("sqs:sendMessage");
            task Wait("sqs:sendMessage.waitForTaskToken", parameters: {
                "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                "MessageBody": { "order.$": "$" }
            });
        }
    };
    let _ = machine;
}
