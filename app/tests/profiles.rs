//! Profiles and alerts (issue 16 part 3), on SQLite and PostgreSQL: keep a result's answers,
//! rename, e-mail with confirmation, a publish that raises a cap fills a job whose run writes
//! one entry ("changed amount" 500,000 -> 600,000, naming `formula.cap` and the versions) and
//! one digest with a one-click unsubscribe address; jobs are retried after a failure and wait
//! for a later "with effect from" day; updating answers through the wizard; deleting deletes
//! everything kept for the profile.
//!
//! Worked by hand from nwf-2020-1 ("50% of the litigation costs, at most 500,000"): 1,200,000
//! of costs gives 600,000, capped to 500,000; with the cap raised to 600,000, 600,000.
#![cfg(feature = "ssr")]

mod support;

use app::backend::clock::today;
use app::backend::profiles::{self, alerts};
use app::backend::{results, wizard, Backend};
use app::wire::profiles::EmailState;
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

async fn sqlite(name: &str) -> Backend {
    let dir = std::env::temp_dir().join(format!("profiles-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Backend::open(&format!("sqlite://{}/p.sqlite?mode=rwc", dir.display()))
        .await
        .expect("database")
}

async fn count(backend: &Backend, sql: &str, token: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(token.to_string())
        .fetch_one(backend.pool())
        .await
        .expect("count")
}

/// Runs every due job; the runs.
async fn run_jobs(backend: &Backend) -> Vec<alerts::JobRun> {
    let mut runs = Vec::new();
    while let Some(run) = alerts::run_due(backend).await.expect("job runs") {
        runs.push(run);
    }
    runs
}

async fn journey(backend: Backend) {
    // Jobs filled by the seed are done first.
    run_jobs(&backend).await;
    let result = results::create(
        &backend,
        "t",
        None,
        &support::litigation_applicant(1_200_000),
        today(),
        None,
    )
    .await
    .expect("result");
    let token = profiles::create(&backend, "t", &result, "  Lawsuit 2026 ")
        .await
        .expect("kept");
    assert_eq!(token.len(), 32);
    let p = profiles::load(&backend, &token)
        .await
        .expect("db")
        .expect("opens");
    assert_eq!(p.name, "Lawsuit 2026");
    assert_eq!(p.result_id.as_deref(), Some(result.as_str()));
    let lit = p
        .eligible
        .iter()
        .find(|m| m.id == LITIGATION)
        .expect("eligible");
    assert_eq!(lit.counted, "500,000 yuan");
    assert_eq!(p.email_state, EmailState::None);
    assert!(p.entries.is_empty());
    // The results page names the profile it was kept as.
    assert_eq!(
        profiles::of_result(&backend, &result)
            .await
            .expect("db")
            .map(|l| l.token),
        Some(token.clone())
    );

    // Rename; a name over 100 characters is refused by its field.
    profiles::rename(&backend, &token, "Patent case")
        .await
        .expect("renamed");
    let long = "x".repeat(101);
    assert!(matches!(
        profiles::rename(&backend, &token, &long).await,
        Err(app::wire::errors::AppError::Invalid { fields, .. }) if fields[0].field == "name"
    ));

    // E-mail: a bad address is refused; a good one gets a confirmation mail, no digest yet.
    assert!(profiles::set_email(&backend, &token, "not an address")
        .await
        .is_err());
    profiles::set_email(&backend, &token, "owner@example.org")
        .await
        .expect("address set");
    let (email_token, confirm_body): (String, String) = sqlx::query_as(
        "SELECT p.email_token, o.body FROM profiles p JOIN outbox o ON o.profile_token = p.token WHERE p.token = $1 AND o.kind = 'confirm'",
    )
    .bind(token.clone())
    .fetch_one(backend.pool())
    .await
    .expect("confirmation queued");
    assert!(
        confirm_body.contains(&format!("/profiles/email/{email_token}/confirm")),
        "{confirm_body}"
    );
    assert_eq!(
        profiles::load(&backend, &token)
            .await
            .expect("db")
            .expect("opens")
            .email_state,
        EmailState::Pending
    );
    assert_eq!(
        profiles::confirm_email(&backend, &email_token)
            .await
            .expect("db"),
        Some(token.clone())
    );

    // A publisher raises the cap: the publish fills a job; working it writes one entry and one
    // digest.
    let publisher = support::signed_in(&backend, "p@test.cn", Role::Publisher).await;
    support::publish_cap(&backend, &publisher, LITIGATION, 500_000, 600_000, "").await;
    let waiting = count(
        &backend,
        "SELECT COUNT(*) FROM profile_jobs WHERE done_at IS NULL AND run_after <= $1",
        &today().to_string(),
    )
    .await;
    assert!(waiting >= 1, "the publish filled a job");
    let runs = run_jobs(&backend).await;
    let total: u64 = runs.iter().map(|r| r.entries).sum();
    assert_eq!(total, 1, "{runs:?}");
    assert_eq!(runs.iter().map(|r| r.mails).sum::<u64>(), 1);
    let p = profiles::load(&backend, &token)
        .await
        .expect("db")
        .expect("opens");
    assert_eq!(p.entries.len(), 1);
    let lines = &p.entries[0].lines;
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(
        (
            lines[0].measure.as_str(),
            lines[0].kind.as_str(),
            lines[0].before.as_str(),
            lines[0].after.as_str()
        ),
        (LITIGATION, "amount", "500,000 yuan", "600,000 yuan")
    );
    let cause = &lines[0].causes[0];
    assert_eq!(
        (
            cause.field.as_str(),
            cause.before.as_str(),
            cause.after.as_str()
        ),
        ("formula.cap", "500000", "600000")
    );
    assert_eq!(
        cause.link,
        format!("/measures/{LITIGATION}?from=1&to=2#changes")
    );
    let (subject, body, unsubscribe): (String, String, String) = sqlx::query_as(
        "SELECT subject, body, unsubscribe_url FROM outbox WHERE profile_token = $1 AND kind = 'digest'",
    )
    .bind(token.clone())
    .fetch_one(backend.pool())
    .await
    .expect("digest queued");
    assert!(subject.contains("Patent case"), "{subject}");
    assert!(
        body.contains("Amount changed: ") && body.contains("500,000 yuan -> 600,000 yuan"),
        "{body}"
    );
    assert!(body.contains("formula.cap: 500000 -> 600000"), "{body}");
    assert!(body.contains(&format!("/profiles/{token}#entry-{}", p.entries[0].id)));
    assert!(unsubscribe.ends_with(&format!("/profiles/email/{email_token}/unsubscribe")));
    assert!(body.contains(&unsubscribe));

    // Nothing more to do: a second run finds no due job, and a job run again changes nothing.
    assert!(run_jobs(&backend).await.is_empty());
    let again = alerts::check_profiles(&backend).await.expect("runs");
    assert_eq!((again.checked, again.entries), (0, 0));

    // The feed has the entry.
    let feed = profiles::feed::atom(&backend, "http://example.org", &token)
        .await
        .expect("db")
        .expect("feed");
    assert!(
        feed.contains("1 measure changed for &quot;Patent case&quot;")
            || feed.contains("1 measure changed for \"Patent case\""),
        "{feed}"
    );
    assert!(feed.contains(&format!(
        "http://example.org/profiles/{token}#entry-{}",
        p.entries[0].id
    )));
    assert!(feed.contains("500,000 yuan -&gt; 600,000 yuan"), "{feed}");

    // A change in force from a later day waits for that day.
    support::publish_cap(
        &backend,
        &publisher,
        LITIGATION,
        600_000,
        550_000,
        &today().add_days(10).to_string(),
    )
    .await;
    run_jobs(&backend).await;
    assert_eq!(
        count(
            &backend,
            "SELECT COUNT(*) FROM profile_jobs WHERE done_at IS NULL AND run_after = $1",
            &today().add_days(10).to_string(),
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &backend,
            "SELECT COUNT(*) FROM profile_entries WHERE profile_token = $1",
            &token
        )
        .await,
        1,
        "nothing changes before the day"
    );

    // One-click unsubscribe forgets the address; the link then opens nothing.
    assert_eq!(
        profiles::unsubscribe(&backend, &email_token)
            .await
            .expect("db"),
        Some(token.clone())
    );
    assert_eq!(
        profiles::unsubscribe(&backend, &email_token)
            .await
            .expect("db"),
        None
    );
    let p = profiles::load(&backend, &token)
        .await
        .expect("db")
        .expect("opens");
    assert_eq!((p.email, p.email_state), (None, EmailState::None));

    // Update answers: the wizard session opened from the profile updates it when finished.
    let kept = profiles::answers(&backend, &token).await.expect("answers");
    let session = wizard::from_answers(&backend, "t", kept, Some(&token))
        .await
        .expect("wizard");
    sqlx::query("UPDATE wizard_sessions SET answers = $1 WHERE id = $2")
        .bind(serde_json::to_string(&support::litigation_applicant(800_000)).expect("json"))
        .bind(session.clone())
        .execute(backend.pool())
        .await
        .expect("answers");
    let newer = wizard::finish(&backend, "t", &session, None)
        .await
        .expect("finished");
    let p = profiles::load(&backend, &token)
        .await
        .expect("db")
        .expect("opens");
    assert_eq!(p.result_id.as_deref(), Some(newer.as_str()));
    assert_eq!(
        p.eligible
            .iter()
            .find(|m| m.id == LITIGATION)
            .map(|m| m.counted.as_str()),
        Some("400,000 yuan"),
        "50% of 800,000"
    );
    assert_eq!(p.entries.len(), 1, "the owner's own change writes no entry");

    // Delete: the profile, its entries, its mail and its wizard sessions are gone.
    profiles::set_email(&backend, &token, "owner@example.org")
        .await
        .expect("address set");
    assert!(profiles::delete(&backend, &token).await.expect("db"));
    for table in [
        "SELECT COUNT(*) FROM profiles WHERE token = $1",
        "SELECT COUNT(*) FROM profile_entries WHERE profile_token = $1",
        "SELECT COUNT(*) FROM outbox WHERE profile_token = $1",
        "SELECT COUNT(*) FROM wizard_sessions WHERE profile_token = $1",
    ] {
        assert_eq!(count(&backend, table, &token).await, 0, "{table}");
    }
    assert!(profiles::load(&backend, &token)
        .await
        .expect("db")
        .is_none());
    assert!(!profiles::delete(&backend, &token).await.expect("db"));
}

#[tokio::test]
async fn profile_journey_on_sqlite() {
    journey(sqlite("journey").await).await;
}

#[tokio::test]
async fn profile_journey_on_postgres() {
    let Some(server) = support::postgres_server() else {
        return;
    };
    let url = support::fresh_postgres_database(&server, "profiles").await;
    journey(Backend::open(&url).await.expect("database")).await;
}

#[tokio::test]
async fn a_failed_job_is_tried_again_later_and_writes_no_entry_twice() {
    let backend = sqlite("retry").await;
    run_jobs(&backend).await;
    let mut tokens = Vec::new();
    for cost in [200_000, 1_200_000, 1_400_000] {
        let result = results::create(
            &backend,
            "t",
            None,
            &support::litigation_applicant(cost),
            today(),
            None,
        )
        .await
        .expect("result");
        tokens.push(
            profiles::create(&backend, "t", &result, "")
                .await
                .expect("kept"),
        );
    }
    // One profile's stored answers are unreadable: the job fails after the others' batch.
    sqlx::query("UPDATE profiles SET facts = 'not json' WHERE token = $1")
        .bind(tokens[2].clone())
        .execute(backend.pool())
        .await
        .expect("broken");
    let publisher = support::signed_in(&backend, "p@test.cn", Role::Publisher).await;
    support::publish_cap(&backend, &publisher, LITIGATION, 500_000, 600_000, "").await;
    assert!(alerts::run_due(&backend).await.is_err());
    let jobs = alerts::jobs(&backend, 10).await.expect("jobs");
    let failed = jobs.iter().find(|j| j.done_at.is_none()).expect("kept");
    assert_eq!(failed.attempts, 1);
    assert!(failed.last_error.is_some());
    // Not taken again before its delay.
    assert!(alerts::run_due(&backend).await.expect("db").is_none());
    // Repaired, and its delay over: the job is done, each profile told once.
    sqlx::query("UPDATE profiles SET facts = $1 WHERE token = $2")
        .bind(serde_json::to_string(&support::litigation_applicant(1_400_000)).expect("json"))
        .bind(tokens[2].clone())
        .execute(backend.pool())
        .await
        .expect("repaired");
    sqlx::query("UPDATE profile_jobs SET claimed_until = 0 WHERE done_at IS NULL")
        .execute(backend.pool())
        .await
        .expect("delay over");
    let runs = run_jobs(&backend).await;
    assert_eq!(runs.len(), 1);
    let (entries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM profile_entries")
        .fetch_one(backend.pool())
        .await
        .expect("count");
    // 200,000 of costs gives 100,000 under either cap: only the two capped profiles change.
    assert_eq!(entries, 2);
    for t in &tokens[1..] {
        assert_eq!(
            profiles::load(&backend, t)
                .await
                .expect("db")
                .expect("opens")
                .entries
                .len(),
            1
        );
    }
}
