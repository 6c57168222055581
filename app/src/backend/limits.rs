//! Bounds on what anonymous visitors can make the server store.
//!
//! - An answer is at most [`MAX_ANSWER_CHARS`] characters and a step at most [`MAX_ANSWERS`]
//!   answers; longer input is refused before anything is stored.
//! - One client address may start at most [`NEW_PER_MINUTE`] wizard sessions and store at
//!   most as many results a minute; past that the answer is 429 with `Retry-After`.
//! - Finishing a wizard again without changing its answers opens the result already stored.
//! - Retention: an unfinished or untouched wizard session is deleted [`SESSION_RETENTION_DAYS`]
//!   after its last change, a result [`RESULT_RETENTION_DAYS`] after it was computed (people
//!   keep result links) and the award reports made on it with it, sign-in failure counts a day
//!   after the last failure once unlocked, expired staff sessions at once, and a catalog
//!   snapshot once no result or profile uses it (profiles themselves: `profiles::clean`). [`clean`] runs at start-up and every hour.
use super::auth::ClientAddr;
use super::clock::{rfc3339_at, unix_seconds};
use super::db::DbError;
use super::store::Backend;
use crate::wire::errors::AppError;

/// Longest answer accepted, in characters.
pub const MAX_ANSWER_CHARS: usize = 1_000;
/// Most answers accepted in one step.
pub const MAX_ANSWERS: usize = 1_000;
/// New wizard sessions, and new results, one client address may make in a minute (the
/// default; the server's `ANONYMOUS_NEW_PER_MINUTE` setting changes it).
pub const NEW_PER_MINUTE: i64 = 20;

static LIMIT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(NEW_PER_MINUTE);

/// Sets the per-minute limit for this process (at least 1).
pub fn set_new_per_minute(n: i64) {
    LIMIT.store(n.max(1), std::sync::atomic::Ordering::Relaxed);
}
/// Days a wizard session is kept after its last change.
pub const SESSION_RETENTION_DAYS: i64 = 30;
/// Days a stored result is kept after it was computed (two years).
pub const RESULT_RETENTION_DAYS: i64 = 730;

/// The key a client address is counted under: the first 16 hex digits of its SHA-256.
pub fn client_key(addr: &ClientAddr) -> String {
    let mut key = super::auth::hash_token(&addr.0);
    key.truncate(16);
    key
}

/// What anonymous visitors create.
#[derive(Clone, Copy, Debug)]
pub enum Made {
    /// A wizard session.
    WizardSession,
    /// A stored result.
    Result,
    /// A report of the award actually granted.
    AwardReport,
    /// A saved profile.
    Profile,
}

/// Refuses with 429 when `client` has made [`NEW_PER_MINUTE`] of `what` in the last minute.
pub async fn allow_new(backend: &Backend, what: Made, client: &str) -> Result<(), AppError> {
    let sql = match what {
        Made::WizardSession => {
            "SELECT COUNT(*) FROM wizard_sessions WHERE client = $1 AND created_at > $2"
        }
        Made::Result => "SELECT COUNT(*) FROM assessments WHERE client = $1 AND created_at > $2",
        Made::AwardReport => {
            "SELECT COUNT(*) FROM award_reports WHERE client = $1 AND created_at > $2"
        }
        Made::Profile => "SELECT COUNT(*) FROM profiles WHERE client = $1 AND created_at > $2",
    };
    let (made,): (i64,) = sqlx::query_as(sql)
        .bind(client)
        .bind(rfc3339_at(unix_seconds() - 60))
        .fetch_one(backend.pool())
        .await
        .map_err(DbError::from)?;
    let limit = LIMIT.load(std::sync::atomic::Ordering::Relaxed);
    if made >= limit {
        let noun = match what {
            Made::WizardSession => "new eligibility checks",
            Made::Result => "results",
            Made::AwardReport => "award reports",
            Made::Profile => "saved profiles",
        };
        return Err(AppError::RateLimited {
            message: format!(
                "Too many {noun} from this address in a minute (at most {limit}). Try again in a minute."
            ),
            retry_after_secs: 60,
        });
    }
    Ok(())
}

/// Refuses answers that are too long or too many, naming the first field at fault.
pub fn check_answers<'a>(
    answers: impl ExactSizeIterator<Item = (&'a String, &'a String)>,
) -> Result<(), AppError> {
    if answers.len() > MAX_ANSWERS {
        return Err(AppError::invalid(format!(
            "Too many answers in one step (at most {MAX_ANSWERS})."
        )));
    }
    for (name, value) in answers {
        if name.chars().count() > 200 || value.chars().count() > MAX_ANSWER_CHARS {
            return Err(AppError::field(
                name.chars().take(200).collect::<String>(),
                format!("This answer is too long (at most {MAX_ANSWER_CHARS} characters)."),
            ));
        }
    }
    Ok(())
}

/// Rows deleted by one clean-up.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub wizard_sessions: u64,
    pub results: u64,
    pub sign_in_failures: u64,
    pub staff_sessions: u64,
}

/// Deletes what is past its retention.
pub async fn clean(backend: &Backend) -> Result<Cleaned, DbError> {
    let now = unix_seconds();
    let day = 86_400;
    let run = |sql: &'static str, cutoff: String| async move {
        sqlx::query(sql)
            .bind(cutoff)
            .execute(backend.pool())
            .await
            .map(|r| r.rows_affected())
    };
    let wizard_sessions = run(
        "DELETE FROM wizard_sessions WHERE updated_at < $1",
        rfc3339_at(now - SESSION_RETENTION_DAYS * day),
    )
    .await?;
    let results = run(
        "DELETE FROM assessments WHERE created_at < $1",
        rfc3339_at(now - RESULT_RETENTION_DAYS * day),
    )
    .await?;
    // The dashboard's counts, reports of awards go with their results; a catalog snapshot
    // once no result uses it.
    run(
        "DELETE FROM assessment_measures WHERE created_at < $1",
        rfc3339_at(now - RESULT_RETENTION_DAYS * day),
    )
    .await?;
    run(
        "DELETE FROM award_reports WHERE created_at < $1",
        rfc3339_at(now - RESULT_RETENTION_DAYS * day),
    )
    .await?;
    sqlx::query(
        "DELETE FROM catalog_snapshots WHERE created_at < $1 AND version NOT IN (SELECT catalog_version FROM assessments WHERE catalog_version IS NOT NULL) AND version NOT IN (SELECT catalog_version FROM profiles)",
    )
    .bind(rfc3339_at(now - day))
    .execute(backend.pool())
    .await?;
    let sign_in_failures =
        sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1 AND locked_until < $2")
            .bind(now - day)
            .bind(now)
            .execute(backend.pool())
            .await?
            .rows_affected();
    let staff_sessions =
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at < $1 OR last_seen_at < $2")
            .bind(now)
            .bind(now - super::auth::IDLE_SECONDS)
            .execute(backend.pool())
            .await?
            .rows_affected();
    Ok(Cleaned {
        wizard_sessions,
        results,
        sign_in_failures,
        staff_sessions,
    })
}
