//! What the language means, checked on the model it builds: the forms that
//! compile must produce the ASL fields the language reference promises.

use serverless_builder::model::*;
use serverless_builder::prelude::*;

fn state<'a>(machine: &'a StateMachine, name: &str) -> &'a State {
    machine
        .definition
        .block
        .states
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no state {name}"))
}

#[test]
fn comments_on_retriers_catchers_and_choice_arms() {
    let machine = state_machine! {
        Commented(auto_catch: false) {
            task Work("arn:aws:lambda:us-east-1:123456789012:function:work")
                .retry(["States.Timeout"], max_attempts: 2, comment: "flaky network")
                .catch(["States.ALL"] => Failed, result_path: "$.error", comment: "everything else");
            choice Route {
                "$.admin" == true => Done(comment: "admins are done"),
                _ => Failed,
            }
            succeed Done;
            fail Failed;
        }
    };
    let StateKind::Task(task) = &state(&machine, "Work").kind else {
        panic!()
    };
    assert_eq!(task.retry[0].comment.as_deref(), Some("flaky network"));
    assert_eq!(task.catch[0].comment.as_deref(), Some("everything else"));
    let StateKind::Choice(choice) = &state(&machine, "Route").kind else {
        panic!()
    };
    assert_eq!(
        choice.choices[0].comment.as_deref(),
        Some("admins are done")
    );
    let json = machine.definition_json().unwrap();
    assert!(json.contains("\"Comment\": \"flaky network\""), "{json}");
    assert!(json.contains("\"Comment\": \"admins are done\""), "{json}");
}

#[test]
fn a_state_takes_its_query_language_and_its_fields() {
    let machine = state_machine! {
        Mixed(auto_catch: false) {
            pass Shape(query_language: jsonata, output: { "total": "{% $states.input.a + 1 %}" });
            pass Keep(result_path: "$.kept");
        }
    };
    let shape = state(&machine, "Shape");
    assert_eq!(shape.query_language(), QueryLanguage::Jsonata);
    assert!(shape.io.jsonata().unwrap().output.is_some());
    assert_eq!(
        state(&machine, "Keep").query_language(),
        QueryLanguage::JsonPath
    );
    let json = machine.definition_json().unwrap();
    assert!(json.contains("\"QueryLanguage\": \"JSONata\""), "{json}");
}

#[test]
fn a_jsonata_machine_writes_its_language_once() {
    let machine = state_machine! {
        Modern(query_language: jsonata, auto_catch: false) {
            pass Shape(output: "{% $states.input %}");
        }
    };
    assert_eq!(machine.definition.query_language, QueryLanguage::Jsonata);
    let json = machine.definition_json().unwrap();
    assert_eq!(json.matches("QueryLanguage").count(), 1, "{json}");
}

#[test]
fn the_top_level_fallback_fails_and_a_map_fallback_keeps_the_error() {
    let machine = state_machine! {
        Caught {
            task Work("arn:aws:lambda:us-east-1:123456789012:function:work");
            map Each(items_path: "$.items") {
                task Item("arn:aws:lambda:us-east-1:123456789012:function:item");
            }
        }
    };
    let fallback = state(&machine, "StateMachineErrorFallback");
    let StateKind::Fail(fail) = &fallback.kind else {
        panic!("{fallback:?}")
    };
    assert_eq!(fail.error, Some(Dynamic::Path("$.Error".into())));
    let StateKind::Map(map) = &state(&machine, "Each").kind else {
        panic!()
    };
    let item_fallback = map
        .body
        .states
        .iter()
        .find(|s| s.name == "EachFallback")
        .unwrap();
    let parameters = item_fallback
        .io
        .json_path()
        .unwrap()
        .parameters
        .as_ref()
        .unwrap();
    assert_eq!(
        parameters.get("Message"),
        Some(&Json::from("Failed processing map: Each"))
    );
}

#[test]
fn a_distributed_map_from_options() {
    let machine = state_machine! {
        Batch(auto_catch: false) {
            map Each(items_path: "$.items", mode: distributed, execution_type: express,
                     label: "each-item", tolerated_failure_percentage: 5) {
                pass Work;
            }
        }
    };
    let StateKind::Map(map) = &state(&machine, "Each").kind else {
        panic!()
    };
    let distributed = map.processor.distributed().expect("distributed");
    assert_eq!(distributed.execution_type, Some(MachineType::Express));
    assert_eq!(distributed.label.as_deref(), Some("each-item"));
}

#[test]
fn a_jsonata_machine_with_variables_compiles_to_its_asl() {
    let machine = state_machine! {
        Orders(query_language: jsonata, auto_catch: false) {
            pass Price(assign: { "total": "{% $sum($states.input.items.price) %}" });
            choice Route {
                "{% $total > 100 %}" => Big(assign: { "size": "big" }, output: { "t": "{% $total %}" }, comment: "large"),
                _ => Small(assign: { "size": "small" }),
            }
            task Big("arn:aws:states:::lambda:invoke",
                arguments: { "FunctionName": "f", "Payload": { "size": "{% $size %}" } },
                timeout: "{% $total > 500 ? 120 : 60 %}",
                output: "{% $states.result.Payload %}"
            )
                .catch(["States.ALL"] => Small, assign: { "error": "{% $states.errorOutput.Error %}" }, output: { "why": "{% $states.errorOutput.Cause %}" })
                -> Small;
            wait Small(seconds: "{% $total > 10 ? 1 : 0 %}") -> Done;
            succeed Done(output: { "size": "{% $size %}" });
        }
    };
    let json = machine.definition_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["QueryLanguage"], "JSONata");
    let route = &v["States"]["Route"];
    assert_eq!(route["Choices"][0]["Condition"], "{% $total > 100 %}");
    assert_eq!(route["Choices"][0]["Assign"]["size"], "big");
    assert_eq!(route["Choices"][0]["Output"]["t"], "{% $total %}");
    assert_eq!(route["Choices"][0]["Comment"], "large");
    // The `_` arm's options are the Choice's own (evaluated when no rule matches).
    assert_eq!(route["Assign"]["size"], "small");
    assert_eq!(route["Default"], "Small");
    let big = &v["States"]["Big"];
    assert_eq!(big["TimeoutSeconds"], "{% $total > 500 ? 120 : 60 %}");
    assert_eq!(
        big["Catch"][0]["Assign"]["error"],
        "{% $states.errorOutput.Error %}"
    );
    assert_eq!(
        big["Catch"][0]["Output"]["why"],
        "{% $states.errorOutput.Cause %}"
    );
    assert_eq!(v["States"]["Small"]["Seconds"], "{% $total > 10 ? 1 : 0 %}");
    // States do not repeat the machine's language.
    assert!(big.get("QueryLanguage").is_none());
}

#[test]
fn jsonpath_states_read_variables_in_paths() {
    let machine = state_machine! {
        Counter(auto_catch: false) {
            pass Start(assign: { "count": 0, "name.$": "$.name" });
            choice Check {
                "$count" < 3 => Again,
                _ => Done,
            }
            pass Again(
                assign: { "count.$": "States.MathAdd($count, 1)" },
                parameters: { "who.$": "$name" }
            ) -> Check;
            succeed Done;
        }
    };
    let json = machine.definition_json().unwrap();
    assert!(
        json.contains("\"count.$\": \"States.MathAdd($count, 1)\""),
        "{json}"
    );
}

#[test]
fn events_and_machine_settings_in_the_language_are_the_builders() {
    let topic = serde_json::json!({ "Ref": "Alerts" });
    let machine = state_machine! {
        Orders(
            type: express,
            events: [
                http(post, "orders", action: start_sync_execution, cors: true),
                http("GET", "orders/{id}", action: describe_execution, private: true),
                schedule("rate(1 hour)", method: scheduler, timezone: "Europe/Paris", input: { "source": "hourly" }),
                event_bridge(pattern: { "source": ["shop.orders"] }, event_bus: "orders",
                             input_path: "$.detail", retry_policy: { maximum_retry_attempts: 3 }),
            ],
            logging: { level: all, include_execution_data: true },
            tracing: false,
            tags: { "team": "payments" },
            alarms: { topics: { alarm: (topic) }, metrics: [executions_failed, { metric: executions_timed_out, period: 300 }] },
            notifications: { failed: [{ sns: (topic) }, { "sqs": { "arn": "arn:aws:sqs:us-east-1:1:q", "messageGroupId": "g" } }] },
            encryption: { type: customer_managed_kms_key, kms_key_id: "alias/orders" },
            deployed_name: "orders-${sls:stage}",
            use_exact_version: true,
        ) {
            pass Start;
        }
    };
    let built = StateMachine::builder("Orders")
        .machine_type(MachineType::Express)
        .event(Http::new("post", "orders").action(HttpAction::StartSyncExecution).cors(true))
        .event(Http::new("get", "orders/{id}").action(HttpAction::DescribeExecution).private(true))
        .event(
            Schedule::new("rate(1 hour)")
                .method(ScheduleMethod::Scheduler)
                .timezone("Europe/Paris")
                .input(serde_json::json!({ "source": "hourly" })),
        )
        .event(
            EventBridge::new(serde_json::json!({ "source": ["shop.orders"] }))
                .event_bus("orders")
                .input_path("$.detail")
                .setting("retryPolicy", serde_json::json!({ "maximumRetryAttempts": 3 })),
        )
        .logging(LogLevel::All, true)
        .tracing(false)
        .tag("team", "payments")
        .alarms(serde_json::json!({
            "topics": { "alarm": { "Ref": "Alerts" } },
            "metrics": ["executionsFailed", { "metric": "executionsTimedOut", "period": 300 }]
        }))
        .notify("FAILED", serde_json::json!({ "sns": { "Ref": "Alerts" } }))
        .notify("FAILED", serde_json::json!({ "sqs": { "arn": "arn:aws:sqs:us-east-1:1:q", "messageGroupId": "g" } }))
        .setting("encryptionConfig", serde_json::json!({ "Type": "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId": "alias/orders" }))
        .deployed_name("orders-${sls:stage}")
        .use_exact_version(true)
        .state(Pass::new("Start"))
        .build()
        .unwrap();
    assert_eq!(machine.events, built.events);
    assert_eq!(machine.settings, built.settings);
    assert_eq!(machine, built);
}
