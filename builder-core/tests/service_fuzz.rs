//! The serverless.yml reader never panics, whatever a file holds around its
//! definitions (provider, functions, events, machine settings), and what it
//! reads without error and validates writes back into the same file.
//! Seeded mutations of a file that uses every event kind and setting.

use builder_core::diag::Sink;
use builder_core::serverless::schema::{self, Obj, Shape};
use builder_core::*;
use seeded_rng::Rng;

mod json_mutation;

const BASE: &str = r#"
service: shop
frameworkVersion: '>=3 <5'
provider:
  name: aws
  runtime: python3.12
  architecture: arm64
  memorySize: 256
  timeout: 10
  environment: { STAGE: dev, TOPIC: { Ref: Alerts } }
  tags: { team: payments }
  iam: { role: { statements: [ { Effect: Allow, Action: [ 'sns:Publish' ], Resource: [ { Ref: Alerts } ] } ] } }
plugins: [ serverless-step-functions ]
functions:
  Price:
    name: shop-${sls:stage}-price
    handler: bootstrap
    runtime: provided.al2023
    architecture: arm64
    environment: { QUEUE: { Ref: Dead } }
    layers: [ 'arn:aws:lambda:us-east-1:123456789012:layer:x:1' ]
    package: { artifact: target/lambda/price/bootstrap.zip }
    events: [ { httpApi: { method: POST, path: /price } }, { schedule: rate(1 hour) } ]
stepFunctions:
  validate: true
  stateMachines:
    Orders:
      name: orders-${sls:stage}
      type: EXPRESS
      tracingConfig: { enabled: false }
      loggingConfig: { level: ALL, includeExecutionData: true }
      tags: { team: payments }
      alarms: { topics: { alarm: { Ref: Alerts } }, metrics: [ executionsFailed, { metric: executionsTimedOut, period: 60 } ] }
      notifications: { FAILED: [ { sns: { Ref: Alerts } }, { sqs: { arn: { 'Fn::GetAtt': [ Dead, Arn ] }, messageGroupId: g } } ] }
      encryptionConfig: { Type: CUSTOMER_MANAGED_KMS_KEY, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k', KmsDataKeyReusePeriodSeconds: 300 }
      useExactVersion: true
      retain: true
      dependsOn: [ Dead ]
      inheritGlobalTags: false
      id: OrdersMachine
      events:
        - schedule: { rate: rate(1 hour), method: scheduler, timezone: Europe/Paris, input: { a: 1 } }
        - schedule: { rate: 'cron(0 18 ? * SAT *)', inputPath: $.detail, retryPolicy: { maximumRetryAttempts: 3 } }
        - http: { path: orders, method: post, action: StartSyncExecution, cors: { origin: '*' }, private: true }
        - http: GET orders
        - eventBridge: { event: { source: [ shop ] }, eventBusName: shop, inputTransformer: { inputPathsMap: { s: $.source }, inputTemplate: '<s>' }, deadLetterConfig: { 'Fn::GetAtt': [ Dead, Arn ] } }
      definition:
        StartAt: A
        States:
          A: { Type: Pass, End: true }
resources:
  Resources:
    Alerts: { Type: 'AWS::SNS::Topic' }
    Dead: { Type: 'AWS::SQS::Queue' }
"#;

/// Keys the mutations use: every key of the plugin's schema and a few strangers.
fn keys() -> Vec<&'static str> {
    fn walk(shape: &Shape, out: &mut Vec<&'static str>) {
        match shape {
            Shape::Object(obj) => add(obj, out),
            Shape::List(s) | Shape::Map(s) => walk(s, out),
            Shape::Either(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    fn add(obj: &Obj, out: &mut Vec<&'static str>) {
        for k in obj.keys {
            if !out.contains(&k.key) {
                out.push(k.key);
                walk(&k.shape, out);
            }
        }
    }
    let mut out = Vec::new();
    for obj in [
        &schema::MACHINE,
        &schema::SCHEDULE,
        &schema::HTTP,
        &schema::EVENT_BRIDGE,
    ] {
        add(obj, &mut out);
    }
    out.extend([
        "schedule",
        "http",
        "eventBridge",
        "cloudwatchEvent",
        "events",
        "definition",
        "type",
        "role",
        "iamRoleStatements",
        "Ref",
        "Fn::GetAtt",
        "handler",
        "runtime",
        "environment",
        "layers",
        "package",
        "artifact",
        "functions",
        "provider",
        "stepFunctions",
        "stateMachines",
        "resources",
        "Resources",
        "",
        "é",
    ]);
    out
}

fn scalar(rng: &mut Rng) -> Json {
    match rng.below(7) {
        0 => Json::Null,
        1 => Json::Bool(rng.chance(50)),
        2 => Json::from(rng.range(0, 100_000)),
        3 => Json::from(-1.5),
        4 => Json::from(*rng.pick(&[
            "ALL",
            "scheduler",
            "StartSyncExecution",
            "executionsFailed",
            "post",
            "FAILED",
        ])),
        5 => Json::from(*rng.pick(&[
            "rate(1 day)",
            "cron(0 18 ? * SAT *)",
            "GET x",
            "a\"b",
            "",
            "${sls:stage}",
        ])),
        _ => Json::Array(Vec::new()),
    }
}

fn random(rng: &mut Rng, keys: &[&'static str], depth: usize) -> Json {
    if depth > 4 || rng.below(3) == 0 {
        return scalar(rng);
    }
    match rng.below(2) {
        0 => Json::Array(
            (0..rng.below(3))
                .map(|_| random(rng, keys, depth + 1))
                .collect(),
        ),
        _ => Json::Object(
            (0..rng.below(4))
                .map(|_| ((*rng.pick(keys)).to_owned(), random(rng, keys, depth + 1)))
                .collect(),
        ),
    }
}

/// Reads; when that succeeds and the service is valid: writes, reads
/// again, writes the same.
fn exercise(json: &Json) -> bool {
    let mut sink = Sink::default();
    let Some(service) = Service::from_json(json, &mut sink) else {
        return false;
    };
    if !sink.is_empty() || service.validate().is_err() {
        return false;
    }
    let yaml = service.to_yaml().expect("a valid service writes");
    let again = Service::from_yaml(&yaml)
        .unwrap_or_else(|e| panic!("what was written does not read back: {e}\n{yaml}"));
    let again_yaml = again
        .to_yaml()
        .unwrap_or_else(|e| panic!("what was read back does not write: {e}\n{yaml}"));
    assert_eq!(again_yaml, yaml);
    true
}

#[test]
fn mutated_files_never_panic_and_what_reads_writes_back() {
    let base = from_yaml_str(BASE).unwrap();
    assert!(exercise(&base), "the base must read and validate");
    let keys = keys();
    let mut rng = Rng::new(0x5eed_5e7f_1e50_0001);
    let mut read = 0;
    for _ in 0..5_000 {
        let mut json = base.clone();
        for _ in 0..rng.range(1, 4) {
            json_mutation::mutate(&mut json, &mut rng, &keys, |rng, depth| {
                random(rng, &keys, depth)
            });
        }
        read += usize::from(exercise(&json));
    }
    // The mutations keep a share of files valid, so the round trip is exercised.
    eprintln!("{read} of 5000 mutated files read and validated");
    // (2,113 of the 5,000 do, today.)
    assert!(
        read > 500,
        "{read} of 5000 mutated files read and validated"
    );
}
