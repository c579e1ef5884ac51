//! An order-processing workflow in JSONata with variables: a choice on a
//! computed total, a map with per-item output, and a catch that assigns the
//! error. `cargo run --example order_processing` prints the serverless.yml.

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
                assign: {
                    "orderId": "{% $states.input.orderId %}",
                    "total": "{% $sum($states.input.items.(price * quantity)) %}"
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
