//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use knead_core::model::DistanceUnit;

/// knead: massage and recovery planning for runners.
///
/// knead reads your training plan, races, budget, niggles and the tools you
/// own, and schedules professional massages (deep tissue, Active Release,
/// Swedish), self-massage and aftercare around your training, explaining every
/// choice by rule id and the strength of the evidence behind it.
///
/// Start with `knead plan` (a built-in 18-week marathon example), then write
/// your own plan file (`knead example > plan.toml`, docs/plan-format.md).
#[derive(Debug, Parser)]
#[command(name = "knead", version, about, long_about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Schedule massages, self-massage and aftercare for a plan (the built-in
    /// example when no file is given).
    Plan(PlanArgs),
    /// List every rule broken by the massages already booked in a plan; exit
    /// status 1 when anything is broken.
    Check(CheckArgs),
    /// Show the rule catalogue: every rule with its default, sources, recorded
    /// conflicts and evidence grade.
    Rules(RulesArgs),
    /// Explain why a day holds what it holds, and why nothing else went there.
    Explain(ExplainArgs),
    /// Print the built-in example plan file (a starting point for your own).
    Example,
    /// Published training plans (calendar-hack format): list them, or lay one
    /// out back from a race day as a knead plan.
    Template(TemplateArgs),
    /// Read recorded activities (FIT, GPX, TCX, .gz copies, folders, a Strava
    /// export) and list them.
    Activities(ActivitiesArgs),
    /// Daily training load (TRIMP) with fitness (CTL), fatigue (ATL) and form
    /// (TSB) from recorded activities.
    Load(LoadArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `knead man > knead.1`.
    Man,
    /// Run knead on the web: seasons for runners, calendar feeds and the JSON
    /// API (`--demo` for a ready-made demo runner).
    Serve(ServeArgs),
}

/// Arguments of `knead serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
    pub listen: std::net::SocketAddr,
    /// The database: `postgres://user@host/db`, `sqlite:path` or a file path.
    /// Default: knead.db in your data folder (e.g. ~/.local/share/knead/).
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Make a demo runner with the built-in example season (kept if there),
    /// and print its sign-in and private feed address.
    #[arg(long)]
    pub demo: bool,
    /// The address people reach the server at (for feed links), e.g.
    /// https://knead.example.org; https also marks cookies Secure.
    // The text is also `--help`'s, where a bare address reads best.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Mark cookies Secure (behind a TLS proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Behind a reverse proxy: read the client's address from
    /// X-Forwarded-For (for the sign-in limits per address).
    #[arg(long)]
    pub trust_proxy: bool,
}

/// Arguments of `knead completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the plan comes from, and what to add to it.
#[derive(Debug, Args)]
pub struct PlanSource {
    /// The plan file (TOML), `-` for standard input; omit it to use the
    /// built-in example.
    pub file: Option<PathBuf>,
    /// A published plan (built-in name or file) laid out back from --race.
    #[arg(long, value_name = "NAME_OR_FILE", requires = "race")]
    pub template: Option<String>,
    /// Race day for --template (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub race: Option<Date>,
    /// Units for --template titles: km or mi.
    #[arg(long, value_parser = units(), default_value = "km")]
    pub units: DistanceUnit,
    /// Calendars, history, window and budget.
    #[command(flatten)]
    pub options: PlanOptions,
}

/// What to add to a plan, and the window and budget to plan it with (shared by
/// `plan`, `check` and `explain`).
#[derive(Debug, Clone, Args)]
pub struct PlanOptions {
    /// Import workouts and booked massages from a calendar (.ics, `-` for
    /// standard input); repeat for several.
    #[arg(long = "calendar", value_name = "ICS")]
    pub calendars: Vec<PathBuf>,
    /// Recorded activities (a file, a folder, a Strava export) whose load marks
    /// hard days and low form; repeat for several (`--history a --history b`).
    #[arg(long = "history", value_name = "PATH")]
    pub history: Vec<PathBuf>,
    /// First day to plan (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<Date>,
    /// Last day to plan (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<Date>,
    /// Monthly budget to use instead of the plan's, in its currency.
    #[arg(long, value_name = "AMOUNT")]
    pub budget: Option<f64>,
}

/// Arguments of `knead plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The plan and what to add to it.
    #[command(flatten)]
    pub source: PlanSource,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Write to this file instead of standard output (`-`): a regular file is
    /// replaced atomically with its permissions kept, a symlink's target is
    /// written, a FIFO or device is written directly.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output formats of `knead plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A week-by-week table for the terminal.
    Text,
    /// JSON with stable field names (docs/json.md).
    Json,
    /// An iCalendar file to import or subscribe to.
    Ics,
    /// Markdown tables.
    Markdown,
}

/// Arguments of `knead check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The plan file whose bookings to check (`-` for standard input).
    pub file: PathBuf,
    /// Calendars, history, window and budget.
    #[command(flatten)]
    pub options: PlanOptions,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// How `knead check` writes its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Lines for the terminal.
    Text,
    /// JSON with stable field names (docs/json.md).
    Json,
    /// Markdown: a table of broken rules, warnings and advice.
    Markdown,
}

/// Text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Lines for the terminal.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `knead rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only rules of this evidence grade (A, B, C or D; D lists the contradicted claims).
    #[arg(long, value_name = "GRADE")]
    pub grade: Option<String>,
    /// Show one rule in full.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Only the claims the evidence contradicts or disputes, explained as myths.
    #[arg(long)]
    pub myths: bool,
    /// One line per rule (id, grade, sources, name, default).
    #[arg(long)]
    pub short: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

/// Output formats of `knead rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table for the terminal.
    Text,
    /// JSON with every field.
    Json,
    /// Markdown.
    Markdown,
}

/// Arguments of `knead explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The plan file (`-` for standard input).
    pub file: PathBuf,
    /// The day to explain (YYYY-MM-DD).
    #[arg(value_name = "DATE")]
    pub date: Date,
    /// Calendars, history, window and budget.
    #[command(flatten)]
    pub options: PlanOptions,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Arguments of `knead template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// `list`, or a built-in plan name (see `knead template list`) or a plan file.
    pub name: String,
    /// Race day (YYYY-MM-DD): the plan's last day.
    #[arg(long, value_name = "DATE")]
    pub race: Option<Date>,
    /// Units for titles: km or mi.
    #[arg(long, value_parser = units(), default_value = "km")]
    pub units: DistanceUnit,
    /// Output format: a knead plan file (TOML) or JSON workouts.
    #[arg(long, short, value_enum, default_value_t = TemplateFormat::Toml)]
    pub format: TemplateFormat,
    /// Write to this file instead of standard output (`-`); see `knead plan --help`.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The parser of `--units`: the core's own distance units by their names.
fn units() -> impl clap::builder::TypedValueParser<Value = DistanceUnit> {
    clap::builder::PossibleValuesParser::new([DistanceUnit::Km.as_str(), DistanceUnit::Mi.as_str()])
        .map(|s| {
            if s == DistanceUnit::Mi.as_str() {
                DistanceUnit::Mi
            } else {
                DistanceUnit::Km
            }
        })
}

/// Output formats of `knead template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// A knead plan file.
    Toml,
    /// JSON (`knead-template/1`, docs/json.md).
    Json,
}

/// Arguments of `knead activities`.
#[derive(Debug, Args)]
pub struct ActivitiesArgs {
    /// Files, folders or a Strava export (.zip or unpacked).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Plan file whose athlete section gives heart-rate settings for TRIMP.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Write to this file instead of standard output (`-`); see `knead plan --help`.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output formats of `knead activities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for the terminal.
    Table,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

/// Arguments of `knead load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Files, folders or a Strava export (.zip or unpacked).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = LoadFormat::Text)]
    pub format: LoadFormat,
    /// Plan file: heart-rate settings, time zone, and races and massages to mark on the chart.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Use GoldenCheetah's exponential weighting (1 - e^(-1/N)) instead of TrainingPeaks' 1/N.
    #[arg(long)]
    pub exponential: bool,
    /// Days of the fitness (CTL) average.
    #[arg(long, default_value_t = 42.0)]
    pub ctl_days: f64,
    /// Days of the fatigue (ATL) average.
    #[arg(long, default_value_t = 7.0)]
    pub atl_days: f64,
    /// Write to this file instead of standard output (`-`); see `knead plan --help`.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Output formats of `knead load`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LoadFormat {
    /// A table for the terminal.
    Text,
    /// CSV.
    Csv,
    /// JSON (`knead-load/1`, docs/json.md).
    Json,
    /// An SVG chart a browser opens.
    Svg,
}
