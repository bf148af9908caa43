//! A season: the plan gathered from its sources, the window fixed once, and
//! the options the scheduler takes, with everything noticed on the way.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::context::{self, Options, PlanContext, PlanProblem};
use knead_core::days::add_days;
use knead_core::model::{Athlete, Availability, Cents, DistanceUnit, Physiology, Plan, Prices};
use knead_formats::activity::Import;
use knead_formats::template::{self, Template};
use knead_formats::{classify, example, ics, plan_file};

use crate::error::AppError;
use crate::history;
use crate::notice::Notice;

/// A text file's name (for messages) and content.
#[derive(Debug, Clone, Copy)]
pub struct TextFile<'a> {
    /// The name used in messages: a path, an upload's file name, `<stdin>`.
    pub name: &'a str,
    /// The content.
    pub text: &'a str,
}

/// Where the plan itself comes from.
#[derive(Debug, Clone, Copy)]
pub enum PlanSource<'a> {
    /// A plan file (TOML, docs/plan-format.md).
    File(TextFile<'a>),
    /// The built-in example (an 18-week marathon build).
    Example,
    /// No plan file: the template's workouts for the default athlete
    /// ([`default_athlete`]).
    DefaultAthlete,
}

/// A published plan laid out back from race day.
#[derive(Debug, Clone, Copy)]
pub struct TemplateChoice<'a> {
    /// The template, already loaded.
    pub template: &'a Template,
    /// Race day: the plan's last day.
    pub race: Date,
    /// Units its titles are read in.
    pub units: DistanceUnit,
}

/// Everything a season is gathered from.
#[derive(Debug, Clone)]
pub struct SeasonInput<'a> {
    /// The plan.
    pub plan: PlanSource<'a>,
    /// A published plan to add.
    pub template: Option<TemplateChoice<'a>>,
    /// Calendars to import workouts and booked massages from.
    pub calendars: Vec<TextFile<'a>>,
    /// Recorded activities (already read, with the files that failed) whose
    /// load marks hard and low-form days.
    pub history: Option<&'a Import>,
    /// First day to plan, instead of the plan's first.
    pub from: Option<Date>,
    /// Last day to plan, instead of the plan's last.
    pub to: Option<Date>,
    /// Monthly budget to use instead of the plan's.
    pub budget: Option<Cents>,
    /// Today, in the runner's time zone: the window of a plan that gives no
    /// dates starts here.
    pub today: Date,
    /// The time zone of the default athlete ([`PlanSource::DefaultAthlete`]),
    /// which calendars are read in; UTC when `None`.
    pub time_zone: Option<&'a str>,
}

impl<'a> SeasonInput<'a> {
    /// A season of `plan` alone.
    pub fn new(plan: PlanSource<'a>, today: Date) -> SeasonInput<'a> {
        SeasonInput {
            plan,
            template: None,
            calendars: Vec::new(),
            history: None,
            from: None,
            to: None,
            budget: None,
            today,
            time_zone: None,
        }
    }
}

/// A plan ready to schedule.
#[derive(Debug, Clone)]
pub struct Season {
    /// The plan, with template, calendar and history additions.
    pub plan: Plan,
    /// Window, budget and history facts for the scheduler.
    pub options: Options,
    /// What was noticed while gathering it, in order.
    pub notices: Vec<Notice>,
    /// True when the plan is the built-in example.
    pub is_example: bool,
    /// Calendars that were damaged (cut short, events unreadable): an answer
    /// resting on them may miss bookings.
    pub damaged_inputs: Vec<String>,
    /// What the training history changes in this plan, when history was given.
    pub history: Option<history::Summary>,
}

impl Season {
    /// The scheduling context of the season.
    ///
    /// # Errors
    /// [`AppError::Plan`] when the plan cannot be scheduled (nothing to plan, a
    /// window backwards or too long).
    pub fn context(&self) -> Result<PlanContext<'_>, AppError> {
        Ok(PlanContext::new(&self.plan, self.options.clone())?)
    }
}

/// Days before and after the plan window that calendars are read over: a race
/// or a booking just outside the window still bounds what may happen inside it.
pub const CALENDAR_MARGIN_DAYS: i64 = 35;

/// The athlete assumed when a template is planned without a plan file: 100 USD
/// a month, typical US prices (deep 90, ART 100, Swedish 75), no tools.
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
        credits: Vec::new(),
        tools: Vec::new(),
        regular_massage: false,
        injuries: Vec::new(),
        therapist: Availability::default(),
        health: Vec::new(),
        physiology: Physiology::default(),
        free: Vec::new(),
    }
}

/// Cents from an amount in currency units (a budget typed by a person).
///
/// # Errors
/// [`AppError::Invalid`] outside 0 to 10,000,000 (or not a number).
pub fn cents(amount: f64) -> Result<Cents, AppError> {
    if !(0.0..=10_000_000.0).contains(&amount) {
        return Err(AppError::Invalid(format!(
            "budget {amount}: expected an amount from 0 to 10000000"
        )));
    }
    Ok((amount * 100.0).round() as Cents)
}

/// Reads a plan file alone (for the athlete's heart-rate settings, time zone,
/// races and massages), with its warnings.
///
/// # Errors
/// [`AppError::PlanFile`] with file, line and column.
pub fn read_plan(file: TextFile<'_>) -> Result<(Plan, Vec<Notice>), AppError> {
    let parsed = plan_file::parse(file.name, file.text)?;
    let notices = parsed
        .warnings
        .iter()
        .map(|w| Notice::from_reader_warning(w))
        .collect();
    Ok((parsed.plan, notices))
}

/// The athlete's time zone (UTC when the name is unknown; plan files are
/// checked when read, so that happens only for plans built in code).
pub fn time_zone(plan: &Plan) -> TimeZone {
    TimeZone::get(&plan.athlete.time_zone).unwrap_or(TimeZone::UTC)
}

/// Gathers a season from its sources.
///
/// # Errors
/// A plan file or calendar that cannot be read ([`AppError::PlanFile`],
/// [`AppError::Calendar`]); nothing is half-read: the season is whole or absent.
pub fn prepare(input: SeasonInput<'_>) -> Result<Season, AppError> {
    let mut notices = Vec::new();
    let (mut plan, is_example) = match input.plan {
        PlanSource::File(f) => {
            let (plan, warnings) = read_plan(f)?;
            notices.extend(warnings);
            (plan, false)
        }
        PlanSource::Example => {
            notices.push(Notice::note(
                "no plan file given: planning the built-in example (`knead example > plan.toml` writes it out)",
            ));
            (example::marathon(), true)
        }
        PlanSource::DefaultAthlete => (
            Plan {
                athlete: Athlete {
                    time_zone: input.time_zone.unwrap_or("UTC").to_owned(),
                    ..default_athlete()
                },
                workouts: vec![],
                races: vec![],
                bookings: vec![],
                units: input.template.map_or(DistanceUnit::Km, |t| t.units),
            },
            false,
        ),
    };
    if let Some(choice) = input.template {
        add_template(&mut plan, choice, &mut notices);
    }

    let tz = time_zone(&plan);
    let mut options = Options {
        from: input.from,
        to: input.to,
        budget: input.budget,
        ..Options::default()
    };
    let mut damaged_inputs = Vec::new();
    if !input.calendars.is_empty() {
        // The window is fixed before calendars come in (they are expanded over
        // it), so it is the plan's own, or a year from today for a plan that
        // gives no dates; events a few weeks either side are read too.
        let (from, to) = match context::window(&plan, &options) {
            Ok(w) => w,
            Err(PlanProblem::Empty) => {
                let from = input.from.unwrap_or(input.today);
                (from, input.to.unwrap_or(add_days(from, 365)))
            }
            Err(e) => return Err(e.into()),
        };
        options.from = Some(from);
        options.to = Some(to);
        let read_over = (
            add_days(from, -CALENDAR_MARGIN_DAYS),
            add_days(to, CALENDAR_MARGIN_DAYS),
        );
        for cal in &input.calendars {
            let damaged = add_calendar(&mut plan, *cal, read_over, &tz, &mut notices)?;
            if damaged {
                damaged_inputs.push(cal.name.to_string());
            }
        }
    }
    plan.workouts.sort_by_key(|w| w.date);
    plan.bookings.sort_by_key(|b| b.date);

    let mut history = None;
    if let Some(import) = input.history {
        notices.extend(history::file_notices(import));
        let (days, mut summary) = history::hard_days(&import.activities, &plan, &tz);
        options.history_hard = days.hard;
        options.low_form = days.low_form;
        if let Ok(ctx) = PlanContext::new(&plan, options.clone()) {
            summary.reach = ctx.history_reach().into();
        }
        notices.push(Notice::note(summary.to_string()));
        history = Some(summary);
    }
    damaged_inputs.dedup();
    Ok(Season {
        plan,
        options,
        notices,
        is_example,
        damaged_inputs,
        history,
    })
}

/// Adds a template's workouts and its goal race to `plan`.
fn add_template(plan: &mut Plan, choice: TemplateChoice<'_>, notices: &mut Vec<Notice>) {
    let laid = template::schedule(choice.template, choice.race, choice.units);
    if let Some(goal) = laid.goal_race(choice.template)
        && !plan.races.iter().any(|r| r.date == goal.date)
    {
        plan.races.push(goal);
        plan.races.sort_by_key(|r| r.date);
    }
    notices.extend(laid.warnings.iter().map(|w| Notice::warning(w.clone())));
    plan.workouts.extend(laid.workouts);
    plan.workouts.sort_by_key(|w| w.date);
}

/// Adds a calendar's workouts and bookings to `plan` (each once); true when
/// the calendar is damaged (cut short, or events that could not be read), so
/// bookings may be missing.
fn add_calendar(
    plan: &mut Plan,
    cal: TextFile<'_>,
    read_over: (Date, Date),
    tz: &TimeZone,
    notices: &mut Vec<Notice>,
) -> Result<bool, AppError> {
    let plan_units = plan.units;
    let imported = ics::import(cal.name, cal.text, read_over, tz, |title| {
        let c = classify::classify_title(title, plan_units);
        (c.kind, c.distance_km, c.minutes, c.recognised)
    })?;
    notices.extend(imported.warnings.iter().map(|w| Notice::warning(w.clone())));
    let (mut added_workouts, mut added_bookings) = (0, 0);
    for w in imported.workouts {
        if !plan
            .workouts
            .iter()
            .any(|x| x.date == w.date && x.title == w.title)
        {
            plan.workouts.push(w);
            added_workouts += 1;
        }
    }
    for b in imported.bookings {
        if !plan
            .bookings
            .iter()
            .any(|x| x.date == b.date && x.kind == b.kind)
        {
            plan.bookings.push(b);
            added_bookings += 1;
        }
    }
    notices.push(
        Notice::note(format!(
            "{added_workouts} workout(s) and {added_bookings} booked massage(s) imported; {} other event(s) ignored; {} of knead's own event(s) recognised",
            imported.ignored, imported.own_events
        ))
        .at(cal.name),
    );
    Ok(imported.damaged.is_some() || imported.unread_events > 0)
}
