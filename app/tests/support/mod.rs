//! Helpers shared by the integration tests.

/// A new, empty PostgreSQL database named `policy_<kind>_<process id>` on the server `url`
/// names (dropped first if a run left it behind); returns its URL.
#[allow(dead_code)]
pub async fn fresh_postgres_database(url: &str, kind: &str) -> String {
    use sqlx::Connection;
    let name = format!("policy_{kind}_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(url).await.expect("connects");
    // The name is built from a fixed word and the process id, so it is safe to splice in.
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name}"
    )))
    .execute(&mut admin)
    .await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("creates a database");
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
    format!("{base}/{name}")
}

/// The PostgreSQL server `TEST_POSTGRES_URL` names. Without that variable the test is skipped,
/// unless `REQUIRE_POSTGRES` or `CI` is set (the test command sets both): there a missing
/// server fails the test instead of letting it pass silently.
#[allow(dead_code)]
pub fn postgres_server() -> Option<String> {
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        return Some(url);
    }
    let required = ["REQUIRE_POSTGRES", "CI"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "false" && x != "0"));
    assert!(
        !required,
        "TEST_POSTGRES_URL is not set, but REQUIRE_POSTGRES or CI says PostgreSQL must be tested"
    );
    eprintln!("TEST_POSTGRES_URL not set: PostgreSQL test skipped");
    None
}

/// A staff account with `role`, signed in: the user its session opens.
#[allow(dead_code)]
#[cfg(feature = "ssr")]
pub async fn signed_in(
    backend: &app::backend::Backend,
    email: &str,
    role: app::wire::staff::Role,
) -> app::wire::staff::StaffUser {
    use app::backend::auth;
    let password = "staff-password-for-tests-1";
    auth::add_user(backend, email, role, password, "test")
        .await
        .expect("account");
    let token = auth::sign_in(
        backend,
        &auth::ClientAddr("192.0.2.9".into()),
        email,
        password,
    )
    .await
    .expect("signs in");
    auth::session_user(backend, &token)
        .await
        .expect("db")
        .expect("session")
}

/// Publishes the measure `id` with its rate formula's cap set to `cap` (and the worked
/// examples that gave the old cap giving the new one), in force from `effective_from` (empty:
/// today).
#[allow(dead_code)]
#[cfg(feature = "ssr")]
pub async fn publish_cap(
    backend: &app::backend::Backend,
    publisher: &app::wire::staff::StaffUser,
    id: &str,
    old_cap: i64,
    cap: i64,
    effective_from: &str,
) {
    use app::backend::editor;
    let data = editor::load(backend, id)
        .await
        .expect("db")
        .expect("measure");
    let mut changed = data.measure.clone();
    if let app::policy::Formula::Rate { cap: c, .. } = &mut changed.formula {
        *c = Some(cap);
    }
    for ex in &mut changed.examples {
        if ex.amount == Some(old_cap) {
            ex.amount = Some(cap);
        }
    }
    let saved = editor::save_draft(backend, publisher, &changed, data.lock_version, false)
        .await
        .expect("draft");
    editor::publish(
        backend,
        publisher,
        editor::Publication {
            measure: &changed,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from,
            note: "cap changed",
        },
    )
    .await
    .expect("publishes");
}

/// An enterprise in Nanjing that won an IP lawsuit costing `cost` yuan: eligible for
/// nwf-2020-1's litigation subsidy ("50% of the litigation costs, at most 500,000").
#[allow(dead_code)]
pub fn litigation_applicant(cost: i64) -> app::policy::Facts {
    use app::policy::FactValue;
    app::policy::Facts::from([
        (
            "applicant_kind".into(),
            FactValue::Text("enterprise".into()),
        ),
        ("located_in_nanjing".into(), FactValue::Bool(true)),
        ("ip_dispute_outcome".into(), FactValue::Text("won".into())),
        ("ip_litigation_cost_cny".into(), FactValue::Number(cost)),
    ])
}

/// A new SQLite database in a temporary directory named after `name` and the process.
#[allow(dead_code)]
#[cfg(feature = "ssr")]
pub async fn sqlite_backend(name: &str) -> app::backend::Backend {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    app::backend::Backend::open(&format!("sqlite://{}/db.sqlite?mode=rwc", dir.display()))
        .await
        .expect("database")
}
