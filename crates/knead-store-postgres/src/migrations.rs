//! The migrations in `migrations/`, embedded in the binary and applied on open
//! (through [`knead_store::sql::migrator`]).

use knead_store::sql::Migrations;

/// Each migration: version, description, SQL. Add new files here in order.
pub(crate) const MIGRATIONS: Migrations = &[(
    20261130000000,
    "initial",
    include_str!("../migrations/20261130000000_initial.sql"),
)];

#[cfg(test)]
mod tests {
    use knead_store::sql::{files_in, migration_files};

    use super::MIGRATIONS;

    #[test]
    fn every_file_in_migrations_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        assert_eq!(files_in(dir).unwrap(), migration_files(MIGRATIONS));
    }
}
