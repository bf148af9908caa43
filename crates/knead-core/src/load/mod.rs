//! The training-load model: how hard each session was (TRIMP), how fitness,
//! fatigue and form follow from the daily loads (CTL, ATL, TSB), and which days
//! of a runner's history count as hard.
//!
//! Everything here is pure arithmetic over the core model; the formulas and
//! their constants are those of `evidence.md` §2:
//!
//! * [`trimp()`]: Banister TRIMP = Σ minutes × x × a·e^(b·x), with
//!   x = (HR − HR_rest)/(HR_max − HR_rest); men a = 0.64, b = 1.92; women
//!   a = 0.86, b = 1.67.
//! * [`pmc()`]: CTL_d = CTL_{d−1} + k·(L_d − CTL_{d−1}), ATL likewise, and
//!   TSB_d = CTL_{d−1} − ATL_{d−1}; k = 1/N (TrainingPeaks) or 1 − e^(−1/N)
//!   (GoldenCheetah).
//! * [`hard`]: the hard days (rule L-HARD) and low-form days (rule L-FORM) the
//!   scheduler treats like hard workouts.

pub mod hard;
pub mod pmc;
pub mod trimp;

pub use hard::{HardDay, HardDayConfig, activity_minutes, hard_days, low_form_days};
pub use pmc::{AcwrDay, PmcConfig, PmcDay, Weighting, acwr, daily_loads, local_date, pmc};
pub use trimp::{TrimpConfig, TrimpMethod, TrimpResult, trimp, trimp_with};
