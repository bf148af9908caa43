//! A runner with everything an account can have (a season with history, a
//! feed and an API token), and a snapshot of it all to show that a refused
//! request changed nothing.

use knead_store::{AccountId, SeasonId, Store};

use super::client::{App, Client, path_of};
use super::data;
use super::requests::token_id;

/// A signed-in runner with a season, its history, a feed and an API token.
pub struct Owner {
    /// Their browser (signed in; the Bearer token set too).
    pub client: Client,
    /// Their account.
    pub account: AccountId,
    /// Their season.
    pub season: i64,
    /// Its full feed's path.
    pub feed: String,
    /// Their API token.
    pub api_token: String,
}

impl Owner {
    /// The hex id of the API token, as the account page names it.
    pub fn api_token_id(&self) -> String {
        token_id(&self.api_token)
    }
}

/// Signs `email` up and gives them a season called `season_name` (the
/// shifted example) with a run in its history, a full feed and an API token.
pub async fn owner(app: &App, name: &str, email: &str, season_name: &str) -> Owner {
    let mut client = app.client();
    client.sign_up(name, email).await;
    let season = client
        .season_from_plan(season_name, &data::shifted_example())
        .await;
    client
        .upload_run(season, data::yesterday())
        .await
        .expect(200);
    let feed = path_of(&client.issue_feed(season, "full").await);
    client.get(&feed).await.expect(200);
    let api_token = client.make_token("script").await;
    client.get("/seasons").await.expect(200);
    let account = app
        .store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("the account")
        .id;
    Owner {
        client,
        account,
        season,
        feed,
        api_token,
    }
}

/// Everything of an account the store shows, less what use alone changes
/// (when a token was last used).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    account: Option<(String, String, String)>,
    seasons: Vec<SeasonState>,
    api_tokens: Vec<(Vec<u8>, String, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
struct SeasonState {
    id: i64,
    name: String,
    version: i64,
    alarm: Option<i64>,
    plan: String,
    versions: usize,
    feeds: Vec<(String, Vec<u8>, bool)>,
    history: Option<(String, i64)>,
    grants: usize,
}

/// The state of `account` and its seasons.
pub async fn snapshot(store: &dyn Store, account: AccountId) -> Snapshot {
    let a = store.account(account).await.expect("store");
    let mut seasons = Vec::new();
    for s in store.seasons_of(account).await.expect("store") {
        seasons.push(season_state(store, s.id).await);
    }
    let api_tokens = store
        .api_tokens(account)
        .await
        .expect("store")
        .into_iter()
        .map(|t| {
            (
                t.token_hash.as_bytes().to_vec(),
                t.name,
                t.revoked_at.is_some(),
            )
        })
        .collect();
    Snapshot {
        account: a.map(|a| (a.email, a.display_name, a.password_hash)),
        seasons,
        api_tokens,
    }
}

async fn season_state(store: &dyn Store, id: SeasonId) -> SeasonState {
    let s = store.season(id).await.expect("store").expect("the season");
    let plan = store
        .current_version(id)
        .await
        .expect("store")
        .map(|v| v.plan_toml)
        .unwrap_or_default();
    SeasonState {
        id: s.id.0,
        name: s.name,
        version: s.current_version,
        alarm: s.feed_alarm_minutes,
        plan,
        versions: store.versions(id).await.expect("store").len(),
        feeds: store
            .feed_tokens(id)
            .await
            .expect("store")
            .into_iter()
            .map(|t| {
                (
                    t.kind.as_str().to_owned(),
                    t.token_hash.as_bytes().to_vec(),
                    t.revoked_at.is_some(),
                )
            })
            .collect(),
        history: store
            .history(id)
            .await
            .expect("store")
            .map(|h| (h.activities_json, h.files)),
        grants: store.grants(id).await.expect("store").len(),
    }
}
