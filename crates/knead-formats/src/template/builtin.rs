//! The templates shipped in the binary.

use super::{Format, Template, TemplateError, TemplateInfo, parse_str};
use crate::suggest::nearest;

/// A template embedded in the binary.
struct Builtin {
    id: &'static str,
    format: Format,
    text: &'static str,
}

macro_rules! builtin {
    ($id:literal, json) => {
        Builtin {
            id: $id,
            format: Format::Json,
            text: include_str!(concat!("../../plans/", $id, ".json")),
        }
    };
    ($id:literal, yaml) => {
        Builtin {
            id: $id,
            format: Format::Yaml,
            text: include_str!(concat!("../../plans/", $id, ".yaml")),
        }
    };
}

/// The shipped plans (MIT, from calendar-hack; `plans/LICENSE.md`), by id.
const BUILTIN: &[Builtin] = &[
    builtin!("frr_5k_01", json),
    builtin!("hansons_beg_mara", yaml),
    builtin!("higdon_adv_mara1", json),
    builtin!("higdon_int_mara1", yaml),
    builtin!("higdon_nov_half1", yaml),
    builtin!("higdon_nov_mara1", yaml),
];

/// The built-in templates, by id, for `knead template list`.
pub fn builtin() -> Vec<TemplateInfo> {
    BUILTIN
        .iter()
        .filter_map(|b| parse_builtin(b).ok())
        .map(|t| TemplateInfo {
            id: t.id,
            name: t.name,
            units: t.units,
            weeks: t.weeks.len(),
            race_type: t.race_type,
        })
        .collect()
}

/// The built-in template `id`, parsed; `None` when no built-in has that id.
pub(super) fn load_builtin(id: &str) -> Option<Result<Template, TemplateError>> {
    BUILTIN.iter().find(|b| b.id == id).map(parse_builtin)
}

/// The built-in ids nearest to `name` (compared in lower case), for "did you mean".
pub(super) fn nearest_builtins(name: &str) -> Vec<String> {
    let name = name.trim().to_ascii_lowercase();
    nearest(&name, BUILTIN.iter().map(|b| b.id))
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn parse_builtin(b: &Builtin) -> Result<Template, TemplateError> {
    let ext = match b.format {
        Format::Json => "json",
        Format::Yaml => "yaml",
    };
    let mut t = parse_str(b.text, b.format, &format!("(built-in) {}.{ext}", b.id))?;
    t.id = b.id.to_string();
    Ok(t)
}
