//! The session cookie, built and read with axum-extra's cookie jar.
use axum::http::{header, HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use leptos::prelude::*;
use time::Duration;

use super::{SESSION_COOKIE, SESSION_SECONDS};

/// The session cookie with `value`, lasting `seconds`: HttpOnly, SameSite=Strict, whole site.
fn staff_cookie(value: String, seconds: i64) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .max_age(Duration::seconds(seconds))
        .http_only(true)
        .same_site(SameSite::Strict)
        .build()
}

/// The session cookie for a token (Secure when the site is served over HTTPS).
pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    let mut cookie = staff_cookie(token.to_string(), SESSION_SECONDS);
    if secure {
        cookie.set_secure(true);
    }
    cookie
}

/// A cookie that removes the session cookie.
pub fn clear_cookie() -> Cookie<'static> {
    staff_cookie(String::new(), 0)
}

/// The session token in a request's cookies.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Adds a `Set-Cookie` header to the server function's response.
pub fn set_cookie(cookie: &Cookie<'_>) {
    if let (Some(r), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie.encoded().to_string()),
    ) {
        r.append_header(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_token_is_read_and_checked() {
        let t = "a".repeat(64);
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("policy_lang=zh; {SESSION_COOKIE}={t}")
                .parse()
                .unwrap(),
        );
        assert_eq!(token_from_headers(&h), Some(t));
        h.insert(
            header::COOKIE,
            format!("{SESSION_COOKIE}=short").parse().unwrap(),
        );
        assert_eq!(token_from_headers(&h), None);
        assert_eq!(token_from_headers(&HeaderMap::new()), None);
    }

    #[test]
    fn session_cookies_keep_their_attributes() {
        assert_eq!(
            session_cookie("x", true).encoded().to_string(),
            "policy_staff=x; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=28800"
        );
        assert_eq!(
            session_cookie("x", false).encoded().to_string(),
            "policy_staff=x; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800"
        );
        assert_eq!(
            clear_cookie().encoded().to_string(),
            "policy_staff=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
        );
    }
}
