//! The IAM a machine's role needs, derived from what it calls: for each Task,
//! the catalogue's statements for its integration and pattern, scoped to the
//! resources its parameters name (a function handle, a table, a queue URL,
//! an ARN); `"*"` where a parameter is computed at run time, as the AWS
//! console does ("Step Functions cannot automatically scope-down the
//! permissions" of dynamic resources — developer guide, "How Step Functions
//! generates IAM policies for integrated services"). Distributed Maps get
//! what starting their child executions and reading and writing S3 needs.
//!
//! The statements go to the machine's `iamRoleStatements`, which the
//! serverless-step-functions plugin adds to the role it makes.

use super::{naming, Service};
use crate::integrations::catalogue::{self, Arn, On};
use crate::integrations::{sdk, target, Target};
use crate::json::Json;
use crate::model::*;

/// One IAM statement: these actions on these resources (`"*"` alone when
/// any resource is `"*"`).
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// IAM actions, in order, once each.
    pub actions: Vec<String>,
    /// Resources: ARN strings, or CloudFormation references to them.
    pub resources: Vec<Json>,
}

impl Statement {
    /// `{"Effect": "Allow", "Action": [...], "Resource": [...]}`.
    pub fn to_json(&self) -> Json {
        Json::object([
            ("Effect", Json::from("Allow")),
            ("Action", Json::array(self.actions.iter().cloned())),
            ("Resource", Json::Array(self.resources.clone())),
        ])
    }
}

/// Where the derivation is: the service (for what its references are) and
/// the machine (for its own ARN).
struct Cx<'a> {
    service: &'a Service,
    machine_arn: String,
    machine_name: String,
    out: Vec<Statement>,
}

/// The statements machine `machine` of `service` needs.
pub fn derive(service: &Service, machine: &StateMachine) -> Vec<Statement> {
    let mut cx = Cx {
        service,
        machine_arn: super::emit::machine_arn(machine, Some(service.name())),
        machine_name: super::emit::deployed_name(machine, Some(service.name())),
        out: Vec::new(),
    };
    block(&mut cx, &machine.definition.block, 0);
    encryption(&mut cx, machine);
    cx.out
}

/// A customer managed key encrypts the machine's data: its role encrypts
/// and decrypts with it (developer guide, "Data at rest encryption": the
/// execution role needs `kms:Decrypt` and `kms:GenerateDataKey`). The plugin
/// adds `kms:Decrypt` and `kms:Encrypt` itself, not `kms:GenerateDataKey`.
fn encryption(cx: &mut Cx<'_>, machine: &StateMachine) {
    let Some(config) = machine.settings.get("encryptionConfig") else {
        return;
    };
    if config.get("Type").and_then(Json::as_str) != Some("CUSTOMER_MANAGED_KMS_KEY") {
        return;
    }
    let Some(Json::String(key)) = config.get("KmsKeyId") else {
        return;
    };
    // An alias or a bare key id is not the key's ARN: any key then.
    let resource = if key.starts_with("arn:") && key.contains(":key/") {
        Json::from(key.as_str())
    } else {
        Json::from("*")
    };
    cx.out.push(Statement {
        actions: vec!["kms:Decrypt".to_owned(), "kms:GenerateDataKey".to_owned()],
        resources: vec![resource],
    });
}

fn block(cx: &mut Cx<'_>, block: &Block, depth: usize) {
    if depth > crate::asl::MAX_NESTING {
        return;
    }
    for state in &block.states {
        match &state.kind {
            StateKind::Task(task) => self::task(cx, state, task),
            StateKind::Parallel(p) => {
                for branch in &p.branches {
                    self::block(cx, branch, depth + 1);
                }
            }
            StateKind::Map(m) => {
                if let Some(d) = m.processor.distributed() {
                    distributed(cx, state, d);
                }
                self::block(cx, &m.body, depth + 1);
            }
            _ => {}
        }
    }
}

/// What a state passes to its integration: `Parameters` or `Arguments`.
fn payload(state: &State) -> Option<&Json> {
    match &state.io {
        Io::JsonPath(io) => io.parameters.as_ref(),
        Io::Jsonata(io) => io.arguments.as_ref(),
    }
}

fn task(cx: &mut Cx<'_>, state: &State, task: &TaskState) {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    match &task.resource {
        Resource::Function(key) => {
            let arn = Json::object([(
                "Fn::GetAtt",
                Json::array([naming::function_logical_id(key), "Arn".to_owned()]),
            )]);
            add(cx, &["lambda:InvokeFunction"], lambda_arns(arn));
        }
        Resource::Intrinsic(value) => {
            // A reference to a function, written by hand.
            if reference(value).is_some_and(|(id, _)| id.ends_with("LambdaFunction")) {
                add(cx, &["lambda:InvokeFunction"], lambda_arns(value.clone()));
            }
        }
        Resource::Arn(arn) => match target::parse(arn) {
            Ok(Target::Optimized {
                service,
                action,
                pattern,
            }) => {
                let Some(integration) = catalogue::find(service, action) else {
                    return;
                };
                for grant in integration.grants(pattern) {
                    let resources = scope(cx, grant.on, payload(state), jsonpath);
                    add(cx, grant.actions, resources);
                }
            }
            Ok(Target::Sdk {
                service, action, ..
            }) => {
                // AWS cannot scope SDK calls from the definition either.
                let action = sdk::iam_action(service, action);
                add_owned(cx, vec![action], vec![Json::from("*")]);
            }
            _ => {
                if arn.starts_with("arn:") && arn.contains(":lambda:") && arn.contains(":function:")
                {
                    add(
                        cx,
                        &["lambda:InvokeFunction"],
                        lambda_arns(Json::from(arn.as_str())),
                    );
                }
            }
        },
    }
}

fn distributed(cx: &mut Cx<'_>, state: &State, d: &DistributedMap) {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    // The child executions: started, followed and stopped by the parent
    // (developer guide, "IAM policies for using Distributed Map states").
    let arn = Json::from(cx.machine_arn.as_str());
    add(cx, &["states:StartExecution"], vec![arn]);
    // Child executions are named `execution:<machine>/<label>:<id>`; the
    // parent's own match `execution:<machine>:*`. Both, as AWS does not say
    // which one the map's calls are checked against.
    let executions = ["/*", ":*"].map(|tail| {
        Json::from(format!(
            "arn:aws:states:${{aws:region}}:${{aws:accountId}}:execution:{}{tail}",
            cx.machine_name
        ))
    });
    add(
        cx,
        &["states:DescribeExecution", "states:StopExecution"],
        executions.to_vec(),
    );
    if let Some(reader) = &d.item_reader {
        let objects = scope(
            cx,
            On::Param {
                key: "Bucket",
                arn: Arn::S3Objects,
            },
            reader.payload.as_ref(),
            jsonpath,
        );
        let bucket = scope(
            cx,
            On::Param {
                key: "Bucket",
                arn: Arn::S3Bucket,
            },
            reader.payload.as_ref(),
            jsonpath,
        );
        if reader.resource.ends_with("listObjectsV2") {
            add(cx, &["s3:ListBucket"], bucket);
        } else {
            add(cx, &["s3:GetObject"], objects);
        }
    }
    if let Some(writer) = &d.result_writer {
        let objects = scope(
            cx,
            On::Param {
                key: "Bucket",
                arn: Arn::S3Objects,
            },
            writer.payload.as_ref(),
            jsonpath,
        );
        add(
            cx,
            &[
                "s3:PutObject",
                "s3:GetObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            objects,
        );
    }
}

/// Adds a statement, merged into an earlier one with the same actions.
fn add(cx: &mut Cx<'_>, actions: &[&str], resources: Vec<Json>) {
    add_owned(
        cx,
        actions.iter().map(|a| (*a).to_owned()).collect(),
        resources,
    );
}

fn add_owned(cx: &mut Cx<'_>, actions: Vec<String>, resources: Vec<Json>) {
    let star = Json::from("*");
    let statement = match cx.out.iter_mut().find(|s| s.actions == actions) {
        Some(s) => s,
        None => {
            cx.out.push(Statement {
                actions,
                resources: Vec::new(),
            });
            cx.out.last_mut().expect("just pushed")
        }
    };
    if statement.resources == [star.clone()] {
        return;
    }
    if resources.contains(&star) {
        statement.resources = vec![star];
        return;
    }
    for r in resources {
        if !statement.resources.contains(&r) {
            statement.resources.push(r);
        }
    }
}

/// The resources a grant covers for this payload.
fn scope(cx: &Cx<'_>, on: On, payload: Option<&Json>, jsonpath: bool) -> Vec<Json> {
    let star = || vec![Json::from("*")];
    match on {
        On::Any => star(),
        On::EventsRule(name) => vec![Json::from(format!(
            "arn:aws:events:${{aws:region}}:${{aws:accountId}}:rule/{name}"
        ))],
        On::Literal(text) => vec![Json::from(text)],
        On::Param { key, arn } => {
            let mut out = Vec::new();
            for found in lookup(payload, key, jsonpath) {
                match found {
                    Found::Constant(v) => match resolve(cx, arn, v) {
                        Some(list) => out.extend(list),
                        None => return star(),
                    },
                    Found::Computed => return star(),
                    // PutEvents without `EventBusName` sends to the default bus.
                    Found::Absent if arn == Arn::EventBus => out.push(Json::from(
                        "arn:aws:events:${aws:region}:${aws:accountId}:event-bus/default",
                    )),
                    Found::Absent => return star(),
                }
            }
            if out.is_empty() {
                return star();
            }
            out
        }
    }
}

/// A parameter of a payload.
enum Found<'j> {
    /// Written as a constant.
    Constant(&'j Json),
    /// Computed at run time (a `.$` key, a JSONata expression).
    Computed,
    /// Not given.
    Absent,
}

/// The values of `key` (`Entries.*.EventBusName`) in a payload, one per
/// place it may be (each entry of an array).
fn lookup<'j>(payload: Option<&'j Json>, key: &str, jsonpath: bool) -> Vec<Found<'j>> {
    let Some(payload) = payload else {
        return vec![Found::Absent];
    };
    let computed = |v: &Json| !jsonpath && is_expression(v);
    let mut places: Vec<Found<'j>> = vec![Found::Constant(payload)];
    for step in key.split('.') {
        let mut next = Vec::new();
        for place in places {
            let Found::Constant(value) = place else {
                next.push(place);
                continue;
            };
            if computed(value) {
                next.push(Found::Computed);
                continue;
            }
            match (step, value) {
                ("*", Json::Array(items)) => next.extend(items.iter().map(Found::Constant)),
                ("*", _) => next.push(Found::Absent),
                (name, Json::Object(pairs)) => {
                    let dynamic = format!("{name}.$");
                    match pairs
                        .iter()
                        .find(|(k, _)| k == name || (jsonpath && *k == dynamic))
                    {
                        Some((k, _)) if *k == dynamic => next.push(Found::Computed),
                        Some((_, v)) if computed(v) => next.push(Found::Computed),
                        Some((_, v)) => next.push(Found::Constant(v)),
                        None => next.push(Found::Absent),
                    }
                }
                _ => next.push(Found::Absent),
            }
        }
        places = next;
    }
    places
}

fn is_expression(v: &Json) -> bool {
    matches!(v, Json::String(s) if crate::asl::is_jsonata(s))
}

/// `(logical id, attribute)` of `{"Ref": id}` (attribute `None`) or
/// `{"Fn::GetAtt": [id, attribute]}`.
fn reference(value: &Json) -> Option<(&str, Option<&str>)> {
    let Json::Object(pairs) = value else {
        return None;
    };
    match pairs.as_slice() {
        [(k, Json::String(id))] if k == "Ref" => Some((id, None)),
        [(k, Json::Array(parts))] if k == "Fn::GetAtt" => match parts.as_slice() {
            [Json::String(id), Json::String(attr)] => Some((id, Some(attr))),
            _ => None,
        },
        [(k, Json::String(dotted))] if k == "Fn::GetAtt" => {
            let (id, attr) = dotted.split_once('.')?;
            Some((id, Some(attr)))
        }
        _ => None,
    }
}

/// `{"Fn::Join": ["", [value, suffix]]}`.
fn join(value: Json, suffix: &str) -> Json {
    Json::object([(
        "Fn::Join",
        Json::array([Json::from(""), Json::array([value, Json::from(suffix)])]),
    )])
}

/// A function's ARN and its versions' and aliases' (`<arn>:*`).
fn lambda_arns(arn: Json) -> Vec<Json> {
    let qualified = match &arn {
        Json::String(s) => Json::from(format!("{s}:*")),
        other => join(other.clone(), ":*"),
    };
    vec![arn, qualified]
}

/// The ARNs a constant parameter value stands for; `None` when it cannot be
/// told (the grant then takes `"*"`).
fn resolve(cx: &Cx<'_>, arn: Arn, value: &Json) -> Option<Vec<Json>> {
    let local = |service: &str, rest: String| {
        Json::from(format!(
            "arn:aws:{service}:${{aws:region}}:${{aws:accountId}}:{rest}"
        ))
    };
    match value {
        Json::MachineArn => match arn {
            Arn::StateMachine | Arn::Verbatim => Some(vec![Json::from(cx.machine_arn.as_str())]),
            Arn::StateMachineExecutions => Some(vec![Json::from(format!(
                "arn:aws:states:${{aws:region}}:${{aws:accountId}}:execution:{}:*",
                cx.machine_name
            ))]),
            _ => None,
        },
        Json::String(s) => {
            let is_arn = s.starts_with("arn:");
            let one = |j: Json| Some(vec![j]);
            match arn {
                Arn::LambdaFunction if is_arn => Some(lambda_arns(Json::from(s.as_str()))),
                Arn::LambdaFunction => Some(lambda_arns(local("lambda", format!("function:{s}")))),
                Arn::DynamoTable if is_arn => one(Json::from(s.as_str())),
                Arn::DynamoTable => one(local("dynamodb", format!("table/{s}"))),
                Arn::SqsQueueUrl => {
                    // https://sqs.<region>.amazonaws.com/<account>/<name>
                    let rest = s.strip_prefix("https://sqs.")?;
                    let (host, path) = rest.split_once('/')?;
                    let region = host.split('.').next()?;
                    let (account, name) = path.split_once('/')?;
                    one(Json::from(format!("arn:aws:sqs:{region}:{account}:{name}")))
                }
                Arn::SnsTopic | Arn::StateMachine | Arn::Verbatim if is_arn => {
                    one(Json::from(s.as_str()))
                }
                Arn::EventBus if is_arn => one(Json::from(s.as_str())),
                Arn::EventBus => one(local("events", format!("event-bus/{s}"))),
                Arn::StateMachineExecutions => {
                    let (head, name) = s.split_once(":stateMachine:")?;
                    let name = name.split(':').next()?;
                    one(Json::from(format!("{head}:execution:{name}:*")))
                }
                Arn::EcsTaskDefinition => {
                    let with_revision = |t: &str| {
                        let revision = t.rsplit_once(':').is_some_and(|(_, r)| {
                            !r.is_empty() && r.chars().all(|c| c.is_ascii_digit())
                        });
                        if revision {
                            t.to_owned()
                        } else {
                            format!("{t}:*")
                        }
                    };
                    if is_arn {
                        one(Json::from(with_revision(s)))
                    } else {
                        one(local(
                            "ecs",
                            format!("task-definition/{}", with_revision(s)),
                        ))
                    }
                }
                Arn::CodeBuildProject if is_arn => one(Json::from(s.as_str())),
                Arn::CodeBuildProject => one(local("codebuild", format!("project/{s}"))),
                Arn::BedrockModel if is_arn => one(Json::from(s.as_str())),
                Arn::BedrockModel => one(Json::from(format!(
                    "arn:aws:bedrock:${{aws:region}}::foundation-model/{s}"
                ))),
                Arn::S3Bucket if !is_arn => one(Json::from(format!("arn:aws:s3:::{s}"))),
                Arn::S3Objects if !is_arn => one(Json::from(format!("arn:aws:s3:::{s}/*"))),
                _ => None,
            }
        }
        Json::Object(_) => {
            let (id, attr) = reference(value)?;
            let kind = cx.service.resource_kind(id).unwrap_or("");
            let arn_of =
                || Json::object([("Fn::GetAtt", Json::array([id.to_owned(), "Arn".to_owned()]))]);
            let one = |j: Json| Some(vec![j]);
            match (arn, attr) {
                (Arn::LambdaFunction, Some("Arn")) => Some(lambda_arns(value.clone())),
                (Arn::DynamoTable | Arn::EventBus | Arn::S3Bucket, None | Some("Name")) => {
                    one(arn_of())
                }
                (Arn::SqsQueueUrl, None) if kind == "AWS::SQS::Queue" || kind.is_empty() => {
                    one(arn_of())
                }
                (Arn::SnsTopic | Arn::StateMachine, None) => one(value.clone()),
                (Arn::StateMachineExecutions, _) => one(Json::object([(
                    "Fn::Join",
                    Json::array([
                        Json::from(""),
                        Json::array([
                            Json::from("arn:aws:states:${aws:region}:${aws:accountId}:execution:"),
                            Json::object([(
                                "Fn::GetAtt",
                                Json::array([id.to_owned(), "Name".to_owned()]),
                            )]),
                            Json::from(":*"),
                        ]),
                    ]),
                )])),
                (Arn::S3Objects, None) => one(join(arn_of(), "/*")),
                (_, Some("Arn")) => one(value.clone()),
                _ => None,
            }
        }
        _ => None,
    }
}
