//! Helpers shared by the integration tests.

/// A new, empty PostgreSQL database named `policy_<kind>_<process id>` on the server `url`
/// names (dropped first if a run left it behind); returns its URL.
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
