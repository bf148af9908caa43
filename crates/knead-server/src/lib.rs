//! `knead serve`: a runner's seasons on the web, their calendar feeds and a
//! JSON API, over the same use cases as the command line.
//!
//! A request flows one way, as a command does:
//!
//! ```text
//! request → auth (session cookie or API token) → access (owner or grant, else 404)
//!   → store (the season's current plan file) → knead-app (prepare, plan, edit)
//!   → knead-report (feed, chart) → page, JSON or calendar
//! ```
//!
//! The server keeps no state of its own: sessions, CSRF secrets, login
//! attempts, seasons and feed tokens live in the database behind
//! [`knead_store::Store`], so several processes on one PostgreSQL behave as
//! one. A season's plan is its plan file, saved as a new version at every edit
//! (optimistic concurrency: an edit made from an old version is refused, not
//! merged).
//!
//! * [`state`] holds the store and the settings every handler shares.
//! * [`auth`] signs people in (argon2id, sessions, CSRF, rate limits) and
//!   reads API tokens.
//! * [`access`] finds a season for an account, or answers 404.
//! * [`season`] turns a stored season into its schedule.
//! * [`pages`] are the HTML pages; [`api`] the JSON API; [`feed`] the
//!   calendar feeds.
//! * [`security`] sets the headers every answer carries and refuses
//!   cross-site form posts.

pub mod access;
pub mod api;
pub mod auth;
pub mod clinic;
pub mod demo;
pub mod error;
pub mod export;
pub mod feed;
pub mod fetch;
pub mod pages;
pub mod season;
pub mod security;
pub mod state;
pub mod upload;

use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::WebError;
pub use state::{AppState, Settings, open_store};

/// Every route of the server.
pub fn router(state: AppState) -> Router {
    let limit = state.settings.max_upload_bytes;
    Router::new()
        .route("/", get(pages::home::home))
        .route("/static/{file}", get(pages::assets::asset))
        .route("/healthz", get(pages::home::health))
        .route(
            "/signup",
            get(pages::account::signup_page).post(pages::account::signup),
        )
        .route(
            "/signin",
            get(pages::account::signin_page).post(pages::account::signin),
        )
        .route("/signout", post(pages::account::signout))
        .route(
            "/signout-everywhere",
            post(pages::account::signout_everywhere),
        )
        .route("/account", get(pages::account::account_page))
        .route("/account/password", post(pages::account::change_password))
        .route("/account/delete", post(pages::account::delete_account))
        .route("/account/export", get(export::export_account))
        .route("/account/tokens", post(pages::account::create_token))
        .route("/account/tokens/revoke", post(pages::account::revoke_token))
        .route(
            "/seasons",
            get(pages::seasons::list).post(pages::seasons::create),
        )
        .route("/seasons/{id}", get(pages::season::page))
        .route("/seasons/{id}/edit", post(pages::season::edit))
        .route("/seasons/{id}/days/{date}", get(pages::season::day))
        .route("/seasons/{id}/load.svg", get(pages::season::load_chart))
        .route("/seasons/{id}/versions", get(pages::season::versions))
        .route("/seasons/{id}/restore", post(pages::season::restore))
        .route("/seasons/{id}/history", post(pages::season::upload_history))
        .route(
            "/seasons/{id}/settings",
            get(pages::settings::page).post(pages::settings::update),
        )
        .route("/seasons/{id}/feeds", post(pages::settings::issue_feed))
        .route("/seasons/{id}/delete", post(pages::settings::delete_season))
        .route("/seasons/{id}/plan.toml", get(export::plan_file))
        .route(
            "/seasons/{id}/sharing",
            get(pages::sharing::page).post(pages::sharing::update),
        )
        .route(
            "/invite/{token}",
            get(pages::sharing::invitation_page).post(pages::sharing::accept),
        )
        .route("/coach", get(pages::coach::page))
        .route("/clinic", get(pages::clinic::board))
        .route(
            "/clinic/profile",
            get(pages::clinic::profile_page).post(pages::clinic::save_profile),
        )
        .route("/clinic/requests/{id}", post(pages::clinic::answer))
        .route("/clinic/requests/{id}/check", get(pages::clinic::check))
        .route("/clinic/feeds", post(pages::clinic::issue_feed))
        .route("/clinic-feeds/{token}", get(pages::clinic::feed))
        .route("/feeds/{token}", get(feed::feed))
        .nest("/api/v1", api::router())
        .fallback(pages::home::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM, then finishes the
/// requests under way.
///
/// # Errors
/// When the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
