//! Online applications against a real database: SQLite always, PostgreSQL when
//! `TEST_POSTGRES_URL` names a server (a database of its own is created there).
#![cfg(feature = "ssr")]

mod support;

use app::backend::applications::{
    apply_move, by_id, by_link, complete_materials, queue, record_material, start, submit,
};
use app::backend::mail::{deliver, MailTransport};
use app::backend::{audit, Backend};
use app::policy::application::{Move, Stage};
use app::policy::{Date, FactValue, Facts};
use app::wire::applications::{ApplicantKind, NewApplication, QueueFilter, StoredMaterial};
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";
const CODE: &str = "91320100MA1XXXXX0X";
const REVIEWER: &str = "window@test.cn";

/// The worked example "Settled with 300,000 of costs: 150,000".
fn answers(outcome: &str) -> Facts {
    let mut f = Facts::new();
    f.insert(
        "applicant_kind".into(),
        FactValue::Text("enterprise".into()),
    );
    f.insert("located_in_nanjing".into(), FactValue::Bool(true));
    f.insert("ip_dispute_outcome".into(), FactValue::Text(outcome.into()));
    f.insert("ip_litigation_cost_cny".into(), FactValue::Number(300_000));
    f
}

fn form(key: &str) -> NewApplication {
    NewApplication {
        measure_id: LITIGATION.into(),
        answers: answers("settled"),
        applicant_kind: ApplicantKind::Organisation,
        applicant_name: "Nanjing Example Tech Co., Ltd.".into(),
        credit_code: Some(CODE.into()),
        contact_email: Some("chen@example.cn".into()),
        contact_phone: Some("+86 25-8888 1234".into()),
        idempotency_key: key.into(),
    }
}

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn file() -> StoredMaterial {
    StoredMaterial {
        file_name: "judgment.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1234,
        sha256: "ab".repeat(32),
    }
}

async fn count(backend: &Backend, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(backend.pool())
        .await
        .expect("count");
    n
}

fn field_of(r: Result<impl std::fmt::Debug, AppError>, field: &str) {
    match r {
        Err(e) => assert!(e.message_for(field).is_some(), "{field}: {e:?}"),
        Ok(v) => panic!("{field}: expected a refusal, got {v:?}"),
    }
}

async fn scenario(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");
    let today = day("2030-01-07");

    // Refusals: nothing is written.
    let mut bad = form("key-bad-code-000001");
    bad.credit_code = Some("91320100MA1XXXXX0A".into());
    field_of(start(&backend, bad).await, "credit_code");
    let mut bad = form("key-no-code-0000001");
    bad.credit_code = None;
    field_of(start(&backend, bad).await, "credit_code");
    let mut bad = form("key-lost-000000001");
    bad.answers = answers("lost");
    field_of(start(&backend, bad).await, "answers");
    let mut bad = form("key-unknown-0000001");
    bad.measure_id = "no-such.measure".into();
    field_of(start(&backend, bad).await, "measure_id");
    let mut bad = form("short");
    bad.contact_email = Some("not an address".into());
    bad.contact_phone = Some("12".into());
    let e = start(&backend, bad).await.expect_err("refused");
    for f in ["idempotency_key", "contact_email", "contact_phone"] {
        assert!(e.message_for(f).is_some(), "{f}: {e:?}");
    }
    assert_eq!(
        count(&backend, "SELECT COUNT(*) FROM applications").await,
        0
    );

    // Start, idempotently: the same key answers the same application.
    let first = start(&backend, form("key-journey-0000001"))
        .await
        .expect("starts");
    let again = start(&backend, form("key-journey-0000001"))
        .await
        .expect("same key");
    assert_eq!(again.id, first.id);
    assert_eq!(
        count(&backend, "SELECT COUNT(*) FROM applications").await,
        1
    );
    assert!(by_link(&backend, &first.link_token, today)
        .await
        .expect("reads")
        .is_none());
    let link = again.link_token;
    let mut other = form("key-journey-0000001");
    other.measure_id = "nwf-2020-1.other".into();
    assert!(matches!(
        start(&backend, other).await,
        Err(AppError::Conflict { .. })
    ));
    let stored: (String,) = sqlx::query_as("SELECT link_hash FROM applications")
        .fetch_one(backend.pool())
        .await
        .expect("hash");
    assert_ne!(stored.0, link);

    let draft = by_link(&backend, &link, today)
        .await
        .expect("reads")
        .expect("found");
    assert_eq!(draft.stage, Stage::Draft);
    assert_eq!(draft.credit_code.as_deref(), Some(CODE));
    assert_eq!(draft.estimate.counted.map(|c| c.high), Some(150_000));
    assert!(!draft.estimate.trace.is_empty());
    assert!(by_link(&backend, &"0".repeat(64), today)
        .await
        .expect("reads")
        .is_none());
    assert!(by_link(&backend, "nonsense", today)
        .await
        .expect("reads")
        .is_none());

    // A refused move writes nothing: approving a draft.
    let id = draft.id.clone();
    let refused = apply_move(
        &backend,
        &id,
        REVIEWER,
        0,
        &Move::Approve { amount: 1 },
        today,
    )
    .await;
    assert!(
        matches!(refused, Err(AppError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(
        count(&backend, "SELECT COUNT(*) FROM application_events").await,
        0
    );
    assert_eq!(count(&backend, "SELECT COUNT(*) FROM outbox").await, 0);
    assert_eq!(count(&backend, "SELECT COUNT(*) FROM audit_log").await, 0);

    // Submit, twice: one event.
    let sent = submit(&backend, &link).await.expect("submits");
    assert_eq!(sent.stage, Stage::Submitted);
    let sent = submit(&backend, &link).await.expect("submits again");
    assert_eq!(sent.stage, Stage::Submitted);
    assert_eq!(sent.events.len(), 1);
    assert!(sent.submitted_at.is_some());
    assert!(matches!(
        start(&backend, form("key-journey-0000001")).await,
        Err(AppError::Conflict { .. })
    ));

    // A stale lock is a conflict.
    let stale = apply_move(&backend, &id, REVIEWER, 0, &Move::Accept, today).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");

    // Accepted on condition: a missing material, a deadline.
    let accept = Move::AcceptConditionally {
        missing: vec!["court judgment".into()],
        deadline: day("2030-01-20"),
        note: "Send the judgment's certified copy.".into(),
    };
    let past = Move::AcceptConditionally {
        missing: vec!["court judgment".into()],
        deadline: day("2030-01-01"),
        note: String::new(),
    };
    field_of(
        apply_move(&backend, &id, REVIEWER, sent.lock_version, &past, today).await,
        "deadline",
    );
    let cond = apply_move(&backend, &id, REVIEWER, sent.lock_version, &accept, today)
        .await
        .expect("accepted on condition");
    assert_eq!(cond.stage, Stage::ConditionallyAccepted);
    assert_eq!(cond.outstanding, vec!["court judgment".to_string()]);
    // The applicant is told what, by when, and the reviewer's words.
    assert_eq!(
        cond.events.last().and_then(|e| e.message.as_deref()),
        Some("Missing: court judgment. Deadline: 2030-01-20. Send the judgment's certified copy.")
    );
    assert!(!cond.overdue);
    assert!(!cond.acceptance_late);
    let late = by_id(&backend, &id, day("2030-01-21"))
        .await
        .expect("reads")
        .expect("found");
    assert!(late.overdue);
    let overdue = queue(
        &backend,
        &QueueFilter {
            overdue_only: true,
            ..Default::default()
        },
        day("2030-01-21"),
    )
    .await
    .expect("queue");
    assert_eq!(overdue.total, 1);
    field_of(
        complete_materials(&backend, &link, day("2030-01-21")).await,
        "deadline",
    );
    field_of(
        complete_materials(&backend, &link, day("2030-01-10")).await,
        "materials",
    );

    // The material comes in; the applicant completes.
    record_material(&backend, &link, "court judgment", file())
        .await
        .expect("recorded");
    let done = complete_materials(&backend, &link, day("2030-01-10"))
        .await
        .expect("complete");
    assert_eq!(done.stage, Stage::Accepted);
    assert_eq!(done.materials.len(), 1);
    assert!(done.outstanding.is_empty());

    // Review, approve, pay.
    let review = apply_move(
        &backend,
        &id,
        REVIEWER,
        done.lock_version,
        &Move::StartReview,
        today,
    )
    .await
    .expect("review");
    field_of(
        apply_move(
            &backend,
            &id,
            REVIEWER,
            review.lock_version,
            &Move::Approve { amount: -1 },
            today,
        )
        .await,
        "amount",
    );
    let approved = apply_move(
        &backend,
        &id,
        REVIEWER,
        review.lock_version,
        &Move::Approve { amount: 150_000 },
        today,
    )
    .await
    .expect("approved");
    assert_eq!(approved.amount_granted, Some(150_000));
    assert!(approved.decided_at.is_some());
    let paid = apply_move(
        &backend,
        &id,
        REVIEWER,
        approved.lock_version,
        &Move::MarkPaid,
        today,
    )
    .await
    .expect("paid");
    assert_eq!(paid.stage, Stage::Paid);
    let stages: Vec<Stage> = paid.events.iter().map(|e| e.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Submitted,
            Stage::ConditionallyAccepted,
            Stage::Accepted,
            Stage::UnderReview,
            Stage::Approved,
            Stage::Paid
        ]
    );
    assert_eq!(paid.events[0].actor, "applicant");
    assert_eq!(paid.events[1].actor, REVIEWER);
    assert_eq!(count(&backend, "SELECT COUNT(*) FROM outbox").await, 6);
    let log = audit::list(
        backend.pool(),
        &AuditFilter {
            actor: None,
            target: Some(id.clone()),
        },
        50,
    )
    .await
    .expect("audit");
    let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "application.accept_conditionally",
            "application.start_review",
            "application.approve",
            "application.mark_paid"
        ]
    );

    // The staff queue finds it by name, code and id.
    for q in ["example tech", CODE, id.as_str()] {
        let found = queue(
            &backend,
            &QueueFilter {
                q: Some(q.into()),
                ..Default::default()
            },
            today,
        )
        .await
        .expect("queue");
        assert_eq!(found.total, 1, "{q}");
        assert_eq!(found.rows[0].stage, Stage::Paid);
    }
    let none = queue(
        &backend,
        &QueueFilter {
            stage: Some(Stage::Submitted),
            ..Default::default()
        },
        today,
    )
    .await
    .expect("queue");
    assert_eq!(none.total, 0);

    mail_goes_out(
        &backend,
        if url.starts_with("postgres") {
            "pg"
        } else {
            "sqlite"
        },
    )
    .await;
}

/// The queued mail: kept while the mail server cannot be reached, then sent once.
async fn mail_goes_out(backend: &Backend, label: &str) {
    let queued = count(backend, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await;
    assert!(queued > 0, "the moves queued no mail");
    let from: lettre::message::Mailbox = "Policy <no-reply@test.cn>".parse().expect("from");
    let down = MailTransport::from_url("smtp://127.0.0.1:1").expect("url");
    let d = deliver(backend, &down, &from).await.expect("round");
    assert_eq!((d.sent, d.failed as i64), (0, queued));
    assert_eq!(
        count(
            backend,
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL"
        )
        .await,
        queued
    );
    let folder = std::env::temp_dir().join(format!("policy-mail-{}-{}", std::process::id(), label));
    let _ = std::fs::remove_dir_all(&folder);
    let files = MailTransport::from_url(&format!("file://{}", folder.display())).expect("folder");
    let d = deliver(backend, &files, &from).await.expect("round");
    assert_eq!((d.sent as i64, d.failed), (queued, 0));
    assert_eq!(
        count(backend, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        0
    );
    let mails: Vec<String> = std::fs::read_dir(&folder)
        .expect("mail folder")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("mail"))
        .collect();
    assert_eq!(mails.len() as i64, queued);
    assert!(mails.iter().any(|m| m.contains("To: chen@example.cn")
        && m.contains("Subject: Your application is approved")));
    // Sent once only.
    let d = deliver(backend, &files, &from).await.expect("round");
    assert_eq!((d.sent, d.failed), (0, 0));
    let _ = std::fs::remove_dir_all(&folder);
}

#[tokio::test]
async fn sqlite_applications() {
    let dir = std::env::temp_dir().join(format!("policy-applications-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    scenario(&format!(
        "sqlite://{}/applications.sqlite?mode=rwc",
        dir.display()
    ))
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_applications() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    scenario(&support::fresh_postgres_database(&url, "applications").await).await;
}
