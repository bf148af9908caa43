//! What the server tests share: a fresh database per test, a client, the
//! files they upload, a feed reader, and the server's route list.

pub mod client;
pub mod data;
pub mod db;
pub mod ics;
pub mod requests;
pub mod routes;
pub mod world;

pub use client::{App, Client, PASSWORD, Part, Resp, escape, path_of, season_id};
pub use db::Db;
