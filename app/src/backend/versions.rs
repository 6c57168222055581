//! The one place that appends a published version of a measure: the version row, the
//! measure's head (status, current version, lock), and the catalog revision that tells every
//! server instance to reload. Publishing, archiving, importing and seeding all come here.
use sqlx::AnyConnection;

use super::clock::{now_rfc3339, today};
use super::tokens::token;
use crate::policy::Date;

use super::db::DbError;
use crate::policy::{Measure, Status};
use crate::wire::errors::AppError;

/// A version about to be appended.
pub struct NewVersion<'a> {
    /// The measure as it will read in this version (its status and version are set here).
    pub measure: &'a Measure,
    /// Published or archived.
    pub status: Status,
    /// The version number (one above the last).
    pub version: i64,
    /// The day the version applies from (YYYY-MM-DD).
    pub effective_from: String,
    /// Who published it (an e-mail address, "seed" or the importer).
    pub actor: &'a str,
    /// Why, in a few words (shown in the history); empty for none (stored as NULL).
    pub note: &'a str,
    /// When (RFC 3339, UTC).
    pub now: &'a str,
    /// Whether the measure's unpublished draft is done with (publishing it); archiving and
    /// importing keep a draft that someone is writing.
    pub clear_draft: bool,
}

impl NewVersion<'_> {
    /// The measure as stored: with this version's status and number.
    pub fn stored(&self) -> Measure {
        let mut m = self.measure.clone();
        m.status = self.status;
        m.version = u32::try_from(self.version).unwrap_or(u32::MAX);
        m
    }
}

/// Writes the version row alone (the seed writes the heads itself, in bulk).
pub async fn insert_version(
    conn: &mut AnyConnection,
    v: &NewVersion<'_>,
) -> Result<Measure, DbError> {
    let stored = v.stored();
    let body = serde_json::to_string(&stored).map_err(|e| DbError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO measure_versions (measure_id, version, body, effective_from, published_at, published_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&stored.id)
    .bind(v.version)
    .bind(body)
    .bind(&v.effective_from)
    .bind(v.now)
    .bind(v.actor)
    .bind(Some(v.note).filter(|n| !n.is_empty()))
    .execute(&mut *conn)
    .await?;
    Ok(stored)
}

/// Tells every instance that the published catalog changed, and has the saved profiles
/// rechecked in the background today.
pub async fn bump_revision(conn: &mut AnyConnection) -> Result<(), DbError> {
    sqlx::query("UPDATE catalog_revision SET revision = revision + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    enqueue(conn, &today().to_string()).await
}

/// Appends a version: the version row, the measure's head (status, current version, a new
/// lock, the draft cleared) and the catalog revision. With `expected_lock`, nothing changes
/// unless the head still has that lock, and `Ok(None)` says so; the caller rolls back.
pub async fn append_version(
    conn: &mut AnyConnection,
    v: &NewVersion<'_>,
    expected_lock: Option<i64>,
) -> Result<Option<Measure>, AppError> {
    let status = match v.status {
        Status::Archived => "archived",
        _ => "published",
    };
    let sql = match (v.clear_draft, expected_lock.is_some()) {
        (true, true) => "UPDATE measures SET status = $1, current_version = $2, lock_version = lock_version + 1, updated_at = $3, draft = NULL, draft_by = NULL WHERE id = $4 AND lock_version = $5",
        (true, false) => "UPDATE measures SET status = $1, current_version = $2, lock_version = lock_version + 1, updated_at = $3, draft = NULL, draft_by = NULL WHERE id = $4",
        (false, true) => "UPDATE measures SET status = $1, current_version = $2, lock_version = lock_version + 1, updated_at = $3 WHERE id = $4 AND lock_version = $5",
        (false, false) => "UPDATE measures SET status = $1, current_version = $2, lock_version = lock_version + 1, updated_at = $3 WHERE id = $4",
    };
    let mut update = sqlx::query(sql)
        .bind(status)
        .bind(v.version)
        .bind(v.now)
        .bind(&v.measure.id);
    if let Some(lock) = expected_lock {
        update = update.bind(lock);
    }
    let done = update.execute(&mut *conn).await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let stored = insert_version(conn, v).await?;
    bump_revision(conn).await?;
    // A version that takes effect later changes the profiles' outcomes on that day.
    let day = run_day(&v.effective_from);
    enqueue(conn, &day).await?;
    Ok(Some(stored))
}

/// Adds a job that rechecks the profiles on `day` (YYYY-MM-DD), unless one for that day is
/// already waiting. Called in the transaction that publishes.
pub async fn enqueue(conn: &mut AnyConnection, day: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO profile_jobs (id, run_after, created_at) SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM profile_jobs WHERE done_at IS NULL AND attempts = 0 AND claimed_until IS NULL AND run_after = $4)",
    )
    .bind(token()?)
    .bind(day.to_string())
    .bind(now_rfc3339())
    .bind(day.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The day a version's job should run: its "with effect from" day when later than today.
pub fn run_day(effective_from: &str) -> String {
    let today = today().to_string();
    match Date::parse(effective_from) {
        Ok(d) if d.to_string() > today => d.to_string(),
        _ => today,
    }
}
