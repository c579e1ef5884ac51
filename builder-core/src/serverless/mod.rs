//! serverless.yml around the machines: the service, its functions, the
//! plugin's `stepFunctions` section, the names the Serverless Framework
//! gives to what it creates, and the checks that span a service.

pub mod check;
pub mod emit;
pub mod iam;
pub mod naming;
pub mod read;
pub mod references;
pub mod resources;
pub mod schema;
mod service;
pub mod settings;
pub mod yaml;

pub use resources::{CfnResource, ResourceHandle};
pub use service::{
    Function, FunctionHandle, Provider, Service, DEFAULT_RUNTIME, FRAMEWORK_VERSION, RUST_RUNTIME,
};
