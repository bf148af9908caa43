//! knead's pure core: the plan model, the rule catalogue, the scheduler, the
//! checker and the training-load model. Nothing here reads files, talks to the
//! network or knows about terminals; format adapters and the CLI live in other
//! crates.
//!
//! Data flows one way: a [`model::Plan`] and [`context::Options`] make a
//! [`context::PlanContext`]; [`scheduler::solve`] finds the best massages under
//! the hard rules of [`constraints`] and the objective of [`objective`];
//! [`plan::build`] adds self-massage, aftercare and warnings and explains every
//! item by rule id; [`check`] judges bookings; [`explain`] answers "why this day".

pub mod block;
pub mod calendar;
pub mod catalogue;
pub mod check;
pub mod constraints;
pub mod context;
pub mod days;
pub mod explain;
pub mod load;
pub mod model;
pub mod objective;
pub mod plan;
pub mod rules;
pub mod safety;
pub mod scheduler;
pub mod selfcare;
pub mod slots;
