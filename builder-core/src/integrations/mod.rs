//! Service integrations: what a Task's `Resource` calls, checked against
//! one catalogue, and the IAM its role needs.
//!
//! * [`catalogue`]: AWS's optimized integrations — service, action, the
//!   patterns each supports, its required parameters and the IAM
//!   statements each pattern needs, with the AWS page they come from.
//! * [`target`]: a `Resource` read as an integration (`arn:aws:states:::
//!   dynamodb:putItem.waitForTaskToken`, the short form `dynamodb:putItem`,
//!   `aws-sdk:s3:getObject`, a Lambda ARN, an activity).
//! * [`sdk`]: AWS SDK integrations (`aws-sdk:<service>:<action>`): the IAM
//!   action each call needs.

pub mod catalogue;
pub mod sdk;
pub mod target;

pub use catalogue::{Grant, Integration, On, Pattern, Patterns};
pub use target::Target;
