//! Free-text workout titles ("Tempo 45 min", "{6:9.7}", "Rest or Cross-Train")
//! into knead's workout kinds, with the distance or duration they state.

use knead_core::model::WorkoutKind;

/// What a title says.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// The workout kind.
    pub kind: WorkoutKind,
    /// Distance in km, when the title states one.
    pub distance_km: Option<f64>,
    /// Duration in minutes, when the title states one.
    pub minutes: Option<f64>,
    /// False when no pattern matched and the kind fell back to easy.
    pub recognised: bool,
}

/// Classifies a workout title. `default_unit_km` says how to read a bare number
/// ("6 run"): `true` for km, `false` for miles.
pub fn classify_title(title: &str, default_unit_km: bool) -> Classified {
    let _ = (title, default_unit_km);
    Classified { kind: WorkoutKind::Easy, distance_km: None, minutes: None, recognised: false }
}
