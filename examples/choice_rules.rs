//! Every choice-rule form of the `state_machine!` language (DSL.md §4), in a
//! payment-screening workflow: four `choice` states check the input's shape,
//! the amounts, the customer and the timing, each routing to `Rejected`,
//! `ManualReview` or the next check.
//!
//! Forms used: all six `is_*` methods and their negation
//! (`!"$.x".is_present()`); string, numeric (int and float), boolean and
//! timestamp comparisons with `==`, `!=`, `<`, `<=`, `>`, `>=`; `matches`;
//! the `num(..)`, `string(..)`, `timestamp(..)` and `bool(..)` path variants;
//! `&&`, `||`, `!( ... )`, parentheses; a raw `{ "Variable": ..., ... }` rule;
//! and `_` defaults.
//!
//! The emitted ASL uses all 39 comparison operators: `IsPresent`, `IsNull`,
//! `IsString`, `IsNumeric`, `IsBoolean`, `IsTimestamp`; `StringEquals`,
//! `StringLessThan`, `StringLessThanEquals`, `StringGreaterThan`,
//! `StringGreaterThanEquals`, `StringMatches` and the five `String…Path`;
//! `NumericEquals`, `NumericLessThan`, `NumericLessThanEquals`,
//! `NumericGreaterThan`, `NumericGreaterThanEquals` and the five
//! `Numeric…Path`; `BooleanEquals`, `BooleanEqualsPath`; `TimestampEquals`,
//! `TimestampLessThan`, `TimestampLessThanEquals`, `TimestampGreaterThan`,
//! `TimestampGreaterThanEquals` and the five `Timestamp…Path`.
//! `cargo run --example choice_rules` prints the whole serverless.yml.

use serverless_builder::prelude::*;

/// The service: two payment functions and the ScreenPayment machine.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("payment-service");
    let approve_payment = service
        .function("approve_payment", "payments.handler.approve")
        .description("Books an approved payment");
    let queue_review = service
        .function("queue_review", "payments.handler.queue_review")
        .description("Puts a payment on the fraud team's review queue");

    let machine = state_machine! {
        /// Screens a card payment before booking it.
        ScreenPayment {
            /// Type checks: every field the later rules compare must be there
            /// and have the right type.
            choice CheckShape {
                !"$.payment.amount".is_present() || !"$.payment.amount".is_numeric() => Rejected,
                "$.payment.currency".is_null() || !"$.payment.currency".is_string() => Rejected,
                !"$.payment.created_at".is_timestamp() => Rejected,
                "$.customer.verified".is_present() && !("$.customer.verified".is_boolean()) => Rejected,
                { "Variable": "$.payment.channel", "StringEquals": "test" } => Rejected,
                _ => CheckAmount,
            }

            /// Amounts: numeric comparisons with literals (`"$.x" < 10`) and
            /// between two fields (`num(..) < num(..)`).
            choice CheckAmount {
                "$.payment.amount" <= 0 => Rejected,
                "$.payment.amount" > 10000.5 => ManualReview,
                "$.payment.amount" == 9999.99 => ManualReview,
                "$.payment.installments" != 1 && "$.payment.installments" < 2 => Rejected,
                num("$.payment.amount") > num("$.customer.daily_limit") => ManualReview,
                num("$.customer.balance") < num("$.payment.amount") => Rejected,
                num("$.payment.attempts_today") >= num("$.policy.max_attempts") => Rejected,
                num("$.customer.account_age_days") <= num("$.policy.min_account_age_days") => ManualReview,
                num("$.payment.amount") == num("$.payment.previous_amount")
                    && "$.payment.seconds_since_previous" < 60 => Rejected,
                "$.customer.risk_score" >= 80 && "$.customer.risk_score" < 95 => ManualReview,
                "$.customer.risk_score" >= 95 => Rejected,
                _ => CheckCustomer,
            }

            /// The customer: string and boolean comparisons (ISO dates as
            /// strings compare in date order).
            choice CheckCustomer {
                "$.customer.status" == "blocked" => Rejected,
                "$.customer.email".matches("*@example.test") => Rejected,
                "$.customer.status" != "active" => ManualReview,
                "$.customer.verified" == false => ManualReview,
                bool("$.payment.three_ds_required") != bool("$.payment.three_ds_passed") => ManualReview,
                "$.customer.kyc_date" < "2020-01-01" => ManualReview,
                "$.customer.kyc_date" > "2099-12-31" => Rejected,
                "$.payment.country" >= "XA" && "$.payment.country" <= "XZ" => ManualReview,
                !("$.payment.country" == "DE" || "$.payment.country" == "AT")
                    && ("$.payment.amount" > 1000 || "$.customer.verified" == false) => ManualReview,
                string("$.payment.currency") != string("$.customer.currency") => ManualReview,
                string("$.payment.value_date") < string("$.today") => Rejected,
                string("$.payment.value_date") > string("$.card.expiry_date") => Rejected,
                string("$.customer.kyc_date") <= string("$.customer.last_address_change") => ManualReview,
                string("$.payment.value_date") >= string("$.policy.freeze_from") => ManualReview,
                _ => CheckTiming,
            }

            /// Timing: timestamp comparisons with literals and between fields.
            choice CheckTiming {
                "$.payment.created_at" == timestamp("1970-01-01T00:00:00Z") => Rejected,
                "$.payment.created_at" < timestamp("2020-01-01T00:00:00Z") => Rejected,
                "$.payment.created_at" > timestamp("2030-01-01T00:00:00Z") => Rejected,
                "$.payment.created_at" >= timestamp("2024-12-24T00:00:00Z")
                    && "$.payment.created_at" <= timestamp("2024-12-26T23:59:59Z") => ManualReview,
                timestamp("$.payment.created_at") < timestamp("$.customer.created_at") => Rejected,
                timestamp("$.payment.created_at") > timestamp("$.received_at") => Rejected,
                timestamp("$.card.expires_at") <= timestamp("$.payment.created_at") => Rejected,
                timestamp("$.payment.created_at") == timestamp("$.payment.previous_created_at") => Rejected,
                "$.customer.frozen_since".is_present()
                    && timestamp("$.payment.created_at") >= timestamp("$.customer.frozen_since") => ManualReview,
                _ => Approve,
            }

            task Approve(approve_payment) -> end;
            task ManualReview(queue_review) -> end;
            fail Rejected(error: "PaymentRejected", cause: "The payment failed screening");
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
