//! The staff measure editor: types shared with the browser and the server functions behind
//! `/staff/measures`. Every function authorises on the server (see `crate::backend::auth`).
use leptos::prelude::*;

use crate::wire::errors::AppError;
use leptos::server_fn::codec::Json;

use crate::policy::Measure;

#[cfg(feature = "ssr")]
use crate::backend::{auth, editor};
use crate::wire::editor::{EditorData, FieldChange, Preview, Saved, StaffMeasureRow};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;

/// Every staff measure, drafts included (editors and above).
#[server(prefix = "/api/staff", endpoint = "staff_measures")]
pub async fn staff_measures() -> Result<Vec<StaffMeasureRow>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::list(&backend).await
}

/// The editor for a measure, or for a new one when `id` is empty.
#[server(prefix = "/api/staff", endpoint = "load_editor")]
pub async fn load_editor(id: String) -> Result<Option<EditorData>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::load(&backend, &id).await
}

/// Validates an edited measure with the catalog loader and runs its worked examples and the
/// preview facts through the engine. Changes nothing.
#[server(prefix = "/api/staff", endpoint = "preview_measure", input = Json)]
pub async fn preview_measure(
    measure: Measure,
    facts: std::collections::BTreeMap<String, String>,
) -> Result<Preview, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::preview(&backend, &measure, &facts).await
}

/// What publishing `measure` with effect from `effective_from` (YYYY-MM-DD, empty for today)
/// would change for the stored results and saved profiles (editors and publishers): the
/// preview itself for a small store, else a background job to follow with
/// [`impact_progress`]. Changes nothing in the catalog.
#[server(prefix = "/api/staff", endpoint = "impact_preview", input = Json)]
pub async fn impact_preview(
    measure: Measure,
    effective_from: String,
) -> Result<crate::wire::editor::ImpactProgress, AppError> {
    let user = auth::require_reader(Role::Editor).await?;
    let day = match effective_from.trim() {
        "" => None,
        d => Some(crate::policy::Date::parse(d).map_err(|m| AppError::field("effective_from", m))?),
    };
    let backend = crate::backend::use_backend()?;
    editor::impact::start(&backend, &user, &measure, day).await
}

/// How the caller's background impact preview `job` stands (404 for another member's).
#[server(prefix = "/api/staff", endpoint = "impact_progress")]
pub async fn impact_progress(job: String) -> Result<crate::wire::editor::ImpactProgress, AppError> {
    let user = auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::impact::job(&backend, &user, &job).await
}

/// Saves a draft. Refused when someone else saved since `lock_version` was read.
#[server(prefix = "/api/staff", endpoint = "save_measure", input = Json)]
pub async fn save_measure(
    csrf: String,
    measure: Measure,
    lock_version: i64,
    is_new: bool,
) -> Result<Saved, AppError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::save_draft(&backend, &user, &measure, lock_version, is_new).await
}

/// Saves and publishes a measure as a new immutable version applying from `effective_from`
/// (publishers only; only when it validates and every worked example passes).
#[server(prefix = "/api/staff", endpoint = "publish_measure", input = Json)]
pub async fn publish_measure(
    csrf: String,
    measure: Measure,
    lock_version: i64,
    is_new: bool,
    effective_from: String,
    note: String,
) -> Result<Saved, AppError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::publish(
        &backend,
        &user,
        editor::Publication {
            measure: &measure,
            lock_version,
            is_new,
            effective_from: &effective_from,
            note: &note,
        },
    )
    .await
}

/// Archives a measure from `effective_from` on (publishers only): a new version that removes
/// it from the catalog from that day.
#[server(prefix = "/api/staff", endpoint = "archive_measure")]
pub async fn archive_measure(
    csrf: String,
    id: String,
    lock_version: i64,
    effective_from: String,
) -> Result<Saved, AppError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    editor::archive(&backend, &user, &id, lock_version, &effective_from).await
}

/// The changes between two published versions of a measure, field by field.
#[server(prefix = "/api/staff", endpoint = "version_diff")]
pub async fn version_diff(id: String, from: i64, to: i64) -> Result<Vec<FieldChange>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    editor::diff(&backend, &id, from, to).await
}
