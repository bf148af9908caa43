//! Renderers: a schedule out as text, Markdown, JSON or iCalendar, and the
//! training-load chart as SVG. Nothing here plans; everything here only shows.

pub mod calendar;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod text;
pub mod words;
