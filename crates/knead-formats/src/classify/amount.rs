//! The distance and duration a title states (see the module docs).

use knead_core::model::WorkoutKind;

use super::rules::{PACE_RACES_KM, STRIDES};
use super::tokens::Item;
use super::view::{View, is_amount, neighbour, segments};

/// One amount a segment states.
#[derive(Debug, Clone, Copy)]
enum Amount {
    /// Distance in km; `session` when it is session-sized (not metres).
    Km { km: f64, session: bool },
    /// Minutes.
    Min(f64),
}

/// What a segment contributes.
#[derive(Debug, Clone, Copy)]
enum Part {
    Plain(Amount),
    Repeat(f64, Option<Amount>),
    Times(f64),
}

/// The distance (km) and duration (minutes) a title states; see the module docs.
pub(super) fn amounts(
    items: &[Item],
    kind: WorkoutKind,
    unit_km: f64,
) -> (Option<f64>, Option<f64>) {
    // A stated total wins.
    if let Some(total) =
        paren_total(items, kind, unit_km).or_else(|| stated_total(items, kind, unit_km))
    {
        return match total {
            Amount::Km { km, .. } => (Some(km), None),
            Amount::Min(m) => (None, Some(m)),
        };
    }
    let outside = outside_parens(items);
    let mut parts: Vec<(Part, f64)> = Vec::new(); // (part, multiplier)
    for seg in segments(&outside) {
        if let Some(part) = segment_part(seg, kind, unit_km) {
            if let Part::Times(n) = part {
                for p in parts.iter_mut() {
                    p.1 *= n;
                }
            } else {
                parts.push((part, 1.0));
            }
        }
    }
    let amount_of = |p: &Part| match p {
        Part::Plain(a) => Some(*a),
        Part::Repeat(n, Some(a)) => Some(match a {
            Amount::Km { km, session } => Amount::Km {
                km: km * n,
                session: *session,
            },
            Amount::Min(m) => Amount::Min(m * n),
        }),
        _ => None,
    };
    let session_distance = parts
        .iter()
        .any(|(p, _)| matches!(p, Part::Plain(Amount::Km { session: true, .. })));
    if session_distance {
        let km = parts
            .iter()
            .filter_map(|(p, mult)| match amount_of(p) {
                Some(Amount::Km { km, .. }) => Some(km * mult),
                _ => None,
            })
            .sum();
        return (Some(km).filter(|v: &f64| v.is_finite()), None);
    }
    let plain_time = parts
        .iter()
        .any(|(p, _)| matches!(p, Part::Plain(Amount::Min(_))));
    if plain_time {
        let min = parts
            .iter()
            .filter_map(|(p, mult)| match amount_of(p) {
                Some(Amount::Min(m)) => Some(m * mult),
                _ => None,
            })
            .sum();
        return (None, Some(min).filter(|v: &f64| v.is_finite()));
    }
    (None, None)
}

/// Items outside parentheses and brackets.
fn outside_parens(items: &[Item]) -> Vec<Item> {
    let mut depth = 0usize;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Item::Sym('(' | '[') => depth += 1,
            Item::Sym(')' | ']') => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(item.clone()),
            _ => {}
        }
    }
    out
}

/// `({12})`, `(total 9-13 miles [14-21 km])`: a parenthesised group holding only
/// an amount, or opening with "total".
fn paren_total(items: &[Item], kind: WorkoutKind, unit_km: f64) -> Option<Amount> {
    let mut i = 0;
    while i < items.len() {
        if items[i] == Item::Sym('(') {
            let len = items[i + 1..].iter().position(|x| *x == Item::Sym(')'))?;
            let inner: Vec<&Item> = items[i + 1..i + 1 + len]
                .iter()
                .take_while(|x| **x != Item::Sym('['))
                .filter(|x| !matches!(x, Item::Sym(_)))
                .collect();
            let total = match inner.as_slice() {
                [only] => Some(*only),
                [Item::Word(w), next, ..] if w == "total" => Some(*next),
                _ => None,
            };
            let found = match total {
                Some(Item::Num { value, .. }) => Some(bare(*value, kind, false, unit_km)),
                Some(other) => amount(other),
                None => None,
            };
            if found.is_some() {
                return found;
            }
            i += len + 1;
        }
        i += 1;
    }
    None
}

/// A total stated otherwise than in parentheses: the amount before "consisting
/// of" ("6-8 miles, consisting of: ...") or before "total" ("{5:8.1} total,
/// {2:3.2} pace"); in a title of several lines, a braced distance that ends its
/// line with no amount before it ("Lactate threshold\n{8:13}\n15 min LT
/// interval...", "Race pace {10:16}\n2 sets of ...").
fn stated_total(items: &[Item], kind: WorkoutKind, unit_km: f64) -> Option<Amount> {
    let as_amount = |item: &Item| match item {
        Item::Num { value, .. } => Some(bare(*value, kind, false, unit_km)),
        other => amount(other),
    };
    if let Some(c) = items
        .iter()
        .position(|x| matches!(x, Item::Word(w) if w == "consisting"))
        && let Some(first) = items[..c].iter().find(|x| is_amount(x))
    {
        return as_amount(first);
    }
    for (i, item) in items.iter().enumerate() {
        if is_amount(item)
            && matches!(neighbour(items, i, true), Some(Item::Word(w)) if w == "total")
        {
            return as_amount(item);
        }
    }
    if items.contains(&Item::Sym('\n')) {
        // The lines, without their punctuation.
        let lines: Vec<Vec<&Item>> = items
            .split(|x| *x == Item::Sym('\n'))
            .map(|line| line.iter().filter(|x| !matches!(x, Item::Sym(_))).collect())
            .collect();
        // A line that is nothing but a braced distance.
        if let Some(line) = lines
            .iter()
            .find(|l| matches!(l.as_slice(), [Item::Dist { braced: true, .. }]))
        {
            return amount(line[0]);
        }
        // The first amount of the title, braced and ending its line.
        let first = lines.iter().find(|l| l.iter().any(|x| is_amount(x)))?;
        let at = first.iter().position(|x| is_amount(x))?;
        if at + 1 == first.len() && matches!(first[at], Item::Dist { braced: true, .. }) {
            return amount(first[at]);
        }
    }
    None
}

/// How a number without a unit reads (see the module docs).
fn bare(value: f64, kind: WorkoutKind, next_to_tempo: bool, unit_km: f64) -> Amount {
    if matches!(kind, WorkoutKind::Cross | WorkoutKind::Strength)
        || (next_to_tempo && value >= 20.0)
    {
        Amount::Min(value)
    } else if value >= 100.0 {
        Amount::Km {
            km: value / 1000.0,
            session: false,
        }
    } else if value >= 40.0 {
        Amount::Min(value)
    } else {
        Amount::Km {
            km: value * unit_km,
            session: true,
        }
    }
}

fn amount(item: &Item) -> Option<Amount> {
    match item {
        Item::Dist { km, metres, .. } => Some(Amount::Km {
            km: *km,
            session: !metres,
        }),
        Item::Time { min } => Some(Amount::Min(*min)),
        _ => None,
    }
}

/// The amount one segment states.
fn segment_part(seg: &[Item], kind: WorkoutKind, unit_km: f64) -> Option<Part> {
    // Cut before the details.
    let cut = seg
        .iter()
        .position(|i| match i {
            Item::Sym('@') => true,
            Item::Word(w) => matches!(w.as_str(), "at" | "with" | "in" | "per" | "every"),
            _ => false,
        })
        .unwrap_or(seg.len());
    let seg = &seg[..cut];
    let view = View::new(seg);
    // Strides count for nothing; nor do the recoveries between repeats ("90
    // seconds rest between sets") or a part of the run already counted ("last
    // 2 miles faster than MP").
    if view.has("between") || view.words.first() == Some(&"last") {
        return None;
    }
    // A braced distance before any repeat is the run itself ("speed {10} 8 x
    // 100m strides", "VO2max {10} 6x1200m at 5k pace").
    let braced = seg
        .iter()
        .position(|i| matches!(i, Item::Dist { braced: true, .. }));
    let repeat = seg
        .iter()
        .position(|i| matches!(i, Item::Word(x) if x == "x"));
    if let Some(b) = braced
        && repeat.is_none_or(|r| b < r)
        && let Some(a) = amount(&seg[b])
    {
        return Some(Part::Plain(a));
    }
    if view.has_any(STRIDES) {
        return None;
    }
    // "Repeat 15 times".
    for w in seg.windows(2) {
        if let (Item::Num { value, .. }, Item::Word(t)) = (&w[0], &w[1])
            && t == "times"
        {
            return Some(Part::Times(*value));
        }
    }
    // "N x amount" or "amount x N".
    for (i, w) in seg.windows(2).enumerate() {
        if !matches!(&w[1], Item::Word(x) if x == "x") {
            continue;
        }
        match (&w[0], seg.get(i + 2)) {
            (Item::Num { value: n, .. }, next) => {
                let rep = match next {
                    Some(Item::Num { value, .. }) => Some(bare(*value, kind, false, unit_km)),
                    Some(other) => amount(other),
                    None => None,
                };
                return Some(Part::Repeat(*n, rep));
            }
            (first, Some(Item::Num { value: n, .. })) if amount(first).is_some() => {
                return Some(Part::Repeat(*n, amount(first)));
            }
            _ => {}
        }
    }
    // A plain amount: a braced distance first, then one with a unit, then a bare number.
    if let Some(Item::Dist { km, .. }) = seg
        .iter()
        .find(|i| matches!(i, Item::Dist { braced: true, .. }))
    {
        return Some(Part::Plain(Amount::Km {
            km: *km,
            session: true,
        }));
    }
    // A race distance followed by "pace" or "race pace" names a pace, not an
    // amount ("8 x 400 5K pace"); "5 mi pace" is 5 miles at pace.
    let is_pace_ref = |i: usize| {
        let race = match &seg[i] {
            Item::Dist {
                km, braced: false, ..
            } => PACE_RACES_KM.iter().any(|r| (r - km).abs() < 0.01),
            _ => false,
        };
        if !race {
            return false;
        }
        let mut j = i + 1;
        while let Some(Item::Word(w)) = seg.get(j) {
            match w.as_str() {
                "race" | "goal" => j += 1,
                "pace" | "paced" | "effort" => return true,
                _ => return false,
            }
        }
        false
    };
    for (i, item) in seg.iter().enumerate() {
        if let Some(a) = amount(item)
            && !is_pace_ref(i)
        {
            return Some(Part::Plain(a));
        }
    }
    for (i, item) in seg.iter().enumerate() {
        if let Item::Num { value, .. } = item {
            let prev = i.checked_sub(1).and_then(|p| seg.get(p));
            let next = seg.get(i + 1);
            if matches!(prev, Some(Item::Word(w)) if matches!(w.as_str(), "week" | "day" | "of"))
                || matches!(next, Some(Item::Word(w)) if matches!(w.as_str(), "sets" | "set"))
                || is_pace_ref(i)
            {
                continue;
            }
            let near_tempo = [prev, next]
                .iter()
                .any(|n| matches!(n, Some(Item::Word(w)) if w == "tempo"));
            return Some(Part::Plain(bare(*value, kind, near_tempo, unit_km)));
        }
    }
    None
}
