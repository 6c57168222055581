//! Applications: the applicant's form and status page (opened by the measure and result, or by
//! the link token, which is the applicant's only key) and the acceptance window for staff
//! with the reviewer role. The applicant's forms post to plain routes (`server::applicant`)
//! so they work without JavaScript; staff moves are server functions.
// A staff move's form has a field for each move's words; the `#[server]` macro's generated
// code does not carry an item-level allow, so it is allowed for this module.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;

use crate::wire::applications::{ApplicationView, ApplyForm, QueueView, ServiceTime};
use crate::wire::errors::AppError;

#[cfg(feature = "ssr")]
use crate::backend::{applications, auth, clock::today};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;

/// The application form for a measure with the answers of a stored result; `None` (and a
/// 404) for a measure not in force.
#[server(prefix = "/api/fn", endpoint = "load_apply_form")]
pub async fn load_apply_form(
    measure: String,
    result: String,
) -> Result<Option<ApplyForm>, AppError> {
    let backend = crate::backend::use_backend()?;
    let form = applications::apply_form(&backend, &measure, &result).await?;
    if form.is_none() {
        not_found();
    }
    Ok(form)
}

/// The application a link token opens, with the server's today (for the deadline); `None`
/// (and a 404) when the token opens none.
#[server(prefix = "/api/fn", endpoint = "my_application")]
pub async fn my_application(
    token: String,
) -> Result<Option<(ApplicationView, crate::policy::Date)>, AppError> {
    let backend = crate::backend::use_backend()?;
    let day = today();
    let found = applications::by_link(&backend, &token, day).await?;
    if found.is_none() {
        not_found();
    }
    Ok(found.map(|a| (a, day)))
}

/// A page of the acceptance window's queue (reviewers). `stage` is a stage's name or empty.
#[server(prefix = "/api/staff", endpoint = "application_queue")]
pub async fn application_queue(
    measure: String,
    stage: String,
    overdue_only: bool,
    q: String,
    page: u32,
) -> Result<QueueView, AppError> {
    auth::require_reader(Role::Reviewer).await?;
    let backend = crate::backend::use_backend()?;
    let stage = match stage.trim() {
        "" => None,
        s => Some(
            crate::policy::application::Stage::from_slug(s)
                .ok_or_else(|| AppError::field("stage", "Choose a stage from the list."))?,
        ),
    };
    let filter = crate::wire::applications::QueueFilter {
        measure: Some(measure.trim().to_string()).filter(|m| !m.is_empty()),
        stage,
        overdue_only,
        q: Some(q),
        page,
    };
    applications::queue(&backend, &filter, today()).await
}

/// One application for the acceptance window (reviewers), with the server's today.
#[server(prefix = "/api/staff", endpoint = "staff_application")]
pub async fn staff_application(
    id: String,
) -> Result<Option<(ApplicationView, crate::policy::Date)>, AppError> {
    auth::require_reader(Role::Reviewer).await?;
    let backend = crate::backend::use_backend()?;
    let day = today();
    let found = applications::by_id(&backend, &id, day).await?;
    if found.is_none() {
        not_found();
    }
    Ok(found.map(|a| (a, day)))
}

/// A reviewer's move on an application read at `lock_version`: `action` is accept,
/// accept_conditionally (with `missing`, one material per line, and `deadline` as
/// YYYY-MM-DD),
/// request_changes (`message`), start_review, approve (`amount` in yuan), reject (`message`
/// as the reason) or mark_paid. Authorised, audited, and refused with 409 when someone moved
/// the application since.
#[server(prefix = "/api/staff", endpoint = "move_application")]
pub async fn move_application(
    csrf: String,
    id: String,
    lock_version: i64,
    action: String,
    #[server(default)] missing: String,
    #[server(default)] deadline: String,
    #[server(default)] message: String,
    #[server(default)] amount: String,
) -> Result<ApplicationView, AppError> {
    let user = auth::require(Role::Reviewer, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let mv =
        crate::backend::applications::parse_move(&action, &missing, &deadline, &message, &amount)?;
    applications::apply_move(&backend, &id, &user.email, lock_version, &mv, today()).await
}

/// Time to acceptance and to decision per measure, with the estimate-quality figures
/// (reviewers).
#[server(prefix = "/api/staff", endpoint = "service_times")]
pub async fn service_times() -> Result<Vec<ServiceTime>, AppError> {
    auth::require_reader(Role::Reviewer).await?;
    let backend = crate::backend::use_backend()?;
    applications::service_times(&backend, today()).await
}

#[cfg(feature = "ssr")]
fn not_found() {
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// "My real award differed": reports the amount actually granted for a measure of the stored
/// result `result` (limited per address; never shown publicly).
#[server(prefix = "/api/fn", endpoint = "report_award")]
pub async fn report_award(
    result: String,
    measure: String,
    amount: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let backend = crate::backend::use_backend()?;
    let client = crate::backend::limits::client_key(&auth::client_addr().await);
    crate::backend::award_reports::report(&backend, &client, &result, &measure, &amount, &comment)
        .await?;
    Ok(())
}

/// The reports of awards actually granted for `measure` (reviewers), not yet reviewed first.
#[server(prefix = "/api/staff", endpoint = "award_reports")]
pub async fn award_reports(
    measure: String,
) -> Result<Vec<crate::wire::wizard::AwardReportView>, AppError> {
    auth::require_reader(Role::Reviewer).await?;
    let backend = crate::backend::use_backend()?;
    Ok(crate::backend::award_reports::list(&backend, &measure).await?)
}

/// Marks a report of an award reviewed (reviewers; audited).
#[server(prefix = "/api/staff", endpoint = "review_award_report")]
pub async fn review_award_report(csrf: String, id: String) -> Result<(), AppError> {
    let user = auth::require(Role::Reviewer, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    crate::backend::award_reports::mark_reviewed(&backend, &user, &id).await
}
