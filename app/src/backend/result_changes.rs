//! Results that stay explainable: a stored result recomputed from its answers on another day
//! (today unless asked), compared measure by measure with what was stored, each difference
//! traced to the published versions of the measure that gave the two outcomes.
use std::collections::{BTreeMap, HashMap};

use sqlx::FromRow;

use super::clock::today;
use super::db::DbError;
use super::editor::changes;
use super::results::view;
use super::store::Backend;
use crate::policy::engine::assess;
use crate::policy::{Catalog, Date, Facts, Measure};
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

/// An eligible measure as a result or a profile saw it: what it counted, in words ("" when
/// it gives no money).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Seen {
    /// Measure id.
    pub id: String,
    /// Its title then.
    pub title: String,
    /// What it counted.
    pub counted: String,
}

/// The eligible measures of a result with what each counts, in page order.
pub fn seen(r: &ResultView) -> Vec<Seen> {
    r.groups
        .iter()
        .flat_map(|g| g.items.iter())
        .chain(r.non_monetary.iter())
        .map(|i: &ResultItem| Seen {
            id: i.id.clone(),
            title: i.title.clone(),
            counted: i.counted.clone(),
        })
        .collect()
}

/// The published changes already looked up, by measure and the two versions compared (a
/// publish changes the same few measures for every profile).
#[derive(Default)]
pub struct CauseCache(HashMap<(String, i64, i64), Vec<ChangeCause>>);

/// The lines between what was seen before (`old`, computed with the measure versions `used`)
/// and now (`new`, with `catalog`): measures lost or changed in amount in the order seen
/// before, then those gained, each with the published changes that caused it.
pub async fn lines(
    backend: &Backend,
    cache: &mut CauseCache,
    old: &[Seen],
    new: &[Seen],
    used: &BTreeMap<String, i64>,
    catalog: &Catalog,
) -> Result<Vec<ChangeLine>, AppError> {
    let mut found = Vec::new();
    for item in old {
        match new.iter().find(|i| i.id == item.id) {
            None => found.push((item, "lost", item.counted.clone(), String::new())),
            Some(now) if now.counted != item.counted => {
                found.push((now, "amount", item.counted.clone(), now.counted.clone()))
            }
            Some(_) => {}
        }
    }
    for item in new {
        if !old.iter().any(|i| i.id == item.id) {
            found.push((item, "gained", String::new(), item.counted.clone()));
        }
    }
    let mut out = Vec::with_capacity(found.len());
    for (item, kind, before, after) in found {
        let from = used.get(&item.id).copied();
        let to = catalog.measure(&item.id).map(|m| i64::from(m.version));
        let causes = match (from, to) {
            (Some(f), Some(t)) => {
                let key = (item.id.clone(), f, t);
                if let Some(c) = cache.0.get(&key) {
                    c.clone()
                } else {
                    let c = causes(backend, &item.id, from, to).await?;
                    cache.0.insert(key, c.clone());
                    c
                }
            }
            _ => Vec::new(),
        };
        out.push(ChangeLine {
            measure: item.id.clone(),
            title: item.title.clone(),
            kind: kind.into(),
            before,
            after,
            causes,
        });
    }
    Ok(out)
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
pub async fn snapshot(
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
    // The versions the result used, as recorded for its catalog version, and today's.
    let used = snapshot(backend, &before.catalog_version)
        .await?
        .unwrap_or_default();
    let out = lines(
        backend,
        &mut CauseCache::default(),
        &seen(&before),
        &seen(&after),
        &used,
        &published.catalog,
    )
    .await?;
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
