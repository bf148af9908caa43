//! JSON: any response of knead-app, pretty-printed (docs/json.md documents
//! every field; each document names its kind and version in `format`).

use serde::Serialize;

/// Renders `doc` as pretty-printed JSON with a final newline.
pub fn render<T: Serialize>(doc: &T) -> String {
    let mut out = serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    out.push('\n');
    out
}
