//! Seeded mutations of JSON documents, for the fuzz tests of the readers.

use builder_core::Json;
use seeded_rng::Rng;

/// Changes one random node of `value`.
/// `random(rng, depth)` makes a new subtree.
pub fn mutate(
    value: &mut Json,
    rng: &mut Rng,
    keys: &[&'static str],
    random: impl Fn(&mut Rng, usize) -> Json,
) {
    let mut node = value;
    loop {
        let children = match node {
            Json::Object(pairs) if !pairs.is_empty() => pairs.len(),
            Json::Array(items) if !items.is_empty() => items.len(),
            _ => 0,
        };
        if children == 0 || rng.below(4) == 0 {
            break;
        }
        let i = rng.below(children);
        node = match node {
            Json::Object(pairs) => &mut pairs[i].1,
            Json::Array(items) => &mut items[i],
            _ => unreachable!(),
        };
    }
    match (rng.below(6), &mut *node) {
        (0, Json::Object(pairs)) if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            pairs.remove(i);
        }
        (1, Json::Object(pairs)) if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            pairs[i].0 = (*rng.pick(keys)).to_owned();
        }
        (2, Json::Object(pairs)) => pairs.push(((*rng.pick(keys)).to_owned(), random(rng, 3))),
        (3, Json::Object(pairs)) if !pairs.is_empty() => {
            let i = rng.below(pairs.len());
            let copy = pairs[i].clone();
            pairs.push(copy);
        }
        (4, _) => *node = Json::Array(vec![node.clone()]),
        _ => *node = random(rng, 2),
    }
}
