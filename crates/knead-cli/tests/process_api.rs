//! The JSON API of a real `knead serve` refuses plans it could never show:
//! a season started from a template whose race lies outside the years knead
//! plans in, or laid out to nothing, and a replaced plan file of that kind,
//! get 422 with the planner's reason, and nothing is stored (found while
//! fuzzing the API, scripts/schemathesis.sh: such seasons were created, then
//! every page, feed and API read of them answered 422).

mod process_support;

use process_support::{Database, Server};

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

#[test]
fn plans_that_cannot_be_scheduled_are_refused() {
    let db = Database::sqlite();
    let server = Server::start(&db.url, &[]);
    let c = server.client();
    let cookie = c.sign_up("Edge Case", "edge@example.org", "a long enough password");
    let token = c.api_token(&cookie, "edges");
    let auth = format!("Bearer {token}");

    for race in ["9999-12-31", "-009999-01-01", "1800-06-01"] {
        let body = format!(
            r#"{{"name": "Far", "start": {{"from": "template", "id": "higdon_nov_mara1", "race": "{race}"}}}}"#
        );
        let a = c
            .try_post_json("/api/v1/seasons", &token, &body)
            .expect("an answer");
        assert_eq!(a.status, 422, "race {race}: {}", a.body);
        let message = json(&a.body)["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(!message.is_empty(), "a reason for race {race}");
    }
    let listed = c.get("/api/v1/seasons", &[("authorization", &auth)]);
    assert_eq!(json(&listed.body), serde_json::json!([]), "nothing stored");

    // A good season; then a plan file for the year 3001 in its place.
    let created = c
        .try_post_json(
            "/api/v1/seasons",
            &token,
            r#"{"name": "Near", "start": {"from": "template", "id": "higdon_nov_mara1", "race": "2027-10-10"}}"#,
        )
        .expect("an answer");
    assert_eq!(created.status, 201, "{}", created.body);
    let id = json(&created.body)["id"].as_i64().expect("an id");
    let plan = c.get(
        &format!("/api/v1/seasons/{id}/plan"),
        &[("authorization", &auth)],
    );
    let toml = json(&plan.body)["plan_toml"]
        .as_str()
        .expect("a plan")
        .to_owned();
    let far = toml.replace("2027-", "3001-").replace("2026-", "3000-");
    let body = serde_json::json!({"based_on": 1, "plan_toml": far}).to_string();
    let put = c.put_json(&format!("/api/v1/seasons/{id}/plan"), &token, &body);
    assert_eq!(put.status, 422, "{}", put.body);
    let season = c.get(
        &format!("/api/v1/seasons/{id}"),
        &[("authorization", &auth)],
    );
    assert_eq!(
        season.status, 200,
        "the season still plans: {}",
        season.body
    );
    assert_eq!(
        json(&season.body)["version"].as_i64(),
        Some(1),
        "nothing saved"
    );
}
