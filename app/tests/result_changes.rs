//! Results that stay explainable (issue 16): a stored result keeps the catalog version it was
//! computed with; after a publish that changes a rate or cap, "what changed" recomputes it and
//! names the change. Worked by hand from nwf-2020-1 ("50% of the litigation costs, at most
//! 500,000"): 1,200,000 of costs gives 600,000 capped to 500,000; with the cap raised to
//! 600,000 it gives 600,000.
#![cfg(feature = "ssr")]

mod support;

use app::backend::clock::today;
use app::backend::result_changes::result_changes;
use app::backend::{results, Backend};
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

async fn backend() -> Backend {
    let dir = std::env::temp_dir().join(format!("result-changes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Backend::open(&format!("sqlite://{}/r.sqlite?mode=rwc", dir.display()))
        .await
        .expect("database")
}

#[tokio::test]
async fn a_publish_that_raises_a_cap_is_one_changed_amount_line_naming_the_change() {
    let backend = backend().await;
    let id = results::create(
        &backend,
        "t",
        None,
        &support::litigation_applicant(1_200_000),
        today(),
        None,
    )
    .await
    .expect("result");
    let stored = results::load(&backend, &id)
        .await
        .expect("db")
        .expect("stored");
    assert_eq!(stored.catalog_version.len(), 16);
    assert!(stored
        .catalog_version
        .bytes()
        .all(|b| b.is_ascii_hexdigit()));
    let item = stored
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .find(|i| i.id == LITIGATION)
        .expect("eligible");
    assert_eq!(item.counted, "500,000 yuan");

    // Nothing published since: nothing changed.
    let same = result_changes(&backend, &id, None)
        .await
        .expect("db")
        .expect("result");
    assert!(!same.catalog_changed);
    assert!(same.lines.is_empty());
    assert_eq!(same.current_version, stored.catalog_version);

    // A publisher raises the cap to 600,000.
    let publisher = support::signed_in(&backend, "p@test.cn", Role::Publisher).await;
    support::publish_cap(&backend, &publisher, LITIGATION, 500_000, 600_000, "").await;

    let changes = result_changes(&backend, &id, None)
        .await
        .expect("db")
        .expect("result");
    assert!(changes.catalog_changed);
    assert_ne!(changes.current_version, stored.catalog_version);
    assert_eq!(changes.lines.len(), 1, "{:#?}", changes.lines);
    let line = &changes.lines[0];
    assert_eq!(
        (
            line.measure.as_str(),
            line.kind.as_str(),
            line.before.as_str(),
            line.after.as_str()
        ),
        (LITIGATION, "amount", "500,000 yuan", "600,000 yuan")
    );
    assert_eq!(line.causes.len(), 1, "{:#?}", line.causes);
    let cause = &line.causes[0];
    assert_eq!(
        (
            cause.field.as_str(),
            cause.before.as_str(),
            cause.after.as_str()
        ),
        ("formula.cap", "500000", "600000")
    );
    assert_eq!((cause.from_version, cause.to_version), (1, 2));
    assert_eq!(cause.effective_from, today().to_string());
    assert_eq!(
        cause.link,
        format!("/measures/{LITIGATION}?from=1&to=2#changes")
    );
    assert_eq!(changes.total_before, stored.total);

    // The stored result itself is as it was.
    assert_eq!(
        results::load(&backend, &id)
            .await
            .expect("db")
            .expect("stored"),
        stored
    );

    // Recomputed as of yesterday, before the new version took effect: as it was.
    let yesterday = result_changes(&backend, &id, Some(today().add_days(-1)))
        .await
        .expect("db")
        .expect("result");
    assert!(yesterday.lines.is_empty(), "{:#?}", yesterday.lines);
    assert!(!yesterday.catalog_changed);

    // An unknown result.
    assert!(result_changes(&backend, &"0".repeat(32), None)
        .await
        .expect("db")
        .is_none());
    assert!(result_changes(&backend, "../x", None)
        .await
        .expect("db")
        .is_none());
}
