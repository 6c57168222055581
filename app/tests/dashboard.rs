//! The staff dashboard (issue 17 part 4): drafts waiting for a publisher, scheduled versions,
//! closing soon, award reports not yet reviewed, and the charts' counts, for each role.
#![cfg(feature = "ssr")]

mod support;

use app::backend::clock::today;
use app::backend::dashboard::{overview, week_start};
use app::backend::{award_reports, editor, results};
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";
const OTHER: &str = "nwf-2020-1.priority-financing-guarantee";

#[tokio::test]
async fn the_dashboard_lists_what_needs_doing_and_counts_the_catalogs_use() {
    let backend = support::sqlite_backend("dashboard").await;
    backend.seed_if_empty().await.expect("seed");
    let day = today();
    let publisher = support::signed_in(&backend, "pub@dash.test", Role::Publisher).await;
    let reviewer = support::signed_in(&backend, "rev@dash.test", Role::Reviewer).await;
    let empty = overview(&backend, &publisher, day)
        .await
        .expect("dashboard");
    assert!(empty.drafts.is_empty() && empty.scheduled.is_empty());
    assert!(empty.most_assessed.is_empty());
    assert_eq!(empty.per_week.len(), 12);
    assert_eq!(empty.per_week.iter().map(|w| w.count).sum::<u64>(), 0);
    assert_eq!(
        empty.unreviewed_reports, None,
        "publishers do not review awards"
    );
    let measures =
        |d: &app::wire::dashboard::Dashboard| d.by_state.iter().map(|c| c.count).sum::<u64>();
    let published = backend
        .published()
        .await
        .expect("catalog")
        .catalog
        .measures
        .len() as u64;
    assert_eq!(measures(&empty), published, "{:?}", empty.by_state);
    assert_eq!(
        empty.by_category.iter().map(|c| c.count).sum::<u64>(),
        published
    );

    // Three results found eligible for the litigation subsidy, one award report on them.
    let mut last = String::new();
    for cost in [200_000, 1_200_000, 1_400_000] {
        last = results::create(
            &backend,
            "t",
            None,
            &support::litigation_applicant(cost),
            day,
            None,
        )
        .await
        .expect("result");
    }
    award_reports::report(&backend, "t", &last, LITIGATION, "450000", "")
        .await
        .expect("report");
    // A draft, and a version scheduled for next month.
    let data = editor::load(&backend, LITIGATION)
        .await
        .expect("db")
        .expect("measure");
    let mut draft = data.measure.clone();
    draft.title.push_str(" (draft)");
    editor::save_draft(&backend, &publisher, &draft, data.lock_version, false)
        .await
        .expect("draft");
    let later = day.add_days(40).to_string();
    support::publish_cap(&backend, &publisher, LITIGATION, 500_000, 600_000, &later).await;
    let other = editor::load(&backend, OTHER)
        .await
        .expect("db")
        .expect("measure");
    editor::save_draft(
        &backend,
        &publisher,
        &other.measure,
        other.lock_version,
        false,
    )
    .await
    .expect("second draft");

    let d = overview(&backend, &publisher, day)
        .await
        .expect("dashboard");
    assert_eq!(d.today, day.to_string());
    // Each of the three results counts once for every measure it found eligible (the
    // litigation subsidy among them); ties are listed by id.
    let most = d
        .most_assessed
        .iter()
        .find(|c| c.key == LITIGATION)
        .expect("the litigation subsidy is among the most assessed");
    assert_eq!(most.count, 3);
    assert!(d.most_assessed.iter().all(|c| c.count == 3));
    assert!(d.most_assessed.windows(2).all(|w| w[0].key < w[1].key));
    assert!(!most.label.is_empty());
    let this_week = d.per_week.last().expect("weeks");
    assert_eq!(this_week.key, week_start(day).to_string());
    assert_eq!(this_week.count, 3);
    assert_eq!(d.per_week.iter().map(|w| w.count).sum::<u64>(), 3);
    let scheduled: Vec<(&str, &str)> = d
        .scheduled
        .iter()
        .map(|s| (s.id.as_str(), s.effective_from.as_str()))
        .collect();
    assert_eq!(scheduled, [(LITIGATION, later.as_str())]);
    assert_eq!(d.scheduled[0].published_by, "pub@dash.test");
    // Publishing took the litigation draft; the other one waits.
    let drafts: Vec<(&str, &str, &str, bool)> = d
        .drafts
        .iter()
        .map(|r| (r.kind.as_str(), r.id.as_str(), r.by.as_str(), r.is_new))
        .collect();
    assert_eq!(drafts, [("measure", OTHER, "pub@dash.test", false)]);
    // A fact's draft waits beside the measure's.
    let cost = "ip_litigation_cost_cny";
    let fact =
        app::backend::reference::load(&backend, app::policy::reference::EntryKind::Fact, cost)
            .await
            .expect("db")
            .expect("fact");
    app::backend::reference::save_draft(
        &backend,
        &publisher,
        &app::backend::reference::Change {
            kind: app::policy::reference::EntryKind::Fact,
            key: cost,
            entry: Some(&fact.entry),
            lock_version: fact.lock_version,
            is_new: false,
        },
    )
    .await
    .expect("fact draft");
    let d = overview(&backend, &publisher, day)
        .await
        .expect("dashboard");
    let kinds: Vec<(&str, &str)> = d
        .drafts
        .iter()
        .map(|r| (r.kind.as_str(), r.id.as_str()))
        .collect();
    // Oldest first (the same second here: then by kind).
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&("measure", OTHER)) && kinds.contains(&("fact", cost)));
    assert!(d.drafts.iter().all(|r| !r.title.is_empty()));
    // Every closing-soon row is within 30 days, soonest first.
    assert!(d
        .closing_soon
        .iter()
        .all(|c| (0..=30).contains(&c.days_left)));
    assert!(d
        .closing_soon
        .windows(2)
        .all(|w| w[0].days_left <= w[1].days_left));
    assert_eq!(d.unreviewed_reports, None);

    let r = overview(&backend, &reviewer, day).await.expect("dashboard");
    let reports = r.unreviewed_reports.expect("reviewers see reports");
    assert_eq!(reports.len(), 1);
    assert_eq!((reports[0].key.as_str(), reports[0].count), (LITIGATION, 1));
    assert!(
        r.drafts.is_empty() && r.scheduled.is_empty(),
        "reviewers do no catalog work"
    );
}
