//! A graph in Graphviz's DOT language: clusters for Parallel branches and
//! Map bodies, dashed catch edges. Every name is a quoted, escaped string,
//! so any state name works.

use super::{EdgeKind, Graph, NodeKind, Outline};
use crate::model::StateType;
use std::fmt::Write;

/// The DOT text of `g`, a digraph named `name`.
pub fn write(g: &Graph, name: &str) -> String {
    let mut out = format!("digraph \"{}\" {{\n", escape(name));
    out.push_str(
        "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=10, nodesep=0.4, ranksep=0.5];\n",
    );
    out.push_str("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\", color=\"#4a6fa5\"];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#5f6368\"];\n");
    for step in g.outline() {
        match step {
            Outline::Node(i, depth) => node_line(&mut out, g, i, depth),
            Outline::Open(group, depth) => {
                let _ = writeln!(
                    out,
                    "{}subgraph cluster_{group} {{ label=\"{}\"; style=\"dashed,rounded\"; color=\"#007b83\";",
                    "  ".repeat(depth),
                    escape(&g.groups[group].label)
                );
            }
            Outline::Close(depth) => {
                let _ = writeln!(out, "{}}}", "  ".repeat(depth));
            }
        }
    }
    for e in &g.edges {
        let mut attrs = Vec::new();
        if let Some(label) = &e.label {
            attrs.push(format!("label=\"{}\"", escape(label)));
        }
        match e.kind {
            EdgeKind::Catch => attrs.push("style=dashed, color=\"#c5221f\"".into()),
            EdgeKind::Branch => attrs.push("style=bold, color=\"#007b83\"".into()),
            EdgeKind::Default => attrs.push("style=\"solid\"".into()),
            _ => {}
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "  n{} -> n{};", e.from, e.to);
        } else {
            let _ = writeln!(out, "  n{} -> n{} [{}];", e.from, e.to, attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

fn node_line(out: &mut String, g: &Graph, i: usize, depth: usize) {
    let node = &g.nodes[i];
    let mut label = escape(&node.name);
    if let Some(r) = &node.retry {
        label.push_str("\\n");
        label.push_str(&escape(r));
    }
    let style = match node.kind {
        NodeKind::Start => "shape=circle, width=0.3, fixedsize=true, style=filled, fillcolor=\"#333333\", fontcolor=\"#ffffff\", fontsize=8",
        NodeKind::End => "shape=doublecircle, width=0.3, fixedsize=true, style=filled, fillcolor=\"#333333\", fontcolor=\"#ffffff\", fontsize=8",
        NodeKind::State(t) => match t {
            StateType::Task => "",
            StateType::Pass => "fillcolor=\"#f1f3f4\", color=\"#80868b\"",
            StateType::Choice => "shape=diamond, style=filled, fillcolor=\"#fef7e0\", color=\"#b06000\"",
            StateType::Wait => "shape=hexagon, style=filled, fillcolor=\"#f3e8fd\", color=\"#8430ce\"",
            StateType::Succeed => "fillcolor=\"#e6f4ea\", color=\"#137333\"",
            StateType::Fail => "fillcolor=\"#fce8e6\", color=\"#c5221f\"",
            StateType::Parallel | StateType::Map => "shape=box3d, style=filled, fillcolor=\"#e4f7fb\", color=\"#007b83\"",
        },
    };
    let sep = if style.is_empty() { "" } else { ", " };
    let _ = writeln!(
        out,
        "{}n{i} [label=\"{label}\"{sep}{style}];",
        "  ".repeat(depth)
    );
}

/// Text inside a quoted DOT string: backslashes and quotes escaped, line
/// breaks and other control characters as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
