//! Staff editing of measures: drafts with optimistic locking, validation and preview with the
//! catalog loader and the engine, publication as immutable versions, archiving, and diffs.
//!
//! A measure row holds at most one draft (`measures.draft`) and a `lock_version` that every save
//! must quote: a save based on an older read is refused instead of overwriting someone else's
//! work. Publishing turns the text into a new row of `measure_versions` applying from a chosen
//! date, and bumps the catalog revision so every server instance re-reads the catalog.
use std::collections::BTreeMap;

use sqlx::Row;

use super::audit;
use super::clock::{now_rfc3339, today};
use super::store::Backend;
use super::versions::{append_version, NewVersion};
use crate::policy::catalog::KNOWN_DOCUMENTS;
use crate::policy::input::{parse_answer, RawAnswer};
use crate::policy::{
    check_example, evaluate_measure, Catalog, Date, Facts, Formula, LoadErrors, Measure, Status,
    Verdict,
};
use crate::wire::editor::{
    EditorData, ExampleCheck, FactChoice, FieldChange, Preview, Saved, StaffMeasureRow, VersionInfo,
};
use crate::wire::errors::AppError;
use crate::wire::errors::FieldError;
use crate::wire::facts_text::parse_items;
use crate::wire::staff::StaffUser;

/// Every measure with its state, in catalog order, new ones last.
pub async fn list(backend: &Backend) -> Result<Vec<StaffMeasureRow>, AppError> {
    let rows = sqlx::query(
        "SELECT m.id, m.status, m.current_version, m.draft, m.updated_at, v.body FROM measures m LEFT JOIN measure_versions v ON v.measure_id = m.id AND v.version = m.current_version ORDER BY m.position, m.id",
    )
    .fetch_all(backend.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let draft: Option<String> = r.try_get(3)?;
            let body: Option<String> = r.try_get(5)?;
            let title = draft
                .as_deref()
                .or(body.as_deref())
                .and_then(|b| serde_json::from_str::<Measure>(b).ok())
                .map(|m| m.title)
                .unwrap_or_default();
            Ok(StaffMeasureRow {
                id: r.try_get(0)?,
                status: r.try_get(1)?,
                version: r.try_get(2)?,
                has_draft: draft.is_some(),
                updated_at: r.try_get(4)?,
                title,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

struct Row_ {
    status: String,
    current_version: i64,
    lock_version: i64,
    draft: Option<String>,
    draft_by: Option<String>,
}

async fn row(backend: &Backend, id: &str) -> Result<Option<Row_>, AppError> {
    let r = sqlx::query(
        "SELECT status, current_version, lock_version, draft, draft_by FROM measures WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(backend.pool())
    .await?;
    r.map(|r| {
        Ok(Row_ {
            status: r.try_get(0)?,
            current_version: r.try_get(1)?,
            lock_version: r.try_get(2)?,
            draft: r.try_get(3)?,
            draft_by: r.try_get(4)?,
        })
    })
    .transpose()
    .map_err(|e: sqlx::Error| e.into())
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
    Measure {
        id: "nwf-2020-1.".into(),
        title: String::new(),
        summary: String::new(),
        category: crate::policy::Category::EnterpriseGrowth,
        beneficiary: crate::policy::Beneficiary::Enterprise,
        also_for: Vec::new(),
        support: crate::policy::SupportType::CashAward,
        region: crate::policy::Region::Nanjing,
        citation: crate::policy::Citation {
            doc: "nwf-2020-1".into(),
            item: String::new(),
            quote: String::new(),
        },
        condition: crate::policy::Condition::default(),
        formula: Formula::Fixed { amount: 0 },
        frequency: Default::default(),
        effective_from: today(),
        expires_on: None,
        validity_stated: false,
        status: Status::Draft,
        version: 1,
        information_only: false,
        interpretation: None,
        examples: Vec::new(),
    }
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
    let documents = KNOWN_DOCUMENTS.iter().map(|d| d.to_string()).collect();
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
    let rows = sqlx::query(
        "SELECT version, effective_from, published_at, published_by, note, body FROM measure_versions WHERE measure_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(backend.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let body: String = r.try_get(5)?;
            let archived = serde_json::from_str::<Measure>(&body)
                .map(|m| m.status == Status::Archived)
                .unwrap_or(false);
            Ok(VersionInfo {
                version: r.try_get(0)?,
                effective_from: r.try_get(1)?,
                published_at: r.try_get(2)?,
                published_by: r.try_get(3)?,
                note: r.try_get(4)?,
                status: if archived { "archived" } else { "published" }.into(),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

fn field_errors(errors: LoadErrors) -> Vec<FieldError> {
    errors
        .0
        .into_iter()
        .map(|e| FieldError {
            field: e.field,
            message: e.message,
        })
        .collect()
}

/// The loader's verdict on the measure within today's catalog.
fn validate(catalog: &Catalog, measure: &Measure) -> Result<Catalog, Vec<FieldError>> {
    let mut errors = Vec::new();
    if measure.id.len() > 120
        || !measure
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
    {
        errors.push(FieldError {
            field: "id".into(),
            message: "use lower-case letters, digits, '-', '_' and '.' (at most 120)".into(),
        });
    }
    if measure.id.ends_with('.') {
        errors.push(FieldError {
            field: "id".into(),
            message: "add a name after the document prefix".into(),
        });
    }
    if measure.title.chars().count() > 300 {
        errors.push(FieldError {
            field: "title".into(),
            message: "at most 300 characters".into(),
        });
    }
    match catalog.with_measure(measure) {
        Ok(c) if errors.is_empty() => Ok(c),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(field_errors(e));
            Err(errors)
        }
    }
}

fn run_examples(catalog: &Catalog, measure: &Measure) -> Vec<ExampleCheck> {
    measure
        .examples
        .iter()
        .map(|ex| match check_example(catalog, measure, ex) {
            Ok(()) => ExampleCheck {
                name: ex.name.clone(),
                passed: true,
                message: "gives the expected outcome".into(),
            },
            Err(e) => ExampleCheck {
                name: ex.name.clone(),
                passed: false,
                message: e,
            },
        })
        .collect()
}

/// Validates and previews without saving.
pub async fn preview(
    backend: &Backend,
    measure: &Measure,
    raw: &BTreeMap<String, String>,
) -> Result<Preview, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let mut preview = Preview::default();
    let checked = match validate(catalog, measure) {
        Ok(c) => Some(c),
        Err(e) => {
            preview.errors = e;
            None
        }
    };
    let catalog = checked.as_ref().unwrap_or(catalog);
    preview.examples = run_examples(catalog, measure);
    let mut facts = Facts::new();
    for (name, text) in raw.iter().filter(|(_, t)| !t.trim().is_empty()) {
        let Some(def) = catalog.vocabulary.get(name) else {
            preview.errors.push(FieldError {
                field: format!("preview.{name}"),
                message: "not a declared fact".into(),
            });
            continue;
        };
        if def.fact_type == crate::policy::FactType::List {
            // A list is typed as the examples are: [{field = value, ...}, ...].
            match parse_items(&FactChoice::from_def(def), text) {
                Ok(v) => {
                    facts.insert(name.clone(), v);
                }
                Err(message) => preview.errors.push(FieldError {
                    field: format!("preview.{name}"),
                    message,
                }),
            }
            continue;
        }
        // Only a set is a list separated by commas; a number keeps its thousands separators.
        let answer = if def.fact_type == crate::policy::FactType::SetOf {
            RawAnswer::Choices(
                text.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            )
        } else {
            RawAnswer::Text(text.clone())
        };
        match parse_answer(def, &answer) {
            Ok(Some(v)) => {
                facts.insert(name.clone(), v);
            }
            Ok(None) => {}
            Err(message) => preview.errors.push(FieldError {
                field: format!("preview.{name}"),
                message,
            }),
        }
    }
    if !raw.is_empty() {
        let o = evaluate_measure(
            measure,
            &facts,
            &catalog.vocabulary,
            &catalog.rules,
            today(),
        );
        preview.outcome.push(match o.verdict {
            Verdict::Eligible => "Eligible.".to_string(),
            Verdict::NotEligible => {
                format!("Not eligible: {}", o.reason_text().unwrap_or_default())
            }
            Verdict::NeedsInfo => format!("Needs information: {}", o.missing.join(", ")),
            Verdict::NotInForce => format!(
                "Not in force today: {}",
                o.reason_text().unwrap_or_default()
            ),
        });
        preview.outcome.extend(o.trace());
    }
    Ok(preview)
}

fn conflict(by: Option<&str>) -> AppError {
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
    if measure.id.trim().is_empty() || measure.id.ends_with('.') || measure.id.len() > 120 {
        return Err(AppError::fields(vec![FieldError {
            field: "id".into(),
            message: "give the measure an id such as nwf-2020-1.new-award".into(),
        }]));
    }
    let body = serde_json::to_string(&measure).map_err(|e| AppError::invalid(e.to_string()))?;
    let now = now_rfc3339();
    let mut tx = backend.pool().begin().await?;
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

fn effective_date(text: &str) -> Result<Date, AppError> {
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
    let mut tx = backend.pool().begin().await?;
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
    let Some(stored) = append_version(&mut tx, &new, Some(saved.lock_version)).await? else {
        // Rolled back before answering: a dropped transaction is rolled back only later, and
        // SQLite would refuse the next write meanwhile ("database is locked").
        tx.rollback().await?;
        return Err(conflict(None));
    };
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &user.email,
            action: "measure.publish",
            target_kind: "measure",
            target_id: Some(id),
            before: previous.as_ref(),
            after: serde_json::to_value(&stored).ok().as_ref(),
        },
    )
    .await?;
    tx.commit().await?;
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
    let mut tx = backend.pool().begin().await?;
    let Some(stored) = append_version(&mut tx, &new, Some(lock_version)).await? else {
        // Rolled back before answering: a dropped transaction is rolled back only later, and
        // SQLite would refuse the next write meanwhile ("database is locked").
        tx.rollback().await?;
        return Err(conflict(None));
    };
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &user.email,
            action: "measure.archive",
            target_kind: "measure",
            target_id: Some(id),
            before: before.as_ref(),
            after: serde_json::to_value(&stored).ok().as_ref(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Saved {
        lock_version: lock_version + 1,
        version: Some(version),
        message: format!("Archived from {from} (version {version})."),
    })
}

/// Field-by-field changes between two versions.
pub async fn diff(
    backend: &Backend,
    id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<FieldChange>, AppError> {
    let a = version_body(backend, id, from)
        .await?
        .ok_or(AppError::NotFound)?;
    let b = version_body(backend, id, to)
        .await?
        .ok_or(AppError::NotFound)?;
    let (a, b) = (
        serde_json::to_value(&a).map_err(|e| AppError::invalid(e.to_string()))?,
        serde_json::to_value(&b).map_err(|e| AppError::invalid(e.to_string()))?,
    );
    Ok(changes(&a, &b))
}

/// Flattens JSON into `path = value` pairs.
fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&p, v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        serde_json::Value::Null => {}
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// The fields that differ between two JSON values, in path order.
pub fn changes(a: &serde_json::Value, b: &serde_json::Value) -> Vec<FieldChange> {
    let (mut fa, mut fb) = (BTreeMap::new(), BTreeMap::new());
    flatten("", a, &mut fa);
    flatten("", b, &mut fb);
    let keys: std::collections::BTreeSet<&String> = fa.keys().chain(fb.keys()).collect();
    keys.into_iter()
        .filter(|k| fa.get(*k) != fb.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            before: fa.get(k).cloned().unwrap_or_default(),
            after: fb.get(k).cloned().unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = serde_json::json!({"title": "A", "formula": {"kind": "rate", "cap": 500000}, "version": 1});
        let b = serde_json::json!({"title": "A", "formula": {"kind": "rate", "cap": 600000}, "version": 2});
        let c = changes(&a, &b);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].field, "formula.cap");
        assert_eq!(
            (c[0].before.as_str(), c[0].after.as_str()),
            ("500000", "600000")
        );
    }
}
