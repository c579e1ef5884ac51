//! An order-processing workflow in JSONata with variables: a choice on a
//! computed total, a map with per-item output, and a catch that assigns the
//! error. `cargo run --example order_processing` prints the serverless.yml.
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
//!   n2[/"PriceOrder"/]:::pass
//!   n3{"CheckTotal"}:::choice
//!   n4["ManualReview"]:::task
//!   n5[["ReserveItems"]]:::map
//!   n6["Charge<br/>retry ×2"]:::task
//!   n7(["PaymentFailed"]):::fail
//!   n8(["EmptyOrder"]):::succeed
//!   n9(["Done"]):::succeed
//!   subgraph g0["ReserveItems · each item"]
//!     n10["Reserve"]:::task
//!   end
//!   n2 --> n3
//!   n3 -->|"$total #gt; 1000"| n4
//!   n3 -->|"$total = 0"| n8
//!   n3 -->|"default"| n5
//!   n4 --> n5
//!   n5 --> n6
//!   n5 ==> n10
//!   n6 --> n9
//!   n6 -.->|"States.ALL"| n7
//!   n7 --> n1
//!   n8 --> n1
//!   n9 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: three functions and the OrderProcessing machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("orders");
    let reserve = service.function("reserve_item", "orders.handler.reserve_item");
    let charge = service.function("charge_card", "orders.handler.charge_card");
    let review = service.function("request_review", "orders.handler.request_review");

    let machine = state_machine! {
        /// Prices an order, reserves each item, and charges the card.
        OrderProcessing(query_language: jsonata, auto_catch: false) {
            pass PriceOrder(
                // `[…]`: a path over no items is undefined, and so is its
                // `$sum` — which Step Functions fails as
                // States.QueryEvaluationError; an empty array sums to 0.
                assign: {
                    "orderId": "{% $states.input.orderId %}",
                    "total": "{% $sum([$states.input.items.(price * quantity)]) %}"
                },
                output: "{% $states.input.items %}"
            );
            choice CheckTotal {
                "{% $total > 1000 %}" => ManualReview(assign: { "reviewed": true }),
                "{% $total = 0 %}" => EmptyOrder,
                _ => ReserveItems(assign: { "reviewed": false }),
            }
            task ManualReview(review, arguments: { "orderId": "{% $orderId %}", "total": "{% $total %}" })
                -> ReserveItems;
            map ReserveItems(
                items: "{% $states.input %}",
                item_selector: { "sku": "{% $states.context.Map.Item.Value.sku %}", "orderId": "{% $orderId %}" },
                max_concurrency: 5,
                output: "{% $states.result.reservation %}"
            ) {
                task Reserve(reserve, output: { "reservation": "{% $states.result %}" });
            }
            task Charge(charge,
                arguments: { "orderId": "{% $orderId %}", "amount": "{% $total %}", "reviewed": "{% $reviewed %}" },
                output: { "orderId": "{% $orderId %}", "charged": "{% $states.result.amount %}" },
                timeout: "{% $total > 500 ? 120 : 60 %}"
            )
                .retry(["States.TaskFailed"], max_attempts: 2)
                .catch(["States.ALL"] => PaymentFailed,
                    assign: { "failure": "{% $states.errorOutput.Error %}" },
                    output: { "orderId": "{% $orderId %}", "cause": "{% $states.errorOutput.Cause %}" })
                -> Done;
            fail PaymentFailed(error: "PaymentFailed", cause: "{% 'card declined: ' & $failure %}");
            succeed EmptyOrder;
            succeed Done;
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
