//! A stored season turned into its schedule: the current plan file, the
//! training history, and today in the runner's time zone, through
//! `knead_app::season::prepare` and `respond::plan`, as the command line does.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_app::respond::{self, PlanResponse};
use knead_app::season::{self as app_season, PlanSource, SeasonInput, TextFile};
use knead_core::model::Activity;
use knead_formats::activity::Import;
use knead_store::{Season, SeasonId};

use crate::error::WebError;
use crate::state::AppState;

/// The name a stored plan goes by in messages.
pub const PLAN_NAME: &str = "season plan";

/// Today in the season's time zone.
pub fn today(season: &Season) -> Date {
    today_in(&season.time_zone)
}

/// Today in the time zone `name` (UTC for a name the database does not know).
pub fn today_in(name: &str) -> Date {
    let tz = TimeZone::get(name).unwrap_or(TimeZone::UTC);
    tz.to_datetime(Timestamp::now()).date()
}

/// A season's recorded activities, as stored with it (none when it has no
/// history).
///
/// # Errors
/// When the store fails, or the stored history does not read.
pub async fn history(state: &AppState, id: SeasonId) -> Result<Option<Import>, WebError> {
    let Some(stored) = state.store.history(id).await? else {
        return Ok(None);
    };
    let activities: Vec<Activity> = serde_json::from_str(&stored.activities_json)
        .map_err(|e| WebError::Internal(format!("season {} history: {e}", id.0)))?;
    Ok(Some(Import {
        activities,
        ..Import::default()
    }))
}

/// What a season is planned with besides its plan file.
#[derive(Debug, Default)]
pub struct Inputs {
    /// Its recorded activities.
    pub history: Option<Import>,
    /// The clinic it is linked to: its prices and availability replace the
    /// runner's own therapist settings.
    pub clinic: Option<crate::clinic::Profile>,
    /// Today in the runner's time zone.
    pub today: Option<Date>,
}

/// Everything a stored season is planned with.
///
/// # Errors
/// When the store fails or stored data does not read.
pub async fn inputs(state: &AppState, season: &Season) -> Result<Inputs, WebError> {
    let history = history(state, season.id).await?;
    let clinic = match state.store.clinic_link(season.id).await? {
        Some(link) => match state.store.clinic_profile(link.clinic).await? {
            Some(p) => Some(crate::clinic::Profile::from_json(&p.profile_json)?),
            None => None,
        },
        None => None,
    };
    Ok(Inputs {
        history,
        clinic,
        today: Some(today(season)),
    })
}

/// The season gathered from its plan file and history, and its schedule.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The season as knead-app gathered it.
    pub season: app_season::Season,
    /// Its schedule and diagnostics.
    pub plan: PlanResponse,
}

/// Plans the plan file `plan_toml` with `inputs`.
///
/// # Errors
/// [`WebError::Invalid`] when the plan does not read or cannot be scheduled.
pub fn plan(plan_toml: &str, inputs: &Inputs) -> Result<Planned, WebError> {
    let season = prepare(plan_toml, inputs)?;
    let plan = respond::plan(&season)?;
    Ok(Planned { season, plan })
}

/// Gathers the season of `plan_toml` with `inputs`.
///
/// # Errors
/// [`WebError::Invalid`] when the plan does not read.
pub fn prepare(plan_toml: &str, inputs: &Inputs) -> Result<app_season::Season, WebError> {
    let with_clinic;
    let text = match &inputs.clinic {
        Some(profile) => {
            let (mut plan, _) = app_season::read_plan(TextFile {
                name: PLAN_NAME,
                text: plan_toml,
            })?;
            profile.apply(&mut plan);
            with_clinic = knead_formats::plan_file::to_toml(&plan);
            with_clinic.as_str()
        }
        None => plan_toml,
    };
    let today = inputs.today.unwrap_or_else(|| today_in("UTC"));
    let mut input = SeasonInput::new(
        PlanSource::File(TextFile {
            name: PLAN_NAME,
            text,
        }),
        today,
    );
    input.history = inputs.history.as_ref();
    Ok(app_season::prepare(input)?)
}

/// The current plan file of a season.
///
/// # Errors
/// When the store fails or the season has no version.
pub async fn current_plan(
    state: &AppState,
    season: &Season,
) -> Result<knead_store::Version, WebError> {
    state
        .store
        .current_version(season.id)
        .await?
        .ok_or(WebError::NotFound)
}

/// Plans a stored season as it stands.
///
/// # Errors
/// As [`plan`], and when the store fails.
pub async fn plan_stored(
    state: &AppState,
    season: &Season,
) -> Result<(knead_store::Version, Planned), WebError> {
    let version = current_plan(state, season).await?;
    let inputs = inputs(state, season).await?;
    let planned = plan(&version.plan_toml, &inputs)?;
    Ok((version, planned))
}

/// Where a new season's plan comes from.
#[derive(Debug, Clone, Copy)]
pub enum Start<'a> {
    /// The built-in example (an 18-week marathon build).
    Example,
    /// A published plan (built-in id) laid out back from race day.
    Template {
        /// The template's id (`knead template list`).
        id: &'a str,
        /// Race day.
        race: Date,
        /// Units its titles are read in.
        units: knead_core::model::DistanceUnit,
    },
    /// An uploaded plan file.
    PlanFile(TextFile<'a>),
    /// An uploaded calendar of training (ICS).
    Calendar(TextFile<'a>),
}

/// A new season's first version.
#[derive(Debug, Clone)]
pub struct Started {
    /// The plan file.
    pub plan_toml: String,
    /// The runner's time zone.
    pub time_zone: String,
    /// Version 1's summary.
    pub summary: String,
}

/// The time zone named `name`, checked.
///
/// # Errors
/// [`WebError::Invalid`] for a name the time zone database does not know.
pub fn checked_zone(name: &str) -> Result<String, WebError> {
    let name = name.trim();
    let name = if name.is_empty() { "UTC" } else { name };
    TimeZone::get(name).map(|_| name.to_owned()).map_err(|_| {
        WebError::Invalid(format!(
            "time zone {name:?}: expected an IANA name such as Europe/London or America/New_York"
        ))
    })
}

/// Makes a new season's plan file from `start`.
///
/// # Errors
/// [`WebError::Invalid`] with file, line and what was expected when the plan
/// or calendar does not read, or for an unknown template.
pub fn start(start: Start<'_>, time_zone: &str, today: Date) -> Result<Started, WebError> {
    let started = lay_out(start, time_zone, today)?;
    // A plan that does not schedule (a race outside the years knead plans
    // in, a template laid out to nothing) would make a season no page can
    // show: refuse it now, with the planner's reason.
    plan(
        &started.plan_toml,
        &Inputs {
            today: Some(today_in(&started.time_zone)),
            ..Inputs::default()
        },
    )?;
    Ok(started)
}

/// The plan file of a new season, before it is checked to schedule.
fn lay_out(start: Start<'_>, time_zone: &str, today: Date) -> Result<Started, WebError> {
    use knead_app::season::TemplateChoice;
    let tz = checked_zone(time_zone)?;
    match start {
        Start::Example => Ok(Started {
            plan_toml: knead_formats::example::MARATHON_TOML.to_owned(),
            time_zone: knead_formats::example::marathon().athlete.time_zone,
            summary: "Started from the built-in example (18-week marathon build)".into(),
        }),
        Start::PlanFile(file) => {
            let (plan, _) = app_season::read_plan(file)?;
            Ok(Started {
                plan_toml: file.text.to_owned(),
                time_zone: plan.athlete.time_zone,
                summary: format!("Started from the plan file {}", file.name),
            })
        }
        Start::Template { id, race, units } => {
            if !knead_formats::template::builtin()
                .iter()
                .any(|t| t.id == id)
            {
                return Err(WebError::Invalid(format!(
                    "template {id:?}: expected one of the published plans listed"
                )));
            }
            let template =
                knead_formats::template::load(id).map_err(|e| WebError::Invalid(e.to_string()))?;
            let mut input = SeasonInput::new(PlanSource::DefaultAthlete, today);
            input.time_zone = Some(&tz);
            input.template = Some(TemplateChoice {
                template: &template,
                race,
                units,
            });
            let season = app_season::prepare(input)?;
            Ok(Started {
                plan_toml: knead_formats::plan_file::to_toml(&season.plan),
                time_zone: tz,
                summary: format!("Started from {} with race day {race}", template.name),
            })
        }
        Start::Calendar(file) => {
            let mut input = SeasonInput::new(PlanSource::DefaultAthlete, today);
            input.time_zone = Some(&tz);
            input.calendars = vec![file];
            let season = app_season::prepare(input)?;
            if season.plan.workouts.is_empty() && season.plan.races.is_empty() {
                return Err(WebError::Invalid(format!(
                    "{}: no training or race found in the next year (expected events such as \"Easy 8 km\", \"Long run 2h\", \"Intervals 6x800\")",
                    file.name
                )));
            }
            Ok(Started {
                plan_toml: knead_formats::plan_file::to_toml(&season.plan),
                time_zone: tz,
                summary: format!("Started from the calendar {}", file.name),
            })
        }
    }
}
