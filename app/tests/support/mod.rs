//! Helpers shared by the integration tests.

/// A new, empty PostgreSQL database named `policy_<kind>_<process id>` on the server `url`
/// names (dropped first if a run left it behind); returns its URL.
#[allow(dead_code)]
pub async fn fresh_postgres_database(url: &str, kind: &str) -> String {
    use sqlx::Connection;
    let name = format!("policy_{kind}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url).await.expect("connects");
    // The name is built from a fixed word and the process id, so it is safe to splice in.
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut admin)
    .await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("creates a database");
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
    format!("{base}/{name}")
}

/// The PostgreSQL server `TEST_POSTGRES_URL` names. Without that variable the test is skipped,
/// unless `REQUIRE_POSTGRES` or `CI` is set (the test command sets both): there a missing
/// server fails the test instead of letting it pass silently.
#[allow(dead_code)]
pub fn postgres_server() -> Option<String> {
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        return Some(url);
    }
    let required = ["REQUIRE_POSTGRES", "CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "false" && x != "0"));
    assert!(
        !required,
        "TEST_POSTGRES_URL is not set, but REQUIRE_POSTGRES or CI says PostgreSQL must be tested"
    );
    eprintln!("TEST_POSTGRES_URL not set: PostgreSQL test skipped");
    None
}
