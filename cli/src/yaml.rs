//! YAML → positioned tree, from saphyr-parser's events: YAML 1.2 core
//! schema (only `true`/`false` are booleans; `yes`, `on` stay strings),
//! anchors and aliases (bounded), `<<` merge keys, and CloudFormation's
//! short tags in their long form (`!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}`).

use crate::source::{number, Member, Node, Span, Style, SyntaxError, Value, MAX_DEPTH};
use builder_core::json::Number;
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// Most nodes that aliases may copy in, all told: more is a "billion
/// laughs" document, refused as an error.
const MAX_ALIAS_NODES: usize = 1_000_000;

/// The short tags of CloudFormation and the key each stands for.
const CLOUDFORMATION_TAGS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("If", "Fn::If"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Equals", "Fn::Equals"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Not", "Fn::Not"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// Parses the first document of a YAML stream (later documents are checked
/// for syntax only). An empty stream is `null`.
pub fn parse_yaml(text: &str) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        offsets: CharOffsets::new(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        root: None,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let offset = builder.offsets.byte(e.marker().index());
            SyntaxError::new(offset, e.info().to_owned())
        })?;
        let span = Span::new(
            builder.offsets.byte(span.start.index()),
            builder.offsets.byte(span.end.index()),
        );
        builder.event(event, span)?;
    }
    Ok(builder
        .root
        .unwrap_or_else(|| Node::new(Span::default(), Value::Null)))
}

/// saphyr's markers count characters; spans count bytes.
struct CharOffsets {
    /// The byte of each character and one past the end; empty for ASCII text.
    bytes: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect()
        };
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

/// A collection being read.
struct Frame {
    start: usize,
    anchor: usize,
    tag: Option<Tag>,
    kind: FrameKind,
}

enum FrameKind {
    Sequence(Vec<Node>),
    Mapping {
        members: Vec<Member>,
        /// The key read, waiting for its value; `merge` for a `<<` key.
        key: Option<(String, Span, bool)>,
        /// Values of `<<` keys, merged in at the end.
        merges: Vec<Node>,
    },
}

/// Builds the tree from events, with an explicit stack.
struct Builder {
    offsets: CharOffsets,
    stack: Vec<Frame>,
    /// Anchored nodes by id, with their size and height.
    anchors: HashMap<usize, (Node, usize, usize)>,
    alias_budget: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let sequence = matches!(event, Event::SequenceStart(..));
        match event {
            Event::DocumentStart(_) => self.documents += 1,
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(FrameKind::Mapping {
                    key: key @ None, ..
                }) = self.stack.last_mut().map(|f| &mut f.kind)
                {
                    let merge = style == ScalarStyle::Plain && text == "<<";
                    let text = text.into_owned();
                    if anchor != 0 {
                        let node = Node::new(span, Value::String(text.clone(), our(style)));
                        self.anchors.insert(anchor, (node, 1, 1));
                    }
                    *key = Some((text, span, merge));
                    return Ok(());
                }
                let node = scalar(&text, style, tag.as_deref(), span);
                self.complete(node, anchor)?;
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if let Some(FrameKind::Mapping { key: None, .. }) =
                    self.stack.last().map(|f| &f.kind)
                {
                    return Err(SyntaxError::new(
                        span.start,
                        "a mapping or sequence as a key is not supported",
                    ));
                }
                if self.stack.len() >= MAX_DEPTH {
                    return Err(SyntaxError::new(
                        span.start,
                        format!(
                            "mappings and sequences are nested more than {MAX_DEPTH} levels deep"
                        ),
                    ));
                }
                let kind = if sequence {
                    FrameKind::Sequence(Vec::new())
                } else {
                    FrameKind::Mapping {
                        members: Vec::new(),
                        key: None,
                        merges: Vec::new(),
                    }
                };
                self.stack.push(Frame {
                    start: span.start,
                    anchor,
                    tag: tag.map(|t| t.into_owned()),
                    kind,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let value = match frame.kind {
                    FrameKind::Sequence(items) => Value::Array(items),
                    FrameKind::Mapping {
                        mut members,
                        merges,
                        ..
                    } => {
                        merge(&mut members, merges);
                        Value::Object(members)
                    }
                };
                let node = Node::new(Span::new(frame.start, span.end.max(frame.start)), value);
                let node = tagged(node, frame.tag.as_ref());
                self.complete(node, frame.anchor)?;
            }
            Event::Alias(id) => {
                let Some((node, size, height)) = self.anchors.get(&id) else {
                    return Err(SyntaxError::new(span.start, "alias to an unknown anchor"));
                };
                if self.stack.len() + height > MAX_DEPTH {
                    return Err(SyntaxError::new(
                        span.start,
                        format!("this alias nests values more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let size = *size;
                if size > self.alias_budget {
                    return Err(SyntaxError::new(
                        span.start,
                        format!("aliases expand to more than {MAX_ALIAS_NODES} values"),
                    ));
                }
                self.alias_budget -= size;
                let mut node = node.clone();
                node.span = span;
                if let Some(FrameKind::Mapping {
                    key: key @ None, ..
                }) = self.stack.last_mut().map(|f| &mut f.kind)
                {
                    let Value::String(text, _) = node.value else {
                        return Err(SyntaxError::new(
                            span.start,
                            "an alias to a mapping or sequence as a key is not supported",
                        ));
                    };
                    *key = Some((text, span, false));
                    return Ok(());
                }
                self.complete(node, 0)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Puts a finished node into its parent (or makes it the root).
    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            let (size, height) = node.size_and_height();
            self.anchors.insert(anchor, (node.clone(), size, height));
        }
        match self.stack.last_mut().map(|f| &mut f.kind) {
            None => {
                if self.documents <= 1 && self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(FrameKind::Sequence(items)) => items.push(node),
            Some(FrameKind::Mapping {
                members,
                key,
                merges,
            }) => match key.take() {
                Some((_, _, true)) => merges.push(node),
                Some((key, key_span, false)) => members.push(Member {
                    key,
                    key_span,
                    value: node,
                }),
                // A key is taken before `complete` is called.
                None => {}
            },
        }
        Ok(())
    }
}

/// Adds the members of `<<` values that the mapping does not set itself.
fn merge(members: &mut Vec<Member>, merges: Vec<Node>) {
    let mut merged = Vec::new();
    let sources = merges.into_iter().flat_map(|n| match n.value {
        Value::Array(items) => items,
        _ => vec![n],
    });
    for source in sources {
        if let Value::Object(from) = source.value {
            for m in from {
                if !members
                    .iter()
                    .chain(&merged)
                    .any(|x: &Member| x.key == m.key)
                {
                    merged.push(m);
                }
            }
        }
    }
    members.extend(merged);
}

/// A scalar by the core schema, or by its tag.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
    let string = |style| Value::String(text.to_owned(), style);
    let value = match (style, tag) {
        (_, Some(t)) if t.is_yaml_core_schema() && t.suffix == "str" => string(our(style)),
        (_, Some(t)) if t.is_yaml_core_schema() => plain(text),
        (_, Some(t)) if t.handle == "!" && t.suffix.is_empty() => string(our(style)),
        (ScalarStyle::Plain, _) => plain(text),
        _ => string(our(style)),
    };
    tagged(Node::new(span, value), tag)
}

fn our(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    }
}

/// A plain scalar by the YAML 1.2 core schema.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(Number::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(Number::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Value::Number(Number::Float(f64::NAN)),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| {
        let digits = text.strip_prefix(prefix)?;
        u64::from_str_radix(digits, radix)
            .ok()
            .filter(|_| !digits.starts_with('+'))
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Value::Number(Number::PosInt(n));
    }
    match core_number(text) {
        Some(n) => Value::Number(n),
        None => Value::String(text.to_owned(), Style::Plain),
    }
}

/// `[-+]?[0-9]+` or `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn core_number(text: &str) -> Option<Number> {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int = digits(&mut i);
    let mut float = false;
    if b.get(i) == Some(&b'.') {
        i += 1;
        float = true;
        if digits(&mut i) == 0 && int == 0 {
            return None;
        }
    } else if int == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        float = true;
        if let Some(b'-' | b'+') = b.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let text = text.strip_prefix('+').unwrap_or(text);
    number(text, float).or(Some(Number::Float(if text.starts_with('-') {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    })))
}

/// A node under a CloudFormation short tag in its long form; other tags
/// leave the node as it is.
fn tagged(node: Node, tag: Option<&Tag>) -> Node {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return node;
    };
    let Some((_, key)) = CLOUDFORMATION_TAGS.iter().find(|(t, _)| *t == tag.suffix) else {
        return node;
    };
    let span = node.span;
    let value = match (&node.value, tag.suffix.as_str()) {
        (Value::String(s, style), "GetAtt") => {
            let (resource, attribute) = s.split_once('.').unwrap_or((s, ""));
            let part = |s: &str| Node::new(span, Value::String(s.to_owned(), *style));
            Node::new(span, Value::Array(vec![part(resource), part(attribute)]))
        }
        _ => node,
    };
    Node::new(
        span,
        Value::Object(vec![Member {
            key: (*key).to_owned(),
            key_span: span,
            value,
        }]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Lines;

    fn parse(text: &str) -> Node {
        parse_yaml(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn json(text: &str) -> String {
        parse(text).to_json().to_json_string()
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(
            json("[true, True, yes, no, on, off, ~, null, '', 12, -3, 0x1f, 0o17, 1.5, 1e3, .5, 1_000, 012, '12', !!str 12, !!int '7', +4]"),
            r#"[true,true,"yes","no","on","off",null,null,"",12,-3,31,15,1.5,1000.0,0.5,"1_000",12,"12","12",7,4]"#
        );
    }

    #[test]
    fn positions_of_keys_and_values() {
        let text = "a:\n  b: [1, 'x']\n  é: \"v\"\n  c: &anchor\n    d: 1\n  e: *anchor\n";
        let root = parse(text);
        let lines = Lines::new(text);
        let a = root.get("a").unwrap();
        let b = a.member("b").unwrap();
        assert_eq!(lines.line_col(b.key_span.start), (2, 3));
        assert_eq!(lines.line_col(b.value.span.start), (2, 6));
        assert_eq!(
            lines.line_col(b.value.items().unwrap()[1].span.start),
            (2, 10)
        );
        let e = a.member("é").unwrap();
        assert_eq!(lines.line_col(e.value.span.start), (3, 6));
        assert_eq!(&text[e.value.span.start..e.value.span.end], "\"v\"");
        let alias = a.member("e").unwrap();
        assert_eq!(alias.value.to_json().to_json_string(), r#"{"d":1}"#);
        assert_eq!(lines.line_col(alias.value.span.start), (6, 6));
    }

    #[test]
    fn cloudformation_short_tags() {
        assert_eq!(
            json("- !Ref X\n- !GetAtt A.B.C\n- !GetAtt [A, B]\n- !Sub 'a${X}'\n- !Join ['', [a, !Ref B]]\n- !If [C, 1, 2]\n- !Condition C\n- !GetAZs ''\n- !Unknown x\n"),
            r#"[{"Ref":"X"},{"Fn::GetAtt":["A","B.C"]},{"Fn::GetAtt":["A","B"]},{"Fn::Sub":"a${X}"},{"Fn::Join":["",["a",{"Ref":"B"}]]},{"Fn::If":["C",1,2]},{"Condition":"C"},{"Fn::GetAZs":""},"x"]"#
        );
    }

    #[test]
    fn merge_keys() {
        assert_eq!(
            json("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"),
            r#"{"base":{"x":1,"y":2},"m":{"y":3,"x":1}}"#
        );
    }

    #[test]
    fn first_document_and_empty_stream() {
        assert_eq!(json("a: 1\n---\nb: 2\n"), r#"{"a":1}"#);
        assert_eq!(json(""), "null");
        assert_eq!(json("# only a comment\n"), "null");
    }

    #[test]
    fn errors_have_positions() {
        let text = "a: 1\nb: [1, 2\nc: 3\n";
        let e = parse_yaml(text).unwrap_err();
        assert!(e.offset > 0 && e.offset <= text.len(), "{e:?}");
        let e = parse_yaml("a: *nowhere\n").unwrap_err();
        assert!(e.offset <= 11, "{e:?}");
        assert!(parse_yaml("? [a]\n: 1\n").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        // saphyr itself stops flow collections at 255 levels.
        let ok = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(parse_yaml(&ok).is_ok());
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(parse_yaml(&ok).is_ok());
        let deep = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        let e = parse_yaml(&deep).unwrap_err();
        assert!(e.message.contains("nested more than"), "{e:?}");
        assert!(parse_yaml(&"- ".repeat(100_000)).is_err());
        assert!(parse_yaml(&"[".repeat(100_000)).is_err());
        // Aliases that nest anchors within anchors grow no deeper than the limit.
        let mut chain = String::from("a0: &a0 [x]\n");
        for i in 1..400 {
            chain.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        assert!(parse_yaml(&chain).is_err());
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse_yaml(&text).unwrap_err();
        assert!(e.message.contains("aliases expand"), "{e:?}");
    }
}
