//! The application as tests build it: a fresh SQLite database in a temporary folder of its
//! own, and the whole router without a socket.
use app::backend::Backend;
use leptos::prelude::LeptosOptions;

/// The router and its backend, over a new database named after `test`.
pub async fn fresh(test: &str) -> (axum::Router, Backend) {
    let dir = std::env::temp_dir().join(format!("{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.display());
    let backend = Backend::open(&url).await.expect("database").with_materials(
        app::backend::materials::MaterialStore::new(dir.join("uploads")),
    );
    let options = LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    (crate::router::build(options, backend.clone()), backend)
}

/// The answer to a GET of `uri` (host 127.0.0.1:3000) with these cookies: the status, the
/// headers and the body as text.
pub async fn get(
    app: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
) -> (axum::http::StatusCode, axum::http::HeaderMap, String) {
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let mut req = Request::builder()
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("response");
    let (status, headers) = (res.status(), res.headers().clone());
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    (status, headers, String::from_utf8_lossy(&body).into())
}
