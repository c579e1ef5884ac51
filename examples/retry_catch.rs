//! An order pipeline that shows error handling in the `state_machine!`
//! language: several retriers per task (specific errors first, with
//! `interval`, `max_attempts`, `backoff`, `max_delay` and `jitter`, then
//! `["States.ALL"]` last), `.catch([...] => Handler, result_path: "$.error")`
//! into a compensating task and a `fail` state with `error`/`cause`,
//! `timeout`/`heartbeat`, `result_path`/`output_path`/`result_selector`, and the
//! default `auto_catch` into the generated `StateMachineErrorFallback`
//! (`ValidateOrder` and `SendConfirmation` have no `.catch` of their own).
//! `cargo run --example retry_catch` prints the whole serverless.yml.
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
//!   n2["ValidateOrder<br/>retry ×5"]:::task
//!   n3["ReserveStock<br/>retry ×3"]:::task
//!   n4["ChargeCard<br/>retry ×4"]:::task
//!   n5["SendConfirmation<br/>retry ×3"]:::task
//!   n6["ReleaseStock<br/>retry ×6"]:::task
//!   n7(["PaymentFailed"]):::fail
//!   n8(["OrderRejected"]):::fail
//!   n9(["OrderFailed"]):::fail
//!   n10(["StateMachineErrorFallback"]):::fail
//!   n2 --> n3
//!   n2 -.->|"States.ALL"| n10
//!   n3 --> n4
//!   n3 -.->|"OutOfStock"| n8
//!   n3 -.->|"States.ALL"| n9
//!   n4 --> n5
//!   n4 -.->|"CardDeclined, InsufficientFu (+1 more)"| n6
//!   n5 --> n1
//!   n5 -.->|"States.ALL"| n10
//!   n6 --> n7
//!   n6 -.->|"States.ALL"| n9
//!   n7 --> n1
//!   n8 --> n1
//!   n9 --> n1
//!   n10 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: five order functions and the ProcessOrder machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("order-service");
    let validate_order = service
        .function("validate_order", "orders.handler.validate")
        .description("Checks the order's items and address");
    let reserve_stock = service
        .function("reserve_stock", "orders.handler.reserve")
        .description("Reserves the ordered items in the warehouse")
        .timeout(20);
    let charge_card = service
        .function("charge_card", "orders.handler.charge")
        .description("Charges the customer's card")
        .timeout(60);
    let release_stock = service
        .function("release_stock", "orders.handler.release")
        .description("Releases a reservation after a failed payment");
    let send_confirmation = service
        .function("send_confirmation", "orders.handler.confirm")
        .description("E-mails the order confirmation");

    let machine = state_machine! {
        /// Validates an order, reserves stock, charges the card and confirms;
        /// a failed payment releases the reservation.
        ProcessOrder(timeout: 3600) {
            task(validate_order, result_path: "$.validation")
                .retry(["Lambda.TooManyRequestsException", "Lambda.ServiceException"], interval: 1, max_attempts: 5, backoff: 2.0, max_delay: 20, jitter: full)
                .retry(["States.ALL"], max_attempts: 2);

            /// Waits for the warehouse, which reports progress with heartbeats.
            task ReserveStock(reserve_stock,
                timeout: 300,
                heartbeat: 60,
                result_selector: {
                    "reservation_id.$": "$.reservation_id",
                    "expires_at.$": "$.expires_at",
                },
                result_path: "$.reservation",
            )
                .retry(["States.HeartbeatTimeout"], interval: 5, max_attempts: 2)
                .retry(["OutOfStock"], max_attempts: 0)
                .retry(["States.ALL"], interval: 2, max_attempts: 3, backoff: 1.5)
                .catch(["OutOfStock"] => OrderRejected, result_path: "$.error")
                .catch(["States.ALL"] => OrderFailed, result_path: "$.error");

            task ChargeCard(charge_card, timeout: 120, result_path: "$.payment")
                .retry(["PaymentGatewayTimeout", "States.Timeout"], interval: 3, max_attempts: 4, backoff: 2.0, max_delay: 60, jitter: full)
                .retry(["CardDeclined"], max_attempts: 0)
                .retry(["States.ALL"], interval: 1, max_attempts: 2, jitter: none)
                .catch(["CardDeclined", "InsufficientFunds"] => ReleaseStock, result_path: "$.error")
                .catch(["States.ALL"] => ReleaseStock, result_path: "$.error");

            task SendConfirmation(send_confirmation, result_path: null, output_path: "$.payment")
                .retry(["States.ALL"], interval: 10, max_attempts: 3, backoff: 3.0)
                -> end;

            /// Compensation: undo the reservation, then fail the execution.
            task ReleaseStock(release_stock, parameters: {
                "reservation_id.$": "$.reservation.reservation_id",
                "reason.$": "$.error.Cause",
            }, result_path: "$.release")
                .retry(["States.ALL"], interval: 2, max_attempts: 6, backoff: 2.0, max_delay: 30)
                .catch(["States.ALL"] => OrderFailed, result_path: "$.error")
                -> PaymentFailed;

            fail PaymentFailed(error: "PaymentFailed", cause: "The card was declined; the reservation was released");
            fail OrderRejected(error: "OutOfStock", cause: "Some items are not in stock");
            fail OrderFailed(error: "OrderFailed", cause: "The order could not be processed");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
