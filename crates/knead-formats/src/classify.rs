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

use std::borrow::Cow;

use knead_core::model::WorkoutKind;
use knead_core::model::distance::{HALF, MARATHON, MILE_KM};

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

/// Classifies a workout title. `default_unit_km` says how to read a bare number
/// ("6 run") and the first number of a `{a:b}` distance: `true` for km, `false`
/// for miles.
pub fn classify_title(title: &str, default_unit_km: bool) -> Classified {
    let unit_km = if default_unit_km { 1.0 } else { MILE_KM };
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

// ---------------------------------------------------------------------------
// The pattern table.

/// One row of the pattern table: a human description and the test behind it.
struct Rule {
    /// What the row matches, as written in `docs/classifier.md`.
    pattern: &'static str,
    /// The kind a match gives.
    kind: WorkoutKind,
    /// The test.
    matches: fn(&View) -> bool,
    /// Whether a match names a session of its own; the plain-run rows (easy
    /// words, stretching, a bare distance) do not, so they never make the
    /// second half of a recovery double day.
    names_session: bool,
}

use WorkoutKind as K;

/// The ordered pattern table: the first row that matches gives the kind.
/// Keep `docs/classifier.md` in step (a test checks every pattern appears there).
const RULES: &[Rule] = &[
    // "Rest", "Rest or Cross-Train", "Off", "Off Day", "Day off": the plan's minimum is rest.
    Rule {
        pattern: "starts with: rest, off, day off",
        kind: K::Rest,
        matches: starts_rest,
        names_session: true,
    },
    // calendar-hack plans (Hansons, Pfitzinger) end with "Plan Ends" on race day.
    Rule {
        pattern: "plan ends",
        kind: K::Race,
        matches: plan_ends,
        names_session: true,
    },
    // "Race Day!", "5-K Race", "5K goal race", "tune-up race", "8k - 15k tuneup";
    // not "race pace", "race effort", "pre-race", "race simulation".
    Rule {
        pattern: "race, races, racing, tuneup (not before pace, effort, simulation, rehearsal, prep, specific, week, tempo, training; not after pre, post, after)",
        kind: K::Race,
        matches: race_word,
        names_session: true,
    },
    // "Marathon", "Half Marathon ({13.1:21.1})", "Goal marathon"; not "marathon
    // pace", "marathon race pace" or "marathon-specific".
    Rule {
        pattern: "marathon, half marathon (not before the same words as row 3, race or goal between; not after pre, post, after, medium)",
        kind: K::Race,
        matches: marathon_race,
        names_session: true,
    },
    // "Recovery {3:5}", "Recovery + speed", "Shakeout 3": a title opening with recovery.
    Rule {
        pattern: "starts with: recovery, shakeout, shake out",
        kind: K::Recovery,
        matches: starts_recovery,
        names_session: true,
    },
    // "Long run 20 miles", "{10} Long Run", "LR 16", "LSD", "MLR 11",
    // "Med-long run", "Endurance {8:13}" (Pfitzinger's word for long runs),
    // "Marathon Simulation" (the B.A.A.'s long run with miles at marathon pace);
    // a medium-long run counts as long. Not "long intervals/repeats".
    Rule {
        pattern: "long (not before intervals, repeats, hills, tempo); lr, lsd, mlr, endurance, marathon simulation",
        kind: K::Long,
        matches: long_run,
        names_session: true,
    },
    // "General aerobic + speed {6:10}", "Gen-aerobic", "GA 8": an aerobic run,
    // whatever strides or sprints it carries.
    Rule {
        pattern: "general aerobic, gen-aerobic, ga",
        kind: K::Easy,
        matches: general_aerobic,
        names_session: true,
    },
    // "Hills", "3 x hill", "Hill repeats", "uphill", "Hilly run"; not terrain
    // ("easy through rolling hills", "on a rolling hill course").
    Rule {
        pattern: "hill, hills, uphill, hillwork, hilly (not after rolling)",
        kind: K::Hills,
        matches: hills,
        names_session: true,
    },
    // Efforts as a share of race pace (Marathon Excellence): "6 × 1 km at 95%
    // 5k", "8 × 2 min at 100% 5k".
    Rule {
        pattern: "an effort of 93% of 5K pace or more",
        kind: K::Intervals,
        matches: effort_intervals,
        names_session: true,
    },
    // "{6:10} at 85% 5k", "6 × 2 km at 86–88% 5k", "{9:15} at 100% MP",
    // "4 × 1.5 km at 108–110% MP".
    Rule {
        pattern: "an effort of 83% of 5K pace or more, or 97% of marathon pace or more",
        kind: K::Tempo,
        matches: effort_tempo,
        names_session: true,
    },
    // "{10-11:16-18} at 70–75% 5k", "{16:26} at 90–92% MP", "{22-24:35-39} at
    // 95% MP": steady running below those efforts (the week may make it long).
    Rule {
        pattern: "an effort below those (as a share of 5K or marathon pace)",
        kind: K::Easy,
        matches: effort_steady,
        names_session: true,
    },
    // "Speed: 6 x 400m", "VO2max 8 w/ ...", "Track Repeats", "Fartlek", "Yasso",
    // "time trial", "magic mile", "5K Test", and paces at 10K or shorter: "@ 5k-10k
    // pace", "at 5K race pace", "mile pace", "800m at 5k", "I pace", "R pace".
    Rule {
        pattern: "speed, vo2max, track, fartlek, yasso, sprints, ladder, pyramid, time trial, magic mile, test after 800m to 10K; pace or effort after 800m to 10K or mile, or 800m to 10K after at; I or R after an amount",
        kind: K::Intervals,
        matches: speed,
        names_session: true,
    },
    // "Tempo 45 min", "30 tempo", "Lactate threshold", "LT 8", "Cruise intervals",
    // "Marathon pace", "@ Goal MP", "{5:8} pace" (a pace run is a tempo run),
    // "at HM pace", "at HM", "{4:6.4} fast", "T pace", "progression"; not "easy pace".
    Rule {
        pattern: "tempo, threshold, lt, lactate, cruise, progression, fast, mp, hmp, hm, marathon pace, goal pace, race pace, at ST, at MT; pace (not easy, recovery or regular run pace); T or M after an amount",
        kind: K::Tempo,
        matches: tempo,
        names_session: true,
    },
    // Hansons' "Strength" sessions are repeats of miles at marathon pace less 10 s.
    Rule {
        pattern: "strength with a distance (Hansons' strength sessions)",
        kind: K::Tempo,
        matches: hansons_strength,
        names_session: true,
    },
    // "5 x 800", "4 x 400", "Intervals", "reps": repeats (not of strides).
    Rule {
        pattern: "N x amount or amount x N (not strides); interval, intervals, reps, repeats",
        kind: K::Intervals,
        matches: repeats,
        names_session: true,
    },
    // "Cross", "40 min cross", "Cross-train", "XT", bike, swim, elliptical,
    // rowing, yoga, hiking; walking when the title does not also say run or jog.
    Rule {
        pattern: "cross (not cross country), xt, bike, cycle, spin, swim, elliptical, row, aqua, pool, yoga, ski; walk or hike without run or jog",
        kind: K::Cross,
        matches: cross,
        names_session: true,
    },
    // "Recovery run" or "recovery jog" anywhere; "very easy" when no plain
    // "easy" follows ("very easy to easy" is easy).
    Rule {
        pattern: "recovery run, recovery jog, shakeout; very easy (every easy of the title)",
        kind: K::Recovery,
        matches: recovery_phrase,
        names_session: true,
    },
    // "Easy 30-40 min", "{3:4.8} run", "{4} Easy", "Strides", "Easy + strides",
    // "Run/walk 20 minutes", "steady", "base", "Regular run", "Session I,
    // Workout Time: 20 min".
    Rule {
        pattern: "easy, run, jog, aerobic, base, steady, moderate, regular, session, workout, strides, drills, warm up, cool down; E after an amount",
        kind: K::Easy,
        matches: easy,
        names_session: false,
    },
    // "Strength", "Core", "Gym", "Weights", "Pilates", "Stretch & strengthen".
    Rule {
        pattern: "strength, strengthen, core, gym, weights, lifting, plyometrics, pilates, circuits",
        kind: K::Strength,
        matches: strength,
        names_session: true,
    },
    // "Stretch", "Mobility", "Foam roll": no training.
    Rule {
        pattern: "stretch, mobility, foam roll",
        kind: K::Rest,
        matches: stretch,
        names_session: false,
    },
    // "{6:9.7}", "8": a bare distance; the template pass makes it the long run
    // when it is clearly the week's longest.
    Rule {
        pattern: "a bare distance: no words",
        kind: K::Easy,
        matches: bare_distance,
        names_session: false,
    },
];

/// The kind of the first row that matches, and whether that row names a session.
fn match_rules(v: &View) -> Option<(WorkoutKind, bool)> {
    RULES
        .iter()
        .find(|r| (r.matches)(v))
        .map(|r| (r.kind, r.names_session))
}

fn starts_rest(v: &View) -> bool {
    matches!(v.words.first(), Some(&("rest" | "off"))) || v.starts_with(&["day", "off"])
}

fn plan_ends(v: &View) -> bool {
    v.phrase(&["plan", "ends"]) || v.phrase(&["plan", "end"])
}

const NOT_A_RACE_AFTER: &[&str] = &[
    "pace",
    "paced",
    "effort",
    "efforts",
    "simulation",
    "sim",
    "rehearsal",
    "prep",
    "preparation",
    "specific",
    "week",
    "tempo",
    "training",
];

/// Whether the words after position `i` make it something other than a race
/// ("race pace", "marathon race pace", "marathon goal pace").
fn not_a_race_after(v: &View, i: usize) -> bool {
    v.words[i + 1..]
        .iter()
        .find(|w| !matches!(**w, "race" | "goal"))
        .is_some_and(|n| NOT_A_RACE_AFTER.contains(n))
}

fn race_word(v: &View) -> bool {
    v.words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "race" | "races" | "racing" | "tuneup")
            && !v
                .words
                .get(i + 1)
                .is_some_and(|n| NOT_A_RACE_AFTER.contains(n))
            && !(i > 0 && matches!(v.words[i - 1], "pre" | "post" | "after"))
    })
}

fn marathon_race(v: &View) -> bool {
    v.words.iter().enumerate().any(|(i, w)| {
        *w == "marathon"
            && !not_a_race_after(v, i)
            && !(i > 0 && matches!(v.words[i - 1], "pre" | "post" | "after" | "medium"))
    })
}

fn starts_recovery(v: &View) -> bool {
    matches!(v.words.first(), Some(&("recovery" | "shakeout"))) || v.starts_with(&["shake", "out"])
}

fn long_run(v: &View) -> bool {
    const NOT_LONG_AFTER: &[&str] = &[
        "interval",
        "intervals",
        "repeats",
        "reps",
        "hill",
        "hills",
        "tempo",
        "intervall",
    ];
    v.words.iter().enumerate().any(|(i, w)| {
        *w == "long"
            && !v
                .words
                .get(i + 1)
                .is_some_and(|n| NOT_LONG_AFTER.contains(n))
    }) || v.has_any(&["lr", "lsd", "mlr", "endurance"])
        || v.phrase(&["marathon", "simulation"])
}

fn general_aerobic(v: &View) -> bool {
    v.phrase(&["general", "aerobic"]) || v.phrase(&["gen", "aerobic"]) || v.has("ga")
}

fn hills(v: &View) -> bool {
    v.words.iter().enumerate().any(|(i, w)| {
        matches!(
            *w,
            "hill" | "hills" | "uphill" | "uphills" | "hillwork" | "hilly"
        ) && !(i > 0 && v.words[i - 1] == "rolling")
    })
}

/// The highest efforts a title states as a share of a race pace: of a race of
/// 10K or less ("95% 5k"), and of marathon pace ("90–92% MP").
fn efforts(v: &View) -> (Option<f64>, Option<f64>) {
    let (mut short, mut marathon) = (None::<f64>, None::<f64>);
    for (i, item) in v.items.iter().enumerate() {
        let Item::Pct(p) = item else { continue };
        let next = v.items[i + 1..]
            .iter()
            .find(|x| !matches!(x, Item::Sym(_) | Item::Pct(_)));
        match next {
            Some(Item::Dist {
                km, braced: false, ..
            }) if SHORT_RACES_KM.iter().any(|r| (r - km).abs() < 0.01) => {
                short = Some(short.map_or(*p, |s| s.max(*p)));
            }
            Some(Item::Word(w)) if w == "mp" => {
                marathon = Some(marathon.map_or(*p, |m| m.max(*p)));
            }
            _ => {}
        }
    }
    (short, marathon)
}

fn effort_intervals(v: &View) -> bool {
    efforts(v).0.is_some_and(|p| p >= 93.0)
}

fn effort_tempo(v: &View) -> bool {
    let (short, marathon) = efforts(v);
    short.is_some_and(|p| p >= 83.0) || marathon.is_some_and(|p| p >= 97.0)
}

fn effort_steady(v: &View) -> bool {
    let (short, marathon) = efforts(v);
    short.is_some() || marathon.is_some()
}

fn speed(v: &View) -> bool {
    v.has_any(&[
        "speed",
        "speedwork",
        "vo2max",
        "vo2",
        "track",
        "fartlek",
        "fartleks",
        "yasso",
        "yassos",
        "ladder",
        "pyramid",
        "sprints",
        "sprint",
    ]) || v.phrase(&["time", "trial"])
        || v.phrase(&["magic", "mile"])
        || short_race_pace(v)
        || at_short_race(v)
        || daniels(v, &["i", "r"])
}

/// Daniels' pace letters after an amount: "3 x 1 mi T", "2 E", "5 x 1000 I".
fn daniels(v: &View, letters: &[&str]) -> bool {
    v.items.windows(2).any(|w| {
        matches!(
            w[0],
            Item::Num { .. } | Item::Dist { .. } | Item::Time { .. }
        ) && matches!(&w[1], Item::Word(l) if letters.contains(&l.as_str()))
    })
}

/// Whether the race distance at `i` is the fast end of a range from a longer
/// race ("HM-10k pace" is a threshold pace, not a 10K pace).
fn after_long_race(items: &[Item], i: usize) -> bool {
    i >= 2
        && items[i - 1] == Item::Sym('-')
        && matches!(&items[i - 2], Item::Word(w)
            if matches!(w.as_str(), "hm" | "hmp" | "mp" | "marathon" | "half"))
}

/// Whether item `i` is a race distance of 10K or less, written with its unit.
fn is_short_race(items: &[Item], i: usize) -> bool {
    matches!(&items[i], Item::Dist { km, braced: false, .. }
        if SHORT_RACES_KM.iter().any(|r| (r - km).abs() < 0.01))
        && !after_long_race(items, i)
}

/// A pace or effort word ("pace", "effort") right after a race distance of 10K
/// or less ("5k-10k pace", "3K-5K race effort", "mile pace", "1500m pace"), or
/// Daniels' I and R paces; "test" after such a distance ("5K Test"). "5 mi pace"
/// is a 5-mile pace run, not a race pace.
fn short_race_pace(v: &View) -> bool {
    v.items.iter().enumerate().any(|(i, item)| {
        let Item::Word(w) = item else { return false };
        if w == "test" {
            return i > 0 && is_short_race(v.items, i - 1);
        }
        if !matches!(w.as_str(), "pace" | "paced" | "effort") {
            return false;
        }
        let before = v.items[..i]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, prev)| match prev {
                Item::Sym(_) => false,
                Item::Word(w) => !matches!(w.as_str(), "race" | "goal"),
                _ => true,
            });
        match before {
            Some((_, Item::Word(w))) => {
                matches!(w.as_str(), "mile" | "i" | "r" | "interval" | "rep")
            }
            Some((j, Item::Dist { .. })) => is_short_race(v.items, j),
            Some((_, Item::Num { value, .. })) => [800.0, 1500.0, 1600.0, 3000.0].contains(value),
            _ => false,
        }
    })
}

/// A race distance of 10K or less right after "at" or "@" ("800m at 5k",
/// "2 x (2k at HM, 1k at 10k)"): that race's pace.
fn at_short_race(v: &View) -> bool {
    v.items.windows(2).enumerate().any(|(i, w)| {
        (matches!(&w[0], Item::Word(a) if a == "at") || w[0] == Item::Sym('@'))
            && is_short_race(v.items, i + 1)
    })
}

fn tempo(v: &View) -> bool {
    v.has_any(&[
        "tempo",
        "threshold",
        "lt",
        "lactate",
        "cruise",
        "progression",
        "progressive",
        "fast",
        "mp",
        "hmp",
        "hm",
    ]) || v.phrase(&["marathon", "pace"])
        || v.phrase(&["goal", "pace"])
        || v.phrase(&["race", "pace"])
        || v.phrase(&["t", "pace"])
        || v.phrase(&["at", "st"])
        || v.phrase(&["at", "mt"])
        || daniels(v, &["t", "m"])
        || v.words.iter().enumerate().any(|(i, w)| {
            let easy_pace = |j: usize| {
                matches!(
                    v.words[j],
                    "easy"
                        | "recovery"
                        | "conversational"
                        | "comfortable"
                        | "own"
                        | "any"
                        | "e"
                        | "regular"
                )
            };
            matches!(*w, "pace" | "paced")
                && !(i > 0 && easy_pace(i - 1))
                && !(i > 1 && v.words[i - 1] == "run" && easy_pace(i - 2))
        })
}

fn hansons_strength(v: &View) -> bool {
    v.has("strength") && v.items.iter().any(|i| matches!(i, Item::Dist { .. }))
}

fn repeats(v: &View) -> bool {
    if v.has_any(&["interval", "intervals", "reps", "repeats", "repetitions"]) {
        return true;
    }
    // "N x ..." whose segment is not about strides.
    segments(v.items).iter().any(|seg| {
        let has_repeat = seg.windows(2).any(|w| {
            matches!(
                w[0],
                Item::Num { .. } | Item::Dist { .. } | Item::Time { .. }
            ) && matches!(&w[1], Item::Word(x) if x == "x")
        });
        has_repeat && !View::new(seg).has_any(STRIDES)
    })
}

fn cross(v: &View) -> bool {
    let crossword = v.words.iter().enumerate().any(|(i, w)| {
        matches!(*w, "cross" | "crosstrain" | "crosstraining")
            && v.words.get(i + 1) != Some(&"country")
    });
    let walk = v.has_any(&["walk", "walking", "hike", "hiking"])
        && !v.has_any(&["run", "running", "runs", "jog", "jogging"]);
    crossword
        || walk
        || v.has_any(&[
            "xt",
            "bike",
            "biking",
            "cycle",
            "cycling",
            "spin",
            "spinning",
            "swim",
            "swimming",
            "elliptical",
            "row",
            "rowing",
            "rower",
            "aqua",
            "pool",
            "yoga",
            "ski",
            "skiing",
        ])
}

fn recovery_phrase(v: &View) -> bool {
    let easy = v.words.iter().filter(|w| **w == "easy").count();
    let very_easy = v
        .words
        .windows(2)
        .filter(|w| w == &["very", "easy"])
        .count();
    v.phrase(&["recovery", "run"])
        || v.phrase(&["recovery", "jog"])
        || (very_easy > 0 && very_easy == easy)
        || v.has("shakeout")
}

fn easy(v: &View) -> bool {
    v.has_any(&[
        "easy",
        "run",
        "runs",
        "running",
        "jog",
        "jogging",
        "aerobic",
        "base",
        "steady",
        "moderate",
        "comfortable",
        "conversational",
        "regular",
        "session",
        "workout",
        "strides",
        "stride",
        "drills",
        "warmup",
        "cooldown",
    ]) || v.phrase(&["warm", "up"])
        || daniels(v, &["e"])
        || v.phrase(&["cool", "down"])
}

fn strength(v: &View) -> bool {
    v.has_any(&[
        "strength",
        "strengthen",
        "strengthening",
        "core",
        "gym",
        "weights",
        "lifting",
        "plyometrics",
        "plyos",
        "pilates",
        "circuit",
        "circuits",
    ])
}

fn stretch(v: &View) -> bool {
    v.has_any(&["stretch", "stretching", "mobility"]) || v.phrase(&["foam", "roll"])
}

fn bare_distance(v: &View) -> bool {
    v.words.is_empty()
        && v.items
            .iter()
            .any(|i| matches!(i, Item::Dist { .. } | Item::Num { .. }))
}

fn race_name_distance(v: &View) -> Option<f64> {
    if v.phrase(&["half", "marathon"]) || v.has("halfmarathon") {
        Some(HALF)
    } else if v.has("marathon") {
        Some(MARATHON)
    } else {
        None
    }
}

/// Race distances up to 10K, as named in paces ("5K pace", "mile pace").
const SHORT_RACES_KM: &[f64] = &[0.8, 1.0, 1.5, MILE_KM, 3.0, 5.0, 8.0, 10.0];

/// Race distances that name a pace when followed by "pace" ("15K pace").
const PACE_RACES_KM: &[f64] = &[
    0.8, 1.0, 1.5, MILE_KM, 3.0, 5.0, 8.0, 10.0, 12.0, 15.0, HALF, MARATHON,
];

/// Words that mark a segment as strides or sprints (counted for nothing, never
/// interval repeats).
const STRIDES: &[&str] = &[
    "strides", "stride", "sprints", "sprint", "drills", "pickups",
];

// ---------------------------------------------------------------------------
// Lexing.

/// A piece of a title.
#[derive(Debug, Clone, PartialEq)]
enum Item {
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

fn lex(title: &str, unit_km: f64) -> Vec<Item> {
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

// ---------------------------------------------------------------------------
// Views.

/// A slice of a title with its words, for the pattern tests.
struct View<'a> {
    items: &'a [Item],
    words: Vec<&'a str>,
}

impl<'a> View<'a> {
    fn new(items: &'a [Item]) -> View<'a> {
        let words = items
            .iter()
            .filter_map(|i| match i {
                Item::Word(w) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        View { items, words }
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(&word)
    }

    fn has_any(&self, words: &[&str]) -> bool {
        self.words.iter().any(|w| words.contains(w))
    }

    /// Consecutive words (punctuation and numbers between them are skipped).
    fn phrase(&self, p: &[&str]) -> bool {
        self.words.windows(p.len()).any(|w| w == p)
    }

    fn starts_with(&self, p: &[&str]) -> bool {
        self.words.starts_with(p)
    }
}

/// Whether an item states an amount (a number, distance or duration).
fn is_amount(item: &Item) -> bool {
    matches!(
        item,
        Item::Num { .. } | Item::Dist { .. } | Item::Time { .. }
    )
}

/// The nearest item before `i` (after it, when `forward`) that is not punctuation.
fn neighbour(items: &[Item], i: usize, forward: bool) -> Option<&Item> {
    if forward {
        items[i + 1..].iter().find(|x| !matches!(x, Item::Sym(_)))
    } else {
        items[..i].iter().rev().find(|x| !matches!(x, Item::Sym(_)))
    }
}

/// The items before a lone "or" (the first alternative). An "or" between two
/// amounts ("15k or 10-mile goal race") joins distances, not sessions.
fn first_alternative(items: &[Item]) -> &[Item] {
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
fn before_with(items: &[Item]) -> Cow<'_, [Item]> {
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
fn name(items: &[Item]) -> Option<&[Item]> {
    let colon = items.iter().position(|x| *x == Item::Sym(':'))?;
    let name = &items[..colon];
    name.iter()
        .any(|x| matches!(x, Item::Word(_)))
        .then_some(name)
}

/// Splits items into segments at `,` `;` `+` `.` `/`, line breaks, "then" and "and".
/// A slash between two amounts ("8 / 12 sec hill sprints") does not split.
fn segments(items: &[Item]) -> Vec<&[Item]> {
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

// ---------------------------------------------------------------------------
// Amounts.

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
fn amounts(items: &[Item], kind: WorkoutKind, unit_km: f64) -> (Option<f64>, Option<f64>) {
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

    #[test]
    fn general_aerobic_titles_are_known() {
        assert!(is_general_aerobic("Gen-aerobic {9:14}"));
        assert!(is_general_aerobic("General aerobic + speed\n{7:11}"));
        assert!(!is_general_aerobic("{6:9.7} run"));
    }

    #[test]
    fn km_plans_read_the_first_brace_value_as_km() {
        let c = classify_title("{10:6.2} run", true);
        assert_eq!(c.distance_km, Some(10.0));
    }
}
