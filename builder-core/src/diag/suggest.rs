//! "Did you mean ...?": the closest name by edit distance.

/// The candidate closest to `name`, when one is close enough to be a likely
/// typo: at most one edit for short names, a third of the length for longer
/// ones, and never every character (`B` is no typo of `A`). Ties go to the
/// first candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1).min(len.saturating_sub(1));
    if limit == 0 {
        return None;
    }
    // One set of buffers for all candidates: a machine has thousands.
    let mut scratch = Scratch {
        a: name.chars().collect(),
        ..Scratch::default()
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance_within(name, candidate, bound, &mut scratch) {
            best = Some((d, candidate));
            if d <= 1 {
                break;
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The characters of the name being matched, and reusable rows.
#[derive(Default)]
struct Scratch {
    a: Vec<char>,
    b: Vec<char>,
    before: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Edit distance between `a` and `b` (insertions, deletions, substitutions
/// and swaps of neighbours), or `None` when it exceeds
/// `bound`; a change of case only counts as one edit. Stops early, so a far
/// candidate costs little. `scratch.a` holds the characters of `a`.
fn distance_within(a: &str, b: &str, bound: usize, scratch: &mut Scratch) -> Option<usize> {
    if a.eq_ignore_ascii_case(b) {
        return (bound >= 1).then_some(1);
    }
    // The length test before any copy: most candidates stop here.
    if scratch.a.len().abs_diff(b.chars().count()) > bound {
        return None;
    }
    let Scratch {
        a,
        b: b_chars,
        before,
        prev,
        cur,
    } = scratch;
    b_chars.clear();
    b_chars.extend(b.chars());
    let b = &*b_chars;
    // Optimal string alignment: an adjacent transposition (`tsak`) is one edit.
    before.clear();
    before.resize(b.len() + 1, 0);
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= bound).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let names = ["Restart", "NoMoreUsers", "ProcessUser"];
        assert_eq!(closest("Restrat", names), Some("Restart"));
        assert_eq!(closest("restart", names), Some("Restart"));
        assert_eq!(closest("NoMoreUser", names), Some("NoMoreUsers"));
        assert_eq!(closest("Banana", names), None);
        assert_eq!(closest("", names), None);
        assert_eq!(closest("X", ["Y"]), None);
        assert_eq!(closest("ab", ["ac"]), Some("ac"));
        assert_eq!(closest("tsak", ["task", "pass"]), Some("task"));
        assert_eq!(
            closest("Restart", names),
            None,
            "an exact match is not a suggestion"
        );
    }

    #[test]
    fn prefers_the_nearest() {
        assert_eq!(closest("abcdef", ["abcxyz", "abcdex"]), Some("abcdex"));
    }
}
