//! Anonymous writes are bounded: long answers refused before anything is stored, a limit per
//! address on new wizard sessions and results, finishing again reusing the stored result, and
//! the retention clean-up (SQLite always, PostgreSQL in the test command).
#![cfg(feature = "ssr")]

mod support;

use std::collections::BTreeMap;

use app::backend::clock::{rfc3339_at, unix_seconds};
use app::backend::limits::{self, NEW_PER_MINUTE};
use app::backend::{wizard, Backend};
use app::wire::errors::AppError;

async fn count(backend: &Backend, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(backend.pool())
        .await
        .expect("count");
    n
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A new session from `client` with the applicant step answered; its id.
async fn start(backend: &Backend, client: &str) -> Result<String, AppError> {
    let raw = answers(&[("applicant_kind", "enterprise")]);
    let target = wizard::save(backend, client, "", "applicant", None, &raw, "next").await?;
    Ok(target
        .trim_start_matches("/wizard/")
        .split('/')
        .next()
        .unwrap()
        .to_string())
}

async fn scenario(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");

    // A 2 MB answer is refused with the field named; nothing is stored.
    let huge = answers(&[("applicant_kind", &"9".repeat(2_000_000))]);
    let r = wizard::save(&backend, "a", "", "applicant", None, &huge, "next").await;
    match r {
        Err(AppError::Invalid { fields, .. }) => assert_eq!(fields[0].field, "applicant_kind"),
        other => panic!("{other:?}"),
    }
    assert_eq!(count(&backend, "wizard_sessions").await, 0);

    // Finishing twice without a change opens the same result; one row is stored.
    let session = start(&backend, "a").await.expect("starts");
    let first = wizard::finish(&backend, "a", &session, None)
        .await
        .expect("finishes");
    let again = wizard::finish(&backend, "a", &session, None)
        .await
        .expect("finishes");
    assert_eq!(first, again);
    assert_eq!(count(&backend, "assessments").await, 1);
    // An unknown session is not found (not a server error).
    assert!(matches!(
        wizard::finish(&backend, "a", "no-such-session", None).await,
        Err(AppError::NotFound)
    ));

    // One address may start NEW_PER_MINUTE sessions a minute; the next is refused with
    // Retry-After, and another address is not affected.
    for i in 1..NEW_PER_MINUTE {
        start(&backend, "a")
            .await
            .unwrap_or_else(|e| panic!("session {i}: {e:?}"));
    }
    match start(&backend, "a").await {
        Err(AppError::RateLimited {
            retry_after_secs: 60,
            ..
        }) => {}
        other => panic!("over the limit: {other:?}"),
    }
    start(&backend, "b").await.expect("another address");
    assert_eq!(count(&backend, "wizard_sessions").await, NEW_PER_MINUTE + 1);

    // Retention: a session untouched for 31 days, a result 731 days old, an old unlocked
    // sign-in count and an expired staff session go; fresh ones stay.
    let now = unix_seconds();
    sqlx::query("UPDATE wizard_sessions SET updated_at = $1 WHERE id = $2")
        .bind(rfc3339_at(now - 31 * 86_400))
        .bind(&session)
        .execute(backend.pool())
        .await
        .expect("age a session");
    sqlx::query("UPDATE assessments SET created_at = $1 WHERE id = $2")
        .bind(rfc3339_at(now - 731 * 86_400))
        .bind(&first)
        .execute(backend.pool())
        .await
        .expect("age a result");
    sqlx::query(
        "INSERT INTO sign_in_failures (client, email, failures, locked_until, last_at) VALUES ('x', 'old@test.cn', 3, 0, $1), ('x', 'new@test.cn', 3, 0, $2)",
    )
    .bind(now - 2 * 86_400)
    .bind(now)
    .execute(backend.pool())
    .await
    .expect("failure counts");
    let cleaned = limits::clean(&backend).await.expect("cleans");
    assert_eq!(cleaned.wizard_sessions, 1);
    assert_eq!(cleaned.results, 1);
    assert_eq!(cleaned.sign_in_failures, 1);
    assert_eq!(count(&backend, "wizard_sessions").await, NEW_PER_MINUTE);
    assert_eq!(count(&backend, "assessments").await, 0);
    assert_eq!(count(&backend, "sign_in_failures").await, 1);
    assert_eq!(
        limits::clean(&backend).await.expect("again"),
        limits::Cleaned::default()
    );
}

#[tokio::test]
async fn sqlite_anonymous_writes_are_bounded() {
    let dir = std::env::temp_dir().join(format!("policy-limits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    scenario(&format!("sqlite://{}/l.sqlite?mode=rwc", dir.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_anonymous_writes_are_bounded() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    scenario(&support::fresh_postgres_database(&url, "limits").await).await;
}
