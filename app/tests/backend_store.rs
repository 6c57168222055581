//! The catalog store against a real database: SQLite always, PostgreSQL when
//! `TEST_POSTGRES_URL` names one (the test command starts one on loopback).
#![cfg(feature = "ssr")]

mod support;

use app::backend::Backend;
use app::policy::seed;

async fn check_round_trip(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");
    let published = backend.published().await.expect("catalog reads back");
    let embedded = seed::load().expect("embedded catalog");
    assert_eq!(
        published.catalog.measures, embedded.measures,
        "measures survive storage unchanged"
    );
    assert_eq!(published.catalog.rules, embedded.rules);
    assert_eq!(published.catalog.documents, embedded.documents);
    assert_eq!(
        published.catalog.vocabulary.iter().collect::<Vec<_>>(),
        embedded.vocabulary.iter().collect::<Vec<_>>()
    );
    // A second start neither re-seeds nor fails.
    let again = Backend::open(url).await.expect("reopens");
    assert_eq!(again.seed_if_empty().await.expect("no-op"), 0);
    // The cached copy is returned while nothing changed.
    let a = backend.published().await.expect("cached");
    let b = backend.published().await.expect("cached");
    assert!(std::sync::Arc::ptr_eq(&a, &b));
}

#[tokio::test]
async fn sqlite_seeds_and_reads_back_the_catalog() {
    let dir = std::env::temp_dir().join(format!("policy-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/store.sqlite?mode=rwc", dir.display());
    check_round_trip(&url).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_seeds_and_reads_back_the_catalog() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    check_round_trip(&url).await;
}
