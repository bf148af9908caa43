//! The plan model: what a runner tells knead about themselves and their training.
//!
//! Everything here is plain data. Dates are civil dates ([`jiff::civil::Date`]):
//! a plan speaks of days, not instants. Money is held in minor units (cents) so
//! budget sums are exact.

use jiff::civil::{Date, Time, Weekday};
use serde::{Deserialize, Serialize};

mod sport;

pub use sport::{Sport, SportFamily};

/// A whole plan: the athlete, their training, their races and the massages
/// already booked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Who is training, with budget, tools, injuries and therapist availability.
    pub athlete: Athlete,
    /// Planned (or done) training sessions, one or more a day.
    pub workouts: Vec<Workout>,
    /// Races, with distance and priority.
    pub races: Vec<Race>,
    /// Professional massages already booked; `plan` keeps them, `check` judges them.
    pub bookings: Vec<Booking>,
    /// The units distances are shown in (the model itself keeps kilometres).
    #[serde(default)]
    pub units: DistanceUnit,
}

/// Units for showing distances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DistanceUnit {
    /// Kilometres.
    #[default]
    Km,
    /// Miles.
    Mi,
}

impl DistanceUnit {
    /// The unit's label in files and titles: `km` or `mi`.
    pub fn as_str(self) -> &'static str {
        match self {
            DistanceUnit::Km => "km",
            DistanceUnit::Mi => "mi",
        }
    }

    /// Kilometres in one unit: 1 for km, 1.609344 for miles.
    pub fn km_per_unit(self) -> f64 {
        match self {
            DistanceUnit::Km => 1.0,
            DistanceUnit::Mi => distance::MILE_KM,
        }
    }

    /// `km` kilometres in these units, e.g. "21.1 km" or "13.1 mi".
    pub fn show(self, km: f64) -> String {
        match self {
            DistanceUnit::Km => format!("{km:.1} km"),
            DistanceUnit::Mi => format!("{:.1} mi", km / distance::MILE_KM),
        }
    }
}

/// Money in minor units (cents, pence).
pub type Cents = u32;

/// Cents as a decimal amount, e.g. `70` or `72.50`.
pub fn money(cents: Cents) -> String {
    if cents.is_multiple_of(100) {
        format!("{}", cents / 100)
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// The runner and everything about them that shapes recovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Athlete {
    /// Display name.
    pub name: String,
    /// IANA time zone name, e.g. `Europe/London`; used to place timed events on days.
    pub time_zone: String,
    /// ISO 4217 currency code of the budget and prices, e.g. `EUR`.
    pub currency: String,
    /// The most the runner will spend on professional massage in one calendar month.
    pub monthly_budget: Cents,
    /// Price of one session of each massage type.
    pub prices: Prices,
    /// Prepaid packages of sessions (at most [`MAX_CREDITS`] take part in
    /// planning; the plan file allows no more).
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// Self-massage tools the runner owns.
    pub tools: Vec<Tool>,
    /// Whether the runner already gets massages regularly (they tolerate deep work better).
    pub regular_massage: bool,
    /// Injuries and problem areas, each with the period it is active.
    pub injuries: Vec<Injury>,
    /// When a therapist can be booked.
    pub therapist: Availability,
    /// Health flags that restrict or block massage (safety screening).
    pub health: Vec<HealthFlag>,
    /// Physiology for training load: sex for the TRIMP weighting, resting and maximum heart rate.
    pub physiology: Physiology,
    /// The runner's weekly free times, in the athlete's time zone: a massage
    /// must fit in one of them (with the therapist's hours). Empty: free any time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub free: Vec<Window>,
}

/// Heart-rate facts used by the training-load model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Physiology {
    /// Selects Banister's TRIMP weighting.
    pub sex: Sex,
    /// Resting heart rate in beats per minute.
    pub resting_hr: u16,
    /// Maximum heart rate in beats per minute.
    pub max_hr: u16,
}

impl Default for Physiology {
    /// Defaults stated in docs/plan-format.md: male weighting, 60 bpm resting, 190 bpm maximum.
    fn default() -> Self {
        Physiology {
            sex: Sex::Male,
            resting_hr: 60,
            max_hr: 190,
        }
    }
}

/// Sex as used by Banister's TRIMP weighting (0.64·e^(1.92x) or 0.86·e^(1.67x)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Weighting 0.64·e^(1.92x).
    Male,
    /// Weighting 0.86·e^(1.67x).
    Female,
}

/// Price of one session of each professional massage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prices {
    /// Deep tissue.
    pub deep: Cents,
    /// Active Release Technique.
    pub art: Cents,
    /// Swedish (light).
    pub swedish: Cents,
}

impl Prices {
    /// The price of one session of `kind`.
    pub fn of(&self, kind: MassageType) -> Cents {
        match kind {
            MassageType::Deep => self.deep,
            MassageType::Art => self.art,
            MassageType::Swedish => self.swedish,
        }
    }

    /// The cheapest session of any type.
    pub fn cheapest(&self) -> Cents {
        self.deep.min(self.art).min(self.swedish)
    }
}

/// The most prepaid packages the scheduler plans with (and a plan file may list).
pub const MAX_CREDITS: usize = 4;

/// The most sessions one prepaid package may hold in a plan file.
pub const MAX_CREDIT_SESSIONS: u32 = 100;

/// A prepaid package of sessions ("10 deep-tissue sessions, valid until
/// 2027-06-30"): a massage it covers may be paid by one of its sessions instead
/// of in cash. Bookings of the plan use its sessions first (see
/// [`crate::context::PlanContext::booking_credit`]); the scheduler places the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The type it pays for; `None`: any type.
    #[serde(default)]
    pub kind: Option<MassageType>,
    /// Sessions the package holds in all (bookings of the plan on days it is
    /// valid use them, the earliest first).
    pub sessions: u32,
    /// First day it may be used; `None`: from any day.
    #[serde(default)]
    pub valid_from: Option<Date>,
    /// Last day it may be used (inclusive); sessions left after it expire.
    pub valid_until: Date,
    /// A name for it, e.g. "Clinic 10-pack".
    #[serde(default)]
    pub name: Option<String>,
}

impl Credit {
    /// Whether the package may be used on `day`.
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && day <= self.valid_until
    }

    /// Whether the package pays for a massage of `kind` on `day` (sessions left
    /// aside).
    pub fn covers(&self, day: Date, kind: MassageType) -> bool {
        self.kind.is_none_or(|k| k == kind) && self.valid_on(day)
    }

    /// The types it pays for in words: "deep-tissue", "ART", "Swedish" or "any-type".
    pub fn kind_words(&self) -> &'static str {
        credit_kind_words(self.kind)
    }

    /// How outputs name it: its name, else e.g. "deep-tissue package until 2027-06-30".
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => format!("{} package until {}", self.kind_words(), self.valid_until),
        }
    }
}

/// The types a prepaid package of `kind` pays for, in words: "deep-tissue",
/// "ART", "Swedish", or "any-type" for `None`.
pub fn credit_kind_words(kind: Option<MassageType>) -> &'static str {
    match kind {
        None => "any-type",
        Some(MassageType::Deep) => "deep-tissue",
        Some(MassageType::Art) => "ART",
        Some(MassageType::Swedish) => "Swedish",
    }
}

/// The three professional massage types of the catalogue (T-DEEP, T-ART, T-SWEDISH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MassageType {
    /// Deep tissue massage (T-DEEP).
    Deep,
    /// Active Release Technique (T-ART).
    Art,
    /// Swedish, light massage (T-SWEDISH).
    Swedish,
}

impl MassageType {
    /// All types in the fixed order used to break ties.
    pub const ALL: [MassageType; 3] = [MassageType::Deep, MassageType::Art, MassageType::Swedish];

    /// Deep and ART work the tissue hard and need their own recovery (depth order).
    pub fn is_deep(self) -> bool {
        matches!(self, MassageType::Deep | MassageType::Art)
    }

    /// The catalogue id of this type.
    pub fn rule_id(self) -> &'static str {
        match self {
            MassageType::Deep => "T-DEEP",
            MassageType::Art => "T-ART",
            MassageType::Swedish => "T-SWEDISH",
        }
    }

    /// The short lower-case name used in files (`deep`, `art`, `swedish`).
    pub fn as_str(self) -> &'static str {
        match self {
            MassageType::Deep => "deep",
            MassageType::Art => "art",
            MassageType::Swedish => "swedish",
        }
    }

    /// A human label, e.g. "deep tissue".
    pub fn label(self) -> &'static str {
        match self {
            MassageType::Deep => "deep tissue",
            MassageType::Art => "Active Release (ART)",
            MassageType::Swedish => "Swedish (light)",
        }
    }
}

/// Self-massage tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    /// Foam roller (A-FOAM).
    FoamRoller,
    /// Massage stick (A-STICK).
    MassageStick,
    /// Tennis or massage ball (A-BALL).
    Ball,
    /// Percussion massage gun (A-STICK evidence; X-GUN-PRE).
    PercussionGun,
}

impl Tool {
    /// All tools, in display order.
    pub const ALL: [Tool; 4] = [
        Tool::FoamRoller,
        Tool::MassageStick,
        Tool::Ball,
        Tool::PercussionGun,
    ];

    /// The kebab-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::FoamRoller => "foam-roller",
            Tool::MassageStick => "massage-stick",
            Tool::Ball => "ball",
            Tool::PercussionGun => "percussion-gun",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Tool::FoamRoller => "foam roller",
            Tool::MassageStick => "massage stick",
            Tool::Ball => "massage ball",
            Tool::PercussionGun => "percussion gun",
        }
    }
}

/// Body areas runners name for injuries, niggles and health flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BodyArea {
    /// Plantar fascia, the sole of the foot.
    PlantarFascia,
    /// Foot arches.
    Foot,
    /// Achilles tendon.
    Achilles,
    /// Shins (shin splints).
    Shins,
    /// Calves.
    Calf,
    /// Knee and the muscles around it.
    Knee,
    /// Iliotibial band.
    ItBand,
    /// Hamstrings.
    Hamstring,
    /// Quadriceps.
    Quads,
    /// Hip flexors.
    HipFlexors,
    /// Glutes.
    Glutes,
    /// Hips.
    Hip,
    /// Lower back.
    LowerBack,
    /// Back, neck and shoulders.
    Back,
}

impl BodyArea {
    /// The kebab-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyArea::PlantarFascia => "plantar-fascia",
            BodyArea::Foot => "foot",
            BodyArea::Achilles => "achilles",
            BodyArea::Shins => "shins",
            BodyArea::Calf => "calf",
            BodyArea::Knee => "knee",
            BodyArea::ItBand => "it-band",
            BodyArea::Hamstring => "hamstring",
            BodyArea::Quads => "quads",
            BodyArea::HipFlexors => "hip-flexors",
            BodyArea::Glutes => "glutes",
            BodyArea::Hip => "hip",
            BodyArea::LowerBack => "lower-back",
            BodyArea::Back => "back",
        }
    }

    /// A human label, e.g. "plantar fascia".
    pub fn label(self) -> &'static str {
        match self {
            BodyArea::PlantarFascia => "plantar fascia",
            BodyArea::Foot => "foot arches",
            BodyArea::Achilles => "Achilles",
            BodyArea::Shins => "shins",
            BodyArea::Calf => "calves",
            BodyArea::Knee => "knee",
            BodyArea::ItBand => "IT band",
            BodyArea::Hamstring => "hamstrings",
            BodyArea::Quads => "quads",
            BodyArea::HipFlexors => "hip flexors",
            BodyArea::Glutes => "glutes",
            BodyArea::Hip => "hips",
            BodyArea::LowerBack => "lower back",
            BodyArea::Back => "back and shoulders",
        }
    }

    /// Injuries that the rules send to Active Release Technique (T-ART, source 001):
    /// shin splints, plantar fasciitis and hamstring injuries.
    pub fn calls_for_art(self) -> bool {
        matches!(
            self,
            BodyArea::Shins | BodyArea::PlantarFascia | BodyArea::Hamstring
        )
    }
}

/// An injury or problem area, active from `since` until `until` (inclusive; open-ended if `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Injury {
    /// Where it hurts.
    pub area: BodyArea,
    /// First day it was there.
    pub since: Date,
    /// Last day it is expected to matter, if known.
    pub until: Option<Date>,
}

impl Injury {
    /// Whether the injury is active on `day`.
    pub fn active_on(&self, day: Date) -> bool {
        holds_on(day, self.since, self.until)
    }
}

/// Whether `day` lies in the period from `from` to `until` (inclusive;
/// open-ended without `until`).
fn holds_on(day: Date, from: Date, until: Option<Date>) -> bool {
    day >= from && until.is_none_or(|u| day <= u)
}

/// When a therapist can be booked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    /// Open weekdays; index 0 is Monday.
    pub weekdays: [bool; 7],
    /// Closed periods (holidays), inclusive.
    pub closed: Vec<DateRange>,
    /// Opening hours, in the athlete's time zone. Empty: any time of an open
    /// weekday. When given, an open weekday without hours has no appointment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<Window>,
    /// Length of one appointment in minutes: the common free time a massage needs.
    #[serde(default = "default_appointment_minutes")]
    pub appointment_minutes: u16,
}

/// The length of an appointment when none is given: 60 minutes.
pub const DEFAULT_APPOINTMENT_MINUTES: u16 = 60;

fn default_appointment_minutes() -> u16 {
    DEFAULT_APPOINTMENT_MINUTES
}

impl Default for Availability {
    /// Open Monday to Saturday at any time, no closed dates, 60-minute appointments.
    fn default() -> Self {
        Availability {
            weekdays: [true, true, true, true, true, true, false],
            closed: Vec::new(),
            hours: Vec::new(),
            appointment_minutes: DEFAULT_APPOINTMENT_MINUTES,
        }
    }
}

/// A weekly time window: from `from` to `to` (civil times in the athlete's
/// time zone, `from` before `to`: no window runs past midnight) on each of
/// its weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The weekdays it holds on; index 0 is Monday.
    pub weekdays: [bool; 7],
    /// Its start.
    pub from: Time,
    /// Its end (exclusive: an appointment may end exactly then).
    pub to: Time,
}

impl Window {
    /// Whether the window holds on `day`'s weekday.
    pub fn on(&self, day: Date) -> bool {
        self.weekdays[day.weekday().to_monday_zero_offset() as usize]
    }
}

impl Availability {
    /// Whether a therapist can be booked on `day`.
    pub fn open_on(&self, day: Date) -> bool {
        let wd = day.weekday().to_monday_zero_offset() as usize;
        self.weekdays[wd] && !self.closed.iter().any(|r| r.contains(day))
    }

    /// The open weekdays, Monday first.
    pub fn open_weekdays(&self) -> Vec<Weekday> {
        (0..7)
            .filter(|&i| self.weekdays[i])
            .map(|i| Weekday::from_monday_zero_offset(i as i8).expect("0..7 is a weekday"))
            .collect()
    }
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
}

impl DateRange {
    /// Whether `day` lies inside the range.
    pub fn contains(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Kinds of workout a plan can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkoutKind {
    /// No training.
    Rest,
    /// Easy aerobic run.
    Easy,
    /// Very easy recovery run.
    Recovery,
    /// Long run.
    Long,
    /// Tempo or threshold run.
    Tempo,
    /// Intervals, speed work.
    Intervals,
    /// Hill repeats.
    Hills,
    /// A race (the race itself is also listed under races).
    Race,
    /// Cross-training (cycling, swimming...).
    Cross,
    /// Strength training.
    Strength,
}

impl WorkoutKind {
    /// All kinds, in display order.
    pub const ALL: [WorkoutKind; 10] = [
        WorkoutKind::Rest,
        WorkoutKind::Easy,
        WorkoutKind::Recovery,
        WorkoutKind::Long,
        WorkoutKind::Tempo,
        WorkoutKind::Intervals,
        WorkoutKind::Hills,
        WorkoutKind::Race,
        WorkoutKind::Cross,
        WorkoutKind::Strength,
    ];

    /// A "hard" day per rules.md: a race, speed or interval work (hills count), a
    /// tempo/threshold run, or a long run.
    pub fn is_hard(self) -> bool {
        matches!(
            self,
            WorkoutKind::Long
                | WorkoutKind::Tempo
                | WorkoutKind::Intervals
                | WorkoutKind::Hills
                | WorkoutKind::Race
        )
    }

    /// Speed work: the sessions that must not follow a massage (R-DAY-AFTER) and
    /// that a percussion gun must not precede (X-GUN-PRE).
    pub fn is_speed(self) -> bool {
        matches!(
            self,
            WorkoutKind::Tempo | WorkoutKind::Intervals | WorkoutKind::Hills | WorkoutKind::Race
        )
    }

    /// Whether this is a run (counts toward running volume).
    pub fn is_run(self) -> bool {
        !matches!(
            self,
            WorkoutKind::Rest | WorkoutKind::Cross | WorkoutKind::Strength
        )
    }

    /// The lower-case name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkoutKind::Rest => "rest",
            WorkoutKind::Easy => "easy",
            WorkoutKind::Recovery => "recovery",
            WorkoutKind::Long => "long",
            WorkoutKind::Tempo => "tempo",
            WorkoutKind::Intervals => "intervals",
            WorkoutKind::Hills => "hills",
            WorkoutKind::Race => "race",
            WorkoutKind::Cross => "cross",
            WorkoutKind::Strength => "strength",
        }
    }
}

/// One training session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workout {
    /// The day it is done.
    pub date: Date,
    /// What kind of session.
    pub kind: WorkoutKind,
    /// Planned duration in minutes, if given.
    pub minutes: Option<f64>,
    /// Planned distance in kilometres, if given.
    pub distance_km: Option<f64>,
    /// Title as written by the plan's author.
    pub title: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Where the workout came from: a calendar event's UID, a template
    /// (`template:<id>`), or `None` for the plan file.
    pub source: Option<String>,
}

impl Workout {
    /// A workout with only a date and a kind.
    pub fn new(date: Date, kind: WorkoutKind) -> Workout {
        Workout {
            date,
            kind,
            minutes: None,
            distance_km: None,
            title: None,
            notes: None,
            source: None,
        }
    }

    /// Estimated minutes: the duration when given, else distance at an easy 6 min/km
    /// (a documented estimate used only to weigh weekly volume).
    pub fn estimated_minutes(&self) -> f64 {
        match (self.minutes, self.distance_km) {
            (Some(m), _) => m,
            (None, Some(km)) => km * 6.0,
            (None, None) => match self.kind {
                WorkoutKind::Rest => 0.0,
                WorkoutKind::Long => 90.0,
                _ => 45.0,
            },
        }
    }
}

/// Race priority: A is the goal race, B a tune-up, C a training race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    /// The goal race.
    A,
    /// An important tune-up.
    B,
    /// A race run as training.
    C,
}

/// A race on the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Race {
    /// Race day.
    pub date: Date,
    /// Name, e.g. "Berlin Marathon".
    pub name: String,
    /// Distance in kilometres.
    pub distance_km: f64,
    /// Priority A/B/C.
    pub priority: Priority,
}

/// Standard race distances, in kilometres.
pub mod distance {
    /// 5 km.
    pub const FIVE_K: f64 = 5.0;
    /// 10 km.
    pub const TEN_K: f64 = 10.0;
    /// Half marathon, 21.0975 km.
    pub const HALF: f64 = 21.0975;
    /// Marathon, 42.195 km.
    pub const MARATHON: f64 = 42.195;
    /// One mile in kilometres.
    pub const MILE_KM: f64 = 1.609344;
}

/// A professional massage already booked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    /// The day of the appointment.
    pub date: Date,
    /// Its type.
    pub kind: MassageType,
    /// Where it came from (a calendar UID, for instance); `None` for the plan file.
    pub source: Option<String>,
    /// The repeating booking it is one occurrence of, described for messages
    /// (e.g. "every 2 weeks from 2027-01-07"); `None` for a one-off booking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
}

/// A health flag from the safety screening, active over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthFlag {
    /// What the condition is.
    pub condition: Condition,
    /// The body area concerned, for local conditions.
    pub area: Option<BodyArea>,
    /// First day it holds.
    pub from: Date,
    /// Last day it holds (inclusive); open-ended if `None`.
    pub until: Option<Date>,
}

impl HealthFlag {
    /// Whether the flag holds on `day`.
    pub fn active_on(&self, day: Date) -> bool {
        holds_on(day, self.from, self.until)
    }
}

/// Conditions screened before any massage (evidence.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    /// Suspected deep-vein thrombosis.
    SuspectedDvt,
    /// Fever or acute illness.
    Fever,
    /// Acute strain, sprain or contusion (first 72 h).
    AcuteStrain,
    /// Wound, burn or skin infection.
    Wound,
    /// Fracture (including stress fracture) or recent surgery.
    Fracture,
    /// Anticoagulants or a bleeding disorder.
    Anticoagulants,
    /// Pregnancy.
    Pregnancy,
    /// Cancer or tumour.
    Cancer,
    /// Post-race warning signs of rhabdomyolysis.
    Rhabdomyolysis,
    /// Severe or unexplained pain, numbness, uncontrolled hypertension.
    UnexplainedPain,
}

/// A recorded activity, as read from a FIT, GPX or TCX file: the device's
/// session totals where the file has them, else figures computed from its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Where it was read from (a path, or `archive.zip!inner/path`).
    pub source: String,
    /// What sport it was.
    pub sport: Sport,
    /// Start instant.
    pub start: jiff::Timestamp,
    /// The UTC offset in seconds the file recorded for the start (0 when the file
    /// speaks UTC, as FIT and most GPX files do); used to write `start` as RFC 3339.
    pub utc_offset_s: i32,
    /// Elapsed time, start to finish, in seconds.
    pub elapsed_s: Option<f64>,
    /// Moving (timer) time in seconds.
    pub moving_s: Option<f64>,
    /// Distance in metres.
    pub distance_m: Option<f64>,
    /// Average heart rate in bpm.
    pub avg_hr: Option<f64>,
    /// Maximum heart rate in bpm.
    pub max_hr: Option<f64>,
    /// Total ascent in metres.
    pub ascent_m: Option<f64>,
    /// Heart-rate samples as (seconds since start, bpm), for TRIMP; empty when the
    /// file has no heart rate.
    #[serde(skip)]
    pub hr_samples: Vec<(f64, f64)>,
}

impl Activity {
    /// The start as RFC 3339 with the activity's own UTC offset, e.g.
    /// `2020-12-02T06:08:29-03:00` (`Z` is never used: UTC is `+00:00`); an
    /// offset out of range (beyond ±25:59:59) is written as UTC.
    pub fn start_rfc3339(&self) -> String {
        let offset =
            jiff::tz::Offset::from_seconds(self.utc_offset_s).unwrap_or(jiff::tz::Offset::UTC);
        self.start.display_with_offset(offset).to_string()
    }
}
