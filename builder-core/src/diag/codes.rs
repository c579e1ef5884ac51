//! The catalogue of diagnostics: every problem the reader, the builders and
//! the validator report has one named entry here, with a stable code, the
//! code Step Functions' own `ValidateStateMachineDefinition` uses for the
//! same problem where it has one, and a one-line title. Messages are built
//! where the problem is found, from its data; the code says what it is.

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $code:literal, $aws:expr;)*) => {
        /// A diagnostic's identity. Codes are stable: a code is never reused
        /// for another problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $name,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The stable code, `SB101`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }

            /// The code AWS's `ValidateStateMachineDefinition` gives the
            /// same problem, when it has one.
            pub fn aws(self) -> Option<&'static str> {
                match self {
                    $(Code::$name => $aws,)*
                }
            }

            /// What the code is about, in one line.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$name => concat!($($doc),*).trim_start(),)*
                }
            }
        }
    };
}

const SCHEMA: Option<&str> = Some("SCHEMA_VALIDATION_FAILED");

codes! {
    // 1xx: names, transitions and the shape of the graph
    /// A transition to a state that does not exist in its block.
    UnknownTarget = "SB101", Some("MISSING_TRANSITION_TARGET");
    /// A state name defined twice in one machine.
    DuplicateStateName = "SB102", Some("DUPLICATE_STATE_NAME");
    /// A state that cannot be reached from its block's first state.
    Unreachable = "SB103", None;
    /// A block from which no path reaches a terminal state.
    NoTerminal = "SB104", Some("MISSING_END_STATE");
    /// A machine, branch or map body without states; a Parallel without
    /// branches; a Choice without rules.
    Empty = "SB105", SCHEMA;
    /// `auto_catch` with no state to catch errors into.
    MissingFallback = "SB106", None;
    /// A state named like the fallback `auto_fallback` adds to another block.
    FallbackNameTaken = "SB107", None;
    /// Parallel and Map states nested too deeply.
    TooDeeplyNested = "SB108", Some("TOO_DEEPLY_NESTED");
    /// An invalid state name (empty, too long, control characters).
    InvalidStateName = "SB111", Some("INVALID_STATE_NAME");
    /// An empty state machine name.
    MachineNameEmpty = "SB112", Some("STATE_MACHINE_NAME_EMPTY");
    /// A state machine name over 80 characters.
    MachineNameTooLong = "SB113", Some("STATE_MACHINE_NAME_TOO_LONG");
    /// A state machine name with characters AWS rejects.
    InvalidMachineName = "SB114", Some("STATE_MACHINE_NAME_INVALID");
    /// An invalid Distributed Map `Label`.
    InvalidLabel = "SB115", Some("INVALID_LABEL_NAME");

    // 2xx: fields and values
    /// A field that does not exist, or that this kind of state does not have.
    UnknownField = "SB201", SCHEMA;
    /// A value of the wrong type.
    WrongType = "SB202", SCHEMA;
    /// A required field is missing.
    MissingField = "SB203", SCHEMA;
    /// Fields that may not appear together.
    Conflict = "SB204", SCHEMA;
    /// A number out of its range, or an empty text where one is required.
    OutOfRange = "SB205", SCHEMA;
    /// A heartbeat that is not shorter than the timeout.
    HeartbeatNotBelowTimeout = "SB206", None;
    /// A value that is not one of the allowed words.
    UnknownValue = "SB207", SCHEMA;
    /// A field of the other query language.
    WrongQueryLanguage = "SB208", SCHEMA;
    /// A JSON value that cannot be written (NaN, infinity, too deep).
    InvalidJson = "SB209", SCHEMA;
    /// The same key twice in a JSON object.
    DuplicateKey = "SB210", SCHEMA;
    /// A field only a Distributed Map has, on an inline one.
    DistributedOnly = "SB211", SCHEMA;
    /// A JSONPath state in a JSONata machine.
    JsonPathInJsonata = "SB212", SCHEMA;

    // 3xx: expressions
    /// A malformed JSONPath.
    InvalidPath = "SB301", SCHEMA;
    /// A malformed or unknown intrinsic function call.
    InvalidIntrinsic = "SB302", SCHEMA;
    /// A `.$` value that is neither a path nor an intrinsic function call.
    InvalidPayloadValue = "SB303", SCHEMA;
    /// A malformed RFC 3339 timestamp.
    InvalidTimestamp = "SB304", SCHEMA;
    /// A malformed `StringMatches` pattern.
    InvalidPattern = "SB305", SCHEMA;
    /// An invalid cron or rate expression.
    InvalidSchedule = "SB306", None;
    /// A Task resource that is not an ARN.
    InvalidResource = "SB307", Some("INVALID_RESOURCE");
    /// A JSONata expression that does not parse, or a string that opens
    /// `{%` without closing `%}` (or the reverse).
    InvalidJsonata = "SB310", Some("INVALID_JSONATA_EXPRESSION");
    /// JSONata Step Functions does not run: 2.1 syntax (`??`, `?:`),
    /// `$eval`, a reference to the input at the top level.
    UnsupportedJsonata = "SB311", Some("UNSUPPORTED_JSONATA_EXPRESSION");
    /// A call of a function that JSONata 2.0.6 and Step Functions do not
    /// define, or with the wrong number of arguments.
    UnknownJsonataFunction = "SB312", None;
    /// `$states.result` or `$states.errorOutput` where it does not exist, or
    /// a field `$states` does not have.
    StatesVariable = "SB313", Some("UNSUPPORTED_JSONATA_EXPRESSION");
    /// A `{% %}` expression in a JSONPath state, which would be sent as a
    /// literal string.
    JsonataInJsonPath = "SB314", None;
    /// An integration Step Functions does not have (`arn:aws:states:::<service>:<action>`),
    /// or a malformed SDK integration.
    UnknownIntegration = "SB320", Some("INVALID_RESOURCE");
    /// An integration pattern (`.sync`, `.waitForTaskToken`) the integration
    /// does not support.
    UnsupportedPattern = "SB321", Some("INVALID_RESOURCE");
    /// A parameter an integration requires is missing.
    MissingParameter = "SB322", None;
    /// `.sync` or `.waitForTaskToken` in an Express machine.
    PatternNotInExpress = "SB323", Some("SCHEMA_VALIDATION_FAILED");
    /// A `.waitForTaskToken` task that passes no task token.
    MissingTaskToken = "SB324", None;

    // 4xx: Retry and Catch
    /// A retrier or catcher that lists no errors, or an empty error name.
    EmptyErrorName = "SB401", SCHEMA;
    /// `States.ALL` together with other error names.
    StatesAllNotAlone = "SB402", SCHEMA;
    /// A retrier or catcher after the one matching `States.ALL`.
    StatesAllNotLast = "SB403", SCHEMA;
    /// A `States.` error name that Step Functions does not define.
    UnknownPredefinedError = "SB404", None;
    /// A retrier value out of range.
    InvalidRetrier = "SB405", SCHEMA;

    // 5xx: Choice
    /// A comparison whose operand does not fit its operator.
    InvalidComparison = "SB501", SCHEMA;

    // 6xx: workflow variables
    /// A variable name Step Functions refuses.
    InvalidVariableName = "SB601", SCHEMA;
    /// An assignment to part of a variable (`a.b`, `a[0]`).
    SubPathAssignment = "SB602", SCHEMA;
    /// A branch or map body assigning a variable of an enclosing scope.
    OuterVariableAssigned = "SB603", None;
    /// A read of a variable that nothing in scope assigns.
    UnknownVariable = "SB604", None;
    /// A Distributed Map body reading a variable of an enclosing scope.
    OuterVariableInDistributedMap = "SB605", None;
    /// A read of a variable that some path to it leaves unassigned.
    MaybeUnassigned = "SB606", None;

    // 7xx: what the serverless-step-functions plugin and its validator refuse
    /// A key the plugin's validator takes for the machine's own structure.
    PluginStructuralKey = "SB701", None;
    /// A payload template item the plugin's validator refuses.
    PluginTemplateItem = "SB702", None;
    /// Text the plugin pastes into its template unescaped.
    PluginUnescapedText = "SB703", None;
    /// `${` in a state name or a JSON key.
    PluginVariableInKey = "SB704", None;
    /// A JSONata expression the plugin's validator refuses: without a space
    /// after `{%` or before `%}`, or over several lines.
    PluginJsonataForm = "SB705", None;

    // 8xx: the service around the machines
    /// An invalid service name.
    InvalidServiceName = "SB801", None;
    /// An invalid function setting (name, handler, timeout, memory, runtime, environment).
    InvalidFunction = "SB802", None;
    /// A task on a function that is not a function of the service.
    UnknownFunction = "SB803", None;
    /// Two machines with the same name or CloudFormation id.
    DuplicateMachine = "SB804", None;
    /// An invalid event setting.
    InvalidEvent = "SB805", None;
    /// A `Ref` or `Fn::GetAtt` to a logical id nothing in the file declares.
    DanglingReference = "SB806", None;
    /// A resource declared twice, or named like one the file already has.
    DuplicateResource = "SB807", None;
    /// An IAM statement the plugin refuses, or a role together with statements.
    InvalidIam = "SB808", None;
    /// A setting that works only on EXPRESS machines (`StartSyncExecution`).
    ExpressOnly = "SB809", None;

    // 9xx: reading files and run-time values
    /// Text that is not JSON or YAML.
    InvalidSyntax = "SB901", Some("INVALID_JSON_DESCRIPTION");
    /// A file that holds no state machine.
    NoStateMachine = "SB902", Some("MISSING_DESCRIPTION");
    /// An embedded Rust value that cannot be turned into JSON.
    EmbedFailed = "SB903", None;
    /// A bug in serverless-builder.
    Internal = "SB999", None;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_titled() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.id()), "{code:?} reuses {}", code.id());
            assert!(code.id().starts_with("SB") && code.id().len() == 5);
            assert!(!code.title().is_empty() && code.title().ends_with('.'));
        }
    }
}
