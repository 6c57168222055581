//! Health and version read-out.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the server reports about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    /// Name of the running service.
    pub service: String,
    /// Crate version of the server build.
    pub version: String,
}

/// Reports that the server is up and which version it runs.
#[server(prefix = "/api/fn", endpoint = "platform_status")]
pub async fn platform_status() -> Result<ServiceStatus, ServerFnError> {
    Ok(ServiceStatus {
        service: "policy-portal".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}
