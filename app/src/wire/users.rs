//! Staff accounts as admins manage them.
use crate::wire::staff::Role;
use serde::{Deserialize, Serialize};

/// One staff account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Account id.
    pub id: String,
    /// Sign-in address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Whether the account may sign in.
    pub active: bool,
    /// When it was created (UTC).
    pub created_at: String,
}
