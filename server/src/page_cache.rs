//! A short-lived cache of the public catalog pages as the server renders them (`/`,
//! `/measures`, a measure, a category, `/updates`), for visitors without a session: the same
//! address, language and catalog give the same HTML, so under load a page is rendered about
//! once a second instead of once per request.
//!
//! An entry is used only while all of these still hold: the catalog revision it was rendered
//! with (read at most every [`REVISION_TTL`](app::backend::store::REVISION_TTL)), this
//! instance's local generation (bumped by every staff write through it, announcements
//! included), the day, and an age under [`PAGE_TTL`]. So a change made here shows at once, one
//! made through another instance within a second. Requests with any cookie besides the
//! language one (staff sessions) always render afresh, and so do answers that set a cookie.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::app::LANG_COOKIE;
use app::backend::clock::today;
use app::backend::Backend;
use app::policy::Date;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Longest time a rendered page is reused.
pub const PAGE_TTL: Duration = Duration::from_secs(1);
/// Most pages kept; past it the cache starts again empty.
const MAX_ENTRIES: usize = 512;
/// Largest page kept.
const MAX_PAGE_BYTES: usize = 2 << 20;

/// The cache; cloned into the middleware.
#[derive(Clone)]
pub struct PageCache {
    backend: Backend,
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

struct Entry {
    revision: i64,
    generation: u64,
    day: Date,
    at: Instant,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    /// An empty cache over `backend`'s catalog.
    pub fn new(backend: Backend) -> PageCache {
        PageCache {
            backend,
            entries: Arc::default(),
        }
    }
}

/// Whether `path` is one of the public catalog pages.
fn cacheable_path(path: &str) -> bool {
    matches!(path, "/" | "/measures" | "/updates")
        || path
            .strip_prefix("/measures/")
            .is_some_and(|id| !id.contains('/'))
        || path
            .strip_prefix("/categories/")
            .is_some_and(|slug| !slug.contains('/'))
}

/// The request's language cookie, and whether it carries any other cookie.
fn cookies(headers: &HeaderMap) -> (String, bool) {
    let mut lang = String::new();
    let mut other = false;
    for value in headers.get_all(header::COOKIE) {
        for pair in value.to_str().unwrap_or("?=").split(';') {
            match pair.trim().split_once('=') {
                Some((name, v)) if name == LANG_COOKIE => lang = v.to_string(),
                Some(_) => other = true,
                None if pair.trim().is_empty() => {}
                None => other = true,
            }
        }
    }
    (lang, other)
}

/// The middleware.
pub async fn layer(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let (lang, other_cookies) = cookies(req.headers());
    if req.method() != Method::GET {
        // A staff write through this instance may change what the pages show.
        let staff = other_cookies && req.method() != Method::HEAD;
        let res = next.run(req).await;
        if staff && !res.status().is_client_error() && !res.status().is_server_error() {
            cache.backend.catalog_changed();
        }
        return res;
    }
    if other_cookies || !cacheable_path(req.uri().path()) {
        return next.run(req).await;
    }
    let Ok(revision) = cache.backend.current_revision().await else {
        return next.run(req).await;
    };
    let generation = cache.backend.local_generation();
    let day = today();
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let key = format!("{lang}\n{accept_language}\n{}", req.uri());
    if let Ok(entries) = cache.entries.lock() {
        if let Some(e) = entries.get(&key) {
            if e.revision == revision
                && e.generation == generation
                && e.day == day
                && e.at.elapsed() < PAGE_TTL
            {
                let (headers, body) = with_fresh_nonce(&e.headers, &e.body);
                let mut res = Response::new(Body::from(body));
                *res.headers_mut() = headers;
                return res;
            }
        }
    }
    let at = Instant::now();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            let e = app::backend::error::internal(format!("rendering {key:?}: {e}"));
            return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
        }
    };
    if body.len() > MAX_PAGE_BYTES {
        return Response::from_parts(parts, Body::from(body));
    }
    let mut headers = parts.headers.clone();
    headers.remove(app::backend::error::REQUEST_ID_HEADER);
    if let Ok(mut entries) = cache.entries.lock() {
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                revision,
                generation,
                day,
                at,
                headers,
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(body))
}

/// A kept page with a nonce of its own: the nonce in its Content-Security-Policy and on its
/// scripts is replaced by a fresh one, so no two answers share a nonce.
fn with_fresh_nonce(headers: &HeaderMap, body: &Bytes) -> (HeaderMap, Bytes) {
    let old = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(app::backend::security::nonce_of);
    let Some(old) = old.filter(|o| o.len() >= 16) else {
        return (headers.clone(), body.clone());
    };
    let new = leptos::nonce::Nonce::new();
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .replace(old, &new);
    let mut headers = headers.clone();
    if let Ok(v) = header::HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    // 22 random URL-safe characters: found only where Leptos put the nonce (on scripts, and
    // on the preload links' `crossorigin`).
    let body = String::from_utf8_lossy(body).replace(old, &new);
    (headers, Bytes::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_catalog_pages_without_a_session_are_kept() {
        for path in [
            "/",
            "/measures",
            "/measures/a.b",
            "/categories/talent",
            "/updates",
        ] {
            assert!(cacheable_path(path), "{path}");
        }
        for path in [
            "/wizard",
            "/results/1",
            "/staff",
            "/measures/a/b",
            "/api/v1/measures",
            "/applications/x",
        ] {
            assert!(!cacheable_path(path), "{path}");
        }
        let mut h = HeaderMap::new();
        assert_eq!(cookies(&h), (String::new(), false));
        h.insert(header::COOKIE, "policy_lang=zh".parse().expect("header"));
        assert_eq!(cookies(&h), ("zh".into(), false));
        h.insert(
            header::COOKIE,
            "policy_lang=en; policy_session=abc"
                .parse()
                .expect("header"),
        );
        assert_eq!(cookies(&h), ("en".into(), true));
    }
}

#[cfg(test)]
mod router_tests {
    use axum::http::StatusCode;

    async fn page(app: &axum::Router, uri: &str, cookie: Option<&str>) -> String {
        let (status, headers, body) = crate::test_app::get(app, uri, cookie).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(headers.contains_key("x-request-id"));
        body
    }

    /// The nonce on a page's first script.
    fn nonce(html: &str) -> String {
        let at = html.find("nonce=\"").expect("a nonce") + "nonce=\"".len();
        html[at..at + html[at..].find('"').expect("closed")].to_string()
    }

    /// A kept page is the page as rendered, in the visitor's language, and a publication
    /// through this instance shows at once.
    #[tokio::test]
    async fn kept_pages_follow_the_language_and_a_publication_at_once() {
        let (app, backend) = crate::test_app::fresh("page-cache").await;
        let uri = "/measures/nwf-2020-1.ip-litigation-subsidy";
        let first = page(&app, uri, None).await;
        assert!(
            first.contains("Subsidy for IP litigation costs"),
            "renders the measure"
        );
        // Kept: the same page, apart from its nonce, which every answer gets afresh.
        let again = page(&app, uri, None).await;
        assert_ne!(nonce(&again), nonce(&first));
        assert_eq!(
            again.replace(&nonce(&again), "N"),
            first.replace(&nonce(&first), "N"),
            "kept"
        );
        let zh = page(&app, uri, Some("policy_lang=zh")).await;
        assert!(
            zh.contains("跳到主要内容"),
            "the Chinese page is its own entry"
        );
        assert!(page(&app, uri, None).await.contains("Skip to main content"));

        let files = app::backend::transfer::export(&backend)
            .await
            .expect("export");
        let renamed: Vec<(String, String)> = files
            .into_iter()
            .map(|(name, text)| {
                let text = text.replace(
                    "Subsidy for IP litigation costs after",
                    "Renamed subsidy for IP litigation costs after",
                );
                (name, text)
            })
            .collect();
        app::backend::transfer::import(&backend, "test", &renamed)
            .await
            .expect("import");
        let after = page(&app, uri, None).await;
        assert!(
            after.contains("Renamed subsidy for IP litigation costs"),
            "shows at once"
        );
    }
}
