//! Security headers on every response: `nosniff`, no framing, a referrer policy, a permissions
//! policy, HSTS when the request came over HTTPS (as the connection or a configured proxy says),
//! a Content-Security-Policy on every HTML answer (pages set their own, with their nonce; any
//! other HTML gets the same policy without one), and `Cache-Control: no-store` on what a
//! signed-in staff member is sent (their pages carry the anti-forgery token).
use app::backend::{auth, security};
use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};

/// Browser features the portal never uses.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
/// One year, subdomains included.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// The middleware.
pub async fn layer(req: Request, next: Next) -> Response {
    let https = auth::is_https(req.headers());
    let staff =
        auth::token_from_headers(req.headers()).is_some() || req.uri().path().starts_with("/staff");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&security::content_security_policy(None, false)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    if staff && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    res
}
