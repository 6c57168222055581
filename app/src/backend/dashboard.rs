//! The staff dashboard (`/staff`): drafts waiting for a publisher, scheduled versions, measures
//! closing soon, award reports not yet reviewed, and the catalog's use in charts. Each part is
//! one aggregate query or a pass over the published catalog; nothing parses stored results.
use std::collections::BTreeMap;

use sqlx::FromRow;

use super::db::DbError;
use super::store::Backend;
use crate::policy::lifecycle::{lifecycle, Lifecycle};
use crate::policy::{Category, Date};
use crate::wire::dashboard::{
    ClosingRow, Count, Dashboard, DraftRow, ScheduledRow, TOP_MEASURES, WEEKS,
};
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};

/// The dashboard for `user` on `today` (Beijing): the lists a role cannot act on are left
/// empty.
pub async fn overview(
    backend: &Backend,
    user: &StaffUser,
    today: Date,
) -> Result<Dashboard, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let title = |id: &str| {
        catalog
            .measure(id)
            .map(|m| m.title.clone())
            .unwrap_or_default()
    };
    let editor = user.role.allows(Role::Editor);
    let first_week = week_start(today).add_days(-7 * (WEEKS as i64 - 1));
    // Stored times are UTC; Beijing's day starts 8 hours earlier.
    let since = format!("{}T16:00:00Z", first_week.add_days(-1));
    let mut by_state: BTreeMap<Lifecycle, u64> = Lifecycle::ALL.iter().map(|s| (*s, 0)).collect();
    let mut by_category: BTreeMap<&str, u64> = BTreeMap::new();
    let mut closing_soon = Vec::new();
    for m in &catalog.measures {
        let state = lifecycle(m, today);
        *by_state.entry(state).or_default() += 1;
        *by_category.entry(m.category.slug()).or_default() += 1;
        if let (Lifecycle::ClosingSoon, Some(end)) = (state, m.expires_on) {
            closing_soon.push(ClosingRow {
                id: m.id.clone(),
                title: m.title.clone(),
                expires_on: end.to_string(),
                days_left: end.day_number() - today.day_number(),
            });
        }
    }
    closing_soon.sort_by(|a, b| (a.days_left, &a.id).cmp(&(b.days_left, &b.id)));
    let unreviewed_reports = if user.role.allows(Role::Reviewer) {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT measure_id, COUNT(*) FROM award_reports WHERE reviewed_at IS NULL GROUP BY measure_id ORDER BY COUNT(*) DESC, measure_id",
        )
        .fetch_all(backend.pool())
        .await
        .map_err(DbError::from)?;
        Some(counts(rows, title))
    } else {
        None
    };
    let most: Vec<(String, i64)> = sqlx::query_as(
        "SELECT measure_id, COUNT(*) FROM assessment_measures WHERE created_at >= $1 GROUP BY measure_id ORDER BY COUNT(*) DESC, measure_id LIMIT $2",
    )
    .bind(since.clone())
    .bind(TOP_MEASURES as i64)
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    Ok(Dashboard {
        today: today.to_string(),
        drafts: if editor {
            drafts(backend).await?
        } else {
            Vec::new()
        },
        scheduled: if editor {
            scheduled(backend, today).await?
        } else {
            Vec::new()
        },
        closing_soon,
        unreviewed_reports,
        by_state: by_state
            .into_iter()
            .map(|(s, n)| Count {
                key: s.slug().into(),
                label: s.label().into(),
                count: n,
            })
            .collect(),
        by_category: Category::ALL
            .iter()
            .map(|c| Count {
                key: c.slug().into(),
                label: c.name().into(),
                count: by_category.get(c.slug()).copied().unwrap_or(0),
            })
            .collect(),
        per_week: per_week(backend, first_week, &since).await?,
        most_assessed: counts(most, title),
    })
}

fn counts(rows: Vec<(String, i64)>, title: impl Fn(&str) -> String) -> Vec<Count> {
    rows.into_iter()
        .map(|(key, n)| Count {
            label: title(&key),
            key,
            count: n.max(0) as u64,
        })
        .collect()
}

/// The Monday of `day`'s week.
pub fn week_start(day: Date) -> Date {
    // 2024-01-01 was a Monday.
    let monday = Date::new(2024, 1, 1).expect("valid").day_number();
    day.add_days(-(day.day_number() - monday).rem_euclid(7))
}

/// Stored results per week from `first_week` (a Monday), counted by the hour they were made
/// (so the database returns at most 24 rows a day) and placed in Beijing's weeks.
async fn per_week(
    backend: &Backend,
    first_week: Date,
    since: &str,
) -> Result<Vec<Count>, AppError> {
    let hours: Vec<(String, i64)> = sqlx::query_as(
        "SELECT substr(created_at, 1, 13), COUNT(*) FROM assessments WHERE created_at >= $1 GROUP BY substr(created_at, 1, 13)",
    )
    .bind(since.to_string())
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    let mut weeks = vec![0u64; WEEKS];
    for (hour, n) in hours {
        let (Some(day), Some(h)) = (hour.get(..10), hour.get(11..13)) else {
            continue;
        };
        let (Ok(day), Ok(h)) = (Date::parse(day), h.parse::<u8>()) else {
            continue;
        };
        let local = if h >= 16 { day.add_days(1) } else { day };
        let week = (local.day_number() - first_week.day_number()).div_euclid(7);
        if let Some(slot) = usize::try_from(week).ok().and_then(|w| weeks.get_mut(w)) {
            *slot += n.max(0) as u64;
        }
    }
    Ok(weeks
        .into_iter()
        .enumerate()
        .map(|(i, n)| Count {
            key: first_week.add_days(7 * i as i64).to_string(),
            label: String::new(),
            count: n,
        })
        .collect())
}

/// Just what the lists need of a stored measure body.
#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    title: String,
    #[serde(default)]
    status: Option<crate::policy::Status>,
}

fn head(body: &str) -> Head {
    serde_json::from_str(body).unwrap_or(Head {
        title: String::new(),
        status: None,
    })
}

#[derive(FromRow)]
struct DraftDb {
    id: String,
    draft: String,
    draft_by: Option<String>,
    updated_at: String,
    current_version: i64,
}

#[derive(FromRow)]
struct ReferenceDraftDb {
    kind: String,
    entry_key: String,
    draft: Option<String>,
    draft_removes: i64,
    draft_by: Option<String>,
    updated_at: String,
    current_version: i64,
}

async fn drafts(backend: &Backend) -> Result<Vec<DraftRow>, AppError> {
    let rows = sqlx::query_as::<_, DraftDb>(
        "SELECT id, draft, draft_by, updated_at, current_version FROM measures WHERE draft IS NOT NULL ORDER BY updated_at, id",
    )
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    let mut out: Vec<DraftRow> = rows
        .into_iter()
        .map(|r| DraftRow {
            kind: "measure".into(),
            title: head(&r.draft).title,
            id: r.id,
            by: r.draft_by.unwrap_or_default(),
            updated_at: r.updated_at,
            is_new: r.current_version == 0,
            removes: false,
        })
        .collect();
    let reference = sqlx::query_as::<_, ReferenceDraftDb>(
        "SELECT kind, entry_key, draft, draft_removes, draft_by, updated_at, current_version FROM reference_heads WHERE draft IS NOT NULL OR draft_removes <> 0 ORDER BY updated_at, kind, entry_key",
    )
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    let published = backend.published().await?;
    for r in reference {
        let entry = r
            .draft
            .as_deref()
            .and_then(|d| serde_json::from_str::<crate::policy::reference::Entry>(d).ok());
        let known = crate::policy::reference::EntryKind::from_slug(&r.kind)
            .and_then(|k| published.catalog.entry(k, &r.entry_key));
        out.push(DraftRow {
            title: entry
                .as_ref()
                .or(known.as_ref())
                .map(|e| e.title().to_string())
                .unwrap_or_default(),
            is_new: known.is_none() && r.current_version == 0,
            kind: r.kind,
            id: r.entry_key,
            by: r.draft_by.unwrap_or_default(),
            updated_at: r.updated_at,
            removes: r.draft_removes != 0,
        });
    }
    out.sort_by(|a, b| (&a.updated_at, &a.kind, &a.id).cmp(&(&b.updated_at, &b.kind, &b.id)));
    Ok(out)
}

#[derive(FromRow)]
struct ScheduledDb {
    measure_id: String,
    version: i64,
    effective_from: String,
    published_by: Option<String>,
    body: String,
}

async fn scheduled(backend: &Backend, today: Date) -> Result<Vec<ScheduledRow>, AppError> {
    let rows = sqlx::query_as::<_, ScheduledDb>(
        "SELECT measure_id, version, effective_from, published_by, body FROM measure_versions WHERE effective_from > $1 ORDER BY effective_from, measure_id, version",
    )
    .bind(today.to_string())
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let h = head(&r.body);
            ScheduledRow {
                id: r.measure_id,
                title: h.title,
                version: r.version,
                effective_from: r.effective_from,
                published_by: r.published_by.unwrap_or_default(),
                archives: h.status == Some(crate::policy::Status::Archived),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let d = |s: &str| Date::parse(s).expect("date");
        assert_eq!(week_start(d("2026-12-07")), d("2026-12-07"));
        assert_eq!(week_start(d("2026-12-13")), d("2026-12-07"));
        assert_eq!(week_start(d("2026-12-06")), d("2026-11-30"));
        assert_eq!(week_start(d("2024-03-01")), d("2024-02-26"));
    }
}
