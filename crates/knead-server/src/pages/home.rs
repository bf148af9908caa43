//! The front page, the health check and the not-found page.

use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use crate::auth::MaybeUser;
use crate::error::WebError;
use crate::pages::layout::page;

/// `GET /`: the seasons of a signed-in person, else what knead is.
pub async fn home(MaybeUser(user): MaybeUser) -> Response {
    if let Some(u) = user {
        return Redirect::to(crate::pages::account::home_of(u.account.role)).into_response();
    }
    page(
        "Massage and recovery for runners",
        None,
        html! {
            h1 { "Massage and recovery, planned around your running" }
            p { "knead reads your training plan, races, budget and niggles, and plans professional massages, self-massage and aftercare where they help most, with the rule and the evidence behind every choice." }
            p { "Your massages then appear in the calendar you already use, and move when your training does." }
            p.actions {
                a.button href="/signup" { "Create an account" }
                " "
                a href="/signin" { "Sign in" }
            }
        },
    )
    .into_response()
}

/// `GET /healthz`: 200 when the database answers.
pub async fn health(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> Result<&'static str, WebError> {
    state.store.account(knead_store::AccountId(0)).await?;
    Ok("ok")
}

/// Every other path.
pub async fn not_found() -> WebError {
    WebError::NotFound
}
