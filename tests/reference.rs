//! The language reference (`docs/language.md`) holds tables made from the
//! code: the options of each statement (from the field table) and the
//! catalogue of diagnostics. This test keeps them in sync; after an intended
//! change, `UPDATE_DOCS=1 cargo test --test reference` rewrites them.

use serverless_builder::asl::fields::{Field, Lang, Want, CATCHER, DEFINITION, RETRIER, STATE};
use serverless_builder::model::StateType;
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
         | `events` | `events` (serverless.yml) | `[schedule(...)]` | both |\n",
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
        &section(&doc, "options", &options()),
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
