//! Calendars in: iCalendar (RFC 5545) files from Google, Apple, Outlook,
//! TrainingPeaks, intervals.icu and knead itself, read into workouts and massage
//! bookings.
//!
//! Parsing, time-zone resolution (VTIMEZONE, IANA and Windows zone names) and
//! recurrence expansion (RRULE, RDATE, EXDATE, RECURRENCE-ID) are done by the
//! `calcard` crate; this module decides what each occurrence means for a runner.
//!
//! Rules, in order, for each occurrence that falls inside the window:
//! - cancelled events (`STATUS:CANCELLED`) are ignored;
//! - events whose UID ends with `@knead` are knead's own export: massages
//!   (UID starting `massage-`) become bookings (type from CATEGORIES `deep`,
//!   `art` or `swedish`, else from the SUMMARY, else deep), anything else is
//!   counted in [`CalendarImport::own_events`];
//! - a SUMMARY naming a professional massage becomes a [`Booking`];
//! - a SUMMARY the classifier recognises, or that looks like a run or workout,
//!   becomes a [`Workout`];
//! - everything else is counted in [`CalendarImport::ignored`].

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::dates::{CalendarErrorType, CalendarEvent, TimeOrDelta};
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameterName,
    ICalendarParameterValue, ICalendarProperty, ICalendarRecurrenceRule, ICalendarStatus,
    ICalendarValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, Datelike};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use knead_core::model::{Booking, MassageType, Workout, WorkoutKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;

mod rrule;

/// Most occurrences expanded for one recurring event (a daily event for 130 years).
const MAX_OCCURRENCES_PER_EVENT: usize = 50_000;
/// Most occurrences expanded for a whole file, so a hostile file stays cheap.
const MAX_OCCURRENCES_PER_FILE: usize = 1_000_000;
/// Most recurring events per file whose rules may search far for a match
/// (see [`rrule::is_dense`]); each costs up to about 15 ms.
const MAX_COSTLY_RULES_PER_FILE: usize = 8;
/// Most warnings kept; the rest are summed up in one last warning.
const MAX_WARNINGS: usize = 100;
/// One expanded occurrence, as calcard gives it.
type Occurrence = CalendarEvent<DateTime<Tz>, TimeOrDelta<DateTime<Tz>, chrono::TimeDelta>>;

/// Timed events at least this long (in seconds) give no workout duration.
const MAX_WORKOUT_SECONDS: i64 = 12 * 3600;

/// What a calendar file held for knead.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CalendarImport {
    /// Training sessions, sorted by date; unique by (date, title).
    pub workouts: Vec<Workout>,
    /// Professional massages, sorted by date; unique by (date, kind).
    pub bookings: Vec<Booking>,
    /// Occurrences inside the window that are neither training nor massage
    /// (birthdays, meetings, cancelled events).
    pub ignored: usize,
    /// Occurrences inside the window that knead itself exported (self-massage,
    /// aftercare, warnings); they are not read back.
    pub own_events: usize,
    /// What could not be read and was skipped or guessed, each naming the file
    /// (and the line of the event where known).
    pub warnings: Vec<String>,
    /// Events (VEVENT blocks) that could not be read at all: cut off, refused
    /// by the parser, or without a valid DTSTART. Each is also named, with its
    /// line where known, in [`CalendarImport::warnings`].
    pub unread_events: usize,
    /// Recurring events not expanded in full: more occurrences than the limit
    /// per event, or too many rules per file that may search far for a
    /// match. Each is named in [`CalendarImport::warnings`].
    pub rules_cut_off: usize,
    /// Set when the file is damaged: a VEVENT or VCALENDAR is never ended, as
    /// when a download is cut off. What followed the damage is lost, so any
    /// answer drawn from this import rests on a damaged file. `None` for a
    /// whole file.
    pub damaged: Option<Damage>,
}

/// Where a calendar file is damaged (see [`CalendarImport::damaged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damage {
    /// The 1-based line where the damage starts: the `BEGIN:VEVENT` (or
    /// `BEGIN:VCALENDAR`) whose `END` is missing.
    pub line: usize,
    /// Events begun in the file but never ended, so not read. Events in a part
    /// of the file that was lost altogether cannot be counted.
    pub unread_events: usize,
}

/// A file that could not be read as a calendar at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum IcsError {
    /// The file has no `BEGIN:VCALENDAR` line.
    #[error("{file}:{line}: not an iCalendar file: expected a `BEGIN:VCALENDAR` line")]
    #[diagnostic(
        code(knead::ics::not_icalendar),
        help("export the calendar as an .ics file (iCalendar, RFC 5545)")
    )]
    NotICalendar {
        /// The file name as given to [`import`].
        file: String,
        /// The line where `BEGIN:VCALENDAR` was expected.
        line: usize,
    },
}

/// Reads the iCalendar text `text` of file `name` and keeps what falls in
/// `window` (both days inclusive), placing timed events on their date in `tz`.
///
/// `classify` reads an event title and returns the workout kind, distance (km),
/// duration (minutes) and whether the title was recognised; pass knead's title
/// classifier. A timed event shorter than 12 hours gives the workout its
/// duration; otherwise the duration stated in the title is kept.
///
/// Floating times, all-day events and time zones that cannot be resolved are
/// read in `tz` (the last with a warning). Recurrences are expanded over the
/// window, with at most 50,000 occurrences per event and 1,000,000 per file;
/// rules that can never match give nothing, and at most 8 rules per file that
/// may seldom match are expanded (see [`CalendarImport::rules_cut_off`]).
/// Broken events are skipped with a warning and counted in
/// [`CalendarImport::unread_events`]; a file cut short is read as far as it
/// goes and marked in [`CalendarImport::damaged`]. Only a text without
/// `BEGIN:VCALENDAR` is an error.
pub fn import(
    name: &str,
    text: &str,
    window: (Date, Date),
    tz: &TimeZone,
    classify: impl Fn(&str) -> (WorkoutKind, Option<f64>, Option<f64>, bool),
) -> Result<CalendarImport, IcsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.lines().any(|l| is_line(l, "BEGIN:VCALENDAR")) {
        return Err(IcsError::NotICalendar {
            file: name.to_string(),
            line: 1,
        });
    }
    let structure = scan_structure(text);

    let mut state = Importer {
        name,
        window,
        tz,
        out: CalendarImport::default(),
        dropped_warnings: 0,
        budget: MAX_OCCURRENCES_PER_FILE,
        budget_warned: false,
        costly_rules: 0,
        seen_bookings: HashSet::new(),
        seen_workouts: HashSet::new(),
        titles: HashMap::new(),
        warned_zones: HashSet::new(),
    };
    state.report_damage(&structure);

    // Parse every calendar in the file (some exports concatenate several).
    let mut events: Vec<Read> = Vec::new();
    let mut event_index = 0usize;
    let mut calendars = Vec::new();
    let mut parser = Parser::new(text);
    loop {
        match parser.entry() {
            Entry::ICalendar(cal) => calendars.push(cal),
            Entry::Eof => break,
            Entry::InvalidLine(line) => state.warn(
                None,
                format!("skipped a line that is not iCalendar: {}", clip(&line)),
            ),
            Entry::UnexpectedComponentEnd { expected, found } => state.warn(
                None,
                format!(
                    "expected END:{} but found END:{}",
                    expected.as_str(),
                    found.as_str()
                ),
            ),
            Entry::UnterminatedComponent(what) => {
                state.warn(None, format!("BEGIN:{what} has no matching END"))
            }
            Entry::TooManyComponents => {
                state.warn(
                    None,
                    "too many components; the rest of the file is skipped".into(),
                );
                break;
            }
            Entry::VCard(_) => state.warn(None, "skipped a vCard (contact), not a calendar".into()),
            _ => state.warn(
                None,
                "skipped something that is not an iCalendar component".into(),
            ),
        }
    }
    let total_events: usize = calendars
        .iter()
        .map(|c| {
            c.components
                .iter()
                .filter(|x| x.component_type == ICalendarComponentType::VEvent)
                .count()
        })
        .sum();
    let lines_known = total_events == structure.events.len();
    if total_events < structure.events.len() {
        let lost = structure.events.len() - total_events;
        state.out.unread_events += lost;
        state.warn(
            None,
            format!("{lost} event(s) could not be parsed; they are not read"),
        );
    }
    for cal in &calendars {
        let resolver = cal.build_tz_resolver();
        for comp in &cal.components {
            if comp.component_type != ICalendarComponentType::VEvent {
                continue;
            }
            let block = if lines_known {
                structure.events.get(event_index).copied()
            } else {
                None
            };
            event_index += 1;
            if block.is_some_and(|b| !b.ended) {
                // Cut off: counted and named by `report_damage`.
                continue;
            }
            let line = block.map(|b| b.line);
            let mut comp = ICalendarComponent {
                component_type: ICalendarComponentType::VEvent,
                entries: comp.entries.clone(),
                component_ids: Vec::new(),
            };
            // Described before `normalise` bounds the rule to the window.
            let series = series_of(&comp);
            state.normalise(&mut comp, line, |zone| resolver.resolve(zone));
            events.push(Read { comp, line, series });
        }
    }

    // Group by UID so recurrence overrides meet their master event.
    let mut groups: BTreeMap<String, Vec<Read>> = BTreeMap::new();
    for (n, read) in events.into_iter().enumerate() {
        let comp = &read.comp;
        let key = match comp.uid() {
            Some(uid) => format!("u:{uid}"),
            None => format!("n:{n:09}"),
        };
        groups.entry(key).or_default().push(read);
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_by_key(|g| g.iter().filter_map(|r| r.line).min());
    for group in groups {
        state.expand_group(group, &classify);
    }

    if state.out.unread_events > 0 {
        // Always shown, even past the warning limit.
        let n = state.out.unread_events;
        state
            .out
            .warnings
            .push(format!("{name}: {n} event(s) could not be read"));
    }
    let mut out = state.out;
    if state.dropped_warnings > 0 {
        out.warnings.push(format!(
            "{name}: {} more warnings not shown",
            state.dropped_warnings
        ));
    }
    out.bookings.sort_by_key(|b| (b.date, b.kind));
    out.workouts.sort_by_key(|w| w.date);
    Ok(out)
}

/// Whether a line is `what` (a BEGIN or END line), ignoring case, spaces and a BOM.
fn is_line(line: &str, what: &str) -> bool {
    line.trim()
        .trim_start_matches('\u{feff}')
        .eq_ignore_ascii_case(what)
}

/// One `BEGIN:VEVENT` block of the file.
#[derive(Debug, Clone, Copy)]
struct EventBlock {
    /// The 1-based line of `BEGIN:VEVENT`.
    line: usize,
    /// Whether its `END:VEVENT` came before the next event, the end of the
    /// calendar or the end of the file.
    ended: bool,
}

/// A component begun but never ended.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Unended {
    /// `VEVENT` or `VCALENDAR`.
    what: &'static str,
    /// The 1-based line of its BEGIN.
    line: usize,
    /// The line that began something else before its END; `None` when the
    /// file ended first.
    cut_by: Option<usize>,
}

/// The VEVENT and VCALENDAR blocks of a file, read line by line (BEGIN and END
/// lines are never folded), so cut-off and broken blocks can be named.
#[derive(Debug, Default)]
struct Structure {
    events: Vec<EventBlock>,
    unended: Vec<Unended>,
}

/// Finds every VEVENT and the VEVENTs and VCALENDARs that are never ended.
fn scan_structure(text: &str) -> Structure {
    let mut out = Structure::default();
    let mut open_event: Option<usize> = None;
    let mut open_calendar: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if is_line(line, "BEGIN:VEVENT") {
            out.close_event(&mut open_event, Some(line_no), false);
            out.events.push(EventBlock {
                line: line_no,
                ended: false,
            });
            open_event = Some(out.events.len() - 1);
        } else if is_line(line, "END:VEVENT") {
            out.close_event(&mut open_event, None, true);
        } else if is_line(line, "BEGIN:VCALENDAR") {
            out.close_event(&mut open_event, Some(line_no), false);
            if let Some(begun) = open_calendar.replace(line_no) {
                out.unended.push(Unended {
                    what: "VCALENDAR",
                    line: begun,
                    cut_by: Some(line_no),
                });
            }
        } else if is_line(line, "END:VCALENDAR") {
            out.close_event(&mut open_event, Some(line_no), false);
            open_calendar = None;
        }
    }
    out.close_event(&mut open_event, None, false);
    if let Some(begun) = open_calendar {
        out.unended.push(Unended {
            what: "VCALENDAR",
            line: begun,
            cut_by: None,
        });
    }
    // Events first: the damage starts at the first event that is cut off.
    out.unended.sort_by_key(|u| (u.what == "VCALENDAR", u.line));
    out
}

impl Structure {
    /// Closes the open event, if any: ended by its END line, or cut by line
    /// `cut_by` (or by the end of the file when `None`).
    fn close_event(&mut self, open: &mut Option<usize>, cut_by: Option<usize>, ended: bool) {
        let Some(index) = open.take() else {
            return;
        };
        let Some(block) = self.events.get_mut(index) else {
            return;
        };
        block.ended = ended;
        if !ended {
            self.unended.push(Unended {
                what: "VEVENT",
                line: block.line,
                cut_by,
            });
        }
    }
}

/// Recurrences starting before this year are not expanded (no plan reaches
/// back before 1900, and walking such a rule to today costs a period each).
const EARLIEST_RECURRENCE_YEAR: u16 = 1900;

/// Shortens a line for a warning, escaping what is not printable.
fn clip(line: &str) -> String {
    crate::quote::printable(line.trim(), 60)
}

/// What each occurrence of one component is for knead.
struct Meaning {
    /// DTSTART is a DATE: the occurrence keeps its written date.
    all_day: bool,
    /// The SUMMARY, trimmed.
    title: String,
    uid: Option<String>,
    /// The recurring event's rule, described (see [`series_of`]).
    series: Option<String>,
    what: What,
}

/// One VEVENT as read: the component, the line of its BEGIN, and its
/// recurrence described before the rule was bounded to the window.
struct Read {
    comp: ICalendarComponent,
    line: Option<usize>,
    series: Option<String>,
}

/// How an occurrence is filed.
enum What {
    /// Cancelled, or neither training nor massage.
    Ignored,
    /// knead's own export, not a massage.
    Own,
    /// A professional massage.
    Booking(MassageType),
    /// A training session.
    Workout {
        kind: WorkoutKind,
        km: Option<f64>,
        title_minutes: Option<f64>,
        /// The title's index in `Importer::titles`.
        title_id: usize,
        /// Has DTEND or DURATION (so the occurrence's length is meant).
        has_end: bool,
        notes: Option<String>,
    },
}

/// The running state of one import.
struct Importer<'a> {
    name: &'a str,
    window: (Date, Date),
    tz: &'a TimeZone,
    out: CalendarImport,
    dropped_warnings: usize,
    budget: usize,
    budget_warned: bool,
    costly_rules: usize,
    seen_bookings: HashSet<(Date, MassageType)>,
    /// Workouts filed, by date and title (its index in `titles`).
    seen_workouts: HashSet<(Date, usize)>,
    /// Every workout title met, numbered in order.
    titles: HashMap<String, usize>,
    warned_zones: HashSet<String>,
}

impl Importer<'_> {
    /// Names every VEVENT and VCALENDAR that is never ended, counts the
    /// events lost with them and marks the import damaged.
    fn report_damage(&mut self, structure: &Structure) {
        let Some(first) = structure.unended.first() else {
            return;
        };
        let cut_events = structure.events.iter().filter(|b| !b.ended).count();
        for u in &structure.unended {
            let why = match u.cut_by {
                None => "the file seems cut short".to_string(),
                Some(l) => format!("line {l} begins another component first"),
            };
            self.warn(
                Some(u.line),
                format!("{0} begun here has no END:{0}; {why}", u.what),
            );
        }
        self.out.unread_events += cut_events;
        self.out.damaged = Some(Damage {
            line: first.line,
            unread_events: cut_events,
        });
    }

    fn warn(&mut self, line: Option<usize>, message: String) {
        if self.out.warnings.len() >= MAX_WARNINGS {
            self.dropped_warnings += 1;
            return;
        }
        let at = match line {
            Some(l) => format!("{}:{l}", self.name),
            None => self.name.to_string(),
        };
        self.out.warnings.push(format!("{at}: {message}"));
    }

    /// Rewrites every TZID to a name calcard resolves without the VTIMEZONE
    /// (or drops it, making the time floating, i.e. the plan's zone), and drops
    /// RRULEs that did not parse.
    fn normalise(
        &mut self,
        comp: &mut ICalendarComponent,
        line: Option<usize>,
        resolve: impl Fn(&str) -> Option<Tz>,
    ) {
        let mut bad_rrule = false;
        comp.entries.retain(|e| {
            let keep = e.name != ICalendarProperty::Rrule
                || matches!(e.values.first(), Some(ICalendarValue::RecurrenceRule(_)));
            bad_rrule |= !keep;
            keep
        });
        if bad_rrule {
            let title = summary(comp);
            self.warn(
                line,
                format!(
                    "event \"{title}\" has an RRULE that cannot be read; read once, on its DTSTART"
                ),
            );
        }
        self.bound_rrules(comp, line);
        for entry in &mut comp.entries {
            let mut unknown = None;
            entry.params.retain_mut(|p| {
                if p.name != ICalendarParameterName::Tzid {
                    return true;
                }
                let Some(zone) = p.value.as_text().map(str::to_string) else {
                    return false;
                };
                match resolve(&zone)
                    .or_else(|| guess_zone(&zone))
                    .and_then(|t| t.name())
                {
                    Some(iana) => {
                        p.value = ICalendarParameterValue::Text(iana.into_owned());
                        true
                    }
                    None => {
                        unknown = Some(zone);
                        false
                    }
                }
            });
            if let Some(zone) = unknown
                && self.warned_zones.insert(zone.clone())
            {
                let plan = self.tz.iana_name().unwrap_or("the plan's zone").to_string();
                self.warn(
                    line,
                    format!(
                        "unknown time zone \"{}\"; its times are read in {plan}",
                        clip(&zone)
                    ),
                );
            }
        }
    }

    /// Ends every RRULE two days after the window (occurrences after it are
    /// not wanted), so expansion costs no more than the window needs: a COUNT
    /// too large to matter there is dropped, a rule that can never match gives
    /// no occurrence, and RRULEs that start after that day are dropped.
    fn bound_rrules(&mut self, comp: &mut ICalendarComponent, line: Option<usize>) {
        let end = self.window.1;
        let cutoff = end.tomorrow().and_then(|d| d.tomorrow()).unwrap_or(end);
        let cut = (
            cutoff.year() as u16,
            cutoff.month() as u8,
            cutoff.day() as u8,
        );
        let starts = comp
            .entries
            .iter()
            .filter(|e| e.name == ICalendarProperty::Dtstart)
            .count();
        let has_rules = comp
            .entries
            .iter()
            .any(|e| e.name == ICalendarProperty::Rrule);
        if starts > 1 && has_rules {
            // RFC 5545 allows one DTSTART; with several, which one the rule
            // counts from is a guess, and an unreadable first one leaves the
            // rule unbounded: the event is read once, not repeated.
            comp.entries.retain(|e| e.name != ICalendarProperty::Rrule);
            self.warn(
                line,
                format!("event has {starts} DTSTART lines; its recurrence is not expanded"),
            );
            return;
        }
        let Some(start) = dtstart(comp) else {
            // No readable start: nothing bounds the rule, so it goes.
            comp.entries.retain(|e| e.name != ICalendarProperty::Rrule);
            return;
        };
        if has_rules && start.year.is_some_and(|y| y < EARLIEST_RECURRENCE_YEAR) {
            // Plans start in 1900 at the earliest (knead_core::context::FIRST_DAY);
            // a rule counted from centuries before would be walked period by
            // period all the way (the fuzzer's year-1012 monthly rules).
            comp.entries.retain(|e| e.name != ICalendarProperty::Rrule);
            self.warn(
                line,
                format!(
                    "event recurs from the year {}, before {EARLIEST_RECURRENCE_YEAR}; its recurrence is not expanded",
                    start.year.unwrap_or(0)
                ),
            );
            return;
        }
        let zoned = start.has_zone()
            || comp
                .property(&ICalendarProperty::Dtstart)
                .is_some_and(|p| p.has_parameter(&ICalendarParameterName::Tzid));
        let ymd = |d: &PartialDateTime| {
            (
                d.year.unwrap_or(0),
                d.month.unwrap_or(0),
                d.day.unwrap_or(0),
            )
        };
        if ymd(&start) > cut {
            comp.entries.retain(|e| e.name != ICalendarProperty::Rrule);
            return;
        }
        let until = PartialDateTime {
            year: Some(cut.0),
            month: Some(cut.1),
            day: Some(cut.2),
            hour: start.has_time().then_some(0),
            minute: start.has_time().then_some(0),
            second: start.has_time().then_some(0),
            tz_hour: (start.has_time() && zoned).then_some(0),
            tz_minute: (start.has_time() && zoned).then_some(0),
            tz_minus: false,
        };
        let from = rrule::civil(&start);
        let to = cutoff.to_datetime(jiff::civil::time(0, 0, 0, 0));
        let mut never = false;
        for entry in &mut comp.entries {
            if entry.name != ICalendarProperty::Rrule {
                continue;
            }
            if let Some(ICalendarValue::RecurrenceRule(rule)) = entry.values.first_mut() {
                if rrule::never_matches(&rrule::with_implicit_day(rule, &start), &start) {
                    rule.count = Some(0);
                    never = true;
                }
                if let Some(from) = from {
                    rrule::drop_unreachable_count(rule, from, to);
                }
                if rule.until.as_ref().is_none_or(|u| ymd(u) > cut) {
                    rule.until = Some(until.clone());
                }
            }
        }
        if never {
            let title = summary(comp);
            self.warn(
                line,
                format!("event \"{title}\" has an RRULE that never matches (a day its months do not have); no occurrence"),
            );
        }
    }

    /// Moves the DTSTART (and DTEND) of an event with one RRULE forward by
    /// whole periods of the rule to just before the window, so calcard does
    /// not walk every period since DTSTART. Not done when an override applies
    /// to "this and future" occurrences (its offset would be lost).
    fn start_near_window(&self, comp: &mut ICalendarComponent) {
        let target = self
            .window
            .0
            .yesterday()
            .and_then(|d| d.yesterday())
            .unwrap_or(self.window.0)
            .to_datetime(jiff::civil::time(0, 0, 0, 0));
        let Some((skip, step)) = single_rule(comp).and_then(|rule| {
            let from = dtstart(comp).and_then(|s| rrule::civil(&s))?;
            Some((
                rrule::skippable_seconds(rule, from, target)?,
                rrule::step_seconds(rule)?,
            ))
        }) else {
            return;
        };
        // A period earlier when the moved start would fall in a time-zone
        // gap or fold (calcard refuses a DTSTART there).
        let moved = (0..3)
            .map(|k| skip - k * step)
            .take_while(|&s| s > 0)
            .find_map(|s| moved_later(comp, s));
        if let Some(moved) = moved {
            *comp = moved;
        }
    }

    /// Whether the group's recurring event may be expanded: always when its
    /// rules are dense, else while the file has had fewer than
    /// [`MAX_COSTLY_RULES_PER_FILE`] costly ones (the rest are skipped, counted
    /// and named).
    fn may_expand(&mut self, comps: &[ICalendarComponent], line: Option<usize>) -> bool {
        let costly = comps.iter().any(|c| {
            let Some(start) = dtstart(c) else {
                return false;
            };
            c.properties(&ICalendarProperty::Rrule)
                .any(|e| match e.values.first() {
                    Some(ICalendarValue::RecurrenceRule(r)) => {
                        r.count != Some(0)
                            && !rrule::is_dense(&rrule::with_implicit_day(r, &start), &start)
                    }
                    _ => false,
                })
        });
        if !costly {
            return true;
        }
        self.costly_rules += 1;
        if self.costly_rules <= MAX_COSTLY_RULES_PER_FILE {
            return true;
        }
        let title = comps.first().map(summary).unwrap_or_default();
        self.out.rules_cut_off += 1;
        self.out.unread_events += comps.len();
        self.warn(
            line,
            format!(
                "event \"{title}\" has an RRULE that may seldom or never match, and the file has more than {MAX_COSTLY_RULES_PER_FILE} such; not read"
            ),
        );
        false
    }

    /// Expands one UID's events (master, overrides) and files each occurrence.
    fn expand_group(
        &mut self,
        group: Vec<Read>,
        classify: &impl Fn(&str) -> (WorkoutKind, Option<f64>, Option<f64>, bool),
    ) {
        let line = group.iter().filter_map(|r| r.line).min();
        // Overrides of a recurring event are occurrences of its series too.
        let series = group.iter().find_map(|r| r.series.clone());
        let mut comps: Vec<ICalendarComponent> = group.into_iter().map(|r| r.comp).collect();
        if !self.may_expand(&comps, line) {
            return;
        }
        if !comps.iter().any(applies_to_future) {
            for comp in &mut comps {
                self.start_near_window(comp);
            }
        }
        // calcard follows one RRULE per event; a (deprecated) second RRULE is
        // expanded as a variant of the calendar and the results merged.
        let mut variants = Vec::new();
        let rrule_counts: Vec<usize> = comps
            .iter()
            .map(|c| {
                c.entries
                    .iter()
                    .filter(|e| e.name == ICalendarProperty::Rrule)
                    .count()
            })
            .collect();
        if let Some(master) = rrule_counts.iter().position(|&n| n > 1) {
            for k in 0..rrule_counts[master] {
                let mut v = comps.clone();
                let mut seen = 0;
                v[master].entries.retain(|e| {
                    if e.name != ICalendarProperty::Rrule {
                        return true;
                    }
                    seen += 1;
                    seen - 1 == k
                });
                variants.push(v);
            }
        } else {
            variants.push(std::mem::take(&mut comps));
        }
        let mut seen_starts = HashSet::new();
        for variant in variants {
            let (comps, events) = self.expand(variant, line);
            let meanings: Vec<Meaning> = comps
                .iter()
                .map(|c| Meaning {
                    series: series.clone(),
                    ..self.meaning(c, classify)
                })
                .collect();
            for (id, event) in events {
                if let Some(meaning) = meanings.get(id)
                    && seen_starts.insert(event.start.timestamp())
                {
                    self.file(meaning, &event, line);
                }
            }
        }
    }

    /// Runs calcard's expansion, retrying without the property that broke it.
    fn expand(
        &mut self,
        comps: Vec<ICalendarComponent>,
        line: Option<usize>,
    ) -> (Vec<ICalendarComponent>, Vec<(usize, Occurrence)>) {
        let mut cal = ICalendar {
            components: Vec::with_capacity(comps.len() + 1),
        };
        cal.components.push(ICalendarComponent {
            component_type: ICalendarComponentType::VCalendar,
            entries: Vec::new(),
            component_ids: (1..=comps.len() as u32).collect(),
        });
        cal.components.extend(comps);
        let recurring = cal
            .components
            .iter()
            .any(|c| c.has_property(&ICalendarProperty::Rrule));
        let limit = if recurring {
            MAX_OCCURRENCES_PER_EVENT.min(self.budget)
        } else {
            0
        };
        if recurring && limit == 0 {
            self.out.rules_cut_off += 1;
            if !self.budget_warned {
                self.budget_warned = true;
                self.warn(
                    line,
                    "too many recurring events; the rest are read once".into(),
                );
            }
            for c in &mut cal.components {
                c.entries.retain(|e| e.name != ICalendarProperty::Rrule);
            }
        }
        // Components already skipped for their DTSTART (a retry meets them again).
        let mut unread = HashSet::new();
        for _attempt in 0..4 {
            let expanded = cal.expand_dates(Tz::Floating, limit.max(1));
            let mut retry = false;
            for err in &expanded.errors {
                let Some(comp) = cal.components.get_mut(err.comp_id as usize) else {
                    continue;
                };
                let title = summary(comp);
                let drop = match &err.error {
                    CalendarErrorType::MissingDtStart | CalendarErrorType::InvalidDtStart => {
                        if unread.insert(err.comp_id) {
                            self.skip_unreadable(line, &title, &err.error);
                        }
                        None
                    }
                    CalendarErrorType::InvalidDtEnd => Some(ICalendarProperty::Dtend),
                    CalendarErrorType::InvalidDuration => Some(ICalendarProperty::Duration),
                    CalendarErrorType::RRule(e) => {
                        self.warn(line, format!("event \"{title}\" has an invalid RRULE ({e}); read once, on its DTSTART"));
                        Some(ICalendarProperty::Rrule)
                    }
                };
                if let Some(prop) = drop {
                    if prop != ICalendarProperty::Rrule {
                        self.warn(
                            line,
                            format!(
                                "event \"{title}\" has an invalid {}; ignored",
                                prop.as_str()
                            ),
                        );
                    }
                    comp.entries.retain(|e| e.name != prop);
                    retry = true;
                }
            }
            if retry {
                continue;
            }
            let from_rules = expanded.events.len();
            if recurring {
                self.budget = self.budget.saturating_sub(from_rules.min(limit));
                let latest = expanded
                    .events
                    .iter()
                    .filter_map(|e| self.day_of(&e.start, true))
                    .max();
                if limit > 0 && from_rules >= limit && latest.is_some_and(|d| d < self.window.1) {
                    let title = summary(&cal.components[1]);
                    self.out.rules_cut_off += 1;
                    self.warn(line, format!("event \"{title}\" recurs more than {limit} times; later occurrences are not read"));
                }
            }
            // Occurrences point at their component by index: no copy of the
            // event per occurrence.
            let events = expanded
                .events
                .into_iter()
                .map(|e| (e.comp_id as usize, e))
                .collect();
            return (cal.components, events);
        }
        self.out.unread_events += cal.components.len().saturating_sub(1);
        self.warn(line, "event could not be read; skipped".into());
        (Vec::new(), Vec::new())
    }

    /// Counts and names an event skipped for its missing or invalid DTSTART.
    fn skip_unreadable(&mut self, line: Option<usize>, title: &str, error: &CalendarErrorType) {
        self.out.unread_events += 1;
        let what = match error {
            CalendarErrorType::MissingDtStart => "has no DTSTART",
            _ => "has a DTSTART that is not a valid time",
        };
        self.warn(line, format!("event \"{title}\" {what}; skipped"));
    }

    /// What every occurrence of a component is for knead, worked out once per
    /// component (titles are read and classified once, not per occurrence).
    fn meaning(
        &mut self,
        comp: &ICalendarComponent,
        classify: &impl Fn(&str) -> (WorkoutKind, Option<f64>, Option<f64>, bool),
    ) -> Meaning {
        let all_day = dtstart(comp).is_some_and(|d| !d.has_time());
        let title = summary(comp);
        let what = if matches!(comp.status(), Some(ICalendarStatus::Cancelled)) {
            What::Ignored
        } else if let Some(own) = comp.uid().and_then(|u| u.strip_suffix("@knead")) {
            if own.starts_with("massage-") {
                let kind = categories(comp)
                    .iter()
                    .find_map(|c| {
                        MassageType::ALL
                            .into_iter()
                            .find(|k| c.eq_ignore_ascii_case(k.as_str()))
                    })
                    .or_else(|| massage_kind(&title))
                    .unwrap_or(MassageType::Deep);
                What::Booking(kind)
            } else {
                What::Own
            }
        } else if let Some(kind) = massage_kind(&title) {
            What::Booking(kind)
        } else {
            let (kind, km, title_minutes, recognised) = classify(&title);
            if title.is_empty() || !(recognised || looks_like_workout(&title)) {
                What::Ignored
            } else {
                let next = self.titles.len();
                let title_id = *self.titles.entry(title.clone()).or_insert(next);
                What::Workout {
                    kind,
                    km,
                    title_minutes,
                    title_id,
                    has_end: comp.has_property(&ICalendarProperty::Dtend)
                        || comp.has_property(&ICalendarProperty::Duration),
                    notes: text_of(comp, &ICalendarProperty::Description)
                        .filter(|d| !d.trim().is_empty()),
                }
            }
        };
        Meaning {
            all_day,
            title,
            uid: comp.uid().map(str::to_string),
            series: None,
            what,
        }
    }

    /// Files one occurrence as a booking, a workout, an own event or ignored.
    fn file(&mut self, meaning: &Meaning, event: &Occurrence, line: Option<usize>) {
        let Some(date) = self.day_of(&event.start, meaning.all_day) else {
            self.warn(
                line,
                format!(
                    "event \"{}\" has a date out of range; skipped",
                    meaning.title
                ),
            );
            return;
        };
        if date < self.window.0 || date > self.window.1 {
            return;
        }
        match &meaning.what {
            What::Ignored => self.out.ignored += 1,
            What::Own => self.out.own_events += 1,
            What::Booking(kind) => {
                self.book(date, *kind, meaning.uid.clone(), meaning.series.clone())
            }
            What::Workout {
                kind,
                km,
                title_minutes,
                title_id,
                has_end,
                notes,
            } => {
                if !self.seen_workouts.insert((date, *title_id)) {
                    return;
                }
                let seconds = match &event.end {
                    TimeOrDelta::Time(end) => end.timestamp() - event.start.timestamp(),
                    TimeOrDelta::Delta(d) => d.num_seconds(),
                };
                let timed = !meaning.all_day && *has_end;
                let minutes = if timed && seconds > 0 && seconds < MAX_WORKOUT_SECONDS {
                    Some(seconds as f64 / 60.0)
                } else {
                    *title_minutes
                };
                self.out.workouts.push(Workout {
                    date,
                    kind: *kind,
                    minutes,
                    distance_km: *km,
                    title: Some(meaning.title.clone()),
                    notes: notes.clone(),
                    source: Some(meaning.uid.clone().unwrap_or_else(|| self.name.to_string())),
                });
            }
        }
    }

    fn book(&mut self, date: Date, kind: MassageType, uid: Option<String>, series: Option<String>) {
        if self.seen_bookings.insert((date, kind)) {
            let source = Some(uid.unwrap_or_else(|| self.name.to_string()));
            self.out.bookings.push(Booking {
                date,
                kind,
                source,
                series,
            });
        }
    }

    /// The plan-zone date of an occurrence: floating and all-day times keep
    /// their written date; zoned times are moved to the plan's zone.
    fn day_of(&self, start: &DateTime<Tz>, all_day: bool) -> Option<Date> {
        let naive = if all_day || start.timezone().is_floating() {
            start.naive_local().date()
        } else {
            let ts = jiff::Timestamp::from_second(start.timestamp()).ok()?;
            let d = ts.to_zoned_datetime(self.tz.clone()).date();
            return Some(d);
        };
        let year = i16::try_from(naive.year()).ok()?;
        Date::new(year, naive.month() as i8, naive.day() as i8).ok()
    }
}

/// How a recurring event repeats, for the messages about its bookings: "every
/// 2 weeks from 2027-01-07" for a plain rule (a frequency and an interval,
/// with COUNT or UNTIL), else the rule as written ("RRULE:FREQ=WEEKLY;BYDAY=TU,TH
/// from 2027-01-07"); several rules are joined with "and", and extra dates
/// alone (RDATE) read "on extra dates from ...". `None` for an event that
/// does not recur. Read from the event as the file gives it, before its rules
/// are bounded to the window.
fn series_of(comp: &ICalendarComponent) -> Option<String> {
    use calcard::icalendar::ICalendarFrequency::*;
    let rules: Vec<String> = comp
        .properties(&ICalendarProperty::Rrule)
        .filter_map(|e| match e.values.first() {
            Some(ICalendarValue::RecurrenceRule(r)) => Some(r),
            _ => None,
        })
        .map(|r| {
            let plain = r.bysecond.is_empty()
                && r.byminute.is_empty()
                && r.byhour.is_empty()
                && r.byday.is_empty()
                && r.bymonthday.is_empty()
                && r.byyearday.is_empty()
                && r.byweekno.is_empty()
                && r.bymonth.is_empty()
                && r.bysetpos.is_empty()
                && r.rscale.is_none();
            let unit = match r.freq {
                Daily => Some("day"),
                Weekly => Some("week"),
                Monthly => Some("month"),
                Yearly => Some("year"),
                _ => None,
            };
            match (plain, unit, r.interval.unwrap_or(1)) {
                (true, Some(unit), 0 | 1) => format!("every {unit}"),
                (true, Some(unit), n) => format!("every {n} {unit}s"),
                _ => format!("RRULE:{r}"),
            }
        })
        .collect();
    let what = if rules.is_empty() {
        if !comp.has_property(&ICalendarProperty::Rdate) {
            return None;
        }
        "on extra dates".to_string()
    } else {
        rules.join(" and ")
    };
    let start =
        dtstart(comp).and_then(|d| Some(format!("{:04}-{:02}-{:02}", d.year?, d.month?, d.day?)));
    Some(match start {
        Some(day) => format!("{what} from {day}"),
        None => what,
    })
}

/// The component with DTSTART and DTEND moved `seconds` later; `None` when
/// one cannot be moved or would name a local time that its zone skips or
/// repeats.
fn moved_later(comp: &ICalendarComponent, seconds: i64) -> Option<ICalendarComponent> {
    let mut moved = comp.clone();
    for entry in &mut moved.entries {
        if !matches!(
            entry.name,
            ICalendarProperty::Dtstart | ICalendarProperty::Dtend
        ) {
            continue;
        }
        let zone = entry
            .params
            .iter()
            .find(|p| p.name == ICalendarParameterName::Tzid)
            .and_then(|p| p.value.as_text())
            .and_then(|name| TimeZone::get(name).ok());
        if let Some(ICalendarValue::PartialDateTime(d)) = entry.values.first_mut() {
            if !rrule::move_later(d, seconds) {
                return None;
            }
            let unclear = d.has_time()
                && !d.has_zone()
                && zone
                    .zip(rrule::civil(d))
                    .is_some_and(|(z, t)| z.to_ambiguous_timestamp(t).is_ambiguous());
            if unclear {
                return None;
            }
        }
    }
    Some(moved)
}

/// The component's RRULE when it has exactly one.
fn single_rule(comp: &ICalendarComponent) -> Option<&ICalendarRecurrenceRule> {
    let mut rules =
        comp.properties(&ICalendarProperty::Rrule)
            .filter_map(|e| match e.values.first() {
                Some(ICalendarValue::RecurrenceRule(r)) => Some(r),
                _ => None,
            });
    match (rules.next(), rules.next()) {
        (Some(rule), None) => Some(rule),
        _ => None,
    }
}

/// The DTSTART value of a component.
fn dtstart(comp: &ICalendarComponent) -> Option<PartialDateTime> {
    comp.property(&ICalendarProperty::Dtstart)
        .and_then(|p| p.values.first())
        .and_then(|v| v.as_partial_date_time())
        .cloned()
}

/// Whether the component overrides "this and future" occurrences
/// (`RECURRENCE-ID;RANGE=THISANDFUTURE`).
fn applies_to_future(comp: &ICalendarComponent) -> bool {
    comp.property(&ICalendarProperty::RecurrenceId)
        .is_some_and(|p| p.has_parameter(&ICalendarParameterName::Range))
}

/// A guess for zone ids that wrap an IANA name, such as
/// `custom_America/New_York` or `/mozilla.org/20050126_1/Europe/Paris`.
fn guess_zone(zone: &str) -> Option<Tz> {
    zone.char_indices()
        .filter(|&(i, c)| i > 0 && matches!(c, '_' | '/' | ' ' | '-' | ':'))
        .find_map(|(i, c)| Tz::from_str(&zone[i + c.len_utf8()..]).ok())
        .filter(|t| !t.is_floating())
}

/// The text of a property, values joined with commas.
fn text_of(comp: &ICalendarComponent, prop: &ICalendarProperty) -> Option<String> {
    let entry = comp.property(prop)?;
    let parts: Vec<&str> = entry.values.iter().filter_map(|v| v.as_text()).collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

/// The SUMMARY, trimmed; empty when there is none.
fn summary(comp: &ICalendarComponent) -> String {
    text_of(comp, &ICalendarProperty::Summary)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// The CATEGORIES values.
fn categories(comp: &ICalendarComponent) -> Vec<String> {
    comp.properties(&ICalendarProperty::Categories)
        .flat_map(|e| {
            e.values
                .iter()
                .filter_map(|v| v.as_text())
                .map(str::to_string)
        })
        .collect()
}

/// Words of a title: (as written, lower case), split at anything not a letter or digit.
fn words(title: &str) -> Vec<(&str, String)> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w, w.to_lowercase()))
        .collect()
}

/// The professional massage a title names, if any.
///
/// Keywords are whole words, case-insensitive: massage, deep tissue, sports
/// massage, active release, Swedish, flush; `ART` counts only written in capitals
/// ("art class" is not a massage). "Self-massage" is not a professional massage.
/// ART and active release are [`MassageType::Art`]; Swedish, relax, light and
/// flush are [`MassageType::Swedish`]; any other massage is [`MassageType::Deep`].
pub fn massage_kind(title: &str) -> Option<MassageType> {
    let w = words(title);
    let has = |word: &str| w.iter().any(|(_, l)| l == word);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0].1 == a && p[1].1 == b);
    let massage = w
        .iter()
        .enumerate()
        .any(|(i, (_, l))| (l == "massage" || l == "massages") && !(i > 0 && w[i - 1].1 == "self"));
    // A massage gun, roller or ball session is self-massage, not a booking.
    if [
        "gun",
        "guns",
        "roller",
        "rolling",
        "theragun",
        "hypervolt",
        "ball",
    ]
    .iter()
    .any(|k| has(k))
    {
        return None;
    }
    let art = w.iter().any(|(orig, _)| *orig == "ART") || pair("active", "release");
    // "Flush" names a light massage, but a "flush run" is training.
    let flush = has("flush")
        && ![
            "run", "runs", "jog", "jogging", "running", "km", "mi", "miles", "min",
        ]
        .iter()
        .any(|k| has(k));
    let swedish = has("swedish") || flush;
    if !(massage || art || swedish || pair("deep", "tissue")) {
        return None;
    }
    Some(if art {
        MassageType::Art
    } else if swedish
        || ["relax", "relaxing", "relaxation", "light"]
            .iter()
            .any(|k| has(k))
    {
        MassageType::Swedish
    } else {
        MassageType::Deep
    })
}

/// Whether a title looks like a training session even when the classifier
/// did not recognise it ("Run with Sam", "Track session", "Swim").
fn looks_like_workout(title: &str) -> bool {
    const WORDS: &[&str] = &[
        "run",
        "runs",
        "running",
        "jog",
        "jogging",
        "tempo",
        "threshold",
        "interval",
        "intervals",
        "fartlek",
        "hills",
        "strides",
        "track",
        "parkrun",
        "marathon",
        "race",
        "workout",
        "training",
        "swim",
        "swimming",
        "ride",
        "bike",
        "cycling",
        "strength",
        "gym",
        "km",
        "mi",
        "miles",
        "5k",
        "10k",
    ];
    words(title).iter().any(|(_, l)| {
        WORDS.contains(&l.as_str())
            || l.strip_suffix("km")
                .or_else(|| l.strip_suffix("mi"))
                .or_else(|| l.strip_suffix('k'))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}
