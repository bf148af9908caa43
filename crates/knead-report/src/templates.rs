//! The built-in published plans for the terminal.

use std::fmt::Write;

use knead_app::respond::TemplateListResponse;

/// One line per plan, and how to use one.
pub fn list(r: &TemplateListResponse) -> String {
    let mut out = format!("{:<22} {:<6} {:>5}  NAME\n", "ID", "UNITS", "WEEKS");
    for t in &r.templates {
        let _ = writeln!(
            out,
            "{:<22} {:<6} {:>5}  {}",
            t.id, t.units, t.weeks, t.name
        );
    }
    out.push_str("\nPlans from the calendar-hack project (MIT licence). Use: knead template ID --race YYYY-MM-DD\n");
    out
}
