//! Structured errors shared by server functions, the JSON API and forms.
use serde::{Deserialize, Serialize};

/// One problem with one input field, in words a person understands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field (query parameter, fact name or form field).
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The body of every 4xx answer of the JSON API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Summary of the problem.
    pub error: String,
    /// One entry per offending field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}
