//! A definition written as text inside a template (`DefinitionString`):
//! the text assembled from its string, `Fn::Sub` or `Fn::Join`, and the map
//! from each byte of that text back to the file, so that what is found in
//! the embedded JSON points into the file.

use crate::source::{Node, Span, Style, Value};

/// Text assembled from parts of the file.
#[derive(Debug, Default)]
pub struct Embedded {
    /// The text.
    pub text: String,
    /// Where runs of the text come from, by increasing `at`.
    runs: Vec<Run>,
}

/// A run of the text from `at` on: byte `at + k` is byte `file + k` of the
/// file when `exact`, else the whole run maps to `file`.
#[derive(Clone, Copy, Debug)]
struct Run {
    at: usize,
    file: usize,
    exact: bool,
}

impl Embedded {
    /// The byte of the file that byte `offset` of the text comes from.
    pub fn to_file(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.at <= offset);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(r) if r.exact => r.file + (offset - r.at),
            Some(r) => r.file,
            None => 0,
        }
    }

    /// A span of the text as a span of the file.
    pub fn span_to_file(&self, span: Span) -> Span {
        let start = self.to_file(span.start);
        let end = if span.end > span.start {
            self.to_file(span.end - 1) + 1
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    fn run(&mut self, file: usize, exact: bool) {
        self.runs.push(Run {
            at: self.text.len(),
            file,
            exact,
        });
    }

    /// Appends text that stands for a whole node (`${Ref}`, a separator).
    fn push_fixed(&mut self, text: &str, span: Span) {
        self.run(span.start, false);
        self.text.push_str(text);
    }

    /// Appends a string node's value, mapped character by character where
    /// the file's text can be matched to it.
    fn push_string(&mut self, value: &str, style: Style, span: Span, file: &str) {
        let raw = file.get(span.start..span.end).unwrap_or_default();
        // The value's first byte in the file: past the tag and the quote.
        let (body, quote) = match style {
            Style::Json | Style::DoubleQuoted => (raw.find('"'), Some('"')),
            Style::SingleQuoted => (raw.find('\''), Some('\'')),
            Style::Literal | Style::Folded => (raw.find('\n'), None),
            Style::Plain => (Some(skip_tag(raw)), None),
        };
        let Some(body) = body else {
            return self.push_fixed(value, span);
        };
        let body_start =
            span.start + body + usize::from(quote.is_some() || style == Style::Literal);
        let matched = match style {
            Style::Literal => self.match_block(value, file, body_start),
            Style::Folded => 0,
            _ => self.match_escaped(value, style, file, body_start, span.end),
        };
        if matched < value.len() {
            self.push_fixed(&value[matched..], span);
        }
    }

    /// Matches `value` against a quoted or plain scalar's text from `at`,
    /// through JSON/YAML escapes and `''`; returns how many bytes of the
    /// value were matched (and appended).
    fn match_escaped(
        &mut self,
        value: &str,
        style: Style,
        file: &str,
        at: usize,
        end: usize,
    ) -> usize {
        let raw = file.get(at..end).unwrap_or_default();
        let mut raw_i = 0;
        let mut delta = None;
        for (i, c) in value.char_indices() {
            let Some(rest) = raw.get(raw_i..) else {
                return i;
            };
            let escaped = match style {
                Style::Json | Style::DoubleQuoted => c == '\\',
                Style::SingleQuoted => c == '\'',
                _ => false,
            };
            let literal = rest.starts_with(c) && !escaped;
            let width = if literal {
                c.len_utf8()
            } else {
                match escape_width(rest, c, style) {
                    Some(w) => w,
                    None => return i,
                }
            };
            let file_at = at + raw_i;
            let this_delta = file_at as isize - i as isize;
            if !literal || delta != Some(this_delta) {
                self.run(file_at, literal);
            }
            delta = literal.then_some(this_delta);
            self.text.push(c);
            raw_i += width;
        }
        value.len()
    }

    /// Matches a literal block's value against its indented lines from
    /// `at` (the first content line); returns the bytes matched.
    fn match_block(&mut self, value: &str, file: &str, at: usize) -> usize {
        let rest = file.get(at..).unwrap_or_default();
        let indent = rest
            .lines()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
        let mut file_line = at;
        let mut matched = 0;
        for line in value.split_inclusive('\n') {
            let text = line.strip_suffix('\n').unwrap_or(line);
            let source = file.get(file_line..).unwrap_or_default();
            let source_line = source.split('\n').next().unwrap_or_default();
            let source_line = source_line.strip_suffix('\r').unwrap_or(source_line);
            let content = source_line
                .get(indent.min(source_line.len())..)
                .unwrap_or_default();
            if content != text && !(text.is_empty() && source_line.trim().is_empty()) {
                return matched;
            }
            self.run(file_line + indent.min(source_line.len()), true);
            self.text.push_str(line);
            matched += line.len();
            file_line += source.find('\n').map_or(source.len(), |n| n + 1);
        }
        matched
    }
}

/// Past a YAML tag (`!Sub `) at the start of a plain scalar's text.
fn skip_tag(raw: &str) -> usize {
    if raw.starts_with('!') {
        raw.find([' ', '\t', '\n']).map_or(raw.len(), |n| {
            n + raw[n..].len() - raw[n..].trim_start().len()
        })
    } else {
        0
    }
}

/// How many bytes of `raw` encode the character `c` as an escape.
fn escape_width(raw: &str, c: char, style: Style) -> Option<usize> {
    match style {
        Style::SingleQuoted => (c == '\'' && raw.starts_with("''")).then_some(2),
        Style::Json | Style::DoubleQuoted => {
            let rest = raw.strip_prefix('\\')?;
            let simple = match c {
                '"' => "\"",
                '\\' => "\\",
                '/' => "/",
                '\u{8}' => "b",
                '\u{c}' => "f",
                '\n' => "n",
                '\r' => "r",
                '\t' => "t",
                _ => "",
            };
            if !simple.is_empty() && rest.starts_with(simple) {
                return Some(2);
            }
            if rest.starts_with('u') {
                let units = if (c as u32) > 0xFFFF { 2 } else { 1 };
                return (raw.len() >= 6 * units).then_some(6 * units);
            }
            if style == Style::DoubleQuoted && rest.starts_with('x') {
                return (raw.len() >= 4).then_some(4);
            }
            None
        }
        _ => None,
    }
}

/// Why a `DefinitionString` cannot be read from the file alone.
pub type Unreadable = String;

/// The text of a `DefinitionString`: a string, `Fn::Sub` of a string (with
/// or without variables), or `Fn::Join` of strings, `Ref`s and
/// `Fn::GetAtt`s (written `${Name}`, `${Resource.Attribute}`).
pub fn definition_string(node: &Node, file: &str) -> Result<Embedded, Unreadable> {
    let mut out = Embedded::default();
    part(node, file, &mut out, true)?;
    Ok(out)
}

fn part(node: &Node, file: &str, out: &mut Embedded, top: bool) -> Result<(), Unreadable> {
    if let Value::String(s, style) = &node.value {
        out.push_string(s, *style, node.span, file);
        return Ok(());
    }
    let [m] = node.members().unwrap_or_default() else {
        return Err(unsupported(node));
    };
    match (m.key.as_str(), &m.value.value) {
        ("Fn::Sub", Value::String(..)) => part(&m.value, file, out, false),
        ("Fn::Sub", Value::Array(items)) => match items.as_slice() {
            [template, _] | [template] if template.as_str().is_some() => {
                part(template, file, out, false)
            }
            _ => Err(unsupported(node)),
        },
        ("Fn::Join", Value::Array(items)) if top => {
            let [separator, parts] = items.as_slice() else {
                return Err(unsupported(node));
            };
            let (Some(separator), Some(parts)) = (separator.as_str(), parts.items()) else {
                return Err(unsupported(node));
            };
            for (i, p) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_fixed(separator, m.value.span);
                }
                part(p, file, out, false)?;
            }
            Ok(())
        }
        ("Ref", Value::String(name, _)) if !top => {
            out.push_fixed(&format!("${{{name}}}"), node.span);
            Ok(())
        }
        ("Fn::GetAtt", Value::Array(items)) if !top => {
            let names: Option<Vec<&str>> = items.iter().map(Node::as_str).collect();
            match names {
                Some(names) if !names.is_empty() => {
                    out.push_fixed(&format!("${{{}}}", names.join(".")), node.span);
                    Ok(())
                }
                _ => Err(unsupported(node)),
            }
        }
        ("Fn::GetAtt", Value::String(name, _)) if !top => {
            out.push_fixed(&format!("${{{name}}}"), node.span);
            Ok(())
        }
        _ => Err(unsupported(node)),
    }
}

fn unsupported(node: &Node) -> Unreadable {
    let what = match node.members() {
        Some([m]) => format!("`{}`", m.key),
        _ => "this value".to_owned(),
    };
    format!(
        "{what} cannot be read without deploying; `DefinitionString` is read when it is a string, \
         `Fn::Sub` of a string, or `Fn::Join` of strings, `Ref`s and `Fn::GetAtt`s"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse_json, Lines};
    use crate::yaml::parse_yaml;

    /// Each character of the embedded text lands on itself in the file, on
    /// the escape that writes it, or on the tag that stands for it.
    fn check_exact(file: &str, node: &Node) -> Embedded {
        let e = definition_string(node, file).unwrap();
        for (i, c) in e.text.char_indices() {
            let at = &file[e.to_file(i)..];
            assert!(
                at.starts_with(c) || at.starts_with('\\') || at.starts_with('!'),
                "char {i} of {:?} is at {at:?}",
                e.text
            );
        }
        e
    }

    #[test]
    fn yaml_literal_block_maps_line_by_line() {
        let file = "R:\n  DefinitionString: !Sub |\n    {\n      \"StartAt\": \"A\",\n\n      \"x\": \"${Arn}\"\n    }\n";
        let root = parse_yaml(file).unwrap();
        let node = root.get("R").unwrap().get("DefinitionString").unwrap();
        let e = check_exact(file, node);
        let lines = Lines::new(file);
        let at = e.text.find("\"A\"").unwrap();
        assert_eq!(lines.line_col(e.to_file(at)), (4, 18));
        let at = e.text.find("\"x\"").unwrap();
        assert_eq!(lines.line_col(e.to_file(at)), (6, 7));
    }

    #[test]
    fn json_string_maps_through_escapes() {
        let file = r#"{"D": {"Fn::Sub": ["{\"StartAt\": \"A\",\n \"é\": \"\u00e9\"}", {}]}}"#;
        let root = parse_json(file).unwrap();
        let e = check_exact(file, root.get("D").unwrap());
        let at = e.text.find("\"A\"").unwrap();
        assert_eq!(&file[e.to_file(at)..e.to_file(at) + 4], "\\\"A\\");
        let at = e.text.find('é').unwrap();
        assert_eq!(&file[e.to_file(at)..e.to_file(at) + 2], "é");
    }

    #[test]
    fn join_writes_refs_as_placeholders() {
        let file = "D: !Join\n  - ''\n  - - '{\"Resource\": \"'\n    - !GetAtt Fn.Arn\n    - '\", \"x\": \"'\n    - !Ref Name\n    - '\"}'\n";
        let root = parse_yaml(file).unwrap();
        let e = check_exact(file, root.get("D").unwrap());
        assert_eq!(e.text, r#"{"Resource": "${Fn.Arn}", "x": "${Name}"}"#);
        let lines = Lines::new(file);
        let at = e.text.find("${Name}").unwrap();
        assert_eq!(lines.line_col(e.to_file(at)), (6, 7));
    }

    #[test]
    fn other_intrinsics_are_unreadable() {
        let root = parse_yaml("D: !If [C, a, b]\n").unwrap();
        assert!(definition_string(root.get("D").unwrap(), "").is_err());
    }
}
