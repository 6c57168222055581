//! Benchmark: the background job after a publish, over many saved profiles (10,000 unless
//! `PROFILES` says otherwise), on SQLite (or `BENCH_DATABASE_URL`). Prints the time the job
//! took, the profiles checked and the entries written.
//!
//! `cargo bench -p app --features ssr --bench profile_alerts`
use std::time::Instant;

use app::backend::clock::{now_rfc3339, today};
use app::backend::profiles::{alerts, Outcome};
use app::backend::result_changes::seen;
use app::backend::{auth, editor, results, Backend};
use app::policy::engine::assess;
use app::policy::Formula;
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

#[path = "common/mod.rs"]
mod common;
use common::applicant;

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("PROFILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join(format!("profile-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        format!("sqlite://{}/b.sqlite?mode=rwc", dir.display())
    });
    let backend = Backend::open(&url).await.expect("database");
    while alerts::run_due(&backend).await.expect("job").is_some() {}

    // Set-up (not timed): n profiles, each with its outcome as of today.
    let setup = Instant::now();
    let published = backend.published().await.expect("catalog");
    results::record_snapshot(&backend, &published)
        .await
        .expect("snapshot");
    let now = now_rfc3339();
    let mut tx = backend.begin_write().await.expect("tx");
    for i in 0..n {
        let facts = applicant(i);
        let a = assess(&published.catalog, &facts, today());
        let view = results::view(&published.catalog, &a, &facts, "", None);
        let outcome = Outcome {
            eligible: seen(&view),
        };
        sqlx::query(
            "INSERT INTO profiles (token, name, facts, outcome, catalog_version, client, created_at, updated_at, seen_at) VALUES ($1, $2, $3, $4, $5, 'bench', $6, $6, $6)",
        )
        .bind(format!("{i:032x}"))
        .bind(format!("Profile {i}"))
        .bind(serde_json::to_string(&facts).expect("json"))
        .bind(serde_json::to_string(&outcome).expect("json"))
        .bind(published.version.clone())
        .bind(now.clone())
        .execute(&mut *tx)
        .await
        .expect("profile");
    }
    tx.commit().await.expect("commit");
    eprintln!(
        "set-up: {n} profiles in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    // A publisher raises the litigation subsidy's cap.
    auth::add_user(
        &backend,
        "p@bench.cn",
        Role::Publisher,
        "bench-password-1",
        "bench",
    )
    .await
    .expect("publisher");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("192.0.2.1".into()),
        "p@bench.cn",
        "bench-password-1",
    )
    .await
    .expect("signs in");
    let publisher = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    let data = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure");
    let mut changed = data.measure.clone();
    if let Formula::Rate { cap, .. } = &mut changed.formula {
        *cap = Some(600_000);
    }
    for ex in &mut changed.examples {
        if ex.amount == Some(500_000) {
            ex.amount = Some(600_000);
        }
    }
    let saved = editor::save_draft(&backend, &publisher, &changed, data.lock_version, false)
        .await
        .expect("draft");
    let publish = Instant::now();
    editor::publish(
        &backend,
        &publisher,
        editor::Publication {
            measure: &changed,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from: "",
            note: "bench",
        },
    )
    .await
    .expect("publishes");
    let publish_ms = publish.elapsed().as_millis();

    let job = Instant::now();
    let run = alerts::run_due(&backend)
        .await
        .expect("job")
        .expect("a job was due");
    let wall = job.elapsed();
    println!(
        "profile job: {} profiles checked, {} entries written, in {:.2} s ({:.0} profiles/s); the publish itself took {publish_ms} ms",
        run.checked,
        run.entries,
        wall.as_secs_f64(),
        run.checked as f64 / wall.as_secs_f64()
    );
}
