//! Results: an assessment by the engine, turned into what the results page shows and stored
//! under an unguessable id, so the link always reopens the same result.
use super::clock::now_rfc3339;
use super::db::DbError;
use super::store::Backend;
use super::tokens::token;
use crate::policy::condition::{describe_value, Truth};
use crate::policy::engine::{assess, Assessment, MeasureOutcome, Verdict};
use crate::policy::next_questions::{reading_order, Scope};
use crate::policy::outcome::Reason;
use crate::policy::{format_yuan, Catalog, Category, Condition, Date, Facts, MoneyRange};
use crate::wire::catalog::Figure;
use crate::wire::errors::AppError;
use crate::wire::wizard::{NearMiss, PendingItem, ResultGroup, ResultItem, ResultView};

fn item(o: &MeasureOutcome) -> ResultItem {
    ResultItem {
        id: o.measure.id.clone(),
        title: o.measure.title.clone(),
        citation: o.citation(),
        amount: o.benefit.as_ref().map(|b| b.describe()).unwrap_or_default(),
        counted: o.counted.map(|c| c.to_string()).unwrap_or_default(),
        counted_high: o.counted.map(|c| c.high).unwrap_or(0),
        trace: o.trace(),
        notes: o.notes(),
    }
}

/// A not-eligible measure is a near miss when the applicant type fits and exactly one of the
/// top-level requirements fails.
fn near_miss(o: &MeasureOutcome, facts: &Facts) -> Option<NearMiss> {
    let m = o.measure;
    if matches!(o.reason, Some(Reason::ApplicantType { .. })) {
        return None;
    }
    let reason = o.reason_text()?;
    let parts: Vec<&Condition> = match &m.condition {
        Condition::All { all } => all.iter().collect(),
        other => vec![other],
    };
    let failing = parts
        .iter()
        .filter(|c| matches!(c.evaluate(facts), Truth::False { .. }))
        .count();
    (failing == 1).then(|| NearMiss {
        id: m.id.clone(),
        title: m.title.clone(),
        citation: o.citation(),
        reason: format!("Not eligible because it {reason}. You would qualify if that changed."),
    })
}

/// The answers a measure still needs, first needed first (the order its text reads them).
fn needed_first(catalog: &Catalog, o: &MeasureOutcome) -> Vec<String> {
    let mut order = reading_order(catalog, o.measure);
    order.retain(|f| o.missing.contains(&f.as_str()));
    for f in &o.missing {
        if !order.iter().any(|x| x == f) {
            order.push(f.to_string());
        }
    }
    order
}

/// Builds the results page from an assessment. With `scope` (the wizard's topics or focus),
/// the measures outside it that need answers are counted as not explored instead of listed.
pub fn view(
    catalog: &Catalog,
    a: &Assessment,
    facts: &Facts,
    id: &str,
    scope: Option<&Scope>,
) -> ResultView {
    let eligible: Vec<&MeasureOutcome> = a
        .outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::Eligible)
        .collect();
    let groups = Category::ALL
        .iter()
        .filter_map(|c| {
            let items: Vec<ResultItem> = eligible
                .iter()
                .filter(|o| o.measure.category == *c && o.counted.is_some())
                .map(|o| item(o))
                .collect();
            if items.is_empty() {
                return None;
            }
            let sub = eligible
                .iter()
                .filter(|o| {
                    o.measure.category == *c
                        && !crate::policy::engine::is_financing(o.measure.support)
                })
                .filter_map(|o| o.counted)
                .fold(MoneyRange::exact(0), MoneyRange::plus);
            Some(ResultGroup {
                category: c.slug().into(),
                label: c.name().into(),
                subtotal: sub.to_string(),
                subtotal_high: sub.high,
                items,
            })
        })
        .collect();
    let non_monetary = eligible
        .iter()
        .filter(|o| o.counted.is_none())
        .map(|o| item(o))
        .collect();
    let label = |f: &str| {
        catalog
            .vocabulary
            .get(f)
            .map(|d| d.question.clone())
            .unwrap_or_else(|| f.to_string())
    };
    let explored = |o: &&MeasureOutcome| scope.is_none_or(|sc| sc.includes(catalog, o.measure));
    let needs_info = || {
        a.outcomes
            .iter()
            .filter(|o| o.verdict == Verdict::NeedsInfo)
    };
    let pending = needs_info()
        .filter(explored)
        .map(|o| {
            let needed = needed_first(catalog, o);
            PendingItem {
                id: o.measure.id.clone(),
                title: o.measure.title.clone(),
                questions: needed.iter().take(2).map(|f| label(f)).collect(),
                more: needed.len().saturating_sub(2) as u32,
            }
        })
        .collect();
    let unexplored = needs_info().filter(|o| !explored(o)).count() as u32;
    let near_misses = a
        .outcomes
        .iter()
        .filter(|o| o.verdict == Verdict::NotEligible)
        .filter_map(|o| near_miss(o, facts))
        .collect();
    ResultView {
        id: id.to_string(),
        as_of: a.as_of.to_string(),
        total: a.total.to_string(),
        financing_total: (a.financing_total.high > 0).then(|| a.financing_total.to_string()),
        monthly_total: (a.monthly_total > 0)
            .then(|| format!("plus {} yuan a month", format_yuan(a.monthly_total))),
        groups,
        non_monetary,
        rules: a
            .rules_applied
            .iter()
            .map(|r| {
                format!(
                    "{} ({}): {}",
                    r.rule.title,
                    r.rule.citation.display_short(),
                    r.effect
                )
            })
            .collect(),
        pending,
        unexplored,
        near_misses,
        catalog_version: String::new(),
        answers: facts
            .iter()
            .filter_map(|(k, v)| {
                let d = catalog.vocabulary.get(k)?;
                Some(Figure {
                    label: d.label.clone(),
                    value: describe_value(d, v),
                })
            })
            .collect(),
    }
}

/// Assesses, stores and returns the new result's id. A session finished again with the same
/// answers and day gets the result already stored for it; a new one counts against
/// `client`'s limit ([`super::limits`]).
pub async fn create(
    backend: &Backend,
    client: &str,
    session: Option<&str>,
    facts: &Facts,
    as_of: Date,
    scope: Option<&Scope>,
) -> Result<String, AppError> {
    let facts_json = to_json(facts)?;
    if let Some(session) = session {
        let same: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM assessments WHERE session_id = $1 AND facts = $2 AND as_of = $3 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(session)
        .bind(&facts_json)
        .bind(as_of.to_string())
        .fetch_optional(backend.pool())
        .await
        .map_err(DbError::from)?;
        if let Some((id,)) = same {
            return Ok(id);
        }
    }
    super::limits::allow_new(backend, super::limits::Made::Result, client).await?;
    // The versions of the measures in force on that day, not necessarily today's.
    let published = backend.as_of(as_of).await?;
    let catalog = &published.catalog;
    let assessment = assess(catalog, facts, as_of);
    let id = token()?;
    let mut result = view(catalog, &assessment, facts, &id, scope);
    result.catalog_version = published.version.clone();
    let created = now_rfc3339();
    let mut tx = backend.begin_write().await.map_err(DbError::from)?;
    sqlx::query(
        "INSERT INTO assessments (id, session_id, facts, as_of, result, created_at, client, catalog_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.clone())
    .bind(session.map(str::to_string))
    .bind(facts_json)
    .bind(as_of.to_string())
    .bind(to_json(&result)?)
    .bind(created.clone())
    .bind(client.to_string())
    .bind(published.version.clone())
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    // The measures it found eligible, for the staff dashboard's "most assessed".
    let eligible: std::collections::BTreeSet<&str> = result
        .groups
        .iter()
        .flat_map(|g| g.items.iter())
        .chain(result.non_monetary.iter())
        .map(|i| i.id.as_str())
        .collect();
    for measure in eligible {
        sqlx::query(
            "INSERT INTO assessment_measures (assessment_id, measure_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(id.clone())
        .bind(measure.to_string())
        .bind(created.clone())
        .execute(&mut *tx)
        .await
        .map_err(DbError::from)?;
    }
    tx.commit().await.map_err(DbError::from)?;
    record_snapshot(backend, &published).await?;
    Ok(id)
}

/// Records which version of each measure the catalog version of `published` holds, once per
/// catalog version ("what changed" compares the very versions a result or profile used).
pub async fn record_snapshot(
    backend: &Backend,
    published: &super::store::Published,
) -> Result<(), DbError> {
    let versions: std::collections::BTreeMap<&str, u32> = published
        .catalog
        .measures
        .iter()
        .map(|m| (m.id.as_str(), m.version))
        .collect();
    sqlx::query(
        "INSERT INTO catalog_snapshots (version, measures, created_at) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING",
    )
    .bind(published.version.clone())
    .bind(to_json(&versions)?)
    .bind(now_rfc3339())
    .execute(backend.pool())
    .await?;
    Ok(())
}

/// A stored result; `None` for an unknown id.
pub async fn load(backend: &Backend, id: &str) -> Result<Option<ResultView>, DbError> {
    stored(backend, id, "SELECT result FROM assessments WHERE id = $1").await
}

/// The answers a stored result was computed from; `None` for an unknown id.
pub async fn facts(backend: &Backend, id: &str) -> Result<Option<Facts>, DbError> {
    stored(backend, id, "SELECT facts FROM assessments WHERE id = $1").await
}

/// One JSON column of the assessment `id`, read by `sql`; `None` for an id that is not the
/// shape of a result id or opens none.
async fn stored<T: serde::de::DeserializeOwned>(
    backend: &Backend,
    id: &str,
    sql: &'static str,
) -> Result<Option<T>, DbError> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let text: Option<String> = sqlx::query_scalar(sql)
        .bind(id.to_string())
        .fetch_optional(backend.pool())
        .await?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| DbError::Corrupt(e.to_string())))
        .transpose()
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::Corrupt(e.to_string()))
}
