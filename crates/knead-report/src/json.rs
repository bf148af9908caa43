//! JSON: the schedule with stable field names (docs/json.md documents them).

use knead_core::plan::Schedule;
use serde::Serialize;

/// The JSON document: a format version and the schedule.
#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    #[serde(flatten)]
    schedule: &'a Schedule,
}

/// Renders the schedule as pretty-printed JSON.
pub fn render(s: &Schedule) -> String {
    let doc = Document {
        format: "knead-schedule/1",
        schedule: s,
    };
    let mut out =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
