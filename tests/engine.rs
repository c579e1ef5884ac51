//! The examples run on the local engine (`machine.test()`): the paths their
//! documentation promises, with mocked functions and services.

#[allow(dead_code)]
#[path = "../examples/weekly.rs"]
mod weekly;

#[allow(dead_code)]
#[path = "../examples/saga.rs"]
mod saga;

use serde_json::json;
use serverless_builder::run::{Failure, Status};
use serverless_builder::Json;

fn machine(service: serverless_builder::Service) -> serverless_builder::StateMachine {
    service.state_machines()[0].clone()
}

#[test]
fn weekly_restarts_itself_while_there_are_more_users() {
    let weekly = machine(weekly::service().unwrap());
    let execution = weekly
        .test()
        .input(json!({ "start": "true" }))
        .mock("GetAllUsers", |_| {
            Ok(json!({ "user_ids": ["u1", "u2"], "PaginationToken": "page-2" }).into())
        })
        .mock("ProcessFunction", |user| Ok(user.clone()))
        .mock("Restart", |request| {
            assert_eq!(request.get("Input"), Some(&json!({ "PaginationToken": "page-2" }).into()));
            Ok(json!({ "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Weekly:next" }).into())
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "GetAllUsers",
            "ProcessAndContinue",
            "ProcessUser",
            "ProcessFunction",
            "ProcessFunction",
            "ContinueIfMoreUsers",
            "Restart"
        ]
    );
    assert_eq!(
        execution.output(),
        &Json::from(
            json!([["u1", "u2"], { "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Weekly:next" }])
        )
    );
}

#[test]
fn weekly_ends_when_no_users_are_left() {
    let weekly = machine(weekly::service().unwrap());
    let execution = weekly
        .test()
        .mock("GetAllUsers", |_| Ok(json!({ "user_ids": [] }).into()))
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "GetAllUsers",
            "ProcessAndContinue",
            "ProcessUser",
            "ContinueIfMoreUsers",
            "NoMoreUsers"
        ]
    );
    // Every state entered is a billed transition, and so is the start.
    assert_eq!(execution.billed_transitions(), 6);
}

#[test]
fn saga_undoes_the_bookings_in_reverse_order_when_the_payment_fails() {
    let booking = machine(saga::service().unwrap());
    let execution = booking
        .test()
        .input(json!({ "tripId": "t-1" }))
        .mock_default(|payload| Ok(payload.clone()))
        .mock("ChargePayment", |_| {
            Err(Failure::new("PaymentDeclined", "card refused"))
        })
        .mock(
            "NotifyFailure",
            |_| Ok(json!({ "MessageId": "m-1" }).into()),
        )
        .run()
        .unwrap();
    assert_eq!(
        execution.states_entered(),
        [
            "ReserveFlight",
            "ReserveHotel",
            "ChargePayment",
            "CancelHotel",
            "CancelFlight",
            "NotifyFailure",
            "Failed"
        ]
    );
    assert_eq!(
        execution.status(),
        &Status::Failed {
            error: "BookingFailed".into(),
            cause: "a step of the booking failed; what was booked is undone".into()
        }
    );
}
