//! Staff accounts and sessions: the types shared with the browser and the sign-in, sign-out and
//! password server functions. Every staff server function authorises on the server through
//! `crate::backend::auth`; hiding a link in the interface is never the protection.
use serde::{Deserialize, Serialize};

/// What a staff member may do. Catalog work is a ladder (a publisher also edits); acceptance
/// work (applications) is a separate role; an admin may do everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Drafts and edits measures and announcements.
    Editor,
    /// Also publishes, schedules and archives.
    Publisher,
    /// Works the acceptance window: reads and moves applications, nothing in the catalog.
    Reviewer,
    /// Everything, and manages accounts and reads the audit log.
    Admin,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 4] = [Role::Editor, Role::Publisher, Role::Reviewer, Role::Admin];

    /// The name used in the database and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Publisher => "publisher",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn from_slug(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.slug() == s)
    }

    /// Whether this role includes `needed`: an admin may do everything, a reviewer only
    /// reviewer work, and on the catalog ladder a publisher also does an editor's work.
    pub fn allows(self, needed: Role) -> bool {
        match (self, needed) {
            (Role::Admin, _) => true,
            (Role::Reviewer, needed) => needed == Role::Reviewer,
            (_, Role::Reviewer | Role::Admin) => false,
            (me, needed) => me >= needed,
        }
    }
}

/// What a staff page or request needs: any signed-in member (their own account, the staff
/// home), or a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Access {
    /// Any active staff account.
    Member,
    /// An account whose role includes this one.
    Role(Role),
}

impl Access {
    /// Whether a member with `role` has this access.
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Member => true,
            Access::Role(needed) => role.allows(needed),
        }
    }

    /// How the refusal names what is needed.
    pub fn describe(self) -> String {
        match self {
            Access::Member => "a staff account".into(),
            Access::Role(r) => format!("the {} role", r.slug()),
        }
    }
}

impl From<Role> for Access {
    fn from(r: Role) -> Self {
        Access::Role(r)
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
