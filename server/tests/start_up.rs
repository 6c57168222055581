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
