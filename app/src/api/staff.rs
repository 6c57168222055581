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

#[cfg(feature = "ssr")]
use crate::backend::auth;
use leptos::prelude::*;

/// The signed-in staff member, or `None`.
#[server(prefix = "/api/fn", endpoint = "current_staff")]
pub async fn current_staff() -> Result<Option<StaffUser>, ServerFnError> {
    auth::current().await
}

/// Signs in: sets the session cookie and goes to `next` (a local path) or the staff home.
/// Repeated failures for one address are throttled.
#[server(prefix = "/api/fn", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), ServerFnError> {
    auth::check_origin().await?;
    let backend = crate::backend::use_backend()?;
    let secure = auth::request_is_https().await;
    match auth::sign_in(&backend, &email, &password).await {
        Ok(token) => {
            auth::set_cookie(&auth::session_cookie(&token, secure));
            let target = next
                .filter(|n| auth::is_local_path(n) && n.starts_with("/staff"))
                .unwrap_or_else(|| "/staff".into());
            leptos_axum::redirect(&target);
            Ok(())
        }
        Err(e) => Err(e.into_server_error()),
    }
}

/// Signs out: ends the session in the database and clears the cookie.
#[server(prefix = "/api/staff", endpoint = "sign_out")]
pub async fn sign_out(csrf: String) -> Result<(), ServerFnError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    auth::end_session(&backend, &user)
        .await
        .map_err(|e| e.into_server_error())?;
    auth::set_cookie(&auth::clear_cookie());
    leptos_axum::redirect("/staff/sign-in");
    Ok(())
}

/// Changes the signed-in member's password; every other session of theirs ends.
#[server(prefix = "/api/staff", endpoint = "change_password")]
pub async fn change_password(
    csrf: String,
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), ServerFnError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    auth::change_password(&backend, &user, &current, &new_password, &confirm)
        .await
        .map_err(|e| e.into_server_error())?;
    leptos_axum::redirect("/staff/account?changed=1");
    Ok(())
}
