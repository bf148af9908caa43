//! The pattern table: the ordered rows that give a title its workout kind,
//! and the word tests behind them.

use knead_core::model::WorkoutKind;
use knead_core::model::distance::{HALF, MARATHON, MILE_KM};

use super::tokens::Item;
use super::view::{View, segments};

/// One row of the pattern table: a human description and the test behind it.
pub(super) struct Rule {
    /// What the row matches, as written in `docs/classifier.md`.
    pub(super) pattern: &'static str,
    /// The kind a match gives.
    pub(super) kind: WorkoutKind,
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
pub(super) const RULES: &[Rule] = &[
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
pub(super) fn match_rules(v: &View) -> Option<(WorkoutKind, bool)> {
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

pub(super) fn general_aerobic(v: &View) -> bool {
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

pub(super) fn race_name_distance(v: &View) -> Option<f64> {
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
pub(super) const PACE_RACES_KM: &[f64] = &[
    0.8, 1.0, 1.5, MILE_KM, 3.0, 5.0, 8.0, 10.0, 12.0, 15.0, HALF, MARATHON,
];

/// Words that mark a segment as strides or sprints (counted for nothing, never
/// interval repeats).
pub(super) const STRIDES: &[&str] = &[
    "strides", "stride", "sprints", "sprint", "drills", "pickups",
];
