//! The audit log as admins read it.
use leptos::prelude::*;

use crate::wire::errors::AppError;

#[cfg(feature = "ssr")]
use crate::wire::audit::AuditFilter;
use crate::wire::audit::AuditPage;
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;

/// The audit log, filtered by person and record (admins only).
#[server(prefix = "/api/staff", endpoint = "audit_log")]
pub async fn audit_log(
    actor: Option<String>,
    target: Option<String>,
) -> Result<AuditPage, AppError> {
    crate::backend::auth::require_reader(Role::Admin).await?;
    let backend = crate::backend::use_backend()?;
    let filter = AuditFilter {
        actor: actor.filter(|a| !a.is_empty()),
        target: target.filter(|t| !t.is_empty()),
    };
    let entries = crate::backend::audit::list(backend.pool(), &filter, 200).await?;
    let actors = crate::backend::audit::actors(backend.pool()).await?;
    Ok(AuditPage { entries, actors })
}
