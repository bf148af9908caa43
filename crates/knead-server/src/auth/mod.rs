//! Who is asking: people by session cookie, programs by personal access token.
//!
//! * [`password`]: argon2id hashes (PHC strings) and their checks.
//! * [`session`]: the session cookie, the signed-in person of a request, and
//!   the CSRF token every form of theirs carries.
//! * [`token`]: `Authorization: Bearer` personal access tokens for the API.

pub mod password;
pub mod session;
pub mod token;

pub use session::{CurrentUser, MaybeUser};
pub use token::ApiUser;
