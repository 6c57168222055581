//! Health and version read-out.
use crate::wire::status::ServiceStatus;
use leptos::prelude::*;

use crate::wire::errors::AppError;

/// Reports that the server is up and which version it runs.
#[server(prefix = "/api/fn", endpoint = "platform_status")]
pub async fn platform_status() -> Result<ServiceStatus, AppError> {
    Ok(ServiceStatus {
        service: "policy-portal".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}
