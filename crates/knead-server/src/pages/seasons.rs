//! The list of a person's seasons (their own and those shared with them), and
//! starting a new one: from a published plan by race date, an uploaded plan
//! file or calendar, or the built-in example.

use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use knead_app::season::TextFile;
use knead_core::model::DistanceUnit;
use knead_store::{NewSeason, Season};
use maud::{Markup, html};

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::layout::{csrf, form_error, page};
use crate::season::{self, Start};
use crate::state::AppState;
use crate::upload;

/// The longest season name kept.
pub const MAX_SEASON_NAME: usize = 100;

fn view(
    user: &CurrentUser,
    own: &[Season],
    shared: &[(Season, knead_store::Permission)],
    error: Option<&str>,
) -> Markup {
    let templates = knead_formats::template::builtin();
    page(
        "Seasons",
        Some(user),
        html! {
            h1 { "Your seasons" }
            @if own.is_empty() && shared.is_empty() {
                p.muted { "No season yet: start one below." }
            }
            @for s in own {
                div.card {
                    a href=(format!("/seasons/{}", s.id.0)) { strong { (s.name) } }
                    span.muted { " · " (s.time_zone) " · version " (s.current_version) }
                }
            }
            @if !shared.is_empty() {
                h2 { "Shared with you" }
                @for (s, p) in shared {
                    div.card {
                        a href=(format!("/seasons/{}", s.id.0)) { strong { (s.name) } }
                        span.muted { " · " (p.as_str()) }
                    }
                }
            }
            h2 #new { "Start a season" }
            (form_error(error))
            form.stack.card method="post" action="/seasons" enctype="multipart/form-data" {
                (csrf(user))
                label for="name" { "Name" }
                input #name type="text" name="name" required maxlength="100" placeholder="Spring marathon 2027";
                label for="time_zone" { "Time zone" }
                input #time_zone type="text" name="time_zone" value="UTC" placeholder="Europe/London";
                fieldset {
                    legend { "Start from" }
                    label { input type="radio" name="source" value="template" checked; " A published plan, by race date" }
                    div {
                        label for="template" { "Plan" }
                        select #template name="template" {
                            @for t in &templates {
                                option value=(t.id) { (t.name) " (" (t.weeks) " weeks)" }
                            }
                        }
                        label for="race" { "Race day" }
                        input #race type="date" name="race";
                        label for="units" { "Distances in" }
                        select #units name="units" { option value="km" { "kilometres" } option value="mi" { "miles" } }
                    }
                    label { input type="radio" name="source" value="plan"; " A plan file (TOML)" }
                    input type="file" name="plan" accept=".toml,text/plain";
                    label { input type="radio" name="source" value="calendar"; " A training calendar (ICS)" }
                    input type="file" name="calendar" accept=".ics,text/calendar";
                    label { input type="radio" name="source" value="calendar_url"; " A linked training calendar (webcal or https address)" }
                    input type="url" name="calendar_url" placeholder="webcal://..." aria-label="Calendar address";
                    label { input type="radio" name="source" value="example"; " The built-in example (18-week marathon build)" }
                }
                p { button type="submit" { "Start season" } }
            }
        },
    )
}

/// `GET /seasons`.
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Markup, WebError> {
    let own = state.store.seasons_of(user.account.id).await?;
    let shared = state.store.seasons_shared_with(user.account.id).await?;
    Ok(view(&user, &own, &shared, None))
}

/// The name of a season, checked.
///
/// # Errors
/// [`WebError::Invalid`] when empty or too long.
pub fn season_name(name: &str) -> Result<String, WebError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_SEASON_NAME {
        return Err(WebError::Invalid(format!(
            "name: expected 1 to {MAX_SEASON_NAME} characters"
        )));
    }
    Ok(name.to_owned())
}

/// Reads the new-season form into a [`Start`] and makes the season.
async fn create_from(
    state: &AppState,
    user: &CurrentUser,
    form: &upload::Fields,
) -> Result<Season, WebError> {
    user.check_csrf(form.get("csrf").unwrap_or_default())?;
    let name = season_name(form.get("name").unwrap_or_default())?;
    let zone = form.get("time_zone").unwrap_or("UTC");
    let today = season::today_in(zone);
    let file_text;
    let start = match form.get("source").unwrap_or("template") {
        "example" => Start::Example,
        "template" => {
            let race = form.get("race").unwrap_or_default();
            let race = race.parse().map_err(|_| {
                WebError::Invalid(format!(
                    "race day {race:?}: expected a date such as 2027-04-25"
                ))
            })?;
            let units = match form.get("units").unwrap_or("km") {
                "mi" => DistanceUnit::Mi,
                _ => DistanceUnit::Km,
            };
            Start::Template {
                id: form.get("template").unwrap_or_default(),
                race,
                units,
            }
        }
        kind @ ("plan" | "calendar") => {
            let (file, bytes) = form.files(kind).next().ok_or_else(|| {
                WebError::Invalid(format!("{kind} file: expected a file to upload"))
            })?;
            file_text = (file.to_owned(), upload::text(file, bytes)?);
            let text = TextFile {
                name: &file_text.0,
                text: &file_text.1,
            };
            if kind == "plan" {
                Start::PlanFile(text)
            } else {
                Start::Calendar(text)
            }
        }
        "calendar_url" => {
            let url = form.get("calendar_url").unwrap_or_default().trim();
            let text = crate::fetch::calendar(url, state.settings.allow_private_fetch).await?;
            file_text = (url.to_owned(), text);
            Start::Calendar(TextFile {
                name: &file_text.0,
                text: &file_text.1,
            })
        }
        other => {
            return Err(WebError::Invalid(format!(
                "start from {other:?}: expected template, plan, calendar, calendar_url or example"
            )));
        }
    };
    let started = season::start(start, zone, today)?;
    let (season, _) = state
        .store
        .create_season(&NewSeason {
            owner: user.account.id,
            name,
            time_zone: started.time_zone,
            plan_toml: started.plan_toml,
            summary: started.summary,
            created_at: Timestamp::now(),
        })
        .await?;
    Ok(season)
}

/// `POST /seasons` (multipart): a bad file stores nothing and is named in the
/// answer with line and what was expected.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    form: Multipart,
) -> Result<Response, WebError> {
    let fields = upload::read(form).await?;
    match create_from(&state, &user, &fields).await {
        Ok(season) => Ok(Redirect::to(&format!("/seasons/{}", season.id.0)).into_response()),
        Err(WebError::Invalid(why)) => {
            let own = state.store.seasons_of(user.account.id).await?;
            let shared = state.store.seasons_shared_with(user.account.id).await?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                view(&user, &own, &shared, Some(&why)),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}
