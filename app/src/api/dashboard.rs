//! The staff home's dashboard (any signed-in member; each list for the roles that act on it).
use leptos::prelude::*;

use crate::wire::dashboard::Dashboard;
use crate::wire::errors::AppError;

/// The dashboard for the signed-in member, for the server's today.
#[server(prefix = "/api/staff", endpoint = "staff_dashboard")]
pub async fn staff_dashboard() -> Result<Dashboard, AppError> {
    let user = crate::backend::auth::require_reader(crate::wire::staff::Access::Member).await?;
    let backend = crate::backend::use_backend()?;
    crate::backend::dashboard::overview(&backend, &user, crate::backend::clock::today()).await
}
