//! A measure first published with a later "with effect from" day is *announced* until that
//! day (issue 17 part 2): the catalog lists it with that day as its first day in force, the
//! state filter finds it, and the engine answers "takes effect on" that day; from the day on
//! it is open and assessed.
#![cfg(feature = "ssr")]

mod support;

use app::backend::clock::today;
use app::backend::editor;
use app::backend::search::search;
use app::policy::engine::assess;
use app::policy::lifecycle::{lifecycle, Lifecycle};
use app::policy::{Reason, Verdict};
use app::wire::catalog::MeasureQuery;
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";
const NEW: &str = "nwf-2020-1.announced-litigation-subsidy";

#[tokio::test]
async fn a_measure_published_for_a_later_day_is_announced_until_then() {
    let backend = support::sqlite_backend("announced").await;
    backend.seed_if_empty().await.expect("seed");
    let publisher = support::signed_in(&backend, "p@announced.test", Role::Publisher).await;
    let mut m = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure")
        .measure;
    m.id = NEW.into();
    let saved = editor::save_draft(&backend, &publisher, &m, 0, true)
        .await
        .expect("draft");
    let day = today().add_days(10);
    editor::publish(
        &backend,
        &publisher,
        editor::Publication {
            measure: &m,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from: &day.to_string(),
            note: "from next week",
        },
    )
    .await
    .expect("publishes");

    let now = backend.published().await.expect("catalog");
    let listed = now.catalog.measure(NEW).expect("listed before its day");
    assert_eq!(listed.effective_from, day);
    assert_eq!(lifecycle(listed, today()), Lifecycle::Announced);
    assert_eq!(lifecycle(listed, day.add_days(-1)), Lifecycle::Announced);
    assert_eq!(lifecycle(listed, day), Lifecycle::Open);
    let found = search(
        &now.index,
        &MeasureQuery {
            state: Some("announced".into()),
            ..MeasureQuery::default()
        },
        today(),
    )
    .expect("search");
    assert!(found
        .measures
        .iter()
        .any(|s| s.id == NEW && s.state == "announced"));

    let facts = support::litigation_applicant(1_200_000);
    let before = assess(&now.catalog, &facts, today());
    let o = before
        .outcomes
        .iter()
        .find(|o| o.measure.id == NEW)
        .expect("assessed");
    assert_eq!(o.verdict, Verdict::NotInForce);
    assert_eq!(o.reason, Some(Reason::NotYetInForce(day)));
    let then = backend.as_of(day).await.expect("catalog then");
    let after = assess(&then.catalog, &facts, day);
    let o = after
        .outcomes
        .iter()
        .find(|o| o.measure.id == NEW)
        .expect("assessed");
    assert_eq!(o.verdict, Verdict::Eligible);
}
