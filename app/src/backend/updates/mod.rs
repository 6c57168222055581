//! Announcements in the database: validation, drafts with optimistic locking, publication
//! (a future date schedules), and the public list.
//!
//! Each row carries a `lock_version` that every save, publish and unpublish must quote, so a
//! change based on an older read is refused instead of overwriting someone else's work. Every
//! change writes an audit entry with the record before and after, in the same transaction.
//!
//! - `record`: the stored announcement and the queries that read it.
mod record;

use record::{audit_json, fetch};

use super::audit;
use super::clock::{now_rfc3339, today};
use super::db::DbError;
use super::markdown;
use super::store::Backend;
use super::tokens::token;
use crate::policy::Date;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use crate::wire::updates::{
    AnnouncementRow, AnnouncementSaved, AnnouncementText, LinkedMeasure, PublicAnnouncement,
};

pub use super::announcement_input::{
    validate, AnnouncementInput, ValidAnnouncement, MAX_BODY, MAX_TITLE,
};

/// Every announcement, newest date first.
pub async fn list(backend: &Backend) -> Result<Vec<AnnouncementRow>, AppError> {
    let today = today().to_string();
    Ok(record::all(backend.pool())
        .await?
        .into_iter()
        .map(|s| AnnouncementRow {
            scheduled: s.status == "published" && s.published_on > today,
            id: s.id,
            title: s.title,
            published_on: s.published_on,
            status: s.status,
            author: s.author,
            updated_at: s.updated_at,
        })
        .collect())
}

/// A blank announcement dated today, with `measure` linked when given.
pub fn blank(measure: Option<&str>) -> AnnouncementText {
    AnnouncementText {
        id: String::new(),
        title: String::new(),
        body: String::new(),
        published_on: today().to_string(),
        measures: measure
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(|m| vec![m.to_string()])
            .unwrap_or_default(),
        status: "draft".into(),
        lock_version: 0,
        author: None,
        updated_at: None,
    }
}

/// One announcement for the form; `None` for an unknown id.
pub async fn load(backend: &Backend, id: &str) -> Result<Option<AnnouncementText>, AppError> {
    Ok(fetch(backend.pool(), id).await?)
}

fn conflict(noun: &str, by: Option<&str>) -> AppError {
    AppError::conflict(format!(
        "Someone else ({}) {noun} this announcement after you opened it, so your change was refused to keep their work. Your text is still in the form: copy what you need, reload the page to see their version, and apply your change again.",
        by.unwrap_or("another member of staff")
    ))
}

/// Creates (empty id) or updates an announcement. A published one may be changed only by a
/// publisher, since the change goes live at once.
pub async fn save(
    backend: &Backend,
    user: &StaffUser,
    input: &AnnouncementInput<'_>,
) -> Result<AnnouncementSaved, AppError> {
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let valid = validate(input, |id| catalog.measures.iter().any(|m| m.id == id))
        .map_err(AppError::fields)?;
    let measures_json =
        serde_json::to_string(&valid.measures).map_err(|e| AppError::invalid(e.to_string()))?;
    let now = now_rfc3339();
    let date = valid.published_on.to_string();
    let mut tx = backend.begin_write().await?;
    let (id, before, status, lock) = if input.id.is_empty() {
        let id = token()?;
        sqlx::query(
            "INSERT INTO announcements (id, title, body, published_on, created_at, measures, status, author, lock_version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, 1, $5)",
        )
        .bind(&id)
        .bind(&valid.title)
        .bind(&valid.body)
        .bind(&date)
        .bind(&now)
        .bind(&measures_json)
        .bind(&user.email)
        .execute(&mut *tx)
        .await?;
        (id, None, "draft".to_string(), 1)
    } else {
        let old = fetch(&mut *tx, input.id).await?.ok_or(AppError::NotFound)?;
        if old.status == "published" && !user.role.allows(Role::Publisher) {
            return Err(AppError::invalid("This announcement is published, so a change would go live at once: only a publisher can change it. Ask a publisher to make the change, or to unpublish it so that you can edit the draft."));
        }
        let done = sqlx::query(
            "UPDATE announcements SET title = $1, body = $2, published_on = $3, measures = $4, author = $5, updated_at = $6, lock_version = lock_version + 1 WHERE id = $7 AND lock_version = $8",
        )
        .bind(&valid.title)
        .bind(&valid.body)
        .bind(&date)
        .bind(&measures_json)
        .bind(&user.email)
        .bind(&now)
        .bind(input.id)
        .bind(input.lock_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            // Rolled back before answering: a dropped transaction is rolled back only later, and
            // SQLite would refuse the next write meanwhile ("database is locked").
            tx.rollback().await?;
            return Err(conflict("saved", old.author.as_deref()));
        }
        let lock = input.lock_version + 1;
        (input.id.to_string(), Some(old.clone()), old.status, lock)
    };
    let after = AnnouncementText {
        id: id.clone(),
        title: valid.title,
        body: valid.body,
        published_on: date,
        measures: valid.measures,
        status: status.clone(),
        lock_version: lock,
        author: Some(user.email.clone()),
        updated_at: Some(now),
    };
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &user.email,
            action: if before.is_none() {
                "announcement.create"
            } else {
                "announcement.save"
            },
            target_kind: "announcement",
            target_id: Some(&id),
            before: before.as_ref().map(audit_json).as_ref(),
            after: Some(&audit_json(&after)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(AnnouncementSaved {
        id,
        lock_version: lock,
        message: if status == "published" {
            "Changes saved. They are live now.".into()
        } else {
            "Draft saved.".into()
        },
        status,
    })
}

/// Publishes (`publish`) or unpublishes the saved text; refused when `lock_version` is stale.
pub async fn set_status(
    backend: &Backend,
    user: &StaffUser,
    id: &str,
    lock_version: i64,
    publish: bool,
) -> Result<AnnouncementSaved, AppError> {
    let status = if publish { "published" } else { "draft" };
    let now = now_rfc3339();
    let mut tx = backend.begin_write().await?;
    let old = fetch(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    let done = sqlx::query(
        "UPDATE announcements SET status = $1, updated_at = $2, lock_version = lock_version + 1 WHERE id = $3 AND lock_version = $4",
    )
    .bind(status)
    .bind(&now)
    .bind(id)
    .bind(lock_version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        // Rolled back before answering: a dropped transaction is rolled back only later, and
        // SQLite would refuse the next write meanwhile ("database is locked").
        tx.rollback().await?;
        return Err(conflict("changed", old.author.as_deref()));
    }
    let mut after = old.clone();
    after.status = status.into();
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &user.email,
            action: if publish {
                "announcement.publish"
            } else {
                "announcement.unpublish"
            },
            target_kind: "announcement",
            target_id: Some(id),
            before: Some(&audit_json(&old)),
            after: Some(&audit_json(&after)),
        },
    )
    .await?;
    tx.commit().await?;
    let message = match (publish, old.published_on > today().to_string()) {
        (true, true) => format!(
            "Scheduled: the announcement will appear on {}.",
            old.published_on
        ),
        (true, false) => {
            "Published: the announcement is on the updates page and in the feed.".into()
        }
        (false, _) => "Unpublished: the announcement is a draft again and no longer public.".into(),
    };
    Ok(AnnouncementSaved {
        id: id.to_string(),
        lock_version: lock_version + 1,
        status: status.into(),
        message,
    })
}

/// Published announcements dated `day` or earlier, newest first, at most `limit`, with their
/// bodies rendered and sanitised and their measures named from the catalog.
pub async fn published(
    backend: &Backend,
    day: Date,
    limit: i64,
) -> Result<Vec<PublicAnnouncement>, DbError> {
    let rows = record::published(backend.pool(), day, limit).await?;
    let catalog = backend.published().await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let published = midnight_china_in_utc(&s.published_on);
            PublicAnnouncement {
                html: markdown::render(&s.body),
                measures: s
                    .measures
                    .iter()
                    .map(|id| LinkedMeasure {
                        title: catalog
                            .catalog
                            .measures
                            .iter()
                            .find(|m| &m.id == id)
                            .map(|m| m.title.clone())
                            .unwrap_or_else(|| id.clone()),
                        id: id.clone(),
                    })
                    .collect(),
                updated: s
                    .updated_at
                    .clone()
                    .filter(|u| *u > published)
                    .unwrap_or_else(|| published.clone()),
                published,
                id: s.id,
                title: s.title,
                published_on: s.published_on,
            }
        })
        .collect())
}

/// `YYYY-MM-DD` at 00:00 in China Standard Time, as an RFC 3339 instant in UTC.
fn midnight_china_in_utc(date: &str) -> String {
    match Date::parse(date) {
        Ok(d) => format!("{}T16:00:00Z", d.pred()),
        Err(_) => format!("{date}T00:00:00Z"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(title: &'a str, date: &'a str, measures: &'a str) -> AnnouncementInput<'a> {
        AnnouncementInput {
            id: "",
            title,
            body: "Body",
            published_on: date,
            measures,
            lock_version: 0,
        }
    }

    #[test]
    fn valid_input_is_accepted_and_normalised() {
        let v =
            validate(&input("  A title ", "2026-03-01", "a, b\nb  a"), |_| true).expect("valid");
        assert_eq!(v.title, "A title");
        assert_eq!(v.measures, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(v.published_on.to_string(), "2026-03-01");
    }

    #[test]
    fn each_bad_field_gets_a_message() {
        let long = "x".repeat(MAX_TITLE + 1);
        let errors = validate(&input(&long, "1 March", "nope"), |m| m == "yes").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "published_on", "measures"]);
        assert!(errors[2].message.contains("nope"));
        assert!(errors.iter().all(|e| !e.message.contains("; ")));
        let errors = validate(&input(" ", "2026-02-30", ""), |_| true).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(validate(&input(&"x".repeat(MAX_TITLE), "2026-01-01", ""), |_| true).is_ok());
    }

    #[test]
    fn dates_become_utc_instants() {
        assert_eq!(midnight_china_in_utc("2026-03-01"), "2026-02-28T16:00:00Z");
    }
}
