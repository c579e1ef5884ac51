//! A Standard workflow started by EventBridge: every `OrderPlaced` event on
//! the shop's bus records the order in DynamoDB and announces it on SNS.
//! Failed and timed-out executions are reported (notifications to a topic
//! and a queue), and CloudWatch alarms watch failures and timeouts.
//! `cargo run --example order_events` prints the serverless.yml.
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
//!   n2["Record<br/>retry ×5"]:::task
//!   n3["Announce"]:::task
//!   n2 --> n3
//!   n3 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: a bus, a table, a topic, a queue and the Fulfil machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("shop");
    let bus = service.event_bus("ShopBus", "shop-${sls:stage}");
    let orders = service.dynamodb_table("Orders", "orderId");
    let alerts = service.sns_topic("Alerts");
    let failures = service.sqs_queue("Failures");

    let machine = state_machine! {
        /// Records and announces each placed order.
        Fulfil(
            auto_catch: false,
            events: [event_bridge(
                pattern: { "source": ["shop.checkout"], "detail-type": ["OrderPlaced"] },
                event_bus: (bus.name()),
                input_path: "$.detail",
                retry_policy: { maximum_event_age_in_seconds: 3600, maximum_retry_attempts: 5 },
                dead_letter: (failures.arn()),
            )],
            alarms: {
                topics: { alarm: (alerts.arn()) },
                metrics: [executions_failed, executions_timed_out],
                treat_missing_data: not_breaching,
            },
            notifications: {
                failed: [{ sns: (alerts.arn()) }],
                timed_out: [{ sqs: (failures.arn()) }],
            },
            tags: { "team": "fulfilment" },
            timeout: 300,
        ) {
            task Record("dynamodb:putItem", parameters: {
                "TableName": (orders.name()),
                "Item": {
                    "orderId": { "S.$": "$.orderId" },
                    "total": { "N.$": "States.Format('{}', $.total)" }
                }
            }, result_path: null)
                .retry(["DynamoDB.ProvisionedThroughputExceededException"], max_attempts: 5, backoff: 2.0);
            task Announce("sns:publish", parameters: {
                "TopicArn": (alerts.arn()),
                "Subject": "Order placed",
                "Message.$": "States.Format('Order {} placed', $.orderId)"
            }, result_path: null) -> end;
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
