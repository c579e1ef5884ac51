//! A machine as a graph, to draw it: its states as nodes (with their kind
//! and retry), its transitions as edges (Next, each Choice arm labelled with
//! its rule, the default arm, Catch labelled with its errors), Parallel
//! branches and Map bodies as groups, and a start and an end marker. The
//! writers turn it into Mermaid ([`mermaid`]), Graphviz DOT ([`dot`]) and
//! SVG ([`svg`], laid out by [`layout`]); they all read this one graph.

pub mod dot;
pub mod layout;
pub mod mermaid;
pub mod svg;

use crate::json::Json;
use crate::model::*;

/// A drawable machine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// The nodes; `0` is the start marker and `1` the end marker.
    pub nodes: Vec<Node>,
    /// The edges, in the order of the definition.
    pub edges: Vec<Edge>,
    /// Parallel branches and Map bodies, parents before children.
    pub groups: Vec<Group>,
}

/// A node: a state, or the start or end marker.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node shows: the state's name.
    pub name: String,
    /// What it is.
    pub kind: NodeKind,
    /// The group it is in (`None`: the top level).
    pub group: Option<usize>,
    /// The retry of a Task, Parallel or Map, shortened: `retry ×3`.
    pub retry: Option<String>,
}

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A state of this type.
    State(StateType),
    /// Where the execution starts.
    Start,
    /// Where it ends.
    End,
}

/// A Parallel branch or a Map body.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// What the group shows: `Process · branch 2`, `EachItem · items`.
    pub label: String,
    /// The node of its Parallel or Map state.
    pub owner: usize,
    /// The group it is in (`None`: the top level).
    pub parent: Option<usize>,
}

/// A transition.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The node it leaves.
    pub from: usize,
    /// The node it reaches.
    pub to: usize,
    /// What kind of transition.
    pub kind: EdgeKind,
    /// Its label: a Choice arm's rule, a catcher's errors.
    pub label: Option<String>,
}

/// What kind of transition an edge is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// `Next`, `End` (to the end marker) or the start.
    Next,
    /// A Choice arm.
    Choice,
    /// A Choice's `Default`.
    Default,
    /// A `Catch`: drawn dashed.
    Catch,
    /// From a Parallel or Map state into one of its branches or its body.
    Branch,
}

/// One step of writing a graph as nested text (Mermaid subgraphs, DOT
/// clusters): the top-level nodes, then each group opened, its nodes, its
/// groups, and closed — with the nesting depth (1 at the top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outline {
    /// A node.
    Node(usize, usize),
    /// A group begins.
    Open(usize, usize),
    /// The group that began last at this depth ends.
    Close(usize),
}

impl Graph {
    /// The graph in writing order, depth first without recursion (the
    /// nesting can be as deep as the machine's).
    pub fn outline(&self) -> Vec<Outline> {
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.groups.len()];
        let mut top = Vec::new();
        for (i, group) in self.groups.iter().enumerate() {
            match group.parent {
                Some(p) => children[p].push(i),
                None => top.push(i),
            }
        }
        let mut out = Vec::with_capacity(self.nodes.len() + 2 * self.groups.len());
        let mut in_group: Vec<Vec<usize>> = vec![Vec::new(); self.groups.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            match node.group {
                Some(group) => in_group[group].push(i),
                None => out.push(Outline::Node(i, 1)),
            }
        }
        let mut stack: Vec<(usize, usize, bool)> =
            top.iter().rev().map(|&t| (t, 1, false)).collect();
        while let Some((group, depth, closing)) = stack.pop() {
            if closing {
                out.push(Outline::Close(depth));
                continue;
            }
            out.push(Outline::Open(group, depth));
            out.extend(in_group[group].iter().map(|&i| Outline::Node(i, depth + 1)));
            stack.push((group, depth, true));
            for &child in children[group].iter().rev() {
                stack.push((child, depth + 1, false));
            }
        }
        out
    }
}

/// How a node is marked on an execution's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// The execution entered it.
    Entered,
    /// The execution failed there.
    Failed,
}

impl Graph {
    /// The marks of an execution that entered `entered` (state names, in
    /// order) and, when it failed, failed in its last state: per node, and
    /// the edges between consecutive states entered.
    pub fn path(&self, entered: &[&str], failed: bool) -> (Vec<Option<Mark>>, Vec<bool>) {
        let mut marks = vec![None; self.nodes.len()];
        let by_name = |name: &str| -> Vec<usize> {
            self.nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| matches!(n.kind, NodeKind::State(_)) && n.name == name)
                .map(|(i, _)| i)
                .collect()
        };
        for name in entered {
            for i in by_name(name) {
                marks[i] = Some(Mark::Entered);
            }
        }
        if failed {
            if let Some(last) = entered.last() {
                for i in by_name(last) {
                    marks[i] = Some(Mark::Failed);
                }
            }
        }
        let mut taken = vec![false; self.edges.len()];
        let pairs: std::collections::HashSet<(&str, &str)> =
            entered.windows(2).map(|w| (w[0], w[1])).collect();
        for (k, e) in self.edges.iter().enumerate() {
            let (a, b) = (&self.nodes[e.from], &self.nodes[e.to]);
            taken[k] = pairs.contains(&(a.name.as_str(), b.name.as_str()))
                || (a.kind == NodeKind::Start && entered.first() == Some(&b.name.as_str()));
        }
        (marks, taken)
    }
}

/// Longest label of an edge, in characters; longer ones end with `…`.
pub const MAX_LABEL: usize = 40;

impl Graph {
    /// The graph of `machine`.
    pub fn of(machine: &StateMachine) -> Graph {
        let mut g = Graph {
            nodes: vec![
                Node {
                    name: "start".into(),
                    kind: NodeKind::Start,
                    group: None,
                    retry: None,
                },
                Node {
                    name: "end".into(),
                    kind: NodeKind::End,
                    group: None,
                    retry: None,
                },
            ],
            ..Graph::default()
        };
        let start = g.block(&machine.definition.block, None, 0);
        if let Some(start) = start {
            g.edges.push(Edge {
                from: 0,
                to: start,
                kind: EdgeKind::Next,
                label: None,
            });
        }
        g.merge_parallel_edges();
        g
    }

    /// One edge per source, target and kind: Choice arms (or catchers) that
    /// lead to the same state are drawn as one, labelled with the first and
    /// how many more.
    fn merge_parallel_edges(&mut self) {
        let mut seen: std::collections::HashMap<(usize, usize, u8), (usize, usize)> =
            std::collections::HashMap::new();
        let mut keep = Vec::with_capacity(self.edges.len());
        for e in std::mem::take(&mut self.edges) {
            let key = (e.from, e.to, e.kind as u8);
            match seen.get_mut(&key) {
                Some((_, more)) => *more += 1,
                None => {
                    seen.insert(key, (keep.len(), 0));
                    keep.push(e);
                }
            }
        }
        for (first, more) in seen.into_values() {
            if more > 0 {
                if let Some(label) = &mut keep[first].label {
                    let base: String = label.chars().take(MAX_LABEL - 12).collect();
                    *label = format!("{base} (+{more} more)");
                }
            }
        }
        self.edges = keep;
    }

    /// Adds a block's states and edges; returns the node of its `StartAt`.
    fn block(&mut self, block: &Block, group: Option<usize>, depth: usize) -> Option<usize> {
        let first = self.nodes.len();
        for state in &block.states {
            self.nodes.push(Node {
                name: state.name.clone(),
                kind: NodeKind::State(state.kind.state_type()),
                group,
                retry: state.kind.retriers().and_then(|r| retry_label(r)),
            });
        }
        let positions: std::collections::HashMap<&str, usize> = block
            .states
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.name.as_str(), first + i))
            .collect();
        let index = |name: &str| positions.get(name).copied();
        for (i, state) in block.states.iter().enumerate() {
            let from = first + i;
            let edge = |to: Option<usize>, kind: EdgeKind, label: Option<String>, g: &mut Graph| {
                if let Some(to) = to {
                    g.edges.push(Edge {
                        from,
                        to,
                        kind,
                        label,
                    });
                }
            };
            match &state.kind {
                StateKind::Choice(c) => {
                    for arm in &c.choices {
                        edge(
                            index(&arm.next),
                            EdgeKind::Choice,
                            Some(condition_label(&arm.condition)),
                            self,
                        );
                    }
                    if let Some(d) = &c.default {
                        edge(index(d), EdgeKind::Default, Some("default".into()), self);
                    }
                }
                StateKind::Succeed(_) | StateKind::Fail(_) => {
                    if group.is_none() {
                        edge(Some(1), EdgeKind::Next, None, self);
                    }
                }
                kind => match kind.transition() {
                    Some(Transition::Next(n)) => edge(index(n), EdgeKind::Next, None, self),
                    Some(Transition::End) if group.is_none() => {
                        edge(Some(1), EdgeKind::Next, None, self)
                    }
                    _ => {}
                },
            }
            for c in state.kind.catchers().into_iter().flatten() {
                edge(
                    index(&c.next),
                    EdgeKind::Catch,
                    Some(shorten(&c.error_equals.join(", "))),
                    self,
                );
            }
            // Branches and bodies, drawn as groups inside the owner's block.
            if depth < crate::asl::MAX_NESTING {
                let nested: Vec<(&Block, String)> = match &state.kind {
                    StateKind::Parallel(p) => p
                        .branches
                        .iter()
                        .enumerate()
                        .map(|(b, block)| (block, format!("{} · branch {}", state.name, b + 1)))
                        .collect(),
                    StateKind::Map(m) => vec![(&m.body, format!("{} · each item", state.name))],
                    _ => Vec::new(),
                };
                for (block, label) in nested {
                    let id = self.groups.len();
                    self.groups.push(Group {
                        label,
                        owner: from,
                        parent: group,
                    });
                    if let Some(start) = self.block(block, Some(id), depth + 1) {
                        self.edges.push(Edge {
                            from,
                            to: start,
                            kind: EdgeKind::Branch,
                            label: None,
                        });
                    }
                }
            }
        }
        index(&block.start_at)
    }
}

/// `retry ×3` (the largest `MaxAttempts`, 3 when unset), `None` without
/// retriers.
fn retry_label(retriers: &[Retrier]) -> Option<String> {
    let most = retriers.iter().map(|r| r.max_attempts.unwrap_or(3)).max()?;
    Some(format!("retry ×{most}"))
}

/// A Choice arm's condition, shortened: `$.n > 3`, `$.a == "x" and …`.
pub fn condition_label(c: &Condition) -> String {
    match c {
        Condition::Rule(r) => shorten(&rule_label(r)),
        Condition::Jsonata(Json::String(s)) => {
            let inner = s
                .strip_prefix("{%")
                .and_then(|s| s.strip_suffix("%}"))
                .unwrap_or(s);
            shorten(inner.trim())
        }
        Condition::Jsonata(other) => shorten(&other.to_json_string()),
    }
}

/// A JSONPath rule as the language writes it.
fn rule_label(r: &Rule) -> String {
    match r {
        Rule::And(rules) => join(rules, " and "),
        Rule::Or(rules) => join(rules, " or "),
        Rule::Not(rule) => format!("not ({})", rule_label(rule)),
        Rule::Commented { rule, .. } => rule_label(rule),
        Rule::Compare {
            variable,
            operator,
            value,
        } => {
            let name = operator.as_str();
            let value_text = match value {
                Operand::String(s) if name.ends_with("Path") => s.clone(),
                other => other.to_json().to_json_string(),
            };
            if let Some(ty) = name.strip_prefix("Is") {
                let ty = ty.to_ascii_lowercase();
                return match value {
                    Operand::Bool(false) => format!("{variable} is not {ty}"),
                    _ => format!("{variable} is {ty}"),
                };
            }
            let base = name.strip_suffix("Path").unwrap_or(name);
            let symbol = if base.ends_with("GreaterThanEquals") {
                ">="
            } else if base.ends_with("LessThanEquals") {
                "<="
            } else if base.ends_with("GreaterThan") {
                ">"
            } else if base.ends_with("LessThan") {
                "<"
            } else if base.ends_with("Matches") {
                "matches"
            } else {
                "=="
            };
            format!("{variable} {symbol} {value_text}")
        }
    }
}

fn join(rules: &[Rule], sep: &str) -> String {
    rules
        .iter()
        .map(|r| match r {
            Rule::And(_) | Rule::Or(_) => format!("({})", rule_label(r)),
            _ => rule_label(r),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// At most [`MAX_LABEL`] characters, on one line.
pub fn shorten(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= MAX_LABEL {
        return one_line;
    }
    let mut out: String = one_line.chars().take(MAX_LABEL - 1).collect();
    out.push('…');
    out
}

impl StateMachine {
    /// The machine as a Mermaid flowchart (GitHub renders it in Markdown).
    pub fn to_mermaid(&self) -> String {
        mermaid::write(&Graph::of(self))
    }

    /// The machine as a Graphviz DOT graph.
    pub fn to_dot(&self) -> String {
        dot::write(&Graph::of(self), &self.name)
    }

    /// The machine as an SVG picture, laid out without external programs.
    pub fn to_svg(&self) -> String {
        svg::write(&Graph::of(self), &self.name)
    }
}
