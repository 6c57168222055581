//! Cross-site request forgery, refused in one place: every request that may change something
//! must come from a page of this site, as its `Origin`
//! (or, without one, its `Referer`) says. Server functions, the applicant forms and the staff
//! API all pass through here; on top of this, every staff action checks its session's
//! anti-forgery token (`auth::require`, `staff_api::authorise`).
//!
//! Anonymous calls carry no token because they carry no ambient credential: the wizard, its
//! results and an application are opened by a secret id the request itself names, never by a
//! cookie, so a forged request from elsewhere can do nothing its author could not do directly.
use app::backend::auth;
use app::wire::errors::AppError;
use axum::{
    extract::Request,
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};

/// Endpoints open to other sites and to programs: the public JSON API reads no cookie and
/// acts for no one, so there is nothing to forge (storing a result is limited per address like
/// the wizard's).
pub const OPEN_TO_OTHER_SITES: [&str; 2] = ["/api/v1/assess", "/api/v1/results"];

/// Whether a method can change state here. The platform changes state only through POST
/// (server functions, forms, the staff API); no route takes PUT, PATCH or DELETE, so those,
/// like TRACE, get the router's 405 (the enumeration test holds the routes to that).
pub fn changes_state(method: &Method) -> bool {
    *method == Method::POST
}

/// The middleware: 403 (the JSON of [`AppError::forgery`]) for a state-changing request that
/// does not come from this site.
pub async fn layer(req: Request, next: Next) -> Response {
    if changes_state(req.method())
        && !OPEN_TO_OTHER_SITES.contains(&req.uri().path())
        && !auth::same_origin(req.headers())
    {
        let refusal = AppError::forgery();
        let path = req.uri().path();
        // Server functions answer with their own error type, so the page can show it.
        return if path.starts_with("/api/fn/") || path.starts_with("/api/staff/") {
            (StatusCode::FORBIDDEN, Json(refusal)).into_response()
        } else {
            refusal.into_response()
        };
    }
    next.run(req).await
}
