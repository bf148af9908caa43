//! `knead serve --demo`: a demo runner with the built-in example season, so a
//! newcomer sees a full season at once. On a database that already holds the
//! demo it is kept; each start issues a fresh feed link (older ones stay valid).

use jiff::Timestamp;
use knead_store::{FeedKind, FeedToken, NewSeason, Role, Token};

use crate::error::WebError;
use crate::pages::account::create_account;
use crate::pages::settings::addresses;
use crate::state::AppState;

/// The demo runner's email.
pub const EMAIL: &str = "demo@knead.invalid";
/// The demo runner's password.
pub const PASSWORD: &str = "knead-demo-runner";

/// What a demo start prints.
#[derive(Debug, Clone)]
pub struct Demo {
    /// The demo season's id.
    pub season: i64,
    /// Its full feed's https address.
    pub feed: String,
    /// The same as webcal.
    pub webcal: String,
}

/// Makes (or finds) the demo runner and season, and issues a feed link.
///
/// # Errors
/// When the store fails.
pub async fn ensure(state: &AppState, base: &str) -> Result<Demo, WebError> {
    let account = match state.store.account_by_email(EMAIL).await? {
        Some(a) => a,
        None => create_account(state, "Demo Runner", EMAIL, PASSWORD, Role::Runner).await?,
    };
    let season = match state.store.seasons_of(account.id).await?.into_iter().next() {
        Some(s) => s,
        None => {
            let plan = knead_formats::example::marathon();
            state
                .store
                .create_season(&NewSeason {
                    owner: account.id,
                    name: "Spring marathon (demo)".into(),
                    time_zone: plan.athlete.time_zone,
                    plan_toml: knead_formats::example::MARATHON_TOML.into(),
                    summary: "Started from the built-in example (18-week marathon build)".into(),
                    created_at: Timestamp::now(),
                })
                .await?
                .0
        }
    };
    let token = Token::generate().map_err(|e| WebError::Internal(e.to_string()))?;
    state
        .store
        .create_feed_token(&FeedToken {
            season: season.id,
            kind: FeedKind::Full,
            token_hash: token.hash(),
            created_at: Timestamp::now(),
            revoked_at: None,
        })
        .await?;
    let issued = addresses(FeedKind::Full, base, token.as_str());
    Ok(Demo {
        season: season.id.0,
        feed: issued.https,
        webcal: issued.webcal,
    })
}
