//! Format adapters: files in, core model out.

pub mod activity;
pub mod classify;
pub mod example;
pub mod ics;
pub mod plan_file;
mod quote;
pub mod suggest;
pub mod template;
