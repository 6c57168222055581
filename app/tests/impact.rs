//! Impact preview (issue 17 part 1): a draft raising nwf-2020-1's litigation cap from 500,000
//! to 600,000 ("50% of the litigation costs, at most 500,000"), over three stored results and
//! one saved profile (kept from the 1,400,000 result). Worked by hand: costs of 200,000 give
//! 100,000 under either cap; 1,200,000 give 600,000, capped to 500,000 now and 600,000 with the
//! draft; 1,400,000 give 700,000, capped likewise. So 3 of the 4 stored answers change amount, none gains or loses, and the
//! money counted goes from 100,000 + 3 x 500,000 = 1,600,000 to 100,000 + 3 x 600,000 =
//! 1,900,000.
#![cfg(feature = "ssr")]

mod support;

use app::backend::clock::today;
use app::backend::{editor, profiles, results};
use app::policy::Formula;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

#[tokio::test]
async fn a_raised_cap_changes_the_amount_of_the_capped_answers_only() {
    let backend = support::sqlite_backend("impact").await;
    let mut kept = String::new();
    for cost in [200_000, 1_200_000, 1_400_000] {
        kept = results::create(
            &backend,
            "t",
            None,
            &support::litigation_applicant(cost),
            today(),
            None,
        )
        .await
        .expect("result");
    }
    profiles::create(&backend, "t", &kept, "")
        .await
        .expect("profile");
    let mut draft = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure")
        .measure;
    if let Formula::Rate { cap, .. } = &mut draft.formula {
        *cap = Some(600_000);
    }
    let v = editor::impact(&backend, &draft, None)
        .await
        .expect("impact");
    // The same measure as the editor holds it once saved as a draft: previewed as published.
    let mut saved = draft.clone();
    saved.status = app::policy::Status::Draft;
    assert_eq!(
        editor::impact(&backend, &saved, None)
            .await
            .expect("impact"),
        v
    );
    assert_eq!((v.results, v.profiles), (3, 1));
    assert_eq!((v.gained, v.lost, v.changed), (0, 0, 3), "{v:#?}");
    assert_eq!(v.total_before, "1,600,000 yuan");
    assert_eq!(v.total_after, "1,900,000 yuan");
    assert_eq!(v.examples.len(), 3);
    let e = &v.examples[0];
    assert_eq!(
        (e.kind.as_str(), e.before.as_str(), e.after.as_str()),
        ("amount", "500,000 yuan", "600,000 yuan")
    );
    assert!(e.label.starts_with("Stored "), "anonymised: {}", e.label);
    assert!(
        e.trace_after.iter().any(|t| t.contains("600,000")),
        "{:?}",
        e.trace_after
    );

    // A draft that pays only from 1,300,000 of costs: the 200,000 and 1,200,000 results lose
    // the measure; the 1,400,000 result and the profile (kept from it) get 600,000.
    let mut stricter = draft.clone();
    stricter.condition = app::policy::Condition::All {
        all: vec![
            stricter.condition.clone(),
            serde_json::from_value(serde_json::json!({
                "fact": "ip_litigation_cost_cny", "op": "ge", "value": 1_300_000
            }))
            .expect("comparison"),
        ],
    };
    let v = editor::impact(&backend, &stricter, None)
        .await
        .expect("impact");
    assert_eq!((v.gained, v.lost, v.changed), (0, 2, 2), "{v:#?}");
    assert_eq!(v.total_after, "1,200,000 yuan");

    // An invalid draft is refused with the loader's messages.
    let mut broken = draft.clone();
    broken.title.clear();
    assert!(editor::impact(&backend, &broken, None).await.is_err());
}

/// A store larger than the inline limit is previewed by a background job: the first answer
/// names the job, the job records its progress, and the finished preview has the same figures
/// as a preview computed at once. 1,001 stored results with costs of 1,200,000 (500,000 now,
/// 600,000 with the draft): 1,001 change amount, 500,500,000 before, 600,600,000 after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_store_is_previewed_in_the_background_with_its_progress() {
    use app::backend::editor::impact::{job, run_due, start, INLINE_LIMIT};
    let backend = support::sqlite_backend("impact-job").await;
    let n = INLINE_LIMIT + 1;
    let facts = serde_json::to_string(&support::litigation_applicant(1_200_000)).expect("json");
    let mut tx = backend.begin_write().await.expect("tx");
    for i in 0..n {
        sqlx::query(
            "INSERT INTO assessments (id, facts, as_of, result, created_at, client) VALUES ($1, $2, $3, '{}', '2026-01-01T00:00:00Z', 't')",
        )
        .bind(format!("{i:032x}"))
        .bind(facts.clone())
        .bind(today().to_string())
        .execute(&mut *tx)
        .await
        .expect("stored result");
    }
    tx.commit().await.expect("commit");
    let editor_user =
        support::signed_in(&backend, "ed@impact.test", app::wire::staff::Role::Editor).await;
    let other = support::signed_in(
        &backend,
        "other@impact.test",
        app::wire::staff::Role::Editor,
    )
    .await;
    let mut draft = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure")
        .measure;
    if let Formula::Rate { cap, .. } = &mut draft.formula {
        *cap = Some(600_000);
    }
    let first = start(&backend, &editor_user, &draft, None)
        .await
        .expect("queued");
    assert!(!first.job.is_empty(), "a background job: {first:?}");
    assert_eq!(
        (first.done, first.total, first.view.clone()),
        (0, n as u64, None)
    );
    // Another member cannot read it.
    assert!(matches!(
        job(&backend, &other, &first.job).await,
        Err(app::wire::errors::AppError::NotFound)
    ));
    // A member with a preview still running cannot start a second one.
    sqlx::query(
        "INSERT INTO impact_jobs (id, measure_id, requested_by, draft, total, created_at) VALUES ('held', $1, $2, '{}', 1, $3)",
    )
    .bind(LITIGATION)
    .bind(other.id.clone())
    .bind(app::backend::clock::now_rfc3339())
    .execute(backend.pool())
    .await
    .expect("a running job");
    sqlx::query("UPDATE impact_jobs SET claimed_until = $1 WHERE id = 'held'")
        .bind(app::backend::clock::unix_seconds() + 3600)
        .execute(backend.pool())
        .await
        .expect("held");
    assert!(matches!(
        start(&backend, &other, &draft, None).await,
        Err(app::wire::errors::AppError::Conflict { .. })
    ));
    // The request started it on its own task; run it here too (only one of them claims it).
    let _ = run_due(&backend).await.expect("job");
    let mut done = job(&backend, &editor_user, &first.job)
        .await
        .expect("progress");
    for _ in 0..600 {
        if done.view.is_some() {
            break;
        }
        assert!(done.done <= done.total);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        done = job(&backend, &editor_user, &first.job)
            .await
            .expect("progress");
    }
    let v = done.view.expect("finished within a minute");
    assert_eq!((done.done, done.total), (n as u64, n as u64));
    assert_eq!((v.results, v.profiles), (n as u64, 0));
    assert_eq!((v.gained, v.lost, v.changed), (0, 0, n as u64));
    assert_eq!(v.total_before, "500,500,000 yuan");
    assert_eq!(v.total_after, "600,600,000 yuan");
    assert_eq!(
        v,
        editor::impact(&backend, &draft, None)
            .await
            .expect("inline")
    );
    // Finished, so a new one may start.
    let again = start(&backend, &editor_user, &draft, None)
        .await
        .expect("queued");
    assert_ne!(again.job, first.job);
}
