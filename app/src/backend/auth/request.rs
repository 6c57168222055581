//! What the current request may do: where it comes from, who sent it and with which role.
use axum::http::{header, HeaderMap};

use super::{session_user, token_from_headers};
use crate::wire::errors::AppError;
#[cfg(test)]
use crate::wire::staff::Role;
use crate::wire::staff::{Access, StaffUser};

/// A return path checked to stay on this site: the only form in which a `next` target from a
/// request reaches a `Location` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// Longest return path kept.
    const MAX: usize = 2048;

    /// `Some` for a path on this site: it starts with one `/` and holds no backslash, no
    /// whitespace and no control character. Browsers drop tabs and line breaks from a
    /// `Location` and read `\` as `/`, so `/<TAB>/evil.example` or `/\evil.example` would
    /// lead to another site; CR or LF would also split the header.
    pub fn new(p: &str) -> Option<LocalPath> {
        let ok = p.len() <= Self::MAX
            && p.starts_with('/')
            && !p.starts_with("//")
            && !p
                .chars()
                .any(|c| c == '\\' || c.is_whitespace() || c.is_control());
        ok.then(|| LocalPath(p.to_string()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The client's address as the server established it: the connection's peer, or, behind a
/// configured proxy, the address that proxy reports. Set on every request by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// The current request's client address ("unknown" when the server did not set one).
pub async fn client_addr() -> ClientAddr {
    leptos_axum::extract::<axum::Extension<ClientAddr>>()
        .await
        .map(|e| e.0)
        .unwrap_or_else(|_| ClientAddr("unknown".into()))
}

/// Whether the request's `Origin`, when present, is this server. Browsers send it on every
/// cross-site POST, so a forged form from elsewhere is refused even before the token check.
pub fn origin_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let bare = origin
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    bare == host
}

async fn request_headers() -> HeaderMap {
    leptos_axum::extract::<HeaderMap>()
        .await
        .unwrap_or_default()
}

/// Whether a request with these headers came over HTTPS (the proxy in front says so).
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https")
}

/// The site's own address as the client reached it, for the feed's absolute links. The host is
/// used only when it looks like a host name, so a forged header cannot inject markup.
pub fn site_base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if is_https(headers) { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// Whether the current request came over HTTPS.
pub async fn request_is_https() -> bool {
    is_https(&request_headers().await)
}

/// Refuses a request whose `Origin` is another site.
pub async fn check_origin() -> Result<(), AppError> {
    if origin_allowed(&request_headers().await) {
        Ok(())
    } else {
        Err(AppError::forgery())
    }
}

/// The signed-in staff member of the current request, if any.
pub async fn current() -> Result<Option<StaffUser>, AppError> {
    let backend = crate::backend::use_backend()?;
    let Some(token) = token_from_headers(&request_headers().await) else {
        return Ok(None);
    };
    session_user(&backend, &token).await.map_err(AppError::from)
}

/// Authorises a state-changing staff request: a valid session, a role that includes `needed`,
/// a matching anti-forgery token and an allowed origin. Sets 401 or 403 otherwise.
pub async fn require(needed: impl Into<Access>, csrf: &str) -> Result<StaffUser, AppError> {
    let user = require_reader(needed).await?;
    if !origin_allowed(&request_headers().await) || !constant_time_eq(csrf, &user.csrf) {
        return Err(AppError::forgery());
    }
    Ok(user)
}

/// Authorises a staff request that changes nothing: a valid session and a role that includes
/// `needed`.
pub async fn require_reader(needed: impl Into<Access>) -> Result<StaffUser, AppError> {
    let user = current().await?.ok_or_else(AppError::sign_in)?;
    if !needed.into().allows(user.role) {
        return Err(AppError::forbidden());
    }
    Ok(user)
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_lower_roles() {
        assert!(Role::Admin.allows(Role::Publisher));
        assert!(Role::Publisher.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Publisher));
        assert!(!Role::Publisher.allows(Role::Admin));
        // Acceptance work is separate from catalog work; an admin does both.
        assert!(Role::Reviewer.allows(Role::Reviewer));
        assert!(!Role::Reviewer.allows(Role::Editor));
        assert!(!Role::Publisher.allows(Role::Reviewer));
        assert!(!Role::Editor.allows(Role::Reviewer));
        assert!(Role::Admin.allows(Role::Reviewer));
        assert!(Access::Member.allows(Role::Reviewer));
        assert!(!Access::from(Role::Editor).allows(Role::Reviewer));
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        for ok in [
            "/",
            "/staff",
            "/measures?q=patent&page=2",
            "/%2F%2Fevil.example",
        ] {
            assert_eq!(
                LocalPath::new(ok).map(|p| p.0),
                Some(ok.to_string()),
                "{ok}"
            );
        }
        for bad in [
            "",
            "staff",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\n/evil.example",
            "/ /evil.example",
            "/\u{85}/evil.example",
            "https://evil.example",
        ] {
            assert_eq!(LocalPath::new(bad), None, "{bad:?}");
        }
        assert_eq!(LocalPath::new(&format!("/{}", "a".repeat(3000))), None);
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        assert!(origin_allowed(&h));
        h.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        assert!(origin_allowed(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!origin_allowed(&h));
    }
}
