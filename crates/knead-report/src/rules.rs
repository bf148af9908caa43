//! The rule catalogue for people: a listing by category, a one-line table,
//! each rule in full, or Markdown.

use std::fmt::Write;

use knead_core::rules::{Rule, Status};

fn status(r: &Rule) -> &'static str {
    match r.status {
        Status::Applied => "",
        Status::Disputed => " (DISPUTED)",
        Status::Myth => " (MYTH)",
    }
}

/// One line per rule: id, grade, sources, name, default.
pub fn table(rules: &[&Rule]) -> String {
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
pub fn listing(rules: &[&Rule]) -> String {
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

/// Each rule in full, with its evidence and references.
pub fn detail(rules: &[&Rule]) -> String {
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

/// A Markdown table of the rules.
pub fn markdown(rules: &[&Rule]) -> String {
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
