//! Signing up, in and out, and the account page: password, sessions, API
//! tokens, export and deletion.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use knead_store::{
    ApiToken, AttemptKey, LoginAttempt, NewAccount, Role, StoreError, Token, TokenHash,
};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::session::{self, secure};
use crate::auth::{CurrentUser, MaybeUser, password};
use crate::error::WebError;
use crate::pages::layout::{copy_field, csrf, form_error, page};
use crate::state::AppState;

/// The longest display name and email kept.
const MAX_NAME: usize = 100;

fn signup_form(error: Option<&str>, email: &str, name: &str) -> Markup {
    page(
        "Sign up",
        None,
        html! {
            h1 { "Create your knead account" }
            (form_error(error))
            form.stack method="post" action="/signup" {
                label for="name" { "Your name" }
                input #name type="text" name="name" value=(name) required maxlength="100" autocomplete="name";
                label for="email" { "Email" }
                input #email type="email" name="email" value=(email) required maxlength="254" autocomplete="email";
                label for="role" { "I am" }
                select #role name="role" {
                    option value="runner" { "a runner" }
                    option value="coach" { "a coach" }
                    option value="clinic" { "a massage clinic or therapist" }
                }
                label for="password" { "Password (at least " (password::MIN_LENGTH) " characters)" }
                input #password type="password" name="password" required minlength=(password::MIN_LENGTH) autocomplete="new-password";
                p { button type="submit" { "Create account" } }
            }
            p { "Already have one? " a href="/signin" { "Sign in" } }
        },
    )
}

fn signin_form(error: Option<&str>, email: &str) -> Markup {
    page(
        "Sign in",
        None,
        html! {
            h1 { "Sign in" }
            (form_error(error))
            form.stack method="post" action="/signin" {
                label for="email" { "Email" }
                input #email type="email" name="email" value=(email) required autocomplete="email";
                label for="password" { "Password" }
                input #password type="password" name="password" required autocomplete="current-password";
                p { button type="submit" { "Sign in" } }
            }
            p { "New here? " a href="/signup" { "Create an account" } }
        },
    )
}

/// `GET /signup`.
pub async fn signup_page(MaybeUser(user): MaybeUser) -> Response {
    if user.is_some() {
        return Redirect::to("/seasons").into_response();
    }
    signup_form(None, "", "").into_response()
}

/// `GET /signin`.
pub async fn signin_page(MaybeUser(user): MaybeUser) -> Response {
    if user.is_some() {
        return Redirect::to("/seasons").into_response();
    }
    signin_form(None, "").into_response()
}

/// The sign-up form.
#[derive(Debug, Deserialize)]
pub struct SignUp {
    name: String,
    email: String,
    password: String,
    #[serde(default)]
    role: Option<String>,
}

/// Checks an email's shape: something@something.something, no spaces.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Creates an account from a name, email and password.
///
/// # Errors
/// [`WebError::Invalid`] saying which field is wrong, or that the email is taken.
pub async fn create_account(
    state: &AppState,
    name: &str,
    email: &str,
    pass: &str,
    role: Role,
) -> Result<knead_store::Account, WebError> {
    let name = name.trim();
    let email = email.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(WebError::Invalid(format!(
            "name: expected 1 to {MAX_NAME} characters"
        )));
    }
    if !valid_email(email) {
        return Err(WebError::Invalid(
            "email: expected an address like runner@example.org".into(),
        ));
    }
    password::acceptable(pass)?;
    let hash = password::hash(pass.to_owned()).await?;
    match state
        .store
        .create_account(&NewAccount {
            email: email.to_owned(),
            password_hash: hash,
            display_name: name.to_owned(),
            role,
            created_at: Timestamp::now(),
        })
        .await
    {
        Ok(a) => Ok(a),
        Err(StoreError::EmailTaken) => Err(WebError::Invalid(
            "email: an account with this email already exists; sign in instead".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The role a sign-up asks for (a runner unless it says coach or clinic).
fn role(name: Option<&str>) -> Role {
    match name {
        Some("coach") => Role::Coach,
        Some("clinic") => Role::Clinic,
        _ => Role::Runner,
    }
}

/// Where an account lands after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Runner => "/seasons",
        Role::Coach => "/coach",
        Role::Clinic => "/clinic",
    }
}

/// `POST /signup`.
pub async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignUp>,
) -> Result<Response, WebError> {
    let account = match create_account(
        &state,
        &form.name,
        &form.email,
        &form.password,
        role(form.role.as_deref()),
    )
    .await
    {
        Ok(a) => a,
        Err(WebError::Invalid(why)) => {
            return Ok((
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                signup_form(Some(&why), &form.email, &form.name),
            )
                .into_response());
        }
        Err(e) => return Err(e),
    };
    let cookie = session::start(&state, &account, secure(&state, &headers)).await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to(home_of(account.role)),
    )
        .into_response())
}

/// The client's address for rate limits: the peer's, or behind a trusted
/// proxy (`--trust-proxy`) the first address of X-Forwarded-For.
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> String {
    if state.settings.trust_proxy
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .and_then(|a| a.parse::<std::net::IpAddr>().ok())
    {
        return first.to_string();
    }
    peer.ip().to_string()
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignIn {
    email: String,
    password: String,
}

/// `POST /signin`: rate limited per account and per address; the answer for
/// an unknown email is the same as for a wrong password, and as slow.
pub async fn signin(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Result<Response, WebError> {
    let address = client_address(&state, &headers, peer);
    let now = Timestamp::now();
    let since = now - SignedDuration::from_mins(state.settings.login_window_minutes);
    let account = state.store.account_by_email(form.email.trim()).await?;
    let too_many_here = state
        .store
        .count_failed_logins(AttemptKey::Address(&address), since)
        .await?
        >= state.settings.login_failures_per_address;
    let too_many_there = match &account {
        Some(a) => {
            state
                .store
                .count_failed_logins(AttemptKey::Account(a.id), since)
                .await?
                >= state.settings.login_failures_per_account
        }
        None => false,
    };
    if too_many_here || too_many_there {
        let body = signin_form(Some(&WebError::TooManyAttempts.message()), &form.email);
        return Ok((axum::http::StatusCode::TOO_MANY_REQUESTS, body).into_response());
    }
    let ok = password::verify(
        form.password.clone(),
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await;
    state
        .store
        .record_login_attempt(&LoginAttempt {
            account: account.as_ref().map(|a| a.id),
            address,
            at: now,
            succeeded: ok,
        })
        .await?;
    match account {
        Some(account) if ok => {
            let cookie = session::start(&state, &account, secure(&state, &headers)).await?;
            Ok((
                [(header::SET_COOKIE, cookie)],
                Redirect::to(home_of(account.role)),
            )
                .into_response())
        }
        _ => {
            let body = signin_form(
                Some("That email and password do not match an account."),
                &form.email,
            );
            Ok((axum::http::StatusCode::UNAUTHORIZED, body).into_response())
        }
    }
}

/// A form that carries only its CSRF token. (In every form a missing token
/// reads as empty, so it is refused as a wrong one, 403, not as a malformed
/// form.)
#[derive(Debug, Deserialize)]
pub struct Plain {
    #[serde(default)]
    csrf: String,
}

/// `POST /signout`.
pub async fn signout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<Plain>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state.store.delete_session(&user.session.token_hash).await?;
    Ok((
        [(header::SET_COOKIE, session::clear(secure(&state, &headers)))],
        Redirect::to("/"),
    )
        .into_response())
}

/// `POST /signout-everywhere`: ends every session of the account, this one too.
pub async fn signout_everywhere(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<Plain>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    state.store.delete_sessions_of(user.account.id).await?;
    Ok((
        [(header::SET_COOKIE, session::clear(secure(&state, &headers)))],
        Redirect::to("/"),
    )
        .into_response())
}

fn account_view(
    user: &CurrentUser,
    tokens: &[ApiToken],
    message: Option<&str>,
    error: Option<&str>,
    new_token: Option<&str>,
) -> Markup {
    page(
        "Account",
        Some(user),
        html! {
            h1 { "Your account" }
            @if let Some(m) = message { p.notice role="status" { (m) } }
            (form_error(error))
            p { (user.account.display_name) " · " (user.account.email) }
            h2 { "Password" }
            form.stack method="post" action="/account/password" {
                (csrf(user))
                label for="current" { "Current password" }
                input #current type="password" name="current" required autocomplete="current-password";
                label for="new" { "New password" }
                input #new type="password" name="new" required minlength=(password::MIN_LENGTH) autocomplete="new-password";
                p { button type="submit" { "Change password" } }
                p.muted { "Changing it signs you out everywhere else." }
            }
            h2 { "Sessions" }
            form method="post" action="/signout-everywhere" {
                (csrf(user))
                button.secondary type="submit" { "Sign out everywhere" }
            }
            h2 { "API tokens" }
            p.muted { "For scripts and apps using knead's API (" a href="/api/v1/openapi.json" { "OpenAPI" } ")." }
            @if let Some(t) = new_token {
                div.notice role="status" {
                    p { "Your new token, shown only now:" }
                    (copy_field("newtoken", t))
                }
            }
            @let active: Vec<&ApiToken> = tokens.iter().filter(|t| t.revoked_at.is_none()).collect();
            @if !active.is_empty() {
                table {
                    tr { th { "Name" } th { "Made" } th { "Last used" } th {} }
                    @for t in &active {
                        tr {
                            td { (t.name) }
                            td { (t.created_at.strftime("%Y-%m-%d")) }
                            td { @if let Some(u) = t.last_used_at { (u.strftime("%Y-%m-%d")) } @else { "never" } }
                            td {
                                form method="post" action="/account/tokens/revoke" {
                                    (csrf(user))
                                    input type="hidden" name="id" value=(t.token_hash.to_hex());
                                    button.link type="submit" { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
            form.inline method="post" action="/account/tokens" {
                (csrf(user))
                label for="tokenname" { "Name" }
                input #tokenname type="text" name="name" required maxlength="100" placeholder="my script";
                button type="submit" { "Make a token" }
            }
            h2 { "Your data" }
            p { a.button href="/account/export" download { "Export everything (zip)" } }
            p.muted { "Plan files, calendars and JSON of every season, with their history." }
            h2 { "Delete account" }
            form.stack method="post" action="/account/delete" data-confirm="Delete your account and all its seasons for good?" {
                (csrf(user))
                label for="confirmpw" { "Password" }
                input #confirmpw type="password" name="password" required autocomplete="current-password";
                p { button.danger type="submit" { "Delete my account and all my data" } }
            }
        },
    )
}

/// `GET /account`.
pub async fn account_page(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Markup, WebError> {
    let tokens = state.store.api_tokens(user.account.id).await?;
    Ok(account_view(&user, &tokens, None, None, None))
}

/// The password change form.
#[derive(Debug, Deserialize)]
pub struct PasswordChange {
    #[serde(default)]
    csrf: String,
    current: String,
    new: String,
}

/// `POST /account/password`: ends every other session.
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<PasswordChange>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let tokens = state.store.api_tokens(user.account.id).await?;
    if !password::verify(form.current, Some(user.account.password_hash.clone())).await {
        let body = account_view(
            &user,
            &tokens,
            None,
            Some("The current password is wrong."),
            None,
        );
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    if let Err(e) = password::acceptable(&form.new) {
        let body = account_view(&user, &tokens, None, Some(&e.message()), None);
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    let hash = password::hash(form.new).await?;
    state
        .store
        .set_password_hash(user.account.id, &hash)
        .await?;
    let ended = state
        .store
        .delete_other_sessions(user.account.id, &user.session.token_hash)
        .await?;
    let msg = format!("Password changed; {ended} other session(s) signed out.");
    Ok(account_view(&user, &tokens, Some(&msg), None, None).into_response())
}

/// The account deletion form.
#[derive(Debug, Deserialize)]
pub struct DeleteAccount {
    #[serde(default)]
    csrf: String,
    password: String,
}

/// `POST /account/delete`: everything of the account goes, in one transaction.
pub async fn delete_account(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<DeleteAccount>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    if !password::verify(form.password, Some(user.account.password_hash.clone())).await {
        let tokens = state.store.api_tokens(user.account.id).await?;
        let body = account_view(
            &user,
            &tokens,
            None,
            Some("The password is wrong; nothing was deleted."),
            None,
        );
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    state.store.delete_account(user.account.id).await?;
    let goodbye = page(
        "Account deleted",
        None,
        html! {
            h1 { "Your account is deleted" }
            p { "Your seasons, their history, feeds and tokens are gone. Calendars subscribed to your feeds stop updating." }
        },
    );
    Ok((
        [(header::SET_COOKIE, session::clear(secure(&state, &headers)))],
        goodbye,
    )
        .into_response())
}

/// The form that makes an API token.
#[derive(Debug, Deserialize)]
pub struct NewToken {
    #[serde(default)]
    csrf: String,
    name: String,
}

/// `POST /account/tokens`: shows the new token once.
pub async fn create_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<NewToken>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(WebError::Invalid(format!(
            "token name: expected 1 to {MAX_NAME} characters"
        )));
    }
    let token = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    let secret = format!("knead_{}", token.as_str());
    state
        .store
        .create_api_token(&ApiToken {
            token_hash: TokenHash::of(&secret),
            account: user.account.id,
            name: name.to_owned(),
            created_at: Timestamp::now(),
            last_used_at: None,
            revoked_at: None,
        })
        .await?;
    let tokens = state.store.api_tokens(user.account.id).await?;
    Ok(account_view(&user, &tokens, Some("Token made."), None, Some(&secret)).into_response())
}

/// The form that revokes an API token.
#[derive(Debug, Deserialize)]
pub struct RevokeToken {
    #[serde(default)]
    csrf: String,
    id: String,
}

/// `POST /account/tokens/revoke`.
pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<RevokeToken>,
) -> Result<Response, WebError> {
    user.check_csrf(&form.csrf)?;
    let hash = TokenHash::from_hex(&form.id).ok_or(WebError::NotFound)?;
    if !state
        .store
        .revoke_api_token(user.account.id, &hash, Timestamp::now())
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to("/account").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("a@b.co"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a b@c.de"));
        assert!(!valid_email("@c.de"));
    }
}
