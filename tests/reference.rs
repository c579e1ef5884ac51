//! The language reference (`docs/language.md`) holds tables made from the
//! code: the options of each statement (from the field table) and the
//! catalogue of diagnostics. This test keeps them in sync; after an intended
//! change, `UPDATE_DOCS=1 cargo test --test reference` rewrites them.

use serverless_builder::asl::fields::{Field, Lang, Want, CATCHER, DEFINITION, RETRIER, STATE};
use serverless_builder::model::StateType;
use serverless_builder::serverless::schema::{self, dsl_name, Obj, Shape};
use serverless_builder::Code;

fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::Any => "both",
        Lang::JsonPath => "JSONPath",
        Lang::Jsonata => "JSONata",
    }
}

fn rows<T>(fields: &[&Field<T>]) -> String {
    let mut out =
        String::from("| option | ASL field | takes | query language |\n|---|---|---|---|\n");
    for f in fields {
        let takes = match f.want {
            Want::Json => "JSON".to_owned(),
            other => other.describe(),
        };
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            f.dsl,
            f.key,
            takes,
            language(f.lang)
        ));
    }
    out
}

fn options() -> String {
    let mut out = String::new();
    let header: Vec<&Field<_>> = DEFINITION.iter().filter(|f| !f.dsl.is_empty()).collect();
    out.push_str("#### The machine header\n\n");
    out.push_str(&rows(&header));
    out.push_str(
        "| `type` | `type` (serverless.yml) | `standard` or `express` | both |\n\
         | `auto_catch` | — | `true` or `false` | both |\n\
         | `auto_fallback` | — | `true` or `false` | both |\n\
         | `fallback` | — | a state name | both |\n\
         | `events` | `events` (serverless.yml) | `[schedule(...), http(...), event_bridge(...)]` | both |\n\
         | `iam` | `iamRoleStatements` (serverless.yml) | a list of IAM statements | both |\n\
         | `role` | `role` (serverless.yml) | an ARN or a reference | both |\n",
    );
    for t in StateType::ALL {
        let fields: Vec<&Field<_>> = STATE
            .iter()
            .filter(|f| !f.dsl.is_empty() && f.kinds.contains(t))
            .collect();
        out.push_str(&format!("\n#### `{}`\n\n", t.keyword()));
        out.push_str(&rows(&fields));
        if t == StateType::Map {
            out.push_str(
                "| `mode` | `ItemProcessor.ProcessorConfig.Mode` | `inline` or `distributed` | both |\n\
                 | `execution_type` | `ItemProcessor.ProcessorConfig.ExecutionType` | `standard` or `express` | both |\n\
                 | `auto_catch` | — | `true` or `false` | both |\n\
                 | `auto_fallback` | — | `true` or `false` | both |\n\
                 | `fallback` | — | a state name | both |\n",
            );
        }
    }
    let retry: Vec<&Field<_>> = RETRIER.iter().filter(|f| !f.dsl.is_empty()).collect();
    out.push_str("\n#### `.retry([errors], ...)`\n\n");
    out.push_str(&rows(&retry));
    let catch: Vec<&Field<_>> = CATCHER.iter().filter(|f| !f.dsl.is_empty()).collect();
    out.push_str("\n#### `.catch([errors] => Target, ...)`\n\n");
    out.push_str(&rows(&catch));
    out
}

/// What a setting takes, in the language.
fn takes(shape: &Shape) -> String {
    match shape {
        Shape::Bool => "`true` or `false`".into(),
        Shape::Str => "a string".into(),
        Shape::Int(min, max) if *max == u64::MAX => format!("a whole number ≥ {min}"),
        Shape::Int(min, max) => format!("a whole number {min}–{max}"),
        Shape::Arn => "an ARN or a reference".into(),
        Shape::Json => "JSON".into(),
        Shape::Words(words) => words
            .iter()
            .map(|w| format!("`{}`", dsl_name(w)))
            .collect::<Vec<_>>()
            .join(", "),
        Shape::Object(obj) => obj.what.into(),
        Shape::List(item) => format!("a list of: {}", takes(item)),
        Shape::Map(item) => format!("an object of: {}", takes(item)),
        Shape::Either(shapes) => shapes.iter().map(takes).collect::<Vec<_>>().join("; or "),
    }
}

/// The objects a shape holds, depth first.
fn nested(shape: &Shape, out: &mut Vec<&'static Obj>) {
    match shape {
        Shape::Object(obj) if !out.iter().any(|o| std::ptr::eq(*o, *obj)) => {
            out.push(obj);
            for k in obj.keys {
                nested(&k.shape, out);
            }
        }
        Shape::List(s) | Shape::Map(s) => nested(s, out),
        Shape::Either(shapes) => shapes.iter().for_each(|s| nested(s, out)),
        _ => {}
    }
}

fn settings() -> String {
    let mut objects = Vec::new();
    for obj in [
        &schema::MACHINE,
        &schema::SCHEDULE,
        &schema::HTTP,
        &schema::EVENT_BRIDGE,
    ] {
        nested(&Shape::Object(obj), &mut objects);
    }
    let mut out = String::new();
    for obj in objects {
        out.push_str(&format!("\n#### {}\n\n", obj.what));
        if let Some(short) = obj.short {
            out.push_str(&format!(
                "A value alone stands for `{}`.\n\n",
                dsl_name(short)
            ));
        }
        out.push_str("| option | serverless.yml key | takes | required |\n|---|---|---|---|\n");
        for k in obj.keys {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} |\n",
                k.dsl(),
                k.key,
                takes(&k.shape),
                if k.required { "yes" } else { "" }
            ));
        }
    }
    out
}

fn diagnostics() -> String {
    let mut out = String::from("| code | name | AWS code | what |\n|---|---|---|---|\n");
    for code in Code::ALL {
        out.push_str(&format!(
            "| `{}` | `{:?}` | {} | {} |\n",
            code.id(),
            code,
            code.aws().map_or("—".to_owned(), |a| format!("`{a}`")),
            code.title()
        ));
    }
    out
}

/// Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`.
fn section(doc: &str, name: &str, body: &str) -> String {
    let begin = format!("<!-- {name}:begin -->\n");
    let end = format!("<!-- {name}:end -->");
    let (Some(b), Some(e)) = (doc.find(&begin), doc.find(&end)) else {
        panic!("docs/language.md has no {begin:?} ... {end:?}")
    };
    format!("{}{begin}{body}{}", &doc[..b], &doc[e..])
}

#[test]
fn the_language_reference_lists_every_option_and_diagnostic() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md");
    let doc = std::fs::read_to_string(path).expect("docs/language.md");
    let updated = section(
        &section(
            &section(&doc, "options", &options()),
            "settings",
            &settings(),
        ),
        "diagnostics",
        &diagnostics(),
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &updated).unwrap();
    } else {
        assert!(
            doc == updated,
            "docs/language.md is out of date: UPDATE_DOCS=1 cargo test --test reference"
        );
    }
}
