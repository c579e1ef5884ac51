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

#[allow(dead_code)]
#[path = "../examples/order_processing.rs"]
mod order_processing;

#[allow(dead_code)]
#[path = "../examples/csv_map.rs"]
mod csv_map;

#[allow(dead_code)]
#[path = "../examples/choice_rules.rs"]
mod choice_rules;

#[allow(dead_code)]
#[path = "../examples/nested_parallel_in_map.rs"]
mod nested_parallel_in_map;

#[allow(dead_code)]
#[path = "../examples/polling_loop.rs"]
mod polling_loop;

#[allow(dead_code)]
#[path = "../examples/retry_catch.rs"]
mod retry_catch;

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

/// A JSONata machine: the total is computed into a variable, the choice
/// reads it, the map's items and selector are JSONata, the charge's
/// arguments and output read variables and `$states.result`.
#[test]
fn order_processing_charges_a_small_order() {
    let orders = machine(order_processing::service().unwrap());
    let execution = orders
        .test()
        .input(json!({
            "orderId": "o-1",
            "items": [
                { "sku": "a", "price": 10, "quantity": 2 },
                { "sku": "b", "price": 5, "quantity": 1 }
            ]
        }))
        .mock("Reserve", |item| {
            assert_eq!(item.get("orderId"), Some(&Json::from("o-1")));
            Ok(json!({ "reserved": item.get("sku") }).into())
        })
        .mock("Charge", |request| {
            assert_eq!(
                request,
                &Json::from(json!({ "orderId": "o-1", "amount": 25, "reviewed": false }))
            );
            Ok(json!({ "amount": 25 }).into())
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "PriceOrder",
            "CheckTotal",
            "ReserveItems",
            "Reserve",
            "Reserve",
            "Charge",
            "Done"
        ]
    );
    assert_eq!(
        execution.output(),
        &Json::from(json!({ "orderId": "o-1", "charged": 25 }))
    );
}

#[test]
fn order_processing_sends_a_large_order_to_review() {
    let orders = machine(order_processing::service().unwrap());
    let execution = orders
        .test()
        .input(
            json!({ "orderId": "o-2", "items": [{ "sku": "tv", "price": 1500, "quantity": 1 }] }),
        )
        .mock("ManualReview", |request| {
            assert_eq!(
                request,
                &Json::from(json!({ "orderId": "o-2", "total": 1500 }))
            );
            Ok(json!([{ "sku": "tv" }]).into())
        })
        .mock("Reserve", |_| Ok(json!("ok").into()))
        .mock("Charge", |request| {
            assert_eq!(request.get("reviewed"), Some(&Json::from(true)));
            Ok(json!({ "amount": 1500 }).into())
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "PriceOrder",
            "CheckTotal",
            "ManualReview",
            "ReserveItems",
            "Reserve",
            "Charge",
            "Done"
        ]
    );
}

/// The charge is retried twice, then caught: the catcher assigns the
/// error, and the Fail state's JSONata cause reads it.
#[test]
fn order_processing_fails_when_the_card_is_declined() {
    let orders = machine(order_processing::service().unwrap());
    let execution = orders
        .test()
        .input(json!({ "orderId": "o-3", "items": [{ "sku": "a", "price": 1, "quantity": 1 }] }))
        .mock("Reserve", |_| Ok(json!("ok").into()))
        .mock("Charge", |_| {
            Err(Failure::new("Card.Declined", "insufficient funds"))
        })
        .run()
        .unwrap();
    assert_eq!(
        execution.status(),
        &Status::Failed {
            error: "PaymentFailed".into(),
            cause: "card declined: Card.Declined".into()
        }
    );
    assert_eq!(
        execution.states_entered(),
        [
            "PriceOrder",
            "CheckTotal",
            "ReserveItems",
            "Reserve",
            "Charge",
            "PaymentFailed"
        ]
    );
    // Two retries: 1 s, then 2 s on the virtual clock.
    assert_eq!(execution.elapsed_seconds(), 3.0);
}

#[test]
fn order_processing_ends_an_empty_order() {
    let orders = machine(order_processing::service().unwrap());
    let execution = orders
        .test()
        .input(json!({ "orderId": "o-4", "items": [] }))
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        ["PriceOrder", "CheckTotal", "EmptyOrder"]
    );
}

fn csv_rows(n: usize) -> String {
    let mut text = String::from("id,amount\n");
    for i in 0..n {
        text.push_str(&format!("{i},{}\n", i * 10));
    }
    text
}

/// A Distributed Map: the reader's mock returns the file's text, read as
/// CSV (values are strings, as AWS reads them), batched 50 at a time; each
/// batch is a child execution; the results go to the ResultWriter.
#[test]
fn csv_map_processes_every_row_in_batches() {
    let csv = machine(csv_map::service().unwrap());
    let written = std::rc::Rc::new(std::cell::Cell::new(0usize));
    let seen = written.clone();
    let execution = csv
        .test()
        .input(json!({ "key": "in/rows.csv" }))
        .mock_resource("arn:aws:states:::s3:getObject", |request| {
            assert_eq!(request.get("Key"), Some(&Json::from("in/rows.csv")));
            Ok(Json::from(csv_rows(120)))
        })
        .mock("ProcessBatch", |batch| {
            let Some(Json::Array(items)) = batch.get("Items") else {
                panic!("a batch has Items: {batch:?}");
            };
            assert!(items[0].get("amount").and_then(Json::as_str).is_some());
            Ok(Json::from(items.len()))
        })
        .mock_resource("arn:aws:states:::s3:putObject", move |written| {
            let Some(Json::Array(results)) = written.get("Results") else {
                panic!("the writer sees the results");
            };
            seen.set(results.len());
            Ok(Json::Null)
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "ProcessRows",
            "ProcessBatch",
            "ProcessBatch",
            "ProcessBatch"
        ]
    );
    assert_eq!(written.get(), 3);
    let key = execution
        .output()
        .get("ResultWriterDetails")
        .and_then(|d| d.get("Key"))
        .and_then(Json::as_str)
        .unwrap()
        .to_owned();
    assert!(
        key.starts_with("results/") && key.ends_with("/manifest.json"),
        "{key}"
    );
    // Child executions keep their own histories (AWS: "each child workflow
    // execution has its own execution history").
    assert!(execution
        .history()
        .iter()
        .all(|e| e.state.as_deref() != Some("ProcessBatch")));
}

/// One failed batch of three is 33 %, over the 5 % tolerated.
#[test]
fn csv_map_fails_over_the_tolerated_share() {
    let csv = machine(csv_map::service().unwrap());
    let execution = csv
        .test()
        .input(json!({ "key": "in/rows.csv" }))
        .mock("ProcessRows", |_| Ok(Json::from(csv_rows(120))))
        .mock("ProcessBatch", |batch| match batch.get("Items") {
            Some(Json::Array(items)) if items.len() == 20 => {
                Err(Failure::new("Bad.Row", "row 101"))
            }
            _ => Ok(Json::Null),
        })
        .run()
        .unwrap();
    assert_eq!(
        execution.error(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

/// Every example's executions that moto runs in CI
/// (tests/conformance/corpus/example-cases/): the same inputs on the engine
/// give the outcomes moto gives. Tasks answer as in moto: the case's
/// `lambdas` by state name, other functions echo their payload, and
/// DynamoDB has no tables.
#[test]
fn examples_give_on_the_engine_what_they_give_in_moto() {
    let examples: Vec<(&str, serverless_builder::Service)> = vec![
        ("choice_rules", choice_rules::service().unwrap()),
        ("inventory", inventory::service().unwrap()),
        (
            "nested_parallel_in_map",
            nested_parallel_in_map::service().unwrap(),
        ),
        ("order_events", order_events::service().unwrap()),
        ("polling_loop", polling_loop::service().unwrap()),
        ("quote_api", quote_api::service().unwrap()),
        ("retry_catch", retry_catch::service().unwrap()),
        ("saga", saga::service().unwrap()),
        ("weekly", weekly::service().unwrap()),
    ];
    let mut runs = 0;
    for (name, service) in examples {
        let dir = format!(
            "{}/tests/conformance/corpus/example-cases/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let machine_name = file
                .strip_prefix("serverless.")
                .and_then(|f| f.strip_suffix(".cases.json"))
                .unwrap();
            let machine = service
                .state_machines()
                .iter()
                .find(|m| m.name == machine_name)
                .unwrap_or_else(|| panic!("{name}: no machine {machine_name}"))
                .clone();
            let cases: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in cases.as_array().unwrap() {
                let mut test = machine
                    .test()
                    .input(case["input"].clone())
                    .mock_default(|request| Ok(request.clone()))
                    .mock_resource("arn:aws:states:::dynamodb:getItem", |_| {
                        Err(Failure::new(
                            "DynamoDB.ResourceNotFoundException",
                            "no table",
                        ))
                    })
                    .mock_resource("arn:aws:states:::dynamodb:putItem", |_| {
                        Err(Failure::new(
                            "DynamoDB.ResourceNotFoundException",
                            "no table",
                        ))
                    })
                    .mock_resource("arn:aws:states:::dynamodb:updateItem", |_| {
                        Err(Failure::new(
                            "DynamoDB.ResourceNotFoundException",
                            "no table",
                        ))
                    });
                if let Some(lambdas) = case["lambdas"].as_object() {
                    for (state, result) in lambdas {
                        let result = Json::from(result.clone());
                        test = test.mock(state, move |_| Ok(result.clone()));
                    }
                }
                let execution = test.run().unwrap();
                let what = format!("{name} / {}: {execution}", case["name"]);
                if let Some(expected) = case.get("expect") {
                    assert!(execution.succeeded(), "{what}");
                    assert_eq!(execution.output(), &Json::from(expected.clone()), "{what}");
                } else if let Some(error) = case["expectError"].as_str() {
                    assert_eq!(execution.error(), Some(error), "{what}");
                }
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 18);
}

/// A declined card is not retried (`max_attempts: 0`), is caught, and the
/// reservation is released with the error's cause before the machine fails.
#[test]
fn retry_catch_releases_the_stock_when_the_card_is_declined() {
    let orders = machine(retry_catch::service().unwrap());
    let execution = orders
        .test()
        .input(json!({ "order_id": "o-9" }))
        .mock_default(|request| Ok(request.clone()))
        .mock("ReserveStock", |_| {
            Ok(json!({ "reservation_id": "r-1", "expires_at": "2026-01-02T00:00:00Z", "extra": 1 }).into())
        })
        .mock("ChargeCard", |_| Err(Failure::new("CardDeclined", "insufficient funds")))
        .mock("ReleaseStock", |request| {
            assert_eq!(
                request,
                &Json::from(json!({ "reservation_id": "r-1", "reason": "insufficient funds" }))
            );
            Ok(json!({ "released": true }).into())
        })
        .run()
        .unwrap();
    assert_eq!(execution.error(), Some("PaymentFailed"), "{execution}");
    assert_eq!(
        execution.states_entered(),
        [
            "ValidateOrder",
            "ReserveStock",
            "ChargeCard",
            "ReleaseStock",
            "PaymentFailed"
        ]
    );
    // No retry of a declined card: no time passed.
    assert_eq!(execution.elapsed_seconds(), 0.0);
}

/// The poll waits 30 s, then backs off for the job's `retry_after` on the
/// virtual clock: two polls, 150 s, and the test does not sleep.
#[test]
fn polling_loop_backs_off_as_the_job_asks() {
    let export = machine(polling_loop::service().unwrap());
    let polls = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = polls.clone();
    let execution = export
        .test()
        .input(json!({ "export": "users" }))
        .mock("StartExport", |_| Ok(json!({ "id": "job-1" }).into()))
        .mock("GetExportStatus", move |job| {
            seen.set(seen.get() + 1);
            assert_eq!(job.get("id"), Some(&Json::from("job-1")));
            Ok(if seen.get() == 1 {
                json!({ "id": "job-1", "status": "RUNNING", "retry_after": 120 })
            } else {
                json!({ "id": "job-1", "status": "SUCCEEDED" })
            }
            .into())
        })
        .run()
        .unwrap();
    assert!(execution.succeeded(), "{execution}");
    assert_eq!(polls.get(), 2);
    assert_eq!(
        execution.states_entered(),
        [
            "StartExport",
            "InitPolls",
            "WaitBeforePoll",
            "CountPoll",
            "GetExportStatus",
            "IsExportDone",
            "BackOff",
            "CountPoll",
            "GetExportStatus",
            "IsExportDone",
            "ExportDone"
        ]
    );
    assert_eq!(execution.elapsed_seconds(), 150.0);
}
