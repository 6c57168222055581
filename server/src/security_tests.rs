//! Attacks through HTTP, as a client sends them: return paths that leave the site or split
//! headers, and sign-in guessing keyed by the connection's address, not by headers the client
//! chooses.
use std::net::SocketAddr;

use app::backend::auth;
use app::wire::staff::Role;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

/// A request from `peer` (a form post when `form` is given, else a GET); the status, the
/// `Location` and the body.
pub(crate) async fn send(
    app: &axum::Router,
    peer: [u8; 4],
    uri: &str,
    form: Option<&str>,
    extra: &[(&str, &str)],
) -> (StatusCode, Option<String>, String) {
    let mut req = Request::builder()
        .method(if form.is_some() { "POST" } else { "GET" })
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        // As a browser posts a form without JavaScript: a redirect answers it.
        .header(header::ACCEPT, "text/html");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let mut req = req
        .body(Body::from(form.unwrap_or_default().to_string()))
        .expect("request");
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let body = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .expect("body");
    (
        status,
        location,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn return_paths_never_lead_off_the_site_or_split_headers() {
    let (app, _) = crate::test_app::fresh("sec-next").await;
    for next in [
        "/%09/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
        "/%0a/evil.example",
    ] {
        let (status, location, _) = send(
            &app,
            [192, 0, 2, 1],
            &format!("/lang/zh?next={next}"),
            None,
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(location.as_deref(), Some("/"), "{next}");
    }
    let (_, location, _) = send(
        &app,
        [192, 0, 2, 1],
        "/lang/zh?next=/measures%3Fq%3D1",
        None,
        &[],
    )
    .await;
    assert_eq!(location.as_deref(), Some("/measures?q=1"));
}

#[tokio::test]
async fn sign_in_with_a_header_splitting_return_path_goes_to_the_staff_home() {
    let (app, backend) = crate::test_app::fresh("sec-sign-in-next").await;
    auth::add_user(
        &backend,
        "next@sec.test",
        Role::Editor,
        "a-long-test-password",
        "t",
    )
    .await
    .expect("user");
    for next in ["%0d%0aSet-Cookie:%20x=1", "/%09/evil.example", "/staff%0a"] {
        let form = format!("email=next%40sec.test&password=a-long-test-password&next={next}");
        let (status, location, body) =
            send(&app, [192, 0, 2, 2], "/api/fn/sign_in", Some(&form), &[]).await;
        assert!(status.is_redirection(), "{next}: {status} {body}");
        assert_eq!(location.as_deref(), Some("/staff"), "{next}");
    }
}

#[tokio::test]
async fn guessing_is_throttled_by_connection_address_not_by_forged_headers() {
    let (app, backend) = crate::test_app::fresh("sec-throttle").await;
    auth::add_user(
        &backend,
        "guarded@sec.test",
        Role::Editor,
        "a-long-test-password",
        "t",
    )
    .await
    .expect("user");
    let wrong = |i: usize| format!("email=guarded%40sec.test&password=wrong-{i}");
    // The attacker changes X-Forwarded-For on every try; no proxy is configured, so the
    // header is ignored and the connection's address is counted.
    for i in 0..auth::MAX_FAILURES as usize {
        let forged = format!("10.0.0.{i}");
        let (status, _, body) = send(
            &app,
            [203, 0, 113, 5],
            "/api/fn/sign_in",
            Some(&wrong(i)),
            &[("x-forwarded-for", &forged)],
        )
        .await;
        let expected = if i + 1 < auth::MAX_FAILURES as usize {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(status, expected, "try {}: {body}", i + 1);
    }
    let right = "email=guarded%40sec.test&password=a-long-test-password";
    let (status, _, _) = send(&app, [203, 0, 113, 5], "/api/fn/sign_in", Some(right), &[]).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked from the attacker's address"
    );
    let (status, location, _) =
        send(&app, [198, 51, 100, 7], "/api/fn/sign_in", Some(right), &[]).await;
    assert!(
        status.is_redirection(),
        "the member's own address: {status}"
    );
    assert_eq!(location.as_deref(), Some("/staff"));
}

/// The nonces on a page's `<script>` elements.
fn script_nonces(html: &str) -> Vec<String> {
    html.split("<script")
        .skip(1)
        .filter_map(|s| {
            let tag = &s[..s.find('>').unwrap_or(s.len())];
            let at = tag.find("nonce=\"")? + "nonce=\"".len();
            Some(tag[at..at + tag[at..].find('"')?].to_string())
        })
        .collect()
}

#[tokio::test]
async fn every_page_has_the_security_headers_and_a_nonce_of_its_own() {
    let (app, _) = crate::test_app::fresh("sec-headers").await;
    let mut seen = Vec::new();
    // The same page twice: the second answer comes from the page cache.
    for uri in ["/", "/", "/measures", "/no-such-page"] {
        let (status, headers, body) = crate::test_app::get(&app, uri, None).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{uri}"
        );
        let text = |h: &str| {
            headers
                .get(h)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        assert_eq!(text("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(text("x-frame-options"), "DENY");
        assert_eq!(text("referrer-policy"), "strict-origin-when-cross-origin");
        assert_eq!(
            text("permissions-policy"),
            crate::headers::PERMISSIONS_POLICY
        );
        assert_eq!(text("strict-transport-security"), "", "not over plain HTTP");
        let csp = text("content-security-policy");
        for part in [
            "default-src 'self'",
            "'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{uri}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = app::backend::security::nonce_of(&csp.parse().unwrap())
            .unwrap_or_else(|| panic!("{uri}: no nonce in {csp}"))
            .to_string();
        let on_scripts = script_nonces(&body);
        assert!(
            !on_scripts.is_empty(),
            "{uri}: the hydration scripts carry the nonce"
        );
        assert!(
            on_scripts.iter().all(|n| *n == nonce),
            "{uri}: {on_scripts:?} vs {nonce}"
        );
        // Every script has the nonce (an empty element, which Leptos's streaming leaves
        // before `</body>`, runs nothing and is not checked).
        let scripts = body.matches("<script").count() - body.matches("<script></script>").count();
        assert_eq!(
            scripts,
            on_scripts.len(),
            "{uri}: every script has the nonce"
        );
        seen.push(nonce);
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        seen.len(),
        "no two answers share a nonce: {seen:?}"
    );
}

#[tokio::test]
async fn staff_answers_are_not_stored_and_https_gets_hsts_only_from_a_trusted_proxy() {
    let (app, backend) = crate::test_app::fresh("sec-staff-headers").await;
    auth::add_user(
        &backend,
        "cache@sec.test",
        Role::Editor,
        "a-long-test-password",
        "t",
    )
    .await
    .expect("user");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("t".into()),
        "cache@sec.test",
        "a-long-test-password",
    )
    .await
    .expect("signs in");
    let cookie = format!("{}={token}", auth::SESSION_COOKIE);
    for uri in ["/staff", "/staff/measures", "/api/fn/current_staff"] {
        let (_, headers, _) = crate::test_app::get(&app, uri, Some(&cookie)).await;
        assert_eq!(
            headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok()),
            Some("private, no-store"),
            "{uri}"
        );
    }
    let (_, headers, _) = crate::test_app::get(&app, "/staff/sign-in", None).await;
    assert_eq!(
        headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("private, no-store")
    );
    // A forged X-Forwarded-Proto from a client is ignored; from a configured proxy it counts.
    let forged = [("x-forwarded-proto", "https")];
    let (_, _, _) = send(&app, [192, 0, 2, 3], "/", None, &forged).await;
    let direct = hsts(&app, &forged).await;
    assert_eq!(direct, None);
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    let proxied = crate::router::build_with(
        options,
        backend.clone(),
        crate::client::Proxy::trusting("x-forwarded-for").unwrap(),
    );
    assert_eq!(
        hsts(&proxied, &forged).await.as_deref(),
        Some(crate::headers::HSTS)
    );
}

async fn hsts(app: &axum::Router, extra: &[(&str, &str)]) -> Option<String> {
    let mut req = Request::builder()
        .uri("/healthz")
        .header(header::HOST, "127.0.0.1:3000");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    res.headers()
        .get(header::STRICT_TRANSPORT_SECURITY)
        .map(|v| v.to_str().unwrap().to_string())
}

/// Addresses that open nothing answer 404, not an empty 200; a result page opens, offers a
/// new wizard from its answers, and names no wizard session (which would let anyone holding
/// the link change the answers behind it).
#[tokio::test]
async fn unknown_pages_are_404_and_a_result_page_cannot_edit_its_answers() {
    let (app, _) = crate::test_app::fresh("sec-404").await;
    let peer = [10, 0, 0, 9];
    let unknown = "0123456789abcdef0123456789abcdef";
    for path in [
        format!("/results/{unknown}"),
        "/results/not-an-id".to_string(),
        format!("/wizard/{unknown}/company"),
        format!("/wizard/{unknown}/review"),
        "/measures/no-such-measure".to_string(),
        format!("/applications/{}", "ab".repeat(32)),
        "/no/such/page".to_string(),
    ] {
        let (status, _, _) = send(&app, peer, &path, None, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }

    // A wizard with one answer, finished: its result page opens and never names the session.
    let (_, location, _) = send(
        &app,
        peer,
        "/api/fn/save_step",
        Some("session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise"),
        &[],
    )
    .await;
    let step = location.expect("the wizard goes on");
    let session = step.split('/').nth(2).expect("session").to_string();
    assert_eq!(session.len(), 32, "{step}");
    let (status, location, body) = send(
        &app,
        peer,
        "/api/fn/finish_wizard",
        Some(&format!("session={session}")),
        &[],
    )
    .await;
    let result = location.unwrap_or_else(|| panic!("{status} {body}"));
    let (status, _, page) = send(&app, peer, &result, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    assert!(page.contains("data-testid=\"result-restart\""), "{page}");
    assert!(
        !page.contains(&session),
        "the result page names its session"
    );
    let id = result.trim_start_matches("/results/");
    let (_, _, json) = send(&app, peer, &format!("/api/v1/results/{id}"), None, &[]).await;
    assert!(json.contains(id) && !json.contains(&session), "{json}");

    // "Start again from these answers": a new session at its review, the old one untouched.
    let (_, location, _) = send(
        &app,
        peer,
        "/api/fn/restart_from_result",
        Some(&format!("result={id}")),
        &[],
    )
    .await;
    let review = location.expect("the new wizard opens");
    assert!(review.ends_with("/review"), "{review}");
    assert!(!review.contains(&session), "{review}");
    let (status, _, _) = send(&app, peer, &review, None, &[]).await;
    assert_eq!(status, StatusCode::OK, "{review}");
    let (status, _, _) = send(
        &app,
        peer,
        "/api/fn/restart_from_result",
        Some(&format!("result={unknown}")),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
