//! Who may see or change a season: its owner, and accounts it was shared with
//! by a grant. Everyone else is told it does not exist (404), never that it is
//! someone else's.

use knead_store::{Account, Permission, Season, SeasonId};

use crate::error::WebError;
use crate::state::AppState;

/// How an account reaches a season.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It is theirs.
    Owner,
    /// It was shared with them.
    Shared(Permission),
}

/// What a request needs to do with a season.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// Read it.
    View,
    /// Save new versions of its plan.
    Edit,
    /// Its settings, feeds, sharing and deletion: the owner's alone.
    Own,
}

impl Access {
    /// Whether this access allows `need`.
    pub fn allows(self, need: Need) -> bool {
        match (self, need) {
            (Access::Owner, _) => true,
            (Access::Shared(_), Need::View) => true,
            (Access::Shared(Permission::Edit), Need::Edit) => true,
            (Access::Shared(_), _) => false,
        }
    }

    /// Whether the account may edit.
    pub fn can_edit(self) -> bool {
        self.allows(Need::Edit)
    }
}

/// The season `id` if `account` may do `need` with it.
///
/// # Errors
/// [`WebError::NotFound`] when there is no such season or the account may not
/// do that with it (the same answer, so nobody learns what others have).
pub async fn season(
    state: &AppState,
    account: &Account,
    id: i64,
    need: Need,
) -> Result<(Season, Access), WebError> {
    let season = state
        .store
        .season(SeasonId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let access = if season.owner == account.id {
        Access::Owner
    } else {
        let grants = state.store.grants(season.id).await?;
        match grants.iter().find(|g| g.account == account.id) {
            Some(g) => Access::Shared(g.permission),
            None => return Err(WebError::NotFound),
        }
    };
    if !access.allows(need) {
        return Err(WebError::NotFound);
    }
    Ok((season, access))
}
