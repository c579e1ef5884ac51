//! An inventory flow on two DynamoDB tables, an EventBridge bus and an SNS
//! topic, all declared by the service: read the stock of an item, reserve
//! it with a conditional update, record the order, announce it on the bus;
//! alert the topic when the item is out of stock. The role gets each
//! DynamoDB action on its own table, `events:PutEvents` on the bus and
//! `sns:Publish` on the topic.
//! `cargo run --example inventory` prints the serverless.yml.

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
