//! Results that stay explainable: a stored result recomputed from its answers on another day
//! (today unless asked), compared measure by measure with what was stored, each difference
//! traced to the published versions of the measure that gave the two outcomes.
use std::collections::BTreeMap;

use sqlx::FromRow;

use super::clock::today;
use super::db::DbError;
use super::editor::changes;
use super::results::view;
use super::store::Backend;
use crate::policy::engine::assess;
use crate::policy::{Date, Facts, Measure};
use crate::wire::errors::AppError;
use crate::wire::wizard::{ChangeCause, ChangeLine, ResultChanges, ResultItem, ResultView};

#[derive(FromRow)]
struct Stored {
    facts: String,
    result: String,
}

#[derive(FromRow)]
struct VersionRow {
    version: i64,
    body: String,
    effective_from: String,
    published_at: String,
}

/// The eligible measures of a result with what each counts, in words ("" when it gives no
/// money), in page order.
fn eligible(r: &ResultView) -> Vec<(&ResultItem, &str)> {
    r.groups
        .iter()
        .flat_map(|g| g.items.iter())
        .chain(r.non_monetary.iter())
        .map(|i| (i, i.counted.as_str()))
        .collect()
}

/// The published changes to `measure` between version `from` (the one the result used) and
/// version `to` (the one in force on the day recomputed).
async fn causes(
    backend: &Backend,
    measure: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Vec<ChangeCause>, AppError> {
    let (Some(from), Some(to)) = (from, to) else {
        return Ok(Vec::new());
    };
    if from == to {
        return Ok(Vec::new());
    }
    let versions = sqlx::query_as::<_, VersionRow>(
        "SELECT version, body, effective_from, published_at FROM measure_versions WHERE measure_id = $1 AND version IN ($2, $3)",
    )
    .bind(measure.to_string())
    .bind(from)
    .bind(to)
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    let (Some(old), Some(new)) = (
        versions.iter().find(|v| v.version == from),
        versions.iter().find(|v| v.version == to),
    ) else {
        return Ok(Vec::new());
    };
    let json = |body: &str| -> Result<serde_json::Value, AppError> {
        let m: Measure = serde_json::from_str(body).map_err(|e| DbError::Corrupt(e.to_string()))?;
        serde_json::to_value(m).map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))
    };
    Ok(changes(&json(&old.body)?, &json(&new.body)?)
        .into_iter()
        // The version number and the worked examples document a version; they change no
        // one's outcome.
        .filter(|c| c.field != "version" && !c.field.starts_with("examples"))
        .map(|c| ChangeCause {
            field: c.field,
            before: c.before,
            after: c.after,
            from_version: from,
            to_version: to,
            effective_from: new.effective_from.clone(),
            published_on: new.published_at.chars().take(10).collect(),
            link: format!("/measures/{measure}?from={from}&to={to}#changes"),
        })
        .collect())
}

/// The version of each measure in the catalog version `version`, if it was recorded.
async fn snapshot(
    backend: &Backend,
    version: &str,
) -> Result<Option<BTreeMap<String, i64>>, AppError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT measures FROM catalog_snapshots WHERE version = $1")
            .bind(version.to_string())
            .fetch_optional(backend.pool())
            .await
            .map_err(DbError::from)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))
    })
    .transpose()
}

/// What changed for the stored result `id` when recomputed on `day` (today when `None`);
/// `None` for an unknown result.
pub async fn result_changes(
    backend: &Backend,
    id: &str,
    day: Option<Date>,
) -> Result<Option<ResultChanges>, AppError> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let Some(row) =
        sqlx::query_as::<_, Stored>("SELECT facts, result FROM assessments WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(backend.pool())
            .await
            .map_err(DbError::from)?
    else {
        return Ok(None);
    };
    let corrupt = |e: serde_json::Error| AppError::from(DbError::Corrupt(e.to_string()));
    let facts: Facts = serde_json::from_str(&row.facts).map_err(corrupt)?;
    let before: ResultView = serde_json::from_str(&row.result).map_err(corrupt)?;
    let now = day.unwrap_or_else(today);
    let published = backend.as_of(now).await?;
    let assessment = assess(&published.catalog, &facts, now);
    let after = view(&published.catalog, &assessment, &facts, id, None);
    let (old, new) = (eligible(&before), eligible(&after));
    let mut lines = Vec::new();
    for (item, counted) in &old {
        let line = match new.iter().find(|(i, _)| i.id == item.id) {
            None => Some(("lost", counted.to_string(), String::new())),
            Some((_, now_counted)) if now_counted != counted => {
                Some(("amount", counted.to_string(), now_counted.to_string()))
            }
            Some(_) => None,
        };
        if let Some((kind, b, a)) = line {
            lines.push((item.id.clone(), item.title.clone(), kind, b, a));
        }
    }
    for (item, counted) in &new {
        if !old.iter().any(|(i, _)| i.id == item.id) {
            lines.push((
                item.id.clone(),
                item.title.clone(),
                "gained",
                String::new(),
                counted.to_string(),
            ));
        }
    }
    // The versions the result used, as recorded for its catalog version, and today's.
    let used = snapshot(backend, &before.catalog_version)
        .await?
        .unwrap_or_default();
    let mut out = Vec::with_capacity(lines.len());
    for (measure, title, kind, b, a) in lines {
        let to = published
            .catalog
            .measure(&measure)
            .map(|m| i64::from(m.version));
        let causes = causes(backend, &measure, used.get(&measure).copied(), to).await?;
        out.push(ChangeLine {
            measure,
            title,
            kind: kind.into(),
            before: b,
            after: a,
            causes,
        });
    }
    Ok(Some(ResultChanges {
        id: id.to_string(),
        as_of: before.as_of.clone(),
        catalog_changed: before.catalog_version != published.version,
        catalog_version: before.catalog_version.clone(),
        recomputed_as_of: now.to_string(),
        current_version: published.version.clone(),
        total_before: before.total.clone(),
        total_after: after.total.clone(),
        lines: out,
    }))
}
