//! Anonymous visits to staff pages are sent to the sign-in page on the server (303, with the
//! page as a safe return path), whatever the client asks for: the pages themselves render on
//! the server once signed in, so they work without JavaScript, and a visitor who is not signed
//! in never gets an empty frame. Which role a page needs is still checked by the page (403).
use app::backend::{auth, Backend};
use app::wire::catalog::encode;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether `path` is a staff page (not the sign-in page, not a file download or a call).
pub fn is_staff_page(path: &str) -> bool {
    (path == "/staff" || path.starts_with("/staff/"))
        && path != "/staff/sign-in"
        && !path.contains("/materials/")
}

/// The middleware.
pub async fn layer(State(backend): State<Backend>, req: Request, next: Next) -> Response {
    if (req.method() == Method::GET || req.method() == Method::HEAD)
        && is_staff_page(req.uri().path())
    {
        let signed_in = match auth::token_from_headers(req.headers()) {
            Some(token) => auth::session_user(&backend, &token)
                .await
                .map(|u| u.is_some())
                // A database fault is the page's to report, not a reason to sign in again.
                .unwrap_or(true),
            None => false,
        };
        if !signed_in {
            let back = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/staff".into());
            let to = format!("/staff/sign-in?next={}", encode(&back));
            let mut res = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            return res;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::is_staff_page;

    #[test]
    fn staff_pages_are_told_apart() {
        for p in [
            "/staff",
            "/staff/measures",
            "/staff/measures/x/edit",
            "/staff/audit",
        ] {
            assert!(is_staff_page(p), "{p}");
        }
        for p in [
            "/staff/sign-in",
            "/staffing",
            "/measures",
            "/staff/applications/a/materials/b",
        ] {
            assert!(!is_staff_page(p), "{p}");
        }
    }
}
