//! Nothing acknowledged is lost when the server dies. The real server binary runs a storm of
//! staff publishes and anonymous wizard results; it is killed with SIGKILL at a random moment,
//! restarted, and killed again, several times. Afterwards every publish that got a success
//! answer is there with its version and its audit row, no version is half-written, every
//! acknowledged result opens, SQLite's `PRAGMA integrity_check` says `ok`, and each restart
//! served again within two seconds. Run on SQLite, and on PostgreSQL when the test command
//! provides one.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Row;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EMAIL: &str = "publisher@storm.test";
const PASSWORD: &str = "a-long-storm-password";
/// Lives of the server: each ends with SIGKILL in the middle of the storm.
const KILLS: usize = 5;
/// Measures the two publishers edit, one each.
const MEASURES: [&str; 2] = [
    "nwf-2020-1.ip-litigation-subsidy",
    "nwf-2020-1.newly-above-size-contribution-reward",
];

/// A response: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// One HTTP/1.1 request on a new connection, as a browser on the site's own pages sends it.
async fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answer> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
        .await
        .map_err(|_| std::io::Error::other("timed out"))??;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let text = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = text.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 || data.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
    out
}

fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("Content-Type", "application/json");

/// The server binary under test, with its environment.
struct Server {
    dir: PathBuf,
    database_url: String,
    port: u16,
}

impl Server {
    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
        c.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
            .env("DATABASE_URL", &self.database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LEPTOS_SITE_ROOT", self.dir.join("site"))
            .env("UPLOAD_DIR", self.dir.join("uploads"))
            .env("ANONYMOUS_NEW_PER_MINUTE", "1000000")
            .env("RUST_LOG", "error")
            .stdout(self.log())
            .stderr(self.log());
        c
    }

    /// The server's log file (kept when the test fails).
    fn log(&self) -> Stdio {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("server.log"))
            .map(Stdio::from)
            .unwrap_or_else(|_| Stdio::null())
    }

    /// Starts the server; returns it once `/healthz` answers, with the time that took.
    async fn start(&self) -> (Child, Duration) {
        let began = Instant::now();
        let mut child = self.command().spawn().expect("server starts");
        loop {
            if let Ok(a) = http(self.port, "GET", "/healthz", &[], b"").await {
                if a.status == 200 {
                    return (child, began.elapsed());
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the server exited at start-up: {status}");
            }
            assert!(
                began.elapsed() < Duration::from_secs(60),
                "no answer in 60 s"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// What the server acknowledged: publishes as (measure, version, marker) and result ids.
#[derive(Default)]
struct Acknowledged {
    publishes: Vec<(String, i64, String)>,
    results: Vec<String>,
}

/// A pseudo-random number from the clock (the kill moments need only vary).
fn jitter(range: std::ops::Range<u64>) -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    range.start + nanos % (range.end - range.start)
}

/// Signs in; the session cookie and the anti-forgery token.
async fn sign_in(port: u16) -> (String, String) {
    let a = http(
        port,
        "POST",
        "/api/fn/sign_in",
        &[FORM],
        &form(&[("email", EMAIL), ("password", PASSWORD)]),
    )
    .await
    .expect("sign in");
    let cookie = a
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .find_map(|(_, v)| {
            v.starts_with("policy_staff=")
                .then(|| v.split(';').next().unwrap_or_default().to_string())
        })
        .unwrap_or_else(|| panic!("no session cookie: {}", a.status));
    let me = http(
        port,
        "POST",
        "/api/fn/current_staff",
        &[FORM, ("Cookie", &cookie)],
        b"",
    )
    .await
    .expect("current staff")
    .json();
    let csrf = me["csrf"].as_str().expect("csrf").to_string();
    (cookie, csrf)
}

/// Publishes `measure` with a new title, over and over, until the server goes away.
async fn publisher(
    port: u16,
    measure: &'static str,
    cookie: String,
    csrf: String,
    ack: Arc<Mutex<Acknowledged>>,
    life: usize,
) {
    let auth = [("Cookie", cookie.as_str())];
    for n in 0.. {
        let Ok(loaded) = http(
            port,
            "POST",
            "/api/staff/load_editor",
            &[FORM, auth[0]],
            &form(&[("id", measure)]),
        )
        .await
        else {
            return;
        };
        let data = loaded.json();
        let Some(lock) = data["lock_version"].as_i64() else {
            return;
        };
        let mut m = data["measure"].clone();
        let marker = format!("storm-{life}-{n}");
        let title = m["title"]
            .as_str()
            .unwrap_or_default()
            .split(" [storm")
            .next()
            .unwrap_or_default()
            .to_string();
        m["title"] = Value::String(format!("{title} [{marker}]"));
        let body = json!({
            "csrf": csrf, "measure": m, "lock_version": lock, "is_new": false,
            "effective_from": "", "note": marker,
        });
        let Ok(a) = http(
            port,
            "POST",
            "/api/staff/publish_measure",
            &[JSON, auth[0]],
            body.to_string().as_bytes(),
        )
        .await
        else {
            return;
        };
        if a.status == 200 {
            let version = a.json()["version"].as_i64().expect("version");
            ack.lock()
                .expect("ack")
                .publishes
                .push((measure.to_string(), version, marker));
        } else if a.status != 409 {
            panic!(
                "publish answered {}: {}",
                a.status,
                String::from_utf8_lossy(&a.body)
            );
        }
    }
}

/// Answers one wizard question and finishes, over and over, until the server goes away.
async fn applicant(port: u16, ack: Arc<Mutex<Acknowledged>>) {
    loop {
        let Ok(a) = http(
            port,
            "POST",
            "/api/fn/save_step",
            &[FORM],
            &form(&[
                ("session", ""),
                ("step", "applicant"),
                ("go", "next"),
                ("answers[applicant_kind]", "enterprise"),
            ]),
        )
        .await
        else {
            return;
        };
        let Some(session) = a
            .header("location")
            .and_then(|l| l.split('/').nth(2))
            .map(str::to_string)
        else {
            panic!("save_step answered {} without a location", a.status);
        };
        let Ok(a) = http(
            port,
            "POST",
            "/api/fn/finish_wizard",
            &[FORM],
            &form(&[("session", &session)]),
        )
        .await
        else {
            return;
        };
        match a
            .header("location")
            .and_then(|l| l.strip_prefix("/results/"))
        {
            Some(id) => ack.lock().expect("ack").results.push(id.to_string()),
            None => panic!("finish answered {} without a location", a.status),
        }
    }
}

async fn storm(database_url: String, kind: &str) {
    let dir = std::env::temp_dir().join(format!("kill-storm-{kind}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("site")).expect("temp dir");
    // A free port, chosen by the system.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = Server {
        dir: dir.clone(),
        database_url: database_url.clone(),
        port,
    };

    // The publisher's account (this also creates and seeds the database).
    let mut add = server.command();
    add.args(["user", "add", "--email", EMAIL, "--role", "publisher"])
        .stdin(Stdio::piped());
    let mut child = add.spawn().expect("user add");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{PASSWORD}").expect("password");
    }
    assert!(
        child.wait().expect("user add ends").success(),
        "user add failed"
    );

    let ack = Arc::new(Mutex::new(Acknowledged::default()));
    let mut restarts = Vec::new();
    for life in 0..=KILLS {
        let (mut child, took) = server.start().await;
        if life > 0 {
            restarts.push(took);
        }
        if life == KILLS {
            child.kill().expect("stop");
            child.wait().expect("stopped");
            break;
        }
        let (cookie, csrf) = sign_in(port).await;
        let mut tasks = Vec::new();
        for m in MEASURES {
            tasks.push(tokio::spawn(publisher(
                port,
                m,
                cookie.clone(),
                csrf.clone(),
                ack.clone(),
                life,
            )));
        }
        for _ in 0..3 {
            tasks.push(tokio::spawn(applicant(port, ack.clone())));
        }
        tokio::time::sleep(Duration::from_millis(jitter(500..2500))).await;
        // SIGKILL: no shutdown, no flush, whatever was in flight is cut off.
        child.kill().expect("SIGKILL");
        child.wait().expect("killed");
        for t in tasks {
            t.await.expect("a storm task failed");
        }
    }

    // Every restart served within two seconds.
    for (i, took) in restarts.iter().enumerate() {
        assert!(*took < Duration::from_secs(2), "restart {i} took {took:?}");
    }

    let ack = Arc::try_unwrap(ack)
        .ok()
        .expect("tasks done")
        .into_inner()
        .expect("ack");
    assert!(
        ack.publishes.len() >= KILLS,
        "publishes acknowledged: {}",
        ack.publishes.len()
    );
    assert!(
        ack.results.len() >= KILLS,
        "results acknowledged: {}",
        ack.results.len()
    );

    // The database, read directly.
    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database_url)
        .await
        .expect("database");
    let mut found = 0;
    for (measure, version, marker) in &ack.publishes {
        let body: Option<String> = sqlx::query_scalar(
            "SELECT body FROM measure_versions WHERE measure_id = $1 AND version = $2",
        )
        .bind(measure)
        .bind(*version)
        .fetch_optional(&db)
        .await
        .expect("query");
        let body = body.unwrap_or_else(|| panic!("acknowledged {measure} v{version} is missing"));
        assert!(
            body.contains(&format!("[{marker}]")),
            "{measure} v{version} is not the text acknowledged ({marker})"
        );
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'measure.publish' AND target_id = $1 AND after_value LIKE $2")
            .bind(measure)
            .bind(format!("%[{marker}]%"))
            .fetch_one(&db)
            .await
            .expect("query");
        assert_eq!(
            audited, 1,
            "{measure} v{version} ({marker}) has {audited} audit rows"
        );
        found += 1;
    }
    // No half-written version: every version's body is a whole measure, every published version
    // of the storm has its audit row, and each measure points at its latest version.
    let rows = sqlx::query("SELECT measure_id, version, body FROM measure_versions")
        .fetch_all(&db)
        .await
        .expect("versions");
    let mut latest: BTreeMap<String, i64> = BTreeMap::new();
    for r in &rows {
        let (id, version, body): (String, i64, String) = (r.get(0), r.get(1), r.get(2));
        let m: app::policy::Measure = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{id} v{version} is not a whole measure: {e}"));
        if let Some(marker) = m.title.split(" [").nth(1).map(|t| t.trim_end_matches(']')) {
            let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'measure.publish' AND target_id = $1 AND after_value LIKE $2")
                .bind(&id)
                .bind(format!("%[{marker}]%"))
                .fetch_one(&db)
                .await
                .expect("query");
            assert_eq!(
                audited, 1,
                "{id} v{version} ({marker}) without its audit row"
            );
        }
        let e = latest.entry(id).or_default();
        *e = (*e).max(version);
    }
    for (id, max) in &latest {
        let current: i64 = sqlx::query_scalar("SELECT current_version FROM measures WHERE id = $1")
            .bind(id)
            .fetch_one(&db)
            .await
            .expect("measure");
        assert_eq!(
            current, *max,
            "{id} points at v{current}, its latest is v{max}"
        );
    }
    if kind == "sqlite" {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db)
            .await
            .expect("integrity check");
        assert_eq!(check, "ok");
    }
    db.close().await;

    // Every acknowledged result opens on a server started once more.
    let (mut child, _) = server.start().await;
    for id in &ack.results {
        let a = http(port, "GET", &format!("/api/v1/results/{id}"), &[], b"")
            .await
            .expect("result");
        assert_eq!(a.status, 200, "acknowledged result {id}");
    }
    child.kill().expect("stop");
    child.wait().expect("stopped");
    eprintln!(
        "{kind}: {KILLS} kills; publishes acknowledged {} / found {found}; results acknowledged {} / found {}; restarts served in {:?}",
        ack.publishes.len(),
        ack.results.len(),
        ack.results.len(),
        restarts
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_nothing_acknowledged_is_lost_when_the_server_is_killed() {
    let dir = std::env::temp_dir().join(format!("kill-storm-db-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("storm.sqlite");
    let _ = std::fs::remove_file(&file);
    storm(format!("sqlite://{}?mode=rwc", file.display()), "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_nothing_acknowledged_is_lost_when_the_server_is_killed() {
    let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
        let required = ["REQUIRE_POSTGRES", "CI"]
            .iter()
            .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "false" && x != "0"));
        assert!(
            !required,
            "TEST_POSTGRES_URL is not set, but PostgreSQL must be tested"
        );
        eprintln!("TEST_POSTGRES_URL not set: PostgreSQL kill storm skipped");
        return;
    };
    use sqlx::Connection;
    let name = format!("policy_storm_{}", std::process::id());
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
    let base = url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("url with a database");
    storm(format!("{base}/{name}"), "postgres").await;
}
