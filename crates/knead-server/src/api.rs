//! The JSON API under `/api/v1`: everything the pages do, for scripts and
//! apps, with personal access tokens (`Authorization: Bearer knead_...`, made
//! on the account page). Answers are the same typed responses the command
//! line prints with `--format json` (docs/json.md); errors are
//! `{"error": {"status": 422, "message": "..."}}`. The OpenAPI document is
//! generated from these handlers at `/api/v1/openapi.json`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use jiff::civil::Date;
use knead_app::edit::Edit;
use knead_app::respond;
use knead_app::season::TextFile;
use knead_core::model::DistanceUnit;
use knead_store::{FeedKind, NewSeason, NewVersion, Season};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use crate::access::{self, Access, Need};
use crate::auth::ApiUser;
use crate::auth::token::ApiRejection;
use crate::error::WebError;
use crate::pages::season::{save_edit, training_only};
use crate::pages::settings::{base_url, issue};
use crate::season::{self as stored, Start};
use crate::state::AppState;

type ApiResult<T> = Result<T, ApiRejection>;

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/account", get(account))
        .route("/seasons", get(list).post(create))
        .route("/seasons/{id}", get(season).delete(delete))
        .route("/seasons/{id}/plan", get(plan_file).put(replace_plan))
        .route("/seasons/{id}/edits", post(edit))
        .route("/seasons/{id}/check", get(check))
        .route("/seasons/{id}/days/{date}", get(day))
        .route("/seasons/{id}/versions", get(versions))
        .route("/seasons/{id}/restore", post(restore))
        .route("/seasons/{id}/history", post(history))
        .route("/seasons/{id}/feeds", post(feeds))
        .fallback(|| async { WebError::NotFound.json() })
        .layer(axum::middleware::map_response(json_errors))
}

/// Errors axum answers by itself (an id that is not a number, a method the
/// route does not have, a body over the limit) in the API's JSON shape too.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_owned();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("Error").to_owned()
    } else {
        text
    };
    let body = serde_json::json!({"error": {"status": status.as_u16(), "message": message}});
    let mut out = (status, Json(body)).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().append(name, value.clone());
        }
    }
    out
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "knead API", description = "Massage and recovery planning for runners: seasons, edits that re-plan, check, explain, history and calendar feeds."),
    paths(account, list, create, season, delete, plan_file, replace_plan, edit, check, day, versions, restore, history, feeds),
    components(schemas(AccountOut, SeasonOut, NewSeasonIn, StartIn, PlanFileOut, PlanFileIn, EditIn, SavedOut, VersionOut, RestoreIn, HistoryOut, FeedIn, FeedOut, ErrorOut, ErrorBody)),
    modifiers(&Bearer),
    security(("token" = []))
)]
pub struct ApiDoc;

struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    let mut doc = ApiDoc::openapi();
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    Json(doc)
}

/// An error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorOut {
    /// The error.
    pub error: ErrorBody,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status.
    pub status: u16,
    /// What was expected.
    pub message: String,
}

/// The account a token acts for.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountOut {
    /// Its id.
    pub id: i64,
    /// Its email.
    pub email: String,
    /// Its name.
    pub name: String,
    /// `runner`, `coach` or `clinic`.
    pub role: String,
}

#[utoipa::path(get, path = "/account", responses((status = 200, body = AccountOut), (status = 401, body = ErrorOut)))]
/// The token's account.
pub async fn account(user: ApiUser) -> Json<AccountOut> {
    let a = user.account;
    Json(AccountOut {
        id: a.id.0,
        email: a.email,
        name: a.display_name,
        role: a.role.as_str().into(),
    })
}

/// A season.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeasonOut {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The runner's time zone.
    pub time_zone: String,
    /// Its current version.
    pub version: i64,
    /// `owner`, `view` or `edit`.
    pub access: String,
}

fn season_out(s: &Season, access: Access) -> SeasonOut {
    SeasonOut {
        id: s.id.0,
        name: s.name.clone(),
        time_zone: s.time_zone.clone(),
        version: s.current_version,
        access: match access {
            Access::Owner => "owner".into(),
            Access::Shared(p) => p.as_str().into(),
        },
    }
}

#[utoipa::path(get, path = "/seasons", responses((status = 200, body = Vec<SeasonOut>), (status = 401, body = ErrorOut)))]
/// The seasons of the account, and those shared with it.
pub async fn list(State(state): State<AppState>, user: ApiUser) -> ApiResult<Json<Vec<SeasonOut>>> {
    let mut out: Vec<SeasonOut> = state
        .store
        .seasons_of(user.account.id)
        .await?
        .iter()
        .map(|s| season_out(s, Access::Owner))
        .collect();
    out.extend(
        state
            .store
            .seasons_shared_with(user.account.id)
            .await?
            .iter()
            .map(|(s, p)| season_out(s, Access::Shared(*p))),
    );
    Ok(Json(out))
}

/// Where a new season starts from.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum StartIn {
    /// The built-in example.
    Example,
    /// A published plan by race date.
    Template {
        /// Template id (`knead template list`).
        id: String,
        /// Race day, YYYY-MM-DD.
        #[schema(value_type = String, format = Date)]
        race: Date,
        /// `km` or `mi`.
        #[serde(default)]
        units: Option<String>,
    },
    /// A plan file's text (TOML).
    PlanFile {
        /// The plan file.
        text: String,
    },
    /// A calendar's text (ICS) holding the training.
    Calendar {
        /// The calendar.
        text: String,
    },
    /// A linked calendar: its webcal or https address, fetched once.
    CalendarUrl {
        /// The address.
        url: String,
    },
}

/// A season to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSeasonIn {
    /// Its name.
    pub name: String,
    /// The runner's IANA time zone (default UTC).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Where it starts from.
    pub start: StartIn,
}

#[utoipa::path(post, path = "/seasons", request_body = NewSeasonIn, responses((status = 201, body = SeasonOut), (status = 422, body = ErrorOut), (status = 401, body = ErrorOut)))]
/// Starts a season.
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    body: Bytes,
) -> ApiResult<Response> {
    let input: NewSeasonIn = json_body(&body)?;
    let name = crate::pages::seasons::season_name(&input.name)?;
    let zone = input.time_zone.as_deref().unwrap_or("UTC");
    let zone = stored::checked_zone(zone)?;
    let today = stored::today_in(&zone);
    let fetched;
    let start = match &input.start {
        StartIn::Example => Start::Example,
        StartIn::Template { id, race, units } => Start::Template {
            id,
            race: *race,
            units: if units.as_deref() == Some("mi") {
                DistanceUnit::Mi
            } else {
                DistanceUnit::Km
            },
        },
        StartIn::PlanFile { text } => Start::PlanFile(TextFile {
            name: "plan file",
            text,
        }),
        StartIn::Calendar { text } => Start::Calendar(TextFile {
            name: "calendar",
            text,
        }),
        StartIn::CalendarUrl { url } => {
            fetched = crate::fetch::calendar(url, state.settings.allow_private_fetch).await?;
            Start::Calendar(TextFile {
                name: url,
                text: &fetched,
            })
        }
    };
    let started = stored::start(start, &zone, today)?;
    let (season, _) = state
        .store
        .create_season(&NewSeason {
            owner: user.account.id,
            name,
            time_zone: started.time_zone,
            plan_toml: started.plan_toml,
            summary: started.summary,
            created_at: Timestamp::now(),
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(season_out(&season, Access::Owner)),
    )
        .into_response())
}

/// Reads a JSON body, saying where it is wrong.
fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, WebError> {
    serde_json::from_slice(body).map_err(|e| {
        WebError::Invalid(format!(
            "request body: line {} column {}: {e}",
            e.line(),
            e.column()
        ))
    })
}

#[utoipa::path(get, path = "/seasons/{id}", params(("id" = i64, Path, description = "Season id")), responses((status = 200, description = "The season's schedule: knead-schedule/2 (docs/json.md)", body = Object), (status = 404, body = ErrorOut)))]
/// A season's schedule, as `knead plan --format json` prints it.
pub async fn season(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (season, access) = access::season(&state, &user.account, id, Need::View).await?;
    let (version, planned) = stored::plan_stored(&state, &season).await?;
    let mut value =
        serde_json::to_value(&planned.plan).map_err(|e| WebError::Internal(e.to_string()))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "season".into(),
            serde_json::to_value(season_out(&season, access)).unwrap_or_default(),
        );
        obj.insert("version".into(), version.number.into());
    }
    Ok(Json(value).into_response())
}

#[utoipa::path(delete, path = "/seasons/{id}", params(("id" = i64, Path, description = "Season id")), responses((status = 204), (status = 404, body = ErrorOut)))]
/// Deletes a season (its owner only).
pub async fn delete(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    state.store.delete_season(season.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A season's plan file.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanFileOut {
    /// The version it is.
    pub version: i64,
    /// The plan file (TOML, docs/plan-format.md).
    pub plan_toml: String,
}

#[utoipa::path(get, path = "/seasons/{id}/plan", params(("id" = i64, Path, description = "Season id")), responses((status = 200, body = PlanFileOut), (status = 404, body = ErrorOut)))]
/// The current plan file.
pub async fn plan_file(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<PlanFileOut>> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let v = stored::current_plan(&state, &season).await?;
    Ok(Json(PlanFileOut {
        version: v.number,
        plan_toml: v.plan_toml,
    }))
}

/// A whole new plan file.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFileIn {
    /// The version it replaces (the save fails with 409 if the season moved on).
    pub based_on: i64,
    /// The plan file (TOML).
    pub plan_toml: String,
}

/// A version saved.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedOut {
    /// Its number.
    pub version: i64,
    /// What changed, in one line.
    pub summary: String,
    /// What moved in the recovery plan.
    pub moved: Vec<String>,
}

#[utoipa::path(put, path = "/seasons/{id}/plan", params(("id" = i64, Path, description = "Season id")), request_body = PlanFileIn, responses((status = 200, body = SavedOut), (status = 409, body = ErrorOut), (status = 422, body = ErrorOut), (status = 404, body = ErrorOut)))]
/// Replaces the plan file (as a new version).
pub async fn replace_plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Json<SavedOut>> {
    let (season, access) = access::season(&state, &user.account, id, Need::Edit).await?;
    let input: PlanFileIn = json_body(&body)?;
    knead_app::season::read_plan(TextFile {
        name: "plan_toml",
        text: &input.plan_toml,
    })?;
    if access != Access::Owner {
        let current = stored::current_plan(&state, &season).await?;
        training_only(access, &current.plan_toml, &input.plan_toml)?;
    }
    // As an edit: a plan that does not schedule is not saved.
    let inputs = stored::inputs(&state, &season).await?;
    stored::plan(&input.plan_toml, &inputs)?;
    let version = state
        .store
        .save_version(&NewVersion {
            season: season.id,
            based_on: input.based_on,
            plan_toml: input.plan_toml,
            author: user.account.id,
            summary: "Plan file replaced".into(),
            created_at: Timestamp::now(),
        })
        .await?;
    Ok(Json(SavedOut {
        version: version.number,
        summary: version.summary,
        moved: vec![],
    }))
}

/// One edit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditIn {
    /// The version the edit was made from (409 if the season moved on).
    pub based_on: i64,
    /// The edit: `{"op": "move_workout", "index": 3, "date": "2027-01-05"}`;
    /// ops and fields as `knead_app::edit::Edit` (docs/json.md).
    #[schema(value_type = Object)]
    pub edit: serde_json::Value,
}

#[utoipa::path(post, path = "/seasons/{id}/edits", params(("id" = i64, Path, description = "Season id")), request_body = EditIn, responses((status = 200, body = SavedOut), (status = 409, body = ErrorOut), (status = 422, body = ErrorOut), (status = 404, body = ErrorOut)))]
/// Applies one edit, re-plans, and saves a new version saying what moved.
pub async fn edit(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Json<SavedOut>> {
    let (season, access) = access::season(&state, &user.account, id, Need::Edit).await?;
    let input: EditIn = json_body(&body)?;
    let edit: Edit =
        serde_json::from_value(input.edit).map_err(|e| WebError::Invalid(format!("edit: {e}")))?;
    let saved = save_edit(
        &state,
        &season,
        access,
        user.account.id,
        input.based_on,
        &edit,
    )
    .await?;
    Ok(Json(SavedOut {
        version: saved.version.number,
        summary: saved.version.summary,
        moved: saved.moved,
    }))
}

#[utoipa::path(get, path = "/seasons/{id}/check", params(("id" = i64, Path, description = "Season id")), responses((status = 200, description = "knead-check/1", body = Object), (status = 404, body = ErrorOut)))]
/// Every rule the booked massages break, and advice.
pub async fn check(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let (_, planned) = stored::plan_stored(&state, &season).await?;
    Ok(Json(respond::check(&planned.season)?).into_response())
}

#[utoipa::path(get, path = "/seasons/{id}/days/{date}", params(("id" = i64, Path, description = "Season id"), ("date" = String, Path, description = "YYYY-MM-DD")), responses((status = 200, description = "knead-explain/2", body = Object), (status = 404, body = ErrorOut)))]
/// Why a day holds what it holds, and why nothing else.
pub async fn day(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, date)): Path<(i64, String)>,
) -> ApiResult<Response> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let date: Date = date
        .parse()
        .map_err(|_| WebError::Invalid(format!("date {date:?}: expected YYYY-MM-DD")))?;
    let (_, planned) = stored::plan_stored(&state, &season).await?;
    Ok(Json(respond::explain(&planned.season, date)?).into_response())
}

/// A version in the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionOut {
    /// Its number.
    pub number: i64,
    /// When, RFC 3339.
    pub created_at: String,
    /// Who, by account id (none once deleted).
    pub author: Option<i64>,
    /// What changed.
    pub summary: String,
}

#[utoipa::path(get, path = "/seasons/{id}/versions", params(("id" = i64, Path, description = "Season id")), responses((status = 200, body = Vec<VersionOut>), (status = 404, body = ErrorOut)))]
/// The versions, newest first.
pub async fn versions(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<VersionOut>>> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let list = state.store.versions(season.id).await?;
    Ok(Json(
        list.into_iter()
            .map(|v| VersionOut {
                number: v.number,
                created_at: v.created_at.to_string(),
                author: v.author.map(|a| a.0),
                summary: v.summary,
            })
            .collect(),
    ))
}

/// Return to a version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RestoreIn {
    /// The version to return to.
    pub number: i64,
    /// The current version (409 if the season moved on).
    pub based_on: i64,
}

#[utoipa::path(post, path = "/seasons/{id}/restore", params(("id" = i64, Path, description = "Season id")), request_body = RestoreIn, responses((status = 200, body = SavedOut), (status = 409, body = ErrorOut), (status = 404, body = ErrorOut)))]
/// Saves an earlier version's plan as the newest version.
pub async fn restore(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Json<SavedOut>> {
    let (season, access) = access::season(&state, &user.account, id, Need::Edit).await?;
    let input: RestoreIn = json_body(&body)?;
    if access != Access::Owner {
        let old = state
            .store
            .version(season.id, input.number)
            .await?
            .ok_or(WebError::NotFound)?;
        let current = stored::current_plan(&state, &season).await?;
        training_only(access, &current.plan_toml, &old.plan_toml)?;
    }
    let v = state
        .store
        .restore_version(
            season.id,
            input.number,
            input.based_on,
            user.account.id,
            Timestamp::now(),
        )
        .await?;
    Ok(Json(SavedOut {
        version: v.number,
        summary: v.summary,
        moved: vec![],
    }))
}

/// History added.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryOut {
    /// Activities added (copies of stored ones are not).
    pub added: usize,
}

/// The file name of an uploaded activity.
#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    name: Option<String>,
}

#[utoipa::path(post, path = "/seasons/{id}/history", params(("id" = i64, Path, description = "Season id"), ("name" = Option<String>, Query, description = "The file's name: run.fit, run.gpx.gz, export.zip")), request_body(content = Vec<u8>, content_type = "application/octet-stream"), responses((status = 200, body = HistoryOut), (status = 422, body = ErrorOut), (status = 404, body = ErrorOut)))]
/// Adds one activity file or Strava export zip (the body) to the history.
pub async fn history(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<HistoryQuery>,
    body: Bytes,
) -> ApiResult<Json<HistoryOut>> {
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let name = crate::upload::clean_name(q.name.as_deref().unwrap_or("upload"));
    let limit = state.settings.max_unpacked_bytes;
    let import = tokio::task::spawn_blocking(move || {
        crate::upload::activities(&[(name.as_str(), &body[..])], limit)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))??;
    let added = crate::pages::season::add_history(&state, &season, import.activities, 1).await?;
    Ok(Json(HistoryOut { added }))
}

/// A feed to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedIn {
    /// `full` or `busy`.
    pub kind: String,
}

/// A feed's addresses (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedOut {
    /// `https://.../feeds/TOKEN.ics`.
    pub https: String,
    /// The same as webcal.
    pub webcal: String,
}

#[utoipa::path(post, path = "/seasons/{id}/feeds", params(("id" = i64, Path, description = "Season id")), request_body = FeedIn, responses((status = 201, body = FeedOut), (status = 422, body = ErrorOut), (status = 404, body = ErrorOut)))]
/// Issues a new feed link of a kind (the old one stops working).
pub async fn feeds(
    State(state): State<AppState>,
    user: ApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult<Response> {
    let (season, _) = access::season(&state, &user.account, id, Need::Own).await?;
    let input: FeedIn = json_body(&body)?;
    let kind = FeedKind::parse(&input.kind)
        .map_err(|_| WebError::Invalid("kind: expected full or busy".into()))?;
    let issued = issue(&state, &season, kind, &base_url(&state, &headers)).await?;
    Ok((
        StatusCode::CREATED,
        Json(FeedOut {
            https: issued.https,
            webcal: issued.webcal,
        }),
    )
        .into_response())
}
