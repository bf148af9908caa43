//! Cutting a title into items: words, numbers, quantities with their units,
//! `{a:b}` distances, percentages and punctuation.

use knead_core::model::distance::MILE_KM;

/// A piece of a title.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Item {
    /// A lower-case word; "w/" and "w." become "with", "×" becomes "x", and a
    /// few misspellings seen in published plans are corrected ("rocovery").
    Word(String),
    /// A number with no unit, with the text it was written as.
    Num { value: f64, text: String },
    /// A distance in km; `braced` when written `{a:b}`.
    Dist { km: f64, braced: bool, metres: bool },
    /// A duration in minutes.
    Time { min: f64 },
    /// A percentage ("85%", "90–92%": the upper value), an effort or a share.
    Pct(f64),
    /// Punctuation; a line break is `'\n'`.
    Sym(char),
}

/// A distance between braces: the plan-unit value (or range) and the other unit's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Brace {
    /// Low and high value in the plan's units (equal unless a range).
    pub(crate) plan: (f64, f64),
    /// The same in the other unit, when given.
    pub(crate) other: Option<(f64, f64)>,
}

/// Parses the inside of `{...}`: `a`, `a:b`, `a-b` or `a-b:c-d`.
pub(crate) fn parse_brace(content: &str) -> Option<Brace> {
    fn range(s: &str) -> Option<(f64, f64)> {
        let mut parts = s.trim().splitn(2, '-');
        let lo = number(parts.next()?)?;
        let hi = match parts.next() {
            Some(h) => number(h)?,
            None => lo,
        };
        Some((lo, hi))
    }
    fn number(s: &str) -> Option<f64> {
        let s = s.trim();
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        s.parse::<f64>().ok().filter(|v| v.is_finite())
    }
    let mut parts = content.splitn(2, ':');
    let plan = range(parts.next()?)?;
    let other = match parts.next() {
        Some(o) => Some(range(o)?),
        None => None,
    };
    Some(Brace { plan, other })
}

/// Raw tokens, before units are attached.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(f64, String),
    Brace(Brace),
    Sym(char),
}

fn normalise(title: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        match c {
            '₂' => out.push('2'),
            '×' | '✕' => out.extend([' ', 'x', ' ']),
            '–' | '—' | '‑' => out.push('-'),
            '’' | '‘' => out.push('\''),
            // Combining marks: "V̇O₂max" is "vo2max".
            '\u{300}'..='\u{36f}' => {}
            _ => out.push(c),
        }
    }
    // "4x400", "6x{1}": separate the repeat sign from the numbers around it.
    let mut spaced = Vec::with_capacity(out.len());
    for (i, &c) in out.iter().enumerate() {
        let prev_digit = i > 0 && out[i - 1].is_ascii_digit();
        let next_ok = out
            .get(i + 1)
            .is_some_and(|n| n.is_ascii_digit() || *n == '{' || *n == '(');
        if c == 'x' && prev_digit && next_ok {
            spaced.extend([' ', 'x', ' ']);
        } else {
            spaced.push(c);
        }
    }
    spaced
}

/// Misspellings and variants seen in published plans, as the word they mean.
fn canonical(word: String) -> String {
    match word.as_str() {
        "rocovery" | "recovey" | "recovry" | "reocvery" => "recovery".to_string(),
        "v02max" => "vo2max".to_string(),
        _ => word,
    }
}

fn tokens(chars: &[char], out: &mut Vec<Tok>) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') {
                let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                match parse_brace(&inner) {
                    Some(b) => out.push(Tok::Brace(b)),
                    None => tokens(&chars[i + 1..i + 1 + len], out),
                }
                i += len + 2;
                continue;
            }
            out.push(Tok::Sym(c));
            i += 1;
        } else if c.is_ascii_digit() {
            let mut text = String::new();
            let mut j = i;
            while j < chars.len() {
                let d = chars[j];
                let next_digit = chars.get(j + 1).is_some_and(char::is_ascii_digit);
                if d.is_ascii_digit() || (d == '.' && next_digit && !text.contains('.')) {
                    text.push(d);
                } else if d == ','
                    && !text.contains('.')
                    && chars.len() > j + 3
                    && chars[j + 1..j + 4].iter().all(char::is_ascii_digit)
                    && !chars.get(j + 4).is_some_and(char::is_ascii_digit)
                {
                    // Thousands separator: "1,600 m".
                } else {
                    break;
                }
                j += 1;
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() => out.push(Tok::Num(v, text)),
                _ => out.push(Tok::Sym('#')),
            }
            i = j;
        } else if c.is_alphanumeric() {
            let mut word = String::new();
            let mut j = i;
            while j < chars.len() && chars[j].is_alphanumeric() {
                word.push(chars[j]);
                j += 1;
            }
            if word == "w" && matches!(chars.get(j), Some('/' | '.')) {
                out.push(Tok::Word("with".to_string()));
                j += 1;
            } else {
                out.push(Tok::Word(canonical(word)));
            }
            i = j;
        } else {
            if c == '\n' || !c.is_whitespace() {
                out.push(Tok::Sym(c));
            }
            i += 1;
        }
    }
}

/// A unit: km per unit, or minutes per unit.
#[derive(Clone, Copy)]
enum Unit {
    Km(f64),
    Min(f64),
}

fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "m" | "meter" | "meters" | "metre" | "metres" => Unit::Km(0.001),
        "k" | "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => {
            Unit::Km(1.0)
        }
        "mi" | "mile" | "miles" | "mls" => Unit::Km(MILE_KM),
        "min" | "mins" | "minute" | "minutes" => Unit::Min(1.0),
        "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Min(60.0),
        "s" | "sec" | "secs" | "second" | "seconds" => Unit::Min(1.0 / 60.0),
        _ => return None,
    })
}

fn with_unit(value: f64, u: Unit) -> Item {
    match u {
        Unit::Km(f) => Item::Dist {
            km: value * f,
            braced: false,
            metres: f < 1.0,
        },
        Unit::Min(f) => Item::Time { min: value * f },
    }
}

/// One element of a run of numbers joined by dashes ("2-3 mile", "{4}-{6}",
/// "8k - 15k", "3-2-2-1 km").
#[derive(Clone, Copy)]
struct Elem {
    /// The value (the upper one of a braced range), in its unit or the plan's.
    value: f64,
    /// The unit written right after it ("8k").
    unit: Option<Unit>,
    /// Written `{a:b}`: in the plan's units.
    braced: bool,
}

pub(super) fn lex(title: &str, unit_km: f64) -> Vec<Item> {
    let mut toks = Vec::new();
    tokens(&normalise(title), &mut toks);
    let word_unit = |t: Option<&Tok>| match t {
        Some(Tok::Word(w)) => unit(w),
        _ => None,
    };
    let is_dash = |t: Option<&Tok>| matches!(t, Some(Tok::Sym('-')));
    // The element at `j`, and where it ends.
    let elem = |j: usize| -> Option<(Elem, usize)> {
        match toks.get(j)? {
            Tok::Num(v, _) => {
                let u = word_unit(toks.get(j + 1));
                Some((
                    Elem {
                        value: *v,
                        unit: u,
                        braced: false,
                    },
                    j + 1 + usize::from(u.is_some()),
                ))
            }
            Tok::Brace(b) => Some((
                Elem {
                    value: b.plan.0.max(b.plan.1),
                    unit: None,
                    braced: true,
                },
                j + 1,
            )),
            _ => None,
        }
    };
    let mut items = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        // A run of numbers joined by dashes: a range (two) or a sequence (more).
        if matches!(toks[i], Tok::Num(..) | Tok::Brace(_))
            && let Some((first, mut j)) = elem(i)
            && is_dash(toks.get(j))
            && elem(j + 1).is_some()
        {
            let mut run = vec![first];
            while is_dash(toks.get(j))
                && let Some((e, next)) = elem(j + 1)
            {
                run.push(e);
                j = next;
            }
            let trailing = if run.last().is_some_and(|e| e.unit.is_none()) {
                word_unit(toks.get(j))
            } else {
                None
            };
            if trailing.is_some() {
                j += 1;
            }
            let unit = trailing.or_else(|| run.iter().rev().find_map(|e| e.unit));
            let braced = run.iter().any(|e| e.braced);
            let value = if run.len() == 2 {
                run[0].value.max(run[1].value)
            } else {
                run.iter().map(|e| e.value).sum()
            };
            if matches!(toks.get(j), Some(Tok::Sym('%'))) && !braced {
                // "90-92%", "86-88-90-92%": the highest effort.
                items.push(Item::Pct(run.iter().map(|e| e.value).fold(0.0, f64::max)));
                i = j + 1;
                continue;
            }
            match (unit, braced) {
                (Some(u), _) => items.push(with_unit(value, u)),
                (None, true) => items.push(Item::Dist {
                    km: value * unit_km,
                    braced: true,
                    metres: false,
                }),
                // "4-1, 3-1" (repeats of 4 km with 1 km floats...): not a
                // range, and no amount.
                (None, false) if run.len() == 2 && run[0].value > run[1].value => {
                    items.push(Item::Sym('#'));
                }
                (None, false) if run.len() == 2 => items.push(Item::Num {
                    value,
                    text: format!("{value}"),
                }),
                // A sequence of three or more numbers without a unit: keep the
                // last one.
                (None, false) => items.push(Item::Num {
                    value: run[run.len() - 1].value,
                    text: String::new(),
                }),
            }
            i = j;
            continue;
        }
        match &toks[i] {
            Tok::Num(a, text) => {
                let a = *a;
                let is_range_sep = |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if w == "to");
                if matches!(toks.get(i + 1), Some(Tok::Sym('%'))) {
                    items.push(Item::Pct(a));
                    i += 2;
                } else if let Some(u) = word_unit(toks.get(i + 1)) {
                    items.push(with_unit(a, u));
                    i += 2;
                } else if is_dash(toks.get(i + 1))
                    && let Some(u) = word_unit(toks.get(i + 2))
                {
                    // "5-K", "10-k".
                    items.push(with_unit(a, u));
                    i += 3;
                } else if is_range_sep(toks.get(i + 1))
                    && let Some(Tok::Num(b, btext)) = toks.get(i + 2)
                {
                    if matches!(toks.get(i + 3), Some(Tok::Sym('%'))) {
                        items.push(Item::Pct(a.max(*b)));
                        i += 4;
                    } else if let Some(u) = word_unit(toks.get(i + 3)) {
                        // A range takes its upper value.
                        items.push(with_unit(a.max(*b), u));
                        i += 4;
                    } else {
                        items.push(Item::Num {
                            value: a.max(*b),
                            text: btext.clone(),
                        });
                        i += 3;
                    }
                } else if matches!(toks.get(i + 1), Some(Tok::Sym(':')))
                    && let Some(Tok::Num(mm, mtext)) = toks.get(i + 2)
                    && mtext.len() == 2
                    && !mtext.contains('.')
                    && !text.contains('.')
                    && *mm < 60.0
                {
                    // "1:45" is a duration; "8:30/mile" or "8:30 pace" a pace.
                    let is_pace = matches!(toks.get(i + 3), Some(Tok::Sym('/')))
                        || matches!(toks.get(i + 3), Some(Tok::Word(w))
                            if matches!(w.as_str(), "pace" | "per" | "min" | "mile" | "mi" | "km"));
                    if !is_pace && a <= 9.0 {
                        items.push(Item::Time { min: a * 60.0 + mm });
                        i += 3;
                    } else {
                        // Drop the pace and its "/mile".
                        i += 3;
                        if matches!(toks.get(i), Some(Tok::Sym('/'))) {
                            i += 1;
                            if word_unit(toks.get(i)).is_some() {
                                i += 1;
                            }
                        }
                    }
                } else {
                    items.push(Item::Num {
                        value: a,
                        text: text.clone(),
                    });
                    i += 1;
                }
            }
            Tok::Brace(b) => {
                items.push(Item::Dist {
                    km: b.plan.1 * unit_km,
                    braced: true,
                    metres: false,
                });
                i += 1;
            }
            Tok::Word(w) => {
                items.push(Item::Word(w.clone()));
                i += 1;
            }
            Tok::Sym(c) => {
                items.push(Item::Sym(*c));
                i += 1;
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_parse_values_and_ranges() {
        assert_eq!(
            parse_brace("6:9.7"),
            Some(Brace {
                plan: (6.0, 6.0),
                other: Some((9.7, 9.7))
            })
        );
        assert_eq!(parse_brace("8-9:13-14").map(|b| b.plan), Some((8.0, 9.0)));
        assert_eq!(parse_brace("1.5").map(|b| b.other), Some(None));
        assert_eq!(parse_brace("30 sec per:19 sec per"), None);
    }
}
