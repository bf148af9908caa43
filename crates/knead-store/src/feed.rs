//! Stable calendar feeds: what changes in the stored event state when a feed
//! is rendered again. Pure logic, shared by every backend.

use std::collections::{BTreeMap, HashSet};

use jiff::{SignedDuration, Timestamp};

use crate::error::StoreError;
use crate::model::{EventContent, FeedEvent, SeasonId};

/// How long an event that left a feed is kept as STATUS:CANCELLED.
pub const KEEP_CANCELLED: SignedDuration = SignedDuration::from_hours(30 * 24);

/// The writes that bring a season's stored feed events up to date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedSync {
    /// Events to insert or overwrite (new, changed, returned or cancelled now).
    pub upserts: Vec<FeedEvent>,
    /// UIDs of cancelled events older than the retention, to delete.
    pub deletes: Vec<String>,
    /// Every event the feed shows after the sync, by UID.
    pub result: Vec<FeedEvent>,
}

/// Plans a sync of `existing` (stored state of `season`) with `current` (the
/// events the feed shows now):
/// - a new UID starts at SEQUENCE 0 with DTSTAMP `now`;
/// - an event whose content hash changed, or that comes back after being
///   cancelled, gets SEQUENCE + 1 and DTSTAMP `now`;
/// - an unchanged event is left alone (same SEQUENCE, same DTSTAMP);
/// - an event no longer shown is cancelled (SEQUENCE + 1, DTSTAMP `now`);
/// - a cancelled event older than `keep_cancelled` is deleted.
///
/// # Errors
/// [`StoreError::Invalid`] when `current` names a UID twice.
pub fn plan_sync(
    season: SeasonId,
    existing: &[FeedEvent],
    current: &[EventContent],
    now: Timestamp,
    keep_cancelled: SignedDuration,
) -> Result<FeedSync, StoreError> {
    let mut seen = HashSet::with_capacity(current.len());
    for event in current {
        if !seen.insert(event.uid.as_str()) {
            return Err(StoreError::Invalid(format!(
                "event UID {:?} appears twice in one feed",
                event.uid
            )));
        }
    }
    let mut stored: BTreeMap<&str, &FeedEvent> =
        existing.iter().map(|e| (e.uid.as_str(), e)).collect();
    let mut sync = FeedSync::default();
    let mut result = BTreeMap::new();
    for event in current {
        let next = match stored.remove(event.uid.as_str()) {
            None => FeedEvent {
                season,
                uid: event.uid.clone(),
                content_hash: event.content_hash.clone(),
                sequence: 0,
                dtstamp: now,
                cancelled_at: None,
            },
            Some(old) if old.cancelled_at.is_none() && old.content_hash == event.content_hash => {
                result.insert(old.uid.clone(), old.clone());
                continue;
            }
            Some(old) => FeedEvent {
                season,
                uid: event.uid.clone(),
                content_hash: event.content_hash.clone(),
                sequence: old.sequence.saturating_add(1),
                dtstamp: now,
                cancelled_at: None,
            },
        };
        sync.upserts.push(next.clone());
        result.insert(next.uid.clone(), next);
    }
    for (uid, old) in stored {
        match old.cancelled_at {
            None => {
                let cancelled = FeedEvent {
                    sequence: old.sequence.saturating_add(1),
                    dtstamp: now,
                    cancelled_at: Some(now),
                    ..old.clone()
                };
                sync.upserts.push(cancelled.clone());
                result.insert(uid.to_owned(), cancelled);
            }
            Some(at) if at.duration_until(now) >= keep_cancelled => {
                sync.deletes.push(uid.to_owned());
            }
            Some(_) => {
                result.insert(uid.to_owned(), old.clone());
            }
        }
    }
    sync.result = result.into_values().collect();
    Ok(sync)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_second(seconds).unwrap()
    }

    fn content(uid: &str, hash: &str) -> EventContent {
        EventContent {
            uid: uid.into(),
            content_hash: hash.into(),
        }
    }

    #[test]
    fn sequence_rises_only_on_change() {
        let s = SeasonId(1);
        let first = plan_sync(
            s,
            &[],
            &[content("a", "1"), content("b", "1")],
            at(10),
            KEEP_CANCELLED,
        )
        .unwrap();
        assert!(
            first
                .result
                .iter()
                .all(|e| e.sequence == 0 && e.dtstamp == at(10))
        );
        let second = plan_sync(
            s,
            &first.result,
            &[content("a", "1"), content("b", "2")],
            at(20),
            KEEP_CANCELLED,
        )
        .unwrap();
        assert_eq!(second.upserts.len(), 1);
        assert_eq!(second.result[0].sequence, 0);
        assert_eq!(second.result[0].dtstamp, at(10));
        assert_eq!(second.result[1].sequence, 1);
        assert_eq!(second.result[1].dtstamp, at(20));
    }

    #[test]
    fn removed_events_are_cancelled_then_purged() {
        let s = SeasonId(1);
        let first = plan_sync(s, &[], &[content("a", "1")], at(0), KEEP_CANCELLED).unwrap();
        let gone = plan_sync(s, &first.result, &[], at(100), KEEP_CANCELLED).unwrap();
        assert_eq!(gone.result[0].cancelled_at, Some(at(100)));
        assert_eq!(gone.result[0].sequence, 1);
        let still = plan_sync(s, &gone.result, &[], at(200), KEEP_CANCELLED).unwrap();
        assert!(still.upserts.is_empty() && still.deletes.is_empty());
        let later = 100 + KEEP_CANCELLED.as_secs();
        let purged = plan_sync(s, &gone.result, &[], at(later), KEEP_CANCELLED).unwrap();
        assert_eq!(purged.deletes, vec!["a".to_owned()]);
        assert!(purged.result.is_empty());
        let back = plan_sync(
            s,
            &gone.result,
            &[content("a", "1")],
            at(300),
            KEEP_CANCELLED,
        )
        .unwrap();
        assert_eq!(back.result[0].sequence, 2);
        assert_eq!(back.result[0].cancelled_at, None);
    }

    #[test]
    fn duplicate_uids_are_refused() {
        let error = plan_sync(
            SeasonId(1),
            &[],
            &[content("a", "1"), content("a", "2")],
            at(0),
            KEEP_CANCELLED,
        );
        assert!(matches!(error, Err(StoreError::Invalid(_))));
    }
}
