//! Connecting to SQLite (the embedded default) or PostgreSQL, and the schema migrations
//! (`sqlx::migrate!` over `app/migrations/`).
//!
//! Queries are checked at run time and written in the SQL both databases accept, with `$n`
//! placeholders (SQLite reads `$1` as a numbered parameter too).
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::{Migrate, MigrateError, Migrator};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};

/// Database errors, with a message safe to show.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database could not be reached or refused a statement.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("schema migration failed: {0}")]
    Migrate(#[from] MigrateError),
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
        // A database server that went away answers in seconds (503, then back when it returns)
        // rather than holding each request for sqlx's default 30 s.
        .acquire_timeout(std::time::Duration::from_secs(if sqlite { 30 } else { 5 }))
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

/// The schema, from the versioned SQL files in `app/migrations/` (portable between SQLite and
/// PostgreSQL). sqlx records what it applied in `_sqlx_migrations`.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The table in which sqlx records applied migrations (its default).
const SQLX_TABLE: &str = "_sqlx_migrations";

/// The table in which the hand-written migrations before `sqlx::migrate!` recorded versions.
const OLD_TABLE: &str = "schema_migrations";

/// Brings the schema up to date: adopts what older releases applied, then runs the rest.
async fn migrate(pool: &AnyPool) -> Result<(), DbError> {
    let mut conn = pool.acquire().await?;
    conn.lock().await?;
    let adopted = adopt_old_versions(&mut conn).await;
    conn.unlock().await?;
    adopted?;
    MIGRATOR.run(&mut *conn).await?;
    Ok(())
}

/// A database made by an older release lists its versions in `schema_migrations` and has no
/// sqlx records: each of those versions is recorded as applied (with the checksum of its file),
/// so sqlx does not run it again. Does nothing once sqlx has records.
async fn adopt_old_versions(conn: &mut AnyConnection) -> Result<(), DbError> {
    let exists = match conn.backend_name() {
        "SQLite" => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        _ => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1",
    };
    let (old,): (i64,) = sqlx::query_as(exists)
        .bind(OLD_TABLE)
        .fetch_one(&mut *conn)
        .await?;
    if old == 0 {
        return Ok(());
    }
    let mut tx = conn.begin().await?;
    tx.ensure_migrations_table(SQLX_TABLE).await?;
    if tx.list_applied_migrations(SQLX_TABLE).await?.is_empty() {
        let versions: Vec<(i64,)> =
            sqlx::query_as("SELECT version FROM schema_migrations ORDER BY version")
                .fetch_all(&mut *tx)
                .await?;
        for (version,) in versions {
            let migration = MIGRATOR
                .iter()
                .find(|m| m.version == version && !m.migration_type.is_down_migration())
                .ok_or_else(|| {
                    DbError::Corrupt(format!("schema version {version} has no migration file"))
                })?;
            tx.skip(SQLX_TABLE, migration).await?;
            tracing::info!("schema version {version} was applied by an older release");
        }
    }
    tx.commit().await?;
    Ok(())
}
