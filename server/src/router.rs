//! The HTTP router: Leptos pages and server functions, the JSON API, the language switch,
//! health check, static files and middleware.
use app::app::LANG_COOKIE;
use app::backend::{auth, AppState, Backend};
use app::{shell, App};
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;

use crate::api;

/// This module's routes that only read (the forgery check lets a POST to them through to
/// the router's 405).
const READS: [&str; 4] = ["/healthz", "/readyz", "/lang/{locale}", "/updates.atom"];

/// Builds the whole application router for a server that no proxy stands in front of; tests
/// call this without binding a socket.
#[cfg(test)]
pub fn build(options: LeptosOptions, backend: Backend) -> Router {
    build_with(options, backend, crate::client::Proxy::default())
}

/// The routes that take no POST, for the forgery check: pages (GET only, as Leptos lists
/// them) and the other routes that only read, less any path that also takes a POST (a page
/// and its form may share one: `/apply/{measure}`).
pub fn read_routes(routes: &[leptos_axum::AxumRouteListing]) -> crate::forgery::ReadOnlyRoutes {
    let takes_post: Vec<&str> = crate::applicant::APPLICANT_FORMS
        .iter()
        .chain(crate::profiles::PROFILE_FORMS.iter())
        .copied()
        .chain(
            crate::staff_api::STAFF_ROUTES
                .iter()
                .filter(|(method, ..)| *method == "POST")
                .map(|(_, path, _)| *path),
        )
        .chain(crate::forgery::OPEN_TO_OTHER_SITES)
        .chain(leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path))
        .collect();
    crate::forgery::ReadOnlyRoutes::new(
        routes
            .iter()
            .filter(|r| r.methods().all(|m| m == leptos_router::Method::Get))
            .map(|r| r.path())
            .chain(
                READS
                    .iter()
                    .chain(api::READS.iter())
                    .chain(crate::applicant::READS.iter())
                    .chain(crate::profiles::READS.iter())
                    .chain(crate::staff_api::READS.iter())
                    .chain(crate::assets::Assets::READS.iter())
                    .copied(),
            )
            .filter(|path| !takes_post.contains(path))
            .map(str::to_string),
    )
}

/// Builds the whole application router; `proxy` says whom to believe about the client.
pub fn build_with(options: LeptosOptions, backend: Backend, proxy: crate::client::Proxy) -> Router {
    let routes = generate_route_list(App);
    let reads = read_routes(&routes);
    let assets = crate::assets::Assets::new(&options.site_root, &options.site_pkg_dir);
    let asset_root = app::app::AssetRoot(assets.root());
    let backend_for_pages = backend.clone();
    let backend_for_gate = backend.clone();
    let state = AppState {
        leptos_options: options.clone(),
        backend: backend.clone(),
    };
    Router::new()
        // Liveness: the process answers. Readiness: it can also reach its database.
        .route(READS[0], get(|| async { "ok" }))
        .route(READS[1], get(ready))
        .route(READS[2], get(switch_language))
        .merge(crate::staff_api::routes())
        .merge(crate::applicant::routes())
        .merge(crate::profiles::routes())
        .route(READS[3], get(atom_feed))
        .merge(api::routes())
        .merge(assets.routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(backend.clone());
                provide_context(asset_root.clone());
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Only on a route that takes the method: another method is 405 and an unknown path
        // 404, as before; neither changes anything.
        .route_layer(axum::middleware::from_fn_with_state(
            reads,
            crate::forgery::layer,
        ))
        .with_state(state)
        // Anonymous visits to staff pages: 303 to the sign-in page, on the server.
        .layer(axum::middleware::from_fn_with_state(
            backend_for_gate,
            crate::staff_pages::layer,
        ))
        // Bodies over the limit: 413 before any handler (server functions included) reads them.
        .layer(axum::middleware::from_fn(crate::body_limit::layer))
        .layer(axum::middleware::from_fn_with_state(
            crate::page_cache::PageCache::new(backend_for_pages),
            crate::page_cache::layer,
        ))
        // Level 1 of each codec: on a 187 KB assessment brotli's default level (4) cost about
        // 2.8 ms of CPU per response, level 1 a fraction of it for a few percent more bytes;
        // the files that matter most are precompressed at the best level at build time.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(1)))
        .layer(axum::middleware::from_fn(
            app::backend::error::with_request_id,
        ))
        .layer(axum::middleware::from_fn(crate::headers::layer))
        .layer(axum::middleware::from_fn_with_state(
            proxy,
            crate::client::layer,
        ))
}

/// `/readyz`: 200 when the database answers, else 503 with the reason and a request id (a
/// load balancer takes the instance out of rotation until it is back).
async fn ready(State(backend): State<Backend>) -> Response {
    match sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(backend.pool())
        .await
    {
        Ok(_) => "ready".into_response(),
        Err(e) => app::backend::error::from_db(&app::backend::db::DbError::Sql(e)).into_response(),
    }
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Sets the language cookie and goes back: the language switch without JavaScript.
async fn switch_language(
    Path(locale): Path<String>,
    Query(next): Query<Next>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    if locale != "en" && locale != "zh" {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    }
    // Only local paths, never another site ("//evil" or "https://...").
    let target = next
        .next
        .as_deref()
        .and_then(auth::LocalPath::new)
        .map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let mut cookie = Cookie::build((LANG_COOKIE, locale))
        .path("/")
        .max_age(time::Duration::days(365))
        .same_site(SameSite::Lax)
        .build();
    if auth::is_https(&headers) {
        cookie.set_secure(true);
    }
    (jar.add(cookie), Redirect::to(&target)).into_response()
}

/// `/updates.atom`: the published announcements as an Atom 1.0 feed.
async fn atom_feed(State(backend): State<Backend>, headers: HeaderMap) -> Response {
    match app::backend::feed::for_site(&backend, &auth::site_base(&headers)).await {
        Ok(xml) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            )],
            xml,
        )
            .into_response(),
        Err(e) => {
            let e = app::backend::error::internal(format!("the Atom feed: {e}"));
            (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_base_comes_from_a_plausible_host_only() {
        let mut h = HeaderMap::new();
        h.insert(
            header::HOST,
            HeaderValue::from_static("policy.example.org:8080"),
        );
        assert_eq!(auth::site_base(&h), "http://policy.example.org:8080");
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(auth::site_base(&h), "https://policy.example.org:8080");
        h.insert(header::HOST, HeaderValue::from_static("evil\"><x"));
        assert_eq!(auth::site_base(&h), "https://localhost");
    }

    /// The answer to a GET of `uri` with these cookies: status, `Set-Cookie`, `Location`, body.
    async fn fetch(
        app: &Router,
        uri: &str,
        cookie: Option<&str>,
    ) -> (StatusCode, String, String, String) {
        let (status, headers, body) = crate::test_app::get(app, uri, cookie).await;
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        (
            status,
            header_text(header::SET_COOKIE),
            header_text(header::LOCATION),
            body,
        )
    }

    #[tokio::test]
    async fn language_switch_sets_the_cookie_the_pages_read() {
        let (app, _) = crate::test_app::fresh("router-language").await;
        let (status, cookie, location, _) = fetch(&app, "/lang/zh?next=/measures", None).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/measures");
        assert_eq!(
            cookie,
            "policy_lang=zh; SameSite=Lax; Path=/; Max-Age=31536000"
        );
        // Never to another site.
        let (_, _, location, _) = fetch(&app, "/lang/en?next=//evil.example", None).await;
        assert_eq!(location, "/");
        let (status, ..) = fetch(&app, "/lang/fr", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // The server-rendered page speaks the cookie's language.
        let (status, _, _, html) = fetch(&app, "/", Some("policy_lang=zh")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("跳到主要内容"), "the page is not in Chinese");
        let (_, _, _, html) = fetch(&app, "/", None).await;
        assert!(
            html.contains("Skip to main content"),
            "the page is not in English"
        );
    }
}
