//! Announcements against a real database: SQLite always, PostgreSQL when `TEST_POSTGRES_URL`
//! names one. Saving, the stale-save refusal, publishing, scheduling and the audit trail.
#![cfg(feature = "ssr")]

mod support;

use app::backend::updates::{self, AnnouncementInput};
use app::backend::{audit, Backend};
use app::policy::Date;
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;
use app::wire::staff::{Role, StaffUser};

fn member(email: &str, role: Role) -> StaffUser {
    StaffUser {
        id: email.into(),
        email: email.into(),
        role,
        csrf: "x".into(),
    }
}

fn input<'a>(
    id: &'a str,
    title: &'a str,
    date: &'a str,
    measures: &'a str,
    lock: i64,
) -> AnnouncementInput<'a> {
    AnnouncementInput {
        id,
        title,
        body: "New **R&D** rules. <script>alert(1)</script>",
        published_on: date,
        measures,
        lock_version: lock,
    }
}

async fn check_announcements(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");
    let measure = backend.published().await.expect("catalog").catalog.measures[0]
        .id
        .clone();
    let editor = member("editor@example.org", Role::Editor);
    let publisher = member("publisher@example.org", Role::Publisher);
    // A unique title, so the test can run again on the same PostgreSQL database.
    let title = format!("Grant rules changed {}", std::process::id());

    // Unknown measures and empty titles are refused field by field, and nothing is stored.
    match updates::save(
        &backend,
        &editor,
        &input("", " ", "2026-01-01", "no-such", 0),
    )
    .await
    {
        Err(AppError::Invalid { fields: f, .. }) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, vec!["title", "measures"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }

    // Create a draft.
    let created = updates::save(
        &backend,
        &editor,
        &input("", &title, "2020-01-01", &measure, 0),
    )
    .await
    .expect("draft saved");
    assert_eq!(created.status, "draft");
    assert_eq!(created.lock_version, 1);
    let id = created.id.clone();
    let day = Date::parse("2030-01-01").expect("date");
    let public = updates::published(&backend, day, 1000).await.expect("list");
    assert!(public.iter().all(|a| a.id != id), "drafts are not public");

    // Two people open it; the first save wins, the second is refused and changes nothing.
    let first = updates::save(
        &backend,
        &editor,
        &input(&id, &format!("{title} (v2)"), "2020-01-01", &measure, 1),
    )
    .await
    .expect("first save");
    assert_eq!(first.lock_version, 2);
    match updates::save(
        &backend,
        &publisher,
        &input(&id, "Stale", "2020-01-01", "", 1),
    )
    .await
    {
        Err(e @ AppError::Conflict { .. }) => {
            assert_eq!(e.status(), axum::http::StatusCode::CONFLICT);
            assert!(e.to_string().contains("editor@example.org"), "{e}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let loaded = updates::load(&backend, &id)
        .await
        .expect("load")
        .expect("found");
    assert_eq!(loaded.title, format!("{title} (v2)"));
    assert_eq!(loaded.measures, vec![measure.clone()]);

    // Publishing with a stale counter is refused too; with the current one it goes public.
    let stale = updates::set_status(&backend, &publisher, &id, 1, true).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let published = updates::set_status(&backend, &publisher, &id, 2, true)
        .await
        .expect("published");
    assert_eq!(published.status, "published");
    let public = updates::published(&backend, day, 1000).await.expect("list");
    let shown = public.iter().find(|a| a.id == id).expect("public now");
    assert!(
        shown.html.contains("<strong>R&amp;D</strong>"),
        "{}",
        shown.html
    );
    assert!(!shown.html.contains("<script"), "{}", shown.html);
    assert_eq!(shown.measures[0].id, measure);
    assert_ne!(
        shown.measures[0].title, measure,
        "measure named from the catalog"
    );
    let home = backend.latest_updates(1000).await.expect("home list");
    assert!(home.iter().any(|u| u.href == format!("/updates#{id}")));

    // An editor may not change a published announcement; a publisher may.
    assert!(matches!(
        updates::save(
            &backend,
            &editor,
            &input(&id, "Edited", "2020-01-01", "", published.lock_version)
        )
        .await,
        Err(AppError::Invalid { .. })
    ));
    let rescheduled = updates::save(
        &backend,
        &publisher,
        &input(&id, &title, "2099-12-31", "", published.lock_version),
    )
    .await
    .expect("publisher saves");
    assert_eq!(rescheduled.status, "published");
    // A future date keeps it off the public list and the home page until then.
    let public = updates::published(&backend, day, 1000).await.expect("list");
    assert!(
        public.iter().all(|a| a.id != id),
        "scheduled, not yet public"
    );
    let home = backend.latest_updates(1000).await.expect("home list");
    assert!(home.iter().all(|u| u.href != format!("/updates#{id}")));
    let rows = updates::list(&backend).await.expect("staff list");
    assert!(rows.iter().any(|r| r.id == id && r.scheduled));

    // Unpublish.
    let back = updates::set_status(&backend, &publisher, &id, rescheduled.lock_version, false)
        .await
        .expect("unpublished");
    assert_eq!(back.status, "draft");

    // Every change is in the audit log with the record before and after.
    let entries = audit::list(
        backend.pool(),
        &AuditFilter {
            actor: None,
            target: Some(id.clone()),
        },
        50,
    )
    .await
    .expect("audit");
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "announcement.unpublish",
            "announcement.save",
            "announcement.publish",
            "announcement.save",
            "announcement.create"
        ]
    );
    assert!(entries[0]
        .before
        .as_deref()
        .is_some_and(|b| b.contains("\"published\"")));
    assert!(entries[0]
        .after
        .as_deref()
        .is_some_and(|a| a.contains("\"draft\"")));
    assert!(entries[4].before.is_none());
}

#[tokio::test]
async fn sqlite_announcements_save_conflict_publish() {
    let dir = std::env::temp_dir().join(format!("policy-updates-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/updates.sqlite?mode=rwc", dir.display());
    check_announcements(&url).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_announcements_save_conflict_publish() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    check_announcements(&url).await;
}
