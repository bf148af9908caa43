//! A season's page (weeks of days with training and recovery, each item's
//! "why" one tap away, the load chart, check's findings), its edits, a day's
//! explanation, its versions, and adding training history.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use knead_app::changes;
use knead_app::edit::{self, Edit};
use knead_app::respond;
use knead_core::model::{Activity, MassageType, Plan, Tool};
use knead_core::plan::{Item, Schedule, What};
use knead_formats::plan_file::names;
use knead_report::words;
use knead_store::{AccountId, NewVersion, Season, Version};
use maud::{Markup, html};
use serde::Deserialize;

use crate::access::{self, Access, Need};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::layout::{csrf, page as frame};
use crate::season::{self as stored, Planned};
use crate::state::AppState;
use crate::upload;

/// Query of the season page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// The version just saved, whose summary the page shows at the top.
    changed: Option<i64>,
}

/// `GET /seasons/{id}`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, WebError> {
    let (season, access) = access::season(&state, &user.account, id, Need::View).await?;
    let flash = match q.changed {
        Some(n) => state.store.version(season.id, n).await?.map(|v| v.summary),
        None => None,
    };
    Ok(show(&state, &user, &season, access, flash.as_deref(), None)
        .await?
        .into_response())
}

/// The season page as it stands, with a notice or an error at the top.
async fn show(
    state: &AppState,
    user: &CurrentUser,
    season: &Season,
    access: Access,
    flash: Option<&str>,
    error: Option<&str>,
) -> Result<Markup, WebError> {
    let (version, planned) = stored::plan_stored(state, season).await?;
    let extras = extras(state, season).await?;
    Ok(view(
        user, season, access, &version, &planned, flash, error, &extras,
    ))
}

/// What the season page shows besides the plan.
#[derive(Debug, Default)]
pub struct Extras {
    /// The season has recorded activities (a load chart).
    pub has_history: bool,
    /// The clinic it books with, by name.
    pub clinic: Option<String>,
    /// Days with an open request to the clinic.
    pub requested: Vec<Date>,
}

/// Loads [`Extras`].
///
/// # Errors
/// When the store fails.
pub async fn extras(state: &AppState, season: &Season) -> Result<Extras, WebError> {
    let has_history = state.store.history_files(season.id).await?.is_some();
    let clinic = match state.store.clinic_link(season.id).await? {
        Some(l) => Some(
            state
                .store
                .clinic_profile(l.clinic)
                .await?
                .map_or_else(|| "your clinic".to_owned(), |p| p.name),
        ),
        None => None,
    };
    let requested = state
        .store
        .requests_of_season(season.id)
        .await?
        .into_iter()
        .filter(|r| {
            !matches!(
                r.status,
                knead_store::RequestStatus::Declined | knead_store::RequestStatus::Cancelled
            )
        })
        .map(|r| r.date)
        .collect();
    Ok(Extras {
        has_history,
        clinic,
        requested,
    })
}

fn short(date: Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

fn reasons(item: &Item) -> Markup {
    html! {
        ul.reasons {
            @for r in &item.reasons {
                li {
                    span.rule { (r.rule) } " · grade " (r.grade.as_str()) " · " (r.text)
                    @if let Some(claim) = r.graded_claim { span.muted { " (the grade is for: " (claim) ")" } }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn item_view(
    user: &CurrentUser,
    season: &Season,
    version: i64,
    item: &Item,
    s: &Schedule,
    plan: &Plan,
    can_book: bool,
    clinic: Option<&str>,
) -> Markup {
    let headline = words::headline_with_slot(item, &s.currency);
    html! {
        @match &item.what {
            What::Massage { kind, booked, .. } => {
                details.item.massage {
                    summary { (words::capitalise(&headline)) @if *booked { span.tag.booked { "booked" } } @else { span.tag { "proposed" } } }
                    (reasons(item))
                    @if can_book {
                        @if *booked {
                            @if let Some(i) = plan.bookings.iter().position(|b| b.date == item.date) {
                                (edit_form(user, season, version, "cancel_booking", &[("index", i.to_string())], "Cancel this booking", "secondary"))
                            }
                        } @else {
                            (edit_form(user, season, version, "book_massage", &[("date", item.date.to_string()), ("kind", kind.as_str().to_owned())], "Mark as booked", ""))
                            @if let Some(name) = clinic {
                                form.inline method="post" action=(format!("/seasons/{}/sharing", season.id.0)) {
                                    (csrf(user))
                                    input type="hidden" name="action" value="request_one";
                                    input type="hidden" name="date" value=(item.date);
                                    input type="hidden" name="kind" value=(kind.as_str());
                                    button.secondary type="submit" { "Request at " (name) }
                                }
                            }
                        }
                    }
                }
            }
            What::SelfMassage { .. } => {
                details.item.self { summary { (words::capitalise(&headline)) } (reasons(item)) }
            }
            What::Aftercare { advice } => {
                details.item.aftercare {
                    summary { "Aftercare" }
                    ul.reasons { @for a in advice { li { (a) } } }
                    (reasons(item))
                }
            }
        }
    }
}

/// A one-button form posting one edit.
fn edit_form(
    user: &CurrentUser,
    season: &Season,
    version: i64,
    op: &str,
    fields: &[(&str, String)],
    label: &str,
    class: &str,
) -> Markup {
    html! {
        form.inline method="post" action=(format!("/seasons/{}/edit", season.id.0)) {
            (csrf(user))
            input type="hidden" name="version" value=(version);
            input type="hidden" name="op" value=(op);
            @for (name, value) in fields { input type="hidden" name=(name) value=(value); }
            button class=(class) type="submit" { (label) }
        }
    }
}

/// The opening of an edit form with its hidden fields.
fn edit_fields(user: &CurrentUser, version: i64, op: &str) -> Markup {
    html! {
        (csrf(user))
        input type="hidden" name="version" value=(version);
        input type="hidden" name="op" value=(op);
    }
}

#[allow(clippy::too_many_arguments)]
fn view(
    user: &CurrentUser,
    season: &Season,
    access: Access,
    version: &Version,
    planned: &Planned,
    flash: Option<&str>,
    error: Option<&str>,
    extras: &Extras,
) -> Markup {
    let s = &planned.plan.schedule;
    let plan = &planned.season.plan;
    let can_edit = access.can_edit();
    let v = version.number;
    let id = season.id.0;
    let today = stored::today(season);
    let check = respond::check(&planned.season).ok();
    let mut items: BTreeMap<Date, Vec<&Item>> = BTreeMap::new();
    for item in &s.items {
        items.entry(item.date).or_default().push(item);
    }
    let next_massage = s
        .items
        .iter()
        .find(|i| i.date >= today && matches!(i.what, What::Massage { .. }));
    frame(
        &season.name,
        Some(user),
        html! {
            h1 { (season.name) }
            p.muted {
                (s.from) " to " (s.to) " · " (season.time_zone) " · version " (v) " · "
                a href=(format!("/seasons/{id}/versions")) { "history" }
                @if access == Access::Owner { " · " a href=(format!("/seasons/{id}/settings")) { "calendar feed and settings" } " · " a href=(format!("/seasons/{id}/sharing")) { "coach and clinic" } }
                " · " a href=(format!("/seasons/{id}/plan.toml")) { "plan file" }
            }
            @if let Some(f) = flash { p.notice role="status" { (f) } }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            @for a in &s.alerts { p.alert { span.rule { (a.rule_id) } " " (a.message) } }
            div.card {
                @if let Some(m) = next_massage {
                    p { strong { "Next massage: " } (short(m.date)) " · " (words::headline(m, &s.currency)) }
                }
                p {
                    (s.totals.massages) " massages (" (s.totals.booked) " booked, " (s.totals.proposed) " proposed) · "
                    (knead_core::model::money(s.totals.spend_cents)) " " (s.currency) " in all · budget " (words::budget_line(s)) " · "
                    (s.totals.self_massage_days) " self-massage days"
                }
            }
            @if let Some(c) = &check {
                @if !c.violations.is_empty() || !c.advice.is_empty() {
                    details.card open[!c.violations.is_empty()] {
                        summary { strong { "Check: " (c.violations.len()) " booking problem(s), " (c.advice.len()) " piece(s) of advice" } }
                        @for x in &c.violations { p.alert { (short(x.date)) " · " (x.kind.label()) " · " span.rule { (x.rule_id) } " " (x.reason) } }
                        @for t in &c.advice { p { span.rule { (t.rule_id) } " " (t.text) } }
                    }
                }
            }
            @for w in &s.warnings {
                p.alert { @if let Some(d) = w.date { (short(d)) ": " } span.rule { (w.rule) } " " (w.message) }
            }
            h2 { "Training load" }
            @if extras.has_history {
                div.chart { img src=(format!("/seasons/{id}/load.svg?v={v}")) alt="Training load: fitness (CTL), fatigue (ATL) and form (TSB), with races and massages marked"; }
            } @else {
                p.muted { "Add your recorded runs (FIT, GPX, TCX or a Strava export zip) to see fitness, fatigue and form, and to let hard days you actually ran count." }
            }
            @if access == Access::Owner {
                form.inline method="post" action=(format!("/seasons/{id}/history")) enctype="multipart/form-data" {
                    (csrf(user))
                    label for="activities" { "Add activities" }
                    input #activities type="file" name="activities" multiple accept=".fit,.gpx,.tcx,.gz,.zip";
                    button.secondary type="submit" { "Upload" }
                }
            }
            h2 { "Weeks" }
            @for week in &s.weeks {
                section.week id=(format!("week-{}", week.number)) {
                    h3 { span { "Week " (week.number) " · " (short(week.from)) " to " (short(week.to)) } span.muted { (format!("{:.0}", week.planned_minutes)) " min planned" } }
                    @for day in s.days.iter().filter(|d| d.date >= week.from && d.date <= week.to) {
                        @let day_items = items.get(&day.date);
                        @let workouts: Vec<(usize, &knead_core::model::Workout)> = plan.workouts.iter().enumerate().filter(|(_, w)| w.date == day.date).collect();
                        @let race = plan.races.iter().find(|r| r.date == day.date);
                        @if day_items.is_some() || !workouts.is_empty() || race.is_some() || day.date == today {
                            div.day.today[day.date == today] id=(format!("d{}", day.date)) {
                                div.date { a href=(format!("/seasons/{id}/days/{}", day.date)) title="Why this day holds what it holds" { (short(day.date)) } }
                                div.training.hard[day.hard.is_some()] {
                                    @if let Some(r) = race { strong { "Race: " (r.name) } br; }
                                    (day.training)
                                    @if can_edit {
                                        @for (i, w) in &workouts {
                                            details.change {
                                                summary.muted { "change " (w.title.as_deref().unwrap_or(w.kind.as_str())) }
                                                form.inline method="post" action=(format!("/seasons/{id}/edit")) {
                                                    (edit_fields(user, v, "move_workout"))
                                                    input type="hidden" name="index" value=(i);
                                                    label { "Move to " input type="date" name="date" value=(w.date) required; }
                                                    button type="submit" { "Move" }
                                                }
                                                (edit_form(user, season, v, "delete_workout", &[("index", i.to_string())], "Remove", "secondary"))
                                            }
                                        }
                                    }
                                }
                                div.items {
                                    @if let Some(list) = day_items {
                                        @for item in list { (item_view(user, season, v, item, s, plan, access == Access::Owner, (access == Access::Owner && extras.clinic.is_some() && !extras.requested.contains(&item.date)).then_some(extras.clinic.as_deref().unwrap_or_default()))) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if can_edit { (editors(user, season, v, plan, access == Access::Owner)) }
        },
    )
}

fn option_list(values: &[&str], selected: &str) -> Markup {
    html! { @for v in values { option value=(v) selected[*v == selected] { (v) } } }
}

/// The forms that change the plan itself.
fn editors(user: &CurrentUser, season: &Season, v: i64, plan: &Plan, owner: bool) -> Markup {
    let id = season.id.0;
    let a = &plan.athlete;
    let action = format!("/seasons/{id}/edit");
    html! {
        h2 #edit { "Change the plan" }
        details.card open {
            summary { strong { "Add a workout" } }
            form.stack method="post" action=(action) {
                (edit_fields(user, v, "add_workout"))
                label for="w-date" { "Day" } input #w-date type="date" name="date" required;
                label for="w-kind" { "Kind" } select #w-kind name="kind" { (option_list(&names::WORKOUT_KINDS, "easy")) }
                label for="w-min" { "Minutes" } input #w-min type="number" name="minutes" min="1" max="1440" step="1";
                label for="w-km" { "Distance (km)" } input #w-km type="number" name="distance_km" min="0.1" max="1000" step="0.1";
                label for="w-title" { "Title" } input #w-title type="text" name="title" maxlength="200";
                p { button type="submit" { "Add workout" } }
            }
        }
        details.card {
            summary { strong { "Races (" (plan.races.len()) ")" } }
            @for (i, r) in plan.races.iter().enumerate() {
                div.inline { (short(r.date)) " · " (r.name) " · " (format!("{:.1}", r.distance_km)) " km · " (format!("{:?}", r.priority))
                    (edit_form(user, season, v, "delete_race", &[("index", i.to_string())], "Remove", "secondary")) }
            }
            form.stack method="post" action=(action) {
                (edit_fields(user, v, "add_race"))
                label for="r-date" { "Race day" } input #r-date type="date" name="date" required;
                label for="r-name" { "Name" } input #r-name type="text" name="name" required maxlength="200";
                label for="r-km" { "Distance (km)" } input #r-km type="number" name="distance_km" min="0.1" max="1000" step="0.001" value="10";
                label for="r-pri" { "Priority" } select #r-pri name="priority" { option value="A" { "A (goal)" } option value="B" { "B" } option value="C" selected { "C" } }
                p { button type="submit" { "Add race" } }
            }
        }
        details.card {
            summary { strong { "Apply a published plan" } }
            form.stack method="post" action=(action) {
                (edit_fields(user, v, "apply_template"))
                label for="t-id" { "Plan" }
                select #t-id name="template" {
                    @for t in knead_formats::template::builtin() { option value=(t.id) { (t.name) " (" (t.weeks) " weeks)" } }
                }
                label for="t-race" { "Race day" } input #t-race type="date" name="race" required;
                p.muted { "Its workouts replace the training in its weeks." }
                p { button type="submit" { "Apply plan" } }
            }
        }
        @if owner {
        details.card {
            summary { strong { "Booked massages (" (plan.bookings.len()) ")" } }
            @for (i, b) in plan.bookings.iter().enumerate() {
                div.inline { (short(b.date)) " · " (b.kind.label())
                    (edit_form(user, season, v, "cancel_booking", &[("index", i.to_string())], "Cancel", "secondary")) }
            }
            form.inline method="post" action=(action) {
                (edit_fields(user, v, "book_massage"))
                input type="date" name="date" required aria-label="Day";
                select name="kind" aria-label="Type" { @for m in MassageType::ALL { option value=(m.as_str()) { (m.label()) } } }
                button type="submit" { "Add booking" }
            }
        }
        details.card {
            summary { strong { "Injuries and health (" (a.injuries.len() + a.health.len()) ")" } }
            @for (i, inj) in a.injuries.iter().enumerate() {
                div.inline { (inj.area.label()) " since " (short(inj.since)) @if let Some(u) = inj.until { " until " (short(u)) }
                    (edit_form(user, season, v, "delete_injury", &[("index", i.to_string())], "Remove", "secondary")) }
            }
            @for (i, h) in a.health.iter().enumerate() {
                div.inline { (format!("{:?}", h.condition)) @if let Some(area) = h.area { " · " (area.label()) } " from " (short(h.from)) @if let Some(u) = h.until { " until " (short(u)) }
                    (edit_form(user, season, v, "delete_health", &[("index", i.to_string())], "Remove", "secondary")) }
            }
            h3 { "Add an injury (a niggle)" }
            form.inline method="post" action=(action) {
                (edit_fields(user, v, "add_injury"))
                select name="area" aria-label="Area" { (option_list(&names::BODY_AREAS, "calf")) }
                label { "since " input type="date" name="since" required; }
                label { "until " input type="date" name="until"; }
                button type="submit" { "Add" }
            }
            h3 { "Add a health flag" }
            form.inline method="post" action=(action) {
                (edit_fields(user, v, "add_health"))
                select name="condition" aria-label="Condition" { (option_list(&names::CONDITIONS, "fever")) }
                select name="area" aria-label="Area (if one)" { option value="" { "any area" } (option_list(&names::BODY_AREAS, "")) }
                label { "from " input type="date" name="from" required; }
                label { "until " input type="date" name="until"; }
                button type="submit" { "Add" }
            }
        }
        details.card {
            summary { strong { "Budget and prices (" (a.currency) ")" } }
            form.stack method="post" action=(action) {
                (edit_fields(user, v, "set_money"))
                label for="m-b" { "Monthly budget" } input #m-b type="number" name="monthly_budget" min="0" step="0.01" value=(knead_core::model::money(a.monthly_budget));
                label for="m-d" { "Deep tissue" } input #m-d type="number" name="deep" min="0" step="0.01" value=(knead_core::model::money(a.prices.deep));
                label for="m-a" { "ART" } input #m-a type="number" name="art" min="0" step="0.01" value=(knead_core::model::money(a.prices.art));
                label for="m-s" { "Swedish" } input #m-s type="number" name="swedish" min="0" step="0.01" value=(knead_core::model::money(a.prices.swedish));
                p { button type="submit" { "Save" } }
            }
        }
        details.card {
            summary { strong { "Prepaid packages (" (a.credits.len()) ")" } }
            @for (i, c) in a.credits.iter().enumerate() {
                div.inline { (c.label()) " · " (c.sessions) " sessions" @if let Some(f) = c.valid_from { " from " (f) } " until " (c.valid_until)
                    (edit_form(user, season, v, "delete_credit", &[("index", i.to_string())], "Remove", "secondary")) }
            }
            form.stack method="post" action=(action) {
                (edit_fields(user, v, "add_credit"))
                label for="p-kind" { "Pays for" }
                select #p-kind name="kind" { option value="deep" { "deep tissue" } option value="art" { "ART" } option value="swedish" { "Swedish" } option value="any" { "any type" } }
                label for="p-n" { "Sessions" } input #p-n type="number" name="sessions" min="1" max="100" value="10" required;
                label for="p-from" { "Valid from (optional)" } input #p-from type="date" name="valid_from";
                label for="p-until" { "Valid until" } input #p-until type="date" name="valid_until" required;
                label for="p-name" { "Name" } input #p-name type="text" name="name" maxlength="200" placeholder="Clinic 10-pack";
                p { button type="submit" { "Add package" } }
            }
        }
        details.card {
            summary { strong { "Self-massage tools" } }
            form method="post" action=(action) {
                (edit_fields(user, v, "set_tools"))
                @for t in Tool::ALL {
                    label.inline { input type="checkbox" name="tools" value=(t.as_str()) checked[a.tools.contains(&t)]; (t.label()) }
                }
                p { button type="submit" { "Save tools" } }
            }
        }
        details.card {
            summary { strong { "Therapist" } }
            form method="post" action=(action) {
                (edit_fields(user, v, "set_therapist_days"))
                @for (i, d) in names::WEEKDAYS.iter().enumerate() {
                    label.inline { input type="checkbox" name="weekdays" value=(d) checked[a.therapist.weekdays[i]]; (d) }
                }
                p { button type="submit" { "Save days" } }
            }
            @for (i, r) in a.therapist.closed.iter().enumerate() {
                div.inline { "Closed " (short(r.from)) " to " (short(r.to))
                    (edit_form(user, season, v, "delete_closed", &[("index", i.to_string())], "Remove", "secondary")) }
            }
            form.inline method="post" action=(action) {
                (edit_fields(user, v, "add_closed"))
                label { "Closed from " input type="date" name="from" required; }
                label { "to " input type="date" name="to" required; }
                button type="submit" { "Add" }
            }
        }
        }
    }
}

/// An edit form's fields, as posted (repeated names for checkboxes).
pub type EditForm = Vec<(String, String)>;

fn field<'a>(form: &'a EditForm, name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn required<'a>(form: &'a EditForm, name: &str) -> Result<&'a str, WebError> {
    field(form, name).ok_or_else(|| WebError::Invalid(format!("{name}: expected a value")))
}

fn date(form: &EditForm, name: &str) -> Result<Date, WebError> {
    let text = required(form, name)?;
    text.parse().map_err(|_| {
        WebError::Invalid(format!(
            "{name} {text:?}: expected a date such as 2027-03-14"
        ))
    })
}

fn optional_date(form: &EditForm, name: &str) -> Result<Option<Date>, WebError> {
    field(form, name).map(|_| date(form, name)).transpose()
}

fn number(form: &EditForm, name: &str) -> Result<f64, WebError> {
    let text = required(form, name)?;
    text.parse()
        .map_err(|_| WebError::Invalid(format!("{name} {text:?}: expected a number")))
}

fn optional_number(form: &EditForm, name: &str) -> Result<Option<f64>, WebError> {
    field(form, name).map(|_| number(form, name)).transpose()
}

fn index(form: &EditForm) -> Result<usize, WebError> {
    let text = required(form, "index")?;
    text.parse()
        .map_err(|_| WebError::Invalid(format!("index {text:?}: expected a whole number")))
}

fn all(form: &EditForm, name: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Reads an edit form into an [`Edit`].
///
/// # Errors
/// [`WebError::Invalid`] naming the field and what it expects.
pub fn edit_from_form(form: &EditForm) -> Result<Edit, WebError> {
    let s = |name: &str| required(form, name).map(str::to_owned);
    Ok(match required(form, "op")? {
        "add_workout" => Edit::AddWorkout {
            date: date(form, "date")?,
            kind: s("kind")?,
            minutes: optional_number(form, "minutes")?,
            distance_km: optional_number(form, "distance_km")?,
            title: field(form, "title").map(str::to_owned),
        },
        "move_workout" => Edit::MoveWorkout {
            index: index(form)?,
            date: date(form, "date")?,
        },
        "delete_workout" => Edit::DeleteWorkout {
            index: index(form)?,
        },
        "add_race" => Edit::AddRace {
            date: date(form, "date")?,
            name: s("name")?,
            distance_km: number(form, "distance_km")?,
            priority: s("priority")?,
        },
        "delete_race" => Edit::DeleteRace {
            index: index(form)?,
        },
        "book_massage" => Edit::BookMassage {
            date: date(form, "date")?,
            kind: s("kind")?,
        },
        "cancel_booking" => Edit::CancelBooking {
            index: index(form)?,
        },
        "add_injury" => Edit::AddInjury {
            area: s("area")?,
            since: date(form, "since")?,
            until: optional_date(form, "until")?,
        },
        "delete_injury" => Edit::DeleteInjury {
            index: index(form)?,
        },
        "add_health" => Edit::AddHealth {
            condition: s("condition")?,
            area: field(form, "area").map(str::to_owned),
            from: date(form, "from")?,
            until: optional_date(form, "until")?,
        },
        "delete_health" => Edit::DeleteHealth {
            index: index(form)?,
        },
        "set_money" => Edit::SetMoney {
            monthly_budget: number(form, "monthly_budget")?,
            deep: number(form, "deep")?,
            art: number(form, "art")?,
            swedish: number(form, "swedish")?,
        },
        "set_tools" => Edit::SetTools {
            tools: all(form, "tools"),
        },
        "set_therapist_days" => Edit::SetTherapistDays {
            weekdays: all(form, "weekdays"),
        },
        "add_closed" => Edit::AddClosed {
            from: date(form, "from")?,
            to: date(form, "to")?,
        },
        "delete_closed" => Edit::DeleteClosed {
            index: index(form)?,
        },
        "add_credit" => Edit::AddCredit {
            kind: s("kind")?,
            sessions: {
                let text = required(form, "sessions")?;
                text.parse().map_err(|_| {
                    WebError::Invalid(format!("sessions {text:?}: expected a whole number"))
                })?
            },
            valid_from: optional_date(form, "valid_from")?,
            valid_until: date(form, "valid_until")?,
            name: field(form, "name").map(str::to_owned),
        },
        "delete_credit" => Edit::DeleteCredit {
            index: index(form)?,
        },
        "apply_template" => Edit::ApplyTemplate {
            id: s("template")?,
            race: date(form, "race")?,
            units: field(form, "units").map(str::to_owned),
        },
        other => {
            return Err(WebError::Invalid(format!(
                "op {other:?}: not an edit knead knows"
            )));
        }
    })
}

/// An edit saved: the new version.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The version saved.
    pub version: Version,
    /// What moved in the recovery plan.
    pub moved: Vec<String>,
}

/// Why a coach's change of more than the training is refused.
const TRAINING_ONLY: &str = "only the runner changes budget, bookings, health, tools and therapist; a coach changes the training";

/// Refuses, from anyone but the owner, a whole plan (`to`, replacing `from`)
/// that changes more than the training: what [`save_edit`] refuses as an
/// edit, refused as a plan file or an old version too.
///
/// # Errors
/// [`WebError::Forbidden`] when the runner's part (the athlete's details or
/// the bookings) differs; [`WebError::Invalid`] when a plan does not read.
pub fn training_only(access: Access, from: &str, to: &str) -> Result<(), WebError> {
    if access == Access::Owner {
        return Ok(());
    }
    let read = |text: &str| {
        knead_app::season::read_plan(knead_app::season::TextFile {
            name: stored::PLAN_NAME,
            text,
        })
        .map(|(plan, _)| plan)
    };
    let (from, to) = (read(from)?, read(to)?);
    if from.athlete != to.athlete || from.bookings != to.bookings {
        return Err(WebError::Forbidden(TRAINING_ONLY));
    }
    Ok(())
}

/// Applies `edit` to a season from version `based_on`, re-plans, and saves a
/// new version whose summary says what the edit did and what it moved. Used
/// by the pages and the API.
///
/// # Errors
/// [`WebError::Conflict`] when the season moved on from `based_on`;
/// [`WebError::Invalid`] when the edit is wrong or leaves an invalid plan
/// (nothing is saved then).
pub async fn save_edit(
    state: &AppState,
    season: &Season,
    access: Access,
    author: AccountId,
    based_on: i64,
    edit: &Edit,
) -> Result<Saved, WebError> {
    if access != Access::Owner && !edit.is_training() {
        return Err(WebError::Forbidden(TRAINING_ONLY));
    }
    let current = stored::current_plan(state, season).await?;
    if current.number != based_on {
        return Err(WebError::Conflict);
    }
    let edited = edit::apply(&current.plan_toml, edit)?;
    let inputs = stored::inputs(state, season).await?;
    let before = stored::plan(&current.plan_toml, &inputs)?;
    let after = stored::plan(&edited.plan_toml, &inputs)?;
    let moved = changes::what_moved(&before.plan.schedule, &after.plan.schedule);
    let version = state
        .store
        .save_version(&NewVersion {
            season: season.id,
            based_on,
            plan_toml: edited.plan_toml,
            author,
            summary: changes::summary(&edited.description, &moved),
            created_at: Timestamp::now(),
        })
        .await?;
    Ok(Saved { version, moved })
}

/// `POST /seasons/{id}/edit`: one edit; redirects to the page, which says what moved.
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, WebError> {
    user.check_csrf(field(&form, "csrf").unwrap_or_default())?;
    let (season, access) = access::season(&state, &user.account, id, Need::Edit).await?;
    let based_on: i64 = required(&form, "version")?
        .parse()
        .map_err(|_| WebError::Invalid("version: expected a number".into()))?;
    let result = match edit_from_form(&form) {
        Ok(e) => save_edit(&state, &season, access, user.account.id, based_on, &e).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(saved) => Ok(
            Redirect::to(&format!("/seasons/{id}?changed={}", saved.version.number))
                .into_response(),
        ),
        Err(WebError::Invalid(why)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            show(&state, &user, &season, access, None, Some(&why)).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// `GET /seasons/{id}/days/{date}`: why the day holds what it holds, and why
/// nothing else, with what each alternative would cost.
pub async fn day(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, date)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let date: Date = date.parse().map_err(|_| WebError::NotFound)?;
    let (_, planned) = stored::plan_stored(&state, &season).await?;
    let answer = respond::explain(&planned.season, date)?;
    let e = &answer.explanation;
    let s = &planned.plan.schedule;
    Ok(frame(
        &format!("{} · {}", season.name, date),
        Some(&user),
        html! {
            p { a href=(format!("/seasons/{id}#d{date}")) { "← " (season.name) } }
            h1 { (date.strftime("%A %-d %B %Y")) }
            @if e.outside_window { p.alert { "This day is outside the season (" (s.from) " to " (s.to) ")." } }
            p { strong { "Training: " } (e.training) }
            h2 { "What this day holds" }
            @if e.items.is_empty() { p.muted { "No recovery item." } }
            @for item in &e.items {
                div.card { strong { (words::capitalise(&words::headline(item, &answer.currency))) } (reasons(item)) }
            }
            h2 { "Why not something else" }
            @for alt in &e.alternatives {
                div.card {
                    @match alt {
                        knead_core::explain::Alternative::Blocked { option, rules } => {
                            strong { (option) } ": not allowed"
                            ul.reasons { @for r in rules { li { span.rule { (r.rule) } " " (r.reason) } } }
                        }
                        knead_core::explain::Alternative::Worse { option, points_lost, terms, changes } => {
                            strong { (option) } ": allowed, but the season would score " (format!("{points_lost:.2}")) " points lower"
                            ul.reasons {
                                @for t in terms { li { span.rule { (t.rule_id) } " " (format!("{:+.2}", t.value as f64 / 100.0)) " " (t.text) } }
                                @for c in changes { li { (c) } }
                            }
                        }
                        knead_core::explain::Alternative::Tie { option } => {
                            strong { (option) } ": as good (a tie, broken by the fixed order)"
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

/// `GET /seasons/{id}/load.svg`: the load chart of the season's history.
pub async fn load_chart(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let history = stored::history(&state, season.id)
        .await?
        .ok_or(WebError::NotFound)?;
    let version = stored::current_plan(&state, &season).await?;
    let (plan, _) = knead_app::season::read_plan(knead_app::season::TextFile {
        name: stored::PLAN_NAME,
        text: &version.plan_toml,
    })?;
    let load = respond::load(
        &history.activities,
        &knead_core::load::PmcConfig::default(),
        Some(&plan),
    )?;
    let svg = knead_report::svg::load_chart(&load.series, &load.marks);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=60"),
        ],
        svg,
    )
        .into_response())
}

/// `GET /seasons/{id}/versions`: every version, newest first.
pub async fn versions(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (season, access) = access::season(&state, &user.account, id, Need::View).await?;
    let list = state.store.versions(season.id).await?;
    let mut authors: BTreeMap<i64, String> = BTreeMap::new();
    for v in &list {
        if let Some(a) = v.author
            && !authors.contains_key(&a.0)
        {
            let name = state
                .store
                .account(a)
                .await?
                .map_or_else(|| "a deleted account".to_owned(), |a| a.display_name);
            authors.insert(a.0, name);
        }
    }
    Ok(frame(
        &format!("{} · history", season.name),
        Some(&user),
        html! {
            p { a href=(format!("/seasons/{id}")) { "← " (season.name) } }
            h1 { "History" }
            @for v in &list {
                div.card {
                    p { strong { "Version " (v.number) } " · " (v.created_at.strftime("%Y-%m-%d %H:%M UTC"))
                        " · " (v.author.and_then(|a| authors.get(&a.0)).map_or("a deleted account", String::as_str)) }
                    p { (v.summary) }
                    @if access == Access::Owner && v.number != season.current_version {
                        form.inline method="post" action=(format!("/seasons/{id}/restore")) {
                            (csrf(&user))
                            input type="hidden" name="number" value=(v.number);
                            input type="hidden" name="version" value=(season.current_version);
                            button.secondary type="submit" { "Return to this version" }
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

/// The restore form.
#[derive(Debug, Deserialize)]
pub struct RestoreForm {
    #[serde(default)]
    csrf: String,
    number: i64,
    version: i64,
}

/// `POST /seasons/{id}/restore`: the old version's plan as a new version.
pub async fn restore(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<RestoreForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let (season, access) = access::season(&state, &user.account, id, Need::Edit).await?;
    if access != Access::Owner {
        let old = state
            .store
            .version(season.id, form.number)
            .await?
            .ok_or(WebError::NotFound)?;
        let current = stored::current_plan(&state, &season).await?;
        training_only(access, &current.plan_toml, &old.plan_toml)?;
    }
    let saved = state
        .store
        .restore_version(
            season.id,
            form.number,
            form.version,
            user.account.id,
            Timestamp::now(),
        )
        .await?;
    Ok(Redirect::to(&format!("/seasons/{id}?changed={}", saved.number)).into_response())
}

/// Adds `import`'s activities to a season's stored history (the same start
/// and sport kept once) and stores it in one write.
///
/// # Errors
/// When the store fails.
pub async fn add_history(
    state: &AppState,
    season: &Season,
    new: Vec<Activity>,
    files: usize,
) -> Result<usize, WebError> {
    // Read, merge, and replace only if nobody wrote in between (the file
    // count is the history's version); else read again. Nothing is lost.
    for _ in 0..8 {
        let stored = state.store.history(season.id).await?;
        let expected = stored.as_ref().map(|h| h.files);
        let mut all: Vec<Activity> = match &stored {
            Some(h) => serde_json::from_str(&h.activities_json)
                .map_err(|e| WebError::Internal(format!("season {} history: {e}", season.id.0)))?,
            None => Vec::new(),
        };
        let before = all.len();
        for a in &new {
            if !all.iter().any(|b| b.start == a.start && b.sport == a.sport) {
                all.push(a.clone());
            }
        }
        all.sort_by_key(|a| a.start);
        let added = all.len() - before;
        let json = serde_json::to_string(&all).map_err(|e| WebError::Internal(e.to_string()))?;
        let written = state
            .store
            .replace_history(
                &knead_store::History {
                    season: season.id,
                    activities_json: json,
                    files: expected.unwrap_or(0) + files.max(1) as i64,
                    updated_at: Timestamp::now(),
                },
                expected,
            )
            .await?;
        if written {
            return Ok(added);
        }
    }
    Err(WebError::Conflict)
}

/// `POST /seasons/{id}/history` (multipart): activity files or a Strava export
/// zip. A bad file stores nothing and is named in the answer.
pub async fn upload_history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, WebError> {
    let fields = upload::read(form).await?;
    user.check_csrf(fields.get("csrf").unwrap_or_default())?;
    let (season, access) = access::season(&state, &user.account, id, Need::Own).await?;
    let files: Vec<(&str, &[u8])> = fields.files("activities").collect();
    let result = if files.is_empty() {
        Err(WebError::Invalid(
            "activities: expected one or more files".into(),
        ))
    } else {
        let limit = state.settings.max_unpacked_bytes;
        let owned: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(n, b)| ((*n).to_owned(), b.to_vec()))
            .collect();
        tokio::task::spawn_blocking(move || {
            let borrowed: Vec<(&str, &[u8])> = owned
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            upload::activities(&borrowed, limit)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
    };
    match result {
        Ok(import) => {
            let added = add_history(&state, &season, import.activities, files.len()).await?;
            let msg = format!(
                "{added} activit{} added to the history.",
                if added == 1 { "y" } else { "ies" }
            );
            Ok(show(&state, &user, &season, access, Some(&msg), None)
                .await?
                .into_response())
        }
        Err(WebError::Invalid(why)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            show(&state, &user, &season, access, None, Some(&why)).await?,
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
