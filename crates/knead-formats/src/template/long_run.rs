//! Finding the week's long run in plans that do not name it.

use knead_core::model::{Workout, WorkoutKind};

/// One placed workout: its day index in the plan (`None` for a race the plan
/// does not hold), its week, the workout, and whether it may become the week's
/// long run.
pub(super) type Placed = (Option<usize>, usize, Workout, bool);

/// Makes a week's easy run its long run when it clearly is one (see the module
/// docs): strictly longer than every other run that week and at least 1.5 times
/// the median; then, on the weekday where those clear long runs mostly fall, an
/// easy run that is the week's longest (a step-back week).
pub(super) fn promote_long_runs(placed: &mut [Placed]) {
    // (index in `placed` of the week's longest candidate, whether it is clearly long).
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    let mut start = 0;
    while start < placed.len() {
        let week = placed[start].1;
        let end = start
            + placed[start..]
                .iter()
                .take_while(|(_, w, _, _)| *w == week)
                .count();
        // A race week's long effort is the race.
        if placed[start..end]
            .iter()
            .any(|(_, _, w, _)| w.kind == WorkoutKind::Race)
        {
            start = end;
            continue;
        }
        let runs: Vec<(usize, f64)> = (start..end)
            .filter(|&j| placed[j].2.kind.is_run() && placed[j].2.kind != WorkoutKind::Race)
            .filter_map(|j| placed[j].2.distance_km.map(|km| (j, km)))
            .collect();
        let best = runs
            .iter()
            .filter(|(j, _)| placed[*j].3)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some(&(j, km)) = best
            && runs.iter().all(|&(k, other)| k == j || other < km)
        {
            let mut sorted: Vec<f64> = runs.iter().map(|r| r.1).collect();
            sorted.sort_by(f64::total_cmp);
            let n = sorted.len();
            let median = if n % 2 == 1 {
                sorted[n / 2]
            } else {
                (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
            };
            candidates.push((j, km >= 1.5 * median));
        }
        start = end;
    }
    // The plan's long-run day: the weekday most clear long runs fall on.
    let weekday = |placed: &[Placed], j: usize| placed[j].0.map(|i| i % 7);
    let mut per_day = [0usize; 7];
    for &(j, clear) in &candidates {
        if clear && let Some(d) = weekday(placed, j) {
            per_day[d] += 1;
        }
    }
    let long_day = (0..7)
        .filter(|&d| per_day[d] > 0)
        .max_by_key(|&d| (per_day[d], 7 - d));
    for (j, clear) in candidates {
        if clear || (long_day.is_some() && weekday(placed, j) == long_day) {
            placed[j].2.kind = WorkoutKind::Long;
        }
    }
}
