//! Every route of the server, read from its source: each
//! `.route("PATH", METHOD(...).METHOD(...))` of `src/lib.rs`, and of
//! `src/api.rs` under the prefix lib.rs nests it at. Tests that go over
//! every route use this list, so a route added to the source is covered (or
//! makes them fail until it is).

use axum::http::Method;

const LIB: &str = include_str!("../../../src/lib.rs");
const API: &str = include_str!("../../../src/api.rs");

/// A route and one of its methods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as written, with its `{params}`.
    pub path: String,
}

impl Route {
    /// The method as axum's type.
    pub fn method(&self) -> Method {
        self.method.parse().expect("a method")
    }

    /// Whether it is under the JSON API.
    pub fn api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    /// Whether it is about one season (`/seasons/{id}...`, in the pages or
    /// the API): what only its owner and those it is shared with may reach.
    pub fn of_season(&self) -> bool {
        self.path.starts_with("/seasons/{id}") || self.path.starts_with("/api/v1/seasons/{id}")
    }

    /// Whether it changes something (not GET).
    pub fn unsafe_method(&self) -> bool {
        self.method != "GET"
    }

    /// The path with its parameters filled in by `fill`.
    pub fn fill(&self, fill: impl Fn(&str) -> String) -> String {
        let mut out = String::new();
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').expect("a closing brace") + open;
            out.push_str(&fill(&rest[open + 1..close]));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// `METHOD path`.
    pub fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Every route of the server.
pub fn all() -> Vec<Route> {
    let nests: Vec<(String, String)> = calls(LIB, ".nest(")
        .into_iter()
        .map(|(path, rest)| (path, rest.trim().to_owned()))
        .collect();
    assert_eq!(
        nests.len(),
        1,
        "lib.rs nests one router (the API); teach tests/server/common/routes.rs the others: {nests:?}"
    );
    assert!(nests[0].1.starts_with("api::router()"), "{nests:?}");
    assert!(
        !LIB.contains(".merge("),
        "lib.rs merges a router: teach tests/server/common/routes.rs to read it"
    );
    let prefix = nests[0].0.clone();
    let mut routes = routes_of(LIB, "");
    routes.extend(routes_of(API, &prefix));
    routes.sort();
    let mut unique = routes.clone();
    unique.dedup();
    assert_eq!(unique.len(), routes.len(), "a route twice");
    assert!(routes.len() > 30, "too few routes found: {routes:?}");
    routes
}

/// The string literal and the rest of the arguments of every call `opener`.
fn calls(src: &str, opener: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = src[from..].find(opener) {
        let start = from + at + opener.len();
        let rest = src[start..].trim_start();
        let rest = rest
            .strip_prefix('"')
            .unwrap_or_else(|| panic!("{opener} without a literal path"));
        let end = rest.find('"').expect("the path's closing quote");
        let path = rest[..end].to_owned();
        let args = rest[end + 1..]
            .trim_start()
            .strip_prefix(',')
            .expect("a comma after the path");
        // The arguments up to the call's closing parenthesis.
        let mut depth = 0;
        let mut close = None;
        for (i, c) in args.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    close = Some(i);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let close = close.expect("the call's closing parenthesis");
        out.push((path, args[..close].to_owned()));
        from = start;
    }
    out
}

/// The routes of one file: each `.route(PATH, chain)` where the chain is
/// `get(h).post(h)...` at the top level of its arguments.
fn routes_of(src: &str, prefix: &str) -> Vec<Route> {
    let mut out = Vec::new();
    for (path, chain) in calls(src, ".route(") {
        let mut methods = Vec::new();
        let mut depth = 0;
        let mut word = String::new();
        for c in chain.chars() {
            match c {
                '(' => {
                    if depth == 0 {
                        let m = word.trim().to_owned();
                        match m.as_str() {
                            "get" | "post" | "put" | "delete" | "patch" => {
                                methods.push(m.to_ascii_uppercase());
                            }
                            other => panic!(
                                "route {path}: `{other}(...)` is not a method the tests know; teach tests/server/common/routes.rs"
                            ),
                        }
                    }
                    depth += 1;
                    word.clear();
                }
                ')' => {
                    depth -= 1;
                    word.clear();
                }
                '.' if depth == 0 => word.clear(),
                c if depth == 0 && (c.is_alphanumeric() || c == '_') => word.push(c),
                _ => {}
            }
        }
        assert!(!methods.is_empty(), "route {path} without a method");
        let full = if path == "/" && !prefix.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}{path}")
        };
        for method in methods {
            out.push(Route {
                method,
                path: full.clone(),
            });
        }
    }
    out
}

/// The routes of the JSON API as `api.rs` writes them (without the prefix).
pub fn api_paths() -> Vec<Route> {
    routes_of(API, "")
}
