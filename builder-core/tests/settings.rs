//! What surrounds a definition: events (schedule, http, eventBridge), the
//! machine settings of the serverless-step-functions plugin, provider and
//! function options, Rust functions. Every key of the plugin's schema table
//! is produced by a builder here, written, read back and written again the
//! same. The rules are the plugin's (its `compileScheduledEvents.js`,
//! `compileCloudWatchEventEvents.js`, `apiGateway/validate.js`) and AWS's:
//! StartSyncExecution runs Express workflows only (Step Functions API
//! reference, "StartSyncExecution":
//! https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html).

use builder_core::serverless::schema::{self, Obj, Shape};
use builder_core::*;

fn codes(e: &Diagnostics) -> Vec<(Code, String)> {
    e.as_slice()
        .iter()
        .map(|d| (d.code, d.location.to_string()))
        .collect()
}

fn machine() -> StateMachineBuilder {
    StateMachine::builder("Orders").state(Pass::new("A"))
}

fn errors(builder: StateMachineBuilder) -> Vec<(Code, String)> {
    codes(&builder.build().expect_err("invalid"))
}

/// A service whose one machine sets every key of the plugin's schema.
fn everything() -> Service {
    let mut service = Service::new("shop");
    let topic = service.sns_topic("Alerts");
    let queue = service.sqs_queue("Dead");
    let bus = service.event_bus("OrdersBus", "orders");
    service.provider_mut().architecture = Some("arm64".into());
    service.provider_mut().memory_size = Some(256);
    service.provider_mut().timeout = Some(20);
    service.provider_mut().environment = vec![
        ("STAGE".into(), Json::from("${sls:stage}")),
        ("QUEUE".into(), queue.url()),
    ];
    service.provider_mut().tags = vec![("team".into(), "payments".into())];
    let f = service
        .rust_function("price", "price")
        .environment("TOPIC", topic.arn())
        .layer("arn:aws:lambda:us-east-1:123456789012:layer:extension:3")
        .http_api("post", "/price")
        .sqs(queue.arn())
        .schedule("rate(1 hour)");
    let machine = StateMachine::builder("Orders")
        .machine_type(MachineType::Express)
        .event(
            Schedule::new("rate(1 hour)")
                .input(Json::object([("source", "hourly")]))
                .enabled(true)
                .name("orders-hourly")
                .description("every hour")
                .role("arn:aws:iam::123456789012:role/scheduler")
                .method(ScheduleMethod::Scheduler)
                .timezone("Europe/Paris"),
        )
        .event(
            Schedule::new("cron(0 18 ? * SAT *)")
                .input_transformer(Json::object([("t", "$.time")]), "{\"at\": <t>}")
                .retry_policy(3600, 3)
                .method(ScheduleMethod::EventBus),
        )
        .event(Schedule::new("rate(1 day)").input_path("$.detail"))
        .event(
            Http::new("POST", "orders")
                .action(HttpAction::StartSyncExecution)
                .cors(Json::object([
                    ("origin", Json::from("*")),
                    ("headers", Json::array(["Content-Type"])),
                    ("methods", Json::array(["POST"])),
                    ("allowCredentials", Json::from(false)),
                    ("maxAge", Json::from(86_400)),
                    ("cacheControl", Json::from("max-age=600")),
                ]))
                .authorizer(Json::object([
                    ("type", Json::from("COGNITO_USER_POOLS")),
                    ("authorizerId", Json::object([("Ref", "Authorizer")])),
                    ("scopes", Json::array(["orders/write"])),
                    ("resultTtlInSeconds", Json::from(60)),
                    (
                        "identitySource",
                        Json::from("method.request.header.Authorization"),
                    ),
                    ("identityValidationExpression", Json::from(".*")),
                    ("claims", Json::array(["email"])),
                ]))
                .private(true)
                .iam_role("arn:aws:iam::123456789012:role/api")
                .timeout_in_millis(29_000)
                .request(Json::object([
                    (
                        "template",
                        Json::object([("application/json", "$input.body")]),
                    ),
                    (
                        "schemas",
                        Json::object([("application/json", Json::object([("type", "object")]))]),
                    ),
                ]))
                .response(Json::object([
                    (
                        "headers",
                        Json::object([("Content-Type", "'application/json'")]),
                    ),
                    (
                        "template",
                        Json::object([("application/json", "$input.path('$.output')")]),
                    ),
                ])),
        )
        .event(
            Http::new("get", "orders/status")
                .action(HttpAction::DescribeExecution)
                .cors(Json::object([(
                    "origins",
                    Json::array(["https://shop.example"]),
                )]))
                .authorizer(Json::object([
                    ("name", "price"),
                    ("arn", "arn:aws:lambda:us-east-1:123456789012:function:auth"),
                ]))
                .responses(Json::object([("200", Json::object([("statusCode", 200)]))])),
        )
        .event(
            EventBridge::new(Json::object([("source", Json::array(["shop.orders"]))]))
                .event_bus(bus.name())
                .input_path("$.detail")
                .enabled(false)
                .name("orders-placed")
                .description("an order was placed")
                .iam_role("arn:aws:iam::123456789012:role/events")
                .dead_letter(queue.arn())
                .retry_policy(600, 5),
        )
        .event(
            EventBridge::new(Json::object([("source", Json::array(["shop.refunds"]))]))
                .input(Json::object([("kind", "refund")])),
        )
        .event(
            EventBridge::new(Json::object([("source", Json::array(["shop.returns"]))]))
                .input_transformer(Json::object([("id", "$.detail.id")]), "{\"id\": <id>}"),
        )
        .logging(LogLevel::All, true)
        .tracing(false)
        .tag("team", "payments")
        .alarms(Json::object([
            (
                "topics",
                Json::object([
                    ("ok", topic.arn()),
                    ("alarm", topic.arn()),
                    ("insufficientData", topic.arn()),
                ]),
            ),
            (
                "metrics",
                Json::array([
                    Json::from("executionsFailed"),
                    Json::object([
                        ("metric", Json::from("executionsTimedOut")),
                        ("logicalId", Json::from("OrdersTimedOut")),
                        ("alarmName", Json::from("orders-timed-out")),
                        ("treatMissingData", Json::from("ignore")),
                        ("period", Json::from(300)),
                    ]),
                ]),
            ),
            (
                "nameTemplate",
                Json::from("$[stateMachineName]-$[metricName]"),
            ),
            ("treatMissingData", Json::from("notBreaching")),
            ("period", Json::from(60)),
        ]))
        .notify("FAILED", Json::object([("sns", topic.arn())]))
        .notify(
            "FAILED",
            Json::object([
                (
                    "sqs",
                    Json::object([("arn", queue.arn()), ("messageGroupId", Json::from("g"))]),
                ),
                ("inputPath", Json::from("$.detail")),
            ]),
        )
        .notify(
            "TIMED_OUT",
            Json::object([
                (
                    "kinesis",
                    Json::object([
                        (
                            "arn",
                            Json::from("arn:aws:kinesis:us-east-1:123456789012:stream/s"),
                        ),
                        ("partitionKeyPath", Json::from("$.id")),
                    ]),
                ),
                (
                    "inputTransformer",
                    Json::object([
                        (
                            "inputPathsMap",
                            Json::object([("status", "$.detail.status")]),
                        ),
                        ("inputTemplate", Json::from("\"<status>\"")),
                    ]),
                ),
            ]),
        )
        .notify(
            "ABORTED",
            Json::object([(
                "firehose",
                "arn:aws:firehose:us-east-1:123456789012:deliverystream/d",
            )]),
        )
        .notify("SUCCEEDED", Json::object([("lambda", f.arn())]))
        .notify(
            "RUNNING",
            Json::object([(
                "stepFunctions",
                "arn:aws:states:us-east-1:123456789012:stateMachine:other",
            )]),
        )
        .use_exact_version(true)
        .retain(true)
        .encryption(
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            Some(300),
        )
        .deployed_name("orders-${sls:stage}")
        .logical_id("OrdersMachine")
        .depends_on(Json::array(["Alerts"]))
        .inherit_global_tags(false)
        .state(Pass::new("A"))
        .build()
        .unwrap();
    service.add_state_machine(machine);
    service.external("Authorizer", "AWS::ApiGateway::Authorizer");
    service
}

/// Every key of an object of the schema, and of the objects it holds.
fn keys_of(shape: &Shape, prefix: &str, out: &mut Vec<String>) {
    match shape {
        Shape::Object(obj) => keys_of_obj(obj, prefix, out),
        Shape::List(s) | Shape::Map(s) => keys_of(s, prefix, out),
        Shape::Either(shapes) => shapes.iter().for_each(|s| keys_of(s, prefix, out)),
        _ => {}
    }
}

fn keys_of_obj(obj: &Obj, prefix: &str, out: &mut Vec<String>) {
    for k in obj.keys {
        let path = format!("{prefix}.{}", k.key);
        out.push(path.clone());
        keys_of(&k.shape, &path, out);
    }
}

/// A path with the notification statuses as `*`: each target key is
/// wanted under one status, not under all.
fn statuses_as_star(path: &str) -> String {
    schema::STATUSES.iter().fold(path.to_owned(), |p, s| {
        p.replace(&format!(".{s}."), ".*.")
            .replace(&format!(".{s}"), ".*")
    })
}

/// Every key path present in a JSON value.
fn present(value: &Json, prefix: &str, out: &mut std::collections::HashSet<String>) {
    match value {
        Json::Object(pairs) => {
            for (k, v) in pairs {
                // Free keys (tags, templates, statuses' lists) keep their parent's path.
                let path = format!("{prefix}.{k}");
                out.insert(path.clone());
                present(v, &path, out);
                present(v, prefix, out);
            }
        }
        Json::Array(items) => items.iter().for_each(|v| present(v, prefix, out)),
        _ => {}
    }
}

#[test]
fn every_key_of_the_plugin_schema_is_produced_written_and_read_back() {
    let service = everything();
    let yaml = service.to_yaml().unwrap();
    let root = from_yaml_str(&yaml).unwrap();
    let entry = root
        .get("stepFunctions")
        .and_then(|s| s.get("stateMachines"))
        .and_then(|m| m.get("Orders"))
        .unwrap()
        .clone();
    let mut found = std::collections::HashSet::new();
    present(&entry, "machine", &mut found);
    let mut events = std::collections::HashSet::new();
    for event in match entry.get("events") {
        Some(Json::Array(e)) => e.clone(),
        _ => panic!("events"),
    } {
        present(&event, "event", &mut events);
    }
    let mut wanted = Vec::new();
    keys_of_obj(&schema::MACHINE, "machine", &mut wanted);
    let found: std::collections::HashSet<String> =
        found.iter().map(|p| statuses_as_star(p)).collect();
    let mut missing: Vec<String> = wanted
        .into_iter()
        .map(|k| statuses_as_star(&k))
        .filter(|k| !found.contains(k))
        .collect();
    for (kind, obj) in [
        ("schedule", &schema::SCHEDULE),
        ("http", &schema::HTTP),
        ("eventBridge", &schema::EVENT_BRIDGE),
    ] {
        let mut keys = Vec::new();
        keys_of_obj(obj, &format!("event.{kind}"), &mut keys);
        missing.extend(keys.into_iter().filter(|k| !events.contains(k)));
    }
    assert!(missing.is_empty(), "not produced: {missing:?}");
    // Read back: the same service, written the same.
    let mut read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.state_machines(), service.state_machines());
    assert_eq!(read.functions(), service.functions());
    assert_eq!(read.provider(), service.provider());
    // (What is declared external is not in the file.)
    read.external("Authorizer", "AWS::ApiGateway::Authorizer");
    assert_eq!(read.to_yaml().unwrap(), yaml);
}

#[test]
fn defaults_are_written_and_read_back_as_defaults() {
    let mut service = Service::new("shop");
    service.add_state_machine(machine().build().unwrap());
    let yaml = service.to_yaml().unwrap();
    assert!(yaml.contains("    Orders:\n      name: shop-${sls:stage}-Orders\n      tracingConfig:\n        enabled: true\n      type: STANDARD\n      loggingConfig:\n        level: ERROR\n        includeExecutionData: true\n        destinations:\n        - Fn::GetAtt:\n          - StepmachineShopOrdersLogGroup\n          - Arn\n"), "{yaml}");
    let read = Service::from_yaml(&yaml).unwrap();
    assert!(read.state_machines()[0].settings.is_empty());
    // A level of the user's: the log group made for the machine still.
    let mut service = Service::new("shop");
    service.add_state_machine(machine().logging(LogLevel::Fatal, false).build().unwrap());
    let yaml = service.to_yaml().unwrap();
    assert!(yaml.contains("      loggingConfig:\n        level: FATAL\n        includeExecutionData: false\n        destinations:\n"), "{yaml}");
    assert!(
        yaml.contains("StepmachineShopOrdersLogGroup:\n      Type: AWS::Logs::LogGroup"),
        "{yaml}"
    );
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.state_machines(), service.state_machines());
    // Off: no log group, no destinations.
    let mut service = Service::new("shop");
    service.add_state_machine(machine().logging(LogLevel::Off, false).build().unwrap());
    let yaml = service.to_yaml().unwrap();
    assert!(
        yaml.contains("      loggingConfig:\n        level: 'OFF'\n      definition:"),
        "{yaml}"
    );
    assert!(!yaml.contains("LogGroup"), "{yaml}");
    assert_eq!(
        Service::from_yaml(&yaml).unwrap().state_machines(),
        service.state_machines()
    );
}

#[test]
fn a_sync_endpoint_gets_a_request_template_that_makes_the_body_the_input() {
    let mut service = Service::new("shop");
    service.add_state_machine(
        machine()
            .machine_type(MachineType::Express)
            .event(Http::new("post", "orders").action(HttpAction::StartSyncExecution))
            .build()
            .unwrap(),
    );
    let yaml = service.to_yaml().unwrap();
    let root = from_yaml_str(&yaml).unwrap();
    let template = root
        .get("stepFunctions")
        .and_then(|s| s.get("stateMachines"))
        .and_then(|m| m.get("Orders"))
        .and_then(|m| m.get("events"))
        .and_then(|e| match e {
            Json::Array(items) => items[0].get("http"),
            _ => None,
        })
        .and_then(|h| h.get("request"))
        .and_then(|r| r.get("template"))
        .and_then(|t| t.get("application/json"))
        .and_then(Json::as_str)
        .unwrap()
        .to_owned();
    assert_eq!(
        template,
        "#set( $body = $util.escapeJavaScript($input.json('$')).replaceAll(\"\\\\'\", \"'\") )\n\
         {\"input\": \"$body\", \"name\": \"$context.requestId\", \"stateMachineArn\": \
         \"arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:shop-${sls:stage}-Orders\"}"
    );
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.state_machines(), service.state_machines());
}

#[test]
fn a_customer_managed_key_gives_the_role_its_kms_actions() {
    let mut service = Service::new("shop");
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    service.add_state_machine(machine().encryption(key, None).build().unwrap());
    let statements = serverless::iam::derive(&service, &service.state_machines()[0]);
    assert_eq!(
        statements[0].to_json().to_json_string(),
        format!(
            r#"{{"Effect":"Allow","Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":["{key}"]}}"#
        )
    );
}

#[test]
fn the_deployed_name_is_the_machine_arn() {
    let machine = machine()
        .deployed_name("orders-${sls:stage}")
        .state(Pass::new("B").result(Json::object([("me", Json::MachineArn)])))
        .build()
        .unwrap();
    let mut service = Service::new("shop");
    service.add_state_machine(machine);
    let yaml = service.to_yaml().unwrap();
    assert!(yaml.contains("      name: orders-${sls:stage}\n"), "{yaml}");
    assert!(yaml.contains("stateMachine:orders-${sls:stage}"), "{yaml}");
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.state_machines(), service.state_machines());
}

#[test]
fn one_input_form_per_event() {
    let both = machine().event(
        Schedule::new("rate(1 day)")
            .input(Json::object([("a", 1)]))
            .input_path("$.a"),
    );
    assert_eq!(
        errors(both),
        [(
            Code::Conflict,
            "Orders.events[0].schedule.inputPath".to_owned()
        )]
    );
    let both = machine().event(
        EventBridge::new(Json::object([("source", Json::array(["x"]))]))
            .input_path("$.a")
            .input_transformer(Json::object([("a", "$.a")]), "<a>"),
    );
    assert_eq!(
        errors(both),
        [(
            Code::Conflict,
            "Orders.events[0].eventBridge.inputTransformer".to_owned()
        )]
    );
}

#[test]
fn scheduler_rules() {
    let e = errors(
        machine().event(
            Schedule::new("rate(1 day)")
                .input_path("$.a")
                .method(ScheduleMethod::Scheduler),
        ),
    );
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.events[0].schedule.inputPath".to_owned()
        )]
    );
    let e = errors(
        machine().event(
            Schedule::new("rate(1 day)")
                .retry_policy(60, 1)
                .method(ScheduleMethod::Scheduler),
        ),
    );
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.events[0].schedule.retryPolicy".to_owned()
        )]
    );
    let e = errors(machine().event(Schedule::new("rate(1 day)").timezone("Europe/Paris")));
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.events[0].schedule.timezone".to_owned()
        )]
    );
    let e = errors(
        machine().event(
            Schedule::new("rate(1 day)")
                .input_transformer(Json::object([("a", "$.a")]), "<a>")
                .method(ScheduleMethod::Scheduler),
        ),
    );
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.events[0].schedule.inputTransformer".to_owned()
        )]
    );
}

#[test]
fn start_sync_execution_runs_express_machines_only() {
    let e =
        errors(machine().event(Http::new("post", "orders").action(HttpAction::StartSyncExecution)));
    assert_eq!(
        e,
        [(Code::ExpressOnly, "Orders.events[0].http.action".to_owned())]
    );
}

#[test]
fn http_rules() {
    let e = errors(
        machine().event(
            Http::new("post", "orders")
                .response(Json::Object(Vec::new()))
                .responses(Json::Object(Vec::new())),
        ),
    );
    assert_eq!(
        e,
        [(Code::Conflict, "Orders.events[0].http.responses".to_owned())]
    );
    let e = errors(
        machine().event(Http::new("post", "orders").cors(Json::object([
            ("origin", Json::from("*")),
            ("origins", Json::array(["a"])),
        ]))),
    );
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.events[0].http.cors.origins".to_owned()
        )]
    );
    let e = errors(machine().event(Http::new("fetch", "orders")));
    assert_eq!(
        e,
        [(
            Code::UnknownValue,
            "Orders.events[0].http.method".to_owned()
        )]
    );
    let e = errors(machine().event(Http::new("get", "my orders")));
    assert_eq!(
        e,
        [(Code::InvalidEvent, "Orders.events[0].http.path".to_owned())]
    );
    let e = errors(machine().event(Http::new("get", "orders").timeout_in_millis(40_000)));
    assert_eq!(
        e,
        [(
            Code::OutOfRange,
            "Orders.events[0].http.timeoutInMillis".to_owned()
        )]
    );
    let e = errors(machine().event(
        Http::new("get", "orders").authorizer(Json::object([("scopes", Json::array(["a"]))])),
    ));
    assert_eq!(
        e,
        [(
            Code::InvalidEvent,
            "Orders.events[0].http.authorizer".to_owned()
        )]
    );
}

#[test]
fn machine_setting_rules() {
    let e = errors(machine().setting("encryptionConfig", Json::object([("KmsKeyId", "alias/x")])));
    assert_eq!(
        e,
        [(
            Code::Conflict,
            "Orders.encryptionConfig.KmsKeyId".to_owned()
        )]
    );
    let e = errors(machine().setting(
        "encryptionConfig",
        Json::object([("Type", "CUSTOMER_MANAGED_KMS_KEY")]),
    ));
    assert_eq!(
        e,
        [(Code::Conflict, "Orders.encryptionConfig.Type".to_owned())]
    );
    let e = errors(machine().notify("FAILED", Json::object([("sns", "arn:a"), ("sqs", "arn:b")])));
    assert_eq!(
        e,
        [(Code::Conflict, "Orders.notifications.FAILED[0]".to_owned())]
    );
    let e = errors(machine().setting(
        "alarms",
        Json::object([
            ("topics", Json::Object(Vec::new())),
            ("metrics", Json::array(["executionsFailed"])),
        ]),
    ));
    assert_eq!(e, [(Code::MissingField, "Orders.alarms.topics".to_owned())]);
    let e = errors(machine().setting("loggingConfig", Json::object([("level", "DEBUG")])));
    assert_eq!(
        e,
        [(Code::UnknownValue, "Orders.loggingConfig.level".to_owned())]
    );
    let e = errors(machine().setting("tracingConfig", Json::object([("enable", true)])));
    assert_eq!(
        e,
        [(Code::UnknownField, "Orders.tracingConfig.enable".to_owned())]
    );
    let e = errors(machine().setting("retain", "yes"));
    assert_eq!(e, [(Code::WrongType, "Orders.retain".to_owned())]);
}

#[test]
fn text_the_plugin_pastes_unescaped_is_refused() {
    let e = errors(machine().event(Schedule::new("rate(1 day)").description("say \"hi\"")));
    assert_eq!(
        e,
        [(
            Code::PluginUnescapedText,
            "Orders.events[0].schedule.description".to_owned()
        )]
    );
    let e = errors(
        machine().event(
            EventBridge::new(Json::object([("source", Json::array(["x"]))]))
                .input(Json::object([("a", "b\\c")])),
        ),
    );
    assert_eq!(
        e,
        [(
            Code::PluginUnescapedText,
            "Orders.events[0].eventBridge.input.a".to_owned()
        )]
    );
}

#[test]
fn the_reader_takes_the_plugin_short_forms_and_names_unknown_keys() {
    let yaml = "service: shop\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    Orders:\n      events:\n      - schedule: rate(1 day)\n      - http: POST orders\n      - cloudwatchEvent:\n          event:\n            source: [shop]\n      definition:\n        StartAt: A\n        States:\n          A:\n            Type: Pass\n            End: true\n";
    let service = Service::from_yaml(yaml).unwrap();
    let events = &service.state_machines()[0].events;
    assert_eq!(
        events[0].settings.get("rate"),
        Some(&Json::from("rate(1 day)"))
    );
    assert_eq!(events[1].settings.get("method"), Some(&Json::from("post")));
    assert_eq!(events[1].settings.get("path"), Some(&Json::from("orders")));
    assert_eq!(events[2].kind, EventKind::EventBridge);
    let bad = yaml.replace("      events:", "      tracingConfg: true\n      events:");
    let Err(Error::Invalid(d)) = Service::from_yaml(&bad) else {
        panic!()
    };
    assert_eq!(
        d.as_slice()[0].message,
        "unknown field `tracingConfg` in a state machine entry; did you mean `tracingConfig`?"
    );
}

#[test]
fn rust_functions_and_function_options() {
    let mut service = Service::new("shop");
    let bucket = service.s3_bucket("Uploads");
    let f = service
        .rust_function("resize", "resize-image")
        .s3(bucket.name(), "s3:ObjectCreated:*")
        .http("GET", "thumbs");
    let got = f.get();
    assert_eq!(got.runtime.as_deref(), Some("provided.al2023"));
    assert_eq!(got.architecture.as_deref(), Some("arm64"));
    assert_eq!(got.handler, "bootstrap");
    assert_eq!(
        got.artifact.as_deref(),
        Some("target/lambda/resize-image/bootstrap.zip")
    );
    let yaml = service.to_yaml().unwrap();
    assert!(yaml.contains("    handler: bootstrap\n    runtime: provided.al2023\n    architecture: arm64\n    package:\n      artifact: target/lambda/resize-image/bootstrap.zip\n"), "{yaml}");
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.functions(), service.functions());
    // Bad values are errors.
    let mut service = Service::new("shop");
    service
        .function("f", "h.f")
        .architecture("arm")
        .environment("N", 3);
    let Err(Error::Invalid(d)) = service.to_yaml() else {
        panic!()
    };
    assert_eq!(
        codes(&d),
        [
            (
                Code::InvalidFunction,
                "shop.functions.f.environment.N".to_owned()
            ),
            (
                Code::InvalidFunction,
                "shop.functions.f.architecture".to_owned()
            )
        ]
    );
}

#[test]
fn write_puts_the_file_where_asked() {
    let service = everything();
    let dir = std::env::temp_dir().join(format!("sb-write-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("serverless.yml");
    service.write(&path).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        service.to_yaml().unwrap()
    );
    let missing = dir.join("no/such/dir/serverless.yml");
    assert!(matches!(service.write(&missing), Err(Error::Io(_))));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rule_and_schedule_names_are_unique_in_a_service() {
    let mut service = Service::new("shop");
    for m in ["A", "B"] {
        service.add_state_machine(
            StateMachine::builder(m)
                .event(
                    Schedule::new("rate(1 day)")
                        .name("nightly")
                        .method(ScheduleMethod::Scheduler),
                )
                .event(Schedule::new("rate(1 day)").name("nightly"))
                .state(Pass::new("P"))
                .build()
                .unwrap(),
        );
    }
    let Err(Error::Invalid(d)) = service.to_yaml() else {
        panic!()
    };
    // The second schedule and the second rule; a rule and a schedule may share a name.
    assert_eq!(
        codes(&d),
        [
            (
                Code::DuplicateResource,
                "B.events[0].schedule.name".to_owned()
            ),
            (
                Code::DuplicateResource,
                "B.events[1].schedule.name".to_owned()
            )
        ]
    );
}
