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
//!   n2{"CheckShape"}:::choice
//!   n3{"CheckAmount"}:::choice
//!   n4{"CheckCustomer"}:::choice
//!   n5{"CheckTiming"}:::choice
//!   n6["Approve"]:::task
//!   n7["ManualReview"]:::task
//!   n8(["Rejected"]):::fail
//!   n9(["StateMachineErrorFallback"]):::fail
//!   n2 -->|"$.payment.amount is not pres (+4 more)"| n8
//!   n2 -->|"default"| n3
//!   n3 -->|"$.payment.amount #lt;= 0 (+5 more)"| n8
//!   n3 -->|"$.payment.amount #gt; 10000.5 (+4 more)"| n7
//!   n3 -->|"default"| n4
//!   n4 -->|"$.customer.status == #quot;blocke (+4 more)"| n8
//!   n4 -->|"not ($.customer.status == #quot;a (+8 more)"| n7
//!   n4 -->|"default"| n5
//!   n5 -->|"$.payment.created_at == #quot;197 (+6 more)"| n8
//!   n5 -->|"$.payment.created_at #gt;= #quot;202 (+1 more)"| n7
//!   n5 -->|"default"| n6
//!   n6 --> n1
//!   n6 -.->|"States.ALL"| n9
//!   n7 --> n1
//!   n7 -.->|"States.ALL"| n9
//!   n8 --> n1
//!   n9 --> n1
//!   n0 --> n2
//! ```

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
