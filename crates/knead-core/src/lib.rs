//! knead's pure core: the plan model, the rule catalogue, the scheduler, the
//! checker and the training-load model. Nothing here reads files, talks to the
//! network or knows about terminals; format adapters and the CLI live in other
//! crates.

pub mod catalogue;
pub mod model;
pub mod rules;
