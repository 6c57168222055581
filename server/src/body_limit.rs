//! One limit on request bodies, answered `413 Payload Too Large` before any handler runs.
//!
//! Server functions read their body themselves: a body over axum's limit reached them as a
//! failed read and came back as `503 {"kind":"unreachable"}`. This layer reads every body first
//! (at most [`MAX_BODY_BYTES`]; a declared `Content-Length` over it is refused without reading)
//! and hands the handler the bytes. The material upload has a larger limit of its own and
//! answers its form itself (`crate::applicant`), so it is left alone here.
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The largest request body read (axum's default limit): 2 MiB.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Whether the request is a material upload (`POST /applications/{token}/materials`).
fn is_upload(method: &Method, path: &str) -> bool {
    method == Method::POST
        && path
            .strip_prefix("/applications/")
            .and_then(|rest| rest.strip_suffix("/materials"))
            .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// The 413: an [`ApiError`](app::wire::errors::ApiError) under `/api/v1`, a server-function
/// error (`{"kind": "invalid", ...}`, which the browser shows as a message) elsewhere.
fn too_large(path: &str) -> Response {
    let message = format!(
        "The request body is too large (at most {} MiB).",
        MAX_BODY_BYTES / (1024 * 1024)
    );
    if path.starts_with("/api/v1/") {
        return crate::api::error(StatusCode::PAYLOAD_TOO_LARGE, &message, vec![]);
    }
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Json(app::wire::errors::AppError::invalid(message)),
    )
        .into_response()
}

/// The middleware.
pub async fn layer(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_upload(req.method(), &path) || req.body().size_hint().exact() == Some(0) {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large(&path);
    }
    let (parts, body) = req.into_parts();
    // `Bytes` reads at most axum's default limit (no `DefaultBodyLimit` is set on this bare
    // request), which is `MAX_BODY_BYTES`, and says why it stopped.
    match Bytes::from_request(Request::new(body), &()).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large(&path),
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_material_upload_is_left_alone() {
        assert!(is_upload(&Method::POST, "/applications/abc/materials"));
        assert!(!is_upload(&Method::GET, "/applications/abc/materials"));
        assert!(!is_upload(&Method::POST, "/applications//materials"));
        assert!(!is_upload(&Method::POST, "/applications/a/b/materials"));
        assert!(!is_upload(&Method::POST, "/api/fn/materials"));
    }
}
