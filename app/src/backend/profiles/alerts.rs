//! Alerts: publishing a version fills a job (in the publish's own transaction, so a publish
//! never waits for profiles and a job is never lost); a background worker claims due jobs and
//! recomputes every profile whose stored outcome is of another catalog version. For each
//! whose eligible measures or amounts changed it writes an entry (the profile's feed) and, when
//! the profile has a confirmed address, a digest into the mail queue, in the same transaction
//! as the profile's new outcome: a job that fails half-way is simply run again (retried with a
//! growing delay, at most [`MAX_ATTEMPTS`] times) and never writes an entry twice.
use std::collections::BTreeMap;
use std::time::Instant;

use sqlx::FromRow;

pub use crate::backend::versions::{enqueue, run_day};

use super::{corrupt, public_url, Outcome};
use crate::backend::clock::{now_rfc3339, today, unix_seconds};
use crate::backend::db::DbError;
use crate::backend::result_changes::{lines, seen, snapshot, CauseCache};
use crate::backend::store::Backend;
use crate::backend::tokens::token;
use crate::policy::engine::assess;
use crate::policy::Facts;
use crate::wire::errors::AppError;
use crate::wire::wizard::ChangeLine;

/// Tries per job before it is left for staff to look at.
pub const MAX_ATTEMPTS: i64 = 5;
/// Profiles recomputed per transaction.
const BATCH: i64 = 200;
/// Seconds a claimed job is another worker's; past it, a crashed worker's job is taken over.
const CLAIM_SECONDS: i64 = 600;

/// What a job did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobRun {
    /// The job.
    pub id: String,
    /// Profiles recomputed.
    pub checked: u64,
    /// Entries written (profiles whose outcome changed).
    pub entries: u64,
    /// Digests queued.
    pub mails: u64,
    /// Time taken, in milliseconds.
    pub millis: u64,
}

/// Claims the oldest due job and works it; `None` when none is due. A failure is recorded on
/// the job, which is tried again after a delay.
pub async fn run_due(backend: &Backend) -> Result<Option<JobRun>, DbError> {
    let now = unix_seconds();
    let due: Option<(String, i64)> = sqlx::query_as(
        "SELECT id, attempts FROM profile_jobs WHERE done_at IS NULL AND run_after <= $1 AND attempts < $2 AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY run_after, created_at LIMIT 1",
    )
    .bind(today().to_string())
    .bind(MAX_ATTEMPTS)
    .bind(now)
    .fetch_optional(backend.pool())
    .await?;
    let Some((id, attempts)) = due else {
        return Ok(None);
    };
    // Claimed only if no other worker claimed it in between.
    let claimed = sqlx::query(
        "UPDATE profile_jobs SET claimed_until = $1, attempts = attempts + 1 WHERE id = $2 AND attempts = $3 AND done_at IS NULL",
    )
    .bind(now + CLAIM_SECONDS)
    .bind(id.clone())
    .bind(attempts)
    .execute(backend.pool())
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(None);
    }
    match check_profiles(backend).await {
        Ok(mut run) => {
            run.id = id.clone();
            sqlx::query(
                "UPDATE profile_jobs SET done_at = $1, profiles_checked = $2, entries_made = $3, millis = $4, last_error = NULL WHERE id = $5",
            )
            .bind(now_rfc3339())
            .bind(run.checked as i64)
            .bind(run.entries as i64)
            .bind(run.millis as i64)
            .bind(id)
            .execute(backend.pool())
            .await?;
            Ok(Some(run))
        }
        Err(e) => {
            // Tried again after 30 s, 60 s, 120 s...
            let delay = 30 * (1i64 << attempts.clamp(0, 6));
            sqlx::query(
                "UPDATE profile_jobs SET claimed_until = $1, last_error = $2 WHERE id = $3",
            )
            .bind(unix_seconds() + delay)
            .bind(e.to_string().chars().take(500).collect::<String>())
            .bind(id)
            .execute(backend.pool())
            .await?;
            Err(e)
        }
    }
}

#[derive(FromRow)]
struct ProfileRow {
    token: String,
    name: String,
    facts: String,
    outcome: String,
    catalog_version: String,
    email: Option<String>,
    email_token: Option<String>,
    email_confirmed_at: Option<String>,
}

/// Recomputes, as of today, every profile whose outcome is of another catalog version than
/// today's; writes entries and digests for those whose outcome changed.
pub async fn check_profiles(backend: &Backend) -> Result<JobRun, DbError> {
    let started = Instant::now();
    let day = today();
    let published = backend.as_of(day).await?;
    crate::backend::results::record_snapshot(backend, &published).await?;
    let mut run = JobRun::default();
    let mut versions: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut causes = CauseCache::default();
    let mut after = String::new();
    loop {
        let rows = sqlx::query_as::<_, ProfileRow>(
            "SELECT token, name, facts, outcome, catalog_version, email, email_token, email_confirmed_at FROM profiles WHERE catalog_version <> $1 AND token > $2 ORDER BY token LIMIT $3",
        )
        .bind(published.version.clone())
        .bind(after.clone())
        .bind(BATCH)
        .fetch_all(backend.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.token.clone();
        let mut tx = backend.begin_write().await?;
        for p in rows {
            let facts: Facts = serde_json::from_str(&p.facts).map_err(corrupt)?;
            let before: Outcome = serde_json::from_str(&p.outcome).map_err(corrupt)?;
            let a = assess(&published.catalog, &facts, day);
            let view = crate::backend::results::view(&published.catalog, &a, &facts, "", None);
            let now_seen = seen(&view);
            if !versions.contains_key(&p.catalog_version) {
                let used = snapshot(backend, &p.catalog_version)
                    .await
                    .map_err(|e| DbError::Corrupt(e.to_string()))?
                    .unwrap_or_default();
                versions.insert(p.catalog_version.clone(), used);
            }
            let found = lines(
                backend,
                &mut causes,
                &before.eligible,
                &now_seen,
                &versions[&p.catalog_version],
                &published.catalog,
            )
            .await
            .map_err(|e| DbError::Corrupt(e.to_string()))?;
            let now = now_rfc3339();
            if !found.is_empty() {
                let entry = token()?;
                sqlx::query(
                    "INSERT INTO profile_entries (id, profile_token, lines, from_version, to_version, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(entry.clone())
                .bind(p.token.clone())
                .bind(serde_json::to_string(&found).map_err(corrupt)?)
                .bind(p.catalog_version.clone())
                .bind(published.version.clone())
                .bind(now.clone())
                .execute(&mut *tx)
                .await?;
                run.entries += 1;
                if let (Some(to), Some(email_token), Some(_)) =
                    (&p.email, &p.email_token, &p.email_confirmed_at)
                {
                    let (subject, body) = digest(&p.name, &p.token, email_token, &entry, &found);
                    sqlx::query(
                        "INSERT INTO outbox (id, to_addr, subject, body, created_at, profile_token, unsubscribe_url, kind) VALUES ($1, $2, $3, $4, $5, $6, $7, 'digest')",
                    )
                    .bind(token()?)
                    .bind(to.clone())
                    .bind(subject)
                    .bind(body)
                    .bind(now.clone())
                    .bind(p.token.clone())
                    .bind(unsubscribe_url(email_token))
                    .execute(&mut *tx)
                    .await?;
                    run.mails += 1;
                }
            }
            sqlx::query(
                "UPDATE profiles SET outcome = $1, catalog_version = $2 WHERE token = $3 AND catalog_version = $4",
            )
            .bind(
                serde_json::to_string(&Outcome {
                    eligible: now_seen,
                })
                .map_err(corrupt)?,
            )
            .bind(published.version.clone())
            .bind(p.token)
            .bind(p.catalog_version)
            .execute(&mut *tx)
            .await?;
            run.checked += 1;
        }
        tx.commit().await?;
    }
    run.millis = started.elapsed().as_millis() as u64;
    Ok(run)
}

/// The one-click unsubscribe address for an e-mail token.
pub fn unsubscribe_url(email_token: &str) -> String {
    format!("{}/profiles/email/{email_token}/unsubscribe", public_url())
}

/// A line in words, for mail and feed: "Gained: <title> (<amount>)".
pub fn line_text(l: &ChangeLine) -> String {
    let what = match l.kind.as_str() {
        "gained" => format!("Now eligible: {}", l.title),
        "lost" => format!("No longer eligible: {}", l.title),
        _ => format!("Amount changed: {}", l.title),
    };
    let amounts = match (l.before.is_empty(), l.after.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" ({})", l.after),
        (false, true) => format!(" (was {})", l.before),
        (false, false) => format!(" ({} -> {})", l.before, l.after),
    };
    let causes: String = l
        .causes
        .iter()
        .map(|c| {
            format!(
                "\n    {}: {} -> {} (version {} -> {}, in force from {}, published {})",
                c.field,
                c.before,
                c.after,
                c.from_version,
                c.to_version,
                c.effective_from,
                c.published_on
            )
        })
        .collect();
    format!("{what}{amounts}{causes}")
}

/// A digest: subject and plain-text body.
fn digest(
    name: &str,
    profile: &str,
    email_token: &str,
    entry: &str,
    found: &[ChangeLine],
) -> (String, String) {
    let base = public_url();
    let subject = format!(
        "Policy changes for your profile \"{}\": {} measure{}",
        name.chars().take(60).collect::<String>(),
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    let list: String = found
        .iter()
        .map(|l| format!("- {}\n", line_text(l)))
        .collect();
    let body = format!(
        "A published change alters what your profile \"{name}\" qualifies for:\n\n{list}\nWhat changed, with the versions compared:\n{base}/profiles/{profile}#entry-{entry}\n\nStop these e-mails (one click): {}\n",
        unsubscribe_url(email_token)
    );
    (subject, body)
}

/// The jobs, newest first, for staff and tests: (id, run_after, attempts, done, checked,
/// entries, millis, last_error).
#[derive(Clone, Debug, FromRow)]
pub struct JobRow {
    pub id: String,
    pub run_after: String,
    pub attempts: i64,
    pub done_at: Option<String>,
    pub profiles_checked: Option<i64>,
    pub entries_made: Option<i64>,
    pub millis: Option<i64>,
    pub last_error: Option<String>,
}

/// The latest jobs, newest first.
pub async fn jobs(backend: &Backend, limit: i64) -> Result<Vec<JobRow>, AppError> {
    Ok(sqlx::query_as::<_, JobRow>(
        "SELECT id, run_after, attempts, done_at, profiles_checked, entries_made, millis, last_error FROM profile_jobs ORDER BY created_at DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?)
}
