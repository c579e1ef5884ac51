//! An HTTP API that answers with a workflow's result: `POST /quotes` starts
//! an Express workflow synchronously (`StartSyncExecution`) and the response
//! is its output. The two steps are Rust Lambda functions built with
//! cargo-lambda (`cargo lambda build --release --arm64 --output-format zip`
//! writes `target/lambda/<binary>/bootstrap.zip`, which the functions'
//! `package.artifact` names).
//! `cargo run --example quote_api` prints the serverless.yml.

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
            task Price(lambda(price), payload_path: "$.basket", result_path: "$.priced")
                .retry(["Lambda.TooManyRequestsException"], max_attempts: 3, backoff: 2.0);
            task Tax(lambda(tax), payload: { "net.$": "$.priced.net", "country.$": "$.country" },
                     result_path: "$.taxed");
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
