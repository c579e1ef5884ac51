// `timezone` needs EventBridge Scheduler; `input_path` and `retry_policy`
// are EventBridge rule settings (the plugin refuses or drops them there).
use serverless_builder::prelude::*;

fn main() {
    let _ = state_machine! {
        Weekly(events: [
            schedule("cron(0 18 ? * SAT *)", timezone: "Europe/Paris"),
            schedule("rate(1 day)", method: scheduler, input_path: "$.a"),
            schedule("rate(1 day)", method: scheduler, retry_policy: { maximum_retry_attempts: 3 }),
        ]) {
            pass Start;
        }
    };
}
