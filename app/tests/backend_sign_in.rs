//! Sign-in under attack, against a real database (SQLite always, PostgreSQL in the test
//! command): parallel guessing, spraying, lock-outs from one address only, malformed addresses,
//! lock expiry, idle sessions and role changes.
#![cfg(feature = "ssr")]

mod support;

use app::backend::auth::{self, ClientAddr};
use app::backend::clock::unix_seconds;
use app::backend::{users, Backend};
use app::wire::errors::AppError;
use app::wire::staff::Role;

const PASSWORD: &str = "the-right-password-1";

fn from(addr: &str) -> ClientAddr {
    ClientAddr(addr.into())
}

fn is_wrong(r: &Result<String, AppError>) -> bool {
    matches!(r, Err(AppError::Unauthenticated { .. }))
}

fn is_throttled(r: &Result<String, AppError>) -> bool {
    matches!(r, Err(AppError::RateLimited { .. }))
}

async fn count(backend: &Backend, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(backend.pool())
        .await
        .expect("count");
    n
}

async fn scenario(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");
    for who in ["member@test.cn", "admin@test.cn"] {
        let role = if who.starts_with("admin") {
            Role::Admin
        } else {
            Role::Editor
        };
        auth::add_user(&backend, who, role, PASSWORD, "test")
            .await
            .expect("account");
    }

    // 40 wrong passwords at once from one address: each is counted (no 500s, no lost counts),
    // the pair locks, and then the right password from there is refused too.
    let attacker = from("203.0.113.66");
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let (backend, attacker) = (backend.clone(), attacker.clone());
            tokio::spawn(async move {
                auth::sign_in(&backend, &attacker, "member@test.cn", &format!("guess-{i}")).await
            })
        })
        .collect();
    let mut wrong = 0;
    let mut throttled = 0;
    for g in guesses {
        let r = g.await.expect("task");
        assert!(is_wrong(&r) || is_throttled(&r), "{r:?}");
        wrong += usize::from(is_wrong(&r));
        throttled += usize::from(is_throttled(&r));
    }
    assert!(
        wrong <= 9,
        "at most nine wrong answers before the lock, got {wrong}"
    );
    assert!(throttled >= 31, "{throttled} throttled");
    let after = auth::sign_in(&backend, &attacker, "member@test.cn", PASSWORD).await;
    assert!(is_throttled(&after), "locked pair: {after:?}");
    assert_eq!(
        count(
            &backend,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in.locked'"
        )
        .await,
        1,
        "the lock is audited once"
    );

    // The member is not locked out from everywhere: their own address still signs in.
    let office = from("198.51.100.10");
    let token = auth::sign_in(&backend, &office, "member@test.cn", PASSWORD)
        .await
        .expect("signs in from another address");
    assert!(auth::session_user(&backend, &token)
        .await
        .unwrap()
        .is_some());

    // Exactly ten in a row lock; a success in between starts the count again.
    let desk = from("198.51.100.11");
    for i in 1..=9 {
        let r = auth::sign_in(&backend, &desk, "admin@test.cn", &format!("typo-{i}")).await;
        assert!(is_wrong(&r), "attempt {i}: {r:?}");
    }
    auth::sign_in(&backend, &desk, "admin@test.cn", PASSWORD)
        .await
        .expect("the ninth failure does not lock");
    for i in 1..=9 {
        let r = auth::sign_in(&backend, &desk, "admin@test.cn", &format!("again-{i}")).await;
        assert!(
            is_wrong(&r),
            "the count restarted after the success; attempt {i}: {r:?}"
        );
    }
    let tenth = auth::sign_in(&backend, &desk, "admin@test.cn", "again-10").await;
    assert!(
        matches!(
            tenth,
            Err(AppError::RateLimited {
                retry_after_secs: 900,
                ..
            })
        ),
        "{tenth:?}"
    );
    // The lock runs out after fifteen minutes (moved into the past here) and the right
    // password works again.
    sqlx::query("UPDATE sign_in_failures SET locked_until = $1 WHERE client = $2")
        .bind(unix_seconds() - 1)
        .bind("198.51.100.11")
        .execute(backend.pool())
        .await
        .expect("expire the lock");
    auth::sign_in(&backend, &desk, "admin@test.cn", PASSWORD)
        .await
        .expect("the lock ran out");

    // Spraying: one address trying one password over many accounts is throttled after 30
    // failures, even for an account it has not tried yet.
    let sprayer = from("2001:db8::bad");
    for i in 0..auth::MAX_ADDRESS_FAILURES {
        let r = auth::sign_in(
            &backend,
            &sprayer,
            &format!("user{i}@test.cn"),
            "Password1!",
        )
        .await;
        assert!(is_wrong(&r), "account {i}: {r:?}");
    }
    let next = auth::sign_in(&backend, &sprayer, "member@test.cn", PASSWORD).await;
    assert!(is_throttled(&next), "{next:?}");

    // An address that is not an e-mail address is refused before anything is stored.
    let before = count(&backend, "SELECT COUNT(*) FROM sign_in_failures").await;
    let audit_before = count(&backend, "SELECT COUNT(*) FROM audit_log").await;
    for bad in [
        "x".repeat(2_000_000),
        "no-at-sign".into(),
        format!("{}@test.cn", "a".repeat(300)),
    ] {
        let r = auth::sign_in(&backend, &from("192.0.2.99"), &bad, "whatever").await;
        assert!(
            matches!(r, Err(AppError::Invalid { .. })),
            "{:?}",
            r.map(|_| ())
        );
    }
    assert_eq!(
        count(&backend, "SELECT COUNT(*) FROM sign_in_failures").await,
        before
    );
    assert_eq!(
        count(&backend, "SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    assert_eq!(
        count(
            &backend,
            "SELECT CAST(COALESCE(MAX(LENGTH(email)), 0) AS BIGINT) FROM sign_in_failures"
        )
        .await,
        "user10@test.cn".len() as i64,
        "no stored address is longer than the ones tried"
    );

    // An unknown address and a wrong password get the same answer.
    let unknown = auth::sign_in(&backend, &from("192.0.2.50"), "nobody@test.cn", PASSWORD).await;
    let wrong_pw = auth::sign_in(&backend, &from("192.0.2.50"), "member@test.cn", "nope").await;
    assert_eq!(format!("{unknown:?}"), format!("{wrong_pw:?}"));

    // Idle sessions end after half an hour unused; a used one is kept alive.
    let idle = auth::sign_in(&backend, &office, "member@test.cn", PASSWORD)
        .await
        .expect("signs in");
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1")
        .bind(unix_seconds() - auth::IDLE_SECONDS - 1)
        .execute(backend.pool())
        .await
        .expect("age the sessions");
    assert!(
        auth::session_user(&backend, &idle).await.unwrap().is_none(),
        "idle session"
    );
    let fresh = auth::sign_in(&backend, &office, "member@test.cn", PASSWORD)
        .await
        .expect("signs in");
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1")
        .bind(unix_seconds() - auth::IDLE_SECONDS + 120)
        .execute(backend.pool())
        .await
        .expect("age the sessions");
    let member = auth::session_user(&backend, &fresh)
        .await
        .unwrap()
        .expect("still in time");
    let seen: (i64,) =
        sqlx::query_as("SELECT MAX(last_seen_at) FROM staff_sessions WHERE user_id = $1")
            .bind(&member.id)
            .fetch_one(backend.pool())
            .await
            .expect("session row");
    assert!(
        seen.0 >= unix_seconds() - 5,
        "using the session restarts its idle clock"
    );

    // A role change ends the member's sessions: new rights come with a new session.
    let admin_token = auth::sign_in(&backend, &office, "admin@test.cn", PASSWORD)
        .await
        .expect("admin");
    let admin = auth::session_user(&backend, &admin_token)
        .await
        .unwrap()
        .expect("admin");
    users::set_role(&backend, &admin, &member.id, Role::Publisher)
        .await
        .expect("role change");
    assert!(
        auth::session_user(&backend, &fresh)
            .await
            .unwrap()
            .is_none(),
        "old session ended"
    );
    let again = auth::sign_in(&backend, &office, "member@test.cn", PASSWORD)
        .await
        .expect("signs in again");
    assert_ne!(again, fresh);
    let promoted = auth::session_user(&backend, &again)
        .await
        .unwrap()
        .expect("session");
    assert_eq!(promoted.role, Role::Publisher);
    // Setting the role it already has changes nothing and ends nothing.
    users::set_role(&backend, &admin, &member.id, Role::Publisher)
        .await
        .expect("same role");
    assert!(auth::session_user(&backend, &again)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_sign_in_under_attack() {
    let dir = std::env::temp_dir().join(format!("policy-sign-in-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    scenario(&format!("sqlite://{}/s.sqlite?mode=rwc", dir.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_sign_in_under_attack() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    scenario(&support::fresh_postgres_database(&url, "sign_in").await).await;
}
