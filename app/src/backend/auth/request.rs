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

/// Whether the request says it comes from a page of this site: its `Origin` is this server,
/// or, when it carries no `Origin`, its `Referer` is a page of this server. A request with
/// neither is refused: every browser sends `Origin` with a POST, and a forged form from another
/// site (or a sandboxed frame, `Origin: null`) cannot pass as this one.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // "scheme://host[:port]" of an absolute http(s) URL, without path, query or fragment.
    let site = |url: &str| -> Option<String> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        Some(
            rest.split(['/', '?', '#'])
                .next()
                .unwrap_or(rest)
                .to_string(),
        )
    };
    let claimed = match headers.get(header::ORIGIN) {
        Some(origin) => origin.to_str().ok().and_then(site),
        None => headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(site),
    };
    claimed.is_some_and(|c| c == host)
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

/// Refuses a request that does not come from a page of this site (see [`same_origin`]).
pub async fn check_origin() -> Result<(), AppError> {
    if same_origin(&request_headers().await) {
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
    if !same_origin(&request_headers().await) || !constant_time_eq(csrf, &user.csrf) {
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

/// Compares two tokens in time that depends on their length only, not on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
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
    fn origin_or_referer_must_be_this_site() {
        let with = |pairs: &[(header::HeaderName, &str)]| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
            for (k, v) in pairs {
                h.insert(k.clone(), v.parse().unwrap());
            }
            same_origin(&h)
        };
        // Neither header: refused (a browser always sends Origin with a POST).
        assert!(!with(&[]));
        assert!(with(&[(header::ORIGIN, "http://127.0.0.1:3000")]));
        assert!(with(&[(header::ORIGIN, "https://127.0.0.1:3000")]));
        for bad in [
            "https://evil.example",
            "null",
            "http://127.0.0.1:3000.evil.example",
            "http://127.0.0.1",
            "http://evil.example/http://127.0.0.1:3000",
        ] {
            assert!(!with(&[(header::ORIGIN, bad)]), "{bad}");
        }
        assert!(with(&[(
            header::REFERER,
            "http://127.0.0.1:3000/wizard/x?y=1"
        )]));
        assert!(!with(&[(
            header::REFERER,
            "http://evil.example/?http://127.0.0.1:3000"
        )]));
        assert!(!with(&[(header::REFERER, "/relative")]));
        // A foreign Origin is not rescued by a local Referer.
        assert!(!with(&[
            (header::ORIGIN, "https://evil.example"),
            (header::REFERER, "http://127.0.0.1:3000/"),
        ]));
        // Without a Host there is nothing to compare with.
        let mut h = HeaderMap::new();
        h.insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        assert!(!same_origin(&h));
    }
}
