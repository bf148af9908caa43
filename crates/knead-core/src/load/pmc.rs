//! The performance-management chart: fitness (CTL), fatigue (ATL) and form
//! (TSB) from a series of daily loads.
//!
//! With L_d the load of day d (the sum of the day's sessions, 0 on days
//! without any) and a gain k:
//!
//! * CTL_d = CTL_{d−1} + k_CTL·(L_d − CTL_{d−1}), N = 42 days by default;
//! * ATL_d = ATL_{d−1} + k_ATL·(L_d − ATL_{d−1}), N = 7 days by default;
//! * TSB_d = CTL_{d−1} − ATL_{d−1}: the form of a day is the balance of the
//!   previous day's fitness and fatigue, as TrainingPeaks \[TP-TSB\] and
//!   GoldenCheetah \[GC-P\] show it by default.
//!
//! The gain is k = 1/N under [`Weighting::Linear`] (TrainingPeaks \[TP-CTL\]) or
//! k = 1 − e^(−1/N) under [`Weighting::Exponential`]; the latter is exactly
//! GoldenCheetah's CTL_d = L_d·(1 − e^(−1/42)) + CTL_{d−1}·e^(−1/42). The two
//! differ little: 1/42 = 0.0238 against 0.0235, 1/7 = 0.143 against 0.133.

use crate::model::{Activity, Physiology};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// How a day's load moves CTL and ATL: the gain k for a time constant of N days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// k = 1/N, as TrainingPeaks computes CTL and ATL (the default).
    #[default]
    Linear,
    /// k = 1 − e^(−1/N), as GoldenCheetah computes LTS and STS.
    Exponential,
}

impl Weighting {
    /// The gain k for a time constant of `days`: 1/N or 1 − e^(−1/N).
    pub fn gain(self, days: f64) -> f64 {
        match self {
            Weighting::Linear => 1.0 / days,
            Weighting::Exponential => 1.0 - (-1.0 / days).exp(),
        }
    }
}

/// Time constants, weighting and starting values of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcConfig {
    /// Time constant of CTL (fitness) in days; default 42.
    pub ctl_days: f64,
    /// Time constant of ATL (fatigue) in days; default 7.
    pub atl_days: f64,
    /// How the gain follows from the time constant; default TrainingPeaks' 1/N.
    pub weighting: Weighting,
    /// CTL on the day before the series starts; default 0.
    pub seed_ctl: f64,
    /// ATL on the day before the series starts; default 0.
    pub seed_atl: f64,
}

impl Default for PmcConfig {
    /// TrainingPeaks: 42 and 7 days, k = 1/N, starting from zero.
    fn default() -> Self {
        PmcConfig {
            ctl_days: 42.0,
            atl_days: 7.0,
            weighting: Weighting::Linear,
            seed_ctl: 0.0,
            seed_atl: 0.0,
        }
    }
}

/// One day of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PmcDay {
    /// The day.
    pub date: Date,
    /// L_d: the summed load (TRIMP) of the day, 0 without activity.
    pub load: f64,
    /// CTL_d = CTL_{d−1} + k·(L_d − CTL_{d−1}), N = `ctl_days`: "fitness".
    pub ctl: f64,
    /// ATL_d = ATL_{d−1} + k·(L_d − ATL_{d−1}), N = `atl_days`: "fatigue".
    pub atl: f64,
    /// TSB_d = CTL_{d−1} − ATL_{d−1}: "form", from the previous day.
    pub tsb: f64,
}

/// The chart for every day from `from` to `to` inclusive (empty when `to` < `from`).
///
/// `daily_load` holds (day, load) pairs in any order; pairs on the same day are
/// summed, and days without a pair have load 0. The recursion starts on the
/// earlier of `from` and the first day with a load, from `cfg.seed_ctl` and
/// `cfg.seed_atl` on the day before, so loads before `from` still shape the
/// fitness and fatigue shown from `from` on; loads after `to` are ignored.
/// Non-finite loads count as 0.
pub fn pmc(daily_load: &[(Date, f64)], from: Date, to: Date, cfg: &PmcConfig) -> Vec<PmcDay> {
    if to < from {
        return Vec::new();
    }
    let mut loads: Vec<(Date, f64)> = daily_load
        .iter()
        .copied()
        .filter(|&(d, l)| d <= to && l.is_finite())
        .collect();
    loads.sort_by_key(|&(d, _)| d);
    let start = loads.first().map_or(from, |&(d, _)| d.min(from));
    let k_ctl = cfg.weighting.gain(cfg.ctl_days);
    let k_atl = cfg.weighting.gain(cfg.atl_days);
    let (mut ctl, mut atl) = (cfg.seed_ctl, cfg.seed_atl);
    let mut next = loads.iter().peekable();
    let mut out = Vec::new();
    let mut day = start;
    loop {
        let mut load = 0.0;
        while let Some(&&(d, l)) = next.peek()
            && d == day
        {
            load += l;
            next.next();
        }
        let tsb = ctl - atl;
        ctl += k_ctl * (load - ctl);
        atl += k_atl * (load - atl);
        if day >= from {
            out.push(PmcDay {
                date: day,
                load,
                ctl,
                atl,
                tsb,
            });
        }
        if day >= to {
            break;
        }
        match day.tomorrow() {
            Ok(d) => day = d,
            Err(_) => break,
        }
    }
    out
}

/// The local civil date of an instant in `tz`.
pub fn local_date(ts: jiff::Timestamp, tz: &TimeZone) -> Date {
    tz.to_datetime(ts).date()
}

/// Daily loads from recorded activities: each activity's [`trimp`](super::trimp())
/// (without a kind hint) placed on the local date of its start in `tz`, summed
/// per day, sorted by date. Activities without a duration add nothing; days
/// without activity are absent (and count 0 in [`pmc`]).
pub fn daily_loads(activities: &[Activity], tz: &TimeZone, p: &Physiology) -> Vec<(Date, f64)> {
    let mut out: Vec<(Date, f64)> = Vec::new();
    let mut dated: Vec<(Date, f64)> = activities
        .iter()
        .filter_map(|a| super::trimp(a, p, None).map(|t| (local_date(a.start, tz), t.value)))
        .collect();
    dated.sort_by_key(|&(d, _)| d);
    for (d, v) in dated {
        match out.last_mut() {
            Some((last, sum)) if *last == d => *sum += v,
            _ => out.push((d, v)),
        }
    }
    out
}

/// One day of the acute:chronic workload ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AcwrDay {
    /// The day.
    pub date: Date,
    /// mean(L_{d−6..d}) / mean(L_{d−27..d}); `None` before 28 days of history
    /// or when the 28-day mean is 0.
    pub ratio: Option<f64>,
}

/// The rolling, coupled acute:chronic workload ratio of a [`pmc`] series: the
/// mean load of the last 7 days (the day itself included) over the mean load of
/// the last 28 days (the same 7 included), evidence.md §2 \[EWM\].
///
/// Show it as a trend of how this week compares with the last four, never as
/// an injury risk: random chronic loads predict injuries about as well
/// \[IMP20b\], and the 0.8–1.3 "sweet spot" is unsupported \[EWM\].
///
/// `series` must hold consecutive days, as [`pmc`] returns them; the first 27
/// days have no ratio.
pub fn acwr(series: &[PmcDay]) -> Vec<AcwrDay> {
    series
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let ratio = (i >= 27).then(|| {
                let acute: f64 = series[i - 6..=i].iter().map(|d| d.load).sum::<f64>() / 7.0;
                let chronic: f64 = series[i - 27..=i].iter().map(|d| d.load).sum::<f64>() / 28.0;
                (chronic > 0.0).then(|| acute / chronic)
            });
            AcwrDay {
                date: day.date,
                ratio: ratio.flatten(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sex, Sport};
    use jiff::civil::date;

    const EPS: f64 = 1e-9;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < EPS
    }

    #[test]
    fn hand_computed_linear() {
        // Loads 100, 0, 50 from zero, k = 1/42 and 1/7.
        let d1 = date(2025, 3, 1);
        let loads = [(d1, 100.0), (date(2025, 3, 3), 50.0)];
        let s = pmc(&loads, d1, date(2025, 3, 3), &PmcConfig::default());
        assert_eq!(s.len(), 3);
        // Day 1: CTL = 100/42 = 2.380952..., ATL = 100/7 = 14.285714..., TSB = 0 − 0.
        let (ctl1, atl1) = (100.0 / 42.0, 100.0 / 7.0);
        assert!(close(s[0].ctl, ctl1) && close(s[0].atl, atl1) && close(s[0].tsb, 0.0));
        assert!((ctl1 - 2.380952).abs() < 1e-6 && (atl1 - 14.285714).abs() < 1e-6);
        // Day 2: CTL = 2.381·41/42 = 2.324263, ATL = 14.286·6/7 = 12.244898,
        // TSB = 2.380952 − 14.285714 = −11.904762.
        let (ctl2, atl2) = (ctl1 * 41.0 / 42.0, atl1 * 6.0 / 7.0);
        assert!(close(s[1].load, 0.0) && close(s[1].ctl, ctl2) && close(s[1].atl, atl2));
        assert!(close(s[1].tsb, ctl1 - atl1));
        assert!((s[1].tsb - -11.904762).abs() < 1e-6);
        // Day 3: CTL = 2.324263 + (50 − 2.324263)/42 = 3.459400,
        // ATL = 12.244898 + (50 − 12.244898)/7 = 17.638484, TSB = 2.324263 − 12.244898.
        let (ctl3, atl3) = (ctl2 + (50.0 - ctl2) / 42.0, atl2 + (50.0 - atl2) / 7.0);
        assert!(close(s[2].ctl, ctl3) && close(s[2].atl, atl3) && close(s[2].tsb, ctl2 - atl2));
        assert!((s[2].ctl - 3.459400).abs() < 1e-6 && (s[2].atl - 17.638484).abs() < 1e-6);
        assert!((s[2].tsb - -9.920635).abs() < 1e-6);
    }

    #[test]
    fn hand_computed_exponential_is_goldencheetah() {
        let cfg = PmcConfig {
            weighting: Weighting::Exponential,
            ..PmcConfig::default()
        };
        let d1 = date(2025, 3, 1);
        let s = pmc(
            &[(d1, 100.0), (date(2025, 3, 3), 50.0)],
            d1,
            date(2025, 3, 3),
            &cfg,
        );
        // GoldenCheetah's form: X_d = L_d·(1 − e^(−1/N)) + X_{d−1}·e^(−1/N).
        let (e42, e7) = ((-1.0f64 / 42.0).exp(), (-1.0f64 / 7.0).exp());
        let (ctl1, atl1) = (100.0 * (1.0 - e42), 100.0 * (1.0 - e7));
        let (ctl2, atl2) = (ctl1 * e42, atl1 * e7);
        let (ctl3, atl3) = (
            50.0 * (1.0 - e42) + ctl2 * e42,
            50.0 * (1.0 - e7) + atl2 * e7,
        );
        assert!(close(s[0].ctl, ctl1) && close(s[0].atl, atl1) && close(s[0].tsb, 0.0));
        assert!(close(s[1].ctl, ctl2) && close(s[1].atl, atl2) && close(s[1].tsb, ctl1 - atl1));
        assert!(close(s[2].ctl, ctl3) && close(s[2].atl, atl3) && close(s[2].tsb, ctl2 - atl2));
        // 1 − e^(−1/42) = 0.023528..., 1 − e^(−1/7) = 0.133122...
        assert!((s[0].ctl - 2.3528).abs() < 1e-4 && (s[0].atl - 13.3122).abs() < 1e-4);
        // The gains are smaller than 1/N.
        assert!(s[0].ctl < 100.0 / 42.0 && s[0].atl < 100.0 / 7.0);
    }

    #[test]
    fn seeds_sums_and_window() {
        let cfg = PmcConfig {
            seed_ctl: 50.0,
            seed_atl: 70.0,
            ..PmcConfig::default()
        };
        let d = date(2025, 1, 10);
        // Two sessions on one day are summed.
        let s = pmc(&[(d, 30.0), (d, 20.0)], d, d, &cfg);
        assert_eq!(s.len(), 1);
        assert!(close(s[0].load, 50.0));
        assert!(close(s[0].tsb, -20.0));
        assert!(close(s[0].ctl, 50.0) && close(s[0].atl, 70.0 + (50.0 - 70.0) / 7.0));
        // A load before `from` warms the series up; one after `to` is ignored.
        let early = date(2025, 1, 8);
        let s = pmc(
            &[(early, 70.0), (date(2025, 1, 12), 999.0)],
            d,
            date(2025, 1, 11),
            &PmcConfig::default(),
        );
        assert_eq!(
            s.iter().map(|p| p.date).collect::<Vec<_>>(),
            vec![d, date(2025, 1, 11)]
        );
        assert!(close(s[0].ctl, 70.0 / 42.0 * (41.0f64 / 42.0).powi(2)));
        assert!(close(s[1].load, 0.0));
        assert!(pmc(&[], d, early, &PmcConfig::default()).is_empty());
    }

    fn run_at(ts: &str, minutes: f64, hr: f64) -> Activity {
        Activity {
            source: ts.into(),
            sport: Sport::Run,
            start: ts.parse().unwrap(),
            utc_offset_s: 0,
            elapsed_s: Some(minutes * 60.0),
            moving_s: Some(minutes * 60.0),
            distance_m: None,
            avg_hr: Some(hr),
            max_hr: None,
            ascent_m: None,
            hr_samples: Vec::new(),
        }
    }

    #[test]
    fn daily_loads_use_the_local_date() {
        let p = Physiology {
            sex: Sex::Male,
            resting_hr: 60,
            max_hr: 190,
        };
        let tz = TimeZone::get("America/New_York").unwrap();
        let acts = [
            // 02:00 UTC on 2 March is 21:00 on 1 March in New York.
            run_at("2025-03-02T02:00:00Z", 60.0, 125.0),
            run_at("2025-03-01T12:00:00Z", 30.0, 125.0),
            run_at("2025-03-02T15:00:00Z", 60.0, 125.0),
        ];
        let per_hour = 60.0 * 0.5 * 0.64 * 0.96f64.exp();
        let loads = daily_loads(&acts, &tz, &p);
        assert_eq!(loads.len(), 2);
        assert_eq!(loads[0].0, date(2025, 3, 1));
        assert!(close(loads[0].1, 1.5 * per_hour));
        assert_eq!(loads[1].0, date(2025, 3, 2));
        assert!(close(loads[1].1, per_hour));
        // In UTC the late run moves to 2 March.
        let utc = daily_loads(&acts, &TimeZone::UTC, &p);
        assert!(close(utc[0].1, 0.5 * per_hour) && close(utc[1].1, 2.0 * per_hour));
    }

    #[test]
    fn acwr_is_coupled_and_rolling() {
        let d0 = date(2025, 1, 1);
        // 21 days at 10, then 7 days at 40: acute 40, chronic (210 + 280)/28 = 17.5.
        let loads: Vec<(Date, f64)> = (0..28)
            .map(|i| {
                (
                    d0.checked_add(jiff::Span::new().days(i)).unwrap(),
                    if i < 21 { 10.0 } else { 40.0 },
                )
            })
            .collect();
        let s = pmc(&loads, d0, loads[27].0, &PmcConfig::default());
        let r = acwr(&s);
        assert_eq!(r.len(), 28);
        assert!(r[..27].iter().all(|d| d.ratio.is_none()));
        assert!(close(r[27].ratio.unwrap(), 40.0 / 17.5));
        let zero = pmc(&[], d0, loads[27].0, &PmcConfig::default());
        assert_eq!(acwr(&zero)[27].ratio, None);
    }
}
