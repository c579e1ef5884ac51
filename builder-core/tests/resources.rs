//! Resources, references and IAM of a service: declared resources and their
//! handles, dangling references, the IAM derived from the tasks plus the
//! user's own, and `Task::lambda`. Rules: AWS developer guide, "How Step
//! Functions generates IAM policies for integrated services"
//! (https://docs.aws.amazon.com/step-functions/latest/dg/service-integration-iam-templates.html).

use builder_core::*;

fn codes(e: &Error) -> Vec<(Code, String)> {
    match e {
        Error::Invalid(d) => d
            .as_slice()
            .iter()
            .map(|d| (d.code, d.location.to_string()))
            .collect(),
        other => panic!("{other}"),
    }
}

fn orders() -> (Service, ResourceHandle, ResourceHandle) {
    let mut service = Service::new("shop");
    let table = service.dynamodb_table("OrdersTable", "orderId");
    let queue = service.sqs_queue("Jobs");
    (service, table, queue)
}

#[test]
fn handles_become_references_and_scope_the_iam() {
    let (mut service, table, queue) = orders();
    let machine = StateMachine::builder("Put")
        .auto_catch(false)
        .state(
            Task::new("Save", "dynamodb:putItem").parameters(Json::object([
                ("TableName", table.name()),
                (
                    "Item",
                    Json::object([("orderId", Json::object([("S.$", "$.id")]))]),
                ),
            ])),
        )
        .state(
            Task::new("Queue", "sqs:sendMessage").parameters(Json::object([
                ("QueueUrl", queue.url()),
                ("MessageBody.$", Json::from("$")),
            ])),
        )
        .build()
        .unwrap();
    service.add_state_machine(machine);
    let statements = serverless::iam::derive(&service, &service.state_machines()[0]);
    let json: Vec<String> = statements
        .iter()
        .map(|s| s.to_json().to_json_string())
        .collect();
    assert_eq!(
        json,
        vec![
            r#"{"Effect":"Allow","Action":["dynamodb:PutItem"],"Resource":[{"Fn::GetAtt":["OrdersTable","Arn"]}]}"#,
            r#"{"Effect":"Allow","Action":["sqs:SendMessage"],"Resource":[{"Fn::GetAtt":["Jobs","Arn"]}]}"#,
        ]
    );
    let yaml = service.to_yaml().unwrap();
    assert!(
        yaml.contains("OrdersTable:\n      Type: AWS::DynamoDB::Table"),
        "{yaml}"
    );
    // Everything written reads back, and writes again the same.
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.resources(), service.resources());
    assert!(read.state_machines()[0].iam_statements.is_empty());
    assert_eq!(read.to_yaml().unwrap(), yaml);
}

#[test]
fn a_reference_to_nothing_declared_is_an_error_with_did_you_mean() {
    let (mut service, _, _) = orders();
    let machine = StateMachine::builder("Get")
        .auto_catch(false)
        .state(
            Task::new("Read", "dynamodb:getItem").parameters(Json::object([
                ("TableName", Json::object([("Ref", "OrderTable")])),
                (
                    "Key",
                    Json::object([("orderId", Json::object([("S.$", "$.id")]))]),
                ),
            ])),
        )
        .build()
        .unwrap();
    service.add_state_machine(machine);
    let e = service.to_yaml().unwrap_err();
    assert_eq!(
        codes(&e),
        vec![(
            Code::DanglingReference,
            "Get.States.Read.Parameters.TableName".to_owned()
        )]
    );
    let Error::Invalid(d) = &e else {
        unreachable!()
    };
    assert_eq!(
        d.as_slice().iter().next().unwrap().help.as_deref(),
        Some("did you mean `OrdersTable`?")
    );
    // Declared outside the file: fine.
    service.external("OrderTable", "AWS::DynamoDB::Table");
    service.to_yaml().unwrap();
}

#[test]
fn user_statements_follow_the_derived_ones_and_a_role_replaces_them() {
    let (mut service, table, _) = orders();
    let extra = Json::object([
        ("Effect", Json::from("Allow")),
        ("Action", Json::array(["dynamodb:Query"])),
        ("Resource", Json::array([table.arn()])),
    ]);
    let machine = StateMachine::builder("Scan")
        .auto_catch(false)
        .iam(extra.clone())
        .state(
            Task::new("Read", "dynamodb:getItem").parameters(Json::object([
                ("TableName", Json::from("static-table")),
                ("Key.$", Json::from("$.key")),
            ])),
        )
        .build()
        .unwrap();
    service.add_state_machine(machine);
    let yaml = service.to_yaml().unwrap();
    let derived = yaml.find("dynamodb:GetItem").unwrap();
    let own = yaml.find("dynamodb:Query").unwrap();
    assert!(derived < own, "{yaml}");
    assert!(
        yaml.contains("arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/static-table"),
        "{yaml}"
    );
    let read = Service::from_yaml(&yaml).unwrap();
    assert_eq!(read.state_machines()[0].iam_statements, vec![extra.clone()]);

    // A role of one's own and statements exclude each other.
    let both = StateMachine::builder("Both")
        .iam(extra)
        .role("arn:aws:iam::123456789012:role/mine")
        .state(Pass::new("P"))
        .build()
        .unwrap_err();
    assert!(
        both.as_slice().iter().any(|d| d.code == Code::InvalidIam),
        "{both}"
    );
    // The plugin's schema takes `Effect`, `Action` and `Resource` only.
    let bad = StateMachine::builder("Bad")
        .iam(Json::object([
            ("Effect", Json::from("Allow")),
            ("Action", Json::from("s3:GetObject")),
            ("Resource", Json::from("*")),
            (
                "Condition",
                Json::object([("Bool", Json::object([("aws:SecureTransport", "true")]))]),
            ),
        ]))
        .state(Pass::new("P"))
        .build()
        .unwrap_err();
    assert_eq!(
        bad.as_slice().iter().next().unwrap().location.to_string(),
        "Bad.iamRoleStatements[0].Condition"
    );
}

#[test]
fn task_lambda_writes_function_and_payload_in_the_states_language() {
    let mut service = Service::new("svc");
    let f = service.function("work", "svc.handler.work");
    let machine = StateMachine::builder("L")
        .auto_catch(false)
        .state(Task::lambda("Whole", &f))
        .state(Task::lambda("Path", &f).payload_path("$.detail"))
        .state(
            Task::lambda("Jsonata", &f)
                .query_language(QueryLanguage::Jsonata)
                .payload(Json::object([("id", "{% $states.input.id %}")])),
        )
        .build()
        .unwrap();
    let json = machine.definition_json().unwrap();
    let v: Json = from_json_str(&json).unwrap();
    let states = v.get("States").unwrap();
    let whole = states.get("Whole").unwrap().get("Parameters").unwrap();
    assert_eq!(whole.get("Payload.$"), Some(&Json::from("$")));
    assert_eq!(
        whole.get("FunctionName"),
        Some(&Json::object([(
            "Fn::GetAtt",
            Json::array(["WorkLambdaFunction", "Arn"])
        )]))
    );
    let path = states.get("Path").unwrap().get("Parameters").unwrap();
    assert_eq!(path.get("Payload.$"), Some(&Json::from("$.detail")));
    let jsonata = states.get("Jsonata").unwrap().get("Arguments").unwrap();
    assert_eq!(
        jsonata.get("Payload"),
        Some(&Json::object([("id", "{% $states.input.id %}")]))
    );
    // A payload on a task that is not `Task::lambda` is an error, not dropped.
    let e = StateMachine::builder("P")
        .state(
            Task::new("T", "arn:aws:lambda:us-east-1:123456789012:function:f")
                .payload(Json::from(1)),
        )
        .build()
        .unwrap_err();
    assert!(
        e.as_slice()
            .iter()
            .any(|d| d.message.contains("`Task::lambda`")),
        "{e}"
    );
}

#[test]
fn distributed_maps_get_their_child_executions_and_s3() {
    let mut service = Service::new("jobs");
    let bucket = service.s3_bucket("Data");
    let mut d = DistributedMap::new(MachineType::Standard);
    let mut reader = ItemReader::default();
    reader.resource = "arn:aws:states:::s3:getObject".into();
    reader.payload = Some(Json::object([
        ("Bucket", bucket.name()),
        ("Key", Json::from("in.csv")),
    ]));
    d.item_reader = Some(reader);
    let machine = StateMachine::builder("Rows")
        .auto_catch(false)
        .state(Map::new("Each").distributed(d).state(Pass::new("Row")))
        .build()
        .unwrap();
    service.add_state_machine(machine);
    let statements = serverless::iam::derive(&service, &service.state_machines()[0]);
    let text: Vec<String> = statements
        .iter()
        .map(|s| s.to_json().to_json_string())
        .collect();
    let all = text.join("\n");
    assert!(all.contains(r#""states:StartExecution"],"Resource":["arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:jobs-${sls:stage}-Rows"]"#), "{all}");
    assert!(
        all.contains(r#"execution:jobs-${sls:stage}-Rows/*"#),
        "{all}"
    );
    assert!(
        all.contains(
            r#""s3:GetObject"],"Resource":[{"Fn::Join":["",[{"Fn::GetAtt":["Data","Arn"]},"/*"]]}]"#
        ),
        "{all}"
    );
}
