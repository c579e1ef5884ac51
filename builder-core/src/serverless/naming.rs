//! Naming rules shared by the runtime builders and the macro, as the Python
//! `serverless-builder` applies them: function keys in PascalCase, deployed
//! names `<service>-${sls:stage}-<name>`, and the CloudFormation logical ids
//! that the Serverless Framework gives to what it creates.

/// Splits a name into words: at every character that is not an ASCII letter
/// or digit, and where a lower-case letter or digit meets an upper-case one.
fn words(name: &str) -> impl Iterator<Item = &str> {
    // Without collecting: names are converted for every function and task.
    let mut rest = name;
    std::iter::from_fn(move || {
        let word = &rest[rest.find(|c: char| c.is_ascii_alphanumeric())?..];
        let mut end = word.len();
        let mut prev_lower = false;
        for (i, c) in word.char_indices() {
            if !c.is_ascii_alphanumeric() || (prev_lower && c.is_ascii_uppercase()) {
                end = i;
                break;
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
        rest = &word[end..];
        Some(&word[..end])
    })
}

/// `get_all_users` → `GetAllUsers`; `task-service` → `TaskService`.
/// Only ASCII letters and digits survive, so the result is usable in a
/// CloudFormation logical id.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// `get_all_users` → `get-all-users`; `getAllUsers` → `get-all-users`.
pub fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for word in words(name) {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// The deployed name of a resource of a service: `<service>-${sls:stage}-<name>`.
pub fn deployed_name(service: &str, name: &str) -> String {
    format!("{service}-${{sls:stage}}-{name}")
}

/// The logical id the Serverless Framework gives to the Lambda function
/// declared under `functions.<key>`: `GetAllUsers` → `GetAllUsersLambdaFunction`.
/// (The framework spells `-` as `Dash` and `_` as `Underscore`; keys made by
/// [`pascal_case`] contain neither.)
pub fn function_logical_id(function_key: &str) -> String {
    let mut out = String::with_capacity(function_key.len() + 14);
    let mut chars = function_key.chars();
    if let Some(first) = chars.next() {
        out.push(first.to_ascii_uppercase());
    }
    for c in chars {
        match c {
            '-' => out.push_str("Dash"),
            '_' => out.push_str("Underscore"),
            c => out.push(c),
        }
    }
    out.push_str("LambdaFunction");
    out
}

/// The ARN of state machine `machine` of service `service`:
/// `arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:<service>-${sls:stage}-<machine>`.
pub fn state_machine_arn(service: &str, machine: &str) -> String {
    arn_of_deployed(&deployed_name(service, machine))
}

/// The ARN of a machine deployed as `deployed`.
pub fn arn_of_deployed(deployed: &str) -> String {
    format!("arn:aws:states:${{aws:region}}:${{aws:accountId}}:stateMachine:{deployed}")
}

/// Logical id of a machine's log group: `StepmachineTaskServiceWeeklyLogGroup`.
pub fn log_group_logical_id(service: &str, machine: &str) -> String {
    format!(
        "Stepmachine{}{}LogGroup",
        pascal_case(service),
        pascal_case(machine)
    )
}

/// Name of a machine's log group. AWS recommends the `/aws/vendedlogs/states/`
/// prefix: it keeps the CloudWatch Logs resource policy under its size limit.
pub fn log_group_name(service: &str, machine: &str) -> String {
    format!("/aws/vendedlogs/states/{}", deployed_name(service, machine))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_kebab_case() {
        let cases = [
            ("get_all_users", "GetAllUsers", "get-all-users"),
            ("weekly_task", "WeeklyTask", "weekly-task"),
            ("task-service", "TaskService", "task-service"),
            ("getAllUsers", "GetAllUsers", "get-all-users"),
            ("Weekly", "Weekly", "weekly"),
            ("v2_import", "V2Import", "v2-import"),
            ("a__b", "AB", "a-b"),
            ("Fetch user!", "FetchUser", "fetch-user"),
            ("", "", ""),
            ("été", "T", "t"),
        ];
        for (input, pascal, kebab) in cases {
            assert_eq!(pascal_case(input), pascal, "pascal_case({input:?})");
            assert_eq!(kebab_case(input), kebab, "kebab_case({input:?})");
        }
    }

    #[test]
    fn names_and_ids_of_the_seed() {
        assert_eq!(
            deployed_name("task-service", "get-all-users"),
            "task-service-${sls:stage}-get-all-users"
        );
        assert_eq!(
            function_logical_id("GetAllUsers"),
            "GetAllUsersLambdaFunction"
        );
        assert_eq!(
            function_logical_id("my-fn_x"),
            "MyDashfnUnderscorexLambdaFunction"
        );
        assert_eq!(
            state_machine_arn("task-service", "Weekly"),
            "arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:task-service-${sls:stage}-Weekly"
        );
        assert_eq!(
            log_group_logical_id("task-service", "Weekly"),
            "StepmachineTaskServiceWeeklyLogGroup"
        );
        assert_eq!(
            log_group_name("task-service", "Weekly"),
            "/aws/vendedlogs/states/task-service-${sls:stage}-Weekly"
        );
    }
}
