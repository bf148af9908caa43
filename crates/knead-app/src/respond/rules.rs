use knead_core::rules::{self as catalogue, Grade, Rule, Status};
use knead_formats::suggest;
use serde::Serialize;

use crate::error::AppError;

/// Which rules to list.
#[derive(Debug, Clone, Default)]
pub struct RuleFilter<'a> {
    /// Only this evidence grade (`A`, `B`, `C` or `D`).
    pub grade: Option<&'a str>,
    /// Only this rule id (any case).
    pub id: Option<&'a str>,
    /// Only the claims the evidence contradicts or disputes.
    pub myths: bool,
}

/// `knead rules`: the catalogue, filtered.
#[derive(Debug, Clone, Serialize)]
pub struct RulesResponse {
    /// `knead-rules/1`.
    pub format: &'static str,
    /// The rules, in catalogue order.
    pub rules: Vec<&'static Rule>,
}

/// The rules that pass `filter`.
///
/// # Errors
/// [`AppError::Invalid`] for an unknown grade or rule id, or when nothing matches.
pub fn rules(filter: &RuleFilter<'_>) -> Result<RulesResponse, AppError> {
    let grade = match filter.grade {
        Some(g) => Some(
            Grade::parse(g)
                .ok_or_else(|| AppError::Invalid(format!("grade {g}: expected A, B, C or D")))?,
        ),
        None => None,
    };
    let selected: Vec<&'static Rule> = match filter.id {
        Some(id) => vec![catalogue::rule(&id.to_ascii_uppercase()).ok_or_else(|| {
            let near = suggest::nearest(
                &id.to_ascii_uppercase(),
                catalogue::all().iter().map(|r| r.id),
            );
            let hint = suggest::did_you_mean(&near)
                .map(|d| format!("; {d}"))
                .unwrap_or_default();
            AppError::Invalid(format!(
                "no rule `{id}` in the catalogue{hint} (`knead rules` lists them all)"
            ))
        })?],
        None => catalogue::all()
            .iter()
            .filter(|r| grade.is_none_or(|g| r.grade == g))
            .filter(|r| !filter.myths || r.status != Status::Applied)
            .collect(),
    };
    if selected.is_empty() {
        return Err(AppError::Invalid(
            "no rule matches these filters (`knead rules` lists them all)".into(),
        ));
    }
    Ok(RulesResponse {
        format: "knead-rules/1",
        rules: selected,
    })
}
