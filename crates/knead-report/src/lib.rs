//! Renderers: a schedule out as text, Markdown, JSON or iCalendar.
