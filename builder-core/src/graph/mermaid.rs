//! A graph as a Mermaid flowchart: GitHub renders it in Markdown, and so
//! does rustdoc with the mermaid script. Node ids are `n0`, `n1`, ...; every
//! label is quoted and escaped with Mermaid's entity codes, so any state
//! name works.

use super::{Edge, EdgeKind, Graph, NodeKind, Outline};
use crate::model::StateType;
use std::fmt::Write;

/// The flowchart, top to bottom.
pub fn write(g: &Graph) -> String {
    write_marked(g, &[], &[])
}

/// The flowchart with an execution's path: the states it entered and the
/// transitions it took drawn thick and blue, the state it failed in red.
pub fn write_marked(g: &Graph, marks: &[Option<super::Mark>], taken: &[bool]) -> String {
    let mut out = String::from("flowchart TD\n");
    for (kind, style) in CLASSES {
        let _ = writeln!(out, "  classDef {kind} {style}");
    }
    // The groups as nested subgraphs, each with its nodes.
    for step in g.outline() {
        match step {
            Outline::Node(i, depth) => node_line(&mut out, g, i, depth),
            Outline::Open(group, depth) => {
                let _ = writeln!(
                    out,
                    "{}subgraph g{group}[\"{}\"]",
                    "  ".repeat(depth),
                    escape(&g.groups[group].label)
                );
            }
            Outline::Close(depth) => {
                let _ = writeln!(out, "{}end", "  ".repeat(depth));
            }
        }
    }
    for e in &g.edges {
        edge_line(&mut out, e);
    }
    let list = |mark: super::Mark| {
        marks
            .iter()
            .enumerate()
            .filter(|(_, m)| **m == Some(mark))
            .map(|(i, _)| format!("n{i}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    for (mark, name, style) in [
        (
            super::Mark::Entered,
            "entered",
            "stroke:#1a73e8,stroke-width:3px",
        ),
        (
            super::Mark::Failed,
            "failedhere",
            "fill:#fce8e6,stroke:#c5221f,stroke-width:4px",
        ),
    ] {
        let nodes = list(mark);
        if !nodes.is_empty() {
            let _ = writeln!(out, "  classDef {name} {style}");
            let _ = writeln!(out, "  class {nodes} {name}");
        }
    }
    let taken: Vec<String> = taken
        .iter()
        .enumerate()
        .filter(|(_, t)| **t)
        .map(|(k, _)| k.to_string())
        .collect();
    if !taken.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#1a73e8,stroke-width:3px",
            taken.join(",")
        );
    }
    out
}

const CLASSES: &[(&str, &str)] = &[
    ("marker", "fill:#333,stroke:#333,color:#fff"),
    ("task", "fill:#e8f0fe,stroke:#4a6fa5"),
    ("pass", "fill:#f1f3f4,stroke:#80868b"),
    ("choice", "fill:#fef7e0,stroke:#b06000"),
    ("wait", "fill:#f3e8fd,stroke:#8430ce"),
    ("succeed", "fill:#e6f4ea,stroke:#137333"),
    ("fail", "fill:#fce8e6,stroke:#c5221f"),
    ("parallel", "fill:#e4f7fb,stroke:#007b83"),
    ("map", "fill:#e4f7fb,stroke:#007b83"),
];

fn node_line(out: &mut String, g: &Graph, i: usize, depth: usize) {
    let node = &g.nodes[i];
    let mut label = escape(&node.name);
    if let Some(r) = &node.retry {
        label.push_str("<br/>");
        label.push_str(&escape(r));
    }
    let (open, close, class) = match node.kind {
        NodeKind::Start | NodeKind::End => ("((", "))", "marker"),
        NodeKind::State(t) => match t {
            StateType::Task => ("[", "]", "task"),
            StateType::Pass => ("[/", "/]", "pass"),
            StateType::Choice => ("{", "}", "choice"),
            StateType::Wait => ("{{", "}}", "wait"),
            StateType::Succeed => ("([", "])", "succeed"),
            StateType::Fail => ("([", "])", "fail"),
            StateType::Parallel => ("[[", "]]", "parallel"),
            StateType::Map => ("[[", "]]", "map"),
        },
    };
    let _ = writeln!(
        out,
        "{}n{i}{open}\"{label}\"{close}:::{class}",
        "  ".repeat(depth)
    );
}

fn edge_line(out: &mut String, e: &Edge) {
    let arrow = match e.kind {
        EdgeKind::Catch => "-.->",
        EdgeKind::Branch => "==>",
        _ => "-->",
    };
    match &e.label {
        Some(label) => {
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                e.from,
                escape(label),
                e.to
            );
        }
        None => {
            let _ = writeln!(out, "  n{} {arrow} n{}", e.from, e.to);
        }
    }
}

/// Text inside a quoted Mermaid label: Mermaid's entity codes for what it
/// would read as syntax or HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
