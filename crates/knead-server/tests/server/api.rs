//! The JSON API with a token made on the account page: every route, and the
//! OpenAPI document listing them all.

use axum::http::Method;
use serde_json::{Value, json};

use crate::common::routes;
use crate::common::{Client, Db, data, path_of};

both!(
    the_api_does_what_the_pages_do,
    every_api_error_is_json,
    the_openapi_document_lists_every_route,
);

async fn call(
    c: &mut Client,
    method: Method,
    path: &str,
    body: Option<Value>,
    status: u16,
) -> Value {
    let r = c.api(method, path, body).await;
    r.expect(status);
    if r.body.is_empty() {
        Value::Null
    } else {
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{path}"
        );
        r.json()
    }
}

async fn the_api_does_what_the_pages_do(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    let token = c.make_token("my script").await;
    // The token is listed (not shown again) on the account page.
    let page = c.get("/account").await;
    assert!(page.text().contains("my script"));
    assert!(!page.text().contains(&token));

    let me = call(&mut c, Method::GET, "/api/v1/account", None, 200).await;
    assert_eq!(me["email"], "ada@example.org");
    assert_eq!(me["name"], "Ada");
    assert_eq!(me["role"], "runner");

    // Start a season of each kind.
    let templates = knead_formats::template::builtin();
    let starts = [
        json!({"from": "example"}),
        json!({"from": "template", "id": templates[0].id, "race": data::race_day().to_string(), "units": "km"}),
        json!({"from": "plan_file", "text": data::shifted_example()}),
        json!({"from": "calendar", "text": data::training_ics()}),
    ];
    let mut ids = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let s = call(
            &mut c,
            Method::POST,
            "/api/v1/seasons",
            Some(
                json!({"name": format!("Season {i}"), "time_zone": "Europe/Paris", "start": start}),
            ),
            201,
        )
        .await;
        assert_eq!(s["name"], format!("Season {i}"));
        assert_eq!(s["version"], 1);
        assert_eq!(s["access"], "owner");
        ids.push(s["id"].as_i64().unwrap());
    }
    for (body, says) in [
        (
            json!({"name": "x", "start": {"from": "example"}, "colour": "red"}),
            "colour",
        ),
        (json!({"name": "x", "start": {"from": "dream"}}), "dream"),
        (json!({"name": "", "start": {"from": "example"}}), "name"),
        (
            json!({"name": "x", "time_zone": "Mars/Base", "start": {"from": "example"}}),
            "Mars/Base",
        ),
    ] {
        let e = call(&mut c, Method::POST, "/api/v1/seasons", Some(body), 422).await;
        assert_eq!(e["error"]["status"], 422);
        assert!(
            e["error"]["message"].as_str().unwrap().contains(says),
            "{e}"
        );
    }
    let r = c
        .api_raw(
            Method::POST,
            "/api/v1/seasons",
            Some("application/json"),
            b"{\"name\": ".to_vec(),
        )
        .await;
    r.expect(422);
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1")
    );

    let list = call(&mut c, Method::GET, "/api/v1/seasons", None, 200).await;
    let listed: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, ids);

    // The shifted example, from here on.
    let id = ids[2];
    let base = format!("/api/v1/seasons/{id}");
    let s = call(&mut c, Method::GET, &base, None, 200).await;
    assert_eq!(s["format"], "knead-schedule/2");
    assert_eq!(s["version"], 1);
    assert_eq!(s["season"]["id"], id);
    assert!(!s["items"].as_array().unwrap().is_empty());
    let plan = call(&mut c, Method::GET, &format!("{base}/plan"), None, 200).await;
    assert_eq!(plan["version"], 1);
    assert_eq!(plan["plan_toml"], data::shifted_example());

    // Edits, based on the version they were made from.
    let day = data::shifted(jiff::civil::date(2027, 1, 6)).to_string();
    let edit = json!({"op": "add_workout", "date": day, "kind": "intervals", "minutes": 50, "title": "6 x 800 m"});
    let saved = call(
        &mut c,
        Method::POST,
        &format!("{base}/edits"),
        Some(json!({"based_on": 1, "edit": edit})),
        200,
    )
    .await;
    assert_eq!(saved["version"], 2);
    assert!(
        saved["summary"]
            .as_str()
            .unwrap()
            .starts_with("Intervals added on")
    );
    assert!(saved["moved"].is_array());
    let stale = call(
        &mut c,
        Method::POST,
        &format!("{base}/edits"),
        Some(json!({"based_on": 1, "edit": edit})),
        409,
    )
    .await;
    assert_eq!(stale["error"]["status"], 409);
    let bad = call(
        &mut c,
        Method::POST,
        &format!("{base}/edits"),
        Some(json!({"based_on": 2, "edit": {"op": "levitate"}})),
        422,
    )
    .await;
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("levitate")
    );

    // A whole plan file.
    let replaced = call(
        &mut c,
        Method::PUT,
        &format!("{base}/plan"),
        Some(json!({"based_on": 2, "plan_toml": knead_formats::example::MARATHON_TOML})),
        200,
    )
    .await;
    assert_eq!(replaced["version"], 3);
    call(
        &mut c,
        Method::PUT,
        &format!("{base}/plan"),
        Some(json!({"based_on": 2, "plan_toml": knead_formats::example::MARATHON_TOML})),
        409,
    )
    .await;
    let bad = call(
        &mut c,
        Method::PUT,
        &format!("{base}/plan"),
        Some(json!({"based_on": 3, "plan_toml": "units = \"km\"\nraces = 5\n"})),
        422,
    )
    .await;
    assert!(
        bad["error"]["message"].as_str().unwrap().contains(":2:"),
        "{bad}"
    );

    let check = call(&mut c, Method::GET, &format!("{base}/check"), None, 200).await;
    assert!(
        check["format"]
            .as_str()
            .unwrap()
            .starts_with("knead-check/")
    );
    let explained = call(
        &mut c,
        Method::GET,
        &format!("{base}/days/2027-04-23"),
        None,
        200,
    )
    .await;
    assert!(
        explained["format"]
            .as_str()
            .unwrap()
            .starts_with("knead-explain/")
    );
    call(
        &mut c,
        Method::GET,
        &format!("{base}/days/someday"),
        None,
        422,
    )
    .await;

    let versions = call(&mut c, Method::GET, &format!("{base}/versions"), None, 200).await;
    let numbers: Vec<i64> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert!(versions[0]["author"].is_i64());

    let restored = call(
        &mut c,
        Method::POST,
        &format!("{base}/restore"),
        Some(json!({"number": 1, "based_on": 3})),
        200,
    )
    .await;
    assert_eq!(restored["version"], 4);
    let plan = call(&mut c, Method::GET, &format!("{base}/plan"), None, 200).await;
    assert_eq!(plan["plan_toml"], data::shifted_example());
    call(
        &mut c,
        Method::POST,
        &format!("{base}/restore"),
        Some(json!({"number": 1, "based_on": 3})),
        409,
    )
    .await;

    // History: the file is the body.
    for (expected, day) in [(1, data::yesterday()), (0, data::yesterday())] {
        let r = c
            .api_raw(
                Method::POST,
                &format!("{base}/history?name=run.gpx"),
                Some("application/gpx+xml"),
                data::gpx_run(day),
            )
            .await;
        r.expect(200);
        assert_eq!(r.json()["added"], expected);
    }
    c.get(&format!("/seasons/{id}/load.svg")).await.expect(200);

    // Feeds.
    let feed = call(
        &mut c,
        Method::POST,
        &format!("{base}/feeds"),
        Some(json!({"kind": "busy"})),
        201,
    )
    .await;
    let url = feed["https"].as_str().unwrap();
    assert!(url.starts_with("http://knead.test/feeds/"), "{url}");
    c.get(&path_of(url)).await.expect(200);
    call(
        &mut c,
        Method::POST,
        &format!("{base}/feeds"),
        Some(json!({"kind": "everything"})),
        422,
    )
    .await;

    // Deleting.
    let r = c.api(Method::DELETE, &base, None).await;
    r.expect(204);
    call(&mut c, Method::GET, &base, None, 404).await;
    c.get(&path_of(url)).await.expect(404);
    let list = call(&mut c, Method::GET, "/api/v1/seasons", None, 200).await;
    assert_eq!(list.as_array().unwrap().len(), 3);
}

async fn every_api_error_is_json(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    c.sign_up("Ada", "ada@example.org").await;
    c.make_token("script").await;
    let id = c.season_from_plan("Spring", &data::shifted_example()).await;
    for (method, path) in [
        (Method::GET, "/api/v1/seasons/abc".to_owned()),
        (Method::GET, format!("/api/v1/seasons/{id}/days/someday")),
        (
            Method::GET,
            "/api/v1/seasons/99999999999999999999999".to_owned(),
        ),
        (Method::GET, format!("/api/v1/seasons/{}", id + 1)),
        (Method::PATCH, format!("/api/v1/seasons/{id}")),
        (Method::DELETE, "/api/v1/account".to_owned()),
        (Method::GET, "/api/v1/seasons/1/nothing".to_owned()),
        (Method::POST, format!("/api/v1/seasons/{id}/edits")),
    ] {
        let r = c.api(method.clone(), &path, None).await;
        assert!(r.status.is_client_error(), "{method} {path}: {}", r.status);
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{method} {path}: {} {:?}: {}",
            r.status,
            r.header("content-type"),
            r.text()
        );
        let e = r.json();
        assert_eq!(e["error"]["status"], r.status.as_u16(), "{method} {path}");
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{method} {path}: {e}"
        );
    }
}

async fn the_openapi_document_lists_every_route(db: &Db) {
    let app = db.app().await;
    let mut c = app.client();
    let r = c.get("/api/v1/openapi.json").await;
    r.expect(200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
    let paths = doc["paths"].as_object().expect("paths");
    let mut listed = 0;
    for route in routes::api_paths() {
        // The document does not describe itself.
        if route.path == "/openapi.json" {
            continue;
        }
        let method = route.method.to_ascii_lowercase();
        assert!(
            paths
                .get(&route.path)
                .is_some_and(|p| p.get(&method).is_some()),
            "{} {} is not in the OpenAPI document",
            route.method,
            route.path
        );
        listed += 1;
    }
    // And nothing that is not served.
    let served: Vec<(String, String)> = routes::api_paths()
        .into_iter()
        .map(|r| (r.method.to_ascii_lowercase(), r.path))
        .collect();
    let mut documented = 0;
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                assert!(
                    served.contains(&(method.clone(), path.clone())),
                    "{method} {path} is documented but not served"
                );
                documented += 1;
            }
        }
    }
    assert_eq!(listed, documented);
    assert!(listed >= 13);
}
