//! Gathering a plan from its sources: a plan file (or the built-in example), a
//! published template, calendars, and recorded activities.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::context::{DayNote, Options, PlanContext};
use knead_core::days::add_days;
use knead_core::load;
use knead_core::model::{Athlete, Availability, Physiology, Plan, Prices};
use knead_formats::{classify, example, ics, plan_file, template};
use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::PlanSource;

/// A plan ready to schedule, with the options and what was noticed on the way.
pub struct Input {
    /// The plan.
    pub plan: Plan,
    /// Scheduling options.
    pub options: Options,
    /// Lines for standard error, each starting with what it is (`warning:`,
    /// `note:`, or a plan file's `file:line:column: warning:`).
    pub notes: Vec<String>,
    /// True when the plan is the built-in example.
    pub is_example: bool,
}

/// Reads a file into a string, naming it in the error.
pub fn read_text(path: &Path) -> miette::Result<String> {
    let bytes = std::fs::read(path)
        .into_diagnostic()
        .wrap_err_with(|| format!("could not read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        miette!(
            "{}: not UTF-8 text (invalid byte at offset {}); expected a text file",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads and checks a plan file.
pub fn read_plan_file(path: &Path, notes: &mut Vec<String>) -> miette::Result<Plan> {
    let text = read_text(path)?;
    let parsed =
        plan_file::parse(&path.display().to_string(), &text).map_err(miette::Report::new)?;
    notes.extend(parsed.warnings);
    Ok(parsed.plan)
}

/// The athlete assumed when a template is planned without a plan file
/// (documented in the README): 100 USD a month, typical US prices, no tools.
pub fn default_athlete() -> Athlete {
    Athlete {
        name: "Runner".into(),
        time_zone: "UTC".into(),
        currency: "USD".into(),
        monthly_budget: 10_000,
        prices: Prices {
            deep: 9_000,
            art: 10_000,
            swedish: 7_500,
        },
        tools: Vec::new(),
        regular_massage: false,
        injuries: Vec::new(),
        therapist: Availability::default(),
        health: Vec::new(),
        physiology: Physiology::default(),
    }
}

/// Cents from an amount in currency units.
pub fn cents(amount: f64) -> miette::Result<u32> {
    if !(0.0..=10_000_000.0).contains(&amount) {
        return Err(miette!(
            "--budget {amount}: expected an amount from 0 to 10000000"
        ));
    }
    Ok((amount * 100.0).round() as u32)
}

/// Gathers the plan from `src`.
pub fn gather(src: &PlanSource) -> miette::Result<Input> {
    let mut notes = Vec::new();
    let (mut plan, is_example) = match (&src.file, &src.template) {
        (Some(path), _) => (read_plan_file(path, &mut notes)?, false),
        (None, Some(_)) => (
            Plan {
                athlete: default_athlete(),
                workouts: vec![],
                races: vec![],
                bookings: vec![],
                units: src.units.to_distance_unit(),
            },
            false,
        ),
        (None, None) => (example::marathon(), true),
    };

    if let (Some(name), Some(race)) = (&src.template, src.race) {
        let t = template::load(name).map_err(miette::Report::new)?;
        let laid = template::schedule(&t, race, src.units.to_template());
        if let Some(goal) = laid.goal_race(&t)
            && !plan.races.iter().any(|r| r.date == goal.date)
        {
            plan.races.push(goal);
            plan.races.sort_by_key(|r| r.date);
        }
        notes.extend(laid.warnings.into_iter().map(|w| format!("warning: {w}")));
        plan.workouts.extend(laid.workouts);
        plan.workouts.sort_by_key(|w| w.date);
    }

    let tz = TimeZone::get(&plan.athlete.time_zone).unwrap_or(TimeZone::UTC);
    // The plan window is fixed before calendars come in (they are expanded over
    // it), but events a few weeks either side are read too: a race or a booking
    // just outside the window still bounds what may happen inside it.
    let mut window_from = src.options.from;
    let mut window_to = src.options.to;
    if !src.options.calendars.is_empty()
        && let Ok(ctx) = PlanContext::new(
            &plan,
            Options {
                from: src.options.from,
                to: src.options.to,
                ..Options::default()
            },
        )
    {
        window_from = Some(ctx.from);
        window_to = Some(ctx.to);
    }
    let (from, to) = window(&plan, window_from, window_to);
    let (from, to) = (
        add_days(from, -CALENDAR_MARGIN_DAYS),
        add_days(to, CALENDAR_MARGIN_DAYS),
    );
    for path in &src.options.calendars {
        let text = read_text(path)?;
        let imported = ics::import(
            &path.display().to_string(),
            &text,
            (from, to),
            &tz,
            |title| {
                let c = classify::classify_title(title, true);
                (c.kind, c.distance_km, c.minutes, c.recognised)
            },
        )
        .map_err(miette::Report::new)?;
        notes.extend(
            imported
                .warnings
                .into_iter()
                .map(|w| format!("warning: {w}")),
        );
        let (mut added_w, mut added_b) = (0, 0);
        for w in imported.workouts {
            if !plan
                .workouts
                .iter()
                .any(|x| x.date == w.date && x.title == w.title)
            {
                plan.workouts.push(w);
                added_w += 1;
            }
        }
        for b in imported.bookings {
            if !plan
                .bookings
                .iter()
                .any(|x| x.date == b.date && x.kind == b.kind)
            {
                plan.bookings.push(b);
                added_b += 1;
            }
        }
        notes.push(format!(
            "note: {}: {added_w} workout(s) and {added_b} booked massage(s) imported; {} other event(s) ignored; {} of knead's own event(s) recognised",
            path.display(),
            imported.ignored,
            imported.own_events
        ));
    }
    plan.workouts.sort_by_key(|w| w.date);
    plan.bookings.sort_by_key(|b| b.date);

    let mut options = Options {
        from: window_from,
        to: window_to,
        ..Options::default()
    };
    if let Some(b) = src.options.budget {
        options.budget = Some(cents(b)?);
    }
    if !src.options.history.is_empty() {
        let (hard, low, n) = history(&src.options.history, &plan, &tz, &mut notes)?;
        notes.push(format!(
            "note: history: {n} activities; {} hard day(s) and {} low-form day(s) found",
            hard.len(),
            low.len()
        ));
        options.history_hard = hard;
        options.low_form = low;
    }
    Ok(Input {
        plan,
        options,
        notes,
        is_example,
    })
}

/// Days before and after the plan window that calendars are read over.
const CALENDAR_MARGIN_DAYS: i64 = 35;

/// The window calendars are read over: the options, else the plan's dates
/// (plus a week after the last), else a year from today.
fn window(plan: &Plan, from: Option<Date>, to: Option<Date>) -> (Date, Date) {
    let dates = plan
        .workouts
        .iter()
        .map(|w| w.date)
        .chain(plan.races.iter().map(|r| r.date))
        .chain(plan.bookings.iter().map(|b| b.date));
    let (lo, hi) = dates.fold((None, None), |(lo, hi): (Option<Date>, Option<Date>), d| {
        (
            Some(lo.map_or(d, |l| l.min(d))),
            Some(hi.map_or(d, |h| h.max(d))),
        )
    });
    let today = jiff::ZonedDateTime::now().date();
    let from = from.or(lo).unwrap_or(today);
    let to = to
        .or(hi.map(|h| add_days(h, 7)))
        .unwrap_or(add_days(from, 365));
    (from, to.max(from))
}

type HistoryDays = (Vec<DayNote>, Vec<DayNote>, usize);

/// Reads recorded activities and turns their load into hard and low-form days.
fn history(
    paths: &[PathBuf],
    plan: &Plan,
    tz: &TimeZone,
    notes: &mut Vec<String>,
) -> miette::Result<HistoryDays> {
    let imported = knead_formats::activity::import(paths, None);
    for (_, err) in &imported.errors {
        notes.push(format!("warning: skipped: {err}"));
    }
    notes.extend(imported.warnings.iter().map(|w| format!("warning: {w}")));
    if imported.activities.is_empty() {
        return Err(miette!(
            "no activities could be read from the --history paths"
        ));
    }
    let p = &plan.athlete.physiology;
    let daily = load::daily_loads(&imported.activities, tz, p);
    let first = daily
        .first()
        .map(|d| d.0)
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let last = daily.last().map(|d| d.0).unwrap_or(first);
    let end = plan
        .workouts
        .iter()
        .map(|w| w.date)
        .max()
        .map_or(last, |d| d.max(last));
    let series = load::pmc(&daily, first, end, &load::PmcConfig::default());
    let cfg = load::HardDayConfig::default();
    let minutes = load::activity_minutes(&imported.activities, tz);
    let to_note = |h: load::HardDay| DayNote {
        date: h.date,
        rule_id: h.rule,
        reason: format!("{}: {}", h.reason, h.numbers),
    };
    let hard = load::hard_days(&series, &minutes, &cfg)
        .into_iter()
        .map(to_note)
        .collect();
    let low = load::low_form_days(&series, &cfg)
        .into_iter()
        .map(to_note)
        .collect();
    Ok((hard, low, imported.activities.len()))
}
