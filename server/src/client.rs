//! Where a request comes from. Every request gets a [`ClientAddr`]: the connection's peer, or,
//! when the server runs behind a proxy named in the configuration, the last address that proxy
//! appended to its header. Forwarding headers a client sends itself (`X-Forwarded-Proto`,
//! `X-Forwarded-Host`, `Forwarded`) are removed unless a proxy is configured, so they can
//! neither mark a plain-HTTP request as HTTPS nor change the feed's links; the sign-in
//! throttle keys on an address the client cannot choose.
use std::net::{IpAddr, SocketAddr};

use app::backend::auth::ClientAddr;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderName},
    middleware::Next,
    response::Response,
};

/// The trusted proxy's address header, if the server runs behind one.
#[derive(Clone, Debug, Default)]
pub struct Proxy {
    header: Option<HeaderName>,
}

impl Proxy {
    /// A proxy that reports the client in `header` (`X-Forwarded-For` style: a list whose last
    /// entry is the one the proxy added, or `X-Real-IP` style: one address).
    pub fn trusting(header: &str) -> Result<Proxy, String> {
        let name = HeaderName::from_bytes(header.trim().to_ascii_lowercase().as_bytes())
            .map_err(|_| format!("TRUSTED_PROXY_HEADER {header:?} is not a header name"))?;
        Ok(Proxy { header: Some(name) })
    }
}

/// Headers only a trusted proxy may set.
const FORWARDING: [&str; 3] = ["x-forwarded-proto", "x-forwarded-host", "forwarded"];

/// The middleware: sets the request's [`ClientAddr`] and drops untrusted forwarding headers.
pub async fn layer(State(proxy): State<Proxy>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let addr = match &proxy.header {
        Some(name) => reported(req.headers(), name).or(peer),
        None => {
            for h in FORWARDING {
                req.headers_mut().remove(h);
            }
            peer
        }
    };
    let addr = addr.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    req.extensions_mut().insert(ClientAddr(addr));
    next.run(req).await
}

/// The last valid address in the proxy's header.
fn reported(headers: &HeaderMap, name: &HeaderName) -> Option<IpAddr> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse::<IpAddr>().ok())
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::get, Extension, Router};
    use tower::ServiceExt;

    async fn seen(proxy: Proxy, headers: &[(&str, &str)]) -> (String, bool) {
        let app = Router::new()
            .route(
                "/",
                get(
                    |Extension(c): Extension<ClientAddr>, h: HeaderMap| async move {
                        format!("{}|{}", c.0, app::backend::auth::is_https(&h))
                    },
                ),
            )
            .layer(axum::middleware::from_fn_with_state(proxy, layer));
        let mut req = axum::http::Request::builder().uri("/");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut req = req.body(Body::empty()).unwrap();
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 7], 5555))));
        let res = app.oneshot(req).await.unwrap();
        let body = axum::body::to_bytes(res.into_body(), 1024).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        let (a, https) = text.split_once('|').unwrap();
        (a.to_string(), https == "true")
    }

    #[tokio::test]
    async fn without_a_proxy_the_peer_counts_and_forwarding_headers_are_ignored() {
        let forged = [
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ];
        assert_eq!(
            seen(Proxy::default(), &forged).await,
            ("192.0.2.7".to_string(), false)
        );
    }

    #[tokio::test]
    async fn behind_a_proxy_its_last_address_and_scheme_count() {
        let proxy = Proxy::trusting("X-Forwarded-For").unwrap();
        let h = [
            ("x-forwarded-for", "10.0.0.1, 198.51.100.4"),
            ("x-forwarded-proto", "https"),
        ];
        assert_eq!(
            seen(proxy.clone(), &h).await,
            ("198.51.100.4".to_string(), true)
        );
        // A garbled header falls back to the peer (the proxy itself).
        let h = [("x-forwarded-for", "not an address")];
        assert_eq!(seen(proxy, &h).await, ("192.0.2.7".to_string(), false));
        assert!(Proxy::trusting("bad header\n").is_err());
    }
}
