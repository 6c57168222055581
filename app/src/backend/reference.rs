//! Staff editing of the catalog's reference data (facts, cross-measure rules, source
//! documents) as measures are edited: a draft per entry with optimistic locking, publication
//! validated by the catalog loader itself over the whole catalog, a version row per
//! publication, field-by-field diffs and an audit entry for every save and publication.
//!
//! The published entries stay in `facts`, `rules` and `documents` (the catalog is read from
//! them); `reference_heads` holds an edited entry's draft and counters and
//! `reference_versions` its history. The text an entry had before its first edit (seeded or
//! imported) becomes its version 1 when it is first published, so every later diff has a
//! "before".
use sqlx::FromRow;

use super::audit;
use super::clock::now_rfc3339;
use super::db::DbError;
use super::editor::changes;
use super::store::{write_reference_data, Backend};
use super::versions::bump_revision;
use crate::policy::catalog_file::Document;
use crate::policy::reference::{key_field, Entry, EntryKind};
use crate::policy::rules::{CrossRule, RuleKind};
use crate::policy::{Catalog, Citation, FactDef, LoadErrors};
use crate::wire::editor::{FieldChange, Saved};
use crate::wire::errors::{AppError, FieldError};
use crate::wire::reference::{EntryEditor, EntryRow, EntryVersion};
use crate::wire::staff::StaffUser;

#[derive(FromRow)]
struct Head {
    entry_key: String,
    draft: Option<String>,
    draft_removes: i64,
    draft_by: Option<String>,
    lock_version: i64,
    current_version: i64,
}

async fn heads(backend: &Backend, kind: EntryKind) -> Result<Vec<Head>, DbError> {
    Ok(sqlx::query_as::<_, Head>(
        "SELECT entry_key, draft, draft_removes, draft_by, lock_version, current_version FROM reference_heads WHERE kind = $1 ORDER BY entry_key",
    )
    .bind(kind.slug())
    .fetch_all(backend.pool())
    .await?)
}

async fn head(backend: &Backend, kind: EntryKind, key: &str) -> Result<Option<Head>, DbError> {
    Ok(sqlx::query_as::<_, Head>(
        "SELECT entry_key, draft, draft_removes, draft_by, lock_version, current_version FROM reference_heads WHERE kind = $1 AND entry_key = $2",
    )
    .bind(kind.slug())
    .bind(key.to_string())
    .fetch_optional(backend.pool())
    .await?)
}

fn parse_entry(body: &str) -> Result<Entry, AppError> {
    serde_json::from_str(body).map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, AppError> {
    serde_json::to_string(v).map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))
}

/// The entries of `kind`: the published ones in catalog order, then new ones only drafted.
pub async fn list(backend: &Backend, kind: EntryKind) -> Result<Vec<EntryRow>, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let heads = heads(backend, kind).await?;
    let head_of = |key: &str| heads.iter().find(|h| h.entry_key == key);
    let title_of = |h: Option<&Head>, fallback: &str| {
        h.and_then(|h| h.draft.as_deref())
            .and_then(|d| parse_entry(d).ok())
            .map(|e| e.title().to_string())
            .unwrap_or_else(|| fallback.to_string())
    };
    let mut rows: Vec<EntryRow> = catalog
        .entries(kind)
        .into_iter()
        .map(|e| {
            let h = head_of(e.key());
            EntryRow {
                key: e.key().to_string(),
                title: title_of(h, e.title()),
                version: h.map(|h| h.current_version).unwrap_or(0),
                has_draft: h.is_some_and(|h| h.draft.is_some() || h.draft_removes != 0),
                draft_removes: h.is_some_and(|h| h.draft_removes != 0),
                published: true,
                users: catalog.users(kind, e.key()).len(),
            }
        })
        .collect();
    for h in &heads {
        if catalog.entry(kind, &h.entry_key).is_none() && h.draft.is_some() {
            rows.push(EntryRow {
                key: h.entry_key.clone(),
                title: title_of(Some(h), ""),
                version: h.current_version,
                has_draft: true,
                draft_removes: false,
                published: false,
                users: 0,
            });
        }
    }
    Ok(rows)
}

/// A blank entry of `kind` for the "new" form.
pub fn template(kind: EntryKind, catalog: &Catalog) -> Entry {
    let doc = catalog
        .document_slugs()
        .next()
        .unwrap_or_default()
        .to_string();
    match kind {
        EntryKind::Fact => Entry::Fact(
            serde_json::from_value::<FactDef>(serde_json::json!({
                "name": "", "type": "bool", "label": "", "question": ""
            }))
            .expect("a blank fact deserialises"),
        ),
        EntryKind::Rule => Entry::Rule(CrossRule {
            id: String::new(),
            title: String::new(),
            kind: RuleKind::HighestOnly,
            measures: Vec::new(),
            documents: Vec::new(),
            except: Vec::new(),
            citation: Citation {
                doc,
                item: String::new(),
                quote: String::new(),
            },
        }),
        EntryKind::Document => Entry::Document(Document {
            slug: String::new(),
            title: String::new(),
            issuer: String::new(),
            date: String::new(),
            validity: String::new(),
        }),
    }
}

/// The editor's data for the entry `key` of `kind` (a new one when `key` is empty); `None` for
/// an unknown key.
pub async fn load(
    backend: &Backend,
    kind: EntryKind,
    key: &str,
) -> Result<Option<EntryEditor>, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let facts = catalog.vocabulary.iter().map(|f| f.name.clone()).collect();
    let documents = catalog.document_slugs().map(str::to_string).collect();
    if key.is_empty() {
        return Ok(Some(EntryEditor {
            kind,
            entry: template(kind, catalog),
            is_new: true,
            lock_version: 0,
            has_draft: false,
            draft_removes: false,
            draft_by: None,
            versions: Vec::new(),
            users: Vec::new(),
            facts,
            documents,
        }));
    }
    let h = head(backend, kind, key).await?;
    let draft = h
        .as_ref()
        .and_then(|h| h.draft.as_deref())
        .map(parse_entry)
        .transpose()?;
    let Some(entry) = draft.or_else(|| catalog.entry(kind, key)) else {
        return Ok(None);
    };
    Ok(Some(EntryEditor {
        kind,
        entry,
        is_new: false,
        lock_version: h.as_ref().map(|h| h.lock_version).unwrap_or(0),
        has_draft: h
            .as_ref()
            .is_some_and(|h| h.draft.is_some() || h.draft_removes != 0),
        draft_removes: h.as_ref().is_some_and(|h| h.draft_removes != 0),
        draft_by: h.as_ref().and_then(|h| h.draft_by.clone()),
        versions: versions(backend, kind, key).await?,
        users: catalog.users(kind, key),
        facts,
        documents,
    }))
}

#[derive(FromRow)]
struct VersionRow {
    version: i64,
    body: Option<String>,
    published_at: String,
    published_by: Option<String>,
    note: Option<String>,
}

/// Published versions of an entry, newest first.
pub async fn versions(
    backend: &Backend,
    kind: EntryKind,
    key: &str,
) -> Result<Vec<EntryVersion>, AppError> {
    let rows = sqlx::query_as::<_, VersionRow>(
        "SELECT version, body, published_at, published_by, note FROM reference_versions WHERE kind = $1 AND entry_key = $2 ORDER BY version DESC",
    )
    .bind(kind.slug())
    .bind(key.to_string())
    .fetch_all(backend.pool())
    .await
    .map_err(DbError::from)?;
    Ok(rows
        .into_iter()
        .map(|r| EntryVersion {
            version: r.version,
            published_at: r.published_at,
            published_by: r.published_by.unwrap_or_default(),
            note: r.note.unwrap_or_default(),
            removed: r.body.is_none(),
        })
        .collect())
}

/// Field-by-field changes of an entry between two of its versions (a removed entry has no
/// fields).
pub async fn diff(
    backend: &Backend,
    kind: EntryKind,
    key: &str,
    from: i64,
    to: i64,
) -> Result<Vec<FieldChange>, AppError> {
    let mut bodies = Vec::new();
    for v in [from, to] {
        let row: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT body FROM reference_versions WHERE kind = $1 AND entry_key = $2 AND version = $3",
        )
        .bind(kind.slug())
        .bind(key.to_string())
        .bind(v)
        .fetch_optional(backend.pool())
        .await
        .map_err(DbError::from)?;
        let (body,) = row.ok_or(AppError::NotFound)?;
        bodies.push(match body {
            Some(b) => serde_json::from_str::<serde_json::Value>(&b)
                .map_err(|e| AppError::from(DbError::Corrupt(e.to_string())))?,
            None => serde_json::Value::Null,
        });
    }
    Ok(changes(&bodies[0], &bodies[1]))
}

/// Why `key` cannot name an entry of `kind`, if it cannot: the shapes the loader accepts
/// (a document's slug as the loader says; names and ids of lower-case letters, digits, `_`,
/// `-` and `.`).
fn key_problem(kind: EntryKind, key: &str) -> Option<String> {
    if kind == EntryKind::Document {
        return crate::policy::catalog_file::slug_problem(key);
    }
    let ok = !key.is_empty()
        && key.len() <= 100
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
    (!ok).then(|| {
        "lower-case letters, digits, '_', '-' and '.' only (at most 100), e.g. rd_expense_cny"
            .to_string()
    })
}

fn field_errors(LoadErrors(errors): LoadErrors) -> AppError {
    AppError::fields(
        errors
            .into_iter()
            .map(|e| FieldError {
                field: e.field,
                message: e.message,
            })
            .collect(),
    )
}

/// What a save or publication changes: the entry `key` of `kind`, replaced by `entry` or
/// removed (`None`).
pub struct Change<'a> {
    /// The kind.
    pub kind: EntryKind,
    /// The entry's key.
    pub key: &'a str,
    /// The new text; `None` removes the entry.
    pub entry: Option<&'a Entry>,
    /// The locking counter read with the text.
    pub lock_version: i64,
    /// Whether the entry is new (not stored yet).
    pub is_new: bool,
}

/// Saves a draft; refused when `lock_version` is stale or a new entry's key is taken.
pub async fn save_draft(
    backend: &Backend,
    user: &StaffUser,
    c: &Change<'_>,
) -> Result<Saved, AppError> {
    if let Some(message) = key_problem(c.kind, c.key) {
        return Err(AppError::field(key_field(c.kind), message));
    }
    if let Some(e) = c.entry {
        if e.kind() != c.kind || e.key() != c.key {
            return Err(AppError::field(
                key_field(c.kind),
                format!(
                    "cannot be changed from \"{}\" (add a new one instead)",
                    c.key
                ),
            ));
        }
    }
    let published = backend.published().await?;
    let exists = published.catalog.entry(c.kind, c.key);
    let draft = c.entry.map(to_json).transpose()?;
    let now = now_rfc3339();
    let mut tx = backend.begin_write().await?;
    let current: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT lock_version, draft_by FROM reference_heads WHERE kind = $1 AND entry_key = $2",
    )
    .bind(c.kind.slug())
    .bind(c.key.to_string())
    .fetch_optional(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if c.is_new && (exists.is_some() || current.is_some()) {
        tx.rollback().await.map_err(DbError::from)?;
        return Err(AppError::field(
            key_field(c.kind),
            format!("a {} named {} already exists", c.kind.slug(), c.key),
        ));
    }
    if !c.is_new && exists.is_none() && current.is_none() {
        tx.rollback().await.map_err(DbError::from)?;
        return Err(AppError::NotFound);
    }
    let lock = match current {
        Some((lock, by)) => {
            if lock != c.lock_version {
                tx.rollback().await.map_err(DbError::from)?;
                return Err(AppError::conflict(format!(
                    "{} saved this entry since you opened it; reload to see their changes.",
                    by.as_deref().unwrap_or("another editor")
                )));
            }
            sqlx::query(
                "UPDATE reference_heads SET draft = $1, draft_removes = $2, draft_by = $3, updated_at = $4, lock_version = lock_version + 1 WHERE kind = $5 AND entry_key = $6",
            )
            .bind(draft.clone())
            .bind(i64::from(c.entry.is_none()))
            .bind(user.email.clone())
            .bind(now.clone())
            .bind(c.kind.slug())
            .bind(c.key.to_string())
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
            lock + 1
        }
        None => {
            sqlx::query(
                "INSERT INTO reference_heads (kind, entry_key, draft, draft_removes, draft_by, lock_version, current_version, updated_at) VALUES ($1, $2, $3, $4, $5, 1, 0, $6)",
            )
            .bind(c.kind.slug())
            .bind(c.key.to_string())
            .bind(draft.clone())
            .bind(i64::from(c.entry.is_none()))
            .bind(user.email.clone())
            .bind(now.clone())
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
            1
        }
    };
    audit_change(&mut tx, user, c, "save_draft", exists.as_ref()).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(Saved {
        lock_version: lock,
        version: None,
        message: if c.entry.is_none() {
            "Removal saved as a draft; a publisher publishes it.".into()
        } else {
            "Draft saved.".into()
        },
    })
}

/// Records `kind.verb` for the change in the audit log, with the entry before and after.
async fn audit_change(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user: &StaffUser,
    c: &Change<'_>,
    verb: &str,
    before: Option<&Entry>,
) -> Result<(), DbError> {
    let action = format!("{}.{verb}", c.kind.slug());
    let before = before.and_then(|e| serde_json::to_value(e).ok());
    let after = c.entry.and_then(|e| serde_json::to_value(e).ok());
    audit::record(
        &mut **tx,
        audit::Entry {
            actor: &user.email,
            action: &action,
            target_kind: c.kind.slug(),
            target_id: Some(c.key),
            before: before.as_ref(),
            after: after.as_ref(),
        },
    )
    .await
}

/// The catalog with the change, validated by the loader; a fact in use that would change
/// type or be removed is refused with the measures that use it.
pub fn check(catalog: &Catalog, c: &Change<'_>) -> Result<Catalog, AppError> {
    if c.kind == EntryKind::Fact {
        let users = catalog.users(EntryKind::Fact, c.key);
        let old = catalog.vocabulary.get(c.key);
        let retyped = match (old, c.entry) {
            (Some(o), Some(Entry::Fact(n))) => o.fact_type != n.fact_type,
            _ => false,
        };
        if !users.is_empty() && (retyped || (old.is_some() && c.entry.is_none())) {
            let what = if retyped { "change type" } else { "be removed" };
            return Err(AppError::field(
                if retyped { "type" } else { "name" },
                format!(
                    "cannot {what} while {} use it: {}",
                    users.len(),
                    users.join(", ")
                ),
            ));
        }
    }
    catalog
        .with_entry(c.kind, c.key, c.entry)
        .map_err(field_errors)
}

/// Saves, validates over the whole catalog and publishes: the entry's new version, the
/// published reference data, the catalog revision (every server re-reads it, saved profiles
/// are rechecked) and an audit entry, in one transaction.
pub async fn publish(
    backend: &Backend,
    user: &StaffUser,
    c: &Change<'_>,
    note: &str,
) -> Result<Saved, AppError> {
    let published = backend.published().await?;
    let changed = check(&published.catalog, c)?;
    let saved = save_draft(backend, user, c).await?;
    let before = published.catalog.entry(c.kind, c.key);
    let now = now_rfc3339();
    let mut tx = backend.begin_write().await?;
    let (current,): (i64,) = sqlx::query_as(
        "SELECT current_version FROM reference_heads WHERE kind = $1 AND entry_key = $2",
    )
    .bind(c.kind.slug())
    .bind(c.key.to_string())
    .fetch_one(&mut *tx)
    .await
    .map_err(DbError::from)?;
    let mut version = current + 1;
    if current == 0 {
        if let Some(old) = &before {
            // The text as seeded or imported, so the first diff has a "before".
            sqlx::query(
                "INSERT INTO reference_versions (kind, entry_key, version, body, published_at, published_by, note) VALUES ($1, $2, 1, $3, $4, 'catalog', 'as in the catalog before the first edit')",
            )
            .bind(c.kind.slug())
            .bind(c.key.to_string())
            .bind(to_json(old)?)
            .bind(now.clone())
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
            version = 2;
        }
    }
    sqlx::query(
        "INSERT INTO reference_versions (kind, entry_key, version, body, published_at, published_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(c.kind.slug())
    .bind(c.key.to_string())
    .bind(version)
    .bind(c.entry.map(to_json).transpose()?)
    .bind(now.clone())
    .bind(user.email.clone())
    .bind(Some(note.trim().to_string()).filter(|n| !n.is_empty()))
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    let done = sqlx::query(
        "UPDATE reference_heads SET draft = NULL, draft_removes = 0, current_version = $1, lock_version = lock_version + 1, updated_at = $2 WHERE kind = $3 AND entry_key = $4 AND lock_version = $5",
    )
    .bind(version)
    .bind(now)
    .bind(c.kind.slug())
    .bind(c.key.to_string())
    .bind(saved.lock_version)
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if done.rows_affected() == 0 {
        tx.rollback().await.map_err(DbError::from)?;
        return Err(AppError::conflict(
            "Someone saved this entry while it was being published; reload and publish again.",
        ));
    }
    write_reference_data(&mut tx, &changed).await?;
    bump_revision(&mut tx).await?;
    let verb = if c.entry.is_some() {
        "publish"
    } else {
        "remove"
    };
    audit_change(&mut tx, user, c, verb, before.as_ref()).await?;
    tx.commit().await.map_err(DbError::from)?;
    backend.catalog_changed();
    Ok(Saved {
        lock_version: saved.lock_version + 1,
        version: Some(version),
        message: if c.entry.is_some() {
            format!("Published as version {version}.")
        } else {
            format!("Removed (version {version}).")
        },
    })
}
