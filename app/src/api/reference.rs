//! Facts, cross-measure rules and source documents in the staff editor (`/staff/reference`):
//! list, load, save a draft (editors), publish or remove (publishers), diff two versions.
//! Every function authorises on the server; `kind` is `fact`, `rule` or `document`.
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::policy::reference::Entry;
use crate::wire::editor::{FieldChange, Saved};
use crate::wire::errors::AppError;
use crate::wire::reference::{EntryEditor, EntryRow};

#[cfg(feature = "ssr")]
use crate::backend::{auth, reference};
#[cfg(feature = "ssr")]
use crate::policy::reference::EntryKind;
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;

#[cfg(feature = "ssr")]
fn kind_of(slug: &str) -> Result<EntryKind, AppError> {
    EntryKind::from_slug(slug)
        .ok_or_else(|| AppError::field("kind", "one of: fact, rule, document"))
}

/// The entries of a kind, drafts included (editors and above).
#[server(prefix = "/api/staff", endpoint = "reference_entries")]
pub async fn reference_entries(kind: String) -> Result<Vec<EntryRow>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let kind = kind_of(&kind)?;
    let backend = crate::backend::use_backend()?;
    reference::list(&backend, kind).await
}

/// The editor for an entry, or for a new one when `key` is empty (editors and above).
#[server(prefix = "/api/staff", endpoint = "load_reference")]
pub async fn load_reference(kind: String, key: String) -> Result<Option<EntryEditor>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let kind = kind_of(&kind)?;
    let backend = crate::backend::use_backend()?;
    reference::load(&backend, kind, &key).await
}

/// Saves a draft of an entry (`entry` null: a draft that removes it). Refused when someone
/// saved since `lock_version` was read.
#[server(prefix = "/api/staff", endpoint = "save_reference", input = Json)]
pub async fn save_reference(
    csrf: String,
    kind: String,
    key: String,
    entry: Option<Entry>,
    lock_version: i64,
    is_new: bool,
) -> Result<Saved, AppError> {
    let user = auth::require(Role::Editor, &csrf).await?;
    let kind = kind_of(&kind)?;
    let backend = crate::backend::use_backend()?;
    reference::save_draft(
        &backend,
        &user,
        &reference::Change {
            kind,
            key: &key,
            entry: entry.as_ref(),
            lock_version,
            is_new,
        },
    )
    .await
}

/// Saves, validates over the whole catalog and publishes an entry, or its removal (`entry`
/// null), as a new version (publishers only).
#[server(prefix = "/api/staff", endpoint = "publish_reference", input = Json)]
pub async fn publish_reference(
    csrf: String,
    kind: String,
    key: String,
    entry: Option<Entry>,
    lock_version: i64,
    is_new: bool,
    note: String,
) -> Result<Saved, AppError> {
    let user = auth::require(Role::Publisher, &csrf).await?;
    let kind = kind_of(&kind)?;
    let backend = crate::backend::use_backend()?;
    reference::publish(
        &backend,
        &user,
        &reference::Change {
            kind,
            key: &key,
            entry: entry.as_ref(),
            lock_version,
            is_new,
        },
        &note,
    )
    .await
}

/// The changes between two published versions of an entry, field by field.
#[server(prefix = "/api/staff", endpoint = "reference_diff")]
pub async fn reference_diff(
    kind: String,
    key: String,
    from: i64,
    to: i64,
) -> Result<Vec<FieldChange>, AppError> {
    auth::require_reader(Role::Editor).await?;
    let kind = kind_of(&kind)?;
    let backend = crate::backend::use_backend()?;
    reference::diff(&backend, kind, &key, from, to).await
}
