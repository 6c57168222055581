//! Staff accounts and sessions: the types shared with the browser and the sign-in, sign-out and
//! password server functions. Every staff server function authorises on the server through
//! `crate::backend::auth`; hiding a link in the interface is never the protection.
use serde::{Deserialize, Serialize};

/// What a staff member may do. Each role includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Drafts and edits measures and announcements.
    Editor,
    /// Also publishes, schedules and archives.
    Publisher,
    /// Also manages accounts and reads the audit log.
    Admin,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 3] = [Role::Editor, Role::Publisher, Role::Admin];

    /// The name used in the database and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn from_slug(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == s)
    }

    /// Whether this role includes `needed`.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }
}

/// The signed-in staff member, as pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    /// Account id.
    pub id: String,
    /// Sign-in e-mail address.
    pub email: String,
    /// Role.
    pub role: Role,
    /// The session's anti-forgery token; every state-changing staff form sends it back.
    pub csrf: String,
}
