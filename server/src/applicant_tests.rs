//! The applicant's routes over HTTP: starting from a stored result, uploading materials with
//! their refusals, submitting, and files and feeds reachable only with the link (or a
//! reviewer's session).
use app::backend::{auth, Backend};
use app::policy::{Date, FactValue, Facts};
use app::wire::staff::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";
const LICENCE: &str = "Business licence or registration certificate (copy)";

struct Answer {
    status: StatusCode,
    location: String,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = axum::body::to_bytes(res.into_body(), 1 << 26)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        location,
        headers,
        body,
    }
}

fn get(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut r = Request::builder()
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        r = r.header(header::COOKIE, c);
    }
    r.body(Body::empty()).expect("request")
}

fn post_form(uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .expect("request")
}

fn post_file(uri: &str, material: &str, name: &str, kind: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "XyZboundary42";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\n{material}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        // As the browser's form sends it: refusals come back to the page.
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("request")
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec()
}

/// A stored result for the worked example "Settled with 300,000 of costs: 150,000".
async fn result(backend: &Backend) -> String {
    let mut f = Facts::new();
    f.insert(
        "applicant_kind".into(),
        FactValue::Text("enterprise".into()),
    );
    f.insert("located_in_nanjing".into(), FactValue::Bool(true));
    f.insert(
        "ip_dispute_outcome".into(),
        FactValue::Text("settled".into()),
    );
    f.insert("ip_litigation_cost_cny".into(), FactValue::Number(300_000));
    let today = Date::parse(&app::backend::clock::now_rfc3339()[..10]).expect("today");
    app::backend::results::create(backend, "", None, &f, today, None)
        .await
        .expect("result")
}

async fn reviewer_cookie(backend: &Backend, role: Role) -> String {
    let email = format!("{}@applicant.test", role.slug());
    auth::add_user(backend, &email, role, "a-long-test-password", "test")
        .await
        .expect("user");
    let token = auth::sign_in(
        backend,
        &auth::ClientAddr("test".into()),
        &email,
        "a-long-test-password",
    )
    .await
    .expect("sign in");
    format!("{}={token}", auth::SESSION_COOKIE)
}

#[tokio::test]
async fn an_applicant_starts_uploads_and_submits_and_only_the_link_opens_the_files() {
    let (app, backend) = crate::test_app::fresh("applicant-routes").await;
    let rid = result(&backend).await;
    let key = "form-key-0123456789abcdef";

    // A wrong credit code comes back to the form with the field named and the values kept.
    let bad = format!(
        "result={rid}&applicant_kind=organisation&applicant_name=Example+Co&credit_code=91320100MA1XXXXX01&contact_email=&contact_phone=&idempotency_key={key}"
    );
    let a = send(&app, post_form(&format!("/apply/{LITIGATION}"), &bad)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert!(a
        .location
        .starts_with(&format!("/apply/{LITIGATION}?result={rid}")));
    assert!(a.location.contains("error=credit_code"), "{}", a.location);
    assert!(a.location.contains("name=Example+Co"), "{}", a.location);

    // A good form opens the draft under its link; the same form again opens the same one.
    let good = bad.replace("MA1XXXXX01", "MA1XXXXX0X");
    let a = send(&app, post_form(&format!("/apply/{LITIGATION}"), &good)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.location);
    let page = a.location.split('?').next().unwrap().to_string();
    assert!(page.starts_with("/applications/") && page.len() == "/applications/".len() + 64);
    let again = send(&app, post_form(&format!("/apply/{LITIGATION}"), &good)).await;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM applications")
        .fetch_one(backend.pool())
        .await
        .expect("count");
    assert_eq!(count, 1, "the same form started two applications");
    // The repeated form hands out a new link; the first one no longer opens it.
    let page = again.location.split('?').next().unwrap().to_string();

    // Uploads: over the limit, content that is not its name, a path-like name, an unknown
    // material; each comes back with its code, and nothing is recorded.
    let up = format!("{page}/materials");
    let big = vec![b'%'; 10 * 1024 * 1024 + 1];
    let cases: [(&str, &str, &str, Vec<u8>, &str); 4] = [
        (LICENCE, "licence.pdf", "application/pdf", big, "too_large"),
        (
            LICENCE,
            "licence.pdf",
            "application/pdf",
            b"\x89PNG\r\n\x1a\n0000IHDR".to_vec(),
            "mismatch",
        ),
        (
            LICENCE,
            "../../etc/passwd.pdf",
            "application/pdf",
            pdf(),
            "bad_name",
        ),
        (
            "Anything else",
            "licence.pdf",
            "application/pdf",
            pdf(),
            "material",
        ),
    ];
    for (material, name, kind, bytes, code) in cases {
        let a = send(&app, post_file(&up, material, name, kind, &bytes)).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{name}");
        assert!(
            a.location.contains(&format!("error={code}")),
            "{name}: {}",
            a.location
        );
    }
    let (files,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM application_materials")
        .fetch_one(backend.pool())
        .await
        .expect("count");
    assert_eq!(files, 0);

    // A real PDF is kept and offered back as a download under the link only.
    let a = send(
        &app,
        post_file(&up, LICENCE, "licence.pdf", "application/pdf", &pdf()),
    )
    .await;
    assert!(a.location.contains("done=uploaded"), "{}", a.location);
    let token = page.trim_start_matches("/applications/").to_string();
    let view =
        app::backend::applications::by_link(&backend, &token, Date::parse("2026-01-01").unwrap())
            .await
            .expect("db")
            .expect("application");
    let material_id = view.materials[0].id.clone();
    let a = send(&app, get(&format!("{page}/materials/{material_id}"), None)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, pdf());
    let disposition = a.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"licence.pdf\""));
    assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/pdf");

    // Not without the link: another token, a malformed one, the file id alone.
    let other = format!("/applications/{}/materials/{material_id}", "ab".repeat(32));
    for uri in [
        other.as_str(),
        &format!("/applications/x/materials/{material_id}"),
        &format!("/applications/{token}/materials/{}", "0".repeat(32)),
    ] {
        assert_eq!(
            send(&app, get(uri, None)).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    // Staff: not anonymous, not an editor, yes a reviewer.
    let staff = format!("/staff/applications/{}/materials/{material_id}", view.id);
    assert_eq!(
        send(&app, get(&staff, None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let editor = reviewer_cookie(&backend, Role::Editor).await;
    assert_eq!(
        send(&app, get(&staff, Some(&editor))).await.status,
        StatusCode::FORBIDDEN
    );
    let reviewer = reviewer_cookie(&backend, Role::Reviewer).await;
    let a = send(&app, get(&staff, Some(&reviewer))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, pdf());

    // Submitting twice makes one submission; the feed tells the journey.
    let submit = format!("{page}/submit");
    assert!(send(&app, post_form(&submit, ""))
        .await
        .location
        .contains("done=submitted"));
    assert!(send(&app, post_form(&submit, ""))
        .await
        .location
        .contains("done=submitted"));
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM application_events")
        .fetch_one(backend.pool())
        .await
        .expect("count");
    assert_eq!(events, 1);
    let a = send(&app, get(&format!("{page}/feed.atom"), None)).await;
    assert_eq!(a.status, StatusCode::OK);
    let xml = String::from_utf8(a.body).unwrap();
    assert!(xml.contains("<feed") && xml.contains("submitted"), "{xml}");
    let wrong = format!("/applications/{}/feed.atom", "cd".repeat(32));
    assert_eq!(
        send(&app, get(&wrong, None)).await.status,
        StatusCode::NOT_FOUND
    );

    // A form from another site is refused.
    let mut forged = post_form(&submit, "");
    forged
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);

    // The pages: the status page with its link, a 404 for a link that opens nothing.
    let a = send(&app, get(&page, None)).await;
    assert_eq!(a.status, StatusCode::OK);
    let html = String::from_utf8(a.body).unwrap();
    assert!(
        html.contains("data-stage=\"submitted\""),
        "no stage on the page"
    );
    let a = send(
        &app,
        get(&format!("/applications/{}", "ef".repeat(32)), None),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}
