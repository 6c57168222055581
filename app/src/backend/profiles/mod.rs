//! Profiles: the answers of a stored result kept under an unguessable link (no account), so
//! the owner can come back, rename it, update the answers, delete it (which deletes it and
//! everything kept for it), read its Atom feed and, with a confirmed e-mail address, receive a
//! digest when a published change alters what the answers qualify for.
//!
//! A profile stores what it was last told: its eligible measures and what each counted, under
//! the catalog version they were computed with. Publishing fills a job (`alerts`) that
//! recomputes every profile of another version and writes an entry (and a digest) for each
//! whose outcome changed.
//!
//! - `alerts`: the background jobs, the comparison and the digests.
//! - `feed`: the profile's Atom feed.
pub mod alerts;
pub mod feed;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use super::clock::{now_rfc3339, rfc3339_at, today, unix_seconds};
use super::db::DbError;
use super::result_changes::{seen, Seen};
use super::store::{Backend, Published};
use super::tokens::{token, valid_token};
use crate::policy::engine::{assess, Verdict};
use crate::policy::Facts;
use crate::wire::errors::AppError;
use crate::wire::profiles::{EmailState, ProfileEntry, ProfileLink, ProfileMeasure, ProfileView};
use crate::wire::wizard::ResultView;

/// Longest profile name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Name given when none is typed.
pub const DEFAULT_NAME: &str = "My profile";
/// Entries shown on the page and in the feed, newest first.
pub const ENTRIES_SHOWN: i64 = 50;
/// Confirmation mails one address may receive in an hour (whichever profiles ask).
pub const CONFIRMATIONS_PER_HOUR: i64 = 3;

static PUBLIC_URL: OnceLock<String> = OnceLock::new();

/// Sets the address the site is reached at (links in mail), once at start-up.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim_end_matches('/').to_string());
}

/// The address the site is reached at, for links in mail.
pub fn public_url() -> &'static str {
    PUBLIC_URL
        .get()
        .map(String::as_str)
        .unwrap_or("http://localhost:3000")
}

/// What a profile was last told, stored as JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Eligible measures and what each counted.
    pub eligible: Vec<Seen>,
}

#[derive(FromRow)]
struct Row {
    token: String,
    name: String,
    facts: String,
    result_id: Option<String>,
    email: Option<String>,
    email_confirmed_at: Option<String>,
    created_at: String,
    updated_at: String,
    seen_at: String,
}

#[derive(FromRow)]
struct EntryRow {
    id: String,
    lines: String,
    from_version: String,
    to_version: String,
    created_at: String,
}

fn corrupt(e: serde_json::Error) -> DbError {
    DbError::Corrupt(e.to_string())
}

/// The profile's answers assessed today, with the catalog in force.
pub(crate) async fn compute(
    backend: &Backend,
    facts: &Facts,
) -> Result<(std::sync::Arc<Published>, ResultView, u32), DbError> {
    let day = today();
    let published = backend.as_of(day).await?;
    let a = assess(&published.catalog, facts, day);
    let pending = a
        .outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::NeedsInfo)
        .count() as u32;
    let v = super::results::view(&published.catalog, &a, facts, "", None);
    Ok((published, v, pending))
}

fn clean_name(name: &str) -> Result<String, AppError> {
    let name: String = name.trim().chars().filter(|c| !c.is_control()).collect();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::field(
            "name",
            format!("At most {MAX_NAME_CHARS} characters."),
        ));
    }
    Ok(if name.is_empty() {
        DEFAULT_NAME.to_string()
    } else {
        name
    })
}

/// Keeps the answers of the stored result `result` as a new profile named `name` (the default
/// name when empty); returns its token. `NotFound` for an unknown result; counts against
/// `client`'s limit.
pub async fn create(
    backend: &Backend,
    client: &str,
    result: &str,
    name: &str,
) -> Result<String, AppError> {
    let name = clean_name(name)?;
    let facts = super::results::facts(backend, result)
        .await?
        .ok_or(AppError::NotFound)?;
    super::limits::allow_new(backend, super::limits::Made::Profile, client).await?;
    let (published, view, _) = compute(backend, &facts).await?;
    super::results::record_snapshot(backend, &published).await?;
    let outcome = Outcome {
        eligible: seen(&view),
    };
    let token = token()?;
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO profiles (token, name, facts, result_id, outcome, catalog_version, client, created_at, updated_at, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(token.clone())
    .bind(name)
    .bind(serde_json::to_string(&facts).map_err(corrupt)?)
    .bind(result.to_string())
    .bind(serde_json::to_string(&outcome).map_err(corrupt)?)
    .bind(published.version.clone())
    .bind(client.to_string())
    .bind(now.clone())
    .bind(now.clone())
    .bind(now)
    .execute(backend.pool())
    .await
    .map_err(DbError::from)?;
    Ok(token)
}

async fn row(backend: &Backend, token: &str) -> Result<Option<Row>, DbError> {
    if !valid_token(token) {
        return Ok(None);
    }
    Ok(sqlx::query_as::<_, Row>(
        "SELECT token, name, facts, result_id, email, email_confirmed_at, created_at, updated_at, seen_at FROM profiles WHERE token = $1",
    )
    .bind(token.to_string())
    .fetch_optional(backend.pool())
    .await?)
}

/// The entries of the profile `token`, newest first.
pub async fn entries(backend: &Backend, token: &str) -> Result<Vec<ProfileEntry>, DbError> {
    let rows = sqlx::query_as::<_, EntryRow>(
        "SELECT id, lines, from_version, to_version, created_at FROM profile_entries WHERE profile_token = $1 ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(token.to_string())
    .bind(ENTRIES_SHOWN)
    .fetch_all(backend.pool())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProfileEntry {
                id: r.id,
                lines: serde_json::from_str(&r.lines).map_err(corrupt)?,
                from_version: r.from_version,
                to_version: r.to_version,
                created_at: r.created_at,
            })
        })
        .collect()
}

/// The profile `token` as its page shows it, its outcome computed today; `None` when the token
/// opens none. Marks it seen (once a day), which keeps it from the retention clean-up.
pub async fn load(backend: &Backend, token: &str) -> Result<Option<ProfileView>, DbError> {
    let Some(r) = row(backend, token).await? else {
        return Ok(None);
    };
    let facts: Facts = serde_json::from_str(&r.facts).map_err(corrupt)?;
    let (_, view, pending) = compute(backend, &facts).await?;
    touch(backend, &r).await?;
    let email_state = match (&r.email, &r.email_confirmed_at) {
        (None, _) => EmailState::None,
        (Some(_), None) => EmailState::Pending,
        (Some(_), Some(_)) => EmailState::Confirmed,
    };
    Ok(Some(ProfileView {
        entries: entries(backend, &r.token).await?,
        token: r.token,
        name: r.name,
        created_on: r.created_at.chars().take(10).collect(),
        updated_on: r.updated_at.chars().take(10).collect(),
        result_id: r.result_id,
        as_of: view.as_of.clone(),
        total: view.total.clone(),
        eligible: seen(&view)
            .into_iter()
            .map(|s| ProfileMeasure {
                id: s.id,
                title: s.title,
                counted: s.counted,
            })
            .collect(),
        pending,
        answers: facts.len() as u32,
        email: r.email,
        email_state,
    }))
}

/// Records that the profile was used today (page or feed), at most one write a day.
async fn touch(backend: &Backend, r: &Row) -> Result<(), DbError> {
    let now = now_rfc3339();
    if r.seen_at.get(..10) != now.get(..10) {
        sqlx::query("UPDATE profiles SET seen_at = $1 WHERE token = $2")
            .bind(now)
            .bind(r.token.clone())
            .execute(backend.pool())
            .await?;
    }
    Ok(())
}

/// Renames the profile; `NotFound` when the token opens none.
pub async fn rename(backend: &Backend, token: &str, name: &str) -> Result<(), AppError> {
    let name = clean_name(name)?;
    if !valid_token(token) {
        return Err(AppError::NotFound);
    }
    let done = sqlx::query("UPDATE profiles SET name = $1, updated_at = $2 WHERE token = $3")
        .bind(name)
        .bind(now_rfc3339())
        .bind(token.to_string())
        .execute(backend.pool())
        .await
        .map_err(DbError::from)?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Sets the address for digests (empty removes it) and sends it a confirmation mail; digests
/// go out only once the link in it is followed. `NotFound` when the token opens none.
pub async fn set_email(backend: &Backend, token: &str, email: &str) -> Result<(), AppError> {
    let Some(r) = row(backend, token).await? else {
        return Err(AppError::NotFound);
    };
    let email = email.trim().to_string();
    let mut tx = backend.begin_write().await.map_err(DbError::from)?;
    // Mail not yet sent to the former address is not sent any more.
    sqlx::query("DELETE FROM outbox WHERE profile_token = $1 AND sent_at IS NULL")
        .bind(r.token.clone())
        .execute(&mut *tx)
        .await
        .map_err(DbError::from)?;
    if email.is_empty() {
        sqlx::query(
            "UPDATE profiles SET email = NULL, email_token = NULL, email_confirmed_at = NULL, updated_at = $1 WHERE token = $2",
        )
        .bind(now_rfc3339())
        .bind(r.token.clone())
        .execute(&mut *tx)
        .await
        .map_err(DbError::from)?;
        tx.commit().await.map_err(DbError::from)?;
        return Ok(());
    }
    if !super::applications::email_ok(&email) {
        return Err(AppError::field(
            "email",
            "Enter an e-mail address such as name@example.org.",
        ));
    }
    let (sent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND kind = 'confirm' AND created_at > $2",
    )
    .bind(email.clone())
    .bind(rfc3339_at(unix_seconds() - 3600))
    .fetch_one(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if sent >= CONFIRMATIONS_PER_HOUR {
        return Err(AppError::RateLimited {
            message: format!(
                "This address has been sent {CONFIRMATIONS_PER_HOUR} confirmation mails in the last hour. Try again later."
            ),
            retry_after_secs: 3600,
        });
    }
    let email_token = super::tokens::token()?;
    let now = now_rfc3339();
    sqlx::query(
        "UPDATE profiles SET email = $1, email_token = $2, email_confirmed_at = NULL, updated_at = $3 WHERE token = $4",
    )
    .bind(email.clone())
    .bind(email_token.clone())
    .bind(now.clone())
    .bind(r.token.clone())
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    let base = public_url();
    let body = format!(
        "Someone, hopefully you, asked for e-mail about changes to the profile \"{name}\" on the Nanjing Innovation Policy Service.\n\nTo receive them, confirm this address:\n{base}/profiles/email/{email_token}/confirm\n\nIf it was not you, ignore this message: nothing will be sent.\n",
        name = r.name,
    );
    sqlx::query(
        "INSERT INTO outbox (id, to_addr, subject, body, created_at, profile_token, kind) VALUES ($1, $2, $3, $4, $5, $6, 'confirm')",
    )
    .bind(super::tokens::token()?)
    .bind(email)
    .bind("Confirm your e-mail for policy alerts")
    .bind(body)
    .bind(now)
    .bind(r.token.clone())
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}

/// Follows a confirmation link; the profile's token, or `None` when the link opens none.
pub async fn confirm_email(
    backend: &Backend,
    email_token: &str,
) -> Result<Option<String>, DbError> {
    if !valid_token(email_token) {
        return Ok(None);
    }
    let found: Option<String> = sqlx::query_scalar(
        "SELECT token FROM profiles WHERE email_token = $1 AND email IS NOT NULL",
    )
    .bind(email_token.to_string())
    .fetch_optional(backend.pool())
    .await?;
    if let Some(t) = &found {
        sqlx::query(
            "UPDATE profiles SET email_confirmed_at = $1 WHERE token = $2 AND email_confirmed_at IS NULL",
        )
        .bind(now_rfc3339())
        .bind(t.clone())
        .execute(backend.pool())
        .await?;
    }
    Ok(found)
}

/// One-click unsubscribe: forgets the address and drops mail not yet sent to it; the profile's
/// token, or `None` when the link opens none (already unsubscribed, or deleted).
pub async fn unsubscribe(backend: &Backend, email_token: &str) -> Result<Option<String>, DbError> {
    if !valid_token(email_token) {
        return Ok(None);
    }
    let mut tx = backend.begin_write().await?;
    let found: Option<String> =
        sqlx::query_scalar("SELECT token FROM profiles WHERE email_token = $1")
            .bind(email_token.to_string())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(t) = &found {
        sqlx::query(
            "UPDATE profiles SET email = NULL, email_token = NULL, email_confirmed_at = NULL, updated_at = $1 WHERE token = $2",
        )
        .bind(now_rfc3339())
        .bind(t.clone())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM outbox WHERE profile_token = $1 AND sent_at IS NULL")
            .bind(t.clone())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(found)
}

/// Deletes the profile and everything kept for it: its entries, its mail (sent or not, which
/// holds its address) and the wizard sessions opened to update it. Whether there was one.
pub async fn delete(backend: &Backend, token: &str) -> Result<bool, DbError> {
    if !valid_token(token) {
        return Ok(false);
    }
    let mut tx = backend.begin_write().await?;
    for sql in [
        "DELETE FROM profile_entries WHERE profile_token = $1",
        "DELETE FROM outbox WHERE profile_token = $1",
        "DELETE FROM wizard_sessions WHERE profile_token = $1",
    ] {
        sqlx::query(sql)
            .bind(token.to_string())
            .execute(&mut *tx)
            .await?;
    }
    let gone = sqlx::query("DELETE FROM profiles WHERE token = $1")
        .bind(token.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(gone > 0)
}

/// The answers kept by the profile `token` ("Update answers" opens them in a new wizard
/// session tied to the profile; finishing it calls [`follow_session`]). `NotFound` when the
/// token opens none.
pub async fn answers(backend: &Backend, token: &str) -> Result<Facts, AppError> {
    let r = row(backend, token).await?.ok_or(AppError::NotFound)?;
    Ok(serde_json::from_str(&r.facts).map_err(corrupt)?)
}

/// After the wizard session `session` stored the result `result` from `facts`: when the session
/// was opened to update a profile, the profile takes these answers and its outcome is
/// recomputed (no entry: the owner made this change).
pub async fn follow_session(
    backend: &Backend,
    session: &str,
    result: &str,
    facts: &Facts,
) -> Result<(), DbError> {
    let profile: Option<Option<String>> =
        sqlx::query_scalar("SELECT profile_token FROM wizard_sessions WHERE id = $1")
            .bind(session.to_string())
            .fetch_optional(backend.pool())
            .await?;
    let Some(Some(profile)) = profile else {
        return Ok(());
    };
    let (published, view, _) = compute(backend, facts).await?;
    super::results::record_snapshot(backend, &published).await?;
    let outcome = Outcome {
        eligible: seen(&view),
    };
    sqlx::query(
        "UPDATE profiles SET facts = $1, result_id = $2, outcome = $3, catalog_version = $4, updated_at = $5 WHERE token = $6",
    )
    .bind(serde_json::to_string(facts).map_err(corrupt)?)
    .bind(result.to_string())
    .bind(serde_json::to_string(&outcome).map_err(corrupt)?)
    .bind(published.version.clone())
    .bind(now_rfc3339())
    .bind(profile)
    .execute(backend.pool())
    .await?;
    Ok(())
}

/// The profile whose latest result is `result`, for the results page's "kept as" line.
pub async fn of_result(backend: &Backend, result: &str) -> Result<Option<ProfileLink>, DbError> {
    if !valid_token(result) {
        return Ok(None);
    }
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT token, name FROM profiles WHERE result_id = $1 LIMIT 1")
            .bind(result.to_string())
            .fetch_optional(backend.pool())
            .await?;
    Ok(found.map(|(token, name)| ProfileLink { token, name }))
}

/// Deletes the profiles neither opened nor read by their feed for two years (the results'
/// retention, [`super::limits::RESULT_RETENTION_DAYS`]), with everything kept for them; how
/// many. Run with the other clean-ups, at start-up and every hour.
pub async fn clean(backend: &Backend) -> Result<u64, DbError> {
    let cutoff = rfc3339_at(unix_seconds() - super::limits::RESULT_RETENTION_DAYS * 86_400);
    let stale: Vec<String> = sqlx::query_scalar("SELECT token FROM profiles WHERE seen_at < $1")
        .bind(cutoff)
        .fetch_all(backend.pool())
        .await?;
    for token in &stale {
        delete(backend, token).await?;
    }
    Ok(stale.len() as u64)
}
