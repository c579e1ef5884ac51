//! A layered layout of a graph, for the SVG writer: each block (the top
//! level, each Parallel branch, each Map body) is laid out on its own, in
//! ranks from its start (longest path, back edges of loops set aside), with
//! the order inside each rank from a few barycenter sweeps; a Parallel or
//! Map state is a box around its blocks, laid out first. Linear in the size
//! of the machine but for the sorting of each rank.

use super::{EdgeKind, Graph, NodeKind};
use crate::model::StateType;

/// Where something is drawn, in pixels from the picture's top left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The middle of the top side.
    pub fn top(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y)
    }

    /// The middle of the bottom side.
    pub fn bottom(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h)
    }

    /// The middle of the right side.
    pub fn right(&self) -> (f64, f64) {
        (self.x + self.w, self.y + self.h / 2.0)
    }
}

/// The drawing of an edge, or of a trunk that edges join.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgePath {
    /// An SVG path (`M x y C ...`).
    pub d: String,
    /// Where its label goes (`None`: the trunk it joins shows it).
    pub label_at: Option<(f64, f64)>,
    /// Whether it ends in an arrowhead (an edge joining a trunk does not).
    pub arrow: bool,
}

/// The shared last part of the long edges that reach one state: drawn once,
/// with the labels of the edges that join it.
#[derive(Clone, Debug, PartialEq)]
pub struct Trunk {
    /// Its drawing, ending at the target.
    pub path: EdgePath,
    /// The edges that join it (indexes into the graph's edges).
    pub edges: Vec<usize>,
}

/// A laid out graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// The picture's size.
    pub width: f64,
    /// The picture's height.
    pub height: f64,
    /// Per node of the graph.
    pub nodes: Vec<Rect>,
    /// Per group of the graph: the box of the branch or body.
    pub groups: Vec<Rect>,
    /// Per edge of the graph (`None`: not drawn — a branch edge, which the
    /// group's box inside its owner shows).
    pub edges: Vec<Option<EdgePath>>,
    /// The trunks of long edges.
    pub trunks: Vec<Trunk>,
}

/// A trunk as a container places it: its target, its points (relative to
/// the container), and the edges that join it.
type PlacedTrunk = (usize, Vec<(f64, f64)>, Vec<usize>);

/// Pixels per character of the labels (12 px sans-serif, on average).
pub const CHAR_WIDTH: f64 = 7.0;
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 44.0;
const PAD: f64 = 12.0;
const HEADER: f64 = 26.0;
const GROUP_LABEL: f64 = 18.0;
/// The room a long edge takes where it passes a rank.
const DUMMY_WIDTH: f64 = 14.0;

/// Text width of a label.
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// Width of an edge's label (10 px text on a padded background).
pub fn label_width(text: &str) -> f64 {
    text_width(text) * 0.85 + 8.0
}

/// A node's own size (without what a Parallel or Map holds).
fn own_size(g: &Graph, i: usize) -> (f64, f64) {
    let node = &g.nodes[i];
    let text = text_width(&node.name).max(node.retry.as_deref().map_or(0.0, text_width));
    let lines = if node.retry.is_some() { 2.0 } else { 1.0 };
    match node.kind {
        NodeKind::Start | NodeKind::End => (22.0, 22.0),
        NodeKind::State(StateType::Choice) => ((text * 1.3 + 40.0).max(90.0), 34.0 + 16.0 * lines),
        NodeKind::State(StateType::Wait) => ((text + 44.0).max(80.0), 18.0 + 16.0 * lines),
        NodeKind::State(_) => ((text + 24.0).max(80.0), 18.0 + 16.0 * lines),
    }
}

/// Lays out `g`.
pub fn layout(g: &Graph) -> Layout {
    let n = g.nodes.len();
    let containers = g.groups.len() + 1;
    // Container of each node: 0 the top level, 1 + group.
    let container = |i: usize| g.nodes[i].group.map_or(0, |gr| gr + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); containers];
    for i in 0..n {
        members[container(i)].push(i);
    }
    // Edges inside each container (transitions never leave a block).
    let mut inner: Vec<Vec<usize>> = vec![Vec::new(); containers];
    for (k, e) in g.edges.iter().enumerate() {
        if e.kind != EdgeKind::Branch && container(e.from) == container(e.to) {
            inner[container(e.from)].push(k);
        }
    }
    let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (gi, group) in g.groups.iter().enumerate() {
        groups_of[group.owner].push(gi);
    }
    let mut size: Vec<(f64, f64)> = (0..n).map(|i| own_size(g, i)).collect();
    let mut label_room = vec![0.0f64; n];
    for e in &g.edges {
        if let Some(label) = &e.label {
            label_room[e.to] = label_room[e.to].max(label_width(label));
        }
    }
    let mut local: Vec<(f64, f64)> = vec![(0.0, 0.0); n];
    let mut rank: Vec<usize> = vec![0; n];
    let mut container_size: Vec<(f64, f64)> = vec![(0.0, 0.0); containers];
    // Where long edges join their trunk, and the trunks, relative to their
    // container until placed.
    let mut bends: Vec<Vec<(f64, f64)>> = vec![Vec::new(); g.edges.len()];
    let mut trunks: Vec<Vec<PlacedTrunk>> = vec![Vec::new(); containers];
    let mut edge_container: Vec<usize> = vec![0; g.edges.len()];
    for (c, list) in inner.iter().enumerate() {
        for &k in list {
            edge_container[k] = c;
        }
    }
    // Children before parents: groups are listed parents first.
    for c in (0..containers).rev() {
        // The owners in this container take the size of their groups first:
        // their groups are deeper, so already laid out.
        for &i in &members[c] {
            if groups_of[i].is_empty() {
                continue;
            }
            let inner_w: f64 = groups_of[i]
                .iter()
                .map(|&gi| container_size[gi + 1].0)
                .sum::<f64>()
                + GAP_X * (groups_of[i].len() as f64 - 1.0);
            let inner_h = groups_of[i]
                .iter()
                .map(|&gi| container_size[gi + 1].1)
                .fold(0.0, f64::max);
            size[i].0 = size[i].0.max(inner_w + 2.0 * PAD);
            size[i].1 = HEADER + inner_h + PAD;
        }
        let entry = if c == 0 {
            Some(0)
        } else {
            g.edges
                .iter()
                .find(|e| e.kind == EdgeKind::Branch && g.nodes[e.to].group == Some(c - 1))
                .map(|e| e.to)
        };
        // Each node takes the room of the labels of the edges that reach it:
        // a label sits above its target, so labels never overlap.
        let slot: Vec<(f64, f64)> = size
            .iter()
            .enumerate()
            .map(|(i, &(w, h))| (w.max(label_room[i]), h))
            .collect();
        container_size[c] = place(
            g,
            &members[c],
            &inner[c],
            entry,
            &slot,
            &mut local,
            &mut rank,
            &mut bends,
            &mut trunks[c],
        );
        for &i in &members[c] {
            local[i].0 += (slot[i].0 - size[i].0) / 2.0;
        }
        if c > 0 {
            container_size[c].1 += GROUP_LABEL;
            let label_w = text_width(&g.groups[c - 1].label) * 0.85 + 2.0 * PAD;
            container_size[c].0 = container_size[c].0.max(label_w);
        }
    }
    // Absolute positions, parents first.
    let mut out = Layout {
        width: container_size[0].0,
        height: container_size[0].1,
        nodes: vec![Rect::default(); n],
        groups: vec![Rect::default(); g.groups.len()],
        edges: Vec::with_capacity(g.edges.len()),
        trunks: Vec::new(),
    };
    let mut origin: Vec<(f64, f64)> = vec![(0.0, 0.0); containers];
    // Where each container's local coordinates start.
    let mut shift_of = vec![(0.0, 0.0); containers];
    for c in 0..containers {
        if c > 0 {
            let group = c - 1;
            let owner = out.nodes[g.groups[group].owner];
            // The owner's groups side by side, centred under its header.
            let siblings = &groups_of[g.groups[group].owner];
            let total: f64 = siblings
                .iter()
                .map(|&gi| container_size[gi + 1].0)
                .sum::<f64>()
                + GAP_X * (siblings.len() as f64 - 1.0);
            let mut x = owner.x + (owner.w - total) / 2.0;
            for &gi in siblings {
                if gi == group {
                    break;
                }
                x += container_size[gi + 1].0 + GAP_X;
            }
            let y = owner.y + HEADER;
            out.groups[group] = Rect {
                x,
                y,
                w: container_size[c].0,
                h: container_size[c].1,
            };
            origin[c] = (x, y + GROUP_LABEL);
        }
        let (ox, oy) = origin[c];
        // The container's content is centred in its box.
        let shift = if c > 0 {
            (container_size[c].0 - content_width(&members[c], &local, &size)) / 2.0
        } else {
            0.0
        };
        shift_of[c] = (ox + shift, oy);
        for &i in &members[c] {
            out.nodes[i] = Rect {
                x: ox + shift + local[i].0,
                y: oy + local[i].1,
                w: size[i].0,
                h: size[i].1,
            };
        }
    }
    // Labels above one target are stacked; the edges joining a trunk show
    // their labels once each on the trunk.
    let mut labels_at = vec![0usize; n];
    let mut stack_label = |to: usize| {
        labels_at[to] += 1;
        (labels_at[to] - 1) as f64 * 15.0
    };
    let mut on_trunk = vec![false; g.edges.len()];
    for (c, list) in trunks.iter().enumerate() {
        let (sx, sy) = shift_of[c];
        for (target, points, members) in list {
            let b = out.nodes[*target];
            let mut points: Vec<(f64, f64)> =
                points.iter().map(|&(x, y)| (x + sx, y + sy)).collect();
            points.push(b.top());
            let label_at = members
                .iter()
                .any(|&k| g.edges[k].label.is_some())
                .then(|| {
                    let (x, y) = label_point(&points);
                    (x, y - stack_label(*target))
                });
            for &k in members {
                on_trunk[k] = true;
            }
            out.trunks.push(Trunk {
                path: EdgePath {
                    d: curve(&points),
                    label_at,
                    arrow: true,
                },
                edges: members.clone(),
            });
        }
    }
    for (k, e) in g.edges.iter().enumerate() {
        if e.kind == EdgeKind::Branch {
            out.edges.push(None);
            continue;
        }
        let a = out.nodes[e.from];
        let b = out.nodes[e.to];
        out.edges.push(Some(if rank[e.to] > rank[e.from] {
            let (sx, sy) = shift_of[edge_container[k]];
            let mut points = vec![a.bottom()];
            points.extend(bends[k].iter().map(|&(x, y)| (x + sx, y + sy)));
            if !on_trunk[k] {
                points.push(b.top());
            }
            let label_at = (e.label.is_some() && !on_trunk[k]).then(|| {
                let (x, y) = label_point(&points);
                (x, y - stack_label(e.to))
            });
            EdgePath {
                d: curve(&points),
                label_at,
                arrow: !on_trunk[k],
            }
        } else {
            // A loop back (or a self loop): around the right side.
            let (x1, y1) = a.right();
            let (x2, y2) = b.right();
            let out_x = x1.max(x2) + 36.0;
            EdgePath {
                d: format!(
                    "M{x1:.1} {y1:.1} C{out_x:.1} {y1:.1} {out_x:.1} {y2:.1} {x2:.1} {y2:.1}"
                ),
                label_at: e.label.is_some().then_some((out_x - 6.0, (y1 + y2) / 2.0)),
                arrow: true,
            }
        }));
    }
    // Loops drawn around the right side need room there.
    out.width += 48.0;
    out
}

/// A smooth path through `points`, leaving and reaching each vertically.
fn curve(points: &[(f64, f64)]) -> String {
    let mut d = format!("M{:.1} {:.1}", points[0].0, points[0].1);
    for w in points.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        let mid = (y1 + y2) / 2.0;
        d.push_str(&format!(
            " C{x1:.1} {mid:.1} {x2:.1} {mid:.1} {x2:.1} {y2:.1}"
        ));
    }
    d
}

/// Where a label goes: 80% down the last leg of a path, above its target.
fn label_point(points: &[(f64, f64)]) -> (f64, f64) {
    let ((x1, y1), (x2, y2)) = (points[points.len() - 2], points[points.len() - 1]);
    let t = 0.8;
    let mid = (y1 + y2) / 2.0;
    let u = 1.0 - t;
    let x = u * u * u * x1 + 3.0 * u * u * t * x1 + 3.0 * u * t * t * x2 + t * t * t * x2;
    let y = u * u * u * y1 + 3.0 * u * u * t * mid + 3.0 * u * t * t * mid + t * t * t * y2;
    (x, y)
}

fn content_width(members: &[usize], local: &[(f64, f64)], size: &[(f64, f64)]) -> f64 {
    members
        .iter()
        .map(|&i| local[i].0 + size[i].0)
        .fold(0.0, f64::max)
}

/// Ranks and orders the nodes of one container; writes their positions
/// relative to it, where its long edges join their trunk (`bends`, by
/// edge) and the trunks' points (`trunks`: target, points, edges); returns
/// its size. A trunk passes a point in each rank between (a "dummy" vertex
/// that takes part in the ordering), so that it goes around the nodes
/// rather than through them.
#[allow(clippy::too_many_arguments)]
fn place(
    g: &Graph,
    members: &[usize],
    edges: &[usize],
    entry: Option<usize>,
    size: &[(f64, f64)],
    local: &mut [(f64, f64)],
    rank: &mut [usize],
    bends: &mut [Vec<(f64, f64)>],
    trunks: &mut Vec<PlacedTrunk>,
) -> (f64, f64) {
    use std::collections::HashMap;
    if members.is_empty() {
        return (0.0, 0.0);
    }
    // Out-edges per member, in the definition's order.
    let mut out_edges: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    for &k in edges {
        out_edges
            .entry(g.edges[k].from)
            .or_default()
            .push((g.edges[k].to, k));
    }
    // Depth-first from the entry, then from whatever is left: an edge to a
    // node on the stack closes a loop and does not count for the ranks.
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state: HashMap<usize, u8> = HashMap::with_capacity(members.len());
    let mut forward: Vec<(usize, usize, usize)> = Vec::new();
    let mut discovery: Vec<usize> = Vec::with_capacity(members.len());
    let roots = entry.into_iter().chain(members.iter().copied());
    for root in roots {
        if state.get(&root).copied().unwrap_or(NEW) != NEW {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state.insert(root, OPEN);
        discovery.push(root);
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            let targets = out_edges.get(&v).map_or(&[][..], Vec::as_slice);
            if next < targets.len() {
                let (w, k) = targets[next];
                top.1 += 1;
                match state.get(&w).copied().unwrap_or(NEW) {
                    NEW => {
                        forward.push((v, w, k));
                        state.insert(w, OPEN);
                        discovery.push(w);
                        stack.push((w, 0));
                    }
                    DONE => forward.push((v, w, k)),
                    _ => {} // a loop back
                }
            } else {
                state.insert(v, DONE);
                stack.pop();
            }
        }
    }
    // Longest path over the forward edges, in topological order.
    let mut indegree: HashMap<usize, usize> = HashMap::new();
    let mut succ: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, b, _) in &forward {
        *indegree.entry(b).or_default() += 1;
        succ.entry(a).or_default().push(b);
    }
    for &m in members {
        rank[m] = 0;
    }
    let mut queue: std::collections::VecDeque<usize> = discovery
        .iter()
        .copied()
        .filter(|m| indegree.get(m).copied().unwrap_or(0) == 0)
        .collect();
    while let Some(v) = queue.pop_front() {
        for &w in succ.get(&v).map_or(&[][..], Vec::as_slice) {
            rank[w] = rank[w].max(rank[v] + 1);
            let d = indegree.get_mut(&w).expect("counted");
            *d -= 1;
            if *d == 0 {
                queue.push_back(w);
            }
        }
    }
    // The end marker goes below everything.
    if members.contains(&1) {
        let last = members
            .iter()
            .filter(|&&m| m != 1)
            .map(|&m| rank[m])
            .max()
            .unwrap_or(0);
        rank[1] = last + 1;
    }
    let ranks = members.iter().map(|&m| rank[m]).max().unwrap_or(0) + 1;
    // Vertices: the members, then the points where long edges pass the
    // ranks between. The long edges to one state (of one style) share them:
    // a trunk down to the target that each edge joins at the rank below its
    // source, so that a hundred catchers into one state stay one line.
    let mut vertex: Vec<Option<usize>> = discovery.iter().map(|&v| Some(v)).collect();
    let mut vrank: Vec<usize> = discovery.iter().map(|&v| rank[v]).collect();
    let id_of: HashMap<usize, usize> = discovery.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut vpred: Vec<Vec<usize>> = vec![Vec::new(); vertex.len()];
    let mut vsucc: Vec<Vec<usize>> = vec![Vec::new(); vertex.len()];
    // (target, catch) → the trunk's points by rank
    let mut trunk_points: std::collections::BTreeMap<
        (usize, bool),
        std::collections::BTreeMap<usize, usize>,
    > = std::collections::BTreeMap::new();
    let mut joins: Vec<(usize, usize, (usize, bool))> = Vec::new();
    for &(a, b, k) in &forward {
        let (ia, ib) = (id_of[&a], id_of[&b]);
        if rank[b] == rank[a] + 1 {
            vsucc[ia].push(ib);
            vpred[ib].push(ia);
            continue;
        }
        let key = (b, g.edges[k].kind == EdgeKind::Catch);
        let points = trunk_points.entry(key).or_default();
        for r in rank[a] + 1..rank[b] {
            if points.contains_key(&r) {
                break; // the rest of the trunk is there already
            }
            let d = vertex.len();
            vertex.push(None);
            vrank.push(r);
            vpred.push(Vec::new());
            vsucc.push(Vec::new());
            points.insert(r, d);
        }
        let join = points[&(rank[a] + 1)];
        vsucc[ia].push(join);
        vpred[join].push(ia);
        joins.push((k, join, key));
    }
    // Each trunk's links, top to bottom, then into its target.
    for (&(b, _), points) in &trunk_points {
        let chain: Vec<usize> = points.values().copied().collect();
        for w in chain.windows(2) {
            vsucc[w[0]].push(w[1]);
            vpred[w[1]].push(w[0]);
        }
        if let Some(&last) = chain.last() {
            let ib = id_of[&b];
            vsucc[last].push(ib);
            vpred[ib].push(last);
        }
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for (v, &r) in vrank.iter().enumerate() {
        layers[r].push(v);
    }
    // Barycenter sweeps, down then up, over the edges between adjacent ranks.
    let mut pos = vec![0.0f64; vertex.len()];
    for layer in &layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i as f64;
        }
    }
    for sweep in 0..4 {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (1..ranks).collect()
        } else {
            (0..ranks.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let mut keyed: Vec<(f64, usize)> = layers[r]
                .iter()
                .map(|&v| {
                    let near = if down { &vpred[v] } else { &vsucc[v] };
                    let key = if near.is_empty() {
                        pos[v]
                    } else {
                        near.iter().map(|&u| pos[u]).sum::<f64>() / near.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[r] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in layers[r].iter().enumerate() {
                pos[v] = i as f64;
            }
        }
    }
    // Coordinates: ranks top to bottom, each centred on the widest.
    let vsize = |v: usize| vertex[v].map_or((DUMMY_WIDTH, 0.0), |m| size[m]);
    let widths: Vec<f64> = layers
        .iter()
        .map(|l| l.iter().map(|&v| vsize(v).0).sum::<f64>() + GAP_X * (l.len().max(1) as f64 - 1.0))
        .collect();
    let width = widths.iter().copied().fold(0.0, f64::max);
    let mut vxy = vec![(0.0, 0.0); vertex.len()];
    let mut y = PAD;
    for (r, layer) in layers.iter().enumerate() {
        let height = layer.iter().map(|&v| vsize(v).1).fold(0.0, f64::max);
        let mut x = PAD + (width - widths[r]) / 2.0;
        for &v in layer {
            let (w, h) = vsize(v);
            match vertex[v] {
                Some(m) => local[m] = (x, y + (height - h) / 2.0),
                None => vxy[v] = (x + w / 2.0, y + height / 2.0),
            }
            x += w + GAP_X;
        }
        y += height + GAP_Y;
    }
    for (k, join, _) in &joins {
        bends[*k] = vec![vxy[*join]];
    }
    for (key, points) in trunk_points {
        let members: Vec<usize> = joins.iter().filter(|j| j.2 == key).map(|j| j.0).collect();
        trunks.push((key.0, points.values().map(|&d| vxy[d]).collect(), members));
    }
    (width + 2.0 * PAD, y - GAP_Y + PAD)
}
