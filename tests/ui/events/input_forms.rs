// The plugin takes one input form per event (its compileScheduledEvents.js
// and compileCloudWatchEventEvents.js refuse two).
use serverless_builder::prelude::*;

fn main() {
    let _ = state_machine! {
        Weekly(events: [
            schedule("rate(1 day)", input: { "a": 1 }, input_path: "$.a"),
            event_bridge(pattern: { "source": ["shop"] }, input_path: "$.detail",
                         input_transformer: { input_paths_map: { "id": "$.id" }, input_template: "<id>" }),
        ]) {
            pass Start;
        }
    };
}
