//! Distances as a plan file writes them, and the file's `units` setting.

use knead_core::model::DistanceUnit;

use super::names::{find, normalise};

/// The `units` setting, `km` or `mi`.
pub fn units(name: &str) -> Result<DistanceUnit, String> {
    const TABLE: &[(&str, DistanceUnit)] = &[("km", DistanceUnit::Km), ("mi", DistanceUnit::Mi)];
    find("unit", name, TABLE, &["km", "mi"])
}

/// A distance, as written in a plan file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distance {
    /// A bare number, in the file's `units`.
    Bare(f64),
    /// A distance that named its unit or a standard race, in kilometres.
    Km(f64),
}

impl Distance {
    /// The distance in kilometres, reading bare numbers in `units`.
    pub fn km(self, units: DistanceUnit) -> f64 {
        match self {
            Distance::Bare(n) => n * units.km_per_unit(),
            Distance::Km(km) => km,
        }
    }
}

/// Parses a distance string: a race name (`5k`, `10k`, `half`, `marathon`,
/// `ultra` = 50 km), a number with a unit (`"25 km"`, `"15 mi"`, `"20mi"`,
/// `"25k"`, `"13.1 miles"`), or a bare number (read in the file's units).
/// Distances must be finite and above zero.
pub fn distance(text: &str) -> Result<Distance, String> {
    use knead_core::model::distance::{FIVE_K, HALF, MARATHON, TEN_K};
    let named = match normalise(text).as_str() {
        "5k" => Some(FIVE_K),
        "10k" => Some(TEN_K),
        "half" | "half-marathon" => Some(HALF),
        "marathon" | "full" | "full-marathon" => Some(MARATHON),
        "ultra" | "50k" => Some(50.0),
        _ => None,
    };
    if let Some(km) = named {
        return Ok(Distance::Km(km));
    }
    let expected = "expected a number with a unit such as \"25 km\" or \"15 mi\", or one of \
                    5k, 10k, half, marathon, ultra";
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+' || c == '-' || c == '_'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let value: f64 = match number.replace('_', "").parse() {
        Ok(v) if !number.is_empty() => v,
        _ => return Err(format!("cannot read distance `{text}`: {expected}")),
    };
    let per_km = match normalise(unit).as_str() {
        "" => None,
        "km" | "k" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => Some(1.0),
        "mi" | "mile" | "miles" => Some(knead_core::model::distance::MILE_KM),
        _ => return Err(format!("unknown distance unit in `{text}`: {expected}")),
    };
    check_distance(value).map_err(|m| format!("{m} in `{text}`"))?;
    Ok(match per_km {
        None => Distance::Bare(value),
        Some(f) => Distance::Km(value * f),
    })
}

/// Checks a distance number is finite, above zero and at most 5000.
pub(crate) fn check_distance(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        Err(format!("distance {value} is not a finite number"))
    } else if value <= 0.0 {
        Err(format!("distance {value} must be more than 0"))
    } else if value > 5000.0 {
        Err(format!(
            "distance {value}: expected at most 5000 (km or mi) for one workout or race"
        ))
    } else {
        Ok(value)
    }
}
