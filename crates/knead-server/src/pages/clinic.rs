//! The clinic's side: its profile (therapists, types, prices, opening days,
//! closures), its board of booking requests by day, and answering them:
//! accept (the booking goes into the runner's season and feed), decline, or
//! propose another day, checked against the runner's rules before it is sent.
//!
//! Clinic staff see only seasons linked to them, and of those only what a
//! booking needs: the runner's name, the day, the type, the areas to work or
//! avoid and the health flags that matter for a massage. Never the training.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use knead_core::explain::Alternative;
use knead_core::safety;
use knead_store::{BookingRequest, ClinicProfile, RequestStatus, Role, Season};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::clinic::{Profile, Therapist};
use crate::error::WebError;
use crate::pages::layout::{copy_field, csrf, form_error, page as frame};
use crate::pages::sharing::book;
use crate::season as stored;
use crate::state::AppState;

fn clinic_only(user: &CurrentUser) -> Result<(), WebError> {
    if user.account.role == Role::Clinic {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

async fn profile_of(state: &AppState, user: &CurrentUser) -> Result<(String, Profile), WebError> {
    Ok(match state.store.clinic_profile(user.account.id).await? {
        Some(p) => (p.name.clone(), Profile::from_json(&p.profile_json)?),
        None => (user.account.display_name.clone(), Profile::default()),
    })
}

/// What a clinic may know of a request's runner on the day.
struct Card {
    request: BookingRequest,
    runner: String,
    areas: Vec<String>,
    flags: Vec<String>,
}

/// A request the clinic may see: its season is linked to the clinic.
async fn visible(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<(BookingRequest, Season), WebError> {
    let r = state
        .store
        .request(id)
        .await?
        .filter(|r| r.clinic == user.account.id)
        .ok_or(WebError::NotFound)?;
    let linked = state
        .store
        .clinic_link(r.season)
        .await?
        .is_some_and(|l| l.clinic == user.account.id);
    if !linked {
        return Err(WebError::NotFound);
    }
    let season = state
        .store
        .season(r.season)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok((r, season))
}

async fn card(state: &AppState, r: BookingRequest) -> Result<Card, WebError> {
    let season = state
        .store
        .season(r.season)
        .await?
        .ok_or(WebError::NotFound)?;
    let runner = state
        .store
        .account(season.owner)
        .await?
        .map_or_else(String::new, |a| a.display_name);
    let version = stored::current_plan(state, &season).await?;
    let (plan, _) = knead_app::season::read_plan(knead_app::season::TextFile {
        name: stored::PLAN_NAME,
        text: &version.plan_toml,
    })?;
    let day = r.proposed_date.unwrap_or(r.date);
    let areas = plan
        .athlete
        .injuries
        .iter()
        .filter(|i| i.active_on(day))
        .map(|i| format!("niggle: {}", i.area.label()))
        .collect();
    let flags = safety::alerts(&plan.athlete, day, day)
        .iter()
        .map(|a| format!("{}: {}", a.rule_id, a.message))
        .collect();
    Ok(Card {
        request: r,
        runner,
        areas,
        flags,
    })
}

/// `GET /clinic`: the board, requests by day.
pub async fn board(State(state): State<AppState>, user: CurrentUser) -> Result<Markup, WebError> {
    clinic_only(&user)?;
    let (name, _) = profile_of(&state, &user).await?;
    let mut by_day: BTreeMap<Date, Vec<Card>> = BTreeMap::new();
    for r in state.store.requests_of_clinic(user.account.id).await? {
        let c = card(&state, r).await?;
        by_day
            .entry(c.request.proposed_date.unwrap_or(c.request.date))
            .or_default()
            .push(c);
    }
    Ok(frame(
        "Booking board",
        Some(&user),
        html! {
            h1 { (name) ": booking requests" }
            p { a href="/clinic/profile" { "Therapists, prices and opening days" } }
            @if by_day.is_empty() { p.muted { "No requests yet. Runners link your clinic by your knead email, then send the massages their plan proposes." } }
            @for (day, cards) in &by_day {
                h2 { (day.strftime("%A %-d %B %Y")) }
                @for c in cards {
                    div.card {
                        p { strong { (c.runner) } " · " (c.request.kind) " · " span.tag { (c.request.status.as_str()) }
                            @if let Some(p) = c.request.proposed_date { " · you proposed " (p) " instead of " (c.request.date) } }
                        @if !c.request.note.is_empty() { p { (c.request.note) } }
                        @for a in &c.areas { p { (a) } }
                        @for f in &c.flags { p.alert { (f) } }
                        @if c.request.status == RequestStatus::Requested {
                            form.inline method="post" action=(format!("/clinic/requests/{}", c.request.id)) {
                                (csrf(&user))
                                input type="hidden" name="action" value="accept";
                                button type="submit" { "Accept" }
                            }
                            form.inline method="post" action=(format!("/clinic/requests/{}", c.request.id)) {
                                (csrf(&user))
                                input type="hidden" name="action" value="decline";
                                button.secondary type="submit" { "Decline" }
                            }
                            form.inline method="get" action=(format!("/clinic/requests/{}/check", c.request.id)) {
                                label { "Propose " input type="date" name="date" required; }
                                button.secondary type="submit" { "Check this day" }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The query of the proposal check.
#[derive(Debug, Deserialize)]
pub struct CheckQuery {
    date: String,
}

/// What a proposed day means for the runner.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The day is what knead would choose.
    Planned,
    /// Allowed; the season scores this much lower.
    Costs(f64, Vec<String>),
    /// As good as the plan.
    Tie,
    /// Breaks the runner's rules.
    Breaks(Vec<String>),
}

/// Checks `date` for a massage of `kind` against the runner's season.
///
/// # Errors
/// When the season cannot be planned.
pub async fn verdict(
    state: &AppState,
    season: &Season,
    date: Date,
    kind: &str,
) -> Result<Verdict, WebError> {
    let (_, planned) = stored::plan_stored(state, season).await?;
    let answer = knead_app::respond::explain(&planned.season, date)?;
    for alt in &answer.explanation.alternatives {
        match alt {
            Alternative::Blocked { option, rules } if option == kind => {
                return Ok(Verdict::Breaks(
                    rules
                        .iter()
                        .map(|r| format!("{}: {}", r.rule, r.reason))
                        .collect(),
                ));
            }
            Alternative::Worse {
                option,
                points_lost,
                terms,
                ..
            } if option == kind => {
                return Ok(Verdict::Costs(
                    *points_lost,
                    terms
                        .iter()
                        .map(|t| format!("{} {}", t.rule_id, t.text))
                        .collect(),
                ));
            }
            Alternative::Tie { option } if option == kind => return Ok(Verdict::Tie),
            _ => {}
        }
    }
    if answer.explanation.outside_window {
        return Ok(Verdict::Breaks(vec![format!(
            "{date} is outside the runner's season"
        )]));
    }
    Ok(Verdict::Planned)
}

/// `GET /clinic/requests/{id}/check?date=`: whether the day breaks a rule and
/// what it costs, before the proposal is sent.
pub async fn check(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CheckQuery>,
) -> Result<Response, WebError> {
    clinic_only(&user)?;
    let (r, season) = visible(&state, &user, id).await?;
    let date: Date = q
        .date
        .parse()
        .map_err(|_| WebError::Invalid(format!("date {:?}: expected YYYY-MM-DD", q.date)))?;
    let v = verdict(&state, &season, date, &r.kind).await?;
    let (_, profile) = profile_of(&state, &user).await?;
    let price = match r.kind.as_str() {
        "deep" => profile.prices[0],
        "art" => profile.prices[1],
        _ => profile.prices[2],
    };
    Ok(frame(
        "Check a proposal",
        Some(&user),
        html! {
            p { a href="/clinic" { "← board" } }
            h1 { (r.kind) " on " (date.strftime("%A %-d %B")) " instead of " (r.date) }
            @match &v {
                Verdict::Breaks(rules) => {
                    p.alert { strong { "This day breaks the runner's rules:" } }
                    ul { @for x in rules { li { (x) } } }
                }
                Verdict::Costs(points, terms) => {
                    p { "Allowed. The runner's season scores " strong { (format!("{points:.2}")) } " points lower than knead's plan:" }
                    ul { @for t in terms { li { (t) } } }
                }
                Verdict::Tie => p { "Allowed, and as good as knead's plan." },
                Verdict::Planned => p { "Allowed: this is the day knead plans for this massage." },
            }
            p { "Price: " (format!("{price:.2}")) }
            form method="post" action=(format!("/clinic/requests/{id}")) {
                (csrf(&user))
                input type="hidden" name="action" value="propose";
                input type="hidden" name="date" value=(date);
                button type="submit" { @if matches!(v, Verdict::Breaks(_)) { "Propose anyway" } @else { "Send this proposal" } }
            }
        },
    )
    .into_response())
}

/// An answer to a request.
#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    action: String,
    #[serde(default)]
    date: String,
}

/// `POST /clinic/requests/{id}`: accept, decline or propose.
pub async fn answer(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    clinic_only(&user)?;
    let (r, season) = visible(&state, &user, id).await?;
    if r.status != RequestStatus::Requested {
        return Err(WebError::Invalid(format!(
            "this request is already {}",
            r.status.as_str()
        )));
    }
    let now = Timestamp::now();
    match form.action.as_str() {
        "accept" => {
            book(&state, &season, user.account.id, r.date, &r.kind).await?;
            assign_for(&state, &r, r.date, now).await?;
            state
                .store
                .set_request_status(r.id, RequestStatus::Accepted, None, now)
                .await?;
        }
        "decline" => {
            state
                .store
                .set_request_status(r.id, RequestStatus::Declined, None, now)
                .await?;
        }
        "propose" => {
            let date: Date = form.date.parse().map_err(|_| {
                WebError::Invalid(format!("date {:?}: expected YYYY-MM-DD", form.date))
            })?;
            state
                .store
                .set_request_status(r.id, RequestStatus::Proposed, Some(date), now)
                .await?;
        }
        other => {
            return Err(WebError::Invalid(format!(
                "action {other:?}: expected accept, decline or propose"
            )));
        }
    }
    Ok(Redirect::to("/clinic").into_response())
}

fn profile_view(
    user: &CurrentUser,
    name: &str,
    p: &Profile,
    message: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let therapists: String = p
        .therapists
        .iter()
        .map(|t| format!("{}: {}\n", t.name, t.types.join(", ")))
        .collect();
    let closed: String = p.closed.iter().map(|(a, b)| format!("{a} {b}\n")).collect();
    let hours: String = p
        .hours
        .iter()
        .map(|h| format!("{} {}-{}\n", h.days.join(" "), h.from, h.to))
        .collect();
    frame(
        "Clinic profile",
        Some(user),
        html! {
            p { a href="/clinic" { "← board" } }
            h1 { "Your clinic" }
            @if let Some(m) = message { p.notice role="status" { (m) } }
            (form_error(error))
            form.stack method="post" action="/clinic/profile" {
                (csrf(user))
                label for="c-name" { "Name runners see" } input #c-name type="text" name="name" value=(name) required maxlength="100";
                label for="c-ther" { "Therapists, one per line: name: types (deep, art, swedish)" }
                textarea #c-ther name="therapists" rows="4" { (therapists) }
                label for="c-deep" { "Price of deep tissue" } input #c-deep type="number" step="0.01" min="0" name="deep" value=(p.prices[0]);
                label for="c-art" { "Price of ART" } input #c-art type="number" step="0.01" min="0" name="art" value=(p.prices[1]);
                label for="c-sw" { "Price of Swedish" } input #c-sw type="number" step="0.01" min="0" name="swedish" value=(p.prices[2]);
                label for="c-days" { "Open on (mon tue wed thu fri sat sun)" } input #c-days type="text" name="weekdays" value=(p.weekdays.join(" "));
                label for="c-closed" { "Closed periods, one per line: first day, last day (2027-04-01 2027-04-10)" }
                textarea #c-closed name="closed" rows="3" { (closed) }
                label for="c-hours" { "Opening hours, one per line: days from-to (mon tue wed thu fri 09:00-18:00)" }
                textarea #c-hours name="hours" rows="3" { (hours) }
                label for="c-len" { "Appointment length (minutes)" } input #c-len type="number" min="15" max="240" name="appointment_minutes" value=(p.appointment_minutes);
                p { button type="submit" { "Save" } }
            }
            h2 { "Calendar feeds of accepted bookings" }
            form.inline method="post" action="/clinic/feeds" {
                (csrf(user))
                select name="therapist" aria-label="Whose bookings" {
                    option value="" { "the whole clinic" }
                    @for t in &p.therapists { option value=(t.name) { (t.name) } }
                }
                button type="submit" { "Make a feed link" }
            }
        },
    )
}

/// `GET /clinic/profile`.
pub async fn profile_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Markup, WebError> {
    clinic_only(&user)?;
    let (name, p) = profile_of(&state, &user).await?;
    Ok(profile_view(&user, &name, &p, None, None))
}

/// The profile form.
#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    csrf: String,
    name: String,
    therapists: String,
    deep: String,
    art: String,
    swedish: String,
    weekdays: String,
    closed: String,
    #[serde(default)]
    hours: String,
    appointment_minutes: String,
}

fn read_profile(form: &ProfileForm) -> Result<Profile, WebError> {
    let number = |field: &str, text: &str| -> Result<f64, WebError> {
        text.trim()
            .parse()
            .map_err(|_| WebError::Invalid(format!("{field} {text:?}: expected a number")))
    };
    let mut therapists = Vec::new();
    for (i, line) in form
        .therapists
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (name, types) = line.split_once(':').ok_or_else(|| {
            WebError::Invalid(format!("therapists line {}: expected `name: types`", i + 1))
        })?;
        therapists.push(Therapist {
            name: name.trim().to_owned(),
            types: types
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    }
    let mut closed = Vec::new();
    for (i, line) in form
        .closed
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let date = |t: &str| {
            t.parse::<Date>().map_err(|_| {
                WebError::Invalid(format!("closed line {}: {t:?}: expected YYYY-MM-DD", i + 1))
            })
        };
        match parts.as_slice() {
            [a] => closed.push((date(a)?, date(a)?)),
            [a, b] => closed.push((date(a)?, date(b)?)),
            _ => {
                return Err(WebError::Invalid(format!(
                    "closed line {}: expected one or two dates",
                    i + 1
                )));
            }
        }
    }
    let mut hours = Vec::new();
    for (i, line) in form
        .hours
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        let bad = || {
            WebError::Invalid(format!(
                "hours line {}: expected days then HH:MM-HH:MM (mon tue 09:00-18:00)",
                i + 1
            ))
        };
        let (span, days) = words.split_last().ok_or_else(bad)?;
        let (from, to) = span.split_once('-').ok_or_else(bad)?;
        if days.is_empty() {
            return Err(bad());
        }
        hours.push(crate::clinic::Hours {
            days: days.iter().map(|d| (*d).to_owned()).collect(),
            from: from.to_owned(),
            to: to.to_owned(),
        });
    }
    let p = Profile {
        hours,
        therapists,
        prices: [
            number("deep", &form.deep)?,
            number("art", &form.art)?,
            number("swedish", &form.swedish)?,
        ],
        weekdays: form
            .weekdays
            .split([' ', ','])
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect(),
        closed,
        appointment_minutes: form
            .appointment_minutes
            .trim()
            .parse()
            .map_err(|_| WebError::Invalid("appointment length: expected minutes".into()))?,
    };
    p.validate()?;
    Ok(p)
}

/// `POST /clinic/profile`.
pub async fn save_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<ProfileForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    clinic_only(&user)?;
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(WebError::Invalid(
            "name: expected 1 to 100 characters".into(),
        ));
    }
    match read_profile(&form) {
        Ok(p) => {
            state
                .store
                .set_clinic_profile(&ClinicProfile {
                    clinic: user.account.id,
                    name: name.clone(),
                    profile_json: p.to_json(),
                    updated_at: Timestamp::now(),
                })
                .await?;
            Ok(profile_view(
                &user,
                &name,
                &p,
                Some("Saved. Linked runners' plans now use these prices and days."),
                None,
            )
            .into_response())
        }
        Err(WebError::Invalid(why)) => {
            let (_, old) = profile_of(&state, &user).await?;
            Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                profile_view(&user, &name, &old, None, Some(&why)),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

/// Assigns the request a therapist of its clinic for `date` (see [`assign`]).
///
/// # Errors
/// When the store fails.
pub async fn assign_for(
    state: &AppState,
    r: &BookingRequest,
    date: Date,
    now: Timestamp,
) -> Result<(), WebError> {
    let profile = match state.store.clinic_profile(r.clinic).await? {
        Some(p) => Profile::from_json(&p.profile_json)?,
        None => Profile::default(),
    };
    let busy: Vec<String> = state
        .store
        .requests_of_clinic(r.clinic)
        .await?
        .into_iter()
        .filter(|x| {
            x.status == RequestStatus::Accepted && x.proposed_date.unwrap_or(x.date) == date
        })
        .map(|x| x.therapist)
        .collect();
    let name = assign(&profile, &busy, &r.kind).unwrap_or_else(|| "clinic".to_owned());
    state.store.assign_therapist(r.id, &name, now).await?;
    Ok(())
}

/// The therapist for an accepted request: of those who give its type, the one
/// with the fewest accepted bookings that day (the first on ties); none when
/// the clinic lists no therapist for it.
pub fn assign(profile: &Profile, accepted_that_day: &[String], kind: &str) -> Option<String> {
    profile
        .therapists_for(kind)
        .into_iter()
        .min_by_key(|t| accepted_that_day.iter().filter(|n| **n == t.name).count())
        .map(|t| t.name.clone())
}

/// `GET /clinic-feeds/{token}.ics`: a clinic's accepted bookings (one
/// therapist's, or all), as a calendar feed. SEQUENCE and DTSTAMP come from
/// the request's last change, so they move only when the booking does; a
/// booking declined or withdrawn after it was accepted stays 30 days as
/// STATUS:CANCELLED.
pub async fn feed(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    use knead_report::feed::{FeedEntry, FeedOptions, FeedState, FeedView, write_feed};
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let feed = state
        .store
        .clinic_feed(&knead_store::TokenHash::of(token))
        .await?
        .ok_or(WebError::NotFound)?;
    let name = state
        .store
        .clinic_profile(feed.clinic)
        .await?
        .map_or_else(|| "clinic".to_owned(), |p| p.name);
    let now = Timestamp::now();
    let mut events = Vec::new();
    let mut cancelled = Vec::new();
    for r in state.store.requests_of_clinic(feed.clinic).await? {
        if r.therapist.is_empty() || (!feed.therapist.is_empty() && r.therapist != feed.therapist) {
            continue;
        }
        let date = r.proposed_date.unwrap_or(r.date);
        let uid = format!("clinic-{}-r{}@knead", date.strftime("%Y%m%d"), r.id);
        let state_of = |cancelled| FeedState {
            sequence: knead_report::ics::sequence_at(r.updated_at),
            dtstamp: r.updated_at,
            cancelled,
        };
        match r.status {
            RequestStatus::Accepted => {
                let c = card(&state, r.clone()).await?;
                let mut lines = c.areas.clone();
                lines.extend(c.flags.iter().cloned());
                if !r.note.is_empty() {
                    lines.push(r.note.clone());
                }
                let summary = format!("{}: {} ({})", r.kind, c.runner, r.therapist);
                let description = lines.join("\n");
                let hash = format!("{summary}|{description}|{date}");
                events.push((
                    FeedEntry {
                        uid,
                        date,
                        summary,
                        description,
                        categories: vec!["knead".into(), "Massage".into()],
                        massage: true,
                        content_hash: hash,
                        slot: None,
                    },
                    state_of(false),
                ));
            }
            RequestStatus::Declined | RequestStatus::Cancelled
                if now.duration_since(r.updated_at) < knead_store::feed::KEEP_CANCELLED =>
            {
                cancelled.push((uid, state_of(true)));
            }
            _ => {}
        }
    }
    let title = if feed.therapist.is_empty() {
        name
    } else {
        format!("{name}: {}", feed.therapist)
    };
    let options = FeedOptions {
        name: &title,
        time_zone: &jiff::tz::TimeZone::UTC,
        time_zone_name: "UTC",
        alarm: None,
        view: FeedView::Full,
    };
    let body = write_feed(&options, &events, &cancelled);
    // ETag and 304, as the runner's feed: a calendar polling an unchanged
    // feed gets no body.
    let etag = crate::feed::etag_of(&body);
    let etag_value =
        axum::http::HeaderValue::from_str(&etag).map_err(|e| WebError::Internal(e.to_string()))?;
    if crate::feed::if_none_match(&headers, &etag) {
        return Ok((
            axum::http::StatusCode::NOT_MODIFIED,
            [(axum::http::header::ETAG, etag_value)],
        )
            .into_response());
    }
    Ok((
        [
            (axum::http::header::ETAG, etag_value),
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, no-cache"),
            ),
        ],
        body,
    )
        .into_response())
}

/// The form that issues a clinic feed.
#[derive(Debug, Deserialize)]
pub struct FeedForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    therapist: String,
}

/// `POST /clinic/feeds`: a new feed link for the clinic or one therapist
/// (the old one for the same stops), shown once.
pub async fn issue_feed(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<FeedForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    clinic_only(&user)?;
    let (name, p) = profile_of(&state, &user).await?;
    let therapist = form.therapist.trim().to_owned();
    if !therapist.is_empty() && !p.therapists.iter().any(|t| t.name == therapist) {
        return Err(WebError::Invalid(format!(
            "therapist {therapist:?}: not one of the clinic's"
        )));
    }
    let now = Timestamp::now();
    state
        .store
        .revoke_clinic_feeds(user.account.id, &therapist, now)
        .await?;
    let token = knead_store::Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    state
        .store
        .create_clinic_feed(&knead_store::ClinicFeed {
            token_hash: token.hash(),
            clinic: user.account.id,
            therapist: therapist.clone(),
            created_at: now,
            revoked_at: None,
        })
        .await?;
    let url = format!(
        "{}/clinic-feeds/{}.ics",
        crate::pages::settings::base_url(&state, &headers),
        token.as_str()
    );
    let who = if therapist.is_empty() {
        "the whole clinic".to_owned()
    } else {
        therapist
    };
    Ok(frame(
        "Clinic feed",
        Some(&user),
        html! {
            p { a href="/clinic/profile" { "← " (name) } }
            h1 { "Calendar feed for " (who) }
            p { "Subscribe to this address (shown only now) in your calendar app:" }
            (copy_field("clinic-feed", &url))
        },
    )
    .into_response())
}
