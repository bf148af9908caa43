//! Reading what a command names: text files (or standard input), templates
//! and training history, into the values knead-app takes.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::Date;
use knead_app::season::{self, PlanSource, SeasonInput, TemplateChoice, TextFile};
use knead_formats::activity::{self, Import};
use knead_formats::template::{self, Template};
use miette::{IntoDiagnostic, WrapErr, miette};

use crate::cli::PlanOptions;
use knead_core::model::DistanceUnit;

/// A text file read whole, with the name to use in messages.
pub struct Text {
    /// The path as given (`<stdin>` for `-`).
    pub name: String,
    /// The content.
    pub text: String,
}

impl Text {
    /// The file as knead-app takes it.
    pub fn as_file(&self) -> TextFile<'_> {
        TextFile {
            name: &self.name,
            text: &self.text,
        }
    }
}

/// Reads a text file, or standard input for `-`, naming it in errors.
pub fn read_text(path: &Path) -> miette::Result<Text> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .into_diagnostic()
            .wrap_err("could not read standard input")?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path)
            .into_diagnostic()
            .wrap_err_with(|| format!("could not read {}", path.display()))?;
        (path.display().to_string(), bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        miette!(
            "{name}: not UTF-8 text (invalid byte at offset {}); expected a text file",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Text { name, text })
}

/// Refuses more than one `-` among `paths`: standard input can be read once.
pub fn one_stdin(paths: &[&Path]) -> miette::Result<()> {
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(crate::exit::usage(
            "`-` (standard input) is given more than once; it can be read only once",
        ));
    }
    Ok(())
}

/// Today in the time zone of the machine (the runner's, for the CLI).
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Loads a template by built-in name or file.
pub fn load_template(name: &str) -> miette::Result<Template> {
    template::load(name).map_err(miette::Report::new)
}

/// Everything read for a season: texts, template and history, kept alive while
/// knead-app borrows them.
pub struct Sources {
    plan: Option<Text>,
    template: Option<(Template, Date, DistanceUnit)>,
    calendars: Vec<Text>,
    history: Option<Import>,
    options: PlanOptions,
}

impl Sources {
    /// Reads the plan file (none: the built-in example, or the default athlete
    /// with a template), the calendars and the history.
    pub fn read(
        plan: Option<&Path>,
        template: Option<(&str, Date, DistanceUnit)>,
        options: &PlanOptions,
    ) -> miette::Result<Sources> {
        let mut stdin_users: Vec<&Path> = plan.into_iter().collect();
        stdin_users.extend(options.calendars.iter().map(PathBuf::as_path));
        one_stdin(&stdin_users)?;
        let plan = plan.map(read_text).transpose()?;
        let template = match template {
            Some((name, race, units)) => Some((load_template(name)?, race, units)),
            None => None,
        };
        let calendars = options
            .calendars
            .iter()
            .map(|p| read_text(p))
            .collect::<miette::Result<Vec<_>>>()?;
        let history = if options.history.is_empty() {
            None
        } else {
            Some(read_history(&options.history)?)
        };
        Ok(Sources {
            plan,
            template,
            calendars,
            history,
            options: options.clone(),
        })
    }

    /// Files of the history that could not be read (a finding: exit 1).
    pub fn unreadable_history(&self) -> usize {
        self.history.as_ref().map_or(0, |h| h.errors.len())
    }

    /// The season gathered from these sources.
    pub fn season(&self) -> miette::Result<season::Season> {
        let plan = match (&self.plan, &self.template) {
            (Some(t), _) => PlanSource::File(t.as_file()),
            (None, Some(_)) => PlanSource::DefaultAthlete,
            (None, None) => PlanSource::Example,
        };
        let budget = self
            .options
            .budget
            .map(season::cents)
            .transpose()
            .map_err(|e| crate::exit::usage(format!("--{e}")))?;
        let input = SeasonInput {
            plan,
            template: self
                .template
                .as_ref()
                .map(|(t, race, units)| TemplateChoice {
                    template: t,
                    race: *race,
                    units: *units,
                }),
            calendars: self.calendars.iter().map(Text::as_file).collect(),
            history: self.history.as_ref(),
            from: self.options.from,
            to: self.options.to,
            budget,
            today: today(),
            time_zone: None,
        };
        season::prepare(input).map_err(miette::Report::new)
    }
}

/// Imports activities, with a progress line on a terminal.
pub fn import_activities(paths: &[PathBuf]) -> Import {
    if !std::io::stderr().is_terminal() {
        return activity::import(paths, None);
    }
    // (last time drawn, whether anything was drawn)
    let last = Mutex::new((std::time::Instant::now(), false));
    let progress = |done: usize, total: usize| {
        let Ok(mut t) = last.lock() else { return };
        if done == total || t.0.elapsed().as_millis() > 100 {
            *t = (std::time::Instant::now(), true);
            let width = 30;
            let filled = (done * width).checked_div(total).unwrap_or(width);
            eprint!(
                "\r[{}{}] {done}/{total} files",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
            let _ = std::io::stderr().flush();
        }
    };
    let result = activity::import(paths, Some(&progress));
    if last.lock().is_ok_and(|t| t.1) {
        // Clear the bar: what follows starts on a clean line.
        eprint!("\r\x1b[K");
    }
    result
}

/// Reads training history; an error naming every file when none could be read.
fn read_history(paths: &[PathBuf]) -> miette::Result<Import> {
    let imported = import_activities(paths);
    if imported.activities.is_empty() {
        let why: Vec<String> = imported
            .errors
            .iter()
            .map(|(_, e)| format!("  {e}"))
            .collect();
        return Err(if why.is_empty() {
            miette!(
                "--history: no activity files found in {}",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            miette!("--history: no activity could be read:\n{}", why.join("\n"))
        });
    }
    Ok(imported)
}

/// The plan file of `activities` and `load` (`--plan`), with its warnings
/// printed.
pub fn plan_for_settings(path: Option<&Path>) -> miette::Result<Option<knead_core::model::Plan>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = read_text(path)?;
    let (plan, warnings) = season::read_plan(text.as_file()).map_err(miette::Report::new)?;
    for w in &warnings {
        eprintln!("{w}");
    }
    Ok(Some(plan))
}
