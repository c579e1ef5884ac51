// StartSyncExecution runs Express workflows only (Step Functions API
// reference, "StartSyncExecution").
use serverless_builder::prelude::*;

fn main() {
    let _ = state_machine! {
        Orders(events: [http(post, "orders", action: start_sync_execution)]) {
            pass Start;
        }
    };
}
