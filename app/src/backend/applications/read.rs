//! Reading applications: one with its journey, for the applicant (by link) or staff (by id),
//! and the staff queue.
use sqlx::FromRow;

use super::super::store::Backend;
use super::super::views::answer_figures;
use super::{
    day_of, find_by_id, find_by_link, materials, outstanding, select_applications, Application,
    ApplicationRow,
};
use crate::policy::application::{acceptance_late, overdue, Situation, Stage};
use crate::policy::Date;
use crate::wire::applications::{
    ApplicationView, EventView, MaterialView, QueueFilter, QueueRow, QueueView,
};
use crate::wire::errors::AppError;

/// Rows on a page of the staff queue.
pub const QUEUE_PAGE: u32 = 50;

/// The application a link token opens; `None` for a token that opens none.
pub async fn by_link(
    backend: &Backend,
    link_token: &str,
    today: Date,
) -> Result<Option<ApplicationView>, AppError> {
    match find_by_link(backend.pool(), link_token).await? {
        Some(app) => Ok(Some(full_view(backend, app, today).await?)),
        None => Ok(None),
    }
}

/// The application with this id (for staff).
pub async fn by_id(
    backend: &Backend,
    id: &str,
    today: Date,
) -> Result<Option<ApplicationView>, AppError> {
    match find_by_id(backend.pool(), id).await? {
        Some(app) => Ok(Some(full_view(backend, app, today).await?)),
        None => Ok(None),
    }
}

/// An event as stored.
#[derive(FromRow)]
struct EventRow {
    at: String,
    stage: String,
    actor: String,
    message: Option<String>,
}

/// The flags staff see: past the deadline with materials missing, and slow acceptance.
fn flags(app: &Application, outstanding: usize, today: Date) -> (bool, bool) {
    let situation = Situation {
        today,
        deadline: app.deadline,
        outstanding,
    };
    let late = app
        .row
        .submitted_at
        .as_deref()
        .and_then(day_of)
        .is_some_and(|submitted| {
            let accepted = app.row.accepted_at.as_deref().and_then(day_of);
            acceptance_late(submitted, accepted, today)
        });
    (overdue(app.stage, &situation), late)
}

async fn full_view(
    backend: &Backend,
    app: Application,
    today: Date,
) -> Result<ApplicationView, AppError> {
    let uploaded = materials(backend.pool(), &app.row.id).await?;
    let events = sqlx::query_as::<_, EventRow>(
        "SELECT at, stage, actor, message FROM application_events WHERE application_id = $1 ORDER BY seq",
    )
    .bind(app.row.id.clone())
    .fetch_all(backend.pool())
    .await?;
    let still = outstanding(&app.missing, &uploaded);
    let (overdue, acceptance_late) = flags(&app, still.len(), today);
    let published = backend.published().await?;
    let catalog = &published.catalog;
    let required_materials = catalog
        .measures
        .iter()
        .find(|m| m.id == app.row.measure_id)
        .map(|m| m.required_materials(&catalog.vocabulary))
        .unwrap_or_default();
    let answer_figures = answer_figures(&catalog.vocabulary, &app.answers);
    let r = app.row;
    Ok(ApplicationView {
        id: r.id,
        measure_id: r.measure_id,
        measure_version: r.measure_version,
        stage: app.stage,
        applicant_kind: app.kind,
        applicant_name: r.applicant_name,
        credit_code: r.credit_code,
        contact_email: r.contact_email,
        contact_phone: r.contact_phone,
        answers: app.answers,
        estimate: app.estimate,
        missing: app.missing,
        deadline: app.deadline,
        amount_granted: r.amount_granted,
        created_at: r.created_at,
        updated_at: r.updated_at,
        submitted_at: r.submitted_at,
        accepted_at: r.accepted_at,
        decided_at: r.decided_at,
        lock_version: r.lock_version,
        events: events
            .into_iter()
            .map(|e| EventView {
                stage: Stage::from_slug(&e.stage).unwrap_or(Stage::Draft),
                at: e.at,
                actor: e.actor,
                message: e.message,
            })
            .collect(),
        materials: uploaded
            .iter()
            .map(|m| MaterialView {
                id: m.id.clone(),
                material: m.material.clone(),
                file: m.stored(),
                uploaded_at: m.uploaded_at.clone(),
            })
            .collect(),
        outstanding: still,
        overdue,
        acceptance_late,
        required_materials,
        answer_figures,
    })
}

/// A material's application and name, for the queue's overdue flags.
#[derive(FromRow)]
struct Uploaded {
    application_id: String,
    material: String,
}

/// The staff queue: submitted applications (drafts are the applicant's own) matching the
/// filter, newest first (by submission, then by
/// start), a page at a time. The flags need the materials, so the filter is applied here
/// after the database has narrowed by measure, stage and search.
pub async fn queue(
    backend: &Backend,
    filter: &QueueFilter,
    today: Date,
) -> Result<QueueView, AppError> {
    let q = filter.q.as_deref().map(str::trim).unwrap_or_default();
    let like = format!("%{}%", q.to_lowercase().replace(['%', '_'], ""));
    let rows = sqlx::query_as::<_, ApplicationRow>(select_applications!(
        "WHERE stage <> 'draft' AND ($1 = '' OR measure_id = $1) AND ($2 = '' OR stage = $2) AND ($3 = '' OR LOWER(applicant_name) LIKE $4 OR LOWER(COALESCE(credit_code, '')) LIKE $4 OR id = $3) ORDER BY COALESCE(submitted_at, created_at) DESC, id"
    ))
    .bind(filter.measure.clone().unwrap_or_default())
    .bind(filter.stage.map(|s| s.slug()).unwrap_or_default())
    .bind(q.to_lowercase())
    .bind(like)
    .fetch_all(backend.pool())
    .await?;
    let uploaded = sqlx::query_as::<_, Uploaded>(
        "SELECT m.application_id AS application_id, m.material AS material FROM application_materials m JOIN applications a ON a.id = m.application_id WHERE a.stage = $1",
    )
    .bind(Stage::ConditionallyAccepted.slug())
    .fetch_all(backend.pool())
    .await?;
    let mut matching = Vec::new();
    for row in rows {
        let app = Application::try_from(row)?;
        let left = app
            .missing
            .iter()
            .filter(|m| {
                !uploaded
                    .iter()
                    .any(|u| u.application_id == app.row.id && u.material == **m)
            })
            .count();
        let (overdue, acceptance_late) = flags(&app, left, today);
        if filter.overdue_only && !overdue {
            continue;
        }
        let since = app
            .row
            .submitted_at
            .as_deref()
            .or(Some(app.row.created_at.as_str()))
            .and_then(day_of);
        let r = app.row;
        matching.push(QueueRow {
            age_working_days: since.map_or(0, |d| d.working_days_until(today)),
            deadline: app.deadline,
            id: r.id,
            measure_id: r.measure_id,
            stage: app.stage,
            applicant_name: r.applicant_name,
            credit_code: r.credit_code,
            submitted_at: r.submitted_at,
            overdue,
            acceptance_late,
            lock_version: r.lock_version,
        });
    }
    let total = matching.len() as i64;
    let start = (filter.page as usize) * QUEUE_PAGE as usize;
    Ok(QueueView {
        rows: matching
            .into_iter()
            .skip(start)
            .take(QUEUE_PAGE as usize)
            .collect(),
        total,
        page: filter.page,
        per_page: QUEUE_PAGE,
    })
}
