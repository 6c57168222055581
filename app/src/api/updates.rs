//! Announcements ("policy updates"): the types shared with the browser, the staff server
//! functions behind `/staff/updates` and the public list behind `/updates`.
//!
//! Every staff function authorises on the server (`crate::backend::auth`); the pages only
//! hide what a role may not do.
use leptos::prelude::*;

use crate::wire::errors::AppError;

#[cfg(feature = "ssr")]
use crate::backend::{auth, updates};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;
use crate::wire::updates::{
    AnnouncementRow, AnnouncementSaved, AnnouncementText, PublicAnnouncement,
};

/// Every announcement, drafts and scheduled ones included (editors and above).
#[server(prefix = "/api/staff", endpoint = "staff_announcements")]
pub async fn staff_announcements() -> Result<Vec<AnnouncementRow>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    updates::list(&backend).await
}

/// One announcement for the form (editors and above); a blank one when `id` is empty.
/// `measure`, when given, is added to the linked measures (the measure editor links here). `None` for an unknown id (and a 404).
#[server(prefix = "/api/staff", endpoint = "load_announcement")]
pub async fn load_announcement(
    id: String,
    measure: Option<String>,
) -> Result<Option<AnnouncementText>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    if id.is_empty() {
        return Ok(Some(updates::blank(measure.as_deref())));
    }
    let mut found = updates::load(&backend, &id).await?;
    if let (Some(a), Some(m)) = (found.as_mut(), measure.map(|m| m.trim().to_string())) {
        if !m.is_empty() && !a.measures.contains(&m) {
            a.measures.push(m);
        }
    }
    if found.is_none() {
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    Ok(found)
}

/// Saves an announcement (editors and above; a published one only by a publisher). A new one
/// (empty `id`) is created as a draft and the browser goes to its edit page. Refused with 409
/// when someone saved since `lock_version` was read, and with 422 and one message per field
/// (`field: message; ...`) when the input is not acceptable.
#[server(prefix = "/api/staff", endpoint = "save_announcement")]
pub async fn save_announcement(
    csrf: String,
    id: String,
    title: String,
    body: String,
    published_on: String,
    measures: String,
    lock_version: i64,
) -> Result<AnnouncementSaved, AppError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let input = updates::AnnouncementInput {
        id: &id,
        title: &title,
        body: &body,
        published_on: &published_on,
        measures: &measures,
        lock_version,
    };
    let saved = updates::save(&backend, &user, &input).await?;
    if id.is_empty() {
        leptos_axum::redirect(&format!("/staff/updates/{}/edit?saved=1", saved.id));
    }
    Ok(saved)
}

/// Publishes the saved text of an announcement (publishers only). With a future date it is
/// scheduled: it appears on that day.
#[server(prefix = "/api/staff", endpoint = "publish_announcement")]
pub async fn publish_announcement(
    csrf: String,
    id: String,
    lock_version: i64,
) -> Result<AnnouncementSaved, AppError> {
    set_status(&csrf, &id, lock_version, true).await
}

/// Takes an announcement off the public pages and the feed (publishers only).
#[server(prefix = "/api/staff", endpoint = "unpublish_announcement")]
pub async fn unpublish_announcement(
    csrf: String,
    id: String,
    lock_version: i64,
) -> Result<AnnouncementSaved, AppError> {
    set_status(&csrf, &id, lock_version, false).await
}

/// Publishes or takes down an announcement for a publisher.
#[cfg(feature = "ssr")]
async fn set_status(
    csrf: &str,
    id: &str,
    lock_version: i64,
    publish: bool,
) -> Result<AnnouncementSaved, AppError> {
    let user = auth::require(Role::Publisher, csrf).await?;
    let backend = crate::backend::use_backend()?;
    updates::set_status(&backend, &user, id, lock_version, publish).await
}

/// Published announcements whose date has come, newest first.
#[server(prefix = "/api/fn", endpoint = "published_updates")]
pub async fn published_updates() -> Result<Vec<PublicAnnouncement>, AppError> {
    let backend = crate::backend::use_backend()?;
    updates::published(&backend, crate::backend::clock::today(), 100)
        .await
        .map_err(AppError::from)
}
