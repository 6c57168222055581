//! The moves on an application: the applicant's (submit, complete materials) by link token,
//! the staff's by id with an optimistic lock. Each move is one transaction: the application,
//! an event, an audit entry for staff moves and a mail to the applicant when they gave an
//! address. A refused move writes nothing.
use serde_json::json;

use super::super::audit;
use super::super::clock::{now_rfc3339, today};
use super::super::store::Backend;
use super::super::tokens::token;
use super::{find_by_id, find_by_link, materials, outstanding, read, Application, APPLICANT};
use crate::policy::application::{next, Actor, Move, Refusal, Situation, Stage};
use crate::policy::{format_yuan, Date};
use crate::wire::applications::{ApplicationView, MaterialView, StoredMaterial};
use crate::wire::errors::AppError;

type Tx<'c> = sqlx::Transaction<'c, sqlx::Any>;

/// Sends the application (again, after a request for changes). Sending one that has already
/// been sent answers its current state and writes nothing.
pub async fn submit(backend: &Backend, link_token: &str) -> Result<ApplicationView, AppError> {
    let mut tx = backend.begin_write().await?;
    let app = find_by_link(&mut *tx, link_token)
        .await?
        .ok_or(AppError::NotFound)?;
    if !matches!(app.stage, Stage::Draft | Stage::ChangesRequested) {
        drop(tx);
        return view(backend, &app.row.id, today()).await;
    }
    let lock = app.row.lock_version;
    make_move(&mut tx, &app, APPLICANT, lock, &Move::Submit, today()).await?;
    tx.commit().await?;
    view(backend, &app.row.id, today()).await
}

/// The applicant says every missing material has been added (on or before the deadline).
pub async fn complete_materials(
    backend: &Backend,
    link_token: &str,
    today: Date,
) -> Result<ApplicationView, AppError> {
    let mut tx = backend.begin_write().await?;
    let app = find_by_link(&mut *tx, link_token)
        .await?
        .ok_or(AppError::NotFound)?;
    let lock = app.row.lock_version;
    make_move(
        &mut tx,
        &app,
        APPLICANT,
        lock,
        &Move::CompleteMaterials,
        today,
    )
    .await?;
    tx.commit().await?;
    view(backend, &app.row.id, today).await
}

/// A staff move on the application `id`, read at `lock_version`; another change since then
/// is a conflict.
pub async fn apply_move(
    backend: &Backend,
    id: &str,
    reviewer: &str,
    lock_version: i64,
    mv: &Move,
    today: Date,
) -> Result<ApplicationView, AppError> {
    let mut tx = backend.begin_write().await?;
    let app = find_by_id(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    make_move(&mut tx, &app, reviewer, lock_version, mv, today).await?;
    tx.commit().await?;
    view(backend, id, today).await
}

/// Records a file uploaded for one required material (the bytes are stored elsewhere).
pub async fn record_material(
    backend: &Backend,
    link_token: &str,
    material: &str,
    stored: StoredMaterial,
) -> Result<MaterialView, AppError> {
    let app = find_by_link(backend.pool(), link_token)
        .await?
        .ok_or(AppError::NotFound)?;
    let material = material.trim();
    if material.is_empty() || material.chars().count() > 200 {
        return Err(AppError::field(
            "material",
            "Say which material the file is for.",
        ));
    }
    let sha_ok = stored.sha256.len() == 64 && stored.sha256.bytes().all(|b| b.is_ascii_hexdigit());
    if stored.file_name.trim().is_empty() || stored.size < 0 || !sha_ok {
        return Err(AppError::invalid(
            "The uploaded file's details are incomplete.",
        ));
    }
    if !matches!(
        app.stage,
        Stage::Draft | Stage::Submitted | Stage::ChangesRequested | Stage::ConditionallyAccepted
    ) {
        return Err(AppError::conflict(format!(
            "An application that is {} takes no more materials.",
            app.stage
        )));
    }
    let row = MaterialView {
        id: token()?,
        material: material.to_string(),
        file: stored,
        uploaded_at: now_rfc3339(),
    };
    sqlx::query(
        "INSERT INTO application_materials (id, application_id, material, file_name, content_type, size, sha256, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(row.id.clone())
    .bind(app.row.id.clone())
    .bind(row.material.clone())
    .bind(row.file.file_name.clone())
    .bind(row.file.content_type.clone())
    .bind(row.file.size)
    .bind(row.file.sha256.to_ascii_lowercase())
    .bind(row.uploaded_at.clone())
    .execute(backend.pool())
    .await?;
    Ok(row)
}

async fn view(backend: &Backend, id: &str, today: Date) -> Result<ApplicationView, AppError> {
    read::by_id(backend, id, today)
        .await?
        .ok_or(AppError::NotFound)
}

/// Checks `mv` by `who` against the application and writes it: the application, an event,
/// an audit entry (staff) and a mail to the applicant.
async fn make_move(
    tx: &mut Tx<'_>,
    app: &Application,
    who: &str,
    lock_version: i64,
    mv: &Move,
    today: Date,
) -> Result<Stage, AppError> {
    let row = &app.row;
    if row.lock_version != lock_version {
        return Err(changed());
    }
    let actor = if who == APPLICANT {
        Actor::Applicant
    } else {
        Actor::Reviewer
    };
    let uploaded = materials(&mut **tx, &row.id).await?;
    let situation = Situation {
        today,
        deadline: app.deadline,
        outstanding: outstanding(&app.missing, &uploaded).len(),
    };
    let to = next(app.stage, actor, mv, &situation).map_err(refused)?;
    let now = now_rfc3339();
    let mut missing = app.missing.clone();
    let mut deadline = app.deadline;
    let mut amount = row.amount_granted;
    let mut message = None;
    match mv {
        Move::AcceptConditionally {
            missing: m,
            deadline: d,
            note,
        } => {
            missing = m
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            missing.dedup();
            deadline = Some(*d);
            let mut text = format!("Missing: {}. Deadline: {d}.", missing.join("; "));
            if !note.trim().is_empty() {
                text.push(' ');
                text.push_str(note.trim());
            }
            message = Some(text);
        }
        Move::RequestChanges { message: m } => message = Some(m.trim().to_string()),
        Move::Reject { reason } => message = Some(reason.trim().to_string()),
        Move::Approve { amount: a } => {
            amount = Some(*a);
            message = Some(format!("Amount granted: {} yuan.", format_yuan(*a)));
        }
        _ => {}
    }
    let stamp = |set: bool, old: &Option<String>| old.clone().or_else(|| set.then(|| now.clone()));
    let submitted_at = stamp(to == Stage::Submitted, &row.submitted_at);
    let accepted_at = stamp(
        matches!(to, Stage::Accepted | Stage::ConditionallyAccepted),
        &row.accepted_at,
    );
    let decided_at = stamp(
        matches!(to, Stage::Approved | Stage::Rejected),
        &row.decided_at,
    );
    let updated = sqlx::query(
        "UPDATE applications SET stage = $1, missing = $2, deadline = $3, amount_granted = $4, submitted_at = $5, accepted_at = $6, decided_at = $7, updated_at = $8, lock_version = lock_version + 1 WHERE id = $9 AND lock_version = $10",
    )
    .bind(to.slug())
    .bind(serde_json::to_string(&missing).map_err(super::super::error::internal)?)
    .bind(deadline.map(|d| d.to_string()))
    .bind(amount)
    .bind(submitted_at)
    .bind(accepted_at)
    .bind(decided_at)
    .bind(now.clone())
    .bind(row.id.clone())
    .bind(lock_version)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(changed());
    }
    let (seq,): (i64,) = sqlx::query_as(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM application_events WHERE application_id = $1",
    )
    .bind(row.id.clone())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO application_events (id, application_id, seq, at, stage, actor, message) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token()?)
    .bind(row.id.clone())
    .bind(seq)
    .bind(now.clone())
    .bind(to.slug())
    .bind(who.to_string())
    .bind(message.clone())
    .execute(&mut **tx)
    .await?;
    if actor == Actor::Reviewer {
        let action = format!("application.{}", mv.name().replace(' ', "_"));
        let before = json!({"stage": app.stage.slug()});
        let mut after = json!({"stage": to.slug()});
        if let Some(m) = &message {
            after["message"] = json!(m);
        }
        audit::record(
            &mut **tx,
            audit::Entry {
                actor: who,
                action: &action,
                target_kind: "application",
                target_id: Some(&row.id),
                before: Some(&before),
                after: Some(&after),
            },
        )
        .await?;
    }
    if let Some(to_addr) = &row.contact_email {
        let subject = format!("Your application is {to}");
        let body = format!(
            "Your application for \"{}\" (reference {}) is now {to}.{}\n\nOpen it with the link you were given when you started it.\n",
            app.estimate.title,
            row.id,
            message.map(|m| format!("\n\n{m}")).unwrap_or_default()
        );
        sqlx::query(
            "INSERT INTO outbox (id, to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token()?)
        .bind(to_addr.clone())
        .bind(subject)
        .bind(body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(to)
}

fn changed() -> AppError {
    AppError::conflict(
        "The application was changed by someone else since you opened it. Reload it and try again.",
    )
}

/// A refused move as the form shows it: next to its field, or as a conflict of stages.
fn refused(refusal: Refusal) -> AppError {
    let text = refusal.to_string();
    let mut chars = text.chars();
    let message = match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    };
    match (&refusal, refusal.field()) {
        (Refusal::NotYours { .. }, _) => AppError::Forbidden { message },
        (_, Some(field)) => AppError::field(field, message),
        (_, None) => AppError::conflict(message),
    }
}
