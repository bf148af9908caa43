//! Taking data out: a season's plan file, and everything of an account as one
//! zip (every season's plan file, calendar, schedule JSON, versions and
//! history, and the account itself).

use std::io::Write;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use knead_store::Season;

use crate::access::{self, Need};
use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::season as stored;
use crate::state::AppState;

/// `GET /seasons/{id}/plan.toml`: the current plan file, as a download.
pub async fn plan_file(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (season, _) = access::season(&state, &user.account, id, Need::View).await?;
    let v = stored::current_plan(&state, &season).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.toml\"", file_stem(&season)),
            ),
        ],
        v.plan_toml,
    )
        .into_response())
}

/// A season's name as a file name: letters, digits and dashes.
pub fn file_stem(season: &Season) -> String {
    let stem: String = season
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem.trim_matches('-');
    format!(
        "{}-{}",
        season.id.0,
        if stem.is_empty() { "season" } else { stem }
    )
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, WebError> {
    serde_json::to_vec_pretty(value).map_err(|e| WebError::Internal(e.to_string()))
}

/// `GET /account/export`: everything of the account as one zip.
pub async fn export_account(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, WebError> {
    let now = Timestamp::now();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let a = &user.account;
    files.push((
        "account.json".into(),
        json(&serde_json::json!({
            "format": "knead-export/1",
            "exported_at": now.to_string(),
            "email": a.email,
            "name": a.display_name,
            "role": a.role.as_str(),
            "created_at": a.created_at.to_string(),
        }))?,
    ));
    for season in state.store.seasons_of(a.id).await? {
        let dir = file_stem(&season);
        let (version, planned) = stored::plan_stored(&state, &season).await?;
        files.push((
            format!("{dir}/plan.toml"),
            version.plan_toml.clone().into_bytes(),
        ));
        files.push((format!("{dir}/schedule.json"), json(&planned.plan)?));
        let ics = knead_report::calendar::render_for(
            &planned.plan.schedule,
            &crate::feed::calendar_id(&season),
            now,
        );
        files.push((format!("{dir}/calendar.ics"), ics.into_bytes()));
        let mut versions = Vec::new();
        for v in state.store.versions(season.id).await? {
            let text = state
                .store
                .version(season.id, v.number)
                .await?
                .map(|v| v.plan_toml);
            versions.push(serde_json::json!({
                "number": v.number,
                "created_at": v.created_at.to_string(),
                "author": v.author.map(|a| a.0),
                "summary": v.summary,
                "plan_toml": text,
            }));
        }
        files.push((format!("{dir}/versions.json"), json(&versions)?));
        if let Some(h) = state.store.history(season.id).await? {
            files.push((
                format!("{dir}/history.json"),
                h.activities_json.into_bytes(),
            ));
        }
        files.push((
            format!("{dir}/season.json"),
            json(&serde_json::json!({
                "id": season.id.0,
                "name": season.name,
                "time_zone": season.time_zone,
                "created_at": season.created_at.to_string(),
                "current_version": season.current_version,
            }))?,
        ));
    }
    let zip = tokio::task::spawn_blocking(move || zip_of(&files))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"knead-export-{}.zip\"",
                    now.strftime("%Y%m%d")
                ),
            ),
        ],
        zip,
    )
        .into_response())
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, WebError> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), options)
            .map_err(|e| WebError::Internal(e.to_string()))?;
        w.write_all(bytes)
            .map_err(|e| WebError::Internal(e.to_string()))?;
    }
    w.finish().map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(out.into_inner())
}
