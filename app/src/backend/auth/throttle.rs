//! Sign-in throttling, keyed by the client's address and by account.
//!
//! - Ten wrong passwords in a row for one account **from one address** lock that pair for
//!   fifteen minutes. The member can still sign in from any other address, so an attacker
//!   cannot lock a member out from everywhere.
//! - Thirty wrong passwords from one address within fifteen minutes, over any accounts, throttle
//!   that address, so spraying one password over many accounts is bounded too.
//!
//! A count is one upsert (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`), atomic on SQLite
//! and PostgreSQL alike: parallel wrong passwords each add one and the lock cannot be skipped.
use super::super::clock::unix_seconds;
use super::super::db::DbError;
use super::super::store::Backend;

/// Wrong passwords in a row for one account from one address before that pair is locked.
pub const MAX_FAILURES: i64 = 10;
/// Wrong passwords from one address, over all accounts, within [`WINDOW_SECONDS`].
pub const MAX_ADDRESS_FAILURES: i64 = 30;
/// How long a lock lasts, and the window of the per-address count, in seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;
/// The window in which an address's failures add up.
pub const WINDOW_SECONDS: i64 = LOCK_SECONDS;

/// Whether an attempt may go ahead: `Err(minutes)` to wait when the pair is locked or the
/// address has failed too often lately.
pub async fn check(
    backend: &Backend,
    client: &str,
    email: &str,
) -> Result<Result<(), i64>, DbError> {
    let now = unix_seconds();
    let (locked_until, recent): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(CASE WHEN email = $2 THEN locked_until ELSE 0 END), 0) AS BIGINT), \
                CAST(COALESCE(SUM(CASE WHEN last_at > $3 THEN failures ELSE 0 END), 0) AS BIGINT) \
         FROM sign_in_failures WHERE client = $1",
    )
    .bind(client)
    .bind(email)
    .bind(now - WINDOW_SECONDS)
    .fetch_one(backend.pool())
    .await?;
    if locked_until > now {
        return Ok(Err(minutes(locked_until - now)));
    }
    if recent >= MAX_ADDRESS_FAILURES {
        return Ok(Err(minutes(WINDOW_SECONDS)));
    }
    Ok(Ok(()))
}

/// What a wrong password did to its pair's count.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Counted; not locked yet.
    Counted,
    /// The pair is locked for these minutes; `first` for the failure that set the lock.
    Locked { minutes: i64, first: bool },
}

/// Counts a wrong password for the pair.
pub async fn fail(backend: &Backend, client: &str, email: &str) -> Result<Failure, DbError> {
    let now = unix_seconds();
    // A lock that has run out starts the count again; a pair already locked keeps its lock.
    let (failures, locked_until): (i64, i64) = sqlx::query_as(
        "INSERT INTO sign_in_failures (client, email, failures, locked_until, last_at) \
         VALUES ($1, $2, 1, 0, $3) \
         ON CONFLICT (client, email) DO UPDATE SET \
           failures = CASE WHEN sign_in_failures.locked_until > 0 AND sign_in_failures.locked_until <= $3 \
                           THEN 1 ELSE sign_in_failures.failures + 1 END, \
           locked_until = CASE \
             WHEN sign_in_failures.locked_until > $3 THEN sign_in_failures.locked_until \
             WHEN sign_in_failures.locked_until = 0 AND sign_in_failures.failures + 1 >= $4 THEN $3 + $5 \
             ELSE 0 END, \
           last_at = $3 \
         RETURNING failures, locked_until",
    )
    .bind(client)
    .bind(email)
    .bind(now)
    .bind(MAX_FAILURES)
    .bind(LOCK_SECONDS)
    .fetch_one(backend.pool())
    .await?;
    tracing::warn!("failed staff sign-in ({failures} in a row from one address)");
    Ok(if locked_until > now {
        Failure::Locked {
            minutes: minutes(locked_until - now),
            first: failures == MAX_FAILURES,
        }
    } else {
        Failure::Counted
    })
}

/// A successful sign-in clears the pair's count (the address's other pairs stay).
pub async fn succeed(backend: &Backend, client: &str, email: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE client = $1 AND email = $2")
        .bind(client)
        .bind(email)
        .execute(backend.pool())
        .await?;
    Ok(())
}

/// Whole minutes to wait, rounded up.
fn minutes(seconds: i64) -> i64 {
    (seconds + 59) / 60
}
