//! A clinic's profile: its therapists and their massage types, prices, the
//! weekdays it opens, closures and appointment length. A season linked to a
//! clinic is planned with the clinic's prices and availability instead of the
//! runner's own therapist settings.

use jiff::civil::Date;
use knead_core::model::{DateRange, Plan, Window};
use knead_formats::plan_file::names;
use serde::{Deserialize, Serialize};

use crate::error::WebError;

/// One therapist of a clinic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Therapist {
    /// Their name.
    pub name: String,
    /// The massage types they give (`deep`, `art`, `swedish`).
    pub types: Vec<String>,
}

/// Opening hours on some weekdays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hours {
    /// Weekday names (`mon` ... `sun`).
    pub days: Vec<String>,
    /// Opening time, HH:MM.
    pub from: String,
    /// Closing time, HH:MM.
    pub to: String,
}

impl Hours {
    /// The hours as the planner's time window.
    ///
    /// # Errors
    /// [`WebError::Invalid`] for an unknown day, a time that is not HH:MM, or
    /// closing before opening.
    pub fn window(&self) -> Result<Window, WebError> {
        let mut weekdays = [false; 7];
        for d in &self.days {
            weekdays[names::weekday(d).map_err(|e| WebError::Invalid(format!("hours: {e}")))?] =
                true;
        }
        let time = |t: &str| {
            jiff::civil::Time::strptime("%H:%M", t.trim())
                .map_err(|_| WebError::Invalid(format!("hours: {t:?}: expected HH:MM")))
        };
        let (from, to) = (time(&self.from)?, time(&self.to)?);
        if to <= from {
            return Err(WebError::Invalid(format!(
                "hours {}-{}: expected opening before closing",
                self.from, self.to
            )));
        }
        Ok(Window { weekdays, from, to })
    }
}

/// A clinic's profile, stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The therapists.
    #[serde(default)]
    pub therapists: Vec<Therapist>,
    /// Prices in the clinic's currency units: deep, ART, Swedish.
    pub prices: [f64; 3],
    /// Weekdays open (`mon` ... `sun`).
    pub weekdays: Vec<String>,
    /// Closed periods, first and last day.
    #[serde(default)]
    pub closed: Vec<(Date, Date)>,
    /// Appointment length in minutes.
    pub appointment_minutes: u16,
    /// Opening hours; none means any time on open days.
    #[serde(default)]
    pub hours: Vec<Hours>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            therapists: Vec::new(),
            prices: [90.0, 100.0, 75.0],
            weekdays: ["mon", "tue", "wed", "thu", "fri", "sat"]
                .map(String::from)
                .to_vec(),
            closed: Vec::new(),
            appointment_minutes: 60,
            hours: Vec::new(),
        }
    }
}

impl Profile {
    /// Reads a stored profile.
    ///
    /// # Errors
    /// [`WebError::Internal`] when the stored JSON does not read.
    pub fn from_json(json: &str) -> Result<Profile, WebError> {
        serde_json::from_str(json).map_err(|e| WebError::Internal(format!("clinic profile: {e}")))
    }

    /// The profile as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks names, prices and periods.
    ///
    /// # Errors
    /// [`WebError::Invalid`] saying which field is wrong and what it expects.
    pub fn validate(&self) -> Result<(), WebError> {
        for d in &self.weekdays {
            names::weekday(d).map_err(|e| WebError::Invalid(format!("weekday: {e}")))?;
        }
        for p in self.prices {
            knead_app::season::cents(p)?;
        }
        for t in &self.therapists {
            if t.name.trim().is_empty() || t.name.chars().count() > 100 {
                return Err(WebError::Invalid(
                    "therapist name: expected 1 to 100 characters".into(),
                ));
            }
            for kind in &t.types {
                names::massage_type(kind)
                    .map_err(|e| WebError::Invalid(format!("therapist {}: {e}", t.name)))?;
            }
        }
        for (from, to) in &self.closed {
            if to < from {
                return Err(WebError::Invalid(format!(
                    "closed {from} to {to}: expected the end on or after the start"
                )));
            }
        }
        for h in &self.hours {
            h.window()?;
        }
        if !(15..=240).contains(&self.appointment_minutes) {
            return Err(WebError::Invalid(
                "appointment length: expected 15 to 240 minutes".into(),
            ));
        }
        Ok(())
    }

    /// The therapists who give `kind`.
    pub fn therapists_for(&self, kind: &str) -> Vec<&Therapist> {
        self.therapists
            .iter()
            .filter(|t| t.types.iter().any(|k| k == kind))
            .collect()
    }

    /// Puts the clinic's prices and availability in place of the runner's own.
    pub fn apply(&self, plan: &mut Plan) {
        let a = &mut plan.athlete;
        let cents = |x: f64| knead_app::season::cents(x).unwrap_or(0);
        a.prices.deep = cents(self.prices[0]);
        a.prices.art = cents(self.prices[1]);
        a.prices.swedish = cents(self.prices[2]);
        let mut weekdays = [false; 7];
        for d in &self.weekdays {
            if let Ok(i) = names::weekday(d) {
                weekdays[i] = true;
            }
        }
        a.therapist.weekdays = weekdays;
        a.therapist.hours = self.hours.iter().filter_map(|h| h.window().ok()).collect();
        a.therapist.appointment_minutes = self.appointment_minutes;
        a.therapist.closed = self
            .closed
            .iter()
            .map(|&(from, to)| DateRange { from, to })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clinic_replaces_prices_and_days() {
        let mut plan = knead_formats::example::marathon();
        let profile = Profile {
            prices: [50.0, 60.0, 40.0],
            weekdays: vec!["tue".into()],
            ..Profile::default()
        };
        profile.validate().unwrap();
        profile.apply(&mut plan);
        assert_eq!(plan.athlete.prices.deep, 5000);
        assert_eq!(
            plan.athlete.therapist.weekdays,
            [false, true, false, false, false, false, false]
        );
        assert!(plan.athlete.therapist.closed.is_empty());
        assert_eq!(Profile::from_json(&profile.to_json()).unwrap(), profile);
    }

    #[test]
    fn a_clinic_gives_its_hours() {
        let mut plan = knead_formats::example::marathon();
        let profile = Profile {
            hours: vec![Hours {
                days: vec!["tue".into(), "thu".into()],
                from: "17:00".into(),
                to: "20:00".into(),
            }],
            appointment_minutes: 45,
            ..Profile::default()
        };
        profile.validate().unwrap();
        profile.apply(&mut plan);
        assert_eq!(plan.athlete.therapist.hours.len(), 1);
        assert_eq!(plan.athlete.therapist.appointment_minutes, 45);
        let bad = Profile {
            hours: vec![Hours {
                days: vec!["tue".into()],
                from: "18:00".into(),
                to: "09:00".into(),
            }],
            ..Profile::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .message()
                .contains("opening before closing")
        );
    }

    #[test]
    fn bad_profiles_say_why() {
        let p = Profile {
            weekdays: vec!["funday".into()],
            ..Profile::default()
        };
        assert!(p.validate().unwrap_err().message().contains("weekday"));
        let p = Profile {
            appointment_minutes: 5,
            ..Profile::default()
        };
        assert!(p.validate().is_err());
    }
}
