//! Schema migrations against a real database: SQLite always, PostgreSQL when
//! `TEST_POSTGRES_URL` names a server (databases of their own are created there). A fresh
//! database migrates; one made by the hand-written migrations of older releases is adopted
//! (not migrated twice) and then opens and seeds; opening again changes nothing.
#![cfg(feature = "ssr")]

mod support;

use app::backend::db::MIGRATOR;
use app::backend::Backend;
use sqlx::any::install_default_drivers;
use sqlx::{AnyPool, Executor};

/// The schema as older releases wrote it, version by version, with their bookkeeping table.
const OLD_MIGRATIONS: &[(i64, &[&str])] = &[
    (
        1,
        &[
            "CREATE TABLE documents (slug TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE facts (name TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE rules (id TEXT PRIMARY KEY, position BIGINT NOT NULL, body TEXT NOT NULL)",
            "CREATE TABLE measures (
                id TEXT PRIMARY KEY,
                position BIGINT NOT NULL,
                status TEXT NOT NULL,
                current_version BIGINT NOT NULL,
                lock_version BIGINT NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            )",
            "CREATE TABLE measure_versions (
                measure_id TEXT NOT NULL REFERENCES measures(id),
                version BIGINT NOT NULL,
                body TEXT NOT NULL,
                effective_from TEXT NOT NULL,
                published_at TEXT NOT NULL,
                published_by TEXT,
                PRIMARY KEY (measure_id, version)
            )",
            "CREATE TABLE announcements (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                published_on TEXT NOT NULL,
                created_at TEXT NOT NULL
            )",
            "CREATE TABLE catalog_revision (id BIGINT PRIMARY KEY, revision BIGINT NOT NULL)",
            "INSERT INTO catalog_revision (id, revision) VALUES (1, 0)",
        ],
    ),
    (
        2,
        &[
            "CREATE TABLE wizard_sessions (
                id TEXT PRIMARY KEY,
                focus TEXT,
                answers TEXT NOT NULL,
                pending TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )",
            "CREATE TABLE assessments (
                id TEXT PRIMARY KEY,
                session_id TEXT,
                facts TEXT NOT NULL,
                as_of TEXT NOT NULL,
                result TEXT NOT NULL,
                created_at TEXT NOT NULL
            )",
        ],
    ),
    (
        3,
        &[
            "CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL,
                active BIGINT NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                password_changed_at TEXT NOT NULL
            )",
            "CREATE TABLE staff_sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id),
                csrf TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )",
            "CREATE TABLE sign_in_failures (
                email TEXT PRIMARY KEY,
                failures BIGINT NOT NULL,
                locked_until BIGINT NOT NULL DEFAULT 0
            )",
            "CREATE TABLE audit_log (
                id TEXT PRIMARY KEY,
                at TEXT NOT NULL,
                seq BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target_kind TEXT NOT NULL,
                target_id TEXT,
                before_value TEXT,
                after_value TEXT
            )",
            "CREATE INDEX audit_log_actor ON audit_log (actor)",
            "CREATE INDEX audit_log_target ON audit_log (target_id)",
            "ALTER TABLE measures ADD COLUMN draft TEXT",
            "ALTER TABLE measures ADD COLUMN draft_by TEXT",
            "ALTER TABLE measure_versions ADD COLUMN note TEXT",
            "ALTER TABLE announcements ADD COLUMN measures TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE announcements ADD COLUMN status TEXT NOT NULL DEFAULT 'published'",
            "ALTER TABLE announcements ADD COLUMN author TEXT",
            "ALTER TABLE announcements ADD COLUMN lock_version BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE announcements ADD COLUMN updated_at TEXT",
        ],
    ),
    (4, &["ALTER TABLE wizard_sessions ADD COLUMN typed TEXT"]),
];

/// Writes the schema of an older release that had applied versions up to `upto`.
async fn old_release_database(url: &str, upto: i64) {
    install_default_drivers();
    let pool = AnyPool::connect(url).await.expect("connects");
    pool.execute(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )
    .await
    .expect("old bookkeeping table");
    for (version, statements) in OLD_MIGRATIONS.iter().filter(|(v, _)| *v <= upto) {
        for s in *statements {
            pool.execute(*s).await.expect("old statement runs");
        }
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
            .bind(*version)
            .bind("2026-01-01T00:00:00Z")
            .execute(&pool)
            .await
            .expect("old version recorded");
    }
    pool.close().await;
}

/// The versions sqlx records as applied, in order; every record says it succeeded.
async fn applied(url: &str) -> Vec<i64> {
    let pool = AnyPool::connect(url).await.expect("connects");
    let ok: Vec<(i64,)> = sqlx::query_as(
        "SELECT version FROM _sqlx_migrations WHERE success = TRUE ORDER BY version",
    )
    .fetch_all(&pool)
    .await
    .expect("sqlx bookkeeping");
    let (all,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .expect("sqlx bookkeeping");
    pool.close().await;
    assert_eq!(all, ok.len() as i64, "a migration failed");
    ok.into_iter().map(|r| r.0).collect()
}

/// Opens (migrating and seeding), checks the schema works, and opens again.
async fn opens_and_seeds(url: &str) {
    let all: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    assert_eq!(all, (1..=15).collect::<Vec<i64>>());
    let backend = Backend::open(url).await.expect("database opens");
    let published = backend.published().await.expect("catalog reads back");
    assert!(!published.catalog.measures.is_empty());
    // The last version's column is there.
    sqlx::query(
        "INSERT INTO wizard_sessions (id, answers, typed, created_at, updated_at) VALUES ('w', '{}', '{}', 'now', 'now')",
    )
    .execute(backend.pool())
    .await
    .expect("typed column exists");
    // Version 5's tables are there.
    for sql in [
        "SELECT COUNT(*) FROM applications",
        "SELECT COUNT(*) FROM application_events",
        "SELECT COUNT(*) FROM application_materials",
        "SELECT COUNT(*) FROM outbox",
        // Version 6's columns.
        "SELECT COUNT(*) FROM outbox WHERE attempts > 0 OR last_error IS NOT NULL",
        // Version 7's table and column.
        "SELECT COUNT(*) FROM sign_in_failures WHERE client <> '' AND last_at > 0",
        "SELECT COUNT(*) FROM staff_sessions WHERE last_seen_at > 0",
        // Version 8's columns.
        "SELECT COUNT(*) FROM wizard_sessions WHERE client <> ''",
        "SELECT COUNT(*) FROM assessments WHERE client <> ''",
        // Version 9's columns.
        "SELECT COUNT(*) FROM wizard_sessions WHERE topics IS NOT NULL OR unknown IS NOT NULL",
        // Version 10's column and table.
        "SELECT COUNT(*) FROM assessments WHERE catalog_version IS NOT NULL",
        "SELECT COUNT(*) FROM catalog_snapshots",
        // Version 11's table.
        "SELECT COUNT(*) FROM award_reports",
    ] {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(backend.pool())
            .await
            .expect(sql);
        assert_eq!(n, 0, "{sql}");
    }
    assert_eq!(applied(url).await, all);
    // A second start neither migrates again nor re-seeds.
    let again = Backend::open(url).await.expect("reopens");
    assert_eq!(again.seed_if_empty().await.expect("no-op"), 0);
    assert_eq!(applied(url).await, all);
}

async fn check_migrations(fresh: &str, old: &str, half_old: &str) {
    opens_and_seeds(fresh).await;
    old_release_database(old, 4).await;
    opens_and_seeds(old).await;
    // An older release that stopped at version 2: 1 and 2 are adopted, the rest run.
    old_release_database(half_old, 2).await;
    opens_and_seeds(half_old).await;
}

#[tokio::test]
async fn sqlite_migrations_fresh_and_from_older_releases() {
    let dir = std::env::temp_dir().join(format!("policy-migrate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let url = |name: &str| format!("sqlite://{}/{name}.sqlite?mode=rwc", dir.display());
    check_migrations(&url("fresh"), &url("old"), &url("half")).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_migrations_fresh_and_from_older_releases() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    let fresh = support::fresh_postgres_database(&url, "migrate_fresh").await;
    let old = support::fresh_postgres_database(&url, "migrate_old").await;
    let half = support::fresh_postgres_database(&url, "migrate_half").await;
    check_migrations(&fresh, &old, &half).await;
}
