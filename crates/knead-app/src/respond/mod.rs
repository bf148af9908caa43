//! Each command's answer as a typed response. Every response serialises with a
//! `format` field naming its kind and version (`knead-schedule/2`, ...): field
//! names are stable within a version (docs/json.md). These are the JSON
//! outputs of the command line and the bodies of the HTTP API.

mod activities;
mod check;
mod explain;
mod plan;
mod rules;
mod templates;

pub use activities::{
    ActivitiesResponse, ActivityRow, DroppedCopy, FileProblem, LoadDay, LoadResponse, Mark,
    MarkKind, activities, load, marks,
};
pub use check::{CheckResponse, check};
pub use explain::{ExplainResponse, explain};
pub use plan::{PlanResponse, plan};
pub use rules::{RuleFilter, RulesResponse, rules};
pub use templates::{TemplateListResponse, TemplateResponse, TemplateWorkout, template, templates};
