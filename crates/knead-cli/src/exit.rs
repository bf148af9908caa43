//! Exit statuses, as the README lists them.

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: done, nothing to report.
    Fine,
    /// 1: done, with findings: broken rules, a damaged calendar under `check`,
    /// or files of a batch that could not be read.
    Findings,
    /// 3: could not be done: a missing or unreadable file, a parse error, a
    /// failed write. (2 is a usage error, reported by the argument parser.)
    Failed,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Fine => ExitCode::SUCCESS,
            Status::Findings => ExitCode::from(1),
            Status::Failed => ExitCode::from(3),
        }
    }
}

/// An error in how knead was called (a bad option value): exit status 2, like
/// the argument parser's own.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{0}")]
pub struct Usage(pub String);

/// A usage error with `message`.
pub fn usage(message: impl Into<String>) -> miette::Report {
    miette::Report::new(Usage(message.into()))
}
