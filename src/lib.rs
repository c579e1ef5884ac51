//! # serverless-builder
//!
//! Write AWS Step Functions workflows inline in Rust with [`state_machine!`],
//! get mistakes as compile errors on the exact token, and emit a deployable
//! `serverless.yml` (the `stepFunctions:` section of the
//! serverless-step-functions plugin, with the functions, plugin and
//! resources it needs).
//!
//! ```
//! use serverless_builder::prelude::*;
//!
//! # fn main() -> Result<(), Error> {
//! let mut service = Service::new("orders");
//! let charge = service.function("charge_card", "orders.handler.charge");
//! let machine = state_machine! {
//!     Checkout {
//!         task(charge).retry(["States.TaskFailed"], max_attempts: 2);
//!         succeed Done;
//!     }
//! };
//! service.add_state_machine(machine);
//! let yaml = service.to_yaml()?;
//! assert!(yaml.contains("Fn::GetAtt:\n              - ChargeCardLambdaFunction"));
//! # Ok(())
//! # }
//! ```
//!
//! The same model is built at run time with the builders
//! ([`StateMachine::builder`], [`Task`], [`Choice`], ...), which share the
//! macro's semantics and its validator.
#![warn(missing_docs)]

pub use builder_core::{
    asl, build, check, diag, expr, graph, integrations, json, model, run, serverless,
};
pub use builder_core::{
    Branch, CatchPolicy, Choice, Code, Diagnostic, Diagnostics, Draft, Error, EventBridge, Fail,
    Function, FunctionHandle, Http, HttpAction, Json, Location, LogLevel, Map, Number, Parallel,
    Pass, Provider, ResourceHandle, Schedule, ScheduleMethod, Service, StateMachine,
    StateMachineBuilder, Succeed, Task, Wait,
};

/// Everything a workflow file needs.
pub mod prelude {
    pub use crate::state_machine;
    pub use builder_core::model::{
        Catcher, ChoiceRule, Condition, DistributedMap, Event, Jitter, MachineType, Operand,
        Operator, QueryLanguage, Retrier, Rule, StateMachine, WaitDuration,
    };
    pub use builder_core::{
        Branch, Choice, Error, EventBridge, Fail, FunctionHandle, Http, HttpAction, Json, LogLevel,
        Map, Parallel, Pass, ResourceHandle, Schedule, ScheduleMethod, Service, Succeed, Task,
        Wait,
    };
}

/// What the macro's expansion calls. Not a public API: its name carries the
/// exact version, which the macro writes too, so that a macro and a runtime
/// of different versions cannot compile together.
#[doc(hidden)]
pub mod __private_0_1_0 {
    pub use builder_core::macro_support::{embed, function_resource, machine};
    pub use builder_macros::state_machine;
}

// The module above must be renamed with every version.
const _: () = assert!(
    same(env!("CARGO_PKG_VERSION"), "0.1.0"),
    "rename `__private_0_1_0` after the new version"
);

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A state machine written in the workflow language, checked at compile
/// time; its value is a [`StateMachine`].
///
/// # Grammar in brief
///
/// ```text
/// state_machine! {
///     [/// doc → Comment]
///     Name ( header options )? { states }
/// }
///
/// state  := [/// doc] KIND [Name] [( positional, key: value, ... )] [{ children }]
///           [.retry([errors], options)]* [.catch([errors] => Target, options)]*
///           [-> Target | -> end] [;]
/// KIND   := task | pass | wait | succeed | fail | choice | parallel | map
/// ```
///
/// - A state without `-> Target` continues to the next statement of its block;
///   the last statement ends the block. `succeed`, `fail` and `choice` take no `->`.
/// - Names and targets are identifiers or string literals. Only `task(f)` may
///   leave out its name: it takes its function's, in PascalCase
///   (`get_all_users` → `GetAllUsers`).
/// - `;` ends a statement that does not end with `{ ... }`.
///
/// | statement | meaning |
/// |---|---|
/// | `task(f, opts)` / `task Name(f, opts)` | Task on the service function handle `f` |
/// | `task Name(lambda(f), payload: {..}, opts)` | Lambda's optimized integration on `f` |
/// | `task Name("dynamodb:putItem", parameters: {..})` | an optimized integration (`"aws-sdk:s3:getObject"` an SDK one), checked against the catalogue |
/// | `task Name("arn:...", opts)` | Task on a literal resource |
/// | `pass Name(opts)` | Pass (`result`, `parameters`, ...) |
/// | `wait Name(seconds: N)` | Wait; or `timestamp:`, `seconds_path:`, `timestamp_path:` — exactly one |
/// | `succeed Name;` / `fail Name(error: "..", cause: "..")` | terminal states |
/// | `choice Name { RULE => Target, ..., _ => Default }` | Choice |
/// | `parallel Name(opts) { branch { states } ... }` | Parallel |
/// | `map Name(items_path: "$..", max_concurrency: N, opts) { states }` | inline Map (`ItemProcessor`) |
///
/// **Header options**: `type: standard | express`, `comment: ".."`,
/// `query_language: jsonpath | jsonata`, `auto_catch: bool` (default `true`),
/// `auto_fallback: bool` (default `true`), `fallback: State`, `timeout:
/// seconds`, `events: [schedule("cron(..)" | "rate(..)" | "<bare cron>",
/// input: {..}, enabled: bool, name: "..", description: "..")]`, `iam: [{
/// "Effect": "Allow", "Action": [..], "Resource": [..] }]` (added to the
/// statements derived from the tasks), `role: "arn:..."`.
///
/// **State options** (where ASL allows them; the language reference,
/// `docs/language.md` in the repository, lists them per statement):
/// `comment`, `query_language`, `assign`; in JSONPath states `input_path`,
/// `output_path`, `result_path` (a path or `null`), `parameters`,
/// `result_selector`, `result` (pass); in JSONata states `arguments` and
/// `output`; `credentials`, `timeout`, `heartbeat`,
/// `timeout_path`, `heartbeat_path` (task), `error`, `cause`, `error_path`,
/// `cause_path` (fail), and for maps `items_path` (or `items`), `item_selector`,
/// `max_concurrency`, `max_concurrency_path`, `auto_catch`, `auto_fallback`,
/// `fallback`, and the Distributed Map fields `mode: inline | distributed`,
/// `execution_type`, `item_reader`, `item_batcher`, `result_writer`,
/// `label`, `tolerated_failure_percentage(_path)`,
/// `tolerated_failure_count(_path)`.
///
/// **Retry and catch** (task, parallel, map): `.retry(["States.Timeout"],
/// interval: 2, max_attempts: 3, backoff: 2.0, max_delay: 30, jitter: full,
/// comment: "..")`, `.catch(["States.ALL"] => Handler, result_path: "$.error",
/// comment: "..")` (in JSONata states `output:`; `assign:` in both).
///
/// **Choice rules**: `"$.x".is_present()` (and `is_null`, `is_string`,
/// `is_numeric`, `is_boolean`, `is_timestamp`; `!` in front gives `false`),
/// `"$.x" == "s"`, `"$.n" >= 10`, `"$.b" == true`,
/// `"$.t" < timestamp("2024-01-01T00:00:00Z")`, `"$.s".matches("user-*")`,
/// paths on both sides with `num(..)`, `string(..)`, `timestamp(..)`,
/// `bool(..)`, combined with `&&`, `||`, `!( .. )` and parentheses, or a raw
/// ASL rule `{ "Variable": "$.x", "IsPresent": true }`; in JSONata states a
/// condition string `"{% $states.input.total > 100 %}" => Big`. An arm may
/// carry options after its target: `=> Big(comment: "..", assign: {..},
/// output: ..)`.
///
/// **JSONata and variables**: in a JSONata state every `"{% ... %}"` string
/// (at any depth of a value, and for `timeout`, `heartbeat`, `seconds`,
/// `timestamp`, `error`, `cause`, `max_concurrency`) is parsed at compile
/// time as JSONata 2.0.6; unknown functions, `$eval`, `??`, top-level field
/// references and misplaced `$states.result` / `$states.errorOutput` are
/// errors. `assign: { "name": .. }` sets variables, read as `$name`; a read
/// that some path reaches before any assignment is the error "variable
/// `$name` may be unassigned here".
///
/// **JSON values** (`parameters`, `result`, `result_selector`,
/// `item_selector`, event `input`): `serde_json::json!`-style literals;
/// `self.arn()` is this machine's ARN; `(expr)` embeds any Rust value that
/// implements `serde::Serialize`; a key ending in `.$` takes a JSONPath or an
/// intrinsic function call (`States.Format('{}', $.x)`).
///
/// **auto_catch**: every Task, Parallel and Map of the top-level block and of
/// each map body without a `.catch` of its own catches `States.ALL` into the
/// block's fallback, added when needed: at the top level
/// `StateMachineErrorFallback`, a Fail state with the caught error and cause;
/// in a map body `<Map>Fallback`, a Pass state whose output keeps the error.
/// Or the state named by `fallback:`, or a state of the block that already
/// has the fallback's name. Parallel branches are left alone. Choice, Wait,
/// Succeed, Pass and Fail are never caught.
///
/// # A full example
///
/// ```
/// use serverless_builder::prelude::*;
///
/// #[derive(serde::Serialize)]
/// struct Limits { max_items: u32 }
///
/// # fn main() -> Result<(), Error> {
/// let mut service = Service::new("users");
/// let fetch = service.function("fetch_user", "users.handler.fetch");
/// let notify = service.function("notify", "users.handler.notify");
/// let limits = Limits { max_items: 50 };
///
/// let machine = state_machine! {
///     /// Onboards a user.
///     Onboarding(type: express, events: [schedule("rate(1 hour)", input: { "source": "cron" })]) {
///         /// Loads the user.
///         task Fetch(fetch, timeout: 30, result_path: "$.user")
///             .retry(["States.Timeout"], interval: 2, max_attempts: 3, backoff: 2.0)
///             .catch(["States.ALL"] => Failed, result_path: "$.error");
///         choice Route {
///             "$.user.verified" == true && "$.user.age" >= 18 => Welcome,
///             !"$.user.email".is_present() => Failed,
///             "$.user.retry".is_present() => Restart,
///             _ => Verify,
///         }
///         wait Verify(seconds: 60) -> Fetch;
///         map Welcome(items_path: "$.user.contacts", max_concurrency: 5,
///                     item_selector: { "contact.$": "$$.Map.Item.Value", "limits": (limits) }) {
///             task(notify);
///         }
///         pass Restart(parameters: { "StateMachineArn": self.arn() }) -> end;
///         fail Failed(error: "OnboardingFailed", cause: "see $.error");
///     }
/// };
/// service.add_state_machine(machine);
/// let yaml = service.to_yaml()?;
/// assert!(yaml.contains("StateMachineErrorFallback"));
/// # Ok(())
/// # }
/// ```
///
/// # Compile errors
///
/// Every mistake is a compile error on the token at fault, all of them at
/// once (`tests/ui` holds one case per class):
///
/// 1. a transition (`->`, a choice arm, `_`, a catch, `fallback:`) to a state
///    not in the same block — with "did you mean", or a note that the state
///    lives across a branch or map boundary;
/// 2. a state name defined twice anywhere in the machine;
/// 3. a state that cannot be reached from its block's first state;
/// 4. a block where no path ever ends;
/// 5. `->` on `succeed`, `fail` or `choice`; an unnamed state other than
///    `task(f)`; an empty machine, branch or map body, a parallel without
///    branches, a choice without rules, `_` not last, `auto_catch` with
///    nothing to catch into;
/// 6. a name over 80 characters, or a machine name with characters AWS
///    rejects;
/// 7. a malformed JSONPath, `.$` value or intrinsic function;
/// 8. `States.ALL` not alone or not last; retry or catch on a state that
///    cannot have them; `max_attempts < 0`, `backoff < 1.0`, `interval < 1`;
/// 9. a wait with zero or several durations; a malformed timestamp;
/// 10. a heartbeat not shorter than the timeout; a timeout that is not positive;
/// 11. an unknown option (the accepted ones are listed) or a value of the
///     wrong kind;
/// 12. a comparison that cannot be typed (`"$.x" < true`);
/// 13. an invalid cron or rate expression.
///
/// Each error carries a diagnostic code (`SB101` ...) from the catalogue in
/// the language reference; the same diagnostics come from the builders, the
/// ASL reader, `to_yaml()` and the `serverless-builder check` command.
///
/// ```compile_fail
/// # use serverless_builder::prelude::*;
/// # let mut service = Service::new("demo");
/// # let fetch = service.function("fetch", "demo.handler.fetch");
/// let m = state_machine! {
///     Demo {
///         task(fetch) -> Restrat;   // error: no state named `Restrat`; did you mean `Restart`?
///         pass Restart;
///     }
/// };
/// ```
///
/// ```compile_fail
/// # use serverless_builder::prelude::*;
/// let m = state_machine! {
///     Demo {
///         choice Check { "$.active" < true => Done, _ => Done }   // error: `<` cannot compare booleans
///         succeed Done;
///     }
/// };
/// ```
///
/// A function handle (`task(f)`) is an ordinary Rust expression: an unknown
/// `f` is rustc's own error on `f`, and go-to-definition works on it.
#[macro_export]
macro_rules! state_machine {
    ($($tokens:tt)*) => {
        $crate::__private_0_1_0::state_machine!($crate; $($tokens)*)
    };
}
