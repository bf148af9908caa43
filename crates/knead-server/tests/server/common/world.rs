//! A runner with everything an account can have (a season with history, a
//! feed and an API token), and a snapshot of it all to show that a refused
//! request changed nothing.

use knead_store::{
    AccountId, BookingRequest, ClinicFeed, ClinicLink, ClinicProfile, Invitation, Permission,
    SeasonId, Store,
};

use super::client::{App, Client, Resp, attribute_after, path_of};
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

/// A clinic account, signed in, with a saved profile.
pub struct Clinic {
    /// Its browser.
    pub client: Client,
    /// Its account.
    pub account: AccountId,
    /// Its email (what runners link it by).
    pub email: String,
}

/// The fields of a valid clinic profile form named `name` with `therapists`
/// (`name: types` lines), open every day.
pub fn profile_fields(name: &str, therapists: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("therapists", therapists.to_owned()),
        ("deep", "80".to_owned()),
        ("art", "90".to_owned()),
        ("swedish", "60".to_owned()),
        ("weekdays", "mon tue wed thu fri sat sun".to_owned()),
        ("closed", String::new()),
        ("appointment_minutes", "60".to_owned()),
    ]
}

/// Signs `email` up as a clinic and saves its profile: `clinic_name` with
/// `therapists`.
pub async fn clinic(app: &App, email: &str, clinic_name: &str, therapists: &str) -> Clinic {
    let mut client = app.client();
    client.sign_up_as("Front desk", email, "clinic").await;
    client.get("/clinic/profile").await.expect(200);
    let fields = profile_fields(clinic_name, therapists);
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form("/clinic/profile", &form).await.expect(200);
    let account = app
        .store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("the clinic's account")
        .id;
    Clinic {
        client,
        account,
        email: email.to_owned(),
    }
}

/// Opens the season's sharing page and posts `fields` (the CSRF token added).
pub async fn sharing(c: &mut Client, season: i64, fields: &[(&str, &str)]) -> Resp {
    c.get(&format!("/seasons/{season}/sharing"))
        .await
        .expect(200);
    c.post_form(&format!("/seasons/{season}/sharing"), fields)
        .await
}

/// Makes an invitation (`view` or `edit`) to the season; returns its token.
pub async fn invite(c: &mut Client, season: i64, permission: &str) -> String {
    let r = sharing(
        c,
        season,
        &[("action", "invite"), ("permission", permission)],
    )
    .await;
    r.expect(200);
    let url = attribute_after(&r.text(), "id=\"invite-url\"", "value")
        .expect("the invitation link on the page");
    assert!(url.starts_with("http"), "{url}");
    path_of(&url)
        .strip_prefix("/invite/")
        .expect("an /invite/ link")
        .to_owned()
}

/// Signs `email` up as a coach who accepts an invitation to `season` with
/// `permission`; returns the coach's browser and account.
pub async fn coach(
    app: &App,
    owner: &mut Client,
    season: i64,
    name: &str,
    email: &str,
    permission: Permission,
) -> (Client, AccountId) {
    let token = invite(owner, season, permission.as_str()).await;
    let mut c = app.client();
    c.sign_up_as(name, email, "coach").await;
    c.get(&format!("/invite/{token}")).await.expect(200);
    c.post_form(&format!("/invite/{token}"), &[])
        .await
        .expect_redirect(&format!("/seasons/{season}"));
    let account = app
        .store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("the coach's account")
        .id;
    (c, account)
}

/// Links the season to the clinic with `clinic_email` and requests every
/// proposed massage; returns the season's requests.
pub async fn link_and_request(
    app: &App,
    owner: &mut Client,
    season: i64,
    clinic_email: &str,
) -> Vec<BookingRequest> {
    sharing(
        owner,
        season,
        &[("action", "link"), ("email", clinic_email)],
    )
    .await
    .expect(200);
    let r = sharing(owner, season, &[("action", "request_all")]).await;
    r.expect(200);
    let requests = app
        .store
        .requests_of_season(SeasonId(season))
        .await
        .expect("store");
    assert!(
        !requests.is_empty(),
        "request_all sent no request: {}",
        r.text()
    );
    requests
}

/// Everything of an account the store shows, less what use alone changes
/// (when a token was last used).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    account: Option<(String, String, String)>,
    seasons: Vec<SeasonState>,
    api_tokens: Vec<(Vec<u8>, String, bool)>,
    shared_with_it: Vec<(i64, Permission)>,
    clinic_profile: Option<ClinicProfile>,
    clinic_feeds: Vec<ClinicFeed>,
    clinic_requests: Vec<BookingRequest>,
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
    grants: Vec<(i64, Permission)>,
    invitations: Vec<Invitation>,
    clinic: Option<ClinicLink>,
    requests: Vec<BookingRequest>,
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
    let shared_with_it = store
        .seasons_shared_with(account)
        .await
        .expect("store")
        .into_iter()
        .map(|(s, p)| (s.id.0, p))
        .collect();
    Snapshot {
        account: a.map(|a| (a.email, a.display_name, a.password_hash)),
        seasons,
        api_tokens,
        shared_with_it,
        clinic_profile: store.clinic_profile(account).await.expect("store"),
        clinic_feeds: store.clinic_feeds(account).await.expect("store"),
        clinic_requests: store.requests_of_clinic(account).await.expect("store"),
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
        grants: store
            .grants(id)
            .await
            .expect("store")
            .into_iter()
            .map(|g| (g.account.0, g.permission))
            .collect(),
        invitations: store.invitations(id).await.expect("store"),
        clinic: store.clinic_link(id).await.expect("store"),
        requests: store.requests_of_season(id).await.expect("store"),
    }
}
