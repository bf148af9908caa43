//! The HTML pages: server-rendered with maud (every value escaped unless
//! marked otherwise), mobile first, readable without JavaScript. Forms post
//! and redirect; a failed form answers with the reason beside it.

pub mod account;
pub mod assets;
pub mod clinic;
pub mod coach;
pub mod home;
pub mod layout;
pub mod season;
pub mod seasons;
pub mod settings;
pub mod sharing;
