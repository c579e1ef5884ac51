//! A Task's `Resource` read as what it calls.
//!
//! `arn:<partition>:states:::<service>:<action>[.<pattern>]` is an optimized
//! integration (or, with the service `aws-sdk`, an SDK integration:
//! `arn:aws:states:::aws-sdk:<service>:<action>`); anything else — a Lambda
//! function's ARN, an activity's, a CloudFormation reference, a `${...}`
//! variable — calls what it names. The language also takes the short forms
//! `dynamodb:putItem.waitForTaskToken` and `aws-sdk:s3:getObject`, written
//! out in full ([`expand`]).

use super::catalogue::Pattern;

/// What a `Resource` calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// An optimized integration, `arn:aws:states:::dynamodb:putItem`.
    Optimized {
        /// `dynamodb`.
        service: &'a str,
        /// `putItem`.
        action: &'a str,
        /// From the suffix.
        pattern: Pattern,
    },
    /// An SDK integration, `arn:aws:states:::aws-sdk:s3:getObject`.
    Sdk {
        /// `s3`.
        service: &'a str,
        /// `getObject`.
        action: &'a str,
        /// From the suffix.
        pattern: Pattern,
    },
    /// Anything else (a function or activity ARN, a reference).
    Other,
}

/// A `Resource` in the `arn:…:states:::` namespace that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetError {
    /// What is wrong, in rustc style.
    pub message: String,
}

/// The prefix of every integration `Resource` in the standard partition.
pub const PREFIX: &str = "arn:aws:states:::";

/// Reads a `Resource`.
pub fn parse(resource: &str) -> Result<Target<'_>, TargetError> {
    let Some(rest) = integration_part(resource) else {
        return Ok(Target::Other);
    };
    let error = |message: String| Err(TargetError { message });
    let (call, pattern) = match rest.split_once('.') {
        None => (rest, Pattern::RequestResponse),
        Some((call, suffix)) => match Pattern::from_suffix(suffix) {
            Some(p) => (call, p),
            None => {
                return error(format!(
                    "unknown integration pattern `.{suffix}` in `{resource}`; the patterns are `.sync`, `.sync:2` and `.waitForTaskToken` (none for request-response)"
                ))
            }
        },
    };
    let mut parts = call.split(':');
    let first = parts.next().unwrap_or("");
    match (first, parts.next(), parts.next(), parts.next()) {
        ("aws-sdk", Some(service), Some(action), None) if !service.is_empty() && !action.is_empty() => {
            Ok(Target::Sdk {
                service,
                action,
                pattern,
            })
        }
        ("aws-sdk", ..) => error(format!(
            "`{resource}` is not an SDK integration: write `arn:aws:states:::aws-sdk:<service>:<action>`, such as `arn:aws:states:::aws-sdk:s3:getObject`"
        )),
        (service, Some(action), None, None) if !service.is_empty() && !action.is_empty() => {
            Ok(Target::Optimized {
                service,
                action,
                pattern,
            })
        }
        _ => error(format!(
            "`{resource}` is not an integration: write `arn:aws:states:::<service>:<action>`, such as `arn:aws:states:::lambda:invoke`"
        )),
    }
}

/// The part after `arn:<partition>:states:::`, for a `Resource` in that
/// namespace.
fn integration_part(resource: &str) -> Option<&str> {
    let rest = resource.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    if !partition.starts_with("aws") {
        return None;
    }
    rest.strip_prefix("states:::")
}

/// The full `Resource` of a short form (`dynamodb:putItem`,
/// `states:startExecution.sync:2`, `aws-sdk:s3:getObject`); `None` for
/// anything else (ARNs, variables, names).
pub fn expand(short: &str) -> Option<String> {
    if short.starts_with("arn:") || short.contains("${") {
        return None;
    }
    let call = short.split_once('.').map_or(short, |(call, _)| call);
    let parts: Vec<&str> = call.split(':').collect();
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let shaped = match parts.as_slice() {
        ["aws-sdk", service, action] => word(service) && word(action),
        [service, action] => word(service) && word(action),
        _ => false,
    };
    shaped.then(|| format!("{PREFIX}{short}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_forms() {
        assert_eq!(
            parse("arn:aws:states:::dynamodb:putItem").unwrap(),
            Target::Optimized {
                service: "dynamodb",
                action: "putItem",
                pattern: Pattern::RequestResponse
            }
        );
        assert_eq!(
            parse("arn:aws-cn:states:::states:startExecution.sync:2").unwrap(),
            Target::Optimized {
                service: "states",
                action: "startExecution",
                pattern: Pattern::Sync2
            }
        );
        assert_eq!(
            parse("arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken").unwrap(),
            Target::Sdk {
                service: "s3",
                action: "getObject",
                pattern: Pattern::Callback
            }
        );
        for other in [
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "arn:aws:states:us-east-1:123456789012:activity:a",
            "${self:custom.arn}",
            "",
        ] {
            assert_eq!(parse(other).unwrap(), Target::Other, "{other}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_integration() {
        for bad in [
            "arn:aws:states:::lambda:invoke.async",
            "arn:aws:states:::lambda",
            "arn:aws:states:::aws-sdk:s3",
            "arn:aws:states:::a:b:c",
            "arn:aws:states:::",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expands_short_forms() {
        assert_eq!(
            expand("dynamodb:putItem").as_deref(),
            Some("arn:aws:states:::dynamodb:putItem")
        );
        assert_eq!(
            expand("states:startExecution.sync:2").as_deref(),
            Some("arn:aws:states:::states:startExecution.sync:2")
        );
        assert_eq!(
            expand("aws-sdk:s3:getObject").as_deref(),
            Some("arn:aws:states:::aws-sdk:s3:getObject")
        );
        for not_short in [
            "arn:aws:states:::lambda:invoke",
            "${x}",
            "name",
            "a:b:c",
            ":x",
        ] {
            assert_eq!(expand(not_short), None, "{not_short}");
        }
    }
}
