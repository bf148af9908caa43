//! Free-text workout titles ("Tempo 45 min", "{6:9.7}", "Rest or Cross-Train")
//! into knead's workout kinds, with the distance or duration they state.
//!
//! The title is lower-cased and cut into words, numbers, quantities (a number
//! with a unit, a `{a:b}` distance, a percentage) and punctuation (line breaks
//! kept). Combining marks are dropped ("V̇O₂max" is "vo2max") and a few
//! misspellings seen in published plans are corrected ("Rocovery"). The kind
//! comes from the ordered pattern table `RULES` (mirrored in
//! `docs/classifier.md`): the first row that matches wins. The rows are tried
//! on these views of the title, in turn, until one matches:
//!
//! 0. a *recovery double day* first: a title opening with "recovery" and an
//!    amount, then another session ("Recovery {4} a.m. / LT {10} p.m.") takes
//!    the kind of that second session when a row other than the plain-run rows
//!    names it, and its distance is both runs';
//! 1. the *name*: the words before a colon ("Tempo run: {2} WU; ...",
//!    "Intervals: ..."), the author's name for the session, when a row other
//!    than the plain-run rows matches it;
//! 2. the *head*: the first alternative (the text before a lone "or"; not an
//!    "or" between two amounts, "15k or 10-mile"), each line cut before "with",
//!    "w/" or "w.", without a parenthesised note ending it (the main session,
//!    without its details);
//! 3. the first alternative, whole;
//! 4. the whole title.
//!
//! A title no row matches is [`WorkoutKind::Easy`] with `recognised: false`.
//!
//! Distance and duration rules (see `docs/classifier.md` for examples):
//!
//! * `{a:b}` is a distance in the plan's units : the other unit (calendar-hack's
//!   notation; for a plan in miles, miles : km). The first number is the one
//!   used, since plans round (and sometimes mistype) the second; `{a}` is in the
//!   plan's units, `{a-b:c-d}` and `{a}-{b}` are ranges.
//! * Numbers joined by dashes: two are a range ("2-3 mile", "8k - 15k"), three
//!   or more a sequence, summed ("3-2-2-1 km", "6-6-6-{4-6:6-10} mi").
//! * A stated total wins: in parentheses, `({12})` or `(total 9-13 miles)`;
//!   before "consisting of" ("6-8 miles, consisting of: ..."); before "total"
//!   ("{5:8.1} total, {2:3.2} pace"); in a title of several lines, a line that is
//!   only a braced distance, or a braced distance ending the first line that
//!   states an amount ("Lactate threshold\n{8:13}\n15 min LT interval ...").
//! * A rest day counts only its first alternative ("Rest or {3-5:5-8} easy"
//!   states no distance).
//! * Otherwise the title is cut into segments at `,` `;` `+` `.` `/` (not
//!   between two amounts), line breaks, "then" and "and"; each segment is cut
//!   before its details (`@`, "at", "with", "w/", "in", "per", "every"), and
//!   gives at most one plain amount or one repeat ("N x amount"); a braced
//!   distance before any repeat is the run itself. "Repeat N times" multiplies
//!   the segments before it. Segments about strides, sprints or drills (but for
//!   a braced distance), about what happens between repeats ("90 seconds rest
//!   between sets"), and those opening with "last" count for nothing; "N sets
//!   of" is a count.
//! * The distance is the sum of all segments' distances, but only when at least
//!   one plain segment states a session-sized distance (in km, miles or a plain
//!   number; not metres): repeats alone ("5 x 800", "Speed: 6 x 400m") state the
//!   work, not the session, and give no distance.
//! * The duration is the sum of the segments' times, given only when no distance
//!   is given and at least one plain segment states a time.
//! * Ranges ("30-40 min", "9-13 miles") take the **upper** value: a plan for
//!   recovery would rather over- than under-estimate the load.
//! * A number without a unit is: minutes for cross-training and strength; minutes
//!   when it is 20 or more and stands next to "tempo" ("30 tempo", Higdon's
//!   notation); metres when 100 or more ("5 x 800"); minutes from 40 to 99 (no
//!   one writes a 40-mile session without a unit); otherwise a distance in the
//!   plan's units ("GA 8", "MLR 11").
//! * A race with no stated distance takes it from its name: "marathon"
//!   42.195 km, "half marathon" 21.0975 km.

mod amount;
mod rules;
mod tokens;
mod view;

use knead_core::model::{DistanceUnit, WorkoutKind};

use amount::amounts;
use rules::{RULES, general_aerobic, match_rules, race_name_distance};
use tokens::{Item, lex};
use view::{View, before_with, first_alternative, is_amount, name};

pub(crate) use tokens::parse_brace;

/// What a title says.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// The workout kind.
    pub kind: WorkoutKind,
    /// Distance in km, when the title states one.
    pub distance_km: Option<f64>,
    /// Duration in minutes, when the title states one.
    pub minutes: Option<f64>,
    /// False when no pattern matched and the kind fell back to easy.
    pub recognised: bool,
}

/// Classifies a workout title. `plan_unit` is the unit of the plan the title
/// comes from: a bare number ("6 run") and the first number of a `{a:b}`
/// distance are read in it.
pub fn classify_title(title: &str, plan_unit: DistanceUnit) -> Classified {
    let unit_km = plan_unit.km_per_unit();
    let items = lex(title, unit_km);
    // A recovery run and a second session the same day ("Recovery {4} a.m. /
    // LT {10} p.m."): the second session decides, and the day's distance is both.
    if let Some((split, kind)) = recovery_double(&items) {
        let (first, _) = amounts(&items[..split], WorkoutKind::Recovery, unit_km);
        let (second, _) = amounts(&items[split..], kind, unit_km);
        let distance_km = match (first, second) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        return Classified {
            kind,
            distance_km,
            minutes: None,
            recognised: true,
        };
    }
    let first_alt = first_alternative(&items);
    let head = before_with(first_alt);
    // The name counts when it names a session ("Tempo run:", "Intervals:"), not
    // when it only says run or warm up ("Easy run:", "Warm-up: 2 km; 6 x 800m").
    let by_name = name(&items)
        .and_then(|n| match_rules(&View::new(n)))
        .filter(|(_, names_session)| *names_session)
        .map(|(kind, _)| kind);
    let matched = by_name.or_else(|| {
        [&head[..], first_alt, &items[..]]
            .into_iter()
            .find_map(|view| match_rules(&View::new(view)).map(|(kind, _)| kind))
    });
    let (kind, recognised) = match matched {
        Some(kind) => (kind, true),
        None => (WorkoutKind::Easy, false),
    };
    // A rest day's alternative ("Rest or {3-5:5-8} easy") is not the plan's minimum.
    let counted = if kind == WorkoutKind::Rest {
        first_alt
    } else {
        &items[..]
    };
    let (mut distance_km, minutes) = amounts(counted, kind, unit_km);
    if kind == WorkoutKind::Race && distance_km.is_none() && minutes.is_none() {
        distance_km = race_name_distance(&View::new(&items));
    }
    Classified {
        kind,
        distance_km,
        minutes,
        recognised,
    }
}

/// Where the second session of a recovery double day starts, and its kind: the
/// title opens with "recovery" and an amount, then (after "a.m.", "/") names
/// another session that a row other than the easy-run rows recognises
/// ("Recovery {5} a.m. Medium-long run {15} p.m.", "Recovery {4} Gen aerobic {10}").
fn recovery_double(items: &[Item]) -> Option<(usize, WorkoutKind)> {
    let mut it = items
        .iter()
        .enumerate()
        .filter(|(_, x)| !matches!(x, Item::Sym(_)));
    if !matches!(it.next(), Some((_, Item::Word(w))) if w == "recovery") {
        return None;
    }
    let (at, amount) = it.next()?;
    if !is_amount(amount) {
        return None;
    }
    let mut split = at + 1;
    while let Some(x) = items.get(split) {
        match x {
            Item::Sym('+') => return None,
            Item::Sym(_) => split += 1,
            Item::Word(w) if matches!(w.as_str(), "a" | "m" | "am") => split += 1,
            _ => break,
        }
    }
    let rest = &items[split..];
    if !rest.iter().any(|x| matches!(x, Item::Word(_))) {
        return None;
    }
    let first_alt = first_alternative(rest);
    [&before_with(first_alt)[..], first_alt, rest]
        .into_iter()
        .find_map(|view| match_rules(&View::new(view)))
        .filter(|(_, names_session)| *names_session)
        .map(|(kind, _)| (split, kind))
}

/// The pattern table as (pattern, kind) rows, in the order they are tried; the
/// same rows as `docs/classifier.md`.
pub fn patterns() -> Vec<(&'static str, WorkoutKind)> {
    RULES.iter().map(|r| (r.pattern, r.kind)).collect()
}

/// Whether a title names a general aerobic run ("General aerobic {8:13}",
/// "Gen-aerobic + speed"): a session of its own, never made the long run.
pub(crate) fn is_general_aerobic(title: &str) -> bool {
    general_aerobic(&View::new(&lex(title, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_aerobic_titles_are_known() {
        assert!(is_general_aerobic("Gen-aerobic {9:14}"));
        assert!(is_general_aerobic("General aerobic + speed\n{7:11}"));
        assert!(!is_general_aerobic("{6:9.7} run"));
    }

    #[test]
    fn km_plans_read_the_first_brace_value_as_km() {
        let c = classify_title("{10:6.2} run", DistanceUnit::Km);
        assert_eq!(c.distance_km, Some(10.0));
    }
}
