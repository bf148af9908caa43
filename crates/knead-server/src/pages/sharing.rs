//! Sharing a season, for its owner: coach invitations (a link, view or edit),
//! the people it is shared with, the clinic it books with, and the booking
//! requests sent to that clinic.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use knead_core::plan::What;
use knead_store::{
    AccountId, ClinicLink, Invitation, NewRequest, Permission, RequestStatus, Role, Season, Token,
    TokenHash,
};
use maud::{Markup, html};
use serde::Deserialize;

use crate::access::{self, Access, Need};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::layout::{copy_field, csrf, form_error, page as frame};
use crate::pages::season::save_edit;
use crate::pages::settings::base_url;
use crate::season as stored;
use crate::state::AppState;

/// What the sharing page shows.
struct Sharing {
    grants: Vec<(knead_store::Grant, String)>,
    invitations: Vec<Invitation>,
    clinic: Option<(AccountId, String)>,
    requests: Vec<knead_store::BookingRequest>,
}

async fn load(state: &AppState, season: &Season) -> Result<Sharing, WebError> {
    let mut grants = Vec::new();
    for g in state.store.grants(season.id).await? {
        let name = state
            .store
            .account(g.account)
            .await?
            .map_or_else(String::new, |a| {
                format!("{} ({})", a.display_name, a.role.as_str())
            });
        grants.push((g, name));
    }
    let invitations = state.store.invitations(season.id).await?;
    let clinic = match state.store.clinic_link(season.id).await? {
        Some(link) => {
            let name = match state.store.clinic_profile(link.clinic).await? {
                Some(p) => p.name,
                None => state
                    .store
                    .account(link.clinic)
                    .await?
                    .map_or_else(String::new, |a| a.display_name),
            };
            Some((link.clinic, name))
        }
        None => None,
    };
    let requests = state.store.requests_of_season(season.id).await?;
    Ok(Sharing {
        grants,
        invitations,
        clinic,
        requests,
    })
}

fn view(
    user: &CurrentUser,
    season: &Season,
    s: &Sharing,
    invite: Option<&str>,
    message: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let id = season.id.0;
    let action = format!("/seasons/{id}/sharing");
    frame(
        &format!("{} · sharing", season.name),
        Some(user),
        html! {
            p { a href=(format!("/seasons/{id}")) { "← " (season.name) } }
            h1 { "Coach and clinic" }
            @if let Some(m) = message { p.notice role="status" { (m) } }
            (form_error(error))
            h2 { "Coach" }
            @if let Some(url) = invite {
                div.notice role="status" {
                    p { "Send this link to your coach (it works once):" }
                    (copy_field("invite-url", url))
                }
            }
            @for (g, name) in &s.grants {
                div.card.inline {
                    (name) " · can " (if g.permission == Permission::Edit { "edit the training" } else { "view" })
                    form.inline method="post" action=(action) {
                        (csrf(user))
                        input type="hidden" name="action" value="revoke_grant";
                        input type="hidden" name="account" value=(g.account.0);
                        button.secondary type="submit" { "Remove access" }
                    }
                }
            }
            @for inv in s.invitations.iter().filter(|i| i.accepted_by.is_none() && i.revoked_at.is_none()) {
                div.card.inline {
                    "Open invitation (" (inv.permission.as_str()) ") made " (inv.created_at.strftime("%Y-%m-%d"))
                    form.inline method="post" action=(action) {
                        (csrf(user))
                        input type="hidden" name="action" value="revoke_invitation";
                        input type="hidden" name="token" value=(inv.token_hash.to_hex());
                        button.secondary type="submit" { "Revoke" }
                    }
                }
            }
            form.inline method="post" action=(action) {
                (csrf(user))
                input type="hidden" name="action" value="invite";
                label for="perm" { "Invite a coach who may" }
                select #perm name="permission" { option value="view" { "view the season" } option value="edit" { "edit the training" } }
                button type="submit" { "Make an invitation link" }
            }
            h2 { "Clinic" }
            @match &s.clinic {
                Some((_, name)) => {
                    p { "Booking with " strong { (name) } ": its prices and opening days replace your own therapist settings." }
                    form.inline method="post" action=(action) {
                        (csrf(user))
                        input type="hidden" name="action" value="request_all";
                        button type="submit" { "Request every proposed massage" }
                    }
                    form.inline method="post" action=(action) {
                        (csrf(user))
                        input type="hidden" name="action" value="unlink";
                        button.secondary type="submit" { "Unlink the clinic" }
                    }
                }
                None => {
                    form.inline method="post" action=(action) {
                        (csrf(user))
                        input type="hidden" name="action" value="link";
                        label for="clinic-email" { "Your clinic's knead email" }
                        input #clinic-email type="email" name="email" required;
                        button type="submit" { "Link clinic" }
                    }
                }
            }
            @if !s.requests.is_empty() {
                h3 { "Requests" }
                table {
                    tr { th { "Day" } th { "Type" } th { "Status" } th {} }
                    @for r in &s.requests {
                        tr {
                            td { (r.date) }
                            td { (r.kind) }
                            td {
                                (r.status.as_str())
                                @if let Some(p) = r.proposed_date { ": the clinic proposes " strong { (p) } }
                            }
                            td {
                                @if r.status == RequestStatus::Proposed {
                                    form.inline method="post" action=(action) {
                                        (csrf(user))
                                        input type="hidden" name="action" value="accept_proposal";
                                        input type="hidden" name="request" value=(r.id);
                                        button type="submit" { "Accept" }
                                    }
                                }
                                @if matches!(r.status, RequestStatus::Requested | RequestStatus::Proposed) {
                                    form.inline method="post" action=(action) {
                                        (csrf(user))
                                        input type="hidden" name="action" value="cancel_request";
                                        input type="hidden" name="request" value=(r.id);
                                        button.secondary type="submit" { "Withdraw" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// `GET /seasons/{id}/sharing`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Markup, WebError> {
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let s = load(&state, &season).await?;
    Ok(view(&user, &season, &s, None, None, None))
}

/// The sharing form: one `action` and its fields.
#[derive(Debug, Deserialize)]
pub struct SharingForm {
    #[serde(default)]
    csrf: String,
    action: String,
    #[serde(default)]
    permission: String,
    #[serde(default)]
    account: Option<i64>,
    #[serde(default)]
    token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    request: Option<i64>,
    #[serde(default)]
    date: String,
    #[serde(default)]
    kind: String,
}

/// Sends requests for the season's proposed massages that have none open
/// with `clinic` (requests still open with a clinic the season was linked to
/// before do not count: that clinic no longer sees them).
async fn request_all(
    state: &AppState,
    season: &Season,
    clinic: AccountId,
) -> Result<usize, WebError> {
    let (_, planned) = stored::plan_stored(state, season).await?;
    let open: Vec<_> = state
        .store
        .requests_of_season(season.id)
        .await?
        .into_iter()
        .filter(|r| {
            r.clinic == clinic
                && matches!(r.status, RequestStatus::Requested | RequestStatus::Proposed)
        })
        .map(|r| r.date)
        .collect();
    let today = stored::today(season);
    let mut sent = 0;
    for item in &planned.plan.schedule.items {
        if let What::Massage {
            kind,
            booked: false,
            ..
        } = item.what
            && item.date >= today
            && !open.contains(&item.date)
        {
            let areas: Vec<&str> = planned
                .season
                .plan
                .athlete
                .injuries
                .iter()
                .filter(|i| i.active_on(item.date))
                .map(|i| i.area.label())
                .collect();
            state
                .store
                .create_request(&NewRequest {
                    season: season.id,
                    clinic,
                    date: item.date,
                    kind: kind.as_str().to_owned(),
                    note: if areas.is_empty() {
                        String::new()
                    } else {
                        format!("niggles: {}", areas.join(", "))
                    },
                    created_at: Timestamp::now(),
                })
                .await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Withdraws the season's open requests (sent, or answered with a proposal)
/// to any clinic but `keep`: a runner who unlinks or changes clinic leaves
/// nothing pending with the old one.
async fn withdraw_open(
    state: &AppState,
    season: &Season,
    keep: Option<AccountId>,
    now: Timestamp,
) -> Result<(), WebError> {
    for r in state.store.requests_of_season(season.id).await? {
        if Some(r.clinic) != keep
            && matches!(r.status, RequestStatus::Requested | RequestStatus::Proposed)
        {
            state
                .store
                .set_request_status(r.id, RequestStatus::Cancelled, r.proposed_date, now)
                .await?;
        }
    }
    Ok(())
}

/// Books `date`/`kind` in the season as `author` (retrying once if another
/// edit came first), for an accepted request.
pub async fn book(
    state: &AppState,
    season: &Season,
    author: AccountId,
    date: jiff::civil::Date,
    kind: &str,
) -> Result<(), WebError> {
    let edit = knead_app::edit::Edit::BookMassage {
        date,
        kind: kind.to_owned(),
    };
    for _ in 0..2 {
        let current = state
            .store
            .season(season.id)
            .await?
            .ok_or(WebError::NotFound)?;
        match save_edit(
            state,
            &current,
            Access::Owner,
            author,
            current.current_version,
            &edit,
        )
        .await
        {
            Err(WebError::Conflict) => continue,
            other => return other.map(|_| ()),
        }
    }
    Err(WebError::Conflict)
}

/// `POST /seasons/{id}/sharing`.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<SharingForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let now = Timestamp::now();
    let mut invite = None;
    let result: Result<String, WebError> = async {
        match form.action.as_str() {
            "invite" => {
                let permission = Permission::parse(&form.permission)
                    .map_err(|_| WebError::Invalid("permission: expected view or edit".into()))?;
                let token = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
                state
                    .store
                    .create_invitation(&Invitation {
                        token_hash: token.hash(),
                        season: season.id,
                        permission,
                        created_at: now,
                        accepted_by: None,
                        accepted_at: None,
                        revoked_at: None,
                    })
                    .await?;
                invite = Some(format!(
                    "{}/invite/{}",
                    base_url(&state, &headers),
                    token.as_str()
                ));
                Ok("Invitation made.".to_owned())
            }
            "revoke_invitation" => {
                let hash = TokenHash::from_hex(&form.token).ok_or(WebError::NotFound)?;
                if !state.store.revoke_invitation(season.id, &hash, now).await? {
                    return Err(WebError::NotFound);
                }
                Ok("Invitation revoked.".to_owned())
            }
            "revoke_grant" => {
                let account = AccountId(form.account.ok_or(WebError::NotFound)?);
                if !state.store.revoke_grant(season.id, account).await? {
                    return Err(WebError::NotFound);
                }
                Ok("Access removed.".to_owned())
            }
            "link" => {
                let clinic = state
                    .store
                    .account_by_email(form.email.trim())
                    .await?
                    .filter(|a| a.role == Role::Clinic)
                    .ok_or_else(|| {
                        WebError::Invalid(format!(
                            "{}: no clinic on knead has this email",
                            form.email.trim()
                        ))
                    })?;
                withdraw_open(&state, &season, Some(clinic.id), now).await?;
                state
                    .store
                    .link_clinic(&ClinicLink {
                        season: season.id,
                        clinic: clinic.id,
                        created_at: now,
                    })
                    .await?;
                Ok(format!("Linked to {}.", clinic.display_name))
            }
            "unlink" => {
                withdraw_open(&state, &season, None, now).await?;
                state.store.unlink_clinic(season.id).await?;
                Ok("Clinic unlinked: it no longer sees this season.".to_owned())
            }
            "request_all" => {
                let link = state
                    .store
                    .clinic_link(season.id)
                    .await?
                    .ok_or_else(|| WebError::Invalid("link a clinic first".into()))?;
                let n = request_all(&state, &season, link.clinic).await?;
                Ok(format!("{n} request(s) sent."))
            }
            "request_one" => {
                let link = state
                    .store
                    .clinic_link(season.id)
                    .await?
                    .ok_or_else(|| WebError::Invalid("link a clinic first".into()))?;
                let date: jiff::civil::Date = form.date.parse().map_err(|_| {
                    WebError::Invalid(format!("date {:?}: expected YYYY-MM-DD", form.date))
                })?;
                let kind = knead_formats::plan_file::names::massage_type(&form.kind)
                    .map_err(|e| WebError::Invalid(format!("type: {e}")))?;
                state
                    .store
                    .create_request(&NewRequest {
                        season: season.id,
                        clinic: link.clinic,
                        date,
                        kind: kind.as_str().to_owned(),
                        note: String::new(),
                        created_at: now,
                    })
                    .await?;
                Ok(format!("Request sent for {date}."))
            }
            "cancel_request" | "accept_proposal" => {
                let r = state
                    .store
                    .request(form.request.ok_or(WebError::NotFound)?)
                    .await?
                    .filter(|r| r.season == season.id)
                    .ok_or(WebError::NotFound)?;
                if form.action == "cancel_request" {
                    state
                        .store
                        .set_request_status(r.id, RequestStatus::Cancelled, r.proposed_date, now)
                        .await?;
                    Ok("Request withdrawn.".to_owned())
                } else {
                    let date = r
                        .proposed_date
                        .filter(|_| r.status == RequestStatus::Proposed)
                        .ok_or_else(|| {
                            WebError::Invalid("this request has no proposal to accept".into())
                        })?;
                    book(&state, &season, user.account.id, date, &r.kind).await?;
                    crate::pages::clinic::assign_for(&state, &r, date, now).await?;
                    state
                        .store
                        .set_request_status(r.id, RequestStatus::Accepted, Some(date), now)
                        .await?;
                    Ok(format!("Booked on {date}."))
                }
            }
            other => Err(WebError::Invalid(format!("action {other:?}: not known"))),
        }
    }
    .await;
    let s = load(&state, &season).await?;
    match result {
        Ok(message) => {
            Ok(view(&user, &season, &s, invite.as_deref(), Some(&message), None).into_response())
        }
        Err(WebError::Invalid(why)) => Ok((
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            view(&user, &season, &s, None, None, Some(&why)),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// `GET /invite/{token}`: who invites whom to what.
pub async fn invitation_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let inv = state
        .store
        .invitation(&TokenHash::of(&token))
        .await?
        .filter(|i| i.accepted_by.is_none() && i.revoked_at.is_none())
        .ok_or(WebError::NotFound)?;
    let season = state
        .store
        .season(inv.season)
        .await?
        .ok_or(WebError::NotFound)?;
    let owner = state
        .store
        .account(season.owner)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(frame(
        "Invitation",
        Some(&user),
        html! {
            h1 { "Invitation" }
            p { (owner.display_name) " invites you to " (if inv.permission == Permission::Edit { "see and edit the training of" } else { "see" }) " their season " strong { (season.name) } "." }
            form method="post" action=(format!("/invite/{token}")) {
                (csrf(&user))
                button type="submit" { "Accept" }
            }
        },
    )
    .into_response())
}

/// The accept form.
#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /invite/{token}`: accepts; the season is then on the coach's roster.
pub async fn accept(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let grant = state
        .store
        .accept_invitation(&TokenHash::of(&token), user.account.id, Timestamp::now())
        .await?;
    Ok(Redirect::to(&format!("/seasons/{}", grant.season.0)).into_response())
}
