//! A measure's life in the editor: drafts saved under optimistic locking, publication as a new
//! immutable version, archiving.

use crate::backend::audit;
use crate::backend::clock::{now_rfc3339, today};
use crate::backend::store::Backend;
use crate::backend::versions::{append_version, NewVersion};
use crate::policy::measure::id_problem;
use crate::policy::{Date, Measure, Status};
use crate::wire::editor::Saved;
use crate::wire::errors::AppError;
use crate::wire::errors::FieldError;
use crate::wire::staff::StaffUser;

use super::*;

pub(super) fn conflict(by: Option<&str>) -> AppError {
    AppError::conflict(format!(
        "Someone else ({}) saved this measure after you opened it, so your save was refused to keep their work. Your text is still in the form: copy what you need, reload the page to see their version, and apply your change again.",
        by.unwrap_or("another editor")
    ))
}

/// Saves a draft; refused when `lock_version` is stale or the id of a new measure is taken.
pub async fn save_draft(
    backend: &Backend,
    user: &StaffUser,
    measure: &Measure,
    lock_version: i64,
    is_new: bool,
) -> Result<Saved, AppError> {
    let mut measure = measure.clone();
    measure.status = Status::Draft;
    // A draft may be incomplete, but its id must be usable as a key.
    if let Some(message) = id_problem(&measure.id, None) {
        return Err(AppError::field("id", message));
    }
    let body = serde_json::to_string(&measure).map_err(|e| AppError::invalid(e.to_string()))?;
    let now = now_rfc3339();
    let mut tx = backend.begin_write().await?;
    let before: Option<serde_json::Value>;
    let new_lock = if is_new {
        let (exists,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM measures WHERE id = $1")
            .bind(&measure.id)
            .fetch_one(&mut *tx)
            .await?;
        if exists > 0 {
            return Err(AppError::fields(vec![FieldError {
                field: "id".into(),
                message: format!("a measure with the id {} already exists", measure.id),
            }]));
        }
        let (position,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(position), 0) + 1 FROM measures")
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO measures (id, position, status, current_version, lock_version, updated_at, draft, draft_by) VALUES ($1, $2, 'draft', 0, 1, $3, $4, $5)",
        )
        .bind(&measure.id)
        .bind(position)
        .bind(&now)
        .bind(&body)
        .bind(&user.email)
        .execute(&mut *tx)
        .await?;
        before = None;
        1
    } else {
        let r: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT draft, draft_by FROM measures WHERE id = $1")
                .bind(&measure.id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((old, by)) = r else {
            return Err(AppError::NotFound);
        };
        let done = sqlx::query(
            "UPDATE measures SET draft = $1, draft_by = $2, updated_at = $3, lock_version = lock_version + 1 WHERE id = $4 AND lock_version = $5",
        )
        .bind(&body)
        .bind(&user.email)
        .bind(&now)
        .bind(&measure.id)
        .bind(lock_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            // Rolled back before answering: a dropped transaction is rolled back only later, and
            // SQLite would refuse the next write meanwhile ("database is locked").
            tx.rollback().await?;
            return Err(conflict(by.as_deref()));
        }
        before = old.and_then(|o| serde_json::from_str(&o).ok());
        lock_version + 1
    };
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &user.email,
            action: if is_new {
                "measure.create"
            } else {
                "measure.save_draft"
            },
            target_kind: "measure",
            target_id: Some(&measure.id),
            before: before.as_ref(),
            after: serde_json::to_value(&measure).ok().as_ref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Saved {
        lock_version: new_lock,
        version: None,
        message: "Draft saved.".into(),
    })
}

/// What to publish.
pub struct Publication<'a> {
    /// The text to publish.
    pub measure: &'a Measure,
    /// The locking counter read with the text.
    pub lock_version: i64,
    /// Whether the measure was never saved.
    pub is_new: bool,
    /// `YYYY-MM-DD` from which the version applies.
    pub effective_from: &'a str,
    /// The publisher's note.
    pub note: &'a str,
}

pub(super) fn effective_date(text: &str) -> Result<Date, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(today());
    }
    Date::parse(t).map_err(|_| {
        AppError::fields(vec![FieldError {
            field: "effective_from".into(),
            message: "enter the date as YYYY-MM-DD".into(),
        }])
    })
}

/// Saves, validates, runs the worked examples and publishes a new version.
pub async fn publish(
    backend: &Backend,
    user: &StaffUser,
    p: Publication<'_>,
) -> Result<Saved, AppError> {
    let from = effective_date(p.effective_from)?;
    let published = backend.published().await?;
    let catalog = validate(&published.catalog, p.measure).map_err(AppError::fields)?;
    let failed: Vec<FieldError> = run_examples(&catalog, p.measure)
        .into_iter()
        .enumerate()
        .filter(|(_, c)| !c.passed)
        .map(|(i, c)| FieldError {
            field: format!("examples[{i}]"),
            message: c.message,
        })
        .collect();
    if !failed.is_empty() {
        return Err(AppError::fields(failed));
    }
    let saved = save_draft(backend, user, p.measure, p.lock_version, p.is_new).await?;
    let id = &p.measure.id;
    let mut tx = backend.begin_write().await?;
    let (current,): (i64,) = sqlx::query_as("SELECT current_version FROM measures WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let previous = if current > 0 {
        sqlx::query_as::<_, (String,)>(
            "SELECT body FROM measure_versions WHERE measure_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(current)
        .fetch_optional(&mut *tx)
        .await?
        .and_then(|(b,)| serde_json::from_str::<serde_json::Value>(&b).ok())
    } else {
        None
    };
    let (max,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(version), 0) FROM measure_versions WHERE measure_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let version = max + 1;
    let now = now_rfc3339();
    let new = NewVersion {
        measure: p.measure,
        status: Status::Published,
        version,
        effective_from: from.to_string(),
        actor: &user.email,
        note: p.note.trim(),
        now: &now,
        clear_draft: true,
    };
    commit_version(
        tx,
        &new,
        saved.lock_version,
        "measure.publish",
        previous.as_ref(),
    )
    .await?;
    backend.catalog_changed();
    Ok(Saved {
        lock_version: saved.lock_version + 1,
        version: Some(version),
        message: format!("Published as version {version}, applying from {from}."),
    })
}

/// Archives a measure from a date: a new version marked archived.
pub async fn archive(
    backend: &Backend,
    user: &StaffUser,
    id: &str,
    lock_version: i64,
    effective_from: &str,
) -> Result<Saved, AppError> {
    let from = effective_date(effective_from)?;
    let r = row(backend, id).await?.ok_or(AppError::NotFound)?;
    if r.lock_version != lock_version {
        return Err(conflict(r.draft_by.as_deref()));
    }
    let mut m = version_body(backend, id, r.current_version)
        .await?
        .ok_or_else(|| AppError::invalid("only a published measure can be archived"))?;
    let before = serde_json::to_value(&m).ok();
    let version = r.current_version + 1;
    m.status = Status::Archived;
    let now = now_rfc3339();
    let new = NewVersion {
        measure: &m,
        status: Status::Archived,
        version,
        effective_from: from.to_string(),
        actor: &user.email,
        note: "archived",
        now: &now,
        clear_draft: false,
    };
    let tx = backend.begin_write().await?;
    commit_version(tx, &new, lock_version, "measure.archive", before.as_ref()).await?;
    backend.catalog_changed();
    Ok(Saved {
        lock_version: lock_version + 1,
        version: Some(version),
        message: format!("Archived from {from} (version {version})."),
    })
}

/// Appends `new` under the lock the editor read, audits it as `action` and commits; a stale
/// lock rolls back and answers a conflict.
async fn commit_version(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    new: &NewVersion<'_>,
    lock_version: i64,
    action: &str,
    before: Option<&serde_json::Value>,
) -> Result<(), AppError> {
    let Some(stored) = append_version(&mut tx, new, Some(lock_version)).await? else {
        // Rolled back before answering: a dropped transaction is rolled back only later, and
        // SQLite would refuse the next write meanwhile ("database is locked").
        tx.rollback().await?;
        return Err(conflict(None));
    };
    let after = serde_json::to_value(&stored).ok();
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: new.actor,
            action,
            target_kind: "measure",
            target_id: Some(&stored.id),
            before,
            after: after.as_ref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
