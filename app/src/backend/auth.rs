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
use axum::http::{header, HeaderMap};
use leptos::prelude::*;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use super::audit;
use super::clock::{now_rfc3339, unix_seconds};
use super::db::DbError;
use super::store::Backend;
use super::tokens::token;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};

pub use super::passwords::{hash_password, password_problem, MIN_PASSWORD};
use super::passwords::{normalise_email, verify_password, DUMMY_HASH};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "policy_staff";
/// How long a session lasts, in seconds (eight hours: a working day).
const SESSION_SECONDS: i64 = 8 * 3600;
/// Wrong passwords in a row before an address is locked.
pub const MAX_FAILURES: i64 = 10;
/// How long the lock lasts, in seconds.
const LOCK_SECONDS: i64 = 15 * 60;

/// Creates an account (`server user add`, or an admin); returns its id. `actor` is audited.
pub async fn add_user(
    backend: &Backend,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<String, AppError> {
    let email = normalise_email(email)?;
    if let Some(p) = password_problem(password, &email) {
        return Err(AppError::invalid(p));
    }
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(backend.pool())
        .await?;
    if exists.is_some() {
        return Err(AppError::invalid(format!(
            "An account for {email} already exists."
        )));
    }
    let hash = hash_password(password).await?;
    let id = token()?;
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, active, created_at, password_changed_at) VALUES ($1, $2, $3, $4, 1, $5, $5)",
    )
    .bind(&id)
    .bind(&email)
    .bind(&hash)
    .bind(role.slug())
    .bind(&now)
    .execute(backend.pool())
    .await?;
    audit::record(
        backend.pool(),
        audit::Entry {
            actor,
            action: "user.add",
            target_kind: "user",
            target_id: Some(&email),
            before: None,
            after: Some(&serde_json::json!({"email": email, "role": role.slug()})),
        },
    )
    .await?;
    Ok(id)
}

fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn long_token() -> Result<String, AppError> {
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
            audit::record(
                backend.pool(),
                audit::Entry {
                    actor: &key,
                    action: "sign_in.locked",
                    target_kind: "user",
                    target_id: Some(&key),
                    before: None,
                    after: None,
                },
            )
            .await?;
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
    audit::record(
        backend.pool(),
        audit::Entry {
            actor: &key,
            action: "sign_in",
            target_kind: "user",
            target_id: Some(&key),
            before: None,
            after: None,
        },
    )
    .await?;
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
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND csrf = $2")
        .bind(&user.id)
        .bind(&user.csrf)
        .execute(backend.pool())
        .await?;
    audit::record(
        backend.pool(),
        audit::Entry {
            actor: &user.email,
            action: "sign_out",
            target_kind: "user",
            target_id: Some(&user.email),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(())
}

/// Changes a password after checking the current one; other sessions of the member end.
pub async fn change_password(
    backend: &Backend,
    user: &StaffUser,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(&user.id)
        .fetch_one(backend.pool())
        .await?;
    if !verify_password(hash, current).await {
        return Err(AppError::invalid("The current password is wrong."));
    }
    if new_password != confirm {
        return Err(AppError::invalid(
            "The new password and its confirmation differ.",
        ));
    }
    if let Some(p) = password_problem(new_password, &user.email) {
        return Err(AppError::invalid(p));
    }
    let hash = hash_password(new_password).await?;
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now_rfc3339())
        .bind(&user.id)
        .execute(backend.pool())
        .await?;
    sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND csrf <> $2")
        .bind(&user.id)
        .bind(&user.csrf)
        .execute(backend.pool())
        .await?;
    audit::record(
        backend.pool(),
        audit::Entry {
            actor: &user.email,
            action: "password.change",
            target_kind: "user",
            target_id: Some(&user.email),
            before: None,
            after: None,
        },
    )
    .await?;
    Ok(())
}

/// The session cookie for a token.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={SESSION_SECONDS}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A cookie that removes the session cookie.
pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict")
}

/// The session token in a request's cookies.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether a `next` target is a path on this site (never another site).
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\')
}

/// Whether the request's `Origin`, when present, is this server. Browsers send it on every
/// cross-site POST, so a forged form from elsewhere is refused even before the token check.
pub fn origin_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let bare = origin
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    bare == host
}

async fn request_headers() -> HeaderMap {
    leptos_axum::extract::<HeaderMap>()
        .await
        .unwrap_or_default()
}

/// Whether the request came over HTTPS (directly or through a proxy that says so).
pub async fn request_is_https() -> bool {
    request_headers()
        .await
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https")
}

/// Refuses a request whose `Origin` is another site.
pub async fn check_origin() -> Result<(), AppError> {
    if origin_allowed(&request_headers().await) {
        Ok(())
    } else {
        Err(AppError::forgery())
    }
}

/// Adds a `Set-Cookie` header to the server function's response.
pub fn set_cookie(cookie: &str) {
    if let (Some(r), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(cookie),
    ) {
        r.append_header(header::SET_COOKIE, v);
    }
}

/// The signed-in staff member of the current request, if any.
pub async fn current() -> Result<Option<StaffUser>, AppError> {
    let backend = super::use_backend()?;
    let Some(token) = token_from_headers(&request_headers().await) else {
        return Ok(None);
    };
    session_user(&backend, &token).await.map_err(AppError::from)
}

/// Authorises a state-changing staff request: a valid session, a role that includes `needed`,
/// a matching anti-forgery token and an allowed origin. Sets 401 or 403 otherwise.
pub async fn require(needed: Role, csrf: &str) -> Result<StaffUser, AppError> {
    let user = require_reader(needed).await?;
    if !origin_allowed(&request_headers().await) || !constant_time_eq(csrf, &user.csrf) {
        return Err(AppError::forgery());
    }
    Ok(user)
}

/// Authorises a staff request that changes nothing: a valid session and a role that includes
/// `needed`.
pub async fn require_reader(needed: Role) -> Result<StaffUser, AppError> {
    let user = current().await?.ok_or_else(AppError::sign_in)?;
    if !user.role.allows(needed) {
        return Err(AppError::forbidden());
    }
    Ok(user)
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_lower_roles() {
        assert!(Role::Admin.allows(Role::Publisher));
        assert!(Role::Publisher.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Publisher));
        assert!(!Role::Publisher.allows(Role::Admin));
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        assert!(origin_allowed(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        assert!(origin_allowed(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!origin_allowed(&h));
    }

    #[test]
    fn cookie_token_is_read_and_checked() {
        let t = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("policy_lang=zh; {SESSION_COOKIE}={t}")
                .parse()
                .unwrap(),
        );
        assert_eq!(token_from_headers(&h), Some(t));
        h.insert(
            header::COOKIE,
            format!("{SESSION_COOKIE}=short").parse().unwrap(),
        );
        assert_eq!(token_from_headers(&h), None);
        assert!(session_cookie("x", true).contains("HttpOnly; SameSite=Strict; Secure"));
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert!(password_problem("short", "a@b.cn").is_some());
        assert!(password_problem("a-long-enough-passphrase", "a@b.cn").is_none());
        assert!(normalise_email("no-at-sign").is_err());
        assert_eq!(normalise_email(" A@B.cn ").unwrap(), "a@b.cn");
    }

    #[tokio::test]
    async fn hashes_verify() {
        let h = hash_password("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(h.clone(), "correct horse battery").await);
        assert!(!verify_password(h, "wrong horse battery").await);
        // The dummy hash parses, so unknown addresses cost the same work.
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
