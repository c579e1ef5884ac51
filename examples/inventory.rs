//! An inventory flow on two DynamoDB tables, an EventBridge bus and an SNS
//! topic, all declared by the service: read the stock of an item, reserve
//! it with a conditional update, record the order, announce it on the bus;
//! alert the topic when the item is out of stock. The role gets each
//! DynamoDB action on its own table, `events:PutEvents` on the bus and
//! `sns:Publish` on the topic.
//! `cargo run --example inventory` prints the serverless.yml.
//!
//! ```mermaid
//! flowchart TD
//!   classDef marker fill:#333,stroke:#333,color:#fff
//!   classDef task fill:#e8f0fe,stroke:#4a6fa5
//!   classDef pass fill:#f1f3f4,stroke:#80868b
//!   classDef choice fill:#fef7e0,stroke:#b06000
//!   classDef wait fill:#f3e8fd,stroke:#8430ce
//!   classDef succeed fill:#e6f4ea,stroke:#137333
//!   classDef fail fill:#fce8e6,stroke:#c5221f
//!   classDef parallel fill:#e4f7fb,stroke:#007b83
//!   classDef map fill:#e4f7fb,stroke:#007b83
//!   n0(("start")):::marker
//!   n1(("end")):::marker
//!   n2["ReadStock"]:::task
//!   n3{"InStock"}:::choice
//!   n4["ReserveStock"]:::task
//!   n5["RecordOrder"]:::task
//!   n6["AnnounceOrder"]:::task
//!   n7["AlertOutOfStock"]:::task
//!   n8(["OutOfStock"]):::fail
//!   n2 --> n3
//!   n3 -->|"$.stock.Item is present"| n4
//!   n3 -->|"default"| n7
//!   n4 --> n5
//!   n4 -.->|"DynamoDB.ConditionalCheckFailedException"| n7
//!   n5 --> n6
//!   n6 --> n1
//!   n7 --> n8
//!   n8 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: the tables, the bus, the topic and the Reserve machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("inventory");
    let stock = service.dynamodb_table("StockTable", "sku");
    let orders = service.dynamodb_table("OrdersTable", "orderId");
    let bus = service.event_bus("OrdersBus", "inventory-orders-${sls:stage}");
    let alerts = service.sns_topic("StockAlerts");

    let machine = state_machine! {
        /// Reserves stock for an order.
        Reserve(auto_catch: false) {
            task ReadStock("dynamodb:getItem", parameters: {
                "TableName": (stock.name()),
                "Key": { "sku": { "S.$": "$.sku" } }
            }, result_path: "$.stock");
            choice InStock {
                "$.stock.Item".is_present() => ReserveStock,
                _ => AlertOutOfStock,
            }
            task ReserveStock("dynamodb:updateItem", parameters: {
                "TableName": (stock.name()),
                "Key": { "sku": { "S.$": "$.sku" } },
                "UpdateExpression": "SET quantity = quantity - :q",
                "ConditionExpression": "quantity >= :q",
                "ExpressionAttributeValues": { ":q": { "N.$": "States.Format('{}', $.quantity)" } }
            }, result_path: null)
                .catch(["DynamoDB.ConditionalCheckFailedException"] => AlertOutOfStock, result_path: "$.error");
            task RecordOrder("dynamodb:putItem", parameters: {
                "TableName": (orders.name()),
                "Item": {
                    "orderId": { "S.$": "$.orderId" },
                    "sku": { "S.$": "$.sku" },
                    "quantity": { "N.$": "States.Format('{}', $.quantity)" }
                }
            }, result_path: null);
            task AnnounceOrder("events:putEvents", parameters: {
                "Entries": [{
                    "EventBusName": (bus.name()),
                    "Source": "inventory.reserve",
                    "DetailType": "OrderReserved",
                    "Detail": { "orderId.$": "$.orderId", "sku.$": "$.sku" }
                }]
            }, result_path: null) -> end;
            task AlertOutOfStock("sns:publish", parameters: {
                "TopicArn": (alerts.arn()),
                "Subject": "Out of stock",
                "Message.$": "States.Format('No stock of {} for order {}', $.sku, $.orderId)"
            }, result_path: null) -> OutOfStock;
            fail OutOfStock(error: "OutOfStock", cause: "the item is out of stock");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
