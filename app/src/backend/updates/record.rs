//! A stored announcement and the queries that read it. The record is the staff form's
//! [`AnnouncementText`]: every column, its linked measures parsed.
use sqlx::{Any, AnyPool, Executor, FromRow};

use crate::backend::db::DbError;
use crate::policy::Date;
use crate::wire::updates::AnnouncementText;

/// The record as the audit log keeps it.
pub(super) fn audit_json(a: &AnnouncementText) -> serde_json::Value {
    serde_json::json!({
        "id": a.id,
        "title": a.title,
        "body": a.body,
        "published_on": a.published_on,
        "measures": a.measures,
        "status": a.status,
    })
}

/// A row of `announcements`, its linked measures still as JSON.
#[derive(FromRow)]
struct Row {
    id: String,
    title: String,
    body: String,
    published_on: String,
    measures: String,
    status: String,
    lock_version: i64,
    author: Option<String>,
    updated_at: Option<String>,
}

impl TryFrom<Row> for AnnouncementText {
    type Error = DbError;

    fn try_from(r: Row) -> Result<AnnouncementText, DbError> {
        Ok(AnnouncementText {
            measures: serde_json::from_str(&r.measures)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
            id: r.id,
            title: r.title,
            body: r.body,
            published_on: r.published_on,
            status: r.status,
            lock_version: r.lock_version,
            author: r.author,
            updated_at: r.updated_at,
        })
    }
}

/// The columns a [`Row`] reads (a macro so queries stay literal strings).
macro_rules! columns {
    () => {
        "id, title, body, published_on, measures, status, lock_version, author, updated_at"
    };
}

fn stored(rows: Vec<Row>) -> Result<Vec<AnnouncementText>, DbError> {
    rows.into_iter().map(AnnouncementText::try_from).collect()
}

/// One announcement; `None` for an unknown id.
pub(super) async fn fetch<'e, E>(db: E, id: &str) -> Result<Option<AnnouncementText>, DbError>
where
    E: Executor<'e, Database = Any>,
{
    let sql = concat!("SELECT ", columns!(), " FROM announcements WHERE id = $1");
    let row = sqlx::query_as::<_, Row>(sql)
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(AnnouncementText::try_from).transpose()
}

/// Every announcement, newest date first.
pub(super) async fn all(pool: &AnyPool) -> Result<Vec<AnnouncementText>, DbError> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM announcements ORDER BY published_on DESC, created_at DESC"
    );
    stored(sqlx::query_as::<_, Row>(sql).fetch_all(pool).await?)
}

/// Published announcements dated `day` or earlier, newest first, at most `limit`.
pub(super) async fn published(
    pool: &AnyPool,
    day: Date,
    limit: i64,
) -> Result<Vec<AnnouncementText>, DbError> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM announcements WHERE status = 'published' AND published_on <= $1 ORDER BY published_on DESC, created_at DESC LIMIT $2"
    );
    let rows = sqlx::query_as::<_, Row>(sql)
        .bind(day.to_string())
        .bind(limit)
        .fetch_all(pool)
        .await?;
    stored(rows)
}
