//! Banister's training impulse (TRIMP) for one recorded activity.
//!
//! TRIMP = Σ minutes × x × a·e^(b·x), where x = (HR − HR_rest)/(HR_max − HR_rest)
//! is the fraction of heart-rate reserve, clamped to [0, 1], and the weighting is
//! a = 0.64, b = 1.92 for men and a = 0.86, b = 1.67 for women (Morton/Banister
//! 1990, evidence.md §2 \[ICU\]). One hour at x = 0.5 scores 60 × 0.5 × 0.64·e^0.96
//! ≈ 50 for a man.
//!
//! GoldenCheetah computes TRIMP from the session-average heart rate with a = 0.64
//! for both sexes \[GC-T\]; knead prefers the sample sum, because an average
//! under-scores intervals \[FEL\], and uses the sex-specific a of the original.
//!
//! The sources of x, in order of preference ([`TrimpMethod`]):
//!
//! 1. heart-rate samples ([`TrimpMethod::HeartRateSamples`]);
//! 2. the session-average heart rate over moving time, else elapsed time
//!    ([`TrimpMethod::AverageHeartRate`]);
//! 3. for runs without heart rate, the pace ([`TrimpMethod::Pace`]);
//! 4. otherwise the kind of workout ([`TrimpMethod::Duration`]).
//!
//! The estimates of 3 and 4 are design choices of knead, not published models:
//! they put a session with no heart rate on the same scale, roughly.

use crate::model::{Activity, Physiology, Sex, WorkoutKind};
use serde::{Deserialize, Serialize};

/// Which data a TRIMP value was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrimpMethod {
    /// Σ over heart-rate samples of (minutes to the next sample) × x × a·e^(b·x).
    HeartRateSamples,
    /// Moving (else elapsed) minutes × x × a·e^(b·x), x from the average heart rate.
    AverageHeartRate,
    /// Moving (else elapsed) minutes × the weighting of an x estimated from the
    /// pace ([`TrimpConfig::pace_intensity`]).
    Pace,
    /// Moving (else elapsed) minutes × the weighting of an x chosen by the kind
    /// of workout ([`kind_intensity`]).
    Duration,
}

/// A TRIMP value and the method behind it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrimpResult {
    /// Banister TRIMP, in arbitrary units (≈ 50 for an hour at half the heart-rate reserve).
    pub value: f64,
    /// Which data the value was computed from.
    pub method: TrimpMethod,
}

/// Tunables of the TRIMP estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrimpConfig {
    /// The longest time, in seconds, one heart-rate sample may stand for
    /// (default 30 s). A sample counts until the next one; a longer gap (a
    /// pause, a strap drop-out) counts only this long, so a watch left on a
    /// café table adds at most this much.
    pub max_sample_gap_s: f64,
    /// Threshold pace in seconds per kilometre used by the pace estimate
    /// (default 300 s/km, 5:00 min/km: a design choice, roughly the one-hour
    /// race pace of a 3:30 marathoner).
    pub threshold_pace_s_per_km: f64,
}

impl Default for TrimpConfig {
    /// 30 s sample cap, threshold pace 5:00 min/km.
    fn default() -> Self {
        TrimpConfig {
            max_sample_gap_s: 30.0,
            threshold_pace_s_per_km: 300.0,
        }
    }
}

impl TrimpConfig {
    /// The fraction of heart-rate reserve x estimated from an average speed:
    /// with r = speed / threshold speed (threshold speed = 1000 / threshold pace,
    /// in m/s),
    ///
    /// x = clamp(0.85 + (r − 1), 0.3, 1.0)
    ///
    /// so threshold pace maps to x = 0.85 (close to the 0.83 of heart-rate
    /// reserve at lactate threshold used by open hrTSS versions, evidence.md §2
    /// \[PACE\]), 70 % of threshold speed (an easy run) to 0.55, and each 1 % of
    /// speed moves x by 0.01. A design choice, not a validated model.
    pub fn pace_intensity(&self, speed_m_s: f64) -> f64 {
        let threshold_speed = 1000.0 / self.threshold_pace_s_per_km;
        let r = speed_m_s / threshold_speed;
        (0.85 + (r - 1.0)).clamp(0.3, 1.0)
    }
}

/// Banister's weighting constants (a, b) for `sex`: (0.64, 1.92) for men,
/// (0.86, 1.67) for women.
pub fn weighting(sex: Sex) -> (f64, f64) {
    match sex {
        Sex::Male => (0.64, 1.92),
        Sex::Female => (0.86, 1.67),
    }
}

/// TRIMP per minute at a fraction of heart-rate reserve `x`: x × a·e^(b·x),
/// with x clamped to [0, 1] first and (a, b) from [`weighting`].
pub fn per_minute(x: f64, sex: Sex) -> f64 {
    let x = x.clamp(0.0, 1.0);
    let (a, b) = weighting(sex);
    x * a * (b * x).exp()
}

/// The fraction of heart-rate reserve x = (hr − HR_rest)/(HR_max − HR_rest),
/// clamped to [0, 1]; `None` when `hr` is not a positive finite number or the
/// physiology has no reserve (HR_max ≤ HR_rest).
pub fn hr_reserve_fraction(hr: f64, p: &Physiology) -> Option<f64> {
    let rest = f64::from(p.resting_hr);
    let max = f64::from(p.max_hr);
    if !hr.is_finite() || hr <= 0.0 || max <= rest {
        return None;
    }
    Some(((hr - rest) / (max - rest)).clamp(0.0, 1.0))
}

/// The fraction of heart-rate reserve assumed for a session of `kind` when
/// neither heart rate nor pace is known. Design choices, not measurements:
/// easy and recovery 0.5, long 0.6, tempo 0.8, intervals 0.85, hills 0.8,
/// race 0.9, cross-training 0.45, strength 0.4, rest 0.
pub fn kind_intensity(kind: WorkoutKind) -> f64 {
    match kind {
        WorkoutKind::Rest => 0.0,
        WorkoutKind::Easy | WorkoutKind::Recovery => 0.5,
        WorkoutKind::Long => 0.6,
        WorkoutKind::Tempo => 0.8,
        WorkoutKind::Intervals => 0.85,
        WorkoutKind::Hills => 0.8,
        WorkoutKind::Race => 0.9,
        WorkoutKind::Cross => 0.45,
        WorkoutKind::Strength => 0.4,
    }
}

/// [`trimp_with`] under the default [`TrimpConfig`].
pub fn trimp(a: &Activity, p: &Physiology, kind_hint: Option<WorkoutKind>) -> Option<TrimpResult> {
    trimp_with(a, p, kind_hint, &TrimpConfig::default())
}

/// Banister TRIMP of one activity, from the best data it has.
///
/// 1. **Heart-rate samples** (`Activity::hr_samples`, (seconds since start,
///    bpm)): TRIMP = Σ_i (Δt_i / 60) × x_i × a·e^(b·x_i), where sample i counts
///    for Δt_i = t_{i+1} − t_i, capped at [`TrimpConfig::max_sample_gap_s`]
///    (negative steps count 0); the last sample counts until the end of the
///    activity (elapsed, else moving time), with the same cap, or 0 when no end
///    is known. Samples with a non-positive or non-finite bpm count 0 (a
///    drop-out). Used when the samples cover more than zero seconds.
/// 2. **Average heart rate**: minutes × x × a·e^(b·x), minutes from moving time,
///    else elapsed time (as GoldenCheetah does).
/// 3. **Pace** (runs of any kind, with a distance): x from
///    [`TrimpConfig::pace_intensity`] of distance / time.
/// 4. **Duration**: x from [`kind_intensity`] of `kind_hint`, else of the sport
///    (any kind of run → easy, anything else → cross-training).
///
/// Heart rate is ignored when the physiology has no reserve (max ≤ resting).
/// Returns `None` only when the activity has no duration at all (no samples
/// covering time, no positive moving or elapsed time).
pub fn trimp_with(
    a: &Activity,
    p: &Physiology,
    kind_hint: Option<WorkoutKind>,
    cfg: &TrimpConfig,
) -> Option<TrimpResult> {
    if let Some(value) = sample_trimp(a, p, cfg) {
        return Some(TrimpResult {
            value,
            method: TrimpMethod::HeartRateSamples,
        });
    }
    let seconds = [a.moving_s, a.elapsed_s]
        .into_iter()
        .flatten()
        .find(|s| s.is_finite() && *s > 0.0)?;
    let minutes = seconds / 60.0;
    if let Some(x) = a.avg_hr.and_then(|hr| hr_reserve_fraction(hr, p)) {
        return Some(TrimpResult {
            value: minutes * per_minute(x, p.sex),
            method: TrimpMethod::AverageHeartRate,
        });
    }
    if a.sport.is_run()
        && let Some(d) = a.distance_m.filter(|d| d.is_finite() && *d > 0.0)
    {
        let x = cfg.pace_intensity(d / seconds);
        return Some(TrimpResult {
            value: minutes * per_minute(x, p.sex),
            method: TrimpMethod::Pace,
        });
    }
    let kind = kind_hint.unwrap_or(if a.sport.is_run() {
        WorkoutKind::Easy
    } else {
        WorkoutKind::Cross
    });
    Some(TrimpResult {
        value: minutes * per_minute(kind_intensity(kind), p.sex),
        method: TrimpMethod::Duration,
    })
}

/// The sample sum of [`trimp_with`] step 1, or `None` when the samples cover no time.
fn sample_trimp(a: &Activity, p: &Physiology, cfg: &TrimpConfig) -> Option<f64> {
    let samples = &a.hr_samples;
    let end = [a.elapsed_s, a.moving_s]
        .into_iter()
        .flatten()
        .find(|s| s.is_finite());
    let mut covered = 0.0;
    let mut total = 0.0;
    for (i, &(t, bpm)) in samples.iter().enumerate() {
        let next = match samples.get(i + 1) {
            Some(&(t_next, _)) => t_next,
            None => end.unwrap_or(t),
        };
        let dt = (next - t).clamp(0.0, cfg.max_sample_gap_s);
        if !dt.is_finite() || dt == 0.0 {
            continue;
        }
        let Some(x) = hr_reserve_fraction(bpm, p) else {
            continue;
        };
        covered += dt;
        total += dt / 60.0 * per_minute(x, p.sex);
    }
    (covered > 0.0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sport;

    fn activity() -> Activity {
        Activity {
            source: "test".into(),
            sport: Sport::Run,
            start: jiff::Timestamp::UNIX_EPOCH,
            utc_offset_s: 0,
            elapsed_s: None,
            moving_s: None,
            distance_m: None,
            avg_hr: None,
            max_hr: None,
            ascent_m: None,
            hr_samples: Vec::new(),
        }
    }

    fn phys(sex: Sex) -> Physiology {
        Physiology {
            sex,
            resting_hr: 60,
            max_hr: 190,
        }
    }

    #[test]
    fn constant_hr_samples_equal_the_closed_form() {
        // One sample a second at 150 bpm for an hour: x = 90/130.
        let mut a = activity();
        a.hr_samples = (0..=3600).map(|t| (f64::from(t), 150.0)).collect();
        a.elapsed_s = Some(3600.0);
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        let x: f64 = 90.0 / 130.0;
        let closed = 60.0 * x * 0.64 * (1.92 * x).exp();
        assert_eq!(r.method, TrimpMethod::HeartRateSamples);
        assert!((r.value - closed).abs() < 1e-9, "{} vs {closed}", r.value);
        // 60 × 0.6923 × 0.64 × e^1.3292 = 100.44...
        assert!((r.value - 100.44).abs() < 0.01, "{}", r.value);
    }

    #[test]
    fn samples_beat_the_average_on_intervals() {
        // Alternating 2 min at 180 and 2 min at 120 for 40 min; average 150.
        let mut a = activity();
        a.hr_samples = (0..2400)
            .step_by(5)
            .map(|t| (f64::from(t), if (t / 120) % 2 == 0 { 180.0 } else { 120.0 }))
            .collect();
        a.elapsed_s = Some(2400.0);
        a.moving_s = Some(2400.0);
        a.avg_hr = Some(150.0);
        let p = phys(Sex::Male);
        let from_samples = trimp(&a, &p, None).unwrap().value;
        a.hr_samples.clear();
        let from_average = trimp(&a, &p, None).unwrap();
        assert_eq!(from_average.method, TrimpMethod::AverageHeartRate);
        let expected = 20.0 * per_minute(120.0 / 130.0, Sex::Male)
            + 20.0 * per_minute(60.0 / 130.0, Sex::Male);
        assert!((from_samples - expected).abs() < 1e-9);
        assert!(
            from_samples > from_average.value + 1.0,
            "{from_samples} vs {}",
            from_average.value
        );
    }

    #[test]
    fn sample_gaps_are_capped() {
        // Two samples 10 minutes apart at 150 bpm, then the end 10 s later:
        // the first counts 30 s, the last 10 s.
        let mut a = activity();
        a.hr_samples = vec![(0.0, 150.0), (600.0, 150.0)];
        a.elapsed_s = Some(610.0);
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        let expected = 40.0 / 60.0 * per_minute(90.0 / 130.0, Sex::Male);
        assert!((r.value - expected).abs() < 1e-12);
        // A custom cap of 600 s counts the whole gap.
        let cfg = TrimpConfig {
            max_sample_gap_s: 600.0,
            ..TrimpConfig::default()
        };
        let r = trimp_with(&a, &phys(Sex::Male), None, &cfg).unwrap();
        assert!((r.value - 610.0 / 60.0 * per_minute(90.0 / 130.0, Sex::Male)).abs() < 1e-12);
    }

    #[test]
    fn average_hr_uses_moving_time_before_elapsed() {
        let mut a = activity();
        a.avg_hr = Some(125.0);
        a.elapsed_s = Some(3600.0);
        a.moving_s = Some(3000.0);
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        assert!((r.value - 50.0 * per_minute(0.5, Sex::Male)).abs() < 1e-12);
        a.moving_s = None;
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        assert!((r.value - 60.0 * per_minute(0.5, Sex::Male)).abs() < 1e-12);
    }

    #[test]
    fn female_weighting_differs_as_expected() {
        // Women: 0.86·e^(1.67x); men: 0.64·e^(1.92x). The curves cross where
        // 0.86/0.64 = e^(0.25x), x = 4·ln(1.34375) ≈ 1.18 > 1, so within [0, 1]
        // the female weighting is always the larger.
        for x in [0.1, 0.5, 0.9, 1.0] {
            let f = per_minute(x, Sex::Female);
            let m = per_minute(x, Sex::Male);
            assert!((f - x * 0.86 * (1.67 * x).exp()).abs() < 1e-12);
            assert!((m - x * 0.64 * (1.92 * x).exp()).abs() < 1e-12);
            assert!(f > m, "x = {x}");
        }
        let mut a = activity();
        a.avg_hr = Some(125.0);
        a.moving_s = Some(3600.0);
        let f = trimp(&a, &phys(Sex::Female), None).unwrap().value;
        let m = trimp(&a, &phys(Sex::Male), None).unwrap().value;
        assert!((f / m - (0.86 * (1.67f64 * 0.5).exp()) / (0.64 * (0.96f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn x_is_clamped() {
        let p = phys(Sex::Male);
        assert_eq!(hr_reserve_fraction(40.0, &p), Some(0.0));
        assert_eq!(hr_reserve_fraction(220.0, &p), Some(1.0));
        assert_eq!(per_minute(1.5, Sex::Male), per_minute(1.0, Sex::Male));
        assert_eq!(per_minute(-0.2, Sex::Male), 0.0);
        let mut a = activity();
        a.moving_s = Some(600.0);
        a.avg_hr = Some(250.0);
        let r = trimp(&a, &p, None).unwrap();
        assert!((r.value - 10.0 * 0.64 * 1.92f64.exp()).abs() < 1e-12);
        assert_eq!(
            hr_reserve_fraction(150.0, &Physiology { max_hr: 60, ..p }),
            None
        );
    }

    #[test]
    fn pace_fallback_for_runs() {
        let mut a = activity();
        a.moving_s = Some(3000.0);
        a.distance_m = Some(10_000.0); // 5:00 min/km, the default threshold
        let r = trimp(&a, &phys(Sex::Male), Some(WorkoutKind::Easy)).unwrap();
        assert_eq!(r.method, TrimpMethod::Pace);
        assert!((r.value - 50.0 * per_minute(0.85, Sex::Male)).abs() < 1e-12);
        let cfg = TrimpConfig::default();
        assert!((cfg.pace_intensity(1000.0 / 300.0 * 0.7) - 0.55).abs() < 1e-12);
        assert_eq!(cfg.pace_intensity(0.5), 0.3);
        assert_eq!(cfg.pace_intensity(10.0), 1.0);
        // Every running sub-kind is paced; a walk of the same pace is not.
        for sport in [Sport::TrailRun, Sport::TreadmillRun, Sport::TrackRun] {
            a.sport = sport;
            let r = trimp(&a, &phys(Sex::Male), None).unwrap();
            assert_eq!(r.method, TrimpMethod::Pace, "{sport}");
        }
        a.sport = Sport::Walk;
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        assert_eq!(r.method, TrimpMethod::Duration);
        assert!((r.value - 50.0 * per_minute(0.45, Sex::Male)).abs() < 1e-12);
    }

    #[test]
    fn kind_fallback_without_hr_or_pace() {
        let mut a = activity();
        a.sport = Sport::Ride;
        a.elapsed_s = Some(3600.0);
        let r = trimp(&a, &phys(Sex::Male), Some(WorkoutKind::Intervals)).unwrap();
        assert_eq!(r.method, TrimpMethod::Duration);
        assert!((r.value - 60.0 * per_minute(0.85, Sex::Male)).abs() < 1e-12);
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        assert!((r.value - 60.0 * per_minute(0.45, Sex::Male)).abs() < 1e-12);
        // A run without distance falls back to its kind too (easy when unknown).
        a.sport = Sport::Run;
        let r = trimp(&a, &phys(Sex::Male), None).unwrap();
        assert_eq!(r.method, TrimpMethod::Duration);
        assert!((r.value - 60.0 * per_minute(0.5, Sex::Male)).abs() < 1e-12);
    }

    #[test]
    fn none_only_without_duration() {
        let mut a = activity();
        a.avg_hr = Some(150.0);
        a.distance_m = Some(5000.0);
        assert_eq!(trimp(&a, &phys(Sex::Male), Some(WorkoutKind::Race)), None);
        // A single sample with no end covers no time either.
        a.hr_samples = vec![(0.0, 150.0)];
        assert_eq!(trimp(&a, &phys(Sex::Male), None), None);
        a.moving_s = Some(60.0);
        assert!(trimp(&a, &phys(Sex::Male), None).is_some());
    }

    #[test]
    fn hr_ignored_without_reserve() {
        let mut a = activity();
        a.moving_s = Some(3600.0);
        a.avg_hr = Some(150.0);
        a.hr_samples = vec![(0.0, 150.0), (1.0, 150.0)];
        let p = Physiology {
            sex: Sex::Male,
            resting_hr: 190,
            max_hr: 190,
        };
        let r = trimp(&a, &p, Some(WorkoutKind::Tempo)).unwrap();
        assert_eq!(r.method, TrimpMethod::Duration);
    }
}
