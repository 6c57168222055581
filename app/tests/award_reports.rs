//! "My real award differed" (issue 16): a report on a stored result keeps the estimate and its
//! trace, refuses what it cannot check, is limited per address, and staff mark it reviewed in
//! the audit log.
#![cfg(feature = "ssr")]

use app::backend::clock::today;
use app::backend::{audit, auth, award_reports, results, Backend};
use app::policy::{FactValue, Facts};
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;
use app::wire::staff::Role;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

#[tokio::test]
async fn a_report_keeps_the_estimate_and_staff_mark_it_reviewed() {
    let dir = std::env::temp_dir().join(format!("award-reports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let backend = Backend::open(&format!("sqlite://{}/a.sqlite?mode=rwc", dir.display()))
        .await
        .expect("database");
    let facts = Facts::from([
        (
            "applicant_kind".into(),
            FactValue::Text("enterprise".into()),
        ),
        ("located_in_nanjing".into(), FactValue::Bool(true)),
        ("ip_dispute_outcome".into(), FactValue::Text("won".into())),
        (
            "ip_litigation_cost_cny".into(),
            FactValue::Number(1_200_000),
        ),
    ]);
    let result = results::create(&backend, "r", None, &facts, today(), None)
        .await
        .expect("result");

    award_reports::report(
        &backend,
        "a",
        &result,
        LITIGATION,
        "30万",
        " granted on review ",
    )
    .await
    .expect("reported");
    let listed = award_reports::list(&backend, LITIGATION).await.expect("db");
    assert_eq!(listed.len(), 1);
    let r = &listed[0];
    assert_eq!(
        (r.estimate.as_str(), r.reported.as_str(), r.comment.as_str()),
        ("500,000 yuan", "300,000 yuan", "granted on review")
    );
    assert!(
        r.trace
            .iter()
            .any(|s| s.contains("50% x 1,200,000 = 600,000")),
        "{:?}",
        r.trace
    );
    assert_eq!(r.result, result);
    assert!(r.reviewed_at.is_empty());

    // What cannot be checked is refused, naming the field.
    let field = |e: AppError| match e {
        AppError::Invalid { fields, .. } => fields[0].field.clone(),
        other => panic!("expected a 422, got {other:?}"),
    };
    let not_eligible = award_reports::report(
        &backend,
        "a",
        &result,
        "nwf-2019-1.doctoral-talent-housing-subsidy",
        "1",
        "",
    )
    .await;
    assert_eq!(field(not_eligible.expect_err("refused")), "measure");
    let unreadable = award_reports::report(&backend, "a", &result, LITIGATION, "a lot", "").await;
    assert_eq!(field(unreadable.expect_err("refused")), "amount");
    let negative = award_reports::report(&backend, "a", &result, LITIGATION, "-5", "").await;
    assert_eq!(field(negative.expect_err("refused")), "amount");
    let long =
        award_reports::report(&backend, "a", &result, LITIGATION, "1", &"x".repeat(1001)).await;
    assert_eq!(field(long.expect_err("refused")), "comment");
    assert_eq!(
        award_reports::report(&backend, "a", &"0".repeat(32), LITIGATION, "1", "").await,
        Err(AppError::NotFound)
    );

    // At most 20 a minute from one address.
    for _ in 0..20 {
        award_reports::report(&backend, "b", &result, LITIGATION, "1", "")
            .await
            .expect("within the limit");
    }
    assert!(matches!(
        award_reports::report(&backend, "b", &result, LITIGATION, "1", "").await,
        Err(AppError::RateLimited {
            retry_after_secs: 60,
            ..
        })
    ));

    // A reviewer marks it reviewed: once, in the audit log.
    auth::add_user(
        &backend,
        "rev@test.cn",
        Role::Reviewer,
        "reviewer-password-1",
        "test",
    )
    .await
    .expect("reviewer");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("192.0.2.7".into()),
        "rev@test.cn",
        "reviewer-password-1",
    )
    .await
    .expect("signs in");
    let reviewer = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    award_reports::mark_reviewed(&backend, &reviewer, &r.id)
        .await
        .expect("reviewed");
    assert_eq!(
        award_reports::mark_reviewed(&backend, &reviewer, &r.id).await,
        Err(AppError::NotFound)
    );
    let after = award_reports::list(&backend, LITIGATION).await.expect("db");
    let reviewed = after.iter().find(|x| x.id == r.id).expect("still listed");
    assert_eq!(reviewed.reviewed_by, "rev@test.cn");
    assert!(
        !after[0].reviewed_at.is_empty() || after.last().is_some_and(|x| x.id == r.id),
        "reviewed ones last"
    );
    let log = audit::list(
        backend.pool(),
        &AuditFilter {
            actor: None,
            target: Some(r.id.clone()),
        },
        10,
    )
    .await
    .expect("audit");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "award_report.review");
    assert_eq!(log[0].actor, "rev@test.cn");
}
