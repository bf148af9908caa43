//! A season's settings, for its owner: the calendar feeds (subscribe,
//! re-issue, revoke), the reminder before massages, the name, and deletion.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use knead_store::{FeedKind, FeedToken, Season, Token};
use maud::{Markup, html};
use serde::Deserialize;

use crate::access::{self, Need};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::layout::{copy_field, csrf, form_error, page as frame};
use crate::state::AppState;

/// A feed's address just issued (shown once: only its hash is kept).
#[derive(Debug, Clone)]
pub struct Issued {
    /// What the feed shows.
    pub kind: FeedKind,
    /// `https://host/feeds/TOKEN.ics`.
    pub https: String,
    /// The same as `webcal://`.
    pub webcal: String,
}

/// The address people reach this server at.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.settings.public_url {
        return u.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if crate::auth::session::secure(state, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Issues a new feed token of `kind` for `season`, revoking the old ones, and
/// returns its addresses.
///
/// # Errors
/// When the store fails.
pub async fn issue(
    state: &AppState,
    season: &Season,
    kind: FeedKind,
    base: &str,
) -> Result<Issued, WebError> {
    let token = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    state
        .store
        .reissue_feed_token(&FeedToken {
            season: season.id,
            kind,
            token_hash: token.hash(),
            created_at: Timestamp::now(),
            revoked_at: None,
        })
        .await?;
    Ok(addresses(kind, base, token.as_str()))
}

/// The https and webcal addresses of a feed token.
pub fn addresses(kind: FeedKind, base: &str, token: &str) -> Issued {
    let https = format!("{base}/feeds/{token}.ics");
    let webcal = format!(
        "webcal://{}",
        https.split_once("://").map_or(https.as_str(), |(_, r)| r)
    );
    Issued {
        kind,
        https,
        webcal,
    }
}

fn view(
    user: &CurrentUser,
    season: &Season,
    tokens: &[FeedToken],
    issued: Option<&Issued>,
    message: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let id = season.id.0;
    let active = |kind: FeedKind| {
        tokens
            .iter()
            .any(|t| t.kind == kind && t.revoked_at.is_none())
    };
    frame(
        &format!("{} · settings", season.name),
        Some(user),
        html! {
            p { a href=(format!("/seasons/{id}")) { "← " (season.name) } }
            h1 { "Calendar feed and settings" }
            @if let Some(m) = message { p.notice role="status" { (m) } }
            (form_error(error))
            @if let Some(i) = issued {
                div.notice role="status" #feed-issued {
                    p { strong { @if i.kind == FeedKind::Full { "Your private calendar feed" } @else { "Your busy-only feed" } } " (shown only now; keep it private):" }
                    p { a.button href=(i.webcal) { "Subscribe in your calendar app" } }
                    label for="feed-https" { "Or paste this address into your calendar (Google: Other calendars → From URL):" }
                    (copy_field("feed-https", &i.https))
                }
            }
            h2 { "Calendar feeds" }
            p.muted { "Subscribed calendars follow the plan as it changes: moved massages move, cancelled ones are marked cancelled." }
            @for (kind, title, what) in [(FeedKind::Full, "Full feed", "massages, self-massage and aftercare with the reasons"), (FeedKind::Busy, "Busy-only feed", "just \"Busy\" blocks for massages, nothing about health or training: for a work calendar")] {
                div.card {
                    p { strong { (title) } ": " (what) ". " @if active(kind) { "A link is active." } @else { "No active link." } }
                    form.inline method="post" action=(format!("/seasons/{id}/feeds")) {
                        (csrf(user))
                        input type="hidden" name="kind" value=(kind.as_str());
                        input type="hidden" name="action" value="issue";
                        button type="submit" { @if active(kind) { "Make a new link (the old one stops)" } @else { "Make a link" } }
                    }
                    @if active(kind) {
                        form.inline method="post" action=(format!("/seasons/{id}/feeds")) {
                            (csrf(user))
                            input type="hidden" name="kind" value=(kind.as_str());
                            input type="hidden" name="action" value="revoke";
                            button.secondary type="submit" { "Turn the link off" }
                        }
                    }
                }
            }
            h2 { "Reminder" }
            form.inline method="post" action=(format!("/seasons/{id}/settings")) {
                (csrf(user))
                input type="hidden" name="name" value=(season.name);
                label for="alarm" { "Remind me of a massage" }
                select #alarm name="alarm" {
                    @for (value, label) in [("", "never"), ("360", "the evening before (18:00)"), ("540", "the day before at 15:00"), ("0", "at midnight on the day"), ("1440", "a day ahead, at midnight")] {
                        option value=(value) selected[season.feed_alarm_minutes.map(|m| m.to_string()).unwrap_or_default() == value] { (label) }
                    }
                }
                button type="submit" { "Save" }
            }
            h2 { "Name" }
            form.inline method="post" action=(format!("/seasons/{id}/settings")) {
                (csrf(user))
                input type="hidden" name="alarm" value=(season.feed_alarm_minutes.map(|m| m.to_string()).unwrap_or_default());
                input type="text" name="name" value=(season.name) required maxlength="100" aria-label="Season name";
                button type="submit" { "Rename" }
            }
            h2 { "Delete" }
            form method="post" action=(format!("/seasons/{id}/delete")) data-confirm="Delete this season, its history and its feeds?" {
                (csrf(user))
                button.danger type="submit" { "Delete this season" }
            }
        },
    )
}

/// `GET /seasons/{id}/settings`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Markup, WebError> {
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let tokens = state.store.feed_tokens(season.id).await?;
    Ok(view(&user, &season, &tokens, None, None, None))
}

/// The settings form.
#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    name: String,
    #[serde(default)]
    alarm: String,
}

/// `POST /seasons/{id}/settings`: name and reminder.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let name = crate::pages::seasons::season_name(&form.name)?;
    let alarm =
        match form.alarm.trim() {
            "" => None,
            m => Some(m.parse::<i64>().map_err(|_| {
                WebError::Invalid("reminder: expected minutes before the day".into())
            })?),
        };
    if name != season.name {
        state.store.rename_season(season.id, &name).await?;
    }
    if alarm != season.feed_alarm_minutes {
        state.store.set_feed_alarm(season.id, alarm).await?;
    }
    let season = state
        .store
        .season(season.id)
        .await?
        .ok_or(WebError::NotFound)?;
    let tokens = state.store.feed_tokens(season.id).await?;
    Ok(view(&user, &season, &tokens, None, Some("Saved."), None).into_response())
}

/// The feed form.
#[derive(Debug, Deserialize)]
pub struct FeedForm {
    #[serde(default)]
    csrf: String,
    kind: String,
    action: String,
}

/// `POST /seasons/{id}/feeds`: issue (shows the link once) or revoke a feed.
pub async fn issue_feed(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<FeedForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let kind = FeedKind::parse(&form.kind)
        .map_err(|_| WebError::Invalid("kind: expected full or busy".into()))?;
    match form.action.as_str() {
        "issue" => {
            let issued = issue(&state, &season, kind, &base_url(&state, &headers)).await?;
            let tokens = state.store.feed_tokens(season.id).await?;
            Ok(view(&user, &season, &tokens, Some(&issued), None, None).into_response())
        }
        "revoke" => {
            state
                .store
                .revoke_feed_tokens(season.id, kind, Timestamp::now())
                .await?;
            let tokens = state.store.feed_tokens(season.id).await?;
            Ok(view(
                &user,
                &season,
                &tokens,
                None,
                Some("The link is off: calendars subscribed to it stop updating."),
                None,
            )
            .into_response())
        }
        other => Err(WebError::Invalid(format!(
            "action {other:?}: expected issue or revoke"
        ))),
    }
}

/// The delete form.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /seasons/{id}/delete`.
pub async fn delete_season(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    state.store.delete_season(season.id).await?;
    Ok(Redirect::to("/seasons").into_response())
}
