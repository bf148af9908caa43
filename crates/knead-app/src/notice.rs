//! What was noticed while gathering a season: warnings (something was skipped
//! or guessed) and notes (what was read, what history changes).

use std::fmt;

use serde::Serialize;

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Something was skipped, guessed or looks wrong.
    Warning,
    /// Information: what was read or assumed.
    Note,
}

impl Level {
    /// `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// One thing noticed, with where it was found when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Warning or note.
    pub level: Level,
    /// The file (and line) it is about, e.g. `plan.toml:12:3`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What was noticed.
    pub message: String,
}

impl Notice {
    /// A warning.
    pub fn warning(message: impl Into<String>) -> Notice {
        Notice {
            level: Level::Warning,
            location: None,
            message: message.into(),
        }
    }

    /// A note.
    pub fn note(message: impl Into<String>) -> Notice {
        Notice {
            level: Level::Note,
            location: None,
            message: message.into(),
        }
    }

    /// The same notice about `location`.
    pub fn at(mut self, location: impl Into<String>) -> Notice {
        self.location = Some(location.into());
        self
    }

    /// A warning written by a reader as `location: warning: message` (the plan
    /// file's form) or as a bare message.
    pub fn from_reader_warning(text: &str) -> Notice {
        match text.split_once(": warning: ") {
            Some((location, message)) => Notice::warning(message).at(location),
            None => Notice::warning(text.strip_prefix("warning: ").unwrap_or(text)),
        }
    }
}

impl fmt::Display for Notice {
    /// `location: level: message` (as compilers write it), or `level: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}: {}", self.level.as_str(), self.message),
            None => write!(f, "{}: {}", self.level.as_str(), self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_warnings_keep_their_location() {
        let n = Notice::from_reader_warning("plan.toml:3:1: warning: unknown tool");
        assert_eq!(n.location.as_deref(), Some("plan.toml:3:1"));
        assert_eq!(n.to_string(), "plan.toml:3:1: warning: unknown tool");
        let bare = Notice::from_reader_warning("warning: week 3 day 2: date out of range");
        assert_eq!(bare.location, None);
        assert_eq!(bare.to_string(), "warning: week 3 day 2: date out of range");
    }
}
