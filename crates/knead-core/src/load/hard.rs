//! Hard days and low-form days read from a runner's recorded history.
//!
//! The scheduler keeps massages away from hard days (R-NOT-ADJACENT) and aims
//! them 1–2 days after (R-POST-HARD). A plan names its hard workouts; for days
//! that were recorded rather than planned, rule **L-HARD** says which were hard:
//!
//! 1. a load spike: L_d > 1.5 × CTL_{d−1} and L_d ≥ 60 TRIMP;
//! 2. a long session: one activity of at least 90 minutes (a long run; evidence.md
//!    §2 counts ≥ 90 min as long, unverified);
//! 3. a very heavy day: L_d > 300, and then the next day is hard too
//!    ("Load > 300: hard for 2 days", evidence.md §2 \[COG\]).
//!
//! Rule **L-FORM** marks days of low form, TSB_d < −20, on which the runner
//! carries fatigue.
//!
//! CTL and ATL start from their seeds (0 by default) on the history's first
//! day, so on a short history CTL is mostly the seed: every run would be a
//! spike and every week of training low form. Spikes (1.) and low form are
//! therefore judged only on days with at least 42 days of history before them
//! (`min_history_days`, CTL's time constant); long sessions (2.) and very heavy
//! days (3.) use absolute thresholds and are judged from the first day.
//!
//! Every threshold is a design choice of knead (the 300 is Coggan's TSS band,
//! applied to TRIMP), held in [`HardDayConfig`].

use super::pmc::{PmcDay, local_date};
use crate::model::Activity;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// Thresholds of rules L-HARD and L-FORM (design choices, see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HardDayConfig {
    /// L-HARD spike: the load must exceed this multiple of the previous day's CTL (default 1.5)...
    pub ctl_ratio: f64,
    /// ...and be at least this many TRIMP (default 60).
    pub min_load: f64,
    /// L-HARD long session: an activity of at least this many minutes (default 90).
    pub long_minutes: f64,
    /// L-HARD heavy day: a load above this (default 300)...
    pub heavy_load: f64,
    /// ...makes this many days hard, the day itself included (default 2).
    pub heavy_days: u32,
    /// L-FORM: form (TSB) below this is low (default −20).
    pub low_form_tsb: f64,
    /// L-HARD spikes and L-FORM are judged only on days with at least this many
    /// days of the series before them (default 42, CTL's time constant), so that
    /// CTL means something; see the module docs.
    pub min_history_days: u32,
}

impl Default for HardDayConfig {
    /// 1.5 × CTL and 60 TRIMP; 90 minutes; over 300 for 2 days; TSB below −20;
    /// spikes and low form judged after 42 days of history.
    fn default() -> Self {
        HardDayConfig {
            ctl_ratio: 1.5,
            min_load: 60.0,
            long_minutes: 90.0,
            heavy_load: 300.0,
            heavy_days: 2,
            low_form_tsb: -20.0,
            min_history_days: 42,
        }
    }
}

/// Whether day `i` of a series has enough history before it for CTL to mean
/// something (`cfg.min_history_days` days or more).
fn history_enough(series: &[PmcDay], i: usize, cfg: &HardDayConfig) -> bool {
    series.first().is_some_and(|first| {
        crate::days::days_between(first.date, series[i].date) >= i64::from(cfg.min_history_days)
    })
}

/// A day the load model marks, with the rule, why, and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HardDay {
    /// The day.
    pub date: Date,
    /// `L-HARD` (a hard day) or `L-FORM` (a low-form day).
    pub rule: &'static str,
    /// Why, in words, e.g. "load spike; long session" (causes joined by "; ").
    pub reason: String,
    /// The numbers behind it, e.g. "load 142 > 1.5 × CTL 41.3 (62.0)".
    pub numbers: String,
}

/// The duration of each run (any kind: road, trail, treadmill, track, indoor,
/// virtual; see [`Sport::is_run`](crate::model::Sport::is_run)), in minutes (moving time, else elapsed time), on
/// the local date of its start in `tz`, for [`hard_days`]: a long run is hard,
/// a long ride or walk is not (its load still counts through TRIMP). Activities
/// without either time are left out.
pub fn activity_minutes(activities: &[Activity], tz: &TimeZone) -> Vec<(Date, f64)> {
    activities
        .iter()
        .filter(|a| a.sport.is_run())
        .filter_map(|a| {
            let s = [a.moving_s, a.elapsed_s]
                .into_iter()
                .flatten()
                .find(|s| s.is_finite() && *s > 0.0)?;
            Some((local_date(a.start, tz), s / 60.0))
        })
        .collect()
}

/// The hard days of rule L-HARD, one entry per day, sorted by date.
///
/// `series` is a [`pmc`](super::pmc()) series (consecutive days); the spike
/// test compares a day's load with the CTL of the series' previous day, and
/// only from `cfg.min_history_days` days after the series' first day on (so
/// the first day of the series is never a spike). `activity_minutes` holds one
/// (day, minutes) pair per activity (see [`activity_minutes`]); a long one makes
/// its day hard even outside the series. A heavy day also marks the following
/// `heavy_days − 1` days, which may lie past the series' end.
pub fn hard_days(
    series: &[PmcDay],
    activity_minutes: &[(Date, f64)],
    cfg: &HardDayConfig,
) -> Vec<HardDay> {
    let mut found: Vec<(Date, String, String)> = Vec::new();
    for (i, day) in series.iter().enumerate() {
        if i > 0
            && series[i - 1].date.tomorrow().ok() == Some(day.date)
            && history_enough(series, i, cfg)
        {
            let prev_ctl = series[i - 1].ctl;
            let limit = cfg.ctl_ratio * prev_ctl;
            if day.load > limit && day.load >= cfg.min_load {
                found.push((
                    day.date,
                    "load spike".into(),
                    format!(
                        "load {:.0} > {} × CTL {:.1} ({:.1})",
                        day.load, cfg.ctl_ratio, prev_ctl, limit
                    ),
                ));
            }
        }
        if day.load > cfg.heavy_load {
            let mut d = day.date;
            for n in 0..cfg.heavy_days {
                if n > 0 {
                    let Ok(next) = d.tomorrow() else { break };
                    d = next;
                }
                let reason = if n == 0 {
                    "heavy day".to_string()
                } else {
                    format!("{n} day(s) after a heavy day")
                };
                found.push((
                    d,
                    reason,
                    format!(
                        "load {:.0} > {:.0} on {}",
                        day.load, cfg.heavy_load, day.date
                    ),
                ));
            }
        }
    }
    for &(d, minutes) in activity_minutes {
        if minutes >= cfg.long_minutes {
            found.push((
                d,
                "long session".into(),
                format!("{minutes:.0} min ≥ {:.0} min", cfg.long_minutes),
            ));
        }
    }
    found.sort_by_key(|(d, _, _)| *d);
    let mut out: Vec<HardDay> = Vec::new();
    for (date, reason, numbers) in found {
        match out.last_mut() {
            Some(last) if last.date == date => {
                if !last.reason.split("; ").any(|r| r == reason) {
                    last.reason.push_str("; ");
                    last.reason.push_str(&reason);
                }
                last.numbers.push_str("; ");
                last.numbers.push_str(&numbers);
            }
            _ => out.push(HardDay {
                date,
                rule: "L-HARD",
                reason,
                numbers,
            }),
        }
    }
    out
}

/// The low-form days of rule L-FORM: days of `series` with TSB below
/// `cfg.low_form_tsb` and at least `cfg.min_history_days` days of the series
/// before them, in series order.
pub fn low_form_days(series: &[PmcDay], cfg: &HardDayConfig) -> Vec<HardDay> {
    series
        .iter()
        .enumerate()
        .filter(|&(i, d)| d.tsb < cfg.low_form_tsb && history_enough(series, i, cfg))
        .map(|(_, d)| d)
        .map(|d| HardDay {
            date: d.date,
            rule: "L-FORM",
            reason: "low form".into(),
            numbers: format!("TSB {:.1} < {:.0}", d.tsb, cfg.low_form_tsb),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::pmc::{PmcConfig, pmc};
    use jiff::civil::date;

    fn day(d: Date, load: f64, ctl: f64, tsb: f64) -> PmcDay {
        PmcDay {
            date: d,
            load,
            ctl,
            atl: 0.0,
            tsb,
        }
    }

    /// The thresholds without the history requirement, for short hand-made series.
    fn no_warm_up() -> HardDayConfig {
        HardDayConfig {
            min_history_days: 0,
            ..HardDayConfig::default()
        }
    }

    #[test]
    fn spike_needs_both_ratio_and_minimum() {
        let cfg = no_warm_up();
        let s = [
            day(date(2025, 5, 1), 0.0, 40.0, 0.0),
            day(date(2025, 5, 2), 61.0, 40.0, 0.0), // 61 > 60 and ≥ 60: hard
            day(date(2025, 5, 3), 59.0, 20.0, 0.0), // 59 > 30 but < 60
            day(date(2025, 5, 4), 60.0, 40.0, 0.0), // 60 ≥ 60 and 60 > 30: hard
            day(date(2025, 5, 5), 60.0, 40.0, 0.0), // 60 = 1.5 × 40, not above
        ];
        let h = hard_days(&s, &[], &cfg);
        assert_eq!(
            h.iter().map(|d| d.date).collect::<Vec<_>>(),
            vec![date(2025, 5, 2), date(2025, 5, 4)]
        );
        assert_eq!(h[0].rule, "L-HARD");
        assert_eq!(h[0].reason, "load spike");
        assert_eq!(h[0].numbers, "load 61 > 1.5 × CTL 40.0 (60.0)");
    }

    #[test]
    fn first_day_and_gaps_are_never_spikes() {
        let s = [
            day(date(2025, 5, 1), 200.0, 5.0, 0.0),
            day(date(2025, 5, 3), 200.0, 5.0, 0.0),
        ];
        assert!(hard_days(&s, &[], &no_warm_up()).is_empty());
    }

    #[test]
    fn spikes_and_low_form_wait_for_enough_history() {
        // Every other day a run of 80 TRIMP from a standing start: CTL starts at 0.
        let d0 = date(2025, 1, 1);
        let loads: Vec<(Date, f64)> = (0..120)
            .step_by(2)
            .map(|i| (crate::days::add_days(d0, i), 80.0))
            .collect();
        let to = crate::days::add_days(d0, 119);
        let s = pmc(&loads, d0, to, &PmcConfig::default());
        let cfg = HardDayConfig::default();
        let first_judged = crate::days::add_days(d0, 42);
        let spikes = hard_days(&s, &[], &cfg);
        assert!(spikes.iter().all(|h| h.date >= first_judged), "{spikes:?}");
        let low = low_form_days(&s, &cfg);
        assert!(low.iter().all(|h| h.date >= first_judged), "{low:?}");
        // Without the requirement the early runs are all "spikes".
        let early = hard_days(&s, &[], &no_warm_up());
        assert!(early.iter().filter(|h| h.date < first_judged).count() >= 10);
    }

    #[test]
    fn long_session_marks_its_day() {
        let mins = [
            (date(2025, 5, 1), 89.9),
            (date(2025, 5, 2), 90.0),
            (date(2025, 5, 2), 30.0),
        ];
        let h = hard_days(&[], &mins, &HardDayConfig::default());
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].date, date(2025, 5, 2));
        assert_eq!(h[0].reason, "long session");
        assert_eq!(h[0].numbers, "90 min ≥ 90 min");
    }

    #[test]
    fn heavy_day_marks_two_days_and_merges() {
        let d1 = date(2025, 6, 1);
        let s = pmc(&[(d1, 320.0)], d1, d1, &PmcConfig::default());
        let mins = [(d1, 150.0)];
        let h = hard_days(&s, &mins, &HardDayConfig::default());
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].date, d1);
        assert_eq!(h[0].reason, "heavy day; long session");
        assert_eq!(
            h[0].numbers,
            "load 320 > 300 on 2025-06-01; 150 min ≥ 90 min"
        );
        assert_eq!(h[1].date, date(2025, 6, 2));
        assert_eq!(h[1].reason, "1 day(s) after a heavy day");
        let three = HardDayConfig {
            heavy_days: 3,
            ..HardDayConfig::default()
        };
        assert_eq!(hard_days(&s, &[], &three).len(), 3);
    }

    #[test]
    fn low_form_below_threshold() {
        let s = [
            day(date(2025, 5, 1), 0.0, 0.0, -20.0),
            day(date(2025, 5, 2), 0.0, 0.0, -20.5),
        ];
        let f = low_form_days(&s, &no_warm_up());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].date, date(2025, 5, 2));
        assert_eq!(f[0].rule, "L-FORM");
        assert_eq!(f[0].numbers, "TSB -20.5 < -20");
    }

    #[test]
    fn activity_minutes_prefers_moving_time() {
        let a = Activity {
            source: "x".into(),
            sport: crate::model::Sport::Run,
            start: "2025-05-01T23:30:00Z".parse().unwrap(),
            utc_offset_s: 0,
            elapsed_s: Some(6000.0),
            moving_s: Some(5400.0),
            distance_m: None,
            avg_hr: None,
            max_hr: None,
            ascent_m: None,
            hr_samples: Vec::new(),
        };
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        assert_eq!(
            activity_minutes(std::slice::from_ref(&a), &tz),
            vec![(date(2025, 5, 2), 90.0)]
        );
        // Every kind of run counts; rides, walks and the rest do not.
        use crate::model::Sport;
        let with = |sport: Sport| Activity { sport, ..a.clone() };
        let all: Vec<Activity> = [
            Sport::TrailRun,
            Sport::TreadmillRun,
            Sport::VirtualRun,
            Sport::Ride,
            Sport::Walk,
            Sport::Other,
        ]
        .into_iter()
        .map(with)
        .collect();
        assert_eq!(activity_minutes(&all, &tz).len(), 3);
    }
}
