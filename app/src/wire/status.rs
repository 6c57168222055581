//! Health and version read-out.
use serde::{Deserialize, Serialize};

/// What the server reports about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    /// Name of the running service.
    pub service: String,
    /// Crate version of the server build.
    pub version: String,
}
