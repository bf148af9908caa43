//! `knead rules`: the rule catalogue.

use std::fmt::Write;

use knead_core::rules::{self, Grade, Rule, Status};
use miette::miette;

use crate::cli::{RulesArgs, RulesFormat};

/// Prints the catalogue, filtered.
pub fn run(args: &RulesArgs) -> miette::Result<()> {
    let grade = match &args.grade {
        Some(g) => {
            Some(Grade::parse(g).ok_or_else(|| miette!("--grade {g}: expected A, B, C or D"))?)
        }
        None => None,
    };
    let selected: Vec<&Rule> = match &args.id {
        Some(id) => vec![rules::rule(&id.to_ascii_uppercase()).ok_or_else(|| {
            miette!("no rule `{id}` in the catalogue; `knead rules` lists them all")
        })?],
        None => rules::all()
            .iter()
            .filter(|r| grade.is_none_or(|g| r.grade == g))
            .filter(|r| !args.myths || r.status != Status::Applied)
            .collect(),
    };
    if selected.is_empty() {
        return Err(miette!(
            "no rule matches these filters; `knead rules` lists them all"
        ));
    }
    let out = match args.format {
        RulesFormat::Json => serde_json::to_string_pretty(&selected).unwrap_or_default() + "\n",
        RulesFormat::Markdown => markdown(&selected),
        RulesFormat::Text if args.id.is_some() || args.myths => detail(&selected),
        RulesFormat::Text if args.short => table(&selected),
        RulesFormat::Text => listing(&selected),
    };
    crate::output::emit(None, &out)
}

fn status(r: &Rule) -> &'static str {
    match r.status {
        Status::Applied => "",
        Status::Disputed => " (DISPUTED)",
        Status::Myth => " (MYTH)",
    }
}

fn table(rules: &[&Rule]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<16} {:<5} {:<13} {:<40} DEFAULT",
        "ID", "GRADE", "SOURCES", "RULE"
    );
    for r in rules {
        let title = format!("{}{}", r.title, status(r));
        let _ = writeln!(
            out,
            "{:<16} {:<5} {:<13} {:<40} {}",
            r.id,
            r.grade.as_str(),
            r.sources.join(","),
            truncate(&title, 40),
            truncate(r.default, 50)
        );
    }
    let _ = writeln!(
        out,
        "\n{} rules. Grades: A meta-analyses agree, B some trials, C expert opinion only, D contradicted.\n`knead rules --id R-POST-RACE` shows one in full with references; `--grade D` the contradicted claims; `--myths` the myths explained.",
        rules.len()
    );
    out
}

/// Every rule with its statement, default, sources and recorded conflict.
fn listing(rules: &[&Rule]) -> String {
    let mut out = String::new();
    let mut category = None;
    for r in rules {
        if category != Some(r.category) {
            category = Some(r.category);
            let name = serde_json::to_value(r.category)
                .ok()
                .and_then(|v| v.as_str().map(str::to_uppercase));
            let _ = writeln!(out, "{}", name.unwrap_or_default());
        }
        let _ = writeln!(
            out,
            "  {} [{}] {}{}  (sources: {})",
            r.id,
            r.grade.as_str(),
            r.title,
            status(r),
            r.sources.join(", ")
        );
        let _ = writeln!(out, "      {}", r.statement);
        let _ = writeln!(out, "      default: {}", r.default);
        if let Some(c) = r.conflict {
            let _ = writeln!(out, "      conflict: {c}");
        }
        let _ = writeln!(out, "      evidence: {}", r.qualification);
    }
    let _ = writeln!(
        out,
        "\n{} rules. Grades: A meta-analyses agree, B some trials, C expert opinion only, D contradicted.\n`knead rules --short` for one line each; `--id R-POST-RACE` for one in full with references; `--grade D` the contradicted claims; `--myths` the myths explained.",
        rules.len()
    );
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn detail(rules: &[&Rule]) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(out, "{}: {}{}", r.id, r.title, status(r));
        let _ = writeln!(out, "  says:      {}", r.statement);
        let _ = writeln!(out, "  default:   {}", r.default);
        let _ = writeln!(out, "  sources:   {}", r.sources.join(", "));
        if let Some(c) = r.conflict {
            let _ = writeln!(out, "  conflict:  {c}");
        }
        let _ = writeln!(
            out,
            "  evidence:  grade {} ({}): {}",
            r.grade_detail,
            r.grade.meaning(),
            r.qualification
        );
        let _ = writeln!(out, "             {}", r.evidence);
        for reference in r.references {
            let _ = writeln!(out, "  ref:       [{}] {}", reference.key, reference.url);
        }
        out.push('\n');
    }
    out
}

fn markdown(rules: &[&Rule]) -> String {
    let mut out = String::from(
        "| Id | Grade | Rule | Default | Sources | Conflict |\n|---|---|---|---|---|---|\n",
    );
    for r in rules {
        let _ = writeln!(
            out,
            "| `{}` | {} | {}{} | {} | {} | {} |",
            r.id,
            r.grade_detail,
            r.title,
            status(r),
            r.default.replace('|', "\\|"),
            r.sources.join(", "),
            r.conflict.unwrap_or("").replace('|', "\\|")
        );
    }
    out
}
