//! The plan file as serde reads it: field names, nesting and value shapes, with
//! spans where a later cross-field check needs to point at a value.
//!
//! Values whose spelling knead interprets (names, dates, money, distances) are
//! read by the types of `value.rs`.

use knead_core::model::{
    BodyArea, Condition, DistanceUnit, MassageType, Priority, Sex, Tool, WorkoutKind,
};
use serde::Deserialize;
use toml::Spanned;

use super::value::{
    Bpm, Closed, CreditType, DateVal, DistanceVal, Minutes, Money, Name, Sessions, TimeVal,
    Weekday, Whole,
};

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a plan file")]
pub(super) struct RawPlan {
    pub units: Option<Name<DistanceUnit>>,
    pub athlete: RawAthlete,
    #[serde(default)]
    pub workouts: Vec<RawWorkout>,
    #[serde(default)]
    pub races: Vec<RawRace>,
    #[serde(default)]
    pub bookings: Vec<RawBooking>,
}

/// `[athlete]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "the [athlete] table")]
pub(super) struct RawAthlete {
    pub name: String,
    pub time_zone: Spanned<String>,
    pub currency: Spanned<String>,
    pub monthly_budget: Money,
    #[serde(default)]
    pub regular_massage: bool,
    #[serde(default)]
    pub tools: Vec<Name<Tool>>,
    pub sex: Option<Name<Sex>>,
    pub resting_hr: Option<Spanned<Bpm>>,
    pub max_hr: Option<Spanned<Bpm>>,
    pub prices: RawPrices,
    #[serde(default)]
    pub injuries: Vec<RawInjury>,
    pub therapist: Option<RawTherapist>,
    #[serde(default)]
    pub health: Vec<RawHealth>,
    #[serde(default)]
    pub free: Vec<Spanned<RawWindow>>,
    #[serde(default)]
    pub credits: Vec<RawCredit>,
}

/// `[[athlete.free]]` and `[[athlete.therapist.hours]]`: a weekly time window.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a time window table")]
pub(super) struct RawWindow {
    pub days: Spanned<Vec<Name<Weekday>>>,
    pub from: Spanned<TimeVal>,
    pub to: Spanned<TimeVal>,
}

/// `[athlete.prices]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "the [athlete.prices] table")]
pub(super) struct RawPrices {
    pub deep: Spanned<Money>,
    pub art: Spanned<Money>,
    pub swedish: Spanned<Money>,
}

/// `[[athlete.injuries]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an injury table")]
pub(super) struct RawInjury {
    pub area: Name<BodyArea>,
    pub since: Spanned<DateVal>,
    pub until: Option<Spanned<DateVal>>,
}

/// `[athlete.therapist]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "the [athlete.therapist] table")]
pub(super) struct RawTherapist {
    pub weekdays: Option<Spanned<Vec<Name<Weekday>>>>,
    #[serde(default)]
    pub closed: Vec<Spanned<Closed>>,
    #[serde(default)]
    pub hours: Vec<Spanned<RawWindow>>,
    pub appointment_minutes: Option<Spanned<Whole>>,
}

/// `[[athlete.health]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a health table")]
pub(super) struct RawHealth {
    pub condition: Name<Condition>,
    pub area: Option<Name<BodyArea>>,
    pub from: Spanned<DateVal>,
    pub until: Option<Spanned<DateVal>>,
}

/// `[[athlete.credits]]`: a prepaid package of sessions.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a credits table")]
pub(super) struct RawCredit {
    #[serde(rename = "type")]
    pub kind: Name<CreditType>,
    pub sessions: Spanned<Sessions>,
    pub valid_from: Option<Spanned<DateVal>>,
    pub valid_until: Spanned<DateVal>,
    pub name: Option<String>,
}

/// `[[workouts]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a workout table")]
pub(super) struct RawWorkout {
    pub date: Spanned<DateVal>,
    pub kind: Name<WorkoutKind>,
    pub minutes: Option<Minutes>,
    pub distance: Option<DistanceVal>,
    pub title: Option<String>,
    pub notes: Option<String>,
}

/// `[[races]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a race table")]
pub(super) struct RawRace {
    pub date: Spanned<DateVal>,
    pub name: String,
    pub distance: DistanceVal,
    pub priority: Option<Name<Priority>>,
}

/// `[[bookings]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a booking table")]
pub(super) struct RawBooking {
    pub date: Spanned<DateVal>,
    #[serde(rename = "type")]
    pub kind: Name<MassageType>,
    pub repeat: Option<Spanned<RawRepeat>>,
    pub series: Option<Spanned<String>>,
}

/// `repeat = { every_weeks = 2, count = 8 }` (or `until = date`) in a booking.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a repeat table")]
pub(super) struct RawRepeat {
    pub every_weeks: Spanned<Whole>,
    pub count: Option<Spanned<Whole>>,
    pub until: Option<Spanned<DateVal>>,
}
