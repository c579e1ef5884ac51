//! An HTTP API that answers with a workflow's result: `POST /quotes` starts
//! an Express workflow synchronously (`StartSyncExecution`) and the response
//! is its output. The two steps are Rust Lambda functions built with
//! cargo-lambda (`cargo lambda build --release --arm64 --output-format zip`
//! writes `target/lambda/<binary>/bootstrap.zip`, which the functions'
//! `package.artifact` names).
//! `cargo run --example quote_api` prints the serverless.yml.
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
//!   n2["Price<br/>retry ×3"]:::task
//!   n3["Tax"]:::task
//!   n4[/"Answer"/]:::pass
//!   n2 --> n3
//!   n3 --> n4
//!   n4 --> n1
//!   n0 --> n2
//! ```

use serverless_builder::prelude::*;

/// The service: two Rust functions and the Quote machine behind `POST /quotes`.
pub fn service() -> Result<Service, Error> {
    let mut service = Service::new("pricing");
    service.provider_mut().memory_size = Some(256);
    service.provider_mut().timeout = Some(10);
    let price = service.rust_function("price", "price");
    let tax = service
        .rust_function("tax", "tax")
        .environment("DEFAULT_COUNTRY", "FR");

    let machine = state_machine! {
        /// Prices a basket, adds the tax of the buyer's country.
        Quote(
            type: express,
            auto_catch: false,
            events: [http(post, "quotes", action: start_sync_execution, cors: true,
                // The body of the answer: the execution's output, or its error.
                response: {
                    headers: { "Content-Type": "'application/json'" },
                    template: {
                        "application/json": "#set($r = $input.path('$'))\n#if($r.status == 'SUCCEEDED')$r.output#else{\"error\": \"$r.error\", \"cause\": \"$util.escapeJavaScript($r.cause)\"}#end"
                    },
                })],
            logging: { level: all, include_execution_data: true },
        ) {
            // Amounts are whole cents: `States.MathAdd` adds integers.
            task Price(lambda(price), payload_path: "$.basket",
                       result_selector: { "net.$": "$.Payload.net" }, result_path: "$.priced")
                .retry(["Lambda.TooManyRequestsException"], max_attempts: 3, backoff: 2.0);
            task Tax(lambda(tax), payload: { "net.$": "$.priced.net", "country.$": "$.country" },
                     result_selector: { "tax.$": "$.Payload.tax" }, result_path: "$.taxed");
            pass Answer(parameters: {
                "net.$": "$.priced.net",
                "tax.$": "$.taxed.tax",
                "total.$": "States.MathAdd($.priced.net, $.taxed.tax)"
            }) -> end;
        }
    };
    service.add_state_machine(machine);
    Ok(service)
}

fn main() -> Result<(), Error> {
    print!("{}", service()?.to_yaml()?);
    Ok(())
}
