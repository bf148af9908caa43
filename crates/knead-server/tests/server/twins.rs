//! Two server processes on one database (two stores opened on the same
//! SQLite file or PostgreSQL schema) behave as one: sessions, rate limits,
//! edits and feeds are all in the database.

use axum::http::Method;

use crate::common::{Db, PASSWORD, data, ics, path_of};
use crate::feeds::{live, move_a_massage};

both!(two_servers_on_one_database_act_as_one);

async fn two_servers_on_one_database_act_as_one(db: &Db) {
    let one = db.app().await;
    let two = db.app().await;
    let mut ada = one.client();
    ada.sign_up("Ada", "ada@example.org").await;
    // A session made through one is good on the other.
    let mut ada2 = ada.on(&two);
    ada2.get("/seasons").await.expect(200);
    let id = ada
        .season_from_plan("Spring", &data::shifted_example())
        .await;
    ada2.get(&format!("/seasons/{id}")).await.expect(200);
    // A feed issued through one is served by both, byte for byte.
    let feed = path_of(&ada.issue_feed(id, "full").await);
    let first = ada.get(&feed).await;
    first.expect(200);
    let again = ada2.get(&feed).await;
    assert_eq!(first.body, again.body);
    let before = ics::events(&first.text());

    // An edit through two shows in one's feed.
    ada2.make_token("script").await;
    let summary = move_a_massage(&two, &mut ada2, id).await;
    let after_one = ada.get(&feed).await;
    after_one.expect(200);
    assert_ne!(after_one.body, first.body);
    let after = ics::events(&after_one.text());
    let cancelled: Vec<&String> = live(&before, "massage")
        .iter()
        .filter(|u| after[*u].cancelled())
        .map(|u| &after[u].props["UID"][0])
        .collect();
    assert!(!cancelled.is_empty(), "{summary}");
    assert_eq!(ada2.get(&feed).await.body, after_one.body);
    // The versions page of one lists the edit made through two.
    let versions = ada.get(&format!("/seasons/{id}/versions")).await;
    assert!(versions.text().contains(&crate::common::escape(&summary)));
    // The token made through two works on one.
    let mut api = ada2.on(&one);
    api.api(Method::GET, &format!("/api/v1/seasons/{id}"), None)
        .await
        .expect(200);

    // Signing out through two ends the session on one.
    ada2.get("/account").await.expect(200);
    ada2.post_form("/signout", &[]).await.expect_redirect("/");
    ada.get("/seasons").await.expect_redirect("/signin");

    // Failed sign-ins count across both.
    for i in 0..5 {
        let server = if i % 2 == 0 { &one } else { &two };
        server
            .client_from(&format!("203.0.113.{i}:1"))
            .sign_in("ada@example.org", "not the password")
            .await
            .expect(401);
    }
    two.client_from("203.0.113.77:1")
        .sign_in("ada@example.org", PASSWORD)
        .await
        .expect(429);
    one.client_from("203.0.113.78:1")
        .sign_in("ada@example.org", PASSWORD)
        .await
        .expect(429);
}
