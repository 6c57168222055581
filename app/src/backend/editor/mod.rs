//! Staff editing of measures: drafts with optimistic locking, validation and preview with the
//! catalog loader and the engine, publication as immutable versions, archiving, and diffs.
//!
//! A measure row holds at most one draft (`measures.draft`) and a `lock_version` that every save
//! must quote: a save based on an older read is refused instead of overwriting someone else's
//! work. Publishing turns the text into a new row of `measure_versions` applying from a chosen
//! date, and bumps the catalog revision so every server instance re-reads the catalog.
//!
//! - `checks`: validation with the catalog loader's own messages, worked examples, preview;
//! - `lifecycle`: save a draft, publish, archive (each through `versions::append_version`);
//! - `diff`: field-by-field changes between two versions;
//! - `impact`: what publishing a draft would change for the answers people stored.
mod checks;
mod diff;
pub mod impact;
mod lifecycle;

pub use checks::preview;
use checks::{run_examples, validate};
pub use diff::{changes, diff};
pub use impact::impact;
pub use lifecycle::{archive, publish, save_draft, Publication};

use std::collections::BTreeMap;

use sqlx::FromRow;

use crate::backend::clock::today;
use crate::backend::store::Backend;
use crate::policy::{Measure, Status};
use crate::wire::editor::{EditorData, FactChoice, StaffMeasureRow, VersionInfo};
use crate::wire::errors::AppError;

/// Every measure with its state, in catalog order, new ones last.
pub async fn list(backend: &Backend) -> Result<Vec<StaffMeasureRow>, AppError> {
    let rows = sqlx::query_as::<_, ListRow>(
        "SELECT m.id AS id, m.status AS status, m.current_version AS current_version, m.draft AS draft, m.updated_at AS updated_at, v.body AS body FROM measures m LEFT JOIN measure_versions v ON v.measure_id = m.id AND v.version = m.current_version ORDER BY m.position, m.id",
    )
    .fetch_all(backend.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let title = r
                .draft
                .as_deref()
                .or(r.body.as_deref())
                .and_then(|b| serde_json::from_str::<Measure>(b).ok())
                .map(|m| m.title)
                .unwrap_or_default();
            StaffMeasureRow {
                id: r.id,
                status: r.status,
                version: r.current_version,
                has_draft: r.draft.is_some(),
                updated_at: r.updated_at,
                title,
            }
        })
        .collect())
}

/// A measure in the staff list: its head, and the body of its current version (if any).
#[derive(FromRow)]
struct ListRow {
    id: String,
    status: String,
    current_version: i64,
    draft: Option<String>,
    updated_at: String,
    body: Option<String>,
}

/// A measure's head: status, versions, lock and draft.
#[derive(FromRow)]
struct Head {
    status: String,
    current_version: i64,
    lock_version: i64,
    draft: Option<String>,
    draft_by: Option<String>,
}

async fn row(backend: &Backend, id: &str) -> Result<Option<Head>, AppError> {
    Ok(sqlx::query_as::<_, Head>(
        "SELECT status, current_version, lock_version, draft, draft_by FROM measures WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(backend.pool())
    .await?)
}

async fn version_body(
    backend: &Backend,
    id: &str,
    version: i64,
) -> Result<Option<Measure>, AppError> {
    let body: Option<(String,)> =
        sqlx::query_as("SELECT body FROM measure_versions WHERE measure_id = $1 AND version = $2")
            .bind(id)
            .bind(version)
            .fetch_optional(backend.pool())
            .await?;
    body.map(|(b,)| parse(&b)).transpose()
}

fn parse(body: &str) -> Result<Measure, AppError> {
    serde_json::from_str(body)
        .map_err(|e| AppError::from(super::db::DbError::Corrupt(e.to_string())))
}

/// A blank measure for the "new measure" form.
fn template() -> Measure {
    Measure::blank("nwf-2020-1", today())
}

/// The editor's data for `id` (a new measure when `id` is empty); `None` for an unknown id.
pub async fn load(backend: &Backend, id: &str) -> Result<Option<EditorData>, AppError> {
    let published = backend.published().await?;
    let facts = published
        .catalog
        .vocabulary
        .iter()
        .map(FactChoice::from_def)
        .collect();
    let documents = published
        .catalog
        .document_slugs()
        .map(str::to_string)
        .collect();
    if id.is_empty() {
        let measure = template();
        return Ok(Some(EditorData {
            preview: preview(backend, &measure, &BTreeMap::new()).await?,
            measure,
            is_new: true,
            lock_version: 0,
            status: "draft".into(),
            has_draft: false,
            draft_by: None,
            versions: Vec::new(),
            facts,
            documents,
        }));
    }
    let Some(r) = row(backend, id).await? else {
        return Ok(None);
    };
    let measure = match &r.draft {
        Some(d) => parse(d)?,
        None => version_body(backend, id, r.current_version)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    Ok(Some(EditorData {
        preview: preview(backend, &measure, &BTreeMap::new()).await?,
        measure,
        is_new: false,
        lock_version: r.lock_version,
        status: r.status,
        has_draft: r.draft.is_some(),
        draft_by: r.draft_by,
        versions: versions(backend, id).await?,
        facts,
        documents,
    }))
}

/// Published versions of a measure, newest first.
pub async fn versions(backend: &Backend, id: &str) -> Result<Vec<VersionInfo>, AppError> {
    let rows = sqlx::query_as::<_, VersionRow>(
        "SELECT version, effective_from, published_at, published_by, note, body FROM measure_versions WHERE measure_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(backend.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let archived = serde_json::from_str::<Measure>(&r.body)
                .map(|m| m.status == Status::Archived)
                .unwrap_or(false);
            VersionInfo {
                version: r.version,
                effective_from: r.effective_from,
                published_at: r.published_at,
                published_by: r.published_by,
                note: r.note,
                status: if archived { "archived" } else { "published" }.into(),
            }
        })
        .collect())
}

/// A published version, as the history lists it.
#[derive(FromRow)]
struct VersionRow {
    version: i64,
    effective_from: String,
    published_at: String,
    published_by: Option<String>,
    note: Option<String>,
    body: String,
}
