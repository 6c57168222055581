//! Two instances of the server on one PostgreSQL database, as behind a load balancer: a staff
//! session made through one works on the other, sign-in throttling counts on both together,
//! and a measure published through one is in the other's catalog (API and page) within a
//! second.
use app::backend::{auth, editor, Backend};
use app::wire::staff::Role;
use axum::http::StatusCode;

use crate::security_tests::send;

async fn instance(url: &str) -> (axum::Router, Backend) {
    let backend = Backend::open(url).await.expect("database");
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    (crate::router::build(options, backend.clone()), backend)
}

#[tokio::test]
async fn two_instances_share_sessions_throttling_and_publishes() {
    let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
        let required = ["REQUIRE_POSTGRES", "CI"]
            .iter()
            .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "false" && x != "0"));
        assert!(
            !required,
            "TEST_POSTGRES_URL is not set, but PostgreSQL must be tested"
        );
        return;
    };
    use sqlx::Connection;
    let name = format!("policy_two_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&url).await.expect("connects");
    // The name is a fixed word and the process id, so it is safe to splice in.
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut admin)
    .await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    let db = format!("{}/{name}", url.rsplit_once('/').expect("url").0);
    let (a, backend_a) = instance(&db).await;
    let (b, _) = instance(&db).await;

    // A session made on A opens B's staff area.
    let password = "a-long-test-password";
    auth::add_user(&backend_a, "pub@two.test", Role::Publisher, password, "t")
        .await
        .expect("user");
    let token = auth::sign_in(
        &backend_a,
        &auth::ClientAddr("198.51.100.1".into()),
        "pub@two.test",
        password,
    )
    .await
    .expect("signed in on A");
    let cookie = format!("{}={token}", auth::SESSION_COOKIE);
    let peer = [198, 51, 100, 7];
    let (status, _, body) = send(
        &b,
        peer,
        "/api/fn/current_staff",
        Some(""),
        &[("cookie", &cookie)],
    )
    .await;
    assert!(
        body.contains("pub@two.test"),
        "B does not know A's session: {status} {body}"
    );

    // Wrong passwords alternate between the instances; the lock comes after the same number
    // as on one, and then holds on both, even for the right password.
    let wrong = |i: usize| format!("email=pub%40two.test&password=wrong-{i}");
    for i in 0..auth::MAX_FAILURES as usize {
        let app = if i % 2 == 0 { &a } else { &b };
        let (status, _, body) = send(app, peer, "/api/fn/sign_in", Some(&wrong(i)), &[]).await;
        let expected = if i + 1 < auth::MAX_FAILURES as usize {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(status, expected, "try {i}: {body}");
    }
    let right = format!("email=pub%40two.test&password={password}");
    for app in [&a, &b] {
        let (status, _, body) = send(app, peer, "/api/fn/sign_in", Some(&right), &[]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }

    // A publish through A shows on B within a second: the API and the measure's page.
    let id = "nwf-2020-1.ip-litigation-subsidy";
    let (_, _, page) = send(&b, peer, &format!("/measures/{id}"), None, &[]).await;
    assert!(!page.contains("[published on A]"));
    let user = auth::session_user(&backend_a, &token)
        .await
        .expect("db")
        .expect("session");
    let data = editor::load(&backend_a, id)
        .await
        .expect("db")
        .expect("measure");
    let mut measure = data.measure.clone();
    measure.title = format!("{} [published on A]", measure.title);
    editor::publish(
        &backend_a,
        &user,
        editor::Publication {
            measure: &measure,
            lock_version: data.lock_version,
            is_new: false,
            effective_from: "",
            note: "two instances",
        },
    )
    .await
    .expect("published on A");
    let published = std::time::Instant::now();
    let mut api_seen = None;
    let mut page_seen = None;
    while (api_seen.is_none() || page_seen.is_none())
        && published.elapsed() < std::time::Duration::from_secs(3)
    {
        if api_seen.is_none() {
            let (_, _, json) = send(&b, peer, &format!("/api/v1/measures/{id}"), None, &[]).await;
            if json.contains("[published on A]") {
                api_seen = Some(published.elapsed());
            }
        }
        if page_seen.is_none() {
            let (_, _, html) = send(&b, peer, &format!("/measures/{id}"), None, &[]).await;
            if html.contains("[published on A]") {
                page_seen = Some(published.elapsed());
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let second = std::time::Duration::from_secs(1);
    assert!(
        api_seen.is_some_and(|t| t <= second),
        "API on B: {api_seen:?}"
    );
    assert!(
        page_seen.is_some_and(|t| t <= second),
        "page on B: {page_seen:?}"
    );
    eprintln!("publish on A seen on B: API after {api_seen:?}, page after {page_seen:?}");
}
