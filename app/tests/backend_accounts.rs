//! Staff account journeys against a real database (SQLite always, PostgreSQL in the test
//! command): an admin creates an account; its member changes the password and signs out; the
//! admin deactivates and reactivates it; publishing and archiving refuse a stale lock; and the
//! audit log lists each step under its actor and record, and its filters keep only those.
#![cfg(feature = "ssr")]

mod support;

use app::backend::auth::{self, ClientAddr};
use app::backend::{audit, editor, users, Backend};
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;
use app::wire::staff::{Role, StaffUser};

const ADMIN_PASSWORD: &str = "admin-password-long-1";
const FIRST: &str = "first-password-long-1";
const SECOND: &str = "second-password-long-2";
const MEASURE: &str = "nwf-2020-1.ip-litigation-subsidy";

fn office() -> ClientAddr {
    ClientAddr("192.0.2.10".into())
}

async fn session(backend: &Backend, email: &str, password: &str) -> (String, StaffUser) {
    let token = auth::sign_in(backend, &office(), email, password)
        .await
        .unwrap_or_else(|e| panic!("{email} signs in: {e}"));
    let user = auth::session_user(backend, &token)
        .await
        .expect("db")
        .expect("session");
    (token, user)
}

async fn alive(backend: &Backend, token: &str) -> bool {
    auth::session_user(backend, token)
        .await
        .expect("db")
        .is_some()
}

async fn actions(backend: &Backend, actor: &str, target: &str) -> Vec<String> {
    let filter = AuditFilter {
        actor: (!actor.is_empty()).then(|| actor.to_string()),
        target: (!target.is_empty()).then(|| target.to_string()),
    };
    audit::list(backend.pool(), &filter, 500)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| {
            assert!(
                actor.is_empty() || e.actor == actor,
                "{} by {}",
                e.action,
                e.actor
            );
            assert!(
                target.is_empty() || e.target_id.as_deref() == Some(target),
                "{} on {:?}",
                e.action,
                e.target_id
            );
            e.action
        })
        .collect()
}

async fn scenario(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");
    auth::add_user(
        &backend,
        "admin@acc.test",
        Role::Admin,
        ADMIN_PASSWORD,
        "test",
    )
    .await
    .expect("admin");
    let (_, admin) = session(&backend, "admin@acc.test", ADMIN_PASSWORD).await;

    // Created by the admin: the member signs in with the password the admin set.
    users::create(&backend, &admin, "member@acc.test", Role::Publisher, FIRST)
        .await
        .expect("created");
    assert!(
        users::create(&backend, &admin, "member@acc.test", Role::Editor, FIRST)
            .await
            .is_err(),
        "the same address twice"
    );
    let (laptop, member) = session(&backend, "member@acc.test", FIRST).await;
    let (phone, _) = session(&backend, "member@acc.test", FIRST).await;
    let member_id = member.id.clone();

    // Password change: refused with a wrong current password, a confirmation that differs or
    // a weak new one; then the other sessions end, this one stays, and only the new password
    // signs in.
    for (current, new, confirm) in [
        ("not-the-password", SECOND, SECOND),
        (FIRST, SECOND, "something-else-entirely"),
        (FIRST, "short", "short"),
    ] {
        let refused = auth::change_password(&backend, &member, current, new, confirm).await;
        assert!(
            matches!(refused, Err(AppError::Invalid { .. })),
            "{refused:?}"
        );
    }
    auth::change_password(&backend, &member, FIRST, SECOND, SECOND)
        .await
        .expect("changed");
    assert!(
        alive(&backend, &laptop).await,
        "the session that changed it stays"
    );
    assert!(!alive(&backend, &phone).await, "the other session ended");
    assert!(matches!(
        auth::sign_in(&backend, &office(), "member@acc.test", FIRST).await,
        Err(AppError::Unauthenticated { .. })
    ));
    let (phone, _) = session(&backend, "member@acc.test", SECOND).await;

    // Signing out ends that session only.
    auth::end_session(&backend, &member)
        .await
        .expect("signed out");
    assert!(!alive(&backend, &laptop).await);
    assert!(alive(&backend, &phone).await);

    // Deactivated: every session ends and signing in gets the same answer as a wrong
    // password; reactivated, the member signs in again. Nobody deactivates or demotes
    // themselves.
    users::set_active(&backend, &admin, &member_id, false)
        .await
        .expect("deactivated");
    assert!(!alive(&backend, &phone).await);
    let refused = auth::sign_in(&backend, &office(), "member@acc.test", SECOND).await;
    let wrong = auth::sign_in(&backend, &office(), "nobody@acc.test", SECOND).await;
    assert_eq!(
        refused.clone().err().map(|e| e.to_string()),
        wrong.err().map(|e| e.to_string())
    );
    assert!(matches!(refused, Err(AppError::Unauthenticated { .. })));
    users::set_active(&backend, &admin, &member_id, true)
        .await
        .expect("reactivated");
    let (_, member) = session(&backend, "member@acc.test", SECOND).await;
    assert!(users::set_active(&backend, &admin, &admin.id, false)
        .await
        .is_err());
    assert!(users::set_role(&backend, &admin, &admin.id, Role::Editor)
        .await
        .is_err());

    // Optimistic locking: a publish or an archive quoting a lock another save has moved on
    // is refused with a conflict and changes nothing.
    let data = editor::load(&backend, MEASURE)
        .await
        .expect("db")
        .expect("measure");
    let stale = data.lock_version;
    let mut m = data.measure.clone();
    m.title = format!("{} (first)", m.title);
    editor::publish(
        &backend,
        &member,
        editor::Publication {
            measure: &m,
            lock_version: stale,
            is_new: false,
            effective_from: "",
            note: "first",
        },
    )
    .await
    .expect("first publish");
    m.title = format!("{} (second)", data.measure.title);
    let second = editor::publish(
        &backend,
        &member,
        editor::Publication {
            measure: &m,
            lock_version: stale,
            is_new: false,
            effective_from: "",
            note: "second",
        },
    )
    .await;
    assert!(
        matches!(second, Err(AppError::Conflict { .. })),
        "{second:?}"
    );
    let archived = editor::archive(&backend, &member, MEASURE, stale, "").await;
    assert!(
        matches!(archived, Err(AppError::Conflict { .. })),
        "{archived:?}"
    );
    let now = editor::load(&backend, MEASURE)
        .await
        .expect("db")
        .expect("measure");
    assert!(
        now.measure.title.ends_with("(first)"),
        "{}",
        now.measure.title
    );
    assert_eq!(now.status, "published");

    // The audit log: every step under its actor; the record filter keeps only that record,
    // the person filter only that person, and both together their intersection.
    let by_admin = actions(&backend, "admin@acc.test", "").await;
    for a in ["user.add", "user.deactivate", "user.reactivate"] {
        assert!(
            by_admin.iter().any(|x| x == a),
            "{a} missing from {by_admin:?}"
        );
    }
    let by_member = actions(&backend, "member@acc.test", "").await;
    for a in ["password.change", "sign_out", "measure.publish"] {
        assert!(
            by_member.iter().any(|x| x == a),
            "{a} missing from {by_member:?}"
        );
    }
    let on_measure = actions(&backend, "", MEASURE).await;
    assert_eq!(
        on_measure
            .iter()
            .filter(|a| *a == "measure.publish")
            .count(),
        1,
        "{on_measure:?}"
    );
    assert!(
        !on_measure.iter().any(|a| a.starts_with("user.")),
        "{on_measure:?}"
    );
    assert_eq!(
        actions(&backend, "member@acc.test", MEASURE).await,
        on_measure
    );
    assert!(actions(&backend, "admin@acc.test", MEASURE)
        .await
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_account_journeys() {
    let dir = std::env::temp_dir().join(format!("policy-accounts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    scenario(&format!("sqlite://{}/a.sqlite?mode=rwc", dir.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_account_journeys() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    scenario(&support::fresh_postgres_database(&url, "accounts").await).await;
}
