//! Staff accounts, passwords, sessions, anti-forgery tokens and sign-in throttling.
//!
//! - Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), on a
//!   blocking thread so hashing never stalls the server.
//! - A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure under
//!   HTTPS); the database keeps only its SHA-256, so a copy of the database opens no session.
//! - Every state-changing staff request must carry the session's anti-forgery token and, when
//!   the browser sends one, an `Origin` equal to the server's own.
//! - Ten wrong passwords in a row for one account from one client address lock that pair for
//!   fifteen minutes, whether or not the account exists (so the lock reveals nothing); thirty
//!   from one address over any accounts throttle the address (`throttle`).
//! - A session ends after eight hours, or after half an hour unused; a role change or
//!   deactivation ends the member's sessions, so new rights always come with a new session.
//!
//! Accounts are in `accounts`, the cookie in `cookies` and the checks on each request in
//! `request`; this file opens and ends sessions.
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::audit;
use super::clock::unix_seconds;
use super::db::DbError;
use super::store::Backend;
use super::tokens::token;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};

mod accounts;
mod cookies;
mod request;
pub mod throttle;

pub use super::passwords::{hash_password, password_problem, MIN_PASSWORD};
use super::passwords::{verify_password, DUMMY_HASH};
pub use accounts::{add_user, change_password};
pub use cookies::{clear_cookie, session_cookie, set_cookie, token_from_headers};
pub use request::{
    check_origin, client_addr, constant_time_eq, current, is_https, request_is_https, require,
    require_reader, same_origin, site_base, ClientAddr, LocalPath,
};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "policy_staff";
/// How long a session lasts at most, in seconds (eight hours: a working day).
const SESSION_SECONDS: i64 = 8 * 3600;
/// How long a session lasts unused, in seconds (half an hour).
pub const IDLE_SECONDS: i64 = 30 * 60;
pub use throttle::{MAX_ADDRESS_FAILURES, MAX_FAILURES};

/// The SHA-256 of a secret token, in hex: what the database keeps instead of the token.
pub(crate) fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh 256-bit token in hex.
pub(crate) fn long_token() -> Result<String, AppError> {
    Ok(format!("{}{}", token()?, token()?))
}

/// An active account's id and password hash, as sign-in reads them.
#[derive(FromRow)]
struct Credentials {
    id: String,
    password_hash: String,
}

/// Checks an e-mail and password from `client` (the address the request came from); on success
/// opens a session and returns its cookie token. An address that is not an e-mail address is
/// refused before anything is counted or stored. Unknown addresses and wrong passwords get the
/// same answer after the same Argon2 work; throttling is in [`throttle`].
pub async fn sign_in(
    backend: &Backend,
    client: &ClientAddr,
    email: &str,
    password: &str,
) -> Result<String, AppError> {
    let key = super::passwords::normalise_email(email)?;
    if password.len() > 1024 {
        return Err(AppError::bad_credentials());
    }
    if let Err(minutes) = throttle::check(backend, &client.0, &key).await? {
        return Err(AppError::throttled(minutes));
    }
    let account = sqlx::query_as::<_, Credentials>(
        "SELECT id, password_hash FROM users WHERE email = $1 AND active = 1",
    )
    .bind(&key)
    .fetch_optional(backend.pool())
    .await?;
    let hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_string());
    let ok = verify_password(hash, password).await && account.is_some();
    let Some(Credentials { id: user_id, .. }) = account.filter(|_| ok) else {
        return match throttle::fail(backend, &client.0, &key).await? {
            throttle::Failure::Counted => Err(AppError::bad_credentials()),
            throttle::Failure::Locked { minutes, first } => {
                if first {
                    audit_own(backend, &key, "sign_in.locked").await?;
                }
                Err(AppError::throttled(minutes))
            }
        };
    };
    throttle::succeed(backend, &client.0, &key).await?;
    let now = unix_seconds();
    let session = long_token()?;
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(hash_token(&session))
    .bind(&user_id)
    .bind(long_token()?)
    .bind(now)
    .bind(now + SESSION_SECONDS)
    .execute(backend.pool())
    .await?;
    audit_own(backend, &key, "sign_in").await?;
    Ok(session)
}

/// Ends the session a cookie token names, if any (signing in again replaces the old session
/// instead of leaving it open beside the new one).
pub async fn drop_session(backend: &Backend, token: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(backend.pool())
        .await?;
    Ok(())
}

/// The staff member a session token belongs to, if the session is valid.
pub async fn session_user(backend: &Backend, token: &str) -> Result<Option<StaffUser>, DbError> {
    let now = unix_seconds();
    let token_hash = hash_token(token);
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT u.id AS id, u.email AS email, u.role AS role, s.csrf AS csrf, s.last_seen_at AS last_seen_at FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active = 1",
    )
    .bind(&token_hash)
    .bind(now)
    .bind(now - IDLE_SECONDS)
    .fetch_optional(backend.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    // Used now: the idle clock starts again (written at most once a minute).
    if now - r.last_seen_at >= 60 {
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&token_hash)
            .execute(backend.pool())
            .await?;
    }
    Ok(Role::from_slug(&r.role).map(|role| StaffUser {
        id: r.id,
        email: r.email,
        role,
        csrf: r.csrf,
    }))
}

/// A valid session's account and anti-forgery token.
#[derive(FromRow)]
struct SessionRow {
    id: String,
    email: String,
    role: String,
    csrf: String,
    last_seen_at: i64,
}

/// Ends the session identified by the user's anti-forgery token.
pub async fn end_session(backend: &Backend, user: &StaffUser) -> Result<(), AppError> {
    end_sessions(backend, user, Sessions::This, "sign_out").await
}

/// Which of a member's sessions to end.
enum Sessions {
    /// The one with the member's anti-forgery token.
    This,
    /// Every other one.
    Others,
}

/// Ends some of a member's sessions and audits `action` as theirs.
async fn end_sessions(
    backend: &Backend,
    user: &StaffUser,
    which: Sessions,
    action: &str,
) -> Result<(), AppError> {
    let sql = match which {
        Sessions::This => "DELETE FROM staff_sessions WHERE user_id = $1 AND csrf = $2",
        Sessions::Others => "DELETE FROM staff_sessions WHERE user_id = $1 AND csrf <> $2",
    };
    sqlx::query(sql)
        .bind(&user.id)
        .bind(&user.csrf)
        .execute(backend.pool())
        .await?;
    audit_own(backend, &user.email, action).await?;
    Ok(())
}

/// Audits something a member did to their own account (signing in or out, a lock).
async fn audit_own(backend: &Backend, email: &str, action: &str) -> Result<(), DbError> {
    audit::record(
        backend.pool(),
        audit::Entry {
            actor: email,
            action,
            target_kind: "user",
            target_id: Some(email),
            before: None,
            after: None,
        },
    )
    .await
}
