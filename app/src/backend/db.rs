//! Connecting to SQLite (the embedded default) or PostgreSQL, and the schema migrations.
//!
//! Queries are checked at run time and written in the SQL both databases accept, with `$n`
//! placeholders (SQLite reads `$1` as a numbered parameter too).
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Database errors, with a message safe to show.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database could not be reached or refused a statement.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// Stored data could not be read back.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// The seeded catalog does not validate.
    #[error("the seeded catalog is invalid:\n{0}")]
    Catalog(String),
}

/// The default database: an SQLite file under `data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/policy.sqlite?mode=rwc";

/// Opens a pool and brings the schema up to date.
pub async fn connect(url: &str) -> Result<AnyPool, DbError> {
    install_default_drivers();
    let sqlite = url.starts_with("sqlite:");
    if sqlite {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(&dir)
                .map_err(|e| DbError::Corrupt(format!("cannot create {dir}: {e}")))?;
        }
    }
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 4 } else { 10 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    migrate(&pool).await?;
    Ok(pool)
}

fn sqlite_dir(url: &str) -> Option<String> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path.starts_with(":memory:") {
        return None;
    }
    let dir = std::path::Path::new(path).parent()?.to_str()?.to_string();
    (!dir.is_empty()).then_some(dir)
}

/// Schema versions, applied in order; each runs once.
const MIGRATIONS: &[(i64, &[&str])] = &[(
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
(
    4,
    // The text typed for a wizard answer ("300万"), shown again with what it was understood as.
    &["ALTER TABLE wizard_sessions ADD COLUMN typed TEXT"],
)];

async fn migrate(pool: &AnyPool) -> Result<(), DbError> {
    pool.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .await?;
    for (version, statements) in MIGRATIONS {
        let done: Option<(i64,)> =
            sqlx::query_as("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(*version)
                .fetch_optional(pool)
                .await?;
        if done.is_some() {
            continue;
        }
        let mut tx = pool.begin().await?;
        for s in *statements {
            tx.execute(*s).await?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
            .bind(*version)
            .bind(super::clock::now_rfc3339())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!("applied schema migration {version}");
    }
    Ok(())
}
