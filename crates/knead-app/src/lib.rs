//! knead's use cases, shared by the command line and the server.
//!
//! Everything here takes text or already-read values plus `today`, and returns
//! typed results with the notices gathered on the way; nothing here reads a
//! file, looks at the clock or prints. The flow is one way:
//!
//! ```text
//! sources (text, activities) → season::prepare → Season
//!     → plan / check / explain  → responses (Serialize: the JSON API)
//! ```
//!
//! * [`season`] gathers a plan from its sources: a plan file (or the built-in
//!   example, or a template's default athlete), a published template laid out
//!   back from race day, calendars and training history; it fixes the plan
//!   window once.
//! * [`history`] turns recorded activities into the hard and low-form days the
//!   scheduler takes into account, and says what they change in the window.
//! * [`respond`] computes each command's answer as a typed, versioned response.
//! * [`notice`] is what was noticed on the way (warnings and notes).
//! * [`edit`] applies one change to a season's plan file and says what it did;
//!   [`changes`] says what it moved in the recovery plan.
//!
//! ```
//! use knead_app::season::{self, PlanSource, SeasonInput};
//! use knead_app::respond;
//!
//! let today = jiff::civil::date(2027, 1, 4);
//! let season = season::prepare(SeasonInput::new(PlanSource::Example, today)).unwrap();
//! let answer = respond::plan(&season).unwrap();
//! assert!(answer.schedule.items.iter().any(|i| i.reasons.iter().any(|r| r.rule == "R-POST-RACE")));
//! ```

pub mod changes;
pub mod edit;
pub mod error;
pub mod history;
pub mod notice;
pub mod respond;
pub mod season;

pub use error::AppError;
pub use notice::{Level, Notice};
