use serverless_builder::prelude::*;

fn main() {
    let machine = state_machine! {
        Unknown(auto_catch: false) {
            task A("dynamo:putItem", parameters: { "TableName": "t", "Item": {} });
            task B("dynamodb:putItems", parameters: { "TableName": "t", "Item": {} });
            task C("arn:aws:states:::dynamodb:createTable", parameters: { "TableName": "t" });
            task D("aws-sdk:S3:GetObject", parameters: { "Bucket": "b", "Key": "k" });
            task E("arn:aws:states:::lambda:invoke.async", parameters: { "FunctionName": "f" });
        }
    };
    let _ = machine;
}
