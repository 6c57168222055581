//! Hostile input (issue 15, section 3): oversized bodies, deep JSON nesting, huge and negative
//! numbers, invalid UTF-8, path traversal on static files and uploads that lie about their
//! type or name a path. Each is refused with a 4xx (or, for the no-JavaScript upload form, sent
//! back to the form with its error and nothing stored), and the server answers normally
//! afterwards.
use std::path::{Path, PathBuf};

use app::backend::Backend;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::prelude::LeptosOptions;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::body_limit::MAX_BODY_BYTES;

const HOST: &str = "127.0.0.1:3000";

/// The router over a fresh database, with a site folder of its own that holds `favicon.ico`
/// and `pkg/site.js`, next to a `secret.txt` outside it.
async fn app(test: &str) -> (axum::Router, Backend, PathBuf) {
    let dir = std::env::temp_dir().join(format!("hostile-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("pkg")).expect("site dir");
    std::fs::write(site.join("favicon.ico"), b"icon").expect("favicon");
    std::fs::write(site.join("pkg/site.js"), b"console.log(1)").expect("js");
    std::fs::write(dir.join("secret.txt"), b"TOP-SECRET").expect("secret");
    let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.display());
    let backend = Backend::open(&url).await.expect("database").with_materials(
        app::backend::materials::MaterialStore::new(dir.join("uploads")),
    );
    let options = LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root(site.to_str().expect("utf-8 path"))
        .build();
    (crate::router::build(options, backend.clone()), backend, dir)
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 1 << 26)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request")
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .expect("request")
}

/// The server still answers: health check and a plain assessment.
async fn still_up(app: &axum::Router) {
    let a = send(app, get("/healthz")).await;
    assert_eq!(a.status, StatusCode::OK, "health check: {}", a.text());
    let a = send(
        app,
        post(
            "/api/v1/assess?view=summary",
            "application/json",
            json!({"facts": {"applicant_kind": "enterprise"}}).to_string(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "assessment: {}", a.text());
}

fn assert_refused(a: &Answer, what: &str) {
    assert!(
        a.status.is_client_error(),
        "{what}: expected a 4xx, got {} {}",
        a.status,
        a.text().chars().take(300).collect::<String>()
    );
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_from_the_api_server_functions_and_forms() {
    let (app, _, _) = app("oversized").await;
    let over = MAX_BODY_BYTES + 1;
    let form = "application/x-www-form-urlencoded";

    // The JSON API: a valid document, just too long.
    let body = format!("{{\"facts\": {{}}{}}}", " ".repeat(over));
    let a = send(&app, post("/api/v1/assess", "application/json", body)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text());
    assert!(a.json()["error"]
        .as_str()
        .unwrap_or_default()
        .contains("too large"));
    // Just under the limit is read as usual.
    let body = format!("{{\"facts\": {{}}{}}}", " ".repeat(MAX_BODY_BYTES - 64));
    let a = send(
        &app,
        post("/api/v1/assess?view=summary", "application/json", body),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    // A declared length over the limit is refused without reading the body.
    let mut req = post("/api/v1/assess", "application/json", "{\"facts\": {}}");
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, over.to_string().parse().unwrap());
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Server functions (URL-encoded and JSON arguments): 413 with the error the browser reads.
    let long = format!("id={}", "x".repeat(over));
    for (uri, kind, body) in [
        ("/api/fn/get_measure", form, long.clone()),
        (
            "/api/staff/preview_measure",
            "application/json",
            format!("{{\"measure\": \"{}\"}}", "x".repeat(over)),
        ),
    ] {
        let a = send(&app, post(uri, kind, body)).await;
        assert_eq!(
            a.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{uri}: {}",
            a.text()
        );
        let e = a.json();
        assert_eq!(e["kind"], "invalid", "{uri}: {e}");
        assert!(
            e["message"]
                .as_str()
                .unwrap_or_default()
                .contains("too large"),
            "{e}"
        );
    }
    // A plain form post.
    let a = send(
        &app,
        post(
            "/apply/nwf-2020-1.ip-litigation-subsidy",
            form,
            format!("result={}", "x".repeat(over)),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text());
    still_up(&app).await;
}

#[tokio::test]
async fn deeply_nested_json_is_refused_without_exhausting_the_stack() {
    let (app, _, _) = app("nesting").await;
    let depth = 200_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let objects = format!("{}1{}", "{\"a\":".repeat(depth / 5), "}".repeat(depth / 5));
    for (what, body) in [
        (
            "an answer",
            format!("{{\"facts\": {{\"applicant_kind\": {arrays}}}}}"),
        ),
        (
            "an object answer",
            format!("{{\"facts\": {{\"applicant_kind\": {objects}}}}}"),
        ),
        (
            "a list entry",
            format!("{{\"facts\": {{\"vc_loss_projects\": [{{\"loss_cny\": {arrays}}}]}}}}"),
        ),
        ("the whole body", arrays.clone()),
    ] {
        assert!(body.len() < MAX_BODY_BYTES);
        let a = send(&app, post("/api/v1/assess", "application/json", body)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{what}: {}",
            a.text()
        );
        assert!(a.json()["error"].is_string(), "{what}");
    }
    // A server function with JSON arguments.
    let body = format!("{{\"measure\": {arrays}}}");
    let a = send(
        &app,
        post("/api/staff/preview_measure", "application/json", body),
    )
    .await;
    assert_refused(&a, "nested server-function arguments");
    still_up(&app).await;
}

/// Sends `facts` to `POST /api/v1/assess` and expects a 422 naming `field`.
async fn refused_naming(app: &axum::Router, facts: Value, field: &str) {
    let body = json!({ "facts": facts }).to_string();
    let a = send(app, post("/api/v1/assess", "application/json", body)).await;
    assert_eq!(
        a.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{facts}: {}",
        a.text()
    );
    let errors = a.json()["errors"].clone();
    assert!(
        errors
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["field"] == field)),
        "{facts}: no error for {field}: {errors}"
    );
}

#[tokio::test]
async fn huge_and_negative_numbers_are_refused_by_field() {
    let (app, _, _) = app("numbers").await;
    let money = "rd_expense_last_year_cny";
    let count = "company_age_years";
    let share = "consortium_sme_contract_share_percent";
    let i64_over: Value = serde_json::from_str("9223372036854775808").unwrap();
    let i64_under: Value = serde_json::from_str("-9223372036854775809").unwrap();
    let beyond_f64: Value = serde_json::from_str("1e308").unwrap();
    let tiny: Value = serde_json::from_str("1e-300").unwrap();
    for (fact, value) in [
        (money, json!(-1)),
        (money, json!(i64::MIN)),
        (money, json!(i64::MAX)),
        (money, i64_over.clone()),
        (money, i64_under.clone()),
        (money, beyond_f64.clone()),
        (money, tiny),
        (money, json!(0.5)),
        (money, json!("99999999999999999999亿")),
        (money, json!("-4,000,000")),
        (money, json!("9".repeat(100_000))),
        (count, json!(-1)),
        (count, json!(201)),
        (count, i64_over),
        (share, json!(100.01)),
        (share, json!(-0.01)),
        (share, json!(1e20)),
        (share, json!("62.555%")),
    ] {
        let mut facts = json!({ "applicant_kind": "enterprise" });
        facts[fact] = value;
        refused_naming(&app, facts, fact).await;
    }
    // A list entry's field.
    refused_naming(
        &app,
        json!({"vc_loss_projects": [{"loss_cny": -5, "startup_stage_when_invested": true}]}),
        "vc_loss_projects[0].loss_cny",
    )
    .await;
    // Query numbers and dates out of range.
    for uri in [
        "/api/v1/measures?page=-1",
        "/api/v1/measures?page=0",
        "/api/v1/measures?page=99999999999999999999",
        "/api/v1/measures?page=1e3",
    ] {
        let a = send(&app, get(uri)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}: {}",
            a.text()
        );
    }
    for as_of in ["99999-01-01", "-2024-01-01", "2024-13-01", "1899-12-31", ""] {
        let body = json!({"facts": {}, "as_of": as_of}).to_string();
        let a = send(&app, post("/api/v1/assess", "application/json", body)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{as_of}: {}",
            a.text()
        );
    }
    still_up(&app).await;
}

#[tokio::test]
async fn invalid_utf8_is_refused() {
    let (app, _, _) = app("utf8").await;
    // In a JSON body: a value, a key.
    for body in [
        &b"{\"facts\": {\"applicant_kind\": \"\xff\xfe\"}}"[..],
        &b"{\"facts\": {\"\xc3\x28\": 1}}"[..],
        &b"{\"facts\": {}, \"as_of\": \"2024-01-0\xe2\x82\"}"[..],
    ] {
        let a = send(
            &app,
            post("/api/v1/assess", "application/json", body.to_vec()),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
    }
    // Percent-encoded in a path or a query of the API.
    for uri in [
        "/api/v1/measures/%FF%FE",
        "/api/v1/results/%C3%28",
        "/api/v1/measures?q=%FF%FE",
        "/api/v1/measures?category=%C3%28",
        "/api/v1/assess?view=%FF",
    ] {
        let req = if uri.starts_with("/api/v1/assess") {
            post(uri, "application/json", "{\"facts\": {}}")
        } else {
            get(uri)
        };
        assert_refused(&send(&app, req).await, uri);
    }
    // In a server function's arguments: raw bytes are refused; percent-encoded ones are read
    // as U+FFFD, as the URL-encoded form format prescribes (no such measure: `null`).
    for (body, refused) in [(&b"id=\xff\xfe"[..], true), (&b"id=%FF%FE"[..], false)] {
        let a = send(
            &app,
            post(
                "/api/fn/get_measure",
                "application/x-www-form-urlencoded",
                body.to_vec(),
            ),
        )
        .await;
        if refused {
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
            assert_eq!(a.json()["kind"], "invalid");
        } else {
            assert_eq!((a.status, a.text().as_str()), (StatusCode::OK, "null"));
        }
    }
    // In a header: ignored, never a failure.
    let mut req = get("/api/v1/facts");
    req.headers_mut().insert(
        header::COOKIE,
        axum::http::HeaderValue::from_bytes(b"policy_lang=\xff\xfe; session=\xc3\x28").unwrap(),
    );
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    still_up(&app).await;
}

#[tokio::test]
async fn static_files_never_leave_the_site_folder() {
    let (app, _, dir) = app("traversal").await;
    // The files that are there are served (so a refusal below is not an empty folder).
    for uri in ["/favicon.ico", "/pkg/site.js"] {
        let a = send(&app, get(uri)).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
    }
    let build = crate::assets::Assets::new(dir.join("site").to_str().expect("utf-8"), "pkg").root();
    let attempts = [
        "/../secret.txt".to_string(),
        "/%2e%2e/secret.txt".into(),
        "/%2e%2e%2fsecret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/%252e%252e%252fsecret.txt".into(),
        "/pkg/../../secret.txt".into(),
        "/pkg/%2e%2e/%2e%2e/secret.txt".into(),
        "/pkg/..%2f..%2fsecret.txt".into(),
        "/pkg/....//....//secret.txt".into(),
        "/pkg/%2fetc%2fpasswd".into(),
        "/pkg//etc/passwd".into(),
        "/pkg/%00../secret.txt".into(),
        "/favicon.ico/../../secret.txt".into(),
        format!("{build}/pkg/../../secret.txt"),
        format!("{build}/pkg/%2e%2e%2f%2e%2e%2fsecret.txt"),
        format!("{build}/pkg/..%5c..%5csecret.txt"),
        "/static/x/pkg/%2e%2e/%2e%2e/%2e%2e/secret.txt".into(),
        "//etc/passwd".into(),
        "/%2fetc%2fpasswd".into(),
    ];
    for uri in &attempts {
        let a = send(&app, get(uri)).await;
        assert_refused(&a, uri);
        assert!(!a.text().contains("TOP-SECRET"), "{uri} served the secret");
        assert!(!a.text().contains("root:"), "{uri} served /etc/passwd");
    }
    still_up(&app).await;
}

/// A multipart upload of one material.
fn upload(uri: &str, name: &str, kind: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "HostileBoundary7";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\nBusiness licence or registration certificate (copy)\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    post(
        uri,
        &format!("multipart/form-data; boundary={boundary}"),
        body,
    )
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn uploads_that_lie_about_their_type_or_name_a_path_are_refused_and_not_stored() {
    let (app, backend, dir) = app("uploads").await;
    // A draft application, started from a stored result.
    let mut f = app::policy::Facts::new();
    for (k, v) in [
        ("applicant_kind", json!("enterprise")),
        ("located_in_nanjing", json!(true)),
        ("ip_dispute_outcome", json!("settled")),
        ("ip_litigation_cost_cny", json!(300_000)),
    ] {
        f.insert(k.into(), serde_json::from_value(v).expect("value"));
    }
    let today = app::policy::Date::parse(&app::backend::clock::now_rfc3339()[..10]).expect("day");
    let rid = app::backend::results::create(&backend, "", None, &f, today, None)
        .await
        .expect("result");
    let form = format!(
        "result={rid}&applicant_kind=organisation&applicant_name=Example+Co&credit_code=91320100MA1XXXXX0X&idempotency_key=hostile-key-0123456789"
    );
    let a = send(
        &app,
        post(
            "/apply/nwf-2020-1.ip-litigation-subsidy",
            "application/x-www-form-urlencoded",
            form,
        ),
    )
    .await;
    let page = a
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(page.starts_with("/applications/"), "{}", a.location());
    let up = format!("{page}/materials");

    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".to_vec();
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let cases: [(&str, &str, Vec<u8>); 13] = [
        // Lying about the type: the content is not what the name or the declared type says.
        ("licence.pdf", "application/pdf", png.clone()),
        ("licence.png", "image/png", pdf.clone()),
        ("licence.pdf", "image/png", pdf.clone()),
        ("licence.pdf", "application/pdf", elf.clone()),
        ("licence.pdf", "application/pdf", html.clone()),
        ("licence.exe", "application/octet-stream", elf),
        ("licence.html", "text/html", html),
        // Naming a path.
        ("../../etc/passwd.pdf", "application/pdf", pdf.clone()),
        ("/etc/hostile-upload.pdf", "application/pdf", pdf.clone()),
        ("..\\..\\windows\\win.pdf", "application/pdf", pdf.clone()),
        ("C:\\temp\\licence.pdf", "application/pdf", pdf.clone()),
        ("uploads/../../licence.pdf", "application/pdf", pdf.clone()),
        ("licence\0.pdf", "application/pdf", pdf.clone()),
    ];
    for (name, kind, bytes) in cases {
        // A program gets a 422 with the refusal's code.
        let a = send(&app, upload(&up, name, kind, &bytes)).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}: {}",
            a.text()
        );
        let code = serde_json::from_str::<serde_json::Value>(&a.text()).expect("json")["code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            ["mismatch", "bad_name", "not_accepted", "unreadable"].contains(&code.as_str()),
            "{name:?} ({kind}) was not refused: {code}"
        );
        // The no-JavaScript form (it asks for HTML) goes back to the application page with
        // the same code, shown by the field.
        let mut browser = upload(&up, name, kind, &bytes);
        browser
            .headers_mut()
            .insert(header::ACCEPT, "text/html".parse().expect("header"));
        let a = send(&app, browser).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{name:?}: {}", a.text());
        assert!(
            a.location().contains(&format!("error={code}")),
            "{}",
            a.location()
        );
    }
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM application_materials")
        .fetch_one(backend.pool())
        .await
        .expect("count");
    assert_eq!(stored, 0, "a refused upload was recorded");
    let written = files_under(&dir.join("uploads"));
    assert!(
        written.is_empty(),
        "refused uploads left files: {written:?}"
    );
    assert!(!Path::new("/etc/hostile-upload.pdf").exists());
    assert!(!dir.join("licence.pdf").exists() && !dir.join("etc").exists());

    // The same upload, honest, is kept (so the refusals above are the checks, not a broken form).
    let a = send(&app, upload(&up, "licence.pdf", "application/pdf", &pdf)).await;
    assert!(a.location().contains("done=uploaded"), "{}", a.location());
    still_up(&app).await;
}

/// Writes `request` to a new connection and reads the status line of the answer (`None` when
/// the server closes the connection without one).
async fn raw(addr: std::net::SocketAddr, request: &[u8], body: &[u8]) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let _ = s.write_all(request).await;
    // The server may answer and close before the whole body is sent.
    for chunk in body.chunks(64 * 1024) {
        if s.write_all(chunk).await.is_err() {
            break;
        }
    }
    let mut buf = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        let mut chunk = [0u8; 4096];
        loop {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 20 s");
    let line = String::from_utf8_lossy(&buf);
    line.strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
}

/// A chunked body of `total` bytes of JSON whitespace inside `{"facts": {} ... }`.
fn chunked_json(total: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut push = |piece: &[u8]| {
        out.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        out.extend_from_slice(piece);
        out.extend_from_slice(b"\r\n");
    };
    push(b"{\"facts\": {}");
    let spaces = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent < total {
        push(&spaces);
        sent += spaces.len();
    }
    push(b"}");
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[tokio::test]
async fn raw_hostile_requests_over_a_socket_get_4xx_and_the_server_stays_up() {
    let (app, _, _) = app("socket").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let chunked = |path: &str| {
        format!("POST {path} HTTP/1.1\r\nHost: {HOST}\r\nOrigin: http://{HOST}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    };
    let over = chunked_json(MAX_BODY_BYTES + 1);
    // Bodies over the limit, chunked (no length to refuse up front): the JSON API and a
    // server function.
    assert_eq!(
        raw(addr, chunked("/api/v1/assess").as_bytes(), &over).await,
        Some(413)
    );
    assert_eq!(
        raw(
            addr,
            chunked("/api/staff/preview_measure").as_bytes(),
            &over
        )
        .await,
        Some(413)
    );
    // A chunked body under the limit is read.
    let under = chunked_json(64 * 1024);
    assert_eq!(
        raw(
            addr,
            chunked("/api/v1/assess?view=summary").as_bytes(),
            &under
        )
        .await,
        Some(200)
    );
    // Bytes that are not UTF-8 (nor even URL characters) in the request line and a header;
    // a header section far over any sane size; a request line that is not HTTP.
    let bad_path = b"GET /measures/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let bad_header =
        b"GET /api/v1/facts HTTP/1.1\r\nHost: x\r\nX-Name: \x00\x01\r\nConnection: close\r\n\r\n";
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let nonsense = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n";
    for (what, request) in [
        ("a path with raw bytes", &bad_path[..]),
        ("a header with control bytes", &bad_header[..]),
        ("a 1 MiB header", huge_header.as_bytes()),
        ("a TLS hello", &nonsense[..]),
    ] {
        let status = raw(addr, request, b"").await;
        // hyper refuses these itself: a 4xx, or closing a connection it cannot read.
        assert!(
            status.is_none_or(|s| (400..500).contains(&s)),
            "{what}: {status:?}"
        );
    }
    let health = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_eq!(
        raw(addr, health, b"").await,
        Some(200),
        "the server went down"
    );
    server.abort();
}

/// A JSON-schema validator for `schema`, formats included.
fn schema_validator(schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"))
}

/// What schemathesis checks at random, here exhaustively where it can be: the values the
/// OpenAPI document allows are the values the server accepts, for the assessment date, the
/// page number and each filter of `GET /api/v1/measures`.
#[tokio::test]
async fn the_document_and_the_server_agree_on_dates_pages_and_filters() {
    let (app, _, _) = app("agreement").await;
    let doc = send(&app, get("/api/v1/openapi.json")).await.json();

    // Every day of the years around each boundary and leap-year rule, and impossible ones.
    let as_of =
        schema_validator(&doc["components"]["schemas"]["AssessRequest"]["properties"]["as_of"]);
    let years = [
        1899, 1900, 1901, 1904, 1999, 2000, 2023, 2024, 2100, 2400, 2999, 3000,
    ];
    let mut checked = 0;
    for y in years {
        for m in 0..=13 {
            for d in 0..=32 {
                let text = format!("{y:04}-{m:02}-{d:02}");
                let server = app::policy::Date::parse(&text).is_ok();
                assert_eq!(as_of.is_valid(&json!(text)), server, "as_of {text}");
                checked += 1;
            }
        }
    }
    for text in [
        "",
        "2024-1-01",
        "24-01-01",
        "2024-01-01T00:00",
        "２０２４-01-01",
    ] {
        assert!(!as_of.is_valid(&json!(text)), "{text}");
        let body = json!({"facts": {}, "as_of": text}).to_string();
        let a = send(&app, post("/api/v1/assess", "application/json", body)).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    }
    assert!(as_of.is_valid(&Value::Null), "as_of may be null");
    assert!(checked > 5_000);

    // Pages and filters.
    let params = doc["paths"]["/api/v1/measures"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let param = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| schema_validator(&p["schema"]))
            .unwrap_or_else(|| panic!("no parameter {name}"))
    };
    let page = param("page");
    for n in [0i64, 1, 2, 2_147_483_647, 2_147_483_648, 4_294_967_295, -1] {
        let a = send(&app, get(&format!("/api/v1/measures?page={n}"))).await;
        assert_eq!(
            page.is_valid(&json!(n)),
            a.status == StatusCode::OK,
            "page={n}: {}",
            a.status
        );
    }
    // Every filter the operation takes (all but the free text and the page) lists its values,
    // so that a new filter without them fails here rather than under schemathesis.
    let filters: Vec<&str> = params
        .iter()
        .filter_map(|p| p["name"].as_str())
        .filter(|n| !["q", "page"].contains(n))
        .collect();
    assert!(filters.contains(&"state"), "{filters:?}");
    for name in filters {
        let p = params.iter().find(|p| p["name"] == name).expect("filter");
        let values = p["schema"]["enum"].as_array().expect("an enum").clone();
        assert!(values.len() > 2, "{name}: {values:?}");
        for v in values.iter().chain([&json!("no-such-value")]) {
            let text = v.as_str().expect("a string");
            let uri = format!("/api/v1/measures?{name}={text}");
            let a = send(&app, get(&uri)).await;
            assert_eq!(
                param(name).is_valid(v),
                a.status == StatusCode::OK,
                "{uri}: {} {}",
                a.status,
                a.text()
            );
        }
    }
}

/// `POST /api/v1/results` stores a result and its answer's link leads to it, as the document
/// says (schemathesis follows the link to test `GET /api/v1/results/{id}`).
#[tokio::test]
async fn a_stored_result_is_reachable_through_the_documented_link() {
    let (app, _, _) = app("result-link").await;
    let doc = send(&app, get("/api/v1/openapi.json")).await.json();
    let created = &doc["paths"]["/api/v1/results"]["post"]["responses"]["201"];
    let link = &created["links"]["GetResult"];
    assert_eq!(link["operationId"], "get_result", "{link}");
    assert_eq!(link["parameters"]["id"], "$response.body#/id");
    assert_eq!(
        doc["paths"]["/api/v1/results/{id}"]["get"]["operationId"],
        "get_result"
    );

    let body = json!({
        "facts": {"applicant_kind": "enterprise", "located_in_nanjing": true,
                  "ip_dispute_outcome": "settled", "ip_litigation_cost_cny": "30万"},
        "as_of": "2024-06-01"
    })
    .to_string();
    let a = send(&app, post("/api/v1/results", "application/json", body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.text());
    let stored = a.json();
    let id = stored["id"].as_str().expect("id").to_string();
    assert_eq!(a.location(), format!("/api/v1/results/{id}"));
    assert_eq!(stored["url"], a.location());
    let r = send(&app, get(a.location())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["groups"].is_array());
    let csv = send(&app, get(&format!("/api/v1/results/{id}/csv"))).await;
    assert_eq!(csv.status, StatusCode::OK);
    // Refused answers store nothing.
    let a = send(
        &app,
        post(
            "/api/v1/results",
            "application/json",
            json!({"facts": {"applicant_kind": "robot"}}).to_string(),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
}
