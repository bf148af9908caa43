//! Format adapters: files in, core model out.

pub mod classify;
