//! The catalogue of optimized integrations against AWS's IAM templates:
//! for each row and pattern, a machine with one Task on it, and the
//! statements `serverless::iam::derive` gives its role must cover the
//! policy AWS documents for that integration and pattern — every action,
//! on the resource AWS names, as our rendering writes it
//! (`arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/Orders` for a
//! static table, `*` for one computed at run time). The AWS page is cited
//! on each case ("2023" = the archived developer guide,
//! awsdocs/aws-step-functions-developer-guide @ e40bb62, where the current
//! page could not be read in full).

use builder_core::integrations::catalogue::{self, Pattern};
use builder_core::integrations::sdk;
use builder_core::serverless::iam::{derive, Statement};
use builder_core::*;

/// One documented statement: these actions on this resource.
struct Expect {
    actions: &'static [&'static str],
    resource: String,
    /// The resource must be rendered exactly so (else: covered by a
    /// wildcard of ours, such as `workgroup/*` for `workgroup/wg`).
    exact: bool,
}

/// Exactly this resource (`*` included).
fn exact(actions: &'static [&'static str], resource: &str) -> Expect {
    Expect {
        actions,
        resource: resource.to_owned(),
        exact: true,
    }
}

/// This resource or a wildcard of ours that matches it.
fn covered(actions: &'static [&'static str], resource: &str) -> Expect {
    Expect {
        actions,
        resource: resource.to_owned(),
        exact: false,
    }
}

/// The `.sync` events rule statement.
fn rule(name: &str) -> Expect {
    exact(
        &["events:PutTargets", "events:PutRule", "events:DescribeRule"],
        &format!("arn:aws:events:${{aws:region}}:${{aws:accountId}}:rule/{name}"),
    )
}

/// Everything on `*` (the dynamic form of most templates).
fn any(actions: &'static [&'static str]) -> Expect {
    exact(actions, "*")
}

struct Case {
    /// `service:action` and its pattern suffix, as the Resource ends.
    resource: &'static str,
    jsonata: bool,
    payload: &'static str,
    expect: Vec<Expect>,
    /// Actions that must not be granted (what another pattern adds).
    absent: &'static [&'static str],
}

fn path(resource: &'static str, payload: &'static str, expect: Vec<Expect>) -> Case {
    Case {
        resource,
        jsonata: false,
        payload,
        expect,
        absent: &[],
    }
}

fn jsonata(resource: &'static str, payload: &'static str, expect: Vec<Expect>) -> Case {
    Case {
        jsonata: true,
        ..path(resource, payload, expect)
    }
}

impl Case {
    fn without(mut self, absent: &'static [&'static str]) -> Case {
        self.absent = absent;
        self
    }
}

/// The statements of a machine whose only state is a Task on `resource`.
fn statements(case: &Case) -> Vec<Statement> {
    let payload = from_json_str(case.payload)
        .unwrap_or_else(|e| panic!("{}: bad payload: {e:?}", case.resource));
    let resource = format!("arn:aws:states:::{}", case.resource);
    let task = Task::new("T", resource.as_str());
    let task = if case.jsonata {
        task.arguments(payload)
    } else {
        task.parameters(payload)
    };
    let mut builder = StateMachine::builder("M").auto_catch(false);
    if case.jsonata {
        builder = builder.query_language(QueryLanguage::Jsonata);
    }
    let machine = builder
        .state(task.end())
        .build()
        .unwrap_or_else(|e| panic!("{}: the machine does not build: {e}", case.resource));
    let mut service = Service::new("svc");
    service.add_state_machine(machine);
    derive(&service, &service.state_machines()[0])
}

/// Whether `pattern` (with `*` wildcards) matches `text`.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

fn render(statements: &[Statement]) -> String {
    statements
        .iter()
        .map(|s| s.to_json().to_json_string())
        .collect::<Vec<_>>()
        .join("\n  ")
}

fn check(case: &Case) {
    let statements = statements(case);
    let name = format!(
        "{} ({})",
        case.resource,
        if case.jsonata { "JSONata" } else { "JSONPath" }
    );
    for expect in &case.expect {
        for action in expect.actions {
            let found = statements.iter().any(|s| {
                s.actions.iter().any(|a| a.eq_ignore_ascii_case(action))
                    && s.resources.iter().any(|r| {
                        r.as_str().is_some_and(|r| {
                            r == expect.resource
                                || (!expect.exact && (r == "*" || glob(r, &expect.resource)))
                        })
                    })
            });
            assert!(
                found,
                "{name}: `{action}` on `{}` is not granted; the statements are\n  {}",
                expect.resource,
                render(&statements)
            );
        }
    }
    for action in case.absent {
        assert!(
            !statements
                .iter()
                .any(|s| s.actions.iter().any(|a| a.eq_ignore_ascii_case(action))),
            "{name}: `{action}` is granted but should not be; the statements are\n  {}",
            render(&statements)
        );
    }
}

const ATHENA_S3: &[&str] = &[
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:ListMultipartUploadParts",
    "s3:AbortMultipartUpload",
    "s3:CreateBucket",
    "s3:PutObject",
];

const ATHENA_GLUE: &[&str] = &[
    "glue:CreateDatabase",
    "glue:GetDatabase",
    "glue:GetDatabases",
    "glue:UpdateDatabase",
    "glue:DeleteDatabase",
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:GetTable",
    "glue:GetTables",
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:BatchCreatePartition",
    "glue:CreatePartition",
    "glue:UpdatePartition",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
];

/// athena-iam.html: what startQueryExecution needs in every pattern, for
/// workgroup `workgroup` (our rendering: every workgroup of the account).
fn athena_start(workgroup: &str) -> Vec<Expect> {
    let mut out = vec![
        covered(
            &["athena:startQueryExecution", "athena:getDataCatalog"],
            &format!("arn:aws:athena:${{aws:region}}:${{aws:accountId}}:workgroup/{workgroup}"),
        ),
        exact(
            &["athena:startQueryExecution", "athena:getDataCatalog"],
            "arn:aws:athena:${aws:region}:${aws:accountId}:datacatalog/*",
        ),
        exact(ATHENA_S3, "arn:aws:s3:::*"),
        any(&["lakeformation:GetDataAccess"]),
    ];
    for r in ["catalog", "database/*", "table/*", "userDefinedFunction/*"] {
        out.push(exact(
            ATHENA_GLUE,
            &format!("arn:aws:glue:${{aws:region}}:${{aws:accountId}}:{r}"),
        ));
    }
    out
}

fn cases() -> Vec<Case> {
    let fn_arn = "arn:aws:lambda:${aws:region}:${aws:accountId}:function:my-fn";
    let table = "arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/Orders";
    let child = "arn:aws:states:us-east-1:123456789012:stateMachine:Child";
    let child_executions = "arn:aws:states:us-east-1:123456789012:execution:Child:*";
    let project = "arn:aws:codebuild:${aws:region}:${aws:accountId}:project/build";
    let cluster = "arn:aws:elasticmapreduce:${aws:region}:${aws:accountId}:cluster/j-1234567890123";
    let sm = |kind: &str| format!("arn:aws:sagemaker:${{aws:region}}:${{aws:accountId}}:{kind}");
    let sm_role = "arn:aws:iam::123456789012:role/sagemaker";
    vec![
        // ---- AWS Lambda ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html
        path(
            "lambda:invoke",
            r#"{"FunctionName": "my-fn", "Payload.$": "$"}"#,
            vec![
                exact(&["lambda:InvokeFunction"], fn_arn),
                exact(&["lambda:InvokeFunction"], &format!("{fn_arn}:*")),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html
        path(
            "lambda:invoke",
            r#"{"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:f"}"#,
            vec![exact(
                &["lambda:InvokeFunction"],
                "arn:aws:lambda:us-east-1:123456789012:function:f",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html (dynamic)
        path(
            "lambda:invoke",
            r#"{"FunctionName.$": "$.fn"}"#,
            vec![any(&["lambda:InvokeFunction"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html (dynamic)
        jsonata(
            "lambda:invoke",
            r#"{"FunctionName": "{% $states.input.fn %}", "Payload": "{% $states.input %}"}"#,
            vec![any(&["lambda:InvokeFunction"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html (wTT = RR)
        path(
            "lambda:invoke.waitForTaskToken",
            r#"{"FunctionName": "my-fn", "Payload": {"TaskToken.$": "$$.Task.Token"}}"#,
            vec![exact(&["lambda:InvokeFunction"], fn_arn)],
        ),
        // ---- Amazon DynamoDB ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html
        path(
            "dynamodb:getItem",
            r#"{"TableName": "Orders", "Key": {"id": {"S": "1"}}}"#,
            vec![exact(&["dynamodb:GetItem"], table)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html
        path(
            "dynamodb:putItem",
            r#"{"TableName": "Orders", "Item": {"id": {"S": "1"}}}"#,
            vec![exact(&["dynamodb:PutItem"], table)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html
        path(
            "dynamodb:updateItem",
            r#"{"TableName": "Orders", "Key": {"id": {"S": "1"}}, "UpdateExpression": "SET n = :n"}"#,
            vec![exact(&["dynamodb:UpdateItem"], table)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html
        path(
            "dynamodb:deleteItem",
            r#"{"TableName": "Orders", "Key": {"id": {"S": "1"}}}"#,
            vec![exact(&["dynamodb:DeleteItem"], table)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html (dynamic)
        path(
            "dynamodb:putItem",
            r#"{"TableName.$": "$.table", "Item": {"id": {"S": "1"}}}"#,
            vec![any(&["dynamodb:PutItem"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html (dynamic)
        jsonata(
            "dynamodb:getItem",
            r#"{"TableName": "{% $states.input.table %}", "Key": {"id": {"S": "1"}}}"#,
            vec![any(&["dynamodb:GetItem"])],
        ),
        // ---- Amazon SQS ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html
        path(
            "sqs:sendMessage",
            r#"{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody.$": "$"}"#,
            vec![exact(
                &["sqs:SendMessage"],
                "arn:aws:sqs:us-east-1:123456789012:orders",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html (dynamic)
        path(
            "sqs:sendMessage",
            r#"{"QueueUrl.$": "$.queue", "MessageBody.$": "$"}"#,
            vec![any(&["sqs:SendMessage"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html (dynamic)
        jsonata(
            "sqs:sendMessage",
            r#"{"QueueUrl": "{% $states.input.queue %}", "MessageBody": "{% $states.input %}"}"#,
            vec![any(&["sqs:SendMessage"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sqs-iam.html (wTT = RR)
        path(
            "sqs:sendMessage.waitForTaskToken",
            r#"{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders", "MessageBody": {"TaskToken.$": "$$.Task.Token"}}"#,
            vec![exact(
                &["sqs:SendMessage"],
                "arn:aws:sqs:us-east-1:123456789012:orders",
            )],
        ),
        // ---- Amazon SNS ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html
        path(
            "sns:publish",
            r#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "$"}"#,
            vec![exact(
                &["sns:Publish"],
                "arn:aws:sns:us-east-1:123456789012:alerts",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html (dynamic)
        path(
            "sns:publish",
            r#"{"TopicArn.$": "$.topic", "Message.$": "$"}"#,
            vec![any(&["sns:Publish"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html ("publishing to TargetArn or PhoneNumber": *)
        path(
            "sns:publish",
            r#"{"PhoneNumber": "+15555550100", "Message": "hi"}"#,
            vec![any(&["sns:Publish"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html (dynamic)
        jsonata(
            "sns:publish",
            r#"{"TopicArn": "{% $states.input.topic %}", "Message": "{% $string($states.input) %}"}"#,
            vec![any(&["sns:Publish"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html (wTT = RR)
        path(
            "sns:publish.waitForTaskToken",
            r#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": {"TaskToken.$": "$$.Task.Token"}}"#,
            vec![exact(
                &["sns:Publish"],
                "arn:aws:sns:us-east-1:123456789012:alerts",
            )],
        ),
        // ---- Amazon EventBridge ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html
        path(
            "events:putEvents",
            r#"{"Entries": [{"Detail": {}, "DetailType": "x", "Source": "my.app", "EventBusName": "orders"}]}"#,
            vec![exact(
                &["events:PutEvents"],
                "arn:aws:events:${aws:region}:${aws:accountId}:event-bus/orders",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (a bus ARN)
        path(
            "events:putEvents",
            r#"{"Entries": [{"Detail": {}, "DetailType": "x", "Source": "my.app", "EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/b"}]}"#,
            vec![exact(
                &["events:PutEvents"],
                "arn:aws:events:us-east-1:123456789012:event-bus/b",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (no bus: the default one)
        path(
            "events:putEvents",
            r#"{"Entries": [{"Detail": {}, "DetailType": "x", "Source": "my.app"}]}"#,
            vec![exact(
                &["events:PutEvents"],
                "arn:aws:events:${aws:region}:${aws:accountId}:event-bus/default",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (dynamic: event-bus/*)
        path(
            "events:putEvents",
            r#"{"Entries.$": "$.entries"}"#,
            vec![any(&["events:PutEvents"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (dynamic)
        path(
            "events:putEvents",
            r#"{"Entries": [{"Detail": {}, "DetailType": "x", "Source": "my.app", "EventBusName.$": "$.bus"}]}"#,
            vec![any(&["events:PutEvents"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (dynamic)
        jsonata(
            "events:putEvents",
            r#"{"Entries": "{% $states.input.entries %}"}"#,
            vec![any(&["events:PutEvents"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-iam.html (wTT = RR)
        path(
            "events:putEvents.waitForTaskToken",
            r#"{"Entries": [{"Detail": {"TaskToken.$": "$$.Task.Token"}, "DetailType": "x", "Source": "my.app", "EventBusName": "orders"}]}"#,
            vec![exact(
                &["events:PutEvents"],
                "arn:aws:events:${aws:region}:${aws:accountId}:event-bus/orders",
            )],
        ),
        // ---- AWS Step Functions ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (Asynchronous)
        path(
            "states:startExecution",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input.$": "$"}"#,
            vec![exact(&["states:StartExecution"], child)],
        )
        .without(&["states:DescribeExecution", "events:PutRule"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (Synchronous)
        path(
            "states:startExecution.sync",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input.$": "$"}"#,
            vec![
                exact(&["states:StartExecution"], child),
                exact(
                    &["states:DescribeExecution", "states:StopExecution"],
                    child_executions,
                ),
                rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (Synchronous)
        path(
            "states:startExecution.sync:2",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"}"#,
            vec![
                exact(&["states:StartExecution"], child),
                exact(
                    &["states:DescribeExecution", "states:StopExecution"],
                    child_executions,
                ),
                rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (Synchronous, dynamic)
        path(
            "states:startExecution.sync",
            r#"{"StateMachineArn.$": "$.child"}"#,
            vec![
                any(&["states:StartExecution"]),
                any(&["states:DescribeExecution", "states:StopExecution"]),
                rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (Synchronous, dynamic)
        jsonata(
            "states:startExecution.sync:2",
            r#"{"StateMachineArn": "{% $states.input.child %}", "Input": "{% $states.input %}"}"#,
            vec![
                any(&["states:StartExecution"]),
                any(&["states:DescribeExecution", "states:StopExecution"]),
                rule("StepFunctionsGetEventsForStepFunctionsExecutionRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html (wTT = Asynchronous)
        path(
            "states:startExecution.waitForTaskToken",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child", "Input": {"TaskToken.$": "$$.Task.Token"}}"#,
            vec![exact(&["states:StartExecution"], child)],
        ),
        // ---- Amazon ECS / Fargate ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html (Request Response)
        path(
            "ecs:runTask",
            r#"{"TaskDefinition": "app:3", "Cluster": "c", "LaunchType": "FARGATE"}"#,
            vec![
                exact(
                    &["ecs:RunTask"],
                    "arn:aws:ecs:${aws:region}:${aws:accountId}:task-definition/app:3",
                ),
                // 2023 ecs-iam.html note: PassRole for the task's roles.
                covered(&["iam:PassRole"], "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"),
            ],
        )
        .without(&["ecs:StopTask", "events:PutRule"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html (a family: every revision)
        path(
            "ecs:runTask",
            r#"{"TaskDefinition": "app"}"#,
            vec![covered(
                &["ecs:RunTask"],
                "arn:aws:ecs:${aws:region}:${aws:accountId}:task-definition/app:7",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html (Run a Job)
        path(
            "ecs:runTask.sync",
            r#"{"TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/app:3"}"#,
            vec![
                exact(
                    &["ecs:RunTask"],
                    "arn:aws:ecs:us-east-1:123456789012:task-definition/app:3",
                ),
                any(&["ecs:StopTask", "ecs:DescribeTasks"]),
                rule("StepFunctionsGetEventsForECSTaskRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html (Run a Job, dynamic)
        path(
            "ecs:runTask.sync",
            r#"{"TaskDefinition.$": "$.taskDefinition"}"#,
            vec![
                any(&["ecs:RunTask"]),
                any(&["ecs:StopTask", "ecs:DescribeTasks"]),
                rule("StepFunctionsGetEventsForECSTaskRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html (wTT = RR)
        path(
            "ecs:runTask.waitForTaskToken",
            r#"{"TaskDefinition": "app:3", "Overrides": {"ContainerOverrides": [{"Name": "app", "Environment": [{"Name": "TOKEN", "Value.$": "$$.Task.Token"}]}]}}"#,
            vec![exact(
                &["ecs:RunTask"],
                "arn:aws:ecs:${aws:region}:${aws:accountId}:task-definition/app:3",
            )],
        ),
        // ---- AWS Batch ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/batch-iam.html (Request Response)
        path(
            "batch:submitJob",
            r#"{"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}"#,
            vec![any(&["batch:SubmitJob"])],
        )
        .without(&["batch:DescribeJobs"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/batch-iam.html (Run a Job)
        path(
            "batch:submitJob.sync",
            r#"{"JobName": "j", "JobQueue": "q", "JobDefinition": "d"}"#,
            vec![
                any(&["batch:SubmitJob", "batch:DescribeJobs", "batch:TerminateJob"]),
                rule("StepFunctionsGetEventsForBatchJobsRule"),
            ],
        ),
        // ---- AWS Glue ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/glue-iam.html (Request Response)
        path(
            "glue:startJobRun",
            r#"{"JobName": "etl"}"#,
            vec![any(&["glue:StartJobRun"])],
        )
        .without(&["glue:GetJobRun"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/glue-iam.html (Run a Job)
        path(
            "glue:startJobRun.sync",
            r#"{"JobName": "etl"}"#,
            vec![any(&[
                "glue:StartJobRun",
                "glue:GetJobRun",
                "glue:GetJobRuns",
                "glue:BatchStopJobRun",
            ])],
        ),
        // ---- Amazon Athena ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html (Request Response)
        path(
            "athena:startQueryExecution",
            r#"{"QueryString": "SELECT 1", "WorkGroup": "wg"}"#,
            athena_start("wg"),
        )
        .without(&["athena:GetQueryExecution"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html (Run a Job)
        path(
            "athena:startQueryExecution.sync",
            r#"{"QueryString": "SELECT 1", "WorkGroup": "wg"}"#,
            {
                let mut e = athena_start("wg");
                e.push(covered(
                    &["athena:stopQueryExecution", "athena:getQueryExecution"],
                    "arn:aws:athena:${aws:region}:${aws:accountId}:workgroup/wg",
                ));
                e.push(exact(
                    &["athena:stopQueryExecution", "athena:getQueryExecution"],
                    "arn:aws:athena:${aws:region}:${aws:accountId}:datacatalog/*",
                ));
                e
            },
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html (Run a Job, dynamic: workgroup/*)
        jsonata(
            "athena:startQueryExecution.sync",
            r#"{"QueryString": "{% $states.input.sql %}", "WorkGroup": "{% $states.input.wg %}"}"#,
            {
                let mut e = athena_start("*");
                e.push(exact(
                    &["athena:stopQueryExecution", "athena:getQueryExecution"],
                    "arn:aws:athena:${aws:region}:${aws:accountId}:workgroup/*",
                ));
                e
            },
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html
        path(
            "athena:stopQueryExecution",
            r#"{"QueryExecutionId.$": "$.id"}"#,
            vec![exact(
                &["athena:stopQueryExecution"],
                "arn:aws:athena:${aws:region}:${aws:accountId}:workgroup/*",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html
        path(
            "athena:getQueryExecution",
            r#"{"QueryExecutionId.$": "$.id"}"#,
            vec![exact(
                &["athena:getQueryExecution"],
                "arn:aws:athena:${aws:region}:${aws:accountId}:workgroup/*",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html
        path(
            "athena:getQueryResults",
            r#"{"QueryExecutionId.$": "$.id", "MaxResults": 10}"#,
            vec![
                exact(
                    &["athena:getQueryResults"],
                    "arn:aws:athena:${aws:region}:${aws:accountId}:workgroup/*",
                ),
                exact(&["s3:GetObject"], "arn:aws:s3:::*"),
            ],
        ),
        // ---- Amazon API Gateway ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/api-gateway-iam.html
        // (AWS's template, "arn:[[region]]:[[accountId]]:*", is malformed.)
        path(
            "apigateway:invoke",
            r#"{"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET", "Stage": "prod", "AuthType": "IAM_ROLE"}"#,
            vec![exact(
                &["execute-api:Invoke"],
                "arn:aws:execute-api:${aws:region}:${aws:accountId}:*",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/api-gateway-iam.html (wTT = RR)
        path(
            "apigateway:invoke.waitForTaskToken",
            r#"{"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "POST", "Headers": {"TaskToken.$": "States.Array($$.Task.Token)"}}"#,
            vec![covered(
                &["execute-api:Invoke"],
                "arn:aws:execute-api:${aws:region}:${aws:accountId}:abc123/prod/POST/orders",
            )],
        ),
        // ---- HTTP Task ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
        // (AWS's IAM section not seen; CDK and the serverless plugin.)
        path(
            "http:invoke",
            r#"{"ApiEndpoint": "https://api.example.com/v1", "Method": "GET", "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}}"#,
            vec![
                any(&["states:InvokeHTTPEndpoint"]),
                covered(
                    &["events:RetrieveConnectionCredentials"],
                    "arn:aws:events:${aws:region}:${aws:accountId}:connection/c/1",
                ),
                covered(
                    &["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    "arn:aws:secretsmanager:${aws:region}:${aws:accountId}:secret:events!connection/c/1-AbCdEf",
                ),
            ],
        ),
        // ---- Amazon Bedrock ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/bedrock-iam.html
        path(
            "bedrock:invokeModel",
            r#"{"ModelId": "amazon.titan-text-express-v1", "Body": {"inputText": "hi"}}"#,
            vec![exact(
                &["bedrock:InvokeModel"],
                "arn:aws:bedrock:${aws:region}::foundation-model/amazon.titan-text-express-v1",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/bedrock-iam.html (dynamic)
        jsonata(
            "bedrock:invokeModel",
            r#"{"ModelId": "{% $states.input.model %}", "Body": "{% $states.input.body %}"}"#,
            vec![any(&["bedrock:InvokeModel"])],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html
        // (IAM: CDK's BedrockCreateModelCustomizationJob; UNCONFIRMED.)
        path(
            "bedrock:createModelCustomizationJob",
            r#"{"BaseModelIdentifier": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1", "CustomModelName": "m", "JobName": "j", "RoleArn": "arn:aws:iam::123456789012:role/bedrock", "TrainingDataConfig": {"S3Uri": "s3://b/train"}, "OutputDataConfig": {"S3Uri": "s3://b/out"}}"#,
            vec![
                exact(
                    &["bedrock:CreateModelCustomizationJob", "bedrock:TagResource"],
                    "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
                ),
                exact(
                    &["bedrock:CreateModelCustomizationJob", "bedrock:TagResource"],
                    "arn:aws:bedrock:${aws:region}:${aws:accountId}:custom-model/*",
                ),
                exact(
                    &["bedrock:CreateModelCustomizationJob", "bedrock:TagResource"],
                    "arn:aws:bedrock:${aws:region}:${aws:accountId}:model-customization-job/*",
                ),
                exact(&["iam:PassRole"], "arn:aws:iam::123456789012:role/bedrock"),
            ],
        )
        .without(&["bedrock:GetModelCustomizationJob"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-bedrock.html (.sync; UNCONFIRMED)
        path(
            "bedrock:createModelCustomizationJob.sync",
            r#"{"BaseModelIdentifier": "amazon.titan-text-express-v1", "CustomModelName": "m", "JobName": "j", "RoleArn": "arn:aws:iam::123456789012:role/bedrock", "TrainingDataConfig": {"S3Uri": "s3://b/train"}, "OutputDataConfig": {"S3Uri": "s3://b/out"}}"#,
            vec![
                exact(
                    &["bedrock:CreateModelCustomizationJob"],
                    "arn:aws:bedrock:${aws:region}::foundation-model/amazon.titan-text-express-v1",
                ),
                exact(
                    &["bedrock:GetModelCustomizationJob", "bedrock:StopModelCustomizationJob"],
                    "arn:aws:bedrock:${aws:region}:${aws:accountId}:model-customization-job/*",
                ),
            ],
        ),
        // ---- AWS CodeBuild (2023 codebuild-iam.md) ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Request Response)
        path(
            "codebuild:startBuild",
            r#"{"ProjectName": "build"}"#,
            vec![exact(&["codebuild:StartBuild"], project)],
        )
        .without(&["codebuild:BatchGetBuilds"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Run a Job)
        path(
            "codebuild:startBuild.sync",
            r#"{"ProjectName": "build"}"#,
            vec![
                exact(
                    &["codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"],
                    project,
                ),
                rule("StepFunctionsGetEventForCodeBuildStartBuildRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Run a Job, dynamic)
        path(
            "codebuild:startBuild.sync",
            r#"{"ProjectName.$": "$.project"}"#,
            vec![
                any(&["codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"]),
                rule("StepFunctionsGetEventForCodeBuildStartBuildRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html
        path(
            "codebuild:stopBuild",
            r#"{"Id.$": "$.Build.Id"}"#,
            vec![covered(&["codebuild:StopBuild"], project)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html
        path(
            "codebuild:batchDeleteBuilds",
            r#"{"Ids.$": "$.Build..Arn"}"#,
            vec![covered(&["codebuild:BatchDeleteBuilds"], project)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html
        path(
            "codebuild:batchGetReports",
            r#"{"ReportArns.$": "$.Build.ReportArns"}"#,
            vec![covered(
                &["codebuild:BatchGetReports"],
                "arn:aws:codebuild:${aws:region}:${aws:accountId}:report-group/reports",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Run a Job)
        path(
            "codebuild:startBuildBatch.sync",
            r#"{"ProjectName": "build"}"#,
            vec![
                exact(
                    &[
                        "codebuild:StartBuildBatch",
                        "codebuild:StopBuildBatch",
                        "codebuild:BatchGetBuildBatches",
                    ],
                    project,
                ),
                rule("StepFunctionsGetEventForCodeBuildStartBuildBatchRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Request Response)
        path(
            "codebuild:startBuildBatch",
            r#"{"ProjectName": "build"}"#,
            vec![exact(&["codebuild:StartBuildBatch"], project)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html
        path(
            "codebuild:stopBuildBatch",
            r#"{"Id.$": "$.BuildBatch.Id"}"#,
            vec![covered(&["codebuild:StopBuildBatch"], project)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (Run a Job)
        path(
            "codebuild:retryBuildBatch.sync",
            r#"{"Id.$": "$.BuildBatch.Id"}"#,
            vec![covered(
                &[
                    "codebuild:RetryBuildBatch",
                    "codebuild:StopBuildBatch",
                    "codebuild:BatchGetBuildBatches",
                ],
                project,
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html
        path(
            "codebuild:deleteBuildBatch",
            r#"{"Id.$": "$.BuildBatch.Id"}"#,
            vec![covered(&["codebuild:DeleteBuildBatch"], project)],
        ),
        // ---- Amazon SageMaker AI ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (Request Response)
        path(
            "sagemaker:createTrainingJob",
            r#"{"TrainingJobName": "train", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker", "AlgorithmSpecification": {}, "OutputDataConfig": {}, "ResourceConfig": {}, "StoppingCondition": {}}"#,
            vec![
                covered(&["sagemaker:CreateTrainingJob"], &sm("training-job/train*")),
                any(&["sagemaker:ListTags"]),
                exact(&["iam:PassRole"], sm_role),
            ],
        )
        .without(&["sagemaker:DescribeTrainingJob"]),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (Run a Job)
        path(
            "sagemaker:createTrainingJob.sync",
            r#"{"TrainingJobName": "train", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker"}"#,
            vec![
                covered(
                    &[
                        "sagemaker:CreateTrainingJob",
                        "sagemaker:DescribeTrainingJob",
                        "sagemaker:StopTrainingJob",
                    ],
                    &sm("training-job/train*"),
                ),
                any(&["sagemaker:ListTags"]),
                exact(&["iam:PassRole"], sm_role),
                rule("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (Run a Job, dynamic)
        jsonata(
            "sagemaker:createTrainingJob.sync",
            r#"{"TrainingJobName": "{% $states.input.name %}", "RoleArn": "{% $states.input.role %}"}"#,
            vec![
                exact(
                    &[
                        "sagemaker:CreateTrainingJob",
                        "sagemaker:DescribeTrainingJob",
                        "sagemaker:StopTrainingJob",
                    ],
                    &sm("training-job/*"),
                ),
                any(&["sagemaker:ListTags", "iam:PassRole"]),
                rule("StepFunctionsGetEventsForSageMakerTrainingJobsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (CreateTransformJob, Run a Job)
        path(
            "sagemaker:createTransformJob.sync",
            r#"{"TransformJobName": "t", "ModelName": "m", "TransformInput": {}, "TransformOutput": {}, "TransformResources": {}}"#,
            vec![
                covered(
                    &[
                        "sagemaker:CreateTransformJob",
                        "sagemaker:DescribeTransformJob",
                        "sagemaker:StopTransformJob",
                    ],
                    &sm("transform-job/t*"),
                ),
                any(&["sagemaker:ListTags"]),
                covered(&["iam:PassRole"], sm_role),
                rule("StepFunctionsGetEventsForSageMakerTransformJobsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html
        // (no AWS template: createTrainingJob's, for processing jobs; UNCONFIRMED)
        path(
            "sagemaker:createProcessingJob.sync",
            r#"{"ProcessingJobName": "p", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker"}"#,
            vec![
                covered(
                    &[
                        "sagemaker:CreateProcessingJob",
                        "sagemaker:DescribeProcessingJob",
                        "sagemaker:StopProcessingJob",
                    ],
                    &sm("processing-job/p*"),
                ),
                any(&["sagemaker:ListTags"]),
                exact(&["iam:PassRole"], sm_role),
                rule("StepFunctionsGetEventsForSageMakerProcessingJobsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html (UNCONFIRMED)
        path(
            "sagemaker:createLabelingJob.sync",
            r#"{"LabelingJobName": "l", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker"}"#,
            vec![
                covered(
                    &[
                        "sagemaker:CreateLabelingJob",
                        "sagemaker:DescribeLabelingJob",
                        "sagemaker:StopLabelingJob",
                    ],
                    &sm("labeling-job/l"),
                ),
                exact(&["iam:PassRole"], sm_role),
                covered(
                    &["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                    "arn:aws:events:${aws:region}:${aws:accountId}:rule/StepFunctionsGetEventsForSageMakerLabelingJobsRule",
                ),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html (UNCONFIRMED)
        path(
            "sagemaker:createHyperParameterTuningJob.sync",
            r#"{"HyperParameterTuningJobName": "h", "HyperParameterTuningJobConfig": {}, "TrainingJobDefinition": {"RoleArn": "arn:aws:iam::123456789012:role/sagemaker"}}"#,
            vec![
                covered(
                    &[
                        "sagemaker:CreateHyperParameterTuningJob",
                        "sagemaker:DescribeHyperParameterTuningJob",
                        "sagemaker:StopHyperParameterTuningJob",
                    ],
                    &sm("hyper-parameter-tuning-job/h"),
                ),
                exact(&["iam:PassRole"], sm_role),
                rule("StepFunctionsGetEventsForSageMakerTuningJobsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html
        // (CDK's SageMakerCreateModel; UNCONFIRMED)
        path(
            "sagemaker:createModel",
            r#"{"ModelName": "m", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sagemaker", "PrimaryContainer": {}}"#,
            vec![
                covered(&["sagemaker:CreateModel"], &sm("model/m*")),
                any(&["sagemaker:ListTags"]),
                exact(&["iam:PassRole"], sm_role),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html
        // (CDK's SageMakerCreateEndpoint; UNCONFIRMED)
        path(
            "sagemaker:createEndpoint",
            r#"{"EndpointName": "e", "EndpointConfigName": "c"}"#,
            vec![
                covered(&["sagemaker:CreateEndpoint"], &sm("endpoint/e")),
                covered(&["sagemaker:CreateEndpoint"], &sm("endpoint-config/c")),
                any(&["sagemaker:ListTags"]),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html
        // (CDK's SageMakerCreateEndpointConfig; UNCONFIRMED)
        path(
            "sagemaker:createEndpointConfig",
            r#"{"EndpointConfigName": "c", "ProductionVariants": []}"#,
            vec![
                covered(&["sagemaker:CreateEndpointConfig"], &sm("endpoint-config/c")),
                any(&["sagemaker:ListTags"]),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/connect-sagemaker.html
        // (CDK's SageMakerUpdateEndpoint; UNCONFIRMED)
        path(
            "sagemaker:updateEndpoint",
            r#"{"EndpointName": "e", "EndpointConfigName": "c"}"#,
            vec![
                covered(&["sagemaker:UpdateEndpoint"], &sm("endpoint/e")),
                covered(&["sagemaker:UpdateEndpoint"], &sm("endpoint-config/c")),
            ],
        ),
        // ---- Amazon EMR (2023 emr-iam.md) ----
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html (createCluster)
        path(
            "elasticmapreduce:createCluster.sync",
            r#"{"Name": "c", "ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole", "Instances": {}}"#,
            vec![
                any(&[
                    "elasticmapreduce:RunJobFlow",
                    "elasticmapreduce:DescribeCluster",
                    "elasticmapreduce:TerminateJobFlows",
                ]),
                covered(
                    &["iam:PassRole"],
                    "arn:aws:iam::${aws:accountId}:role/EMR_DefaultRole",
                ),
                covered(
                    &["iam:PassRole"],
                    "arn:aws:iam::${aws:accountId}:role/EMR_EC2_DefaultRole",
                ),
                rule("StepFunctionsGetEventForEMRRunJobFlowRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html (one template for both patterns)
        path(
            "elasticmapreduce:createCluster",
            r#"{"Name": "c", "Instances": {}}"#,
            vec![
                any(&["elasticmapreduce:RunJobFlow"]),
                rule("StepFunctionsGetEventForEMRRunJobFlowRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
        path(
            "elasticmapreduce:setClusterTerminationProtection",
            r#"{"ClusterId": "j-1234567890123", "TerminationProtected": true}"#,
            vec![covered(&["elasticmapreduce:SetTerminationProtection"], cluster)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
        path(
            "elasticmapreduce:terminateCluster.sync",
            r#"{"ClusterId": "j-1234567890123"}"#,
            vec![
                covered(
                    &[
                        "elasticmapreduce:TerminateJobFlows",
                        "elasticmapreduce:DescribeCluster",
                    ],
                    cluster,
                ),
                rule("StepFunctionsGetEventForEMRTerminateJobFlowsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
        path(
            "elasticmapreduce:addStep.sync",
            r#"{"ClusterId": "j-1234567890123", "Step": {}}"#,
            vec![
                covered(
                    &[
                        "elasticmapreduce:AddJobFlowSteps",
                        "elasticmapreduce:DescribeStep",
                        "elasticmapreduce:CancelSteps",
                    ],
                    cluster,
                ),
                rule("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
            ],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html (dynamic cluster)
        path(
            "elasticmapreduce:addStep",
            r#"{"ClusterId.$": "$.ClusterId", "Step": {}}"#,
            vec![exact(
                &["elasticmapreduce:AddJobFlowSteps"],
                "arn:aws:elasticmapreduce:${aws:region}:${aws:accountId}:cluster/*",
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
        path(
            "elasticmapreduce:cancelStep",
            r#"{"ClusterId": "j-1234567890123", "StepId.$": "$.StepId"}"#,
            vec![covered(&["elasticmapreduce:CancelSteps"], cluster)],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html
        path(
            "elasticmapreduce:modifyInstanceFleetByName",
            r#"{"ClusterId": "j-1234567890123", "InstanceFleetName": "core", "InstanceFleet": {"TargetOnDemandCapacity": 8}}"#,
            vec![covered(
                &[
                    "elasticmapreduce:ModifyInstanceFleet",
                    "elasticmapreduce:ListInstanceFleets",
                ],
                cluster,
            )],
        ),
        // https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html (dynamic: *)
        path(
            "elasticmapreduce:modifyInstanceGroupByName",
            r#"{"ClusterId.$": "$.ClusterId", "InstanceGroupName": "core", "InstanceGroup": {"InstanceCount": 8}}"#,
            vec![any(&[
                "elasticmapreduce:ModifyInstanceGroups",
                "elasticmapreduce:ListInstanceGroups",
            ])],
        ),
    ]
}

/// The `service:action` and pattern a case's resource names.
fn row_of(resource: &str) -> (&str, Pattern) {
    match resource.split_once('.') {
        None => (resource, Pattern::RequestResponse),
        Some((call, suffix)) => (call, Pattern::from_suffix(suffix).expect("a pattern")),
    }
}

#[test]
fn every_row_grants_at_least_what_aws_documents() {
    for case in cases() {
        check(&case);
    }
}

#[test]
fn every_row_and_its_job_pattern_has_a_case() {
    let cases = cases();
    for row in catalogue::INTEGRATIONS {
        let call = format!("{}:{}", row.service, row.action);
        for (case_call, pattern) in cases.iter().map(|c| row_of(c.resource)) {
            if case_call == call {
                assert!(
                    row.patterns.contains(pattern),
                    "{call}: a case uses {}, which the row does not support",
                    pattern.describe()
                );
            }
        }
        assert!(
            cases.iter().any(|c| row_of(c.resource).0 == call),
            "{call}: no case"
        );
        if row.patterns.contains(Pattern::Sync) {
            assert!(
                cases
                    .iter()
                    .any(|c| row_of(c.resource) == (call.as_str(), Pattern::Sync)),
                "{call}: no `.sync` case"
            );
        }
    }
}

#[test]
fn rows_are_unique_and_cite_a_page() {
    let rows = catalogue::INTEGRATIONS;
    for (n, row) in rows.iter().enumerate() {
        let call = format!("{}:{}", row.service, row.action);
        assert!(
            rows[..n]
                .iter()
                .all(|r| (r.service, r.action) != (row.service, row.action)),
            "{call}: twice"
        );
        assert!(row.doc.ends_with(".html"), "{call}: doc {}", row.doc);
        assert!(row.patterns.contains(Pattern::RequestResponse), "{call}");
        // `.sync:2` is Step Functions' alone.
        assert_eq!(
            row.patterns.contains(Pattern::Sync2),
            call == "states:startExecution",
            "{call}"
        );
        // Rows of one service are together.
        if n > 0 && rows[n - 1].service != row.service {
            assert!(
                rows[..n].iter().all(|r| r.service != row.service),
                "{call}: its service's rows are apart"
            );
        }
        if !row.patterns.contains(Pattern::Sync) {
            assert!(
                row.sync_grants.is_empty(),
                "{call}: `.sync` grants without `.sync`"
            );
        }
    }
    // No optimized S3 Task integration: S3 tasks are `aws-sdk:s3:…`.
    assert!(catalogue::services().all(|s| s != "s3"));
}

#[test]
fn sdk_calls_use_iam_prefixes_and_action_names() {
    // Prefix exceptions (AWS CDK's tables).
    assert_eq!(
        sdk::iam_action("sfn", "startExecution"),
        "states:StartExecution"
    );
    assert_eq!(
        sdk::iam_action("efs", "describeFileSystems"),
        "elasticfilesystem:DescribeFileSystems"
    );
    assert_eq!(
        sdk::iam_action("mwaa", "createCliToken"),
        "airflow:CreateCliToken"
    );
    assert_eq!(
        sdk::iam_action("elasticloadbalancingv2", "describeTargetHealth"),
        "elasticloadbalancing:DescribeTargetHealth"
    );
    assert_eq!(
        sdk::iam_action("bedrockruntime", "converse"),
        "bedrock:Converse"
    );
    assert_eq!(
        sdk::iam_action("cognitoidentityprovider", "adminGetUser"),
        "cognito-idp:AdminGetUser"
    );
    assert_eq!(
        sdk::iam_action("emr", "runJobFlow"),
        "elasticmapreduce:RunJobFlow"
    );
    assert_eq!(sdk::iam_action("sesv2", "sendEmail"), "ses:SendEmail");
    assert_eq!(
        sdk::iam_action("workspacesweb", "listPortals"),
        "workspaces-web:ListPortals"
    );
    // Services whose name is their prefix.
    assert_eq!(sdk::iam_action("s3", "getObject"), "s3:GetObject");
    assert_eq!(
        sdk::iam_action("dynamodb", "transactWriteItems"),
        "dynamodb:TransactWriteItems"
    );
    // Action-name exceptions.
    assert_eq!(sdk::iam_action("s3", "listObjectsV2"), "s3:ListBucket");
    assert_eq!(sdk::iam_action("s3", "listBuckets"), "s3:ListAllMyBuckets");
    assert_eq!(sdk::iam_action("lambda", "invoke"), "lambda:InvokeFunction");
    // In a machine.
    let machine = StateMachine::builder("M")
        .auto_catch(false)
        .state(
            Task::new("T", "arn:aws:states:::aws-sdk:sfn:describeExecution")
                .parameters(from_json_str(r#"{"ExecutionArn.$": "$.arn"}"#).unwrap())
                .end(),
        )
        .build()
        .unwrap();
    let mut service = Service::new("svc");
    service.add_state_machine(machine);
    let statements = derive(&service, &service.state_machines()[0]);
    assert_eq!(statements.len(), 1, "{}", render(&statements));
    assert_eq!(statements[0].actions, ["states:DescribeExecution"]);
    assert_eq!(statements[0].resources, [Json::from("*")]);
}

#[test]
fn glob_matches_like_iam() {
    assert!(glob("a/*", "a/b"));
    assert!(glob("*", "anything"));
    assert!(glob("arn:x:*:y", "arn:x:1:2:y"));
    assert!(!glob("a/*", "b/a"));
    assert!(!glob("a/b", "a/bc"));
}

#[test]
#[should_panic(
    expected = "dynamodb:putItem (JSONPath): `dynamodb:PutItem` on `arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/Other` is not granted"
)]
fn a_missing_grant_fails_with_the_row_name() {
    check(&path(
        "dynamodb:putItem",
        r#"{"TableName": "Orders", "Item": {}}"#,
        vec![covered(
            &["dynamodb:PutItem"],
            "arn:aws:dynamodb:${aws:region}:${aws:accountId}:table/Other",
        )],
    ));
}

#[test]
#[should_panic(expected = "`states:DescribeExecution` is granted but should not be")]
fn a_grant_of_another_pattern_fails() {
    check(
        &path(
            "states:startExecution.sync",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"}"#,
            vec![],
        )
        .without(&["states:DescribeExecution"]),
    );
}
