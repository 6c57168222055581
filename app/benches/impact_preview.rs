//! Benchmark: the impact preview of a draft (the litigation subsidy's cap raised from 500,000
//! to 600,000) over many stored results (10,000 unless `RESULTS` says otherwise), computed by
//! the background job, on SQLite (or `BENCH_DATABASE_URL`). Prints the job's time and figures.
//!
//! `cargo bench -p app --features ssr --bench impact_preview`
use std::time::Instant;

use app::backend::clock::today;
use app::backend::editor::impact::{job, run_due, start};
use app::backend::{auth, editor, Backend};
use app::policy::Formula;
use app::wire::staff::Role;

#[path = "common/mod.rs"]
mod common;
use common::applicant;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("RESULTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join(format!("impact-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        format!("sqlite://{}/b.sqlite?mode=rwc", dir.display())
    });
    let backend = Backend::open(&url).await.expect("database");

    // Set-up (not timed): n stored results.
    let mut tx = backend.begin_write().await.expect("tx");
    for i in 0..n {
        sqlx::query(
            "INSERT INTO assessments (id, facts, as_of, result, created_at, client) VALUES ($1, $2, $3, '{}', '2026-01-01T00:00:00Z', 'bench')",
        )
        .bind(format!("bench{i:027x}"))
        .bind(serde_json::to_string(&applicant(i)).expect("json"))
        .bind(today().to_string())
        .execute(&mut *tx)
        .await
        .expect("stored result");
    }
    tx.commit().await.expect("commit");
    auth::add_user(
        &backend,
        "e@bench.cn",
        Role::Editor,
        "bench-password-1",
        "bench",
    )
    .await
    .expect("editor");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("192.0.2.1".into()),
        "e@bench.cn",
        "bench-password-1",
    )
    .await
    .expect("signs in");
    let user = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    let mut draft = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure")
        .measure;
    if let Formula::Rate { cap, .. } = &mut draft.formula {
        *cap = Some(600_000);
    }

    // Timed: from the request to the finished preview (the request's own task runs the job;
    // this loop asks for its progress as the page does, every 100 ms).
    let began = Instant::now();
    let first = start(&backend, &user, &draft, None).await.expect("queued");
    let answered = began.elapsed();
    let _ = run_due(&backend).await.expect("job");
    let finished = loop {
        let p = job(&backend, &user, &first.job).await.expect("progress");
        if let Some(v) = p.view {
            break v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let wall = began.elapsed();
    println!(
        "impact preview: {} stored results in {:.2} s ({:.0} results/s; the request answered in {} ms): {} gain, {} lose, {} change amount; {} -> {}",
        finished.results,
        wall.as_secs_f64(),
        finished.results as f64 / wall.as_secs_f64(),
        answered.as_millis(),
        finished.gained,
        finished.lost,
        finished.changed,
        finished.total_before,
        finished.total_after
    );
}
