//! The coach's roster: every runner who shared a season, with the next hard
//! session, next race, next massage, open problems and form, sorted by who
//! needs attention first.

use axum::extract::State;
use jiff::civil::Date;
use knead_core::plan::What;
use knead_store::Permission;
use maud::{Markup, html};

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::layout::page as frame;
use crate::season as stored;
use crate::state::AppState;

/// One runner on the roster.
#[derive(Debug, Clone)]
pub struct Row {
    /// The season's id.
    pub season: i64,
    /// The season's name.
    pub name: String,
    /// The runner's name.
    pub runner: String,
    /// What the coach may do.
    pub permission: Permission,
    /// The next hard session: day and what.
    pub next_hard: Option<(Date, String)>,
    /// The next race.
    pub next_race: Option<(Date, String)>,
    /// The next massage.
    pub next_massage: Option<(Date, String)>,
    /// Booking problems (rules broken).
    pub violations: usize,
    /// Form (TSB) today and 1, 2, 3 weeks ago, newest first, when the runner
    /// has recorded activities.
    pub form: Vec<f64>,
}

impl Row {
    /// How much the runner needs attention: problems first, then low form,
    /// then a race coming soon.
    pub fn attention(&self) -> (std::cmp::Reverse<usize>, i64, Date) {
        let form = self.form.first().map_or(0, |t| (*t * 10.0) as i64);
        let race = self.next_race.as_ref().map_or(Date::MAX, |r| r.0);
        (std::cmp::Reverse(self.violations), form, race)
    }
}

/// Builds the roster of `user`.
///
/// # Errors
/// When the store fails.
pub async fn roster(state: &AppState, user: &CurrentUser) -> Result<Vec<Row>, WebError> {
    let mut rows = Vec::new();
    for (season, permission) in state.store.seasons_shared_with(user.account.id).await? {
        let runner = state
            .store
            .account(season.owner)
            .await?
            .map_or_else(String::new, |a| a.display_name);
        let inputs = stored::inputs(state, &season).await?;
        let today = inputs.today.unwrap_or_else(|| stored::today(&season));
        let version = stored::current_plan(state, &season).await?;
        let Ok(planned) = stored::plan(&version.plan_toml, &inputs) else {
            continue;
        };
        let plan = &planned.season.plan;
        let next_hard = plan
            .workouts
            .iter()
            .find(|w| w.date >= today && w.kind.is_hard())
            .map(|w| {
                (
                    w.date,
                    w.title
                        .clone()
                        .unwrap_or_else(|| w.kind.as_str().to_owned()),
                )
            });
        let next_race = plan
            .races
            .iter()
            .find(|r| r.date >= today)
            .map(|r| (r.date, r.name.clone()));
        let next_massage = planned
            .plan
            .schedule
            .items
            .iter()
            .find_map(|i| match &i.what {
                What::Massage { kind, booked, .. } if i.date >= today => Some((
                    i.date,
                    format!("{}{}", kind.label(), if *booked { " (booked)" } else { "" }),
                )),
                _ => None,
            });
        let violations =
            knead_app::respond::check(&planned.season).map_or(0, |c| c.violations.len());
        let form = match &inputs.history {
            Some(h) => match knead_app::respond::load(
                &h.activities,
                &knead_core::load::PmcConfig::default(),
                Some(plan),
            ) {
                Ok(load) => [0, 7, 14, 21]
                    .iter()
                    .filter_map(|back| load.days.iter().rev().nth(*back).map(|d| d.tsb))
                    .collect(),
                Err(_) => Vec::new(),
            },
            None => Vec::new(),
        };
        rows.push(Row {
            season: season.id.0,
            name: season.name,
            runner,
            permission,
            next_hard,
            next_race,
            next_massage,
            violations,
            form,
        });
    }
    rows.sort_by_key(Row::attention);
    Ok(rows)
}

fn day(d: &Option<(Date, String)>) -> Markup {
    html! {
        @match d {
            Some((date, what)) => { (date.strftime("%a %-d %b")) br; span.muted { (what) } }
            None => span.muted { "none" },
        }
    }
}

/// `GET /coach`: the roster.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> Result<Markup, WebError> {
    let rows = roster(&state, &user).await?;
    Ok(frame(
        "Roster",
        Some(&user),
        html! {
            h1 { "Your runners" }
            @if rows.is_empty() {
                p.muted { "No runner has shared a season with you yet. Runners invite you from their season's \"coach and clinic\" page." }
            } @else {
                p.muted { "Sorted by who needs attention: booking problems first, then low form (TSB), then the nearest race." }
                table.roster {
                    tr { th { "Runner" } th { "Next hard session" } th { "Next race" } th { "Next massage" } th { "Problems" } th { "Form (TSB), now and weeks before" } }
                    @for r in &rows {
                        tr {
                            td { a href=(format!("/seasons/{}", r.season)) { (r.runner) } br; span.muted { (r.name) " · " (if r.permission == Permission::Edit { "edit" } else { "view" }) } }
                            td { (day(&r.next_hard)) }
                            td { (day(&r.next_race)) }
                            td { (day(&r.next_massage)) }
                            td { @if r.violations > 0 { strong.error { (r.violations) } } @else { "0" } }
                            td { @if r.form.is_empty() { span.muted { "no activities" } } @else { (r.form.iter().map(|t| format!("{t:+.0}")).collect::<Vec<_>>().join(" · ")) } }
                        }
                    }
                }
            }
        },
    ))
}
