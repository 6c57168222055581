//! A database failure while serving: the browser (through a server function) and the JSON API
//! get a generic message with a request id, never the driver's words, and the log line carries
//! the driver's message under the same id.
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

/// Log lines written during the test, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, String, Value) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, id, body)
}

/// The id quoted in a log line that mentions `needle`, if any.
fn logged_id(log: &str, needle: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains(needle))
        .filter_map(|l| {
            let at = l.find("request_id=")? + "request_id=".len();
            Some(l[at..].split_whitespace().next()?.to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_lost_database_gives_a_request_id_not_a_driver_message() {
    let (app, backend) = crate::test_app::fresh("fault").await;

    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // The database goes away while the server runs.
    backend.pool().close().await;
    const DRIVER: &str = "closed pool";

    // The JSON API.
    let req = Request::builder()
        .uri("/api/v1/results/0123456789abcdef0123456789abcdef")
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::empty())
        .expect("request");
    let (status, id, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(id.len(), 16, "a request id in the header");
    let message = body["error"].as_str().expect("error message");
    assert_eq!(
        message,
        format!("The database cannot be reached just now. Nothing was changed; please try again in a moment. (request id {id})")
    );
    assert!(!body.to_string().contains(DRIVER), "{body}");

    // The browser: the server function behind the results page.
    let req = Request::builder()
        .method("POST")
        .uri("/api/fn/get_result")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("id=0123456789abcdef0123456789abcdef"))
        .expect("request");
    let (fn_status, fn_id, fn_body) = send(&app, req).await;
    assert_eq!(fn_status, StatusCode::SERVICE_UNAVAILABLE, "{fn_body}");
    assert_eq!(fn_body["kind"], "unavailable", "{fn_body}");
    assert_eq!(fn_body["request_id"], fn_id.as_str(), "{fn_body}");
    assert!(!fn_body.to_string().contains(DRIVER), "{fn_body}");
    assert_ne!(fn_id, id, "each request has its own id");

    // The log has the driver's message under each id.
    let text = log.text();
    let ids = logged_id(&text, DRIVER);
    assert!(ids.contains(&id), "API id {id} not in log:\n{text}");
    assert!(
        ids.contains(&fn_id),
        "server function id {fn_id} not in log:\n{text}"
    );
}

/// A POST from a page of the site, as the wizard's form sends it, each from a client address
/// of its own (so the per-address limit on new sessions does not answer first).
fn post(uri: &str, form: &str) -> Request<Body> {
    static PEER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);
    let peer = PEER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .expect("request");
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            std::net::Ipv4Addr::from(0x0a00_0000 | peer),
            40000,
        ))));
    req
}

fn get(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::empty())
        .expect("request")
}

const NEW_WIZARD: &str = "session=&step=applicant&go=next&answers%5Bapplicant_kind%5D=enterprise";

/// A full disk: writes are refused with a clear 503 that changes nothing, reads go on, and
/// writing works again once there is room. SQLite reports a full disk as `SQLITE_FULL`; the
/// test brings it about by capping the database's size on every pooled connection.
#[tokio::test]
async fn a_full_disk_refuses_writes_clearly_and_reads_go_on() {
    let (app, backend) = crate::test_app::fresh("fault-full").await;
    // A stored result to read back later.
    let (_, _, _) = send(&app, post("/api/fn/save_step", NEW_WIZARD)).await;
    let sessions = |b: app::backend::Backend| async move {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM wizard_sessions")
            .fetch_one(b.pool())
            .await
            .expect("count");
        n
    };
    let before = sessions(backend.clone()).await;
    assert_eq!(before, 1);

    let cap = |pages: Option<i64>| {
        let backend = backend.clone();
        async move {
            // Every connection of the pool (at most four), so no write slips through one.
            let mut held = Vec::new();
            for _ in 0..4 {
                let mut c = backend.pool().acquire().await.expect("connection");
                let limit = pages.unwrap_or(1_073_741_823);
                let (_,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "PRAGMA max_page_count = {limit}"
                )))
                .fetch_one(&mut *c)
                .await
                .expect("pragma");
                held.push(c);
            }
        }
    };
    let (pages,): (i64,) = sqlx::query_as("PRAGMA page_count")
        .fetch_one(backend.pool())
        .await
        .expect("page count");
    cap(Some(pages)).await;

    // Writes: a new wizard session, many times over so the file must grow.
    let mut refused = 0;
    for _ in 0..200 {
        let (status, id, body) = send(&app, post("/api/fn/save_step", NEW_WIZARD)).await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(body["kind"], "unavailable", "{body}");
            assert_eq!(body["request_id"], id.as_str(), "{body}");
            assert!(
                body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("storage is full")),
                "{body}"
            );
            refused += 1;
            break;
        }
        assert!(
            status.is_redirection() || status.is_success(),
            "{status} {body}"
        );
    }
    assert_eq!(refused, 1, "the disk never filled up");

    // Reads go on: the catalog API and pages, and the stored session's page.
    let (status, _, _) = send(&app, get("/api/v1/measures?per_page=5")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = send(&app, get("/api/v1/facts")).await;
    assert_eq!(status, StatusCode::OK);
    let res = app.clone().oneshot(get("/measures")).await.expect("page");
    assert_eq!(res.status(), StatusCode::OK);

    // Room again: writing works.
    cap(None).await;
    let (status, _, body) = send(&app, post("/api/fn/save_step", NEW_WIZARD)).await;
    assert!(
        status.is_redirection() || status.is_success(),
        "{status} {body}"
    );
}

/// A TCP relay to the database that the test cuts (every connection dropped, the port closed)
/// and restores on the same port.
struct Relay {
    port: u16,
    upstream: String,
    tasks: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Relay {
    async fn start(upstream: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let relay = Relay {
            port,
            upstream: upstream.to_string(),
            tasks: Arc::default(),
        };
        relay.serve(listener);
        relay
    }

    fn serve(&self, listener: tokio::net::TcpListener) {
        let (upstream, tasks) = (self.upstream.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tasks.lock().expect("tasks").push(conn.abort_handle());
            }
        });
        self.tasks
            .lock()
            .expect("tasks")
            .push(accept.abort_handle());
    }

    /// The database is gone: open connections drop, new ones are refused.
    fn cut(&self) {
        for t in self.tasks.lock().expect("tasks").drain(..) {
            t.abort();
        }
    }

    /// The database is back, on the same address.
    async fn restore(&self) {
        let listener = loop {
            match tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(l) => break l,
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        };
        self.serve(listener);
    }
}

/// PostgreSQL goes away while the server runs: `/readyz`, the API and the server functions
/// answer 503 with a request id and `Retry-After` (no driver text, no panic), and everything
/// works again once the database is back, without a restart.
#[tokio::test]
async fn a_lost_postgres_gives_503_and_the_server_recovers_when_it_returns() {
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
    let name = format!("policy_lost_{}", std::process::id());
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
    // postgres://user@host:port/db -> host:port, and the same URL through the relay.
    let (scheme_user, rest) = url.split_once('@').expect("user@host");
    let host = rest.split('/').next().expect("host:port");
    let relay = Relay::start(host).await;
    let through = format!("{scheme_user}@127.0.0.1:{}/{name}", relay.port);
    let backend = app::backend::Backend::open(&through)
        .await
        .expect("database");
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    let app = crate::router::build(options, backend);
    let unknown = "/api/v1/results/0123456789abcdef0123456789abcdef";

    assert_eq!(send(&app, get("/readyz")).await.0, StatusCode::OK);
    assert_eq!(send(&app, get(unknown)).await.0, StatusCode::NOT_FOUND);

    relay.cut();
    let began = std::time::Instant::now();
    for req in [get("/readyz"), get(unknown)] {
        let res = app.clone().oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(res.headers().get("retry-after").is_some());
        let id = res
            .headers()
            .get("x-request-id")
            .expect("request id")
            .to_str()
            .expect("id")
            .to_string();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("cannot be reached") && text.contains(&id),
            "{text}"
        );
        assert!(
            !text.to_lowercase().contains("pool") && !text.contains("os error"),
            "{text}"
        );
    }
    let (status, id, body) = send(
        &app,
        post("/api/fn/get_result", "id=0123456789abcdef0123456789abcdef"),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(
        (body["kind"].as_str(), body["request_id"].as_str()),
        (Some("unavailable"), Some(id.as_str()))
    );
    // Each answer came within the pool's 5 s wait, not sqlx's default 30 s.
    assert!(
        began.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        began.elapsed()
    );

    relay.restore().await;
    let back = std::time::Instant::now();
    loop {
        let (status, _, _) = send(&app, get(unknown)).await;
        if status == StatusCode::NOT_FOUND {
            break;
        }
        assert!(
            back.elapsed() < std::time::Duration::from_secs(15),
            "not back: {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(send(&app, get("/readyz")).await.0, StatusCode::OK);
    let (status, _, _) = send(&app, post("/api/fn/save_step", NEW_WIZARD)).await;
    assert!(status.is_redirection() || status.is_success(), "{status}");
    relay.cut();
}
