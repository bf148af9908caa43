//! The names (and aliases) a plan file accepts for knead's enumerations.
//!
//! Matching ignores case, surrounding space and apostrophes, and treats spaces
//! and underscores like hyphens, so `"IT band"`, `"it_band"` and `"It-Band"` are
//! the same name. Each function returns the message to show when the name is
//! unknown, listing the canonical names and, when the name is close to a known
//! one, suggesting it ("did you mean ..."); the CLI can use these for flags too.

use knead_core::model::{BodyArea, Condition, MassageType, Priority, Sex, Tool, WorkoutKind};

pub use super::distance::{Distance, distance};
use crate::suggest::{did_you_mean, nearest};

/// Lower-cases `name`, drops apostrophes and turns runs of spaces, underscores
/// and hyphens into one hyphen, so aliases compare equal however they are typed.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_hyphen = false;
    for c in name.trim().chars() {
        match c {
            '\'' | '\u{2019}' => {}
            ' ' | '_' | '-' | '\t' => pending_hyphen = true,
            c => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

/// Looks `name` up in `table` (normalised keys); on failure builds
/// "unknown {what} `{name}`: expected one of {canonical}", followed by
/// "; did you mean ...?" when a key is near the name.
pub(super) fn find<T: Copy>(
    what: &str,
    name: &str,
    table: &[(&str, T)],
    canonical: &[&str],
) -> Result<T, String> {
    let key = normalise(name);
    if let Some(&(_, v)) = table.iter().find(|(k, _)| *k == key) {
        return Ok(v);
    }
    let mut message = format!(
        "unknown {what} `{name}`: expected one of {}",
        canonical.join(", ")
    );
    let near = nearest(&key, table.iter().map(|&(k, _)| k));
    if let Some(hint) = did_you_mean(&near) {
        message.push_str("; ");
        message.push_str(&hint);
    }
    Err(message)
}

/// Canonical body-area names, in the order the messages list them.
pub const BODY_AREAS: [&str; 14] = [
    "plantar-fascia",
    "foot",
    "achilles",
    "shins",
    "calf",
    "knee",
    "it-band",
    "hamstring",
    "quads",
    "hip-flexors",
    "glutes",
    "hip",
    "lower-back",
    "back",
];

/// A body area from its kebab name or a common alias ("plantar fasciitis",
/// "shin splints", "IT band", "itb", "hamstrings", "calves", ...).
pub fn body_area(name: &str) -> Result<BodyArea, String> {
    use BodyArea::*;
    const TABLE: &[(&str, BodyArea)] = &[
        ("plantar-fascia", PlantarFascia),
        ("plantar-fasciitis", PlantarFascia),
        ("plantar", PlantarFascia),
        ("foot", Foot),
        ("feet", Foot),
        ("arch", Foot),
        ("arches", Foot),
        ("foot-arches", Foot),
        ("achilles", Achilles),
        ("achilles-tendon", Achilles),
        ("achilles-tendinitis", Achilles),
        ("achilles-tendinopathy", Achilles),
        ("shins", Shins),
        ("shin", Shins),
        ("shin-splints", Shins),
        ("calf", Calf),
        ("calves", Calf),
        ("knee", Knee),
        ("knees", Knee),
        ("runners-knee", Knee),
        ("it-band", ItBand),
        ("itb", ItBand),
        ("itbs", ItBand),
        ("it-band-syndrome", ItBand),
        ("iliotibial-band", ItBand),
        ("hamstring", Hamstring),
        ("hamstrings", Hamstring),
        ("quads", Quads),
        ("quad", Quads),
        ("quadriceps", Quads),
        ("hip-flexors", HipFlexors),
        ("hip-flexor", HipFlexors),
        ("glutes", Glutes),
        ("glute", Glutes),
        ("hip", Hip),
        ("hips", Hip),
        ("lower-back", LowerBack),
        ("low-back", LowerBack),
        ("back", Back),
        ("upper-back", Back),
        ("neck", Back),
        ("shoulders", Back),
    ];
    find("body area", name, TABLE, &BODY_AREAS)
}

/// Canonical tool names.
pub const TOOLS: [&str; 4] = ["foam-roller", "massage-stick", "ball", "percussion-gun"];

/// A self-massage tool from its kebab name or an alias (`roller`, `stick`,
/// `tennis-ball`, `gun`, `massage-gun`, ...).
pub fn tool(name: &str) -> Result<Tool, String> {
    use Tool::*;
    const TABLE: &[(&str, Tool)] = &[
        ("foam-roller", FoamRoller),
        ("roller", FoamRoller),
        ("massage-stick", MassageStick),
        ("stick", MassageStick),
        ("ball", Ball),
        ("tennis-ball", Ball),
        ("massage-ball", Ball),
        ("lacrosse-ball", Ball),
        ("percussion-gun", PercussionGun),
        ("gun", PercussionGun),
        ("massage-gun", PercussionGun),
    ];
    find("tool", name, TABLE, &TOOLS)
}

/// Canonical workout kinds.
pub const WORKOUT_KINDS: [&str; 10] = [
    "rest",
    "easy",
    "recovery",
    "long",
    "tempo",
    "intervals",
    "hills",
    "race",
    "cross",
    "strength",
];

/// A workout kind; only the canonical names are accepted (case-insensitive).
pub fn workout_kind(name: &str) -> Result<WorkoutKind, String> {
    let table: Vec<(&str, WorkoutKind)> =
        WorkoutKind::ALL.iter().map(|k| (k.as_str(), *k)).collect();
    find("workout kind", name, &table, &WORKOUT_KINDS)
}

/// Canonical weekday names.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A weekday as its Monday-zero index (0 = Monday), from a short or full English name.
pub fn weekday(name: &str) -> Result<usize, String> {
    const TABLE: &[(&str, usize)] = &[
        ("mon", 0),
        ("monday", 0),
        ("tue", 1),
        ("tues", 1),
        ("tuesday", 1),
        ("wed", 2),
        ("weds", 2),
        ("wednesday", 2),
        ("thu", 3),
        ("thur", 3),
        ("thurs", 3),
        ("thursday", 3),
        ("fri", 4),
        ("friday", 4),
        ("sat", 5),
        ("saturday", 5),
        ("sun", 6),
        ("sunday", 6),
    ];
    find("weekday", name, TABLE, &WEEKDAYS)
}

/// Canonical massage types.
pub const MASSAGE_TYPES: [&str; 3] = ["deep", "art", "swedish"];

/// A professional massage type (`deep`, `art`, `swedish`; also `deep-tissue`,
/// `active-release`, `light`).
pub fn massage_type(name: &str) -> Result<MassageType, String> {
    use MassageType::*;
    const TABLE: &[(&str, MassageType)] = &[
        ("deep", Deep),
        ("deep-tissue", Deep),
        ("art", Art),
        ("active-release", Art),
        ("active-release-technique", Art),
        ("swedish", Swedish),
        ("light", Swedish),
    ];
    find("massage type", name, TABLE, &MASSAGE_TYPES)
}

/// Canonical types of a prepaid package.
pub const CREDIT_TYPES: [&str; 4] = ["deep", "art", "swedish", "any"];

/// The type a prepaid package pays for: a massage type (with the aliases of
/// [`massage_type`]), or `any` (also `any-type`, `all`) for `None`.
pub fn credit_type(name: &str) -> Result<Option<MassageType>, String> {
    use MassageType::*;
    const TABLE: &[(&str, Option<MassageType>)] = &[
        ("deep", Some(Deep)),
        ("deep-tissue", Some(Deep)),
        ("art", Some(Art)),
        ("active-release", Some(Art)),
        ("active-release-technique", Some(Art)),
        ("swedish", Some(Swedish)),
        ("light", Some(Swedish)),
        ("any", None),
        ("any-type", None),
        ("all", None),
    ];
    find("package type", name, TABLE, &CREDIT_TYPES)
}

/// Canonical condition names.
pub const CONDITIONS: [&str; 10] = [
    "suspected-dvt",
    "fever",
    "acute-strain",
    "wound",
    "fracture",
    "anticoagulants",
    "pregnancy",
    "cancer",
    "rhabdomyolysis",
    "unexplained-pain",
];

/// A screening condition from its kebab name or an alias (`dvt`, `illness`,
/// `strain`, `sprain`, `stress-fracture`, `surgery`, `blood-thinners`, `pregnant`,
/// `tumour`, `rhabdo`, ...).
pub fn condition(name: &str) -> Result<Condition, String> {
    use Condition::*;
    const TABLE: &[(&str, Condition)] = &[
        ("suspected-dvt", SuspectedDvt),
        ("dvt", SuspectedDvt),
        ("fever", Fever),
        ("illness", Fever),
        ("acute-strain", AcuteStrain),
        ("strain", AcuteStrain),
        ("sprain", AcuteStrain),
        ("contusion", AcuteStrain),
        ("wound", Wound),
        ("burn", Wound),
        ("skin-infection", Wound),
        ("fracture", Fracture),
        ("stress-fracture", Fracture),
        ("surgery", Fracture),
        ("anticoagulants", Anticoagulants),
        ("blood-thinners", Anticoagulants),
        ("bleeding-disorder", Anticoagulants),
        ("pregnancy", Pregnancy),
        ("pregnant", Pregnancy),
        ("cancer", Cancer),
        ("tumour", Cancer),
        ("tumor", Cancer),
        ("rhabdomyolysis", Rhabdomyolysis),
        ("rhabdo", Rhabdomyolysis),
        ("unexplained-pain", UnexplainedPain),
        ("numbness", UnexplainedPain),
        ("hypertension", UnexplainedPain),
    ];
    find("condition", name, TABLE, &CONDITIONS)
}

/// A race priority, `A`, `B` or `C` (either case).
pub fn priority(name: &str) -> Result<Priority, String> {
    const TABLE: &[(&str, Priority)] =
        &[("a", Priority::A), ("b", Priority::B), ("c", Priority::C)];
    find("race priority", name, TABLE, &["A", "B", "C"])
}

/// Sex for the TRIMP weighting, `male` or `female`.
pub fn sex(name: &str) -> Result<Sex, String> {
    const TABLE: &[(&str, Sex)] = &[("male", Sex::Male), ("female", Sex::Female)];
    find("sex", name, TABLE, &["male", "female"])
}
