//! `knead rules`: the rule catalogue.

use knead_app::respond::{self, RuleFilter};
use knead_report::{json, rules};

use crate::cli::{RulesArgs, RulesFormat};
use crate::exit::Status;
use crate::output;

/// Prints the catalogue, filtered.
pub fn run(args: &RulesArgs) -> miette::Result<Status> {
    let answer = respond::rules(&RuleFilter {
        grade: args.grade.as_deref(),
        id: args.id.as_deref(),
        myths: args.myths,
    })
    .map_err(|e| crate::exit::usage(e.to_string()))?;
    let selected = &answer.rules;
    let out = match args.format {
        RulesFormat::Json => json::render(&answer),
        RulesFormat::Markdown => rules::markdown(selected),
        RulesFormat::Text if args.id.is_some() || args.myths => rules::detail(selected),
        RulesFormat::Text if args.short => rules::table(selected),
        RulesFormat::Text => rules::listing(selected),
    };
    output::emit(None, &out)?;
    Ok(Status::Fine)
}
