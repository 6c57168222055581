//! Announcements ("policy updates"): the types shared with the browser, the staff server
//! functions behind `/staff/updates` and the public list behind `/updates`.
//!
//! Every staff function authorises on the server (`crate::backend::auth`); the pages only
//! hide what a role may not do.
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::backend::{auth, updates};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;
use crate::wire::updates::{
    AnnouncementRow, AnnouncementSaved, AnnouncementText, PublicAnnouncement,
};

/// Every announcement, drafts and scheduled ones included (editors and above).
#[server(prefix = "/api/staff", endpoint = "staff_announcements")]
pub async fn staff_announcements() -> Result<Vec<AnnouncementRow>, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    updates::list(&backend)
        .await
        .map_err(|e| e.into_server_error())
}

/// One announcement for the form (editors and above); a blank one when `id` is empty.
/// `measure`, when given, is added to the linked measures (the measure editor links here). `None` for an unknown id (and a 404).
#[server(prefix = "/api/staff", endpoint = "load_announcement")]
pub async fn load_announcement(
    id: String,
    measure: Option<String>,
) -> Result<Option<AnnouncementText>, ServerFnError> {
    auth::require_reader(Role::Editor).await?;
    let backend = crate::backend::use_backend()?;
    if id.is_empty() {
        return Ok(Some(updates::blank(measure.as_deref())));
    }
    let mut found = updates::load(&backend, &id)
        .await
        .map_err(|e| e.into_server_error())?;
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
) -> Result<AnnouncementSaved, ServerFnError> {
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
    let saved = updates::save(&backend, &user, &input)
        .await
        .map_err(|e| e.into_server_error())?;
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
) -> Result<AnnouncementSaved, ServerFnError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    updates::set_status(&backend, &user, &id, lock_version, true)
        .await
        .map_err(|e| e.into_server_error())
}

/// Takes an announcement off the public pages and the feed (publishers only).
#[server(prefix = "/api/staff", endpoint = "unpublish_announcement")]
pub async fn unpublish_announcement(
    csrf: String,
    id: String,
    lock_version: i64,
) -> Result<AnnouncementSaved, ServerFnError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    updates::set_status(&backend, &user, &id, lock_version, false)
        .await
        .map_err(|e| e.into_server_error())
}

/// Published announcements whose date has come, newest first.
#[server(prefix = "/api/fn", endpoint = "published_updates")]
pub async fn published_updates() -> Result<Vec<PublicAnnouncement>, ServerFnError> {
    let backend = crate::backend::use_backend()?;
    updates::published(&backend, crate::backend::clock::today(), 100)
        .await
        .map_err(|e| {
            tracing::error!("announcements could not be read: {e}");
            ServerFnError::new("The announcements could not be read.")
        })
}

/// The fields of the announcement form, in the order of the form.
pub const FIELDS: [&str; 4] = ["title", "body", "published_on", "measures"];

/// Splits a refusal message of the form `field: message; field: message` into the messages
/// for known form fields and whatever else remains (shown above the buttons).
pub fn split_field_errors(message: &str) -> (Vec<(String, String)>, Option<String>) {
    let mut fields = Vec::new();
    let mut rest = Vec::new();
    for part in message.split("; ") {
        match part.split_once(": ") {
            Some((f, m)) if FIELDS.contains(&f) => fields.push((f.to_string(), m.to_string())),
            _ => rest.push(part),
        }
    }
    let rest = (!rest.is_empty()).then(|| rest.join("; "));
    (fields, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_split_from_other_messages() {
        let (f, rest) = split_field_errors("title: enter a title; measures: unknown measure ids x");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0], ("title".into(), "enter a title".into()));
        assert_eq!(rest, None);
        let (f, rest) = split_field_errors("Someone else saved it: reload the page.");
        assert!(f.is_empty());
        assert_eq!(
            rest.as_deref(),
            Some("Someone else saved it: reload the page.")
        );
    }
}
