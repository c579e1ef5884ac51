//! A graph as an SVG picture, laid out by [`super::layout`]: no external
//! program. Text is escaped for XML, so any state name works.

use super::layout::{layout, EdgePath, Rect};
use super::{EdgeKind, Graph, NodeKind};
use crate::model::StateType;
use std::fmt::Write;

/// The SVG document of `g`, titled `name`.
pub fn write(g: &Graph, name: &str) -> String {
    write_marked(g, name, &[], &[])
}

/// The SVG document with an execution's path: the states it entered and
/// the transitions it took drawn thick and blue, the state it failed in red.
pub fn write_marked(
    g: &Graph,
    name: &str,
    marks: &[Option<super::Mark>],
    taken: &[bool],
) -> String {
    let l = layout(g);
    let mut out = String::with_capacity(256 * g.nodes.len() + 1024);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">",
        w = l.width,
        h = l.height
    );
    let _ = writeln!(out, "<title>{}</title>", escape(name));
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"#5f6368\"/></marker></defs>\n");
    out.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    // Owners (Parallel, Map) and their groups first, outermost first so
    // that an inner box is drawn over the group it is in; the rest on top.
    let depth = |mut group: Option<usize>| {
        let mut d = 0;
        while let Some(gr) = group {
            d += 1;
            group = g.groups[gr].parent;
        }
        d
    };
    let mut owners: Vec<(usize, usize)> = g
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            matches!(
                n.kind,
                NodeKind::State(StateType::Parallel | StateType::Map)
            )
        })
        .map(|(i, n)| (depth(n.group), i))
        .collect();
    owners.sort_unstable();
    for (_, i) in owners {
        shape(&mut out, g, i, &l.nodes[i], marks.get(i).copied().flatten());
        for (gi, group) in g.groups.iter().enumerate().filter(|(_, gr)| gr.owner == i) {
            let r = l.groups[gi];
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"#ffffff\" fill-opacity=\"0.6\" stroke=\"#007b83\" stroke-dasharray=\"4 3\"/>",
                r.x, r.y, r.w, r.h
            );
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#007b83\">{}</text>",
                r.x + 8.0,
                r.y + 13.0,
                escape(&group.label)
            );
        }
    }
    for (k, e) in g.edges.iter().enumerate() {
        if let Some(path) = &l.edges[k] {
            let kind = if taken.get(k) == Some(&true) {
                None
            } else {
                Some(e.kind)
            };
            edge(&mut out, path, kind, e.label.as_deref());
        }
    }
    for trunk in &l.trunks {
        // The trunk's label: the different labels of the edges joining it.
        let mut labels: Vec<&str> = Vec::new();
        for &k in &trunk.edges {
            if let Some(label) = g.edges[k].label.as_deref() {
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
        }
        let label = super::shorten(&labels.join(" · "));
        let kind = trunk
            .edges
            .first()
            .map_or(EdgeKind::Next, |&k| g.edges[k].kind);
        let taken_trunk = trunk.edges.iter().any(|&k| taken.get(k) == Some(&true));
        edge(
            &mut out,
            &trunk.path,
            (!taken_trunk).then_some(kind),
            (!labels.is_empty()).then_some(label.as_str()),
        );
    }
    for (i, node) in g.nodes.iter().enumerate() {
        if !matches!(
            node.kind,
            NodeKind::State(StateType::Parallel | StateType::Map)
        ) {
            shape(&mut out, g, i, &l.nodes[i], marks.get(i).copied().flatten());
        }
    }
    out.push_str("</svg>\n");
    out
}

/// An edge; `kind` `None`: on the execution's path (thick, blue).
fn edge(out: &mut String, path: &EdgePath, kind: Option<EdgeKind>, label: Option<&str>) {
    let (stroke, dash) = match kind {
        None => ("#1a73e8", " stroke-width=\"3\""),
        Some(EdgeKind::Catch) => ("#c5221f", " stroke-dasharray=\"5 4\""),
        Some(_) => ("#5f6368", ""),
    };
    let arrow = if path.arrow {
        " marker-end=\"url(#arrow)\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<path d=\"{}\" fill=\"none\" stroke=\"{stroke}\"{}{dash}{arrow}/>",
        path.d,
        if kind.is_none() {
            ""
        } else {
            " stroke-width=\"1.3\""
        }
    );
    if let (Some(label), Some((x, y))) = (label, path.label_at) {
        let w = super::layout::label_width(label);
        let _ = writeln!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"14\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{stroke}\">{}</text>",
            x - w / 2.0,
            y - 7.0,
            y + 4.0,
            escape(label)
        );
    }
}

fn shape(out: &mut String, g: &Graph, i: usize, r: &Rect, mark: Option<super::Mark>) {
    let node = &g.nodes[i];
    let (fill, stroke) = match mark {
        Some(super::Mark::Failed) => ("#fce8e6", "#c5221f\" stroke-width=\"3"),
        Some(super::Mark::Entered) => (colors(node.kind).0, "#1a73e8\" stroke-width=\"3"),
        None => colors(node.kind),
    };
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    match node.kind {
        NodeKind::Start => {
            let _ = writeln!(
                out,
                "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"9\" fill=\"#333333\"/>"
            );
            return;
        }
        NodeKind::End => {
            let _ = writeln!(out, "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"10\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1.5\"/><circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\" fill=\"#333333\"/>");
            return;
        }
        NodeKind::State(StateType::Choice) => {
            let _ = writeln!(
                out,
                "<polygon points=\"{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                r.y,
                r.x + r.w,
                r.y + r.h,
                r.x
            );
        }
        NodeKind::State(StateType::Wait) => {
            let d = 12.0;
            let _ = writeln!(
                out,
                "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{cy:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{cy:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                r.x + d, r.y, r.x + r.w - d, r.y, r.x + r.w, r.x + r.w - d, r.y + r.h, r.x + d, r.y + r.h, r.x
            );
        }
        NodeKind::State(t) => {
            let rx = match t {
                StateType::Succeed | StateType::Fail => r.h / 2.0,
                StateType::Pass => 2.0,
                _ => 6.0,
            };
            let _ = writeln!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx:.1}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
                r.x, r.y, r.w, r.h
            );
        }
    }
    // The name (on the header of a Parallel or Map), and the retry below it.
    let owner = matches!(
        node.kind,
        NodeKind::State(StateType::Parallel | StateType::Map)
    );
    let y = if owner {
        r.y + 17.0
    } else if node.retry.is_some() {
        cy - 3.0
    } else {
        cy + 4.0
    };
    let _ = writeln!(
        out,
        "<text x=\"{cx:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" fill=\"#202124\">{}</text>",
        escape(&node.name)
    );
    if let Some(retry) = &node.retry {
        let ry = if owner { r.y + r.h - 4.0 } else { y + 14.0 };
        let _ = writeln!(
            out,
            "<text x=\"{cx:.1}\" y=\"{ry:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#5f6368\">↻ {}</text>",
            escape(retry)
        );
    }
}

fn colors(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Start | NodeKind::End => ("#333333", "#333333"),
        NodeKind::State(t) => match t {
            StateType::Task => ("#e8f0fe", "#4a6fa5"),
            StateType::Pass => ("#f1f3f4", "#80868b"),
            StateType::Choice => ("#fef7e0", "#b06000"),
            StateType::Wait => ("#f3e8fd", "#8430ce"),
            StateType::Succeed => ("#e6f4ea", "#137333"),
            StateType::Fail => ("#fce8e6", "#c5221f"),
            StateType::Parallel | StateType::Map => ("#e4f7fb", "#007b83"),
        },
    }
}

/// Text for XML content and attributes; characters XML 1.0 cannot hold
/// become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
