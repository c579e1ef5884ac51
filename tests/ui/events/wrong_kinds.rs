// Values of the wrong kind, out of range, and settings that exclude each other.
use serverless_builder::prelude::*;

fn main() {
    let _ = state_machine! {
        Orders(
            type: express,
            events: [
                http(post, "orders", timeout_in_millis: 40000, cors: { origin: "*", origins: ["a"] }),
                event_bridge(pattern: { "source": ["shop"] }, enabled: "yes"),
            ],
            retain: 3,
            encryption: { kms_key_id: "alias/orders" },
            notifications: { failed: [{ sns: "arn:aws:sns:us-east-1:1:a", sqs: "arn:aws:sqs:us-east-1:1:b" }] },
        ) {
            pass Start;
        }
    };
}
