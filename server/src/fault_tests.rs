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
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(id.len(), 16, "a request id in the header");
    let message = body["error"].as_str().expect("error message");
    assert_eq!(
        message,
        format!("Internal error (request id {id}). Please try again later.")
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
    assert_eq!(fn_status, StatusCode::INTERNAL_SERVER_ERROR, "{fn_body}");
    assert_eq!(fn_body["kind"], "internal", "{fn_body}");
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
