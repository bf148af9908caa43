//! `knead template`: published plans laid out back from race day.

use std::fmt::Write;

use knead_core::model::Plan;
use knead_formats::{plan_file, template};
use miette::miette;

use crate::cli::{TemplateArgs, TemplateFormat};
use crate::input;
use crate::output;

/// Lists the built-in plans, or lays one out.
pub fn run(args: &TemplateArgs) -> miette::Result<()> {
    if args.name == "list" {
        let plans = template::builtin();
        let out = match args.format {
            TemplateFormat::Json => {
                let list: Vec<_> = plans
                    .iter()
                    .map(|t| serde_json::json!({"id": t.id, "name": t.name, "units": t.units.as_str(), "weeks": t.weeks, "type": t.race_type}))
                    .collect();
                serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
            }
            TemplateFormat::Toml => {
                let mut out = format!("{:<22} {:<6} {:>5}  NAME\n", "ID", "UNITS", "WEEKS");
                for t in &plans {
                    let _ = writeln!(
                        out,
                        "{:<22} {:<6} {:>5}  {}",
                        t.id,
                        t.units.as_str(),
                        t.weeks,
                        t.name
                    );
                }
                out.push_str("\nPlans from the calendar-hack project (MIT licence). Use: knead template ID --race YYYY-MM-DD\n");
                out
            }
        };
        return output::emit(args.out.as_deref(), &out);
    }
    let race = args.race.ok_or_else(|| {
        miette!(
            "--race DATE is needed to lay out `{}` (the plan ends on race day)",
            args.name
        )
    })?;
    let t = template::load(&args.name).map_err(miette::Report::new)?;
    let laid = template::schedule(&t, race, args.units.to_template());
    for w in &laid.warnings {
        eprintln!("warning: {w}");
    }
    let text = match args.format {
        TemplateFormat::Json => {
            let workouts: Vec<_> = laid
                .workouts
                .iter()
                .map(|w| {
                    serde_json::json!({
                        "date": w.date.to_string(),
                        "kind": w.kind.as_str(),
                        "title": w.title,
                        "distance_km": w.distance_km.map(|d| (d * 100.0).round() / 100.0),
                        "minutes": w.minutes,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "workouts": workouts }))
                .unwrap_or_default()
                + "\n"
        }
        TemplateFormat::Toml => {
            let plan = Plan {
                athlete: input::default_athlete(),
                races: laid.goal_race(&t).into_iter().collect(),
                workouts: laid.workouts,
                bookings: Vec::new(),
                units: args.units.to_distance_unit(),
            };
            format!(
                "# knead plan from {} ({}), race day {race}.\n# Edit the athlete section: budget, prices, tools, injuries, therapist days.\n{}",
                t.name,
                t.id,
                plan_file::to_toml(&plan)
            )
        }
    };
    output::emit(args.out.as_deref(), &text)
}
