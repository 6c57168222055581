//! The audit log as admins read it.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::api::staff::Role;

/// One staff action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Who (e-mail address, or "command line").
    pub actor: String,
    /// What, e.g. `measure.publish`.
    pub action: String,
    /// Kind of record: measure, announcement, user, catalog.
    pub target_kind: String,
    /// Which record.
    pub target_id: Option<String>,
    /// The record before, as JSON.
    pub before: Option<String>,
    /// The record after, as JSON.
    pub after: Option<String>,
}

/// Which entries to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Only this person.
    pub actor: Option<String>,
    /// Only this record (e.g. a measure id).
    pub target: Option<String>,
}

/// A page of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Matching entries, newest first (at most 200).
    pub entries: Vec<AuditEntry>,
    /// Everyone who appears in the log.
    pub actors: Vec<String>,
}

/// The audit log, filtered by person and record (admins only).
#[server(prefix = "/api/staff", endpoint = "audit_log")]
pub async fn audit_log(
    actor: Option<String>,
    target: Option<String>,
) -> Result<AuditPage, ServerFnError> {
    crate::backend::auth::require_reader(Role::Admin).await?;
    let backend = crate::backend::use_backend()?;
    let filter = AuditFilter {
        actor: actor.filter(|a| !a.is_empty()),
        target: target.filter(|t| !t.is_empty()),
    };
    let entries = crate::backend::audit::list(backend.pool(), &filter, 200)
        .await
        .map_err(ServerFnError::new)?;
    let actors = crate::backend::audit::actors(backend.pool())
        .await
        .map_err(ServerFnError::new)?;
    Ok(AuditPage { entries, actors })
}
