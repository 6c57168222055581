//! Impact preview: before a draft is published, its effect on the answers people stored
//! (results and saved profiles), computed by the engine: how many gain the measure, lose it or
//! get another amount, the money it counts before and after, and a few anonymised examples
//! with their traces. Every stored set of answers is assessed twice as of the day the draft
//! would take effect: with the catalog in force that day, and with the draft in its place
//! (cross-measure rules included, so a cap shared with other measures is counted right).
use sqlx::FromRow;

use super::checks::validate;
use crate::backend::clock::today;
use crate::backend::db::DbError;
use crate::backend::store::Backend;
use crate::policy::engine::{assess, Verdict};
use crate::policy::{Catalog, Date, Facts, Measure, MoneyRange};
use crate::wire::editor::{ImpactExample, ImpactView};
use crate::wire::errors::AppError;

/// Stored answers read per query.
const BATCH: i64 = 500;
/// Examples shown.
const EXAMPLES: usize = 3;

#[derive(FromRow)]
struct Stored {
    key: String,
    facts: String,
}

/// What one set of answers gets from the measure under one catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Got {
    eligible: bool,
    counted: Option<MoneyRange>,
    trace: Vec<String>,
}

fn got(catalog: &Catalog, facts: &Facts, day: Date, id: &str) -> Got {
    let a = assess(catalog, facts, day);
    match a.outcomes.iter().find(|o| o.measure.id == id) {
        Some(o) if o.verdict == Verdict::Eligible => Got {
            eligible: true,
            counted: o.counted,
            trace: o.trace(),
        },
        _ => Got {
            eligible: false,
            counted: None,
            trace: Vec::new(),
        },
    }
}

/// The impact of publishing `draft` with effect from `effective_from` (today when `None` or
/// earlier), over every stored result and saved profile. The draft must validate.
pub async fn impact(
    backend: &Backend,
    draft: &Measure,
    effective_from: Option<Date>,
) -> Result<ImpactView, AppError> {
    let day = effective_from
        .filter(|d| *d > today())
        .unwrap_or_else(today);
    let published = backend.as_of(day).await?;
    let before = &published.catalog;
    let after = validate(before, draft).map_err(AppError::fields)?;
    let mut view = ImpactView {
        measure: draft.id.clone(),
        as_of: day.to_string(),
        ..ImpactView::default()
    };
    let (mut total_before, mut total_after) = (MoneyRange::exact(0), MoneyRange::exact(0));
    for (table, sql) in [
        (
            "result",
            "SELECT id AS key, facts FROM assessments WHERE id > $1 ORDER BY id LIMIT $2",
        ),
        (
            "profile",
            "SELECT token AS key, facts FROM profiles WHERE token > $1 ORDER BY token LIMIT $2",
        ),
    ] {
        let mut last = String::new();
        loop {
            let rows = sqlx::query_as::<_, Stored>(sql)
                .bind(last.clone())
                .bind(BATCH)
                .fetch_all(backend.pool())
                .await
                .map_err(DbError::from)?;
            let Some(end) = rows.last() else { break };
            last = end.key.clone();
            for row in rows {
                // Unreadable answers are skipped, not fatal to the preview.
                let Ok(facts) = serde_json::from_str::<Facts>(&row.facts) else {
                    continue;
                };
                let was = got(before, &facts, day, &draft.id);
                let now = got(&after, &facts, day, &draft.id);
                if table == "result" {
                    view.results += 1;
                } else {
                    view.profiles += 1;
                }
                if let Some(c) = was.counted {
                    total_before = total_before.plus(c);
                }
                if let Some(c) = now.counted {
                    total_after = total_after.plus(c);
                }
                let kind = match (was.eligible, now.eligible) {
                    (false, true) => "gained",
                    (true, false) => "lost",
                    (true, true) if was.counted != now.counted => "amount",
                    _ => continue,
                };
                match kind {
                    "gained" => view.gained += 1,
                    "lost" => view.lost += 1,
                    _ => view.changed += 1,
                }
                if view.examples.len() < EXAMPLES {
                    view.examples.push(ImpactExample {
                        // Anonymised: a number, never the stored id or token.
                        label: format!("Stored {table} {}", view.examples.len() + 1),
                        kind: kind.into(),
                        before: was.counted.map(|c| c.to_string()).unwrap_or_default(),
                        after: now.counted.map(|c| c.to_string()).unwrap_or_default(),
                        trace_before: was.trace,
                        trace_after: now.trace,
                    });
                }
            }
        }
    }
    view.total_before = total_before.to_string();
    view.total_after = total_after.to_string();
    Ok(view)
}
