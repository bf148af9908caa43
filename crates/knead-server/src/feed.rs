//! The calendar feeds: `GET /feeds/{token}.ics`, the season's plan as a
//! calendar that subscribed apps poll.
//!
//! What a subscribed calendar needs, and where it comes from:
//! - the same UID for the same item forever (knead-report makes UIDs from the
//!   item's kind, day and the season id);
//! - SEQUENCE and DTSTAMP that change only when the event does: the store
//!   keeps each event's content hash and raises SEQUENCE when it changes
//!   ([`knead_store::Store::sync_feed_events`]), for both feeds of a season
//!   at once, since they share the season's event table;
//! - removed events kept as STATUS:CANCELLED for 30 days, so calendars drop them;
//! - a reminder before massages (the season's setting) and the time zone;
//! - ETag and Last-Modified, with 304 for a calendar that already has this
//!   version.
//!
//! A rendered feed is cached in the process by everything it depends on
//! (season with its name and zone, feed kind, plan version, history, day,
//! reminder): a cache of immutable results, not state; any process renders
//! the same bytes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use knead_report::feed::{self as writer, Alarm, FeedEntry, FeedOptions, FeedState, FeedView};
use knead_store::feed::KEEP_CANCELLED;
use knead_store::{EventContent, FeedKind, Season, TokenHash};
use sha2::{Digest, Sha256};

use crate::error::WebError;
use crate::season as stored;
use crate::state::AppState;

/// What a rendered feed depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    season: i64,
    /// The calendar's name and zone come from the season.
    name: String,
    time_zone: String,
    kind: &'static str,
    version: i64,
    history: Option<i64>,
    today: Date,
    alarm: Option<i64>,
}

/// A feed rendered: its bytes (shared, not copied, by each answer) and validators.
#[derive(Debug)]
struct Rendered {
    body: axum::body::Bytes,
    etag: String,
    last_modified: Timestamp,
}

/// Rendered feeds by what they depend on.
#[derive(Debug, Default)]
pub struct Cache {
    feeds: Mutex<HashMap<Key, Arc<Rendered>>>,
}

/// The most feeds a process keeps rendered.
const CACHE_SIZE: usize = 4096;

impl Cache {
    fn get(&self, key: &Key) -> Option<Arc<Rendered>> {
        self.feeds.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: Key, value: Arc<Rendered>) {
        if let Ok(mut feeds) = self.feeds.lock() {
            if feeds.len() >= CACHE_SIZE {
                feeds.clear();
            }
            feeds.insert(key, value);
        }
    }
}

/// The calendar id in a season's UIDs.
pub fn calendar_id(season: &Season) -> String {
    format!("season{}", season.id.0)
}

fn view_of(kind: FeedKind) -> FeedView {
    match kind {
        FeedKind::Full => FeedView::Full,
        FeedKind::Busy => FeedView::Busy,
    }
}

/// Renders a season's feed of `kind`: plans it, brings the stored event state
/// up to date for both feeds, and writes the calendar.
///
/// # Errors
/// When the plan does not schedule or the store fails.
async fn render(
    state: &AppState,
    season: &Season,
    kind: FeedKind,
    version: &knead_store::Version,
    now: Timestamp,
) -> Result<Rendered, WebError> {
    let inputs = stored::inputs(state, season).await?;
    let planned = stored::plan(&version.plan_toml, &inputs)?;
    let schedule = &planned.plan.schedule;
    let id = calendar_id(season);
    let full = writer::entries(schedule, &id, FeedView::Full);
    let busy = writer::entries(schedule, &id, FeedView::Busy);
    let contents: Vec<EventContent> = full
        .iter()
        .chain(&busy)
        .map(|e| EventContent {
            uid: e.uid.clone(),
            content_hash: e.content_hash.clone(),
        })
        .collect();
    let synced = state
        .store
        .sync_feed_events(season.id, &contents, now, KEEP_CANCELLED)
        .await?;
    let states: HashMap<&str, &knead_store::FeedEvent> =
        synced.iter().map(|e| (e.uid.as_str(), e)).collect();
    let mine: &[FeedEntry] = if kind == FeedKind::Full { &full } else { &busy };
    let state_of = |e: &knead_store::FeedEvent| FeedState {
        sequence: e.sequence,
        dtstamp: e.dtstamp,
        cancelled: e.cancelled_at.is_some(),
    };
    let events: Vec<(FeedEntry, FeedState)> = mine
        .iter()
        .filter_map(|e| states.get(e.uid.as_str()).map(|s| (e.clone(), state_of(s))))
        .collect();
    let busy_uid = |uid: &str| uid.starts_with("busy-");
    let cancelled: Vec<(String, FeedState)> = synced
        .iter()
        .filter(|e| e.cancelled_at.is_some() && busy_uid(&e.uid) == (kind == FeedKind::Busy))
        .map(|e| (e.uid.clone(), state_of(e)))
        .collect();
    let tz = jiff::tz::TimeZone::get(&season.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let name = match kind {
        FeedKind::Full => format!("knead: {}", season.name),
        FeedKind::Busy => "Busy (knead)".to_owned(),
    };
    let options = FeedOptions {
        name: &name,
        time_zone: &tz,
        time_zone_name: &season.time_zone,
        alarm: season.feed_alarm_minutes.map(|m| Alarm {
            minutes_before_start: m,
        }),
        view: view_of(kind),
    };
    let body = writer::write_feed(&options, &events, &cancelled);
    let etag = etag_of(&body);
    let last_modified = synced
        .iter()
        .map(|e| e.dtstamp)
        .max()
        .unwrap_or(season.created_at);
    Ok(Rendered {
        body: body.into(),
        etag,
        last_modified,
    })
}

/// The ETag of a feed's bytes: a quoted hash.
pub fn etag_of(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether a request's If-None-Match names `etag` (weak comparison, RFC 9110:
/// a proxy that compresses the answer sends the tag back as `W/"..."`).
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == etag)
        })
}

/// `GET /feeds/{token}.ics`: the feed, or 404 for a token that is unknown or
/// revoked; 304 when the calendar's If-None-Match is this version.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let found = state
        .store
        .feed_token(&TokenHash::of(token))
        .await?
        .ok_or(WebError::NotFound)?;
    let season = state
        .store
        .season(found.season)
        .await?
        .ok_or(WebError::NotFound)?;
    let history = state.store.history_files(season.id).await?;
    // The season row names its current version: a cached feed needs no
    // version row (and no plan text) read; only a render does.
    let key = Key {
        season: season.id.0,
        name: season.name.clone(),
        time_zone: season.time_zone.clone(),
        kind: found.kind.as_str(),
        version: season.current_version,
        history,
        today: stored::today(&season),
        alarm: season.feed_alarm_minutes,
    };
    let rendered = match state.feed_cache.get(&key) {
        Some(r) => r,
        None => {
            let version = state
                .store
                .version(season.id, season.current_version)
                .await?
                .ok_or(WebError::NotFound)?;
            let r =
                Arc::new(render(&state, &season, found.kind, &version, Timestamp::now()).await?);
            state.feed_cache.put(key, r.clone());
            r
        }
    };
    let last_modified = rendered
        .last_modified
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    let validators = [
        (
            header::ETAG,
            HeaderValue::from_str(&rendered.etag).map_err(|e| WebError::Internal(e.to_string()))?,
        ),
        (
            header::LAST_MODIFIED,
            HeaderValue::from_str(&last_modified).map_err(|e| WebError::Internal(e.to_string()))?,
        ),
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        ),
    ];
    if if_none_match(&headers, &rendered.etag) {
        return Ok((StatusCode::NOT_MODIFIED, validators).into_response());
    }
    Ok((
        validators,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        )],
        rendered.body.clone(),
    )
        .into_response())
}
