//! Where an [`AppError`] meets the server: request ids, the one conversion of database and I/O
//! failures into [`AppError::Internal`] (the cause goes to the log, the client sees the id),
//! and the JSON answer of the `/api/v1` routes.
use std::fmt::Display;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::db::DbError;
use crate::wire::errors::AppError;

/// The response and log header that carries a request's id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

/// A fresh request id: 16 hex digits of randomness (of the clock, if the system has none).
pub fn new_request_id() -> String {
    super::tokens::random_hex::<8>().unwrap_or_else(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        format!("{nanos:016x}")
    })
}

/// The id of the request being answered (set by [`with_request_id`]), or a fresh one for work
/// that runs outside a request's task.
pub fn request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| new_request_id())
}

/// Runs `work` with `id` as the request id that errors report.
pub async fn scope<F: std::future::Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The one conversion of a failure the client cannot act on: the cause is logged with the
/// request id, and the client gets only the id.
pub fn internal(cause: impl Display) -> AppError {
    let request_id = request_id();
    tracing::error!(request_id = %request_id, "internal error: {cause}");
    AppError::Internal { request_id }
}

/// What a client is told when the disk is full.
const STORAGE_FULL: &str = "The server's storage is full, so nothing can be saved just now. Nothing was changed; reading still works.";

/// Seconds a client is asked to wait when the storage is unavailable.
pub const UNAVAILABLE_RETRY_SECS: u64 = 30;

/// Why the storage cannot be used just now, in words for the client, when that is the
/// failure: the database unreachable (connections refused, lost or timed out) or full
/// (SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full`). `None` for any other failure.
fn unavailable(e: &DbError) -> Option<&'static str> {
    let DbError::Sql(e) = e else { return None };
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
            Some("The database cannot be reached just now. Nothing was changed; please try again in a moment.")
        }
        sqlx::Error::Database(d)
            if matches!(d.code().as_deref(), Some("13") | Some("53100"))
                || d.message().contains("disk is full") =>
        {
            Some(STORAGE_FULL)
        }
        _ => None,
    }
}

/// The client's view of a database failure: 503 with the reason when the storage is
/// unavailable, else an internal error; the cause is logged under the request id either way.
pub fn from_db(e: &DbError) -> AppError {
    match unavailable(e) {
        Some(message) => {
            let request_id = request_id();
            tracing::error!(request_id = %request_id, "storage unavailable: {e}");
            AppError::Unavailable {
                message: message.into(),
                request_id,
            }
        }
        None => internal(e),
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        from_db(&e)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::from(DbError::Sql(e))
    }
}

/// The client's view of a file-system failure while `doing` something: 503 with the reason
/// when the disk is full, else an internal error; logged under the request id either way.
pub fn from_io(doing: &str, e: &std::io::Error) -> AppError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        let request_id = request_id();
        tracing::error!(request_id = %request_id, "storage unavailable: {doing}: {e}");
        return AppError::Unavailable {
            message: STORAGE_FULL.into(),
            request_id,
        };
    }
    internal(format!("{doing}: {e}"))
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        from_io("I/O", &e)
    }
}

/// The status of an error as axum wants it.
pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON API refusal: the status, the [`ApiError`](crate::wire::errors::ApiError) body, and
/// `Retry-After` or the request id where they apply.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = (status_of(&self), Json(self.body())).into_response();
        match &self {
            AppError::RateLimited {
                retry_after_secs, ..
            } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            AppError::Internal { request_id } => {
                if let Ok(v) = HeaderValue::from_str(request_id) {
                    response.headers_mut().insert(REQUEST_ID_HEADER, v);
                }
            }
            AppError::Unavailable { request_id, .. } => {
                if let Ok(v) = HeaderValue::from_str(request_id) {
                    response.headers_mut().insert(REQUEST_ID_HEADER, v);
                }
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(UNAVAILABLE_RETRY_SECS),
                );
            }
            _ => {}
        }
        response
    }
}

/// Middleware: gives every request an id (the client's `x-request-id` when it is a short
/// token, else a fresh one), makes it the id that errors report, and returns it in the
/// response header so a person can quote it.
pub async fn with_request_id(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(new_request_id);
    let mut response = scope(id.clone(), next.run(request)).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().entry(REQUEST_ID_HEADER).or_insert(v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn internal_errors_carry_the_request_id_of_their_scope() {
        let e = scope("abc123".into(), async { internal("disk I/O error") }).await;
        assert_eq!(
            e,
            AppError::Internal {
                request_id: "abc123".into()
            }
        );
        assert!(!e.to_string().contains("disk"));
    }
}
