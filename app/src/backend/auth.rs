//! Staff accounts, passwords, sessions, anti-forgery tokens and sign-in throttling.
//!
//! - Passwords are hashed with Argon2id (the `argon2` crate's defaults: 19 MiB, 2 passes), on a
//!   blocking thread so hashing never stalls the server.
//! - A session is a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure under
//!   HTTPS); the database keeps only its SHA-256, so a copy of the database opens no session.
//! - Every state-changing staff request must carry the session's anti-forgery token and, when
//!   the browser sends one, an `Origin` equal to the server's own.
//! - Ten wrong passwords in a row for one address lock it for fifteen minutes, whether or not
//!   the account exists (so the lock reveals nothing).
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

pub use super::passwords::{hash_password, password_problem, MIN_PASSWORD};
use super::passwords::{verify_password, DUMMY_HASH};
pub use accounts::{add_user, change_password};
pub use cookies::{clear_cookie, session_cookie, set_cookie, token_from_headers};
pub use request::{
    check_origin, current, is_https, is_local_path, origin_allowed, request_is_https, require,
    require_reader, site_base,
};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "policy_staff";
/// How long a session lasts, in seconds (eight hours: a working day).
const SESSION_SECONDS: i64 = 8 * 3600;
/// Wrong passwords in a row before an address is locked.
pub const MAX_FAILURES: i64 = 10;
/// How long the lock lasts, in seconds.
const LOCK_SECONDS: i64 = 15 * 60;

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

/// Checks an e-mail and password; on success opens a session and returns its cookie token.
pub async fn sign_in(backend: &Backend, email: &str, password: &str) -> Result<String, AppError> {
    let key = email.trim().to_lowercase();
    let now = unix_seconds();
    let locked: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, locked_until FROM sign_in_failures WHERE email = $1")
            .bind(&key)
            .fetch_optional(backend.pool())
            .await?;
    if let Some((_, until)) = locked {
        if until > now {
            return Err(AppError::throttled((until - now + 59) / 60));
        }
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
        // After a lock has run out the count starts again.
        let previous = locked
            .map(|l| l.0)
            .filter(|n| *n < MAX_FAILURES)
            .unwrap_or(0);
        let failures = previous + 1;
        let until = if failures >= MAX_FAILURES {
            now + LOCK_SECONDS
        } else {
            0
        };
        sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
            .bind(&key)
            .execute(backend.pool())
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_failures (email, failures, locked_until) VALUES ($1, $2, $3)",
        )
        .bind(&key)
        .bind(failures)
        .bind(until)
        .execute(backend.pool())
        .await?;
        tracing::warn!("failed staff sign-in ({failures} in a row)");
        if until > 0 {
            audit_own(backend, &key, "sign_in.locked").await?;
            return Err(AppError::throttled(LOCK_SECONDS / 60));
        }
        return Err(AppError::bad_credentials());
    };
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(&key)
        .execute(backend.pool())
        .await?;
    let session = long_token()?;
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&session))
    .bind(&user_id)
    .bind(long_token()?)
    .bind(now)
    .bind(now + SESSION_SECONDS)
    .execute(backend.pool())
    .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE expires_at < $1")
        .bind(now)
        .execute(backend.pool())
        .await?;
    audit_own(backend, &key, "sign_in").await?;
    Ok(session)
}

/// The staff member a session token belongs to, if the session is valid.
pub async fn session_user(backend: &Backend, token: &str) -> Result<Option<StaffUser>, DbError> {
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT u.id AS id, u.email AS email, u.role AS role, s.csrf AS csrf FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
    )
    .bind(hash_token(token))
    .bind(unix_seconds())
    .fetch_optional(backend.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
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
