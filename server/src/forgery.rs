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
    extract::{MatchedPath, Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};
use std::collections::HashSet;
use std::sync::Arc;

/// Endpoints open to other sites and to programs (as the router writes them): the public JSON
/// API reads no cookie and acts for no one, so there is nothing to forge (storing a result is
/// limited per address like the wizard's); the one-click unsubscribe is posted by mail clients
/// (RFC 8058) and needs the secret of the mail it came in.
pub const OPEN_TO_OTHER_SITES: [&str; 3] = [
    "/api/v1/assess",
    "/api/v1/results",
    crate::profiles::UNSUBSCRIBE,
];

/// Whether a method can change state here. The platform changes state only through POST
/// (server functions, forms, the staff API); no route takes PUT, PATCH or DELETE, so those,
/// like TRACE, get the router's 405 (the enumeration test holds the routes to that).
pub fn changes_state(method: &Method) -> bool {
    *method == Method::POST
}

/// The routes (as the router writes them, `/api/v1/results/{id}`) that take no POST: pages,
/// reads, files. A POST to one of them is the router's 405 whoever sends it, as for any other
/// method they do not take, so the check lets it through to get that answer. Every other
/// route is checked: a new POST route is guarded without being listed anywhere, and a read
/// route someone forgets to list only answers a foreign POST with 403 instead of 405.
#[derive(Clone, Default)]
pub struct ReadOnlyRoutes(Arc<HashSet<String>>);

impl ReadOnlyRoutes {
    /// The set of `paths`.
    pub fn new<I: IntoIterator<Item = String>>(paths: I) -> Self {
        Self(Arc::new(paths.into_iter().collect()))
    }

    /// Whether the route `path` takes no POST.
    pub fn contains(&self, path: &str) -> bool {
        self.0.contains(path)
    }
}

/// The middleware, on the routes only (`route_layer`): 403 (the JSON of
/// [`AppError::forgery`]) for a state-changing request that does not come from this site.
pub async fn layer(State(reads): State<ReadOnlyRoutes>, req: Request, next: Next) -> Response {
    let matched = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    let read_only = matched.is_some_and(|m| reads.contains(m));
    let open = matched.is_some_and(|m| OPEN_TO_OTHER_SITES.contains(&m));
    if changes_state(req.method()) && !read_only && !open && !auth::same_origin(req.headers()) {
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
