//! A database that cannot be reached at start-up: the server says so in one line that names
//! the database (without its password) and what to check, and exits with 69
//! (`EX_UNAVAILABLE`), so a supervisor can tell it from a broken configuration (exit 1).
use std::process::Command;
use std::time::{Duration, Instant};

fn run(database_url: &str) -> (Option<i32>, String, Duration) {
    let began = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "off")
        .output()
        .expect("server runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        began.elapsed(),
    )
}

#[test]
fn an_unreachable_database_is_named_and_exits_with_69() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let (code, err, took) = run(&format!(
        "postgres://policy:s3cret-word@127.0.0.1:{port}/policy"
    ));
    assert_eq!(code, Some(69), "{err}");
    assert!(
        err.contains(&format!(
            "error: cannot reach the database at postgres://policy:***@127.0.0.1:{port}/policy"
        )),
        "{err}"
    );
    assert!(err.contains("Check DATABASE_URL"), "{err}");
    assert!(!err.contains("s3cret-word"), "the password leaked: {err}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_database_that_cannot_be_opened_exits_with_1() {
    let (code, err, _) = run("sqlite:///proc/no-such-dir/policy.sqlite?mode=rwc");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("error: cannot open the database at sqlite:///proc/no-such-dir"),
        "{err}"
    );
}

/// SIGTERM while a request is in flight: the server stops taking new connections, answers the
/// request it had begun (its body arrives after the signal), then exits with 0.
#[test]
fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    use std::io::{Read, Write};
    let dir = std::env::temp_dir().join(format!("graceful-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/g.sqlite?mode=rwc", dir.display()),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("UPLOAD_DIR", dir.join("uploads"))
        .env("RUST_LOG", "off")
        .spawn()
        .expect("server starts");
    let began = Instant::now();
    let mut stream = loop {
        if let Ok(s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            break s;
        }
        assert!(began.elapsed() < Duration::from_secs(60), "no start");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Half a request: the headers and the first half of the body.
    let body = br#"{"facts":{"applicant_kind":"enterprise"}}"#;
    let (first, rest) = body.split_at(body.len() / 2);
    write!(
        stream,
        "POST /api/v1/assess?view=summary HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .expect("headers");
    stream.write_all(first).expect("first half");
    stream.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill")
        .success());
    std::thread::sleep(Duration::from_millis(300));
    // New connections are no longer taken...
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still accepting after SIGTERM"
    );
    // ...but the request in flight is answered in full.
    stream.write_all(rest).expect("second half");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(
        serde_json::from_str::<serde_json::Value>(json).is_ok_and(|v| v.is_object()),
        "{answer}"
    );
    let status = child.wait().expect("exits");
    assert_eq!(status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
