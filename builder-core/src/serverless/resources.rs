//! CloudFormation resources a service declares (`resources.Resources`), and
//! handles to them: `table.arn()`, `queue.url()`, `topic.reference()` are the
//! CloudFormation references the emitted file writes, checked to point at
//! something declared.

use super::Service;
use crate::json::Json;

/// A CloudFormation resource under `resources.Resources`.
#[derive(Clone, Debug, PartialEq)]
pub struct CfnResource {
    /// The logical id (`OrdersTable`).
    pub logical_id: String,
    /// `Type` (`AWS::DynamoDB::Table`).
    pub kind: String,
    /// `Properties`.
    pub properties: Json,
}

/// A handle to a declared resource: the references to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceHandle {
    logical_id: String,
    kind: String,
}

impl ResourceHandle {
    /// A handle to a resource declared elsewhere (another stack, a plugin):
    /// see [`Service::external`].
    fn new(logical_id: &str, kind: &str) -> ResourceHandle {
        ResourceHandle {
            logical_id: logical_id.to_owned(),
            kind: kind.to_owned(),
        }
    }

    /// The logical id.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// The CloudFormation type.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// `{"Ref": id}`: what `Ref` gives depends on the type (a table's or a
    /// bucket's name, a queue's URL, a topic's ARN).
    pub fn reference(&self) -> Json {
        Json::object([("Ref", self.logical_id.as_str())])
    }

    /// `{"Fn::GetAtt": [id, attribute]}`.
    pub fn get_att(&self, attribute: &str) -> Json {
        Json::object([(
            "Fn::GetAtt",
            Json::array([self.logical_id.as_str(), attribute]),
        )])
    }

    /// The resource's ARN (`Fn::GetAtt [id, Arn]`; `Ref` for a topic, whose
    /// `Ref` is its ARN).
    pub fn arn(&self) -> Json {
        match self.kind.as_str() {
            "AWS::SNS::Topic" => self.reference(),
            _ => self.get_att("Arn"),
        }
    }

    /// The resource's name: `Ref` for a table, a bucket or an event bus,
    /// `QueueName` / `TopicName` for a queue or a topic.
    pub fn name(&self) -> Json {
        match self.kind.as_str() {
            "AWS::SQS::Queue" => self.get_att("QueueName"),
            "AWS::SNS::Topic" => self.get_att("TopicName"),
            "AWS::Events::EventBus" => self.get_att("Name"),
            _ => self.reference(),
        }
    }

    /// A queue's URL (`Ref`), what SQS's `QueueUrl` takes.
    pub fn url(&self) -> Json {
        self.reference()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ResourceHandle {
    /// Embedded as `(handle)` in a JSON value: its ARN.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.arn().serialize(serializer)
    }
}

impl Service {
    /// Declares a CloudFormation resource under `resources.Resources`.
    pub fn resource(
        &mut self,
        logical_id: impl Into<String>,
        kind: impl Into<String>,
        properties: impl Into<Json>,
    ) -> ResourceHandle {
        let resource = CfnResource {
            logical_id: logical_id.into(),
            kind: kind.into(),
            properties: properties.into(),
        };
        let handle = ResourceHandle::new(&resource.logical_id, &resource.kind);
        self.resources.push(resource);
        handle
    }

    /// A DynamoDB table keyed by the string attribute `hash_key`, billed per
    /// request.
    pub fn dynamodb_table(
        &mut self,
        logical_id: impl Into<String>,
        hash_key: &str,
    ) -> ResourceHandle {
        self.resource(
            logical_id,
            "AWS::DynamoDB::Table",
            Json::object([
                ("BillingMode", Json::from("PAY_PER_REQUEST")),
                (
                    "AttributeDefinitions",
                    Json::array([Json::object([
                        ("AttributeName", hash_key),
                        ("AttributeType", "S"),
                    ])]),
                ),
                (
                    "KeySchema",
                    Json::array([Json::object([
                        ("AttributeName", hash_key),
                        ("KeyType", "HASH"),
                    ])]),
                ),
            ]),
        )
    }

    /// An SQS queue.
    pub fn sqs_queue(&mut self, logical_id: impl Into<String>) -> ResourceHandle {
        self.resource(logical_id, "AWS::SQS::Queue", Json::Object(Vec::new()))
    }

    /// An SNS topic.
    pub fn sns_topic(&mut self, logical_id: impl Into<String>) -> ResourceHandle {
        self.resource(logical_id, "AWS::SNS::Topic", Json::Object(Vec::new()))
    }

    /// An S3 bucket.
    pub fn s3_bucket(&mut self, logical_id: impl Into<String>) -> ResourceHandle {
        self.resource(logical_id, "AWS::S3::Bucket", Json::Object(Vec::new()))
    }

    /// An EventBridge event bus named `name`.
    pub fn event_bus(&mut self, logical_id: impl Into<String>, name: &str) -> ResourceHandle {
        self.resource(
            logical_id,
            "AWS::Events::EventBus",
            Json::object([("Name", name)]),
        )
    }

    /// A resource declared outside this file (another stack, a plugin): its
    /// references are not reported as dangling.
    pub fn external(
        &mut self,
        logical_id: impl Into<String>,
        kind: impl Into<String>,
    ) -> ResourceHandle {
        let (logical_id, kind) = (logical_id.into(), kind.into());
        let handle = ResourceHandle::new(&logical_id, &kind);
        self.externals.push((logical_id, kind));
        handle
    }

    /// The declared resources.
    pub fn resources(&self) -> &[CfnResource] {
        &self.resources
    }

    /// The type of a declared (or external) resource.
    pub fn resource_kind(&self, logical_id: &str) -> Option<&str> {
        self.resources
            .iter()
            .find(|r| r.logical_id == logical_id)
            .map(|r| r.kind.as_str())
            .or_else(|| {
                self.externals
                    .iter()
                    .find(|(id, _)| id == logical_id)
                    .map(|(_, k)| k.as_str())
            })
    }
}
