//! A saga with compensations: book a flight, a hotel and a payment; when a
//! step fails, undo the ones before it in reverse order and tell the
//! traveller on an SNS topic the service declares. Every task calls Lambda's
//! optimized integration on a service function (`lambda(f)`), and the
//! machine's role gets exactly the permissions its tasks need.
//! `cargo run --example saga` prints the serverless.yml.
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
//!   n2["ReserveFlight<br/>retry ×3"]:::task
//!   n3["ReserveHotel"]:::task
//!   n4["ChargePayment"]:::task
//!   n5["ConfirmTrip"]:::task
//!   n6["NotifySuccess"]:::task
//!   n7["RefundPayment"]:::task
//!   n8["CancelHotel"]:::task
//!   n9["CancelFlight"]:::task
//!   n10["NotifyFailure"]:::task
//!   n11(["Failed"]):::fail
//!   n2 --> n3
//!   n2 -.->|"States.ALL"| n10
//!   n3 --> n4
//!   n3 -.->|"States.ALL"| n9
//!   n4 --> n5
//!   n4 -.->|"States.ALL"| n8
//!   n5 --> n6
//!   n5 -.->|"States.ALL"| n7
//!   n6 --> n1
//!   n7 --> n8
//!   n8 --> n9
//!   n9 --> n10
//!   n10 --> n11
//!   n11 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: seven functions, a topic and the Booking machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("travel");
    let reserve_flight = service.function("reserve_flight", "travel.handler.reserve_flight");
    let reserve_hotel = service.function("reserve_hotel", "travel.handler.reserve_hotel");
    let charge_payment = service.function("charge_payment", "travel.handler.charge_payment");
    let cancel_flight = service.function("cancel_flight", "travel.handler.cancel_flight");
    let cancel_hotel = service.function("cancel_hotel", "travel.handler.cancel_hotel");
    let refund_payment = service.function("refund_payment", "travel.handler.refund_payment");
    let confirm_trip = service.function("confirm_trip", "travel.handler.confirm_trip");
    let topic = service.sns_topic("BookingNotifications");

    let machine = state_machine! {
        /// Books a trip; undoes what was booked when a step fails.
        Booking(auto_catch: false) {
            task ReserveFlight(lambda(reserve_flight), result_path: "$.flight")
                .retry(["Lambda.ServiceException", "Lambda.TooManyRequestsException"], max_attempts: 3, backoff: 2.0)
                .catch(["States.ALL"] => NotifyFailure, result_path: "$.error");
            task ReserveHotel(lambda(reserve_hotel), result_path: "$.hotel")
                .catch(["States.ALL"] => CancelFlight, result_path: "$.error");
            task ChargePayment(lambda(charge_payment), result_path: "$.payment")
                .catch(["States.ALL"] => CancelHotel, result_path: "$.error");
            task ConfirmTrip(lambda(confirm_trip), result_path: "$.confirmation")
                .catch(["States.ALL"] => RefundPayment, result_path: "$.error");
            task NotifySuccess("sns:publish", parameters: {
                "TopicArn": (topic.arn()),
                "Subject": "Trip booked",
                "Message.$": "States.Format('Trip {} is booked', $.tripId)"
            }) -> end;
            // The compensations, in the reverse order of the bookings.
            task RefundPayment(lambda(refund_payment), payload_path: "$.payment", result_path: "$.refund");
            task CancelHotel(lambda(cancel_hotel), payload_path: "$.hotel", result_path: "$.cancelHotel");
            task CancelFlight(lambda(cancel_flight), payload_path: "$.flight", result_path: "$.cancelFlight");
            task NotifyFailure("sns:publish", parameters: {
                "TopicArn": (topic.arn()),
                "Subject": "Trip not booked",
                "Message.$": "States.JsonToString($.error)"
            }, result_path: null) -> Failed;
            fail Failed(error: "BookingFailed", cause: "a step of the booking failed; what was booked is undone");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
