//! The HTTP router: Leptos pages and server functions, the JSON API, the language switch,
//! health check, static files and middleware.
use app::backend::{AppState, Backend};
use app::{shell, App};
use axum::{
    extract::{Path, Query},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::{compression::CompressionLayer, set_header::SetResponseHeaderLayer};

use crate::api;

/// Name of the cookie holding the interface language (shared with the i18n context).
pub const LANG_COOKIE: &str = "policy_lang";

/// Builds the whole application router; tests call this without binding a socket.
pub fn build(options: LeptosOptions, backend: Backend) -> Router {
    let routes = generate_route_list(App);
    let state = AppState {
        leptos_options: options.clone(),
        backend: backend.clone(),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/lang/{locale}", get(switch_language))
        .merge(crate::staff_api::routes())
        .merge(api::routes())
        .leptos_routes_with_context(&state, routes, move || provide_context(backend.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Sets the language cookie and goes back: the language switch without JavaScript.
async fn switch_language(
    Path(locale): Path<String>,
    Query(next): Query<Next>,
    headers: HeaderMap,
) -> Response {
    if locale != "en" && locale != "zh" {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    }
    // Only local paths, never another site ("//evil" or "https://...").
    let target = next
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let secure = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https");
    let cookie = format!(
        "{LANG_COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
