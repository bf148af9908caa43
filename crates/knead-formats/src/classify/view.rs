//! Views of a title for the pattern tests, and the cuts that make them: the
//! first alternative, the head before "with", the name before a colon, segments.

use std::borrow::Cow;

use super::tokens::Item;

/// A slice of a title with its words, for the pattern tests.
pub(super) struct View<'a> {
    pub(super) items: &'a [Item],
    pub(super) words: Vec<&'a str>,
}

impl<'a> View<'a> {
    pub(super) fn new(items: &'a [Item]) -> View<'a> {
        let words = items
            .iter()
            .filter_map(|i| match i {
                Item::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        View { items, words }
    }

    pub(super) fn has(&self, word: &str) -> bool {
        self.words.contains(&word)
    }

    pub(super) fn has_any(&self, words: &[&str]) -> bool {
        self.words.iter().any(|w| words.contains(w))
    }

    /// Consecutive words (punctuation and numbers between them are skipped).
    pub(super) fn phrase(&self, p: &[&str]) -> bool {
        self.words.windows(p.len()).any(|w| w == p)
    }

    pub(super) fn starts_with(&self, p: &[&str]) -> bool {
        self.words.starts_with(p)
    }
}

/// Whether an item states an amount (a number, distance or duration).
pub(super) fn is_amount(item: &Item) -> bool {
    matches!(
        item,
        Item::Num { .. } | Item::Dist { .. } | Item::Time { .. }
    )
}

/// The nearest item before `i` (after it, when `forward`) that is not punctuation.
pub(super) fn neighbour(items: &[Item], i: usize, forward: bool) -> Option<&Item> {
    if forward {
        items[i + 1..].iter().find(|x| !matches!(x, Item::Sym(_)))
    } else {
        items[..i].iter().rev().find(|x| !matches!(x, Item::Sym(_)))
    }
}

/// The items before a lone "or" (the first alternative). An "or" between two
/// amounts ("15k or 10-mile goal race") joins distances, not sessions.
pub(super) fn first_alternative(items: &[Item]) -> &[Item] {
    let split = items.iter().enumerate().position(|(i, x)| {
        matches!(x, Item::Word(w) if w == "or")
            && !(neighbour(items, i, false).is_some_and(is_amount)
                && neighbour(items, i, true).is_some_and(is_amount))
    });
    match split {
        Some(0) | None => items,
        Some(p) => &items[..p],
    }
}

/// The main session: each line cut before "with" (or "w/", "w."), without a
/// parenthesised note that ends the title ("{8} run (3/4 easy, last 1/4
/// pace)"; not a group of repeats, "5 × (1 km at 103% MP, ...)").
pub(super) fn before_with(items: &[Item]) -> Cow<'_, [Item]> {
    let mut head: Vec<Item> = Vec::with_capacity(items.len());
    let mut skipping = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Word(w) if w == "with" && i > 0 => skipping = true,
            Item::Sym('\n') => skipping = false,
            _ => {}
        }
        if !skipping {
            head.push(item.clone());
        }
    }
    if head.last() == Some(&Item::Sym(')'))
        && let Some(open) = head.iter().rposition(|x| *x == Item::Sym('('))
        && open > 0
        && !matches!(&head[open - 1], Item::Word(w) if w == "x" || w == "of")
        && !head[open..]
            .iter()
            .any(|x| matches!(x, Item::Dist { braced: true, .. }))
    {
        head.truncate(open);
    }
    if head.len() == items.len() {
        Cow::Borrowed(items)
    } else {
        Cow::Owned(head)
    }
}

/// The session's name, when the title opens with one and a colon
/// ("Tempo run: {2} WU; ...", "Intervals: ...").
pub(super) fn name(items: &[Item]) -> Option<&[Item]> {
    let colon = items.iter().position(|x| *x == Item::Sym(':'))?;
    let name = &items[..colon];
    name.iter()
        .any(|x| matches!(x, Item::Word(_)))
        .then_some(name)
}

/// Splits items into segments at `,` `;` `+` `.` `/`, line breaks, "then" and "and".
/// A slash between two amounts ("8 / 12 sec hill sprints") does not split.
pub(super) fn segments(items: &[Item]) -> Vec<&[Item]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, item) in items.iter().enumerate() {
        let split = match item {
            Item::Sym('/') => {
                !(i > 0 && is_amount(&items[i - 1]) && items.get(i + 1).is_some_and(is_amount))
            }
            Item::Sym(c) => matches!(c, ',' | ';' | '+' | '.' | '!' | '&' | '\n'),
            Item::Word(w) => w == "then" || w == "and",
            _ => false,
        };
        if split {
            if i > start {
                out.push(&items[start..i]);
            }
            start = i + 1;
        }
    }
    if items.len() > start {
        out.push(&items[start..]);
    }
    out
}
