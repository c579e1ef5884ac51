// Unknown events, options, words and nested options, with "did you mean".
use serverless_builder::prelude::*;

fn main() {
    let _ = state_machine! {
        Orders(
            events: [
                htp(post, "orders"),
                schedule("rate(1 day)", inputpath: "$.a"),
                schedule("rate(1 day)", method: schedular),
                http(fetch, "orders"),
            ],
            logging: { levl: all },
            tracing: maybe,
        ) {
            pass Start;
        }
    };
}
