//! The examples run on the local engine (`machine.test()`): the paths their
//! documentation promises, with mocked functions and services.

#[allow(dead_code)]
#[path = "../examples/weekly.rs"]
mod weekly;

#[allow(dead_code)]
#[path = "../examples/saga.rs"]
mod saga;

#[allow(dead_code)]
#[path = "../examples/quote_api.rs"]
mod quote_api;

#[allow(dead_code)]
#[path = "../examples/approval.rs"]
mod approval;

#[allow(dead_code)]
#[path = "../examples/inventory.rs"]
mod inventory;

#[allow(dead_code)]
#[path = "../examples/order_events.rs"]
mod order_events;

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

#[test]
fn quote_api_answers_with_the_total() {
    let quote = machine(quote_api::service().unwrap());
    let execution = quote
        .test()
        .input(json!({ "basket": { "items": [{ "sku": "s-1", "quantity": 2 }] }, "country": "FR" }))
        .mock("Price", |basket| {
            assert_eq!(
                basket,
                &Json::from(json!({ "items": [{ "sku": "s-1", "quantity": 2 }] }))
            );
            Ok(json!({ "net": 2400 }).into())
        })
        .mock("Tax", |request| {
            assert_eq!(
                request,
                &Json::from(json!({ "net": 2400, "country": "FR" }))
            );
            Ok(json!({ "tax": 480 }).into())
        })
        .run()
        .unwrap();
    assert_eq!(
        execution.output(),
        &Json::from(json!({ "net": 2400, "tax": 480, "total": 2880 }))
    );
    // A throttled pricing function is retried after 1 s, then 2 s.
    let retried = quote
        .test()
        .input(json!({ "basket": {}, "country": "FR" }))
        .mock("Price", |_| Ok(json!({ "net": 0 }).into()))
        .mock("Tax", |_| Ok(json!({ "tax": 0 }).into()))
        .fail_times("Price", 2, "Lambda.TooManyRequestsException", "slow down")
        .run()
        .unwrap();
    assert!(retried.succeeded(), "{retried}");
    assert_eq!(retried.elapsed_seconds(), 3.0);
}

#[test]
fn order_events_records_then_announces_the_order() {
    let fulfil = machine(order_events::service().unwrap());
    let execution = fulfil
        .test()
        .input(json!({ "orderId": "o-1", "total": 42 }))
        .mock_resource("arn:aws:states:::dynamodb:putItem", |request| {
            assert_eq!(
                request.get("Item"),
                Some(&Json::from(
                    json!({ "orderId": { "S": "o-1" }, "total": { "N": "42" } })
                ))
            );
            Ok(json!({}).into())
        })
        .mock_resource("arn:aws:states:::sns:publish", |request| {
            assert_eq!(
                request.get("Message"),
                Some(&Json::from("Order o-1 placed"))
            );
            Ok(json!({ "MessageId": "m-1" }).into())
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.output(),
        &Json::from(json!({ "orderId": "o-1", "total": 42 }))
    );
    assert_eq!(execution.states_entered(), ["Record", "Announce"]);
}

#[test]
fn approval_waits_for_the_callback_or_expires_after_a_day() {
    let flow = machine(approval::service().unwrap());
    let approved = flow
        .test()
        .input(json!({ "amount": 120 }))
        .mock("RequestApproval", |payload| {
            // The function gets the expense and the token to call back with.
            assert_eq!(
                payload.get("expense"),
                Some(&json!({ "amount": 120 }).into())
            );
            assert!(payload.get("taskToken").and_then(Json::as_str).is_some());
            Ok(json!({ "approved": true }).into())
        })
        .takes("RequestApproval", 3600.0)
        .run()
        .unwrap();
    assert!(approved.succeeded(), "{approved}");
    assert_eq!(
        approved.states_entered(),
        ["RequestApproval", "Decide", "Approved"]
    );
    let expired = flow
        .test()
        .mock(
            "RequestApproval",
            |_| Ok(json!({ "approved": true }).into()),
        )
        .takes("RequestApproval", 2.0 * 86_400.0)
        .run()
        .unwrap();
    assert_eq!(expired.error(), Some("ApprovalExpired"));
    assert_eq!(expired.elapsed_seconds(), 86_400.0);
}

#[test]
fn inventory_reserves_or_alerts() {
    let reserve = machine(inventory::service().unwrap());
    let order = json!({ "sku": "s-1", "orderId": "o-1", "quantity": 2 });
    fn with_stock<'m>(
        test: serverless_builder::run::Test<'m>,
        order: &serde_json::Value,
    ) -> serverless_builder::run::Test<'m> {
        test.input(order.clone())
            .mock_resource("arn:aws:states:::dynamodb:getItem", |_| {
                Ok(json!({ "Item": { "sku": { "S": "s-1" }, "quantity": { "N": "5" } } }).into())
            })
            .mock_resource(
                "arn:aws:states:::dynamodb:putItem",
                |_| Ok(json!({}).into()),
            )
            .mock_resource("arn:aws:states:::events:putEvents", |_| {
                Ok(json!({ "FailedEntryCount": 0 }).into())
            })
            .mock_resource("arn:aws:states:::sns:publish", |_| {
                Ok(json!({ "MessageId": "m" }).into())
            })
    }
    let reserved = with_stock(reserve.test(), &order)
        .mock_resource("arn:aws:states:::dynamodb:updateItem", |_| {
            Ok(json!({}).into())
        })
        .run()
        .unwrap();
    assert!(reserved.succeeded(), "{reserved}");
    assert_eq!(
        reserved.states_entered(),
        [
            "ReadStock",
            "InStock",
            "ReserveStock",
            "RecordOrder",
            "AnnounceOrder"
        ]
    );
    // The conditional update fails when another order took the stock.
    let raced = with_stock(reserve.test(), &order)
        .mock_resource("arn:aws:states:::dynamodb:updateItem", |_| {
            Err(Failure::new(
                "DynamoDB.ConditionalCheckFailedException",
                "quantity >= :q",
            ))
        })
        .run()
        .unwrap();
    assert_eq!(raced.error(), Some("OutOfStock"));
    assert_eq!(
        raced.states_entered(),
        [
            "ReadStock",
            "InStock",
            "ReserveStock",
            "AlertOutOfStock",
            "OutOfStock"
        ]
    );
}
