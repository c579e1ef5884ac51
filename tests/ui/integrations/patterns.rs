use serverless_builder::prelude::*;

fn main() {
    // Express machines support request-response integrations only.
    let machine = state_machine! {
        Patterns(type: express, auto_catch: false) {
            task Nested("states:startExecution.sync:2", parameters: { "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child" });
            task Table("dynamodb:getItem.waitForTaskToken", parameters: { "TableName": "t", "Key": {} });
            task Sdk("aws-sdk:s3:getObject.sync", parameters: { "Bucket": "b", "Key": "k" });
        }
    };
    let _ = machine;
}
