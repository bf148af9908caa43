use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::context::{Options, PlanContext};
use knead_core::load::{self, PmcConfig, PmcDay, TrimpMethod};
use knead_core::model::{Activity, Plan, Sport};
use knead_core::scheduler;
use knead_formats::activity::Import;
use serde::Serialize;

use crate::error::AppError;

/// `knead activities`: one row per activity, and the files that failed.
#[derive(Debug, Clone, Serialize)]
pub struct ActivitiesResponse {
    /// `knead-activities/1`.
    pub format: &'static str,
    /// Activities, duplicates removed, by start.
    pub activities: Vec<ActivityRow>,
    /// Files that could not be read, each with why.
    pub errors: Vec<FileProblem>,
    /// Files read with something odd (bytes after the document, say).
    pub warnings: Vec<FileProblem>,
    /// Activities dropped as copies of another.
    pub duplicates: usize,
    /// Each copy dropped: `{file, kept, start}`.
    pub dropped: Vec<DroppedCopy>,
}

/// An activity dropped as a copy of another.
#[derive(Debug, Clone, Serialize)]
pub struct DroppedCopy {
    /// The file whose activity was dropped.
    pub file: String,
    /// The file whose copy was kept.
    pub kept: String,
    /// When the dropped copy started (RFC 3339 with its own offset).
    pub start: String,
}

/// A recorded activity with its training load.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityRow {
    /// Where it was read from (a path, or `archive.zip!inner/path`).
    pub source: String,
    /// Its sport (docs/json.md lists the vocabulary).
    pub sport: Sport,
    /// Start, RFC 3339 with the activity's own UTC offset.
    pub start: String,
    /// Elapsed seconds.
    pub elapsed_s: Option<f64>,
    /// Moving seconds.
    pub moving_s: Option<f64>,
    /// Metres.
    pub distance_m: Option<f64>,
    /// Average heart rate.
    pub avg_hr: Option<f64>,
    /// Maximum heart rate.
    pub max_hr: Option<f64>,
    /// Metres climbed.
    pub ascent_m: Option<f64>,
    /// Banister TRIMP.
    pub trimp: Option<f64>,
    /// What the TRIMP was computed from.
    pub trimp_method: Option<TrimpMethod>,
}

/// A file that could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    /// The file (or `archive.zip!entry`).
    pub file: String,
    /// Why, naming the file.
    pub message: String,
}

fn round(x: Option<f64>, places: i32) -> Option<f64> {
    let f = 10f64.powi(places);
    x.filter(|v| v.is_finite()).map(|v| (v * f).round() / f)
}

/// The activities of `import` with their load, under the heart-rate settings
/// of `plan` (defaults without one).
pub fn activities(import: &Import, plan: Option<&Plan>) -> ActivitiesResponse {
    let physiology = plan.map(|p| p.athlete.physiology).unwrap_or_default();
    ActivitiesResponse {
        format: "knead-activities/1",
        activities: import
            .activities
            .iter()
            .map(|a| {
                let t = load::trimp(a, &physiology, None);
                ActivityRow {
                    source: a.source.clone(),
                    sport: a.sport,
                    start: a.start_rfc3339(),
                    elapsed_s: round(a.elapsed_s, 2),
                    moving_s: round(a.moving_s, 2),
                    distance_m: round(a.distance_m, 2),
                    avg_hr: round(a.avg_hr, 1),
                    max_hr: round(a.max_hr, 1),
                    ascent_m: round(a.ascent_m, 1),
                    trimp: round(t.map(|t| t.value), 1),
                    trimp_method: t.map(|t| t.method),
                }
            })
            .collect(),
        errors: import
            .errors
            .iter()
            .map(|(file, e)| FileProblem {
                file: file.clone(),
                message: e.to_string(),
            })
            .collect(),
        warnings: import
            .warnings
            .iter()
            .map(|w| FileProblem {
                file: w.file.clone(),
                message: w.to_string(),
            })
            .collect(),
        duplicates: import.dropped.len(),
        dropped: import
            .dropped
            .iter()
            .map(|d| DroppedCopy {
                file: d.dropped.clone(),
                kept: d.kept.clone(),
                start: d.start.clone(),
            })
            .collect(),
    }
}

/// `knead load`: the daily training-load chart.
#[derive(Debug, Clone, Serialize)]
pub struct LoadResponse {
    /// `knead-load/1`.
    pub format: &'static str,
    /// Every day from the first activity to the last.
    pub days: Vec<LoadDay>,
    /// The series unrounded, for charts.
    #[serde(skip)]
    pub series: Vec<PmcDay>,
    /// The plan's races and massages (booked and proposed), to mark on a
    /// chart; empty without a plan.
    pub marks: Vec<Mark>,
}

/// Something of the plan to mark on the load chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// The day.
    pub date: Date,
    /// `race` or `massage`.
    pub kind: MarkKind,
    /// The race's name or the massage's type.
    pub label: String,
}

/// What a [`Mark`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkKind {
    /// A race (a `[[races]]` entry or a race workout).
    Race,
    /// A professional massage, booked or proposed.
    Massage,
}

/// The races and the planned massages of `plan`, to mark on a load chart
/// (none when the plan cannot be scheduled).
pub fn marks(plan: &Plan) -> Vec<Mark> {
    let Ok(ctx) = PlanContext::new(plan, Options::default()) else {
        return Vec::new();
    };
    let mut marks: Vec<Mark> = ctx
        .races()
        .map(|r| Mark {
            date: r.date,
            kind: MarkKind::Race,
            label: r.name.clone(),
        })
        .collect();
    marks.extend(scheduler::solve(&ctx).massages.into_iter().map(|m| Mark {
        date: m.date,
        kind: MarkKind::Massage,
        label: m.kind.label().to_string(),
    }));
    marks
}

/// One day of the chart, rounded to a tenth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoadDay {
    /// The day.
    pub date: Date,
    /// TRIMP of the day.
    pub load: f64,
    /// Fitness.
    pub ctl: f64,
    /// Fatigue.
    pub atl: f64,
    /// Form: yesterday's CTL − ATL.
    pub tsb: f64,
    /// Acute:chronic workload ratio, when defined.
    pub acwr: Option<f64>,
}

/// The daily load of `activities`, in the time zone and with the heart-rate
/// settings of `plan` (UTC and defaults without one), with its races and
/// massages marked.
///
/// # Errors
/// [`AppError::Invalid`] when no activity has a duration, or the averaging
/// periods are outside 1-365 days.
pub fn load(
    activities: &[Activity],
    cfg: &PmcConfig,
    plan: Option<&Plan>,
) -> Result<LoadResponse, AppError> {
    let physiology = plan.map(|p| p.athlete.physiology).unwrap_or_default();
    let tz = plan.map_or(TimeZone::UTC, crate::season::time_zone);
    if !((1.0..=365.0).contains(&cfg.ctl_days) && (1.0..=365.0).contains(&cfg.atl_days)) {
        return Err(AppError::Invalid(
            "CTL and ATL days: expected numbers from 1 to 365".into(),
        ));
    }
    let daily = load::daily_loads(activities, &tz, &physiology);
    let (Some(first), Some(last)) = (daily.first(), daily.last()) else {
        return Err(AppError::Invalid("no activity has a duration".into()));
    };
    let series = load::pmc(&daily, first.0, last.0, cfg);
    let ratios = load::acwr(&series);
    let r = |x: f64| (x * 10.0).round() / 10.0;
    Ok(LoadResponse {
        format: "knead-load/1",
        days: series
            .iter()
            .zip(&ratios)
            .map(|(d, a)| LoadDay {
                date: d.date,
                load: r(d.load),
                ctl: r(d.ctl),
                atl: r(d.atl),
                tsb: r(d.tsb),
                acwr: a.ratio.map(|x| (x * 100.0).round() / 100.0),
            })
            .collect(),
        series,
        marks: plan.map(marks).unwrap_or_default(),
    })
}
