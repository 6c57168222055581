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

/// Every way a request can fail, as the browser, the JSON API and the log see it. Server
/// functions return it as their error (`crate::api` makes it a server-function error), the
/// `/api/v1` routes answer it as a status and an [`ApiError`] body (`crate::backend::error`),
/// and database or I/O failures become [`AppError::Internal`] once, logging the driver's
/// message with the request id that the client is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// No such record.
    #[error("Not found.")]
    NotFound,
    /// Not signed in, or the e-mail address or password is wrong.
    #[error("{message}")]
    Unauthenticated {
        /// What to do.
        message: String,
    },
    /// Signed in, but not allowed; or the form did not come from this site.
    #[error("{message}")]
    Forbidden {
        /// Why.
        message: String,
    },
    /// Someone else changed the record since it was read.
    #[error("{message}")]
    Conflict {
        /// What happened and what to do.
        message: String,
    },
    /// Input that cannot be accepted: one message for the whole, one per offending field.
    #[error("{message}")]
    Invalid {
        /// Summary (shown above the form).
        message: String,
        /// One entry per field, shown next to the field.
        fields: Vec<FieldError>,
    },
    /// Too many attempts; try again later.
    #[error("{message}")]
    RateLimited {
        /// When to try again, in words.
        message: String,
        /// Seconds to wait (the `Retry-After` header).
        retry_after_secs: u64,
    },
    /// Something failed on the server. Its details are in the log under the request id.
    #[error("Internal error (request id {request_id}). Please try again later.")]
    Internal {
        /// The id under which the server logged the cause.
        request_id: String,
    },
    /// The server cannot use its storage just now (the database is unreachable, the disk is
    /// full): nothing was changed, and trying again shortly may work.
    #[error("{message} (request id {request_id})")]
    Unavailable {
        /// What happened and what to do, in words.
        message: String,
        /// The id under which the server logged the cause.
        request_id: String,
    },
    /// The browser could not reach the server or read its answer.
    #[error("The server could not be reached ({detail}). Check the connection and try again.")]
    Unreachable {
        /// What the browser saw.
        detail: String,
    },
}

impl AppError {
    /// Please sign in.
    pub fn sign_in() -> Self {
        AppError::Unauthenticated {
            message: "Please sign in.".into(),
        }
    }

    /// The role does not allow the action.
    pub fn forbidden() -> Self {
        AppError::Forbidden {
            message: "Your role does not allow this action.".into(),
        }
    }

    /// The anti-forgery token or origin is missing or wrong.
    pub fn forgery() -> Self {
        AppError::Forbidden {
            message: "This form has expired or did not come from this site. Reload the page and try again."
                .into(),
        }
    }

    /// Wrong e-mail address or password.
    pub fn bad_credentials() -> Self {
        AppError::Unauthenticated {
            message: "The e-mail address or password is wrong.".into(),
        }
    }

    /// Too many wrong passwords: sign-in is locked for `minutes`.
    pub fn throttled(minutes: i64) -> Self {
        AppError::RateLimited {
            message: format!(
                "Too many wrong passwords for this address. Sign-in is locked for {minutes} more minutes."
            ),
            retry_after_secs: (minutes.max(1) as u64) * 60,
        }
    }

    /// Input refused as a whole, with the reason.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Invalid {
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// Input refused field by field.
    pub fn fields(fields: Vec<FieldError>) -> Self {
        let message = match fields.len() {
            1 => "One entry needs correcting.".to_string(),
            n => format!("{n} entries need correcting."),
        };
        AppError::Invalid { message, fields }
    }

    /// Input refused for one field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::fields(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// A conflict with a concurrent change.
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            message: message.into(),
        }
    }

    /// The HTTP status that goes with the error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated { .. } => 401,
            AppError::Forbidden { .. } => 403,
            AppError::Conflict { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::RateLimited { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Unavailable { .. } | AppError::Unreachable { .. } => 503,
        }
    }

    /// The per-field messages (empty unless the input was refused field by field).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::Invalid { fields, .. } => fields,
            _ => &[],
        }
    }

    /// The message for one field, if it was refused.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.field_errors()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// The body of a JSON API refusal.
    pub fn body(&self) -> ApiError {
        ApiError {
            error: self.to_string(),
            errors: self.field_errors().to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_stay_structured_through_serialisation() {
        let e = AppError::fields(vec![
            FieldError {
                field: "title".into(),
                message: "Enter a title.".into(),
            },
            FieldError {
                field: "measures".into(),
                message: "Unknown measure ids: x; y".into(),
            },
        ]);
        let json = serde_json::to_string(&e).expect("serialise");
        let back: AppError = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, e);
        assert_eq!(
            back.message_for("measures"),
            Some("Unknown measure ids: x; y")
        );
        assert_eq!(back.status(), 422);
        assert_eq!(back.to_string(), "2 entries need correcting.");
    }

    #[test]
    fn internal_errors_show_only_the_request_id() {
        let e = AppError::Internal {
            request_id: "r-42".into(),
        };
        assert_eq!(
            e.to_string(),
            "Internal error (request id r-42). Please try again later."
        );
        assert_eq!(e.body().errors, Vec::new());
        assert_eq!(e.status(), 500);
    }
}
