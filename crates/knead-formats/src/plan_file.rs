//! knead's plan file: a TOML description of the runner, their training, races
//! and booked massages, read into [`knead_core::model::Plan`].
//!
//! The format is documented field by field in `docs/plan-format.md`; the
//! built-in example ([`crate::example::MARATHON_TOML`]) is a complete file.
//!
//! Reading happens in two steps. Serde (through toml) checks the shape: TOML
//! syntax, field names (unknown fields are errors, so typos do not vanish),
//! value types, and the spelling of names, dates, amounts and distances; toml
//! reports where each error is. Then [`parse`] checks what needs more than one
//! value: periods that end before they start, the time zone, prices, heart
//! rates, double bookings, and that there is something to plan. A booking on a
//! day the therapist is closed is a warning, not an error: the runner may know
//! better (a different therapist, a changed holiday).

pub mod names;
mod raw;
mod write;

use std::ops::Range;

use knead_core::model::{
    Athlete, Availability, Booking, DateRange, HealthFlag, Injury, Physiology, Plan, Prices,
    Priority, Race, Workout,
};
use miette::{NamedSource, SourceSpan};

pub use names::Units;
pub use write::to_toml;

use raw::{Closed, RawPlan};

/// A plan read from a file, with the warnings found while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The plan. Workouts, races and bookings are sorted by date (stable, so
    /// several workouts on one day keep their file order).
    pub plan: Plan,
    /// Problems that do not stop knead, each as `file:line:column: warning: message`.
    pub warnings: Vec<String>,
}

/// Why a plan file could not be read: what was expected, and where.
///
/// `Display` gives `file:line:column: message`; as a [`miette::Diagnostic`] it
/// also carries the source text and a labelled span for a snippet.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct PlanError(Box<Details>);

/// The content of a [`PlanError`], boxed to keep `Result`s small.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{file}:{line}:{column}: {message}")]
#[diagnostic(code(knead::plan_file))]
struct Details {
    message: String,
    file: String,
    line: usize,
    column: usize,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
}

impl PlanError {
    /// What went wrong and what was expected, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The file name given to [`parse`].
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// The 1-based line of the start of the offending text.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// The 1-based column (in characters) of the start of the offending text.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The byte range of the offending text in the source.
    pub fn span(&self) -> Range<usize> {
        let start = self.0.span.offset();
        start..start + self.0.span.len()
    }
}

/// Reads a plan file. `path_for_messages` names the file in errors and warnings;
/// `text` is its content.
///
/// # Errors
/// A [`PlanError`] for a TOML syntax error, an unknown or missing field, a value
/// of the wrong type or spelling, or a failed check (see the module docs).
pub fn parse(path_for_messages: &str, text: &str) -> Result<Parsed, PlanError> {
    let src = Source {
        file: path_for_messages,
        text,
    };
    let raw: RawPlan = toml::from_str(text).map_err(|e| src.toml_error(&e))?;
    build(&src, raw)
}

/// The file being read, for positions and messages.
struct Source<'a> {
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    /// Clamps a span to the text and to character boundaries.
    fn clamp(&self, span: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let mut start = span.start.min(len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, len);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    fn error(
        &self,
        span: Range<usize>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> PlanError {
        let span = self.clamp(span);
        let (line, column) = self.position(span.start);
        PlanError(Box::new(Details {
            message,
            file: self.file.to_string(),
            line,
            column,
            source_code: NamedSource::new(self.file, self.text.to_string()),
            span: (span.start, span.end - span.start).into(),
            label: label.to_string(),
            help,
        }))
    }

    fn warning(&self, span: Range<usize>, message: &str) -> String {
        let span = self.clamp(span);
        let (line, column) = self.position(span.start);
        format!("{}:{line}:{column}: warning: {message}", self.file)
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        self.position(self.clamp(span.clone()).start).0
    }

    /// Turns a toml error (syntax, shape, type or a value's own check) into a [`PlanError`].
    fn toml_error(&self, e: &toml::de::Error) -> PlanError {
        let span = e.span().unwrap_or(0..0);
        let mut message = tidy_serde_message(e.message());
        // toml only shows the key path when it has no source to point into.
        let mut bare = e.clone();
        bare.set_input(None);
        let keys = bare.to_string().lines().find_map(|l| {
            l.strip_prefix("in `")
                .and_then(|r| r.strip_suffix('`'))
                .map(str::to_string)
        });
        if let Some(keys) = keys {
            message = format!("{message} (in `{keys}`)");
        }
        self.error(span, message, "here", None)
    }
}

/// Rewords serde's data-model terms in TOML's.
fn tidy_serde_message(message: &str) -> String {
    message
        .trim_end()
        .replace("expected a sequence", "expected an array")
        .replace("invalid type: sequence", "invalid type: array")
        .replace("invalid type: map", "invalid type: table")
        .replace("expected a map", "expected a table")
}

/// "`until` 2026-01-01 is before `since` 2026-02-01".
fn before_message(
    end_name: &str,
    end: jiff::civil::Date,
    start_name: &str,
    start: jiff::civil::Date,
) -> String {
    format!("`{end_name}` {end} is before `{start_name}` {start}")
}

/// The second step: checks across values, then the model.
fn build(src: &Source<'_>, raw: RawPlan) -> Result<Parsed, PlanError> {
    let mut warnings = Vec::new();
    let units = raw.units.map(|u| u.0).unwrap_or_default();
    let a = raw.athlete;

    let tz_name = a.time_zone.get_ref();
    if jiff::tz::TimeZone::get(tz_name).is_err() {
        return Err(src.error(
            a.time_zone.span(),
            format!("unknown time zone `{tz_name}`: expected an IANA name such as Europe/London"),
            "unknown time zone",
            None,
        ));
    }

    let currency = a.currency.get_ref().trim();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(src.error(
            a.currency.span(),
            format!("currency `{currency}` is not an ISO 4217 code: expected three letters such as EUR, GBP or USD"),
            "not a currency code",
            None,
        ));
    }

    for (name, price) in [
        ("deep", &a.prices.deep),
        ("art", &a.prices.art),
        ("swedish", &a.prices.swedish),
    ] {
        if price.get_ref().0 == 0 {
            return Err(src.error(
                price.span(),
                format!("the price of one `{name}` session must be more than 0"),
                "zero price",
                None,
            ));
        }
    }

    let defaults = Physiology::default();
    let resting_hr = a
        .resting_hr
        .as_ref()
        .map_or(defaults.resting_hr, |r| r.get_ref().0);
    let max_hr = a.max_hr.as_ref().map_or(defaults.max_hr, |r| r.get_ref().0);
    if resting_hr >= max_hr {
        let span = a
            .max_hr
            .as_ref()
            .or(a.resting_hr.as_ref())
            .map_or(0..0, |s| s.span());
        return Err(src.error(
            span,
            format!("`max_hr` {max_hr} must be above `resting_hr` {resting_hr}"),
            "not above the resting heart rate",
            None,
        ));
    }

    let mut injuries = Vec::with_capacity(a.injuries.len());
    for i in a.injuries {
        let since = i.since.get_ref().0;
        let until = i.until.map(|u| (u.span(), u.into_inner().0));
        if let Some((span, u)) = until.as_ref().filter(|(_, u)| *u < since) {
            return Err(src.error(
                span.clone(),
                before_message("until", *u, "since", since),
                "ends before it starts",
                None,
            ));
        }
        injuries.push(Injury {
            area: i.area.0,
            since,
            until: until.map(|(_, u)| u),
        });
    }

    let mut health = Vec::with_capacity(a.health.len());
    for h in a.health {
        let from = h.from.get_ref().0;
        let until = h.until.map(|u| (u.span(), u.into_inner().0));
        if let Some((span, u)) = until.as_ref().filter(|(_, u)| *u < from) {
            return Err(src.error(
                span.clone(),
                before_message("until", *u, "from", from),
                "ends before it starts",
                None,
            ));
        }
        let local = matches!(
            knead_core::safety::rule_for(h.condition.0).1,
            knead_core::safety::Action::AvoidArea
        );
        if local && h.area.is_none() {
            return Err(src.error(
                h.from.span(),
                format!(
                    "health flag `{}` needs an `area`: massage is kept off that area (e.g. area = \"calf\")",
                    knead_core::safety::describe(h.condition.0)
                ),
                "no area given for this flag",
                None,
            ));
        }
        health.push(HealthFlag {
            condition: h.condition.0,
            // Only local conditions concern one area; a fever is everywhere.
            area: h.area.map(|x| x.0).filter(|_| local),
            from,
            until: until.map(|(_, u)| u),
        });
    }

    let mut therapist = Availability::default();
    if let Some(t) = a.therapist {
        if let Some(days) = t.weekdays {
            let span = days.span();
            let days = days.into_inner();
            therapist.weekdays = [false; 7];
            for d in &days {
                therapist.weekdays[d.0.0] = true;
            }
            if days.is_empty() {
                warnings.push(src.warning(
                    span,
                    "`weekdays` is empty: the therapist is never open, so no professional massage can be planned",
                ));
            }
        }
        for c in t.closed {
            let range = match c.into_inner() {
                Closed::Day(d) => DateRange { from: d, to: d },
                Closed::Range { from, to } => {
                    let (f, t) = (from.get_ref().0, to.get_ref().0);
                    if t < f {
                        return Err(src.error(
                            to.span(),
                            before_message("to", t, "from", f),
                            "ends before it starts",
                            None,
                        ));
                    }
                    DateRange { from: f, to: t }
                }
            };
            therapist.closed.push(range);
        }
    }

    let workouts: Vec<Workout> = raw
        .workouts
        .into_iter()
        .map(|w| Workout {
            date: w.date.into_inner().0,
            kind: w.kind.0,
            minutes: w.minutes.map(|m| m.0),
            distance_km: w.distance.map(|d| d.0.km(units)),
            title: w.title,
            notes: w.notes,
            source: None,
        })
        .collect();

    let races: Vec<Race> = raw
        .races
        .into_iter()
        .map(|r| Race {
            date: r.date.into_inner().0,
            name: r.name,
            distance_km: r.distance.0.km(units),
            priority: r.priority.map_or(Priority::A, |p| p.0),
        })
        .collect();

    let mut bookings: Vec<Booking> = Vec::with_capacity(raw.bookings.len());
    let mut booked: Vec<(jiff::civil::Date, Range<usize>)> = Vec::new();
    for b in raw.bookings {
        let span = b.date.span();
        let date = b.date.into_inner().0;
        if let Some((_, first)) = booked.iter().find(|(d, _)| *d == date) {
            return Err(src.error(
                span,
                format!(
                    "a massage is already booked on {date} (line {}): knead plans at most one massage a day",
                    src.line_of(first)
                ),
                "second booking on this day",
                None,
            ));
        }
        if !therapist.open_on(date) {
            warnings.push(src.warning(
                span.clone(),
                &format!(
                    "the booking on {date} ({}) falls on a day the therapist is closed",
                    date.weekday_name()
                ),
            ));
        }
        booked.push((date, span));
        bookings.push(Booking {
            date,
            kind: b.kind.0,
            source: None,
        });
    }

    if workouts.is_empty() && races.is_empty() {
        return Err(src.error(
            0..0,
            "nothing to plan: the file has no workouts and no races".to_string(),
            "nothing to plan",
            Some("add at least one [[workouts]] or [[races]] entry".to_string()),
        ));
    }

    let mut plan = Plan {
        athlete: Athlete {
            name: a.name,
            time_zone: tz_name.clone(),
            currency: currency.to_ascii_uppercase(),
            monthly_budget: a.monthly_budget.0,
            prices: Prices {
                deep: a.prices.deep.get_ref().0,
                art: a.prices.art.get_ref().0,
                swedish: a.prices.swedish.get_ref().0,
            },
            tools: a.tools.into_iter().fold(Vec::new(), |mut v, t| {
                if !v.contains(&t.0) {
                    v.push(t.0);
                }
                v
            }),
            regular_massage: a.regular_massage,
            injuries,
            therapist,
            health,
            physiology: Physiology {
                sex: a.sex.map_or(defaults.sex, |s| s.0),
                resting_hr,
                max_hr,
            },
        },
        workouts,
        races,
        bookings,
        units: match units {
            Units::Km => knead_core::model::DistanceUnit::Km,
            Units::Mi => knead_core::model::DistanceUnit::Mi,
        },
    };
    plan.workouts.sort_by_key(|w| w.date);
    plan.races.sort_by_key(|r| r.date);
    plan.bookings.sort_by_key(|b| b.date);
    Ok(Parsed { plan, warnings })
}

/// English weekday names for messages.
trait WeekdayName {
    fn weekday_name(&self) -> &'static str;
}

impl WeekdayName for jiff::civil::Date {
    fn weekday_name(&self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.weekday().to_monday_zero_offset() as usize]
    }
}
