//! The audit log: every staff action with who, when, what, and the value before and after.
//! Entries are only ever added; nothing updates or deletes them.
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::{AnyPool, FromRow};

use super::clock::{now_rfc3339, unix_seconds};
use super::db::DbError;
use super::tokens::token;
use crate::wire::audit::{AuditEntry, AuditFilter};

/// Tie-breaker for entries written in the same second (microseconds since 1970, made strictly
/// increasing within this process).
static LAST_SEQ: AtomicI64 = AtomicI64::new(0);

fn next_seq() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or(unix_seconds() * 1_000_000);
    let mut last = LAST_SEQ.load(Ordering::Relaxed);
    loop {
        let next = now.max(last + 1);
        match LAST_SEQ.compare_exchange(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(seen) => last = seen,
        }
    }
}

/// One staff action, as the log keeps it.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    /// Who (the e-mail address, "seed" or the importer).
    pub actor: &'a str,
    /// What, as `kind.verb` (`measure.publish`, `account.create`, ...).
    pub action: &'a str,
    /// The kind of record acted on (`measure`, `announcement`, `account`, `catalog`).
    pub target_kind: &'a str,
    /// Its id, where it has one.
    pub target_id: Option<&'a str>,
    /// The record before, as JSON (none when created).
    pub before: Option<&'a serde_json::Value>,
    /// The record after, as JSON (none when removed).
    pub after: Option<&'a serde_json::Value>,
}

/// Adds an entry.
pub async fn record<'e, E>(db: E, entry: Entry<'_>) -> Result<(), DbError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (id, at, seq, actor, action, target_kind, target_id, before_value, after_value) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token()?)
    .bind(now_rfc3339())
    .bind(next_seq())
    .bind(entry.actor)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id.map(str::to_string))
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .execute(db)
    .await?;
    Ok(())
}

/// Entries matching a filter, newest first, at most `limit`.
pub async fn list(
    pool: &AnyPool,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntry>, DbError> {
    let actor = filter.actor.clone().unwrap_or_default();
    let target = filter.target.clone().unwrap_or_default();
    let rows = sqlx::query_as::<_, AuditRow>(
        "SELECT at, actor, action, target_kind, target_id, before_value, after_value FROM audit_log
         WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR target_id = $2)
         ORDER BY seq DESC LIMIT $3",
    )
    .bind(&actor)
    .bind(&target)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            at: r.at,
            actor: r.actor,
            action: r.action,
            target_kind: r.target_kind,
            target_id: r.target_id,
            before: r.before_value,
            after: r.after_value,
        })
        .collect())
}

/// An entry as stored.
#[derive(FromRow)]
struct AuditRow {
    at: String,
    actor: String,
    action: String,
    target_kind: String,
    target_id: Option<String>,
    before_value: Option<String>,
    after_value: Option<String>,
}

/// The people who appear in the log, for the filter's choices.
pub async fn actors(pool: &AnyPool) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
            .fetch_all(pool)
            .await?,
    )
}
