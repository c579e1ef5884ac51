//! JSONPath evaluated on the parse trees of [`crate::expr::path`]: what a
//! path selects in a state's data, the context object or a variable, and
//! where a `ResultPath` puts a result.
//!
//! Step Functions evaluates paths with Jayway JsonPath: a path that can only
//! select one node (`.a`, `['a']`, `[0]`) gives that node, or nothing; any
//! other (wildcards, slices, unions, filters, `..`) gives the list of the
//! nodes it selects, possibly empty (developer guide, "Paths in Amazon
//! States Language": "Paths that select multiple nodes return an array").

use crate::expr::path::{CompareOp, Filter, Literal, Path, RelativePath, Root, Step};
use crate::json::Json;

/// What a path reads besides the state's data.
pub struct Scope<'a> {
    /// `$$`: the context object.
    pub context: &'a Json,
    /// `$name`: the variables in scope.
    pub variable: &'a dyn Fn(&str) -> Option<Json>,
}

/// The value `path` selects from `data` (`$`), the context object (`$$`) or
/// a variable (`$name`); `None` when a single-node path selects nothing.
pub fn select(path: &Path, data: &Json, scope: &Scope<'_>) -> Option<Json> {
    let owned;
    let root: &Json = match &path.root {
        Root::Input => data,
        Root::Context => scope.context,
        Root::Variable { name, .. } => {
            owned = (scope.variable)(name)?;
            &owned
        }
    };
    if path.is_single_node() {
        return single(root, &path.steps).cloned();
    }
    let mut nodes = vec![root];
    for step in &path.steps {
        nodes = apply(step, &nodes);
    }
    Some(Json::Array(nodes.into_iter().cloned().collect()))
}

/// The node at a path of `.name` and `[n]` steps.
fn single<'a>(root: &'a Json, steps: &[Step]) -> Option<&'a Json> {
    let mut node = root;
    for step in steps {
        node = match (step, node) {
            (Step::Field { name, .. }, Json::Object(pairs)) => {
                &pairs.iter().find(|(k, _)| k == name)?.1
            }
            (Step::Index { index, .. }, Json::Array(items)) => {
                items.get(usize::try_from(*index).ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// The nodes one step selects from each of `nodes`, in order.
fn apply<'a>(step: &Step, nodes: &[&'a Json]) -> Vec<&'a Json> {
    let mut out = Vec::new();
    for &node in nodes {
        apply_one(step, node, &mut out);
    }
    out
}

fn apply_one<'a>(step: &Step, node: &'a Json, out: &mut Vec<&'a Json>) {
    match step {
        Step::Field { name, .. } => {
            if let Json::Object(pairs) = node {
                out.extend(pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v));
            }
        }
        Step::Wildcard { .. } => children(node, out),
        Step::Descendant { step, .. } => {
            // The step at this node and at every node below it, depth first.
            let mut stack = vec![node];
            while let Some(n) = stack.pop() {
                apply_one(step, n, out);
                let mut below = Vec::new();
                children(n, &mut below);
                stack.extend(below.into_iter().rev());
            }
        }
        Step::Index { index, .. } => {
            if let Json::Array(items) = node {
                if let Some(item) = index_of(*index, items.len()).and_then(|i| items.get(i)) {
                    out.push(item);
                }
            }
        }
        Step::IndexUnion { indexes, .. } => {
            if let Json::Array(items) = node {
                for &index in indexes {
                    if let Some(item) = index_of(index, items.len()).and_then(|i| items.get(i)) {
                        out.push(item);
                    }
                }
            }
        }
        Step::NameUnion { names, .. } => {
            if let Json::Object(pairs) = node {
                for name in names {
                    if let Some((_, v)) = pairs.iter().find(|(k, _)| k == name) {
                        out.push(v);
                    }
                }
            }
        }
        Step::Slice { start, end, .. } => {
            if let Json::Array(items) = node {
                let len = items.len() as i64;
                let bound = |b: i64| if b < 0 { (len + b).max(0) } else { b.min(len) };
                let from = start.map_or(0, bound);
                let to = end.map_or(len, bound);
                if from < to {
                    out.extend(&items[from as usize..to as usize]);
                }
            }
        }
        Step::LengthMinus { n, .. } => {
            if let Json::Array(items) = node {
                if let Some(item) = index_of(-n, items.len()).and_then(|i| items.get(i)) {
                    out.push(item);
                }
            }
        }
        Step::Filter { filter, .. } => {
            // On an array: its items that pass; on an object: its values.
            let mut candidates = Vec::new();
            children(node, &mut candidates);
            out.extend(candidates.into_iter().filter(|c| passes(filter, c)));
        }
    }
}

/// An index counted from the end when negative.
fn index_of(index: i64, len: usize) -> Option<usize> {
    if index < 0 {
        usize::try_from(len as i64 + index).ok()
    } else {
        usize::try_from(index).ok()
    }
}

fn children<'a>(node: &'a Json, out: &mut Vec<&'a Json>) {
    match node {
        Json::Array(items) => out.extend(items),
        Json::Object(pairs) => out.extend(pairs.iter().map(|(_, v)| v)),
        _ => {}
    }
}

fn relative<'a>(item: &'a Json, path: &RelativePath) -> Option<&'a Json> {
    let mut nodes = vec![item];
    for step in &path.steps {
        nodes = apply(step, &nodes);
    }
    (nodes.len() == 1).then(|| nodes[0])
}

fn passes(filter: &Filter, item: &Json) -> bool {
    match filter {
        Filter::Or { operands, .. } => operands.iter().any(|f| passes(f, item)),
        Filter::And { operands, .. } => operands.iter().all(|f| passes(f, item)),
        Filter::Not { path, .. } => relative(item, path).is_none(),
        Filter::Exists(path) => relative(item, path).is_some(),
        Filter::Compare {
            left, op, right, ..
        } => {
            let Some(value) = relative(item, left) else {
                return false;
            };
            let ordering = match (value, right) {
                (Json::Number(a), Literal::Number(b)) => a.as_f64().partial_cmp(b),
                (Json::String(a), Literal::String(b)) => Some(a.as_str().cmp(b.as_str())),
                (Json::Bool(a), Literal::Bool(b)) => {
                    return match op {
                        CompareOp::Eq => a == b,
                        CompareOp::Ne => a != b,
                        _ => false,
                    }
                }
                (Json::Null, Literal::Null) => {
                    return matches!(op, CompareOp::Eq | CompareOp::Le | CompareOp::Ge)
                }
                _ => return *op == CompareOp::Ne,
            };
            let Some(ordering) = ordering else {
                return false;
            };
            match op {
                CompareOp::Eq => ordering.is_eq(),
                CompareOp::Ne => !ordering.is_eq(),
                CompareOp::Lt => ordering.is_lt(),
                CompareOp::Le => ordering.is_le(),
                CompareOp::Gt => ordering.is_gt(),
                CompareOp::Ge => ordering.is_ge(),
            }
        }
    }
}

/// `data` with `value` put where the reference path `path` points (the
/// `ResultPath` of a state), creating the objects on the way. `Err`: a step
/// meets a value that is not an object (or an array for `[n]`) — AWS's
/// `States.ResultPathMatchFailure`.
pub fn put(data: &Json, path: &Path, value: Json) -> Result<Json, String> {
    if path.steps.is_empty() {
        return Ok(value);
    }
    let mut out = data.clone();
    let mut node = &mut out;
    for (i, step) in path.steps.iter().enumerate() {
        let last = i + 1 == path.steps.len();
        node = match (step, node) {
            (Step::Field { name, .. }, Json::Object(pairs)) => {
                let at = match pairs.iter().position(|(k, _)| k == name) {
                    Some(at) => at,
                    None => {
                        pairs.push((name.clone(), Json::Object(Vec::new())));
                        pairs.len() - 1
                    }
                };
                if last {
                    pairs[at].1 = value;
                    return Ok(out);
                }
                &mut pairs[at].1
            }
            (Step::Index { index, .. }, Json::Array(items)) => {
                let Some(at) = usize::try_from(*index).ok().filter(|&at| at < items.len()) else {
                    return Err(format!("index {index} is outside the array"));
                };
                if last {
                    items[at] = value;
                    return Ok(out);
                }
                &mut items[at]
            }
            (step, other) => {
                return Err(format!(
                    "the path reaches {} where `{}` needs {}",
                    other.kind_name(),
                    step_text(step),
                    if matches!(step, Step::Index { .. }) {
                        "an array"
                    } else {
                        "an object"
                    }
                ))
            }
        };
    }
    Ok(out)
}

fn step_text(step: &Step) -> String {
    match step {
        Step::Field { name, .. } => format!(".{name}"),
        Step::Index { index, .. } => format!("[{index}]"),
        _ => "step".into(),
    }
}
