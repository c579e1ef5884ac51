//! What was found in a file, and how it is shown: rustc-style text with the
//! source line and a caret under the token, or one JSON object per file.

use crate::source::{Lines, Span};
use builder_core::json::Json;
use builder_core::Code;

/// One error, where it is in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// What kind of problem.
    pub code: Code,
    /// The bytes it is about; `None` for the whole file.
    pub span: Option<Span>,
    /// The path in the machine (`orders.States.Validate.Next`).
    pub location: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do instead.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

impl Finding {
    /// A finding without location, help or notes.
    pub fn new(code: Code, span: Option<Span>, message: impl Into<String>) -> Finding {
        Finding {
            code,
            span,
            location: None,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }
}

/// A machine that could not be checked from the file alone (not an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is.
    pub span: Option<Span>,
    /// Why it was skipped.
    pub message: String,
}

/// Everything found in one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file's name as given.
    pub file: String,
    /// Its text (empty when it is not UTF-8).
    pub text: String,
    /// The machines checked, in file order.
    pub machines: Vec<String>,
    /// The errors, by position (whole-file ones first).
    pub findings: Vec<Finding>,
    /// The machines skipped.
    pub skipped: Vec<Skipped>,
}

impl FileReport {
    /// True when the file has an error.
    pub fn has_errors(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// Widest part of a source line shown; longer lines are cut around the
/// token.
const MAX_SHOWN: usize = 140;

/// The report as rustc-style text, ending with the summary line.
pub fn text(report: &FileReport) -> String {
    let lines = Lines::new(&report.text);
    let mut out = String::new();
    for f in &report.findings {
        let header = format!("error[{}]: {}", f.code.id(), f.message);
        let mut extra: Vec<String> = Vec::new();
        if let Some(location) = &f.location {
            extra.push(format!("at: {location}"));
        }
        if let Some(help) = &f.help {
            extra.push(format!("help: {help}"));
        }
        extra.extend(f.notes.iter().map(|n| format!("note: {n}")));
        snippet(&mut out, &header, &report.file, f.span, &lines, &extra);
    }
    for s in &report.skipped {
        snippet(
            &mut out,
            &format!("note: {}", s.message),
            &report.file,
            s.span,
            &lines,
            &[],
        );
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// `orders.asl.json: 2 machines, 3 errors`.
pub fn summary(report: &FileReport) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}: {}, {}",
        report.file,
        plural(report.machines.len(), "machine"),
        plural(report.findings.len(), "error")
    );
    if !report.skipped.is_empty() {
        line.push_str(&format!(", {} skipped", report.skipped.len()));
    }
    line
}

/// A header, the `-->` position, the source line with carets, and `= ...`
/// lines.
fn snippet(
    out: &mut String,
    header: &str,
    file: &str,
    span: Option<Span>,
    lines: &Lines<'_>,
    extra: &[String],
) {
    out.push_str(header);
    out.push('\n');
    let Some(span) = span else {
        out.push_str(&format!("  --> {file}\n"));
        for e in extra {
            out.push_str(&format!("   = {e}\n"));
        }
        out.push('\n');
        return;
    };
    let (line, column) = lines.line_col(span.start);
    let width = line.to_string().len();
    let pad = " ".repeat(width);
    out.push_str(&format!("{pad}--> {file}:{line}:{column}\n"));
    out.push_str(&format!("{pad} |\n"));
    let source: Vec<char> = lines.line(line).chars().collect();
    // The token's width on this line (at least one caret).
    let (end_line, end_column) = lines.line_col(span.end);
    let carets = if end_line == line && end_column > column {
        end_column - column
    } else {
        1
    };
    let first = column - 1;
    let (from, to) = if source.len() <= MAX_SHOWN {
        (0, source.len())
    } else {
        let from = first.saturating_sub(MAX_SHOWN / 3);
        (from, (from + MAX_SHOWN).min(source.len()))
    };
    let mut shown: String = source.get(from..to).unwrap_or_default().iter().collect();
    let mut marker: String = source
        .get(from..first.min(source.len()))
        .unwrap_or_default()
        .iter()
        .map(|c| if *c == '\t' { '\t' } else { ' ' })
        .collect();
    if from > 0 {
        shown.insert_str(0, "...");
        marker.insert_str(0, "   ");
    }
    if to < source.len() {
        shown.push_str("...");
    }
    let carets = carets.min(to.saturating_sub(first).max(1));
    marker.push_str(&"^".repeat(carets));
    out.push_str(&format!("{line} | {shown}\n"));
    out.push_str(&format!("{pad} | {marker}\n"));
    for e in extra {
        out.push_str(&format!("{pad} = {e}\n"));
    }
    out.push('\n');
}

/// The report as one line of JSON.
pub fn json(report: &FileReport) -> String {
    let lines = Lines::new(&report.text);
    let position = |span: Option<Span>| match span.map(|s| lines.line_col(s.start)) {
        Some((line, column)) => (Json::from(line), Json::from(column)),
        None => (Json::Null, Json::Null),
    };
    let errors = report.findings.iter().map(|f| {
        let (line, column) = position(f.span);
        Json::object([
            ("code", Json::from(f.code.id())),
            ("aws_code", Json::from(f.code.aws())),
            ("line", line),
            ("column", column),
            ("location", Json::from(f.location.clone())),
            ("message", Json::from(f.message.as_str())),
            ("help", Json::from(f.help.clone())),
            ("notes", Json::array(f.notes.iter().map(String::as_str))),
        ])
    });
    let skipped = report.skipped.iter().map(|s| {
        let (line, column) = position(s.span);
        Json::object([
            ("line", line),
            ("column", column),
            ("message", Json::from(s.message.as_str())),
        ])
    });
    Json::object([
        ("file", Json::from(report.file.as_str())),
        (
            "machines",
            Json::array(report.machines.iter().map(String::as_str)),
        ),
        ("errors", Json::Array(errors.collect())),
        ("skipped", Json::Array(skipped.collect())),
    ])
    .to_json_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str, span: Span) -> FileReport {
        FileReport {
            file: "orders.asl.json".into(),
            text: text.into(),
            machines: vec!["orders".into()],
            findings: vec![Finding {
                location: Some("orders.States.A.Next".into()),
                help: Some("did you mean `Finish`?".into()),
                ..Finding::new(Code::UnknownTarget, Some(span), "no state named `Finsh`")
            }],
            skipped: vec![],
        }
    }

    #[test]
    fn text_has_the_line_and_carets() {
        let text = "{\n\t\"Next\": \"Finsh\"\n}";
        let start = text.find("\"Finsh\"").unwrap();
        let out = super::text(&report(text, Span::new(start, start + 7)));
        assert_eq!(
            out,
            "error[SB101]: no state named `Finsh`\n --> orders.asl.json:2:10\n  |\n2 | \t\"Next\": \"Finsh\"\n  | \t        ^^^^^^^\n  = at: orders.States.A.Next\n  = help: did you mean `Finish`?\n\norders.asl.json: 1 machine, 1 error\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_token() {
        let text = format!("{}\"Finsh\"{}", "x".repeat(1000), "y".repeat(1000));
        let out = super::text(&report(&text, Span::new(1000, 1007)));
        let source = out.lines().nth(3).unwrap();
        let carets = out.lines().nth(4).unwrap();
        assert!(
            source.len() < 200 && source.starts_with("1 | ...x"),
            "{source}"
        );
        assert_eq!(source.find('"'), carets.find('^'));
    }

    #[test]
    fn json_is_one_line() {
        let out = json(&report("{\"Next\": \"Finsh\"}", Span::new(9, 16)));
        assert_eq!(
            out,
            r#"{"file":"orders.asl.json","machines":["orders"],"errors":[{"code":"SB101","aws_code":"MISSING_TRANSITION_TARGET","line":1,"column":10,"location":"orders.States.A.Next","message":"no state named `Finsh`","help":"did you mean `Finish`?","notes":[]}],"skipped":[]}"#
        );
    }
}
