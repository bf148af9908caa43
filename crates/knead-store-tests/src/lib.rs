//! One test suite for every [`Store`] backend, as atuin's `tests-database`.
//!
//! A backend's `tests/suite.rs` calls [`store_tests!`] with an async function
//! that opens a fresh, empty store (its own file or schema), so the tests run
//! in parallel. Each test is a public async function here taking that store;
//! the macro makes one `#[tokio::test]` per function.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use knead_store::feed::KEEP_CANCELLED;
use knead_store::{
    AccountId, ApiToken, AttemptKey, BookingRequest, ClinicFeed, ClinicLink, ClinicProfile,
    DEFAULT_FEED_ALARM_MINUTES, EventContent, FeedKind, FeedToken, Grant, History, Invitation,
    LoginAttempt, MAX_FEED_ALARM_MINUTES, NewAccount, NewRequest, NewSeason, NewVersion,
    Permission, RequestStatus, Role, SeasonId, Session, Store, StoreError, Token, TokenHash,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// Cleans up after a test (drops its schema); run when the test passed.
pub type Cleanup = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A fresh store for one test, and what to do once the test is over.
pub struct TestStore {
    /// The store under test.
    pub store: Arc<dyn Store>,
    /// A second store on the same database with its own connections, as a
    /// second server process would have.
    pub twin: Arc<dyn Store>,
    /// Run after a passing test.
    pub cleanup: Option<Cleanup>,
}

/// Makes one `#[tokio::test]` for each test of the suite, each on the store
/// that `$open` (an async fn returning `Option<TestStore>`; `None` skips the
/// test) makes. The calling crate needs tokio with `macros` and
/// `rt-multi-thread` as a dev-dependency.
#[macro_export]
macro_rules! store_tests {
    ($open:path) => {
        $crate::store_tests!(@each $open;
            unique_email,
            account_fields_round_trip,
            session_lifecycle_and_expiry,
            delete_other_sessions,
            login_attempt_counting,
            version_history,
            plan_file_round_trip,
            optimistic_concurrency_conflict,
            concurrent_writers,
            version_sequence_property,
            grants,
            feed_token_lookup_revoke_reissue,
            feed_events_keep_sequence_unless_changed,
            api_tokens,
            feed_alarm_default_round_trip_and_range,
            history_round_trip_and_replace,
            history_goes_with_its_season,
            twin_sees_feed_alarm_and_history,
            account_deletion_cascades,
            invitations_grant_once,
            clinic_links_and_requests,
            clinic_feeds_by_therapist,
            history_replaced_only_if_unchanged,
        );
    };
    (@each $open:path; $($name:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let Some(test) = $open().await else { return };
                $crate::$name(&test).await;
                if let Some(cleanup) = test.cleanup {
                    cleanup.await;
                }
            }
        )+
    };
}

/// A time `seconds` after 2026-01-01T00:00:00Z.
pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_767_225_600 + seconds).expect("in range")
}

fn new_account(email: &str) -> NewAccount {
    NewAccount {
        email: email.to_owned(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
        display_name: "Runner".to_owned(),
        role: Role::Runner,
        created_at: at(0),
    }
}

async fn account(store: &dyn Store, email: &str) -> AccountId {
    store
        .create_account(&new_account(email))
        .await
        .expect("account")
        .id
}

const PLAN_V1: &str = "[athlete]\nname = \"Ada\"\n";

async fn season(store: &dyn Store, owner: AccountId) -> SeasonId {
    let (season, _) = store
        .create_season(&NewSeason {
            owner,
            name: "Spring marathon".to_owned(),
            time_zone: "Europe/Paris".to_owned(),
            plan_toml: PLAN_V1.to_owned(),
            summary: "Created".to_owned(),
            created_at: at(10),
        })
        .await
        .expect("season");
    season.id
}

fn edit(season: SeasonId, based_on: i64, text: &str, author: AccountId) -> NewVersion {
    NewVersion {
        season,
        based_on,
        plan_toml: text.to_owned(),
        author,
        summary: format!("edit from {based_on}"),
        created_at: at(100 + based_on),
    }
}

fn session(account: AccountId, token: &str, expires: i64) -> Session {
    Session {
        token_hash: TokenHash::of(token),
        account,
        csrf_secret: format!("csrf-{token}"),
        created_at: at(0),
        expires_at: at(expires),
        last_seen_at: at(0),
    }
}

/// Emails are unique whatever their case; lookups ignore case.
pub async fn unique_email(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let id = account(&*store, "Ada@Example.org").await;
    let again = store.create_account(&new_account("ada@example.ORG")).await;
    assert!(matches!(again, Err(StoreError::EmailTaken)), "{again:?}");
    let again = store
        .create_account(&new_account("  ADA@EXAMPLE.ORG "))
        .await;
    assert!(matches!(again, Err(StoreError::EmailTaken)), "{again:?}");
    let found = store
        .account_by_email("ADA@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, id);
    assert_eq!(found.email, "Ada@Example.org");
    assert!(
        store
            .account_by_email("bob@example.org")
            .await
            .unwrap()
            .is_none()
    );
    account(&*store, "bob@example.org").await;
}

/// What goes in comes out; the password hash can be replaced.
pub async fn account_fields_round_trip(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let mut new = new_account("coach@example.org");
    new.role = Role::Coach;
    new.display_name = "Coach Zoë".to_owned();
    let created = store.create_account(&new).await.unwrap();
    let read = store.account(created.id).await.unwrap().unwrap();
    assert_eq!(read, created);
    assert_eq!(read.role, Role::Coach);
    assert_eq!(read.display_name, "Coach Zoë");
    assert_eq!(read.created_at, at(0));
    store
        .set_password_hash(created.id, "$argon2id$new")
        .await
        .unwrap();
    let read = store.account(created.id).await.unwrap().unwrap();
    assert_eq!(read.password_hash, "$argon2id$new");
    let missing = store.set_password_hash(AccountId(i64::MAX), "x").await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    assert!(store.account(AccountId(i64::MAX)).await.unwrap().is_none());
}

/// Sessions are found by hash until they expire; touching extends them.
pub async fn session_lifecycle_and_expiry(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let token = Token::generate().unwrap();
    let mut new = session(ada, token.as_str(), 100);
    new.token_hash = token.hash();
    store.create_session(&new).await.unwrap();
    let found = store
        .session(&TokenHash::of(token.as_str()), at(50))
        .await
        .unwrap();
    assert_eq!(found, Some(new.clone()));
    assert!(
        store
            .session(&token.hash(), at(100))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        store
            .session(&TokenHash::of("other"), at(50))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .touch_session(&token.hash(), at(60), at(200))
            .await
            .unwrap()
    );
    let touched = store
        .session(&token.hash(), at(150))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(touched.last_seen_at, at(60));
    assert_eq!(touched.expires_at, at(200));
    store
        .create_session(&session(ada, "old", 20))
        .await
        .unwrap();
    assert_eq!(store.delete_expired_sessions(at(30)).await.unwrap(), 1);
    assert!(store.delete_session(&token.hash()).await.unwrap());
    assert!(!store.delete_session(&token.hash()).await.unwrap());
    assert!(
        store
            .session(&token.hash(), at(150))
            .await
            .unwrap()
            .is_none()
    );
    let orphan = store
        .create_session(&session(AccountId(i64::MAX), "x", 10))
        .await;
    assert!(matches!(orphan, Err(StoreError::NotFound(_))), "{orphan:?}");
}

/// A password change keeps this session and ends the others, of this account only.
pub async fn delete_other_sessions(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let bob = account(&*store, "bob@example.org").await;
    for token in ["a1", "a2", "a3"] {
        store
            .create_session(&session(ada, token, 1000))
            .await
            .unwrap();
    }
    store
        .create_session(&session(bob, "b1", 1000))
        .await
        .unwrap();
    let removed = store
        .delete_other_sessions(ada, &TokenHash::of("a2"))
        .await
        .unwrap();
    assert_eq!(removed, 2);
    assert!(
        store
            .session(&TokenHash::of("a2"), at(1))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .session(&TokenHash::of("a1"), at(1))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(&TokenHash::of("b1"), at(1))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.delete_sessions_of(ada).await.unwrap(), 1);
    assert!(
        store
            .session(&TokenHash::of("b1"), at(1))
            .await
            .unwrap()
            .is_some()
    );
}

/// Failed attempts count per account and per address, since a time.
pub async fn login_attempt_counting(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let attempt = |account, address: &str, t, succeeded| LoginAttempt {
        account,
        address: address.to_owned(),
        at: at(t),
        succeeded,
    };
    for (who, address, t, ok) in [
        (Some(ada), "10.0.0.1", 10, false),
        (Some(ada), "10.0.0.1", 20, false),
        (Some(ada), "10.0.0.2", 30, false),
        (Some(ada), "10.0.0.2", 40, true),
        (None, "10.0.0.1", 50, false),
    ] {
        store
            .record_login_attempt(&attempt(who, address, t, ok))
            .await
            .unwrap();
    }
    let count = |key, t| {
        let store = Arc::clone(&store);
        async move { store.count_failed_logins(key, at(t)).await.unwrap() }
    };
    assert_eq!(count(AttemptKey::Account(ada), 0).await, 3);
    assert_eq!(count(AttemptKey::Account(ada), 20).await, 2);
    assert_eq!(count(AttemptKey::Address("10.0.0.1"), 0).await, 3);
    assert_eq!(count(AttemptKey::Address("10.0.0.1"), 11).await, 2);
    assert_eq!(count(AttemptKey::Address("10.0.0.2"), 0).await, 1);
    assert_eq!(count(AttemptKey::Address("10.9.9.9"), 0).await, 0);
    assert_eq!(store.prune_login_attempts(at(25)).await.unwrap(), 2);
    assert_eq!(count(AttemptKey::Account(ada), 0).await, 1);
}

/// Each edit is a new version; returning to an old one is a new version too.
pub async fn version_history(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let s = store.season(id).await.unwrap().unwrap();
    assert_eq!(
        (s.owner, s.current_version, s.time_zone.as_str()),
        (ada, 1, "Europe/Paris")
    );
    let v2 = store.save_version(&edit(id, 1, "two", ada)).await.unwrap();
    assert_eq!((v2.number, v2.author), (2, Some(ada)));
    store
        .save_version(&edit(id, 2, "three", ada))
        .await
        .unwrap();
    let back = store.restore_version(id, 1, 3, ada, at(500)).await.unwrap();
    assert_eq!(back.number, 4);
    assert_eq!(back.plan_toml, PLAN_V1);
    assert_eq!(back.summary, "Returned to version 1");
    let current = store.current_version(id).await.unwrap().unwrap();
    assert_eq!(current, back);
    let numbers: Vec<i64> = store
        .versions(id)
        .await
        .unwrap()
        .iter()
        .map(|v| v.number)
        .collect();
    assert_eq!(numbers, [4, 3, 2, 1]);
    assert_eq!(
        store.version(id, 3).await.unwrap().unwrap().plan_toml,
        "three"
    );
    assert!(store.version(id, 9).await.unwrap().is_none());
    let missing = store.restore_version(id, 9, 4, ada, at(600)).await;
    assert!(matches!(missing, Err(StoreError::NotFound(_))));
    store.rename_season(id, "Autumn").await.unwrap();
    assert_eq!(store.seasons_of(ada).await.unwrap()[0].name, "Autumn");
    let nowhere = store
        .save_version(&edit(SeasonId(i64::MAX), 1, "x", ada))
        .await;
    assert!(
        matches!(nowhere, Err(StoreError::NotFound(_))),
        "{nowhere:?}"
    );
}

/// A real plan file comes back byte for byte and still parses.
pub async fn plan_file_round_trip(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let text = knead_formats::example::MARATHON_TOML;
    let saved = store.save_version(&edit(id, 1, text, ada)).await.unwrap();
    let read = store.current_version(id).await.unwrap().unwrap();
    assert_eq!(read, saved);
    assert_eq!(read.plan_toml, text);
    knead_formats::plan_file::parse("season", &read.plan_toml).expect("the stored plan parses");
}

/// An edit based on an old version is refused, and nothing of it is stored.
pub async fn optimistic_concurrency_conflict(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    store.save_version(&edit(id, 1, "two", ada)).await.unwrap();
    let stale = store.save_version(&edit(id, 1, "stale", ada)).await;
    match stale {
        Err(StoreError::Conflict {
            based_on: 1,
            current: 2,
            ..
        }) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
    let ahead = store.save_version(&edit(id, 5, "ahead", ada)).await;
    assert!(
        matches!(ahead, Err(StoreError::Conflict { current: 2, .. })),
        "{ahead:?}"
    );
    assert_eq!(store.versions(id).await.unwrap().len(), 2);
    assert_eq!(
        store.current_version(id).await.unwrap().unwrap().plan_toml,
        "two"
    );
}

/// Two writers (each through its own store, as two server processes) on the
/// same version at once: one wins, one gets a conflict, nothing is
/// half-written. Repeated to give the race a chance.
pub async fn concurrent_writers(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    for _ in 0..10 {
        let id = season(&*store, ada).await;
        let start = Arc::new(tokio::sync::Barrier::new(2));
        let writers: Vec<_> = ["left", "right"]
            .into_iter()
            .zip([Arc::clone(&store), Arc::clone(&test.twin)])
            .map(|(text, store)| {
                let start = Arc::clone(&start);
                tokio::spawn(async move {
                    start.wait().await;
                    store.save_version(&edit(id, 1, text, ada)).await
                })
            })
            .collect();
        let mut won = Vec::new();
        let mut conflicts = 0;
        for writer in writers {
            match writer.await.expect("writer task") {
                Ok(version) => won.push(version),
                Err(StoreError::Conflict { current: 2, .. }) => conflicts += 1,
                Err(other) => panic!("unexpected error: {other}"),
            }
        }
        assert_eq!((won.len(), conflicts), (1, 1));
        let current = store.current_version(id).await.unwrap().unwrap();
        assert_eq!(current, won[0]);
        assert_eq!(store.versions(id).await.unwrap().len(), 2);
        assert_eq!(store.season(id).await.unwrap().unwrap().current_version, 2);
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// Save `text` based on the version `behind` versions before the current.
    Edit { behind: i64, text: String },
    /// Return to version `1 + pick % current`.
    Restore { pick: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0i64..3, "[a-z]{0,12}").prop_map(|(behind, text)| Op::Edit { behind, text }),
        1 => (0i64..100).prop_map(|pick| Op::Restore { pick }),
    ]
}

/// Random edits, stale edits and restores: the stored history always equals a
/// model (a list of texts), with numbers 1..=n and no gaps.
pub async fn version_sequence_property(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let mut runner = TestRunner::new(Config::with_cases(12));
    let strategy = proptest::collection::vec(op(), 1..12);
    for _ in 0..12 {
        let ops = strategy.new_tree(&mut runner).expect("ops").current();
        let id = season(&*store, ada).await;
        let mut model = vec![PLAN_V1.to_owned()];
        for op in &ops {
            let current = i64::try_from(model.len()).unwrap();
            match op {
                Op::Edit { behind, text } => {
                    let result = store
                        .save_version(&edit(id, current - behind, text, ada))
                        .await;
                    if *behind == 0 {
                        assert_eq!(result.unwrap().number, current + 1, "{ops:?}");
                        model.push(text.clone());
                    } else {
                        assert!(
                            matches!(result, Err(StoreError::Conflict { .. })),
                            "{ops:?}"
                        );
                    }
                }
                Op::Restore { pick } => {
                    let number = 1 + pick % current;
                    let restored = store
                        .restore_version(id, number, current, ada, at(1000))
                        .await
                        .unwrap();
                    let old = model[usize::try_from(number - 1).unwrap()].clone();
                    assert_eq!(restored.plan_toml, old);
                    model.push(old);
                }
            }
        }
        let summaries = store.versions(id).await.unwrap();
        let numbers: Vec<i64> = summaries.iter().rev().map(|v| v.number).collect();
        let expected: Vec<i64> = (1..=i64::try_from(model.len()).unwrap()).collect();
        assert_eq!(numbers, expected, "{ops:?}");
        for (number, text) in expected.iter().zip(&model) {
            assert_eq!(
                &store.version(id, *number).await.unwrap().unwrap().plan_toml,
                text
            );
        }
        let season = store.season(id).await.unwrap().unwrap();
        assert_eq!(season.current_version, *expected.last().unwrap());
    }
}

/// Grants give other accounts a permission on a season; granting again replaces it.
pub async fn grants(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let mut coach = new_account("coach@example.org");
    coach.role = Role::Coach;
    let coach = store.create_account(&coach).await.unwrap().id;
    let id = season(&*store, ada).await;
    let grant = |permission| Grant {
        season: id,
        account: coach,
        permission,
        created_at: at(5),
    };
    store.grant(&grant(Permission::View)).await.unwrap();
    store.grant(&grant(Permission::Edit)).await.unwrap();
    assert_eq!(
        store.grants(id).await.unwrap(),
        vec![grant(Permission::Edit)]
    );
    let shared = store.seasons_shared_with(coach).await.unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!((shared[0].0.id, shared[0].1), (id, Permission::Edit));
    let v2 = store
        .save_version(&edit(id, 1, "by coach", coach))
        .await
        .unwrap();
    assert_eq!(v2.author, Some(coach));
    assert!(store.revoke_grant(id, coach).await.unwrap());
    assert!(!store.revoke_grant(id, coach).await.unwrap());
    assert!(store.seasons_shared_with(coach).await.unwrap().is_empty());
    let nobody = Grant {
        account: AccountId(i64::MAX),
        ..grant(Permission::View)
    };
    assert!(matches!(
        store.grant(&nobody).await,
        Err(StoreError::NotFound(_))
    ));
}

/// Feed tokens are found by hash until revoked; re-issuing swaps them at once.
pub async fn feed_token_lookup_revoke_reissue(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let token = |name: &str, kind, t| FeedToken {
        season: id,
        kind,
        token_hash: TokenHash::of(name),
        created_at: at(t),
        revoked_at: None,
    };
    store
        .create_feed_token(&token("full-1", FeedKind::Full, 1))
        .await
        .unwrap();
    store
        .create_feed_token(&token("busy-1", FeedKind::Busy, 2))
        .await
        .unwrap();
    let found = store.feed_token(&TokenHash::of("full-1")).await.unwrap();
    assert_eq!(found, Some(token("full-1", FeedKind::Full, 1)));
    assert!(
        store
            .feed_token(&TokenHash::of("nope"))
            .await
            .unwrap()
            .is_none()
    );

    store
        .reissue_feed_token(&token("full-2", FeedKind::Full, 3))
        .await
        .unwrap();
    assert!(
        store
            .feed_token(&TokenHash::of("full-1"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .feed_token(&TokenHash::of("full-2"))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .feed_token(&TokenHash::of("busy-1"))
            .await
            .unwrap()
            .is_some(),
        "other kind"
    );
    let all = store.feed_tokens(id).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].revoked_at, Some(at(3)));

    assert_eq!(
        store
            .revoke_feed_tokens(id, FeedKind::Busy, at(4))
            .await
            .unwrap(),
        1
    );
    assert!(
        store
            .feed_token(&TokenHash::of("busy-1"))
            .await
            .unwrap()
            .is_none()
    );

    // A re-issue that fails (the new hash is taken) leaves the old token valid.
    let clash = store
        .reissue_feed_token(&token("full-2", FeedKind::Full, 5))
        .await;
    assert!(clash.is_err());
    assert!(
        store
            .feed_token(&TokenHash::of("full-2"))
            .await
            .unwrap()
            .is_some()
    );
    let nowhere = FeedToken {
        season: SeasonId(i64::MAX),
        ..token("x", FeedKind::Full, 6)
    };
    assert!(matches!(
        store.create_feed_token(&nowhere).await,
        Err(StoreError::NotFound(_))
    ));
}

/// SEQUENCE and DTSTAMP change only when an event does; removed events stay
/// cancelled for a while, then go.
pub async fn feed_events_keep_sequence_unless_changed(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let event = |uid: &str, hash: &str| EventContent {
        uid: uid.to_owned(),
        content_hash: hash.to_owned(),
    };
    let first = store
        .sync_feed_events(
            id,
            &[event("a", "h1"), event("b", "h1")],
            at(100),
            KEEP_CANCELLED,
        )
        .await
        .unwrap();
    assert!(
        first
            .iter()
            .all(|e| e.sequence == 0 && e.dtstamp == at(100))
    );
    let same = store
        .sync_feed_events(
            id,
            &[event("a", "h1"), event("b", "h1")],
            at(200),
            KEEP_CANCELLED,
        )
        .await
        .unwrap();
    assert_eq!(same, first, "nothing changed, nothing moves");
    let changed = store
        .sync_feed_events(
            id,
            &[event("a", "h1"), event("b", "h2")],
            at(300),
            KEEP_CANCELLED,
        )
        .await
        .unwrap();
    assert_eq!((changed[0].sequence, changed[0].dtstamp), (0, at(100)));
    assert_eq!((changed[1].sequence, changed[1].dtstamp), (1, at(300)));
    assert_eq!(store.feed_events(id).await.unwrap(), changed);

    let removed = store
        .sync_feed_events(id, &[event("a", "h1")], at(400), KEEP_CANCELLED)
        .await
        .unwrap();
    assert_eq!(removed[1].cancelled_at, Some(at(400)));
    assert_eq!(removed[1].sequence, 2);
    assert_eq!(store.feed_events(id).await.unwrap(), removed);

    let later = 400 + KEEP_CANCELLED.as_secs();
    let purged = store
        .sync_feed_events(id, &[event("a", "h1")], at(later), KEEP_CANCELLED)
        .await
        .unwrap();
    assert_eq!(purged.len(), 1);
    assert_eq!(store.feed_events(id).await.unwrap(), purged);

    let twice = store
        .sync_feed_events(
            id,
            &[event("c", "1"), event("c", "2")],
            at(later),
            KEEP_CANCELLED,
        )
        .await;
    assert!(matches!(twice, Err(StoreError::Invalid(_))));
    assert_eq!(
        store.feed_events(id).await.unwrap(),
        purged,
        "nothing of a refused sync"
    );
    let nowhere = store
        .sync_feed_events(SeasonId(i64::MAX), &[], at(1), SignedDuration::ZERO)
        .await;
    assert!(matches!(nowhere, Err(StoreError::NotFound(_))));
}

/// API tokens: found (and marked used) by hash until revoked.
pub async fn api_tokens(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let bob = account(&*store, "bob@example.org").await;
    let token = ApiToken {
        token_hash: TokenHash::of("pat"),
        account: ada,
        name: "laptop".to_owned(),
        created_at: at(1),
        last_used_at: None,
        revoked_at: None,
    };
    store.create_api_token(&token).await.unwrap();
    let used = store
        .use_api_token(&TokenHash::of("pat"), at(50))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(used.last_used_at, Some(at(50)));
    assert_eq!(used.name, "laptop");
    assert!(
        store
            .use_api_token(&TokenHash::of("nope"), at(50))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !store
            .revoke_api_token(bob, &TokenHash::of("pat"), at(60))
            .await
            .unwrap()
    );
    assert!(
        store
            .revoke_api_token(ada, &TokenHash::of("pat"), at(60))
            .await
            .unwrap()
    );
    assert!(
        store
            .use_api_token(&TokenHash::of("pat"), at(70))
            .await
            .unwrap()
            .is_none()
    );
    let listed = store.api_tokens(ada).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].revoked_at, listed[0].last_used_at),
        (Some(at(60)), Some(at(50)))
    );
}

async fn feed_alarm(store: &dyn Store, id: SeasonId) -> Option<i64> {
    store
        .season(id)
        .await
        .expect("read the season")
        .expect("the season exists")
        .feed_alarm_minutes
}

/// A new season's feed reminder is 18:00 the evening before (360 minutes
/// before an all-day event); it can be set from 0 to a week before, or turned
/// off. Out of range it is refused before the database is asked.
pub async fn feed_alarm_default_round_trip_and_range(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let coach = account(&*store, "coach@example.org").await;
    let id = season(&*store, ada).await;
    let other = season(&*store, ada).await;
    assert_eq!(DEFAULT_FEED_ALARM_MINUTES, 360);
    assert_eq!(MAX_FEED_ALARM_MINUTES, 10_080);
    assert_eq!(feed_alarm(&*store, id).await, Some(360));
    for minutes in [Some(0), Some(90), Some(10_080), None, Some(360), None] {
        store.set_feed_alarm(id, minutes).await.unwrap();
        assert_eq!(feed_alarm(&*store, id).await, minutes);
    }
    assert_eq!(
        feed_alarm(&*store, other).await,
        Some(360),
        "one season only"
    );

    // Every way of reading a season carries it.
    store
        .grant(&Grant {
            season: id,
            account: coach,
            permission: Permission::View,
            created_at: at(1),
        })
        .await
        .unwrap();
    let owned: Vec<_> = store
        .seasons_of(ada)
        .await
        .unwrap()
        .iter()
        .map(|s| (s.id, s.feed_alarm_minutes))
        .collect();
    assert_eq!(owned, [(id, None), (other, Some(360))]);
    let shared = store.seasons_shared_with(coach).await.unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].0, store.season(id).await.unwrap().unwrap());

    // Edits and renames leave it alone.
    store.set_feed_alarm(id, Some(45)).await.unwrap();
    store.save_version(&edit(id, 1, "two", ada)).await.unwrap();
    store.rename_season(id, "Autumn").await.unwrap();
    assert_eq!(feed_alarm(&*store, id).await, Some(45));

    for bad in [-1, MAX_FEED_ALARM_MINUTES + 1, i64::MIN, i64::MAX] {
        let refused = store.set_feed_alarm(id, Some(bad)).await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{bad}: {refused:?}"
        );
        let refused = store.set_feed_alarm(SeasonId(i64::MAX), Some(bad)).await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(_))),
            "{bad} without a season: {refused:?}"
        );
    }
    assert_eq!(
        feed_alarm(&*store, id).await,
        Some(45),
        "nothing of a refusal"
    );

    for minutes in [Some(360), None] {
        let missing = store.set_feed_alarm(SeasonId(i64::MAX), minutes).await;
        assert!(
            matches!(missing, Err(StoreError::NotFound(_))),
            "{missing:?}"
        );
    }
}

fn history(season: SeasonId, activities_json: &str, files: i64, t: i64) -> History {
    History {
        season,
        activities_json: activities_json.to_owned(),
        files,
        updated_at: at(t),
    }
}

/// A JSON list of `count` recorded activities, with quotes, escapes and
/// non-ASCII text, as the server might store.
fn activities(count: usize) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#"{{"start":"2026-03-{:02}T07:30:00+01:00","sport":"run","km":{}.5,"note":"Côte \"raide\"\n{}"}}"#,
                1 + i % 28,
                10 + i % 20,
                "é🏃".repeat(i % 4)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A season's training history: none at first, stored whole and read back
/// byte for byte, replaced (not added to) by the next, cleared.
pub async fn history_round_trip_and_replace(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let other = season(&*store, ada).await;
    assert!(store.history(id).await.unwrap().is_none());
    assert!(!store.clear_history(id).await.unwrap());

    let first = history(id, &activities(3), 1, 100);
    store.set_history(&first).await.unwrap();
    assert_eq!(store.history(id).await.unwrap(), Some(first.clone()));
    assert!(store.history(other).await.unwrap().is_none());

    let second = history(id, &activities(2_000), 40, 200);
    store.set_history(&second).await.unwrap();
    let read = store.history(id).await.unwrap().unwrap();
    assert_eq!(read, second, "replaced");
    assert_eq!(read.activities_json, activities(2_000));

    store
        .set_history(&history(other, "[]", 0, 300))
        .await
        .unwrap();
    assert_eq!(store.history(id).await.unwrap(), Some(second.clone()));
    assert!(store.clear_history(id).await.unwrap());
    assert!(!store.clear_history(id).await.unwrap());
    assert!(store.history(id).await.unwrap().is_none());
    assert_eq!(
        store.history(other).await.unwrap(),
        Some(history(other, "[]", 0, 300)),
        "the other season's stays"
    );
    store.set_history(&first).await.unwrap();
    assert_eq!(
        store.history(id).await.unwrap(),
        Some(first),
        "again after a clear"
    );

    let nowhere = store
        .set_history(&history(SeasonId(i64::MAX), "[]", 0, 1))
        .await;
    assert!(
        matches!(nowhere, Err(StoreError::NotFound(_))),
        "{nowhere:?}"
    );
    assert!(store.history(SeasonId(i64::MAX)).await.unwrap().is_none());
    assert!(!store.clear_history(SeasonId(i64::MAX)).await.unwrap());
}

/// Deleting a season deletes its history, and only its.
pub async fn history_goes_with_its_season(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    let other = season(&*store, ada).await;
    store
        .set_history(&history(id, &activities(5), 2, 10))
        .await
        .unwrap();
    store
        .set_history(&history(other, &activities(1), 1, 10))
        .await
        .unwrap();
    store.delete_season(id).await.unwrap();
    assert!(store.history(id).await.unwrap().is_none());
    assert!(!store.clear_history(id).await.unwrap());
    assert_eq!(
        store.history(other).await.unwrap(),
        Some(history(other, &activities(1), 1, 10))
    );
    let gone = store.set_history(&history(id, "[]", 0, 20)).await;
    assert!(matches!(gone, Err(StoreError::NotFound(_))), "{gone:?}");
    let gone = store.set_feed_alarm(id, Some(60)).await;
    assert!(matches!(gone, Err(StoreError::NotFound(_))), "{gone:?}");
}

/// What one server process writes of a season's feed reminder and history,
/// another on the same database reads; both writing a history at once is no
/// error, and one of the two stands.
pub async fn twin_sees_feed_alarm_and_history(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let twin = Arc::clone(&test.twin);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    assert_eq!(feed_alarm(&*twin, id).await, Some(360));
    twin.set_feed_alarm(id, Some(720)).await.unwrap();
    assert_eq!(feed_alarm(&*store, id).await, Some(720));
    twin.set_feed_alarm(id, None).await.unwrap();
    assert_eq!(feed_alarm(&*store, id).await, None);

    let first = history(id, &activities(10), 3, 100);
    twin.set_history(&first).await.unwrap();
    assert_eq!(store.history(id).await.unwrap(), Some(first));
    let second = history(id, &activities(20), 4, 200);
    store.set_history(&second).await.unwrap();
    assert_eq!(twin.history(id).await.unwrap(), Some(second));
    assert!(twin.clear_history(id).await.unwrap());
    assert!(store.history(id).await.unwrap().is_none());

    for round in 0..5 {
        let id = season(&*store, ada).await;
        let start = Arc::new(tokio::sync::Barrier::new(2));
        let writers: Vec<_> = [Arc::clone(&store), Arc::clone(&twin)]
            .into_iter()
            .enumerate()
            .map(|(files, store)| {
                let start = Arc::clone(&start);
                let written = history(
                    id,
                    &activities(files + 1),
                    i64::try_from(files).unwrap(),
                    round,
                );
                tokio::spawn(async move {
                    start.wait().await;
                    store.set_history(&written).await.map(|()| written)
                })
            })
            .collect();
        let mut written = Vec::new();
        for writer in writers {
            written.push(writer.await.expect("writer task").expect("set_history"));
        }
        let stored = store.history(id).await.unwrap().unwrap();
        assert!(written.contains(&stored), "{stored:?}");
        assert_eq!(twin.history(id).await.unwrap(), Some(stored));
    }
}

/// Deleting an account deletes everything of it, and nothing of anyone else.
pub async fn account_deletion_cascades(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let coach = account(&*store, "coach@example.org").await;
    let own = season(&*store, ada).await;
    let coached = season(&*store, coach).await;
    store
        .create_session(&session(ada, "s", 1000))
        .await
        .unwrap();
    store
        .create_session(&session(coach, "c", 1000))
        .await
        .unwrap();
    store
        .record_login_attempt(&LoginAttempt {
            account: Some(ada),
            address: "10.0.0.1".to_owned(),
            at: at(1),
            succeeded: false,
        })
        .await
        .unwrap();
    let grant = Grant {
        season: own,
        account: coach,
        permission: Permission::Edit,
        created_at: at(1),
    };
    store.grant(&grant).await.unwrap();
    store
        .grant(&Grant {
            season: coached,
            account: ada,
            ..grant.clone()
        })
        .await
        .unwrap();
    store
        .save_version(&edit(coached, 1, "ada's edit", ada))
        .await
        .unwrap();
    store
        .create_feed_token(&FeedToken {
            season: own,
            kind: FeedKind::Full,
            token_hash: TokenHash::of("feed"),
            created_at: at(1),
            revoked_at: None,
        })
        .await
        .unwrap();
    store
        .sync_feed_events(
            own,
            &[EventContent {
                uid: "u".into(),
                content_hash: "h".into(),
            }],
            at(1),
            KEEP_CANCELLED,
        )
        .await
        .unwrap();
    store
        .create_api_token(&ApiToken {
            token_hash: TokenHash::of("pat"),
            account: ada,
            name: "cli".to_owned(),
            created_at: at(1),
            last_used_at: None,
            revoked_at: None,
        })
        .await
        .unwrap();
    store
        .set_history(&history(own, &activities(2), 1, 1))
        .await
        .unwrap();
    store
        .set_history(&history(coached, &activities(1), 1, 1))
        .await
        .unwrap();

    store.delete_account(ada).await.unwrap();

    assert!(store.account(ada).await.unwrap().is_none());
    assert!(
        store
            .account_by_email("ada@example.org")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session(&TokenHash::of("s"), at(2))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .count_failed_logins(AttemptKey::Account(ada), at(0))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .count_failed_logins(AttemptKey::Address("10.0.0.1"), at(0))
            .await
            .unwrap(),
        0
    );
    assert!(store.season(own).await.unwrap().is_none());
    assert!(store.version(own, 1).await.unwrap().is_none());
    assert!(store.seasons_shared_with(coach).await.unwrap().is_empty());
    assert!(
        store
            .feed_token(&TokenHash::of("feed"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.feed_events(own).await.unwrap().is_empty());
    assert!(store.history(own).await.unwrap().is_none());
    assert!(
        store
            .use_api_token(&TokenHash::of("pat"), at(2))
            .await
            .unwrap()
            .is_none()
    );
    // The coach's things stay; the version Ada wrote there loses its author.
    assert!(
        store
            .session(&TokenHash::of("c"), at(2))
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.grants(coached).await.unwrap().is_empty());
    let kept = store.version(coached, 2).await.unwrap().unwrap();
    assert_eq!((kept.plan_toml.as_str(), kept.author), ("ada's edit", None));
    assert_eq!(
        store.history(coached).await.unwrap(),
        Some(history(coached, &activities(1), 1, 1))
    );
    assert!(matches!(
        store.delete_account(ada).await,
        Err(StoreError::NotFound(_))
    ));
    // The email is free again.
    account(&*store, "ADA@example.org").await;
}

/// An invitation is accepted once, by someone other than the owner, and gives
/// its permission; a revoked one cannot be accepted.
pub async fn invitations_grant_once(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let coach = account(&*store, "coach@example.org").await;
    let other = account(&*store, "other@example.org").await;
    let id = season(&*store, ada).await;
    let token = Token::generate().unwrap();
    let invitation = Invitation {
        token_hash: token.hash(),
        season: id,
        permission: Permission::Edit,
        created_at: at(1),
        accepted_by: None,
        accepted_at: None,
        revoked_at: None,
    };
    store.create_invitation(&invitation).await.unwrap();
    assert_eq!(
        store.invitation(&token.hash()).await.unwrap(),
        Some(invitation.clone())
    );
    assert!(matches!(
        store.accept_invitation(&token.hash(), ada, at(2)).await,
        Err(StoreError::Invalid(_))
    ));
    let grant = test
        .twin
        .accept_invitation(&token.hash(), coach, at(3))
        .await
        .unwrap();
    assert_eq!(grant.permission, Permission::Edit);
    assert_eq!(store.grants(id).await.unwrap(), vec![grant]);
    assert!(matches!(
        store.accept_invitation(&token.hash(), other, at(4)).await,
        Err(StoreError::NotFound(_))
    ));
    let accepted = store.invitation(&token.hash()).await.unwrap().unwrap();
    assert_eq!(
        (accepted.accepted_by, accepted.accepted_at),
        (Some(coach), Some(at(3)))
    );

    let second = Token::generate().unwrap();
    store
        .create_invitation(&Invitation {
            token_hash: second.hash(),
            created_at: at(5),
            permission: Permission::View,
            ..invitation
        })
        .await
        .unwrap();
    assert!(
        store
            .revoke_invitation(id, &second.hash(), at(6))
            .await
            .unwrap()
    );
    assert!(
        !store
            .revoke_invitation(id, &second.hash(), at(7))
            .await
            .unwrap()
    );
    assert!(matches!(
        store.accept_invitation(&second.hash(), other, at(8)).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.invitations(id).await.unwrap().len(), 2);
    assert!(
        store
            .grants(id)
            .await
            .unwrap()
            .iter()
            .all(|g| g.account != other)
    );
    store.delete_season(id).await.unwrap();
    assert_eq!(store.invitation(&token.hash()).await.unwrap(), None);
}

/// A clinic sees the requests of seasons linked to it, and nothing once unlinked.
pub async fn clinic_links_and_requests(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let mut clinic = new_account("clinic@example.org");
    clinic.role = Role::Clinic;
    let clinic = store.create_account(&clinic).await.unwrap().id;
    let other_clinic = account(&*store, "other-clinic@example.org").await;
    let id = season(&*store, ada).await;
    let profile = ClinicProfile {
        clinic,
        name: "Calm Hands".into(),
        profile_json: r#"{"therapists":[]}"#.into(),
        updated_at: at(1),
    };
    store.set_clinic_profile(&profile).await.unwrap();
    assert_eq!(
        test.twin.clinic_profile(clinic).await.unwrap(),
        Some(profile)
    );
    assert_eq!(store.clinic_profile(other_clinic).await.unwrap(), None);

    store
        .link_clinic(&ClinicLink {
            season: id,
            clinic,
            created_at: at(2),
        })
        .await
        .unwrap();
    assert_eq!(
        store.clinic_link(id).await.unwrap().map(|l| l.clinic),
        Some(clinic)
    );
    assert_eq!(store.seasons_linked_to(clinic).await.unwrap().len(), 1);
    let date = jiff::civil::date(2027, 3, 4);
    let request = store
        .create_request(&NewRequest {
            season: id,
            clinic,
            date,
            kind: "deep".into(),
            note: "calves".into(),
            created_at: at(3),
        })
        .await
        .unwrap();
    assert_eq!(request.status, RequestStatus::Requested);
    assert_eq!(request.proposed_date, None);
    let later = jiff::civil::date(2027, 3, 6);
    let proposed: BookingRequest = test
        .twin
        .set_request_status(request.id, RequestStatus::Proposed, Some(later), at(4))
        .await
        .unwrap();
    assert_eq!(
        (proposed.status, proposed.proposed_date),
        (RequestStatus::Proposed, Some(later))
    );
    assert_eq!(
        store.request(request.id).await.unwrap(),
        Some(proposed.clone())
    );
    assert_eq!(
        store.requests_of_clinic(clinic).await.unwrap(),
        vec![proposed.clone()]
    );
    assert!(
        store
            .requests_of_clinic(other_clinic)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.requests_of_season(id).await.unwrap(), vec![proposed]);
    assert!(matches!(
        store
            .set_request_status(i64::MAX, RequestStatus::Declined, None, at(5))
            .await,
        Err(StoreError::NotFound(_))
    ));
    // Linking another clinic replaces the link: the first sees nothing more.
    store
        .link_clinic(&ClinicLink {
            season: id,
            clinic: other_clinic,
            created_at: at(6),
        })
        .await
        .unwrap();
    assert!(store.requests_of_clinic(clinic).await.unwrap().is_empty());
    assert!(store.seasons_linked_to(clinic).await.unwrap().is_empty());
    assert!(store.unlink_clinic(id).await.unwrap());
    assert!(!store.unlink_clinic(id).await.unwrap());
    assert_eq!(store.clinic_link(id).await.unwrap(), None);
    assert!(matches!(
        store
            .link_clinic(&ClinicLink {
                season: id,
                clinic: AccountId(i64::MAX),
                created_at: at(7)
            })
            .await,
        Err(StoreError::NotFound(_))
    ));
    store.delete_account(clinic).await.unwrap();
    assert!(store.request(request.id).await.unwrap().is_none());
}

/// Clinic feeds are found by hash until revoked, per therapist; a request
/// keeps the therapist assigned to it.
pub async fn clinic_feeds_by_therapist(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let clinic = account(&*store, "clinic@example.org").await;
    let id = season(&*store, ada).await;
    let (all, ann) = (Token::generate().unwrap(), Token::generate().unwrap());
    let feed = |t: &Token, therapist: &str| ClinicFeed {
        token_hash: t.hash(),
        clinic,
        therapist: therapist.into(),
        created_at: at(1),
        revoked_at: None,
    };
    store.create_clinic_feed(&feed(&all, "")).await.unwrap();
    store.create_clinic_feed(&feed(&ann, "Ann")).await.unwrap();
    assert_eq!(
        test.twin.clinic_feed(&ann.hash()).await.unwrap(),
        Some(feed(&ann, "Ann"))
    );
    assert_eq!(
        store
            .revoke_clinic_feeds(clinic, "Ann", at(2))
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.clinic_feed(&ann.hash()).await.unwrap(), None);
    assert!(store.clinic_feed(&all.hash()).await.unwrap().is_some());
    assert_eq!(store.clinic_feeds(clinic).await.unwrap().len(), 2);
    let r = store
        .create_request(&NewRequest {
            season: id,
            clinic,
            date: jiff::civil::date(2027, 1, 5),
            kind: "swedish".into(),
            note: String::new(),
            created_at: at(3),
        })
        .await
        .unwrap();
    assert_eq!(r.therapist, "");
    let r = store.assign_therapist(r.id, "Ann", at(4)).await.unwrap();
    assert_eq!((r.therapist.as_str(), r.updated_at), ("Ann", at(4)));
    assert!(matches!(
        store.assign_therapist(i64::MAX, "Bo", at(5)).await,
        Err(StoreError::NotFound(_))
    ));
    store.delete_account(clinic).await.unwrap();
    assert_eq!(store.clinic_feed(&all.hash()).await.unwrap(), None);
}

/// Two writers that read the same history: the second one's replace fails
/// and writes nothing (no lost update).
pub async fn history_replaced_only_if_unchanged(test: &TestStore) {
    let store = Arc::clone(&test.store);
    let ada = account(&*store, "ada@example.org").await;
    let id = season(&*store, ada).await;
    assert!(
        store
            .replace_history(&history(id, "[1]", 1, 1), None)
            .await
            .unwrap()
    );
    assert!(
        !test
            .twin
            .replace_history(&history(id, "[2]", 1, 2), None)
            .await
            .unwrap()
    );
    assert!(
        store
            .replace_history(&history(id, "[1,3]", 2, 3), Some(1))
            .await
            .unwrap()
    );
    assert!(
        !test
            .twin
            .replace_history(&history(id, "[1,4]", 2, 4), Some(1))
            .await
            .unwrap()
    );
    let kept = store.history(id).await.unwrap().unwrap();
    assert_eq!((kept.activities_json.as_str(), kept.files), ("[1,3]", 2));
    assert_eq!(test.twin.history_files(id).await.unwrap(), Some(2));
    assert_eq!(store.history_files(SeasonId(i64::MAX)).await.unwrap(), None);
    assert!(matches!(
        store
            .replace_history(&history(SeasonId(i64::MAX), "[]", 1, 5), Some(1))
            .await,
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        store
            .replace_history(&history(SeasonId(i64::MAX), "[]", 1, 5), None)
            .await,
        Err(StoreError::NotFound(_))
    ));
}
