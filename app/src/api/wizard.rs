//! The eligibility wizard and its results: types shared with the browser and the server
//! functions that save answers and compute results (the browser never computes an amount).
use std::collections::BTreeMap;

use crate::wire::wizard::{ResultChanges, ResultView, ReviewPage, WizardPage};
use leptos::prelude::*;

use crate::wire::errors::AppError;

/// The step page (a new, unsaved wizard when `session` is empty).
#[server(prefix = "/api/fn", endpoint = "wizard_page")]
pub async fn load_wizard_step(
    session: String,
    step: String,
    measure: Option<String>,
) -> Result<Option<WizardPage>, AppError> {
    let backend = crate::backend::use_backend()?;
    Ok(crate::backend::wizard::page(&backend, &session, &step, measure.as_deref()).await?)
}

/// Saves a step's answers and goes on (`go` = next, back or review). Invalid answers are kept
/// with their messages and the same step is shown again; valid ones are always saved.
#[server(prefix = "/api/fn", endpoint = "save_step")]
pub async fn save_step(
    session: String,
    step: String,
    focus: Option<String>,
    #[server(default)] answers: BTreeMap<String, String>,
    go: String,
) -> Result<(), AppError> {
    let backend = crate::backend::use_backend()?;
    let client = crate::backend::limits::client_key(&crate::backend::auth::client_addr().await);
    let target = crate::backend::wizard::save(
        &backend,
        &client,
        &session,
        &step,
        focus.as_deref(),
        &answers,
        &go,
    )
    .await?;
    leptos_axum::redirect(&target);
    Ok(())
}

/// The review page.
#[server(prefix = "/api/fn", endpoint = "review_page")]
pub async fn load_review(session: String) -> Result<Option<ReviewPage>, AppError> {
    let backend = crate::backend::use_backend()?;
    Ok(crate::backend::wizard::review(&backend, &session).await?)
}

/// Computes the result of a session with the engine, stores it, and opens it.
#[server(prefix = "/api/fn", endpoint = "finish_wizard")]
pub async fn finish_wizard(
    session: String,
    #[server(default)] as_of: Option<String>,
) -> Result<(), AppError> {
    let backend = crate::backend::use_backend()?;
    // "As of" lets a person see what applied on an earlier or later day; empty means today.
    let as_of = match as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(crate::policy::Date::parse(d).map_err(|_| {
            AppError::field(
                "as_of",
                "Enter the date as YYYY-MM-DD, or leave it empty for today.",
            )
        })?),
        None => None,
    };
    let client = crate::backend::limits::client_key(&crate::backend::auth::client_addr().await);
    let id = crate::backend::wizard::finish(&backend, &client, &session, as_of).await?;
    leptos_axum::redirect(&format!("/results/{id}"));
    Ok(())
}

/// Starts a new wizard session from a stored result's answers and opens its review; the
/// result itself is never changed.
#[server(prefix = "/api/fn", endpoint = "restart_from_result")]
pub async fn restart_from_result(result: String) -> Result<(), AppError> {
    let backend = crate::backend::use_backend()?;
    let client = crate::backend::limits::client_key(&crate::backend::auth::client_addr().await);
    let session = crate::backend::wizard::from_result(&backend, &client, &result).await?;
    leptos_axum::redirect(&format!("/wizard/{session}/review"));
    Ok(())
}

/// A stored result, or `None` for an unknown id.
#[server(prefix = "/api/fn", endpoint = "get_result")]
pub async fn get_result(id: String) -> Result<Option<ResultView>, AppError> {
    let backend = crate::backend::use_backend()?;
    Ok(crate::backend::results::load(&backend, &id).await?)
}

/// What changed for a stored result since it was computed: recomputed from its answers today,
/// or on `as_of` (`YYYY-MM-DD`); `None` for an unknown id.
#[server(prefix = "/api/fn", endpoint = "result_changes")]
pub async fn load_result_changes(
    id: String,
    #[server(default)] as_of: Option<String>,
) -> Result<Option<ResultChanges>, AppError> {
    let day = match as_of.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Some(
            crate::policy::Date::parse(d).map_err(|m| AppError::Invalid {
                message: m.clone(),
                fields: vec![crate::wire::errors::FieldError {
                    field: "as_of".into(),
                    message: m,
                }],
            })?,
        ),
        None => None,
    };
    let backend = crate::backend::use_backend()?;
    crate::backend::result_changes::result_changes(&backend, &id, day).await
}
