//! Reading a template: a built-in id or a file, as JSON or YAML.

use std::path::Path;

use super::builtin::{load_builtin, nearest_builtins};
use super::schema::RawPlan;
use super::{Template, TemplateError};

/// The two file formats of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Loads a built-in template by id (`higdon_nov_mara1`), or a `.json`, `.yaml`
/// or `.yml` file by path. A file with another extension is read as JSON when
/// it starts with `{`, else as YAML.
pub fn load(name_or_path: &str) -> Result<Template, TemplateError> {
    if let Some(builtin) = load_builtin(name_or_path) {
        return builtin;
    }
    let path = Path::new(name_or_path);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let known = matches!(ext.as_deref(), Some("json" | "yaml" | "yml"));
    if !known && !path.exists() {
        return Err(TemplateError::NotFound {
            name: name_or_path.to_string(),
            nearest: nearest_builtins(name_or_path),
        });
    }
    let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Read {
        path: name_or_path.to_string(),
        source,
    })?;
    let format = match ext.as_deref() {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ if text.trim_start().starts_with('{') => Format::Json,
        _ => Format::Yaml,
    };
    parse_str(&text, format, name_or_path)
}

/// Parses a template from text; `file` names it in errors.
pub fn parse_str(text: &str, format: Format, file: &str) -> Result<Template, TemplateError> {
    let raw: RawPlan = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            TemplateError::Parse {
                file: file.to_string(),
                line: e.line(),
                column: e.column(),
                message: message
                    .strip_suffix(&suffix)
                    .unwrap_or(&message)
                    .to_string(),
            }
        })?,
        Format::Yaml => serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .unwrap_or((0, 0));
            TemplateError::Parse {
                file: file.to_string(),
                line,
                column,
                message: yaml_message(&e),
            }
        })?,
    };
    raw.into_template(file)
}

/// The first line of a YAML error, without the snippet the crate draws and
/// without the position (the error gives it once, in front).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.to_string();
    let first = full
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid YAML")
        .trim()
        .trim_start_matches("error: ");
    // "line 6 column 5: message"
    let without_position = first
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(position, _)| {
            position.contains(" column ")
                && position
                    .chars()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_alphabetic() || c == ' ')
        })
        .map_or(first, |(_, message)| message);
    without_position.to_string()
}
