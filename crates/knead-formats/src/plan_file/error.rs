//! Errors and warnings that point into the file: [`PlanError`], and the
//! source text they are measured against.

use std::ops::Range;

use miette::{NamedSource, SourceSpan};

use crate::suggest::{did_you_mean, nearest};

/// Why a plan file could not be read: what was expected, and where.
///
/// `Display` gives `file:line:column: message`; as a [`miette::Diagnostic`] it
/// also carries the source text and a labelled span for a snippet.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct PlanError(Box<Details>);

/// The content of a [`PlanError`], boxed to keep `Result`s small.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{file}:{line}:{column}: {message}")]
#[diagnostic(code(knead::plan_file))]
struct Details {
    message: String,
    file: String,
    line: usize,
    column: usize,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
}

impl PlanError {
    /// What went wrong and what was expected, without the position.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The file name given to [`parse`](super::parse).
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// The 1-based line of the start of the offending text.
    pub fn line(&self) -> usize {
        self.0.line
    }

    /// The 1-based column (in characters) of the start of the offending text.
    pub fn column(&self) -> usize {
        self.0.column
    }

    /// The byte range of the offending text in the source.
    pub fn span(&self) -> Range<usize> {
        let start = self.0.span.offset();
        start..start + self.0.span.len()
    }
}
/// The file being read, for positions and messages.
pub(super) struct Source<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl Source<'_> {
    /// Clamps a span to the text and to character boundaries.
    fn clamp(&self, span: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let mut start = span.start.min(len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, len);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    pub(super) fn error(
        &self,
        span: Range<usize>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> PlanError {
        let span = self.clamp(span);
        let (line, column) = self.position(span.start);
        PlanError(Box::new(Details {
            message,
            file: self.file.to_string(),
            line,
            column,
            source_code: NamedSource::new(self.file, self.text.to_string()),
            span: (span.start, span.end - span.start).into(),
            label: label.to_string(),
            help,
        }))
    }

    pub(super) fn warning(&self, span: Range<usize>, message: &str) -> String {
        let span = self.clamp(span);
        let (line, column) = self.position(span.start);
        format!("{}:{line}:{column}: warning: {message}", self.file)
    }

    pub(super) fn line_of(&self, span: &Range<usize>) -> usize {
        self.position(self.clamp(span.clone()).start).0
    }

    /// Turns a toml error (syntax, shape, type or a value's own check) into a [`PlanError`].
    pub(super) fn toml_error(&self, e: &toml::de::Error) -> PlanError {
        let span = e.span().unwrap_or(0..0);
        let mut message = tidy_serde_message(e.message());
        if let Some(hint) = unknown_field_hint(&message) {
            message = format!("{message}; {hint}");
        }
        // toml only shows the key path when it has no source to point into.
        let mut bare = e.clone();
        bare.set_input(None);
        let keys = bare.to_string().lines().find_map(|l| {
            l.strip_prefix("in `")
                .and_then(|r| r.strip_suffix('`'))
                .map(str::to_string)
        });
        if let Some(keys) = keys {
            message = format!("{message} (in `{keys}`)");
        }
        self.error(span, message, "here", None)
    }
}

/// "did you mean ...?" for serde's "unknown field `x`, expected one of `a`, `b`"
/// (or "expected `a` or `b`"), when a field is near `x`.
fn unknown_field_hint(message: &str) -> Option<String> {
    let (field, expected) = message.strip_prefix("unknown field `")?.split_once('`')?;
    // The expected names are every other piece between backticks.
    let fields = expected.split('`').skip(1).step_by(2);
    did_you_mean(&nearest(field, fields))
}

/// Rewords serde's data-model terms in TOML's.
fn tidy_serde_message(message: &str) -> String {
    message
        .trim_end()
        .replace("expected a sequence", "expected an array")
        .replace("invalid type: sequence", "invalid type: array")
        .replace("invalid type: map", "invalid type: table")
        .replace("expected a map", "expected a table")
}
