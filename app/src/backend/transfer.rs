//! Export and import of the catalog in the `app/catalog/` file format (the command line and
//! the staff area both use these). Export writes the catalog in force today; import validates
//! the files exactly as the seed loader does, then publishes every new or changed measure as a
//! new version and replaces facts, rules and documents, in one transaction.
use serde::{Deserialize, Serialize};

use super::audit;
use super::clock::{now_rfc3339, today};
use super::store::Backend;
use super::versions::{append_version, bump_revision, NewVersion};
use crate::policy::{Catalog, Measure, Status};
use crate::wire::errors::AppError;
use crate::wire::errors::FieldError;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Measures that did not exist.
    pub added: Vec<String>,
    /// Measures published as a new version because they differ.
    pub changed: Vec<String>,
    /// Measures left as they were.
    pub unchanged: usize,
}

/// The catalog in force today as `(file name, TOML text)` pairs.
pub async fn export(backend: &Backend) -> Result<Vec<(String, String)>, AppError> {
    let published = backend.published().await?;
    published.catalog.to_toml_files().map_err(AppError::invalid)
}

/// Comparable form of a measure: what an import could change.
fn comparable(m: &Measure) -> Measure {
    let mut m = m.clone();
    m.version = 1;
    m.status = Status::Published;
    m
}

/// Validates and imports catalog files; `actor` is recorded in the audit log.
pub async fn import(
    backend: &Backend,
    actor: &str,
    files: &[(String, String)],
) -> Result<ImportReport, AppError> {
    let catalog =
        Catalog::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| {
            AppError::fields(
                e.0.into_iter()
                    .map(|e| FieldError {
                        field: format!("{}: {} [{}]", e.file, e.subject, e.field),
                        message: e.message,
                    })
                    .collect(),
            )
        })?;
    let current = backend.published().await?;
    let mut report = ImportReport::default();
    let now = now_rfc3339();
    let day = today().to_string();
    let mut tx = backend.begin_write().await?;
    super::store::write_reference_data(&mut tx, &catalog).await?;
    for (i, m) in catalog.measures.iter().enumerate() {
        let existing: Option<(i64,)> = sqlx::query_as(
            "SELECT COALESCE(MAX(v.version), 0) FROM measures m LEFT JOIN measure_versions v ON v.measure_id = m.id WHERE m.id = $1 GROUP BY m.id",
        )
        .bind(&m.id)
        .fetch_optional(&mut *tx)
        .await?;
        let same = current
            .catalog
            .measure(&m.id)
            .is_some_and(|c| comparable(c) == comparable(m));
        if same {
            report.unchanged += 1;
            continue;
        }
        let version = existing.map(|e| e.0).unwrap_or(0) + 1;
        if existing.is_none() {
            sqlx::query(
                "INSERT INTO measures (id, position, status, current_version, lock_version, updated_at) VALUES ($1, $2, 'published', $3, 0, $4)",
            )
            .bind(&m.id)
            .bind(10_000 + i as i64)
            .bind(version)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            report.added.push(m.id.clone());
        } else {
            report.changed.push(m.id.clone());
        }
        let new = NewVersion {
            measure: m,
            status: Status::Published,
            version,
            effective_from: if existing.is_none() {
                m.effective_from.to_string()
            } else {
                day.clone()
            },
            actor,
            note: "imported",
            now: &now,
            clear_draft: false,
        };
        append_version(&mut tx, &new, None).await?;
    }
    // Facts, rules and documents were rewritten too, even when no measure changed.
    bump_revision(&mut tx).await?;
    audit::record(
        &mut *tx,
        audit::Entry {
            actor,
            action: "catalog.import",
            target_kind: "catalog",
            target_id: None,
            before: None,
            after: serde_json::to_value(&report).ok().as_ref(),
        },
    )
    .await?;
    tx.commit().await?;
    backend.catalog_changed();
    Ok(report)
}
