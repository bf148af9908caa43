//! Renderers: the answers of knead-app out as text, Markdown, JSON, iCalendar
//! (a one-shot export, and a subscribed feed for `knead serve`), CSV and the
//! training-load chart as SVG. Nothing here plans or reads; every
//! function takes a schedule or a response and returns the text to show.

pub mod activities;
pub mod calendar;
pub mod check;
pub mod explain;
pub mod feed;
pub mod ics;
pub mod json;
pub mod load;
pub mod markdown;
pub mod rules;
pub mod svg;
pub mod templates;
pub mod text;
pub mod words;

mod vtimezone;
