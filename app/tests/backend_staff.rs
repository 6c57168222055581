//! The staff back end against a real database: SQLite always, PostgreSQL when
//! `TEST_POSTGRES_URL` names a server (a database of its own is created there, so publishing
//! here never disturbs the other tests).
#![cfg(feature = "ssr")]

mod support;

use app::backend::auth;
use app::backend::clock::today;
use app::backend::{audit, editor, transfer, Backend};
use app::policy::measure::Expectation;
use app::policy::{
    Comparison, Condition, Example, FactType, FactValue, Formula, Measure, Op, Rate,
};
use app::wire::audit::AuditFilter;
use app::wire::errors::AppError;
use app::wire::staff::Role;
use app::wire::staff::StaffUser;

const LITIGATION: &str = "nwf-2020-1.ip-litigation-subsidy";

/// The client address these sign-ins come from.
fn here() -> auth::ClientAddr {
    auth::ClientAddr("192.0.2.1".into())
}

fn cap_of(m: &Measure) -> Option<i64> {
    match &m.formula {
        Formula::Rate { cap, .. } => *cap,
        _ => None,
    }
}

async fn scenario(url: &str) {
    let backend = Backend::open(url).await.expect("database opens");

    // Accounts: weak passwords and duplicates are refused.
    assert!(matches!(
        auth::add_user(&backend, "weak@test.cn", Role::Editor, "short", "test").await,
        Err(AppError::Invalid { .. })
    ));
    auth::add_user(
        &backend,
        "editor@test.cn",
        Role::Editor,
        "editor-password-1",
        "test",
    )
    .await
    .expect("editor");
    auth::add_user(
        &backend,
        "publisher@test.cn",
        Role::Publisher,
        "publisher-password-1",
        "test",
    )
    .await
    .expect("publisher");
    assert!(matches!(
        auth::add_user(
            &backend,
            "Editor@Test.cn",
            Role::Admin,
            "another-password",
            "test"
        )
        .await,
        Err(AppError::Invalid { .. })
    ));

    // Ten wrong passwords lock the address and account, even for the right password afterwards.
    for i in 1..=10 {
        let r = auth::sign_in(&backend, &here(), "editor@test.cn", &format!("wrong-{i}")).await;
        if i < 10 {
            assert!(
                matches!(r, Err(AppError::Unauthenticated { .. })),
                "attempt {i}: {r:?}"
            );
        } else {
            assert!(
                matches!(
                    r,
                    Err(AppError::RateLimited {
                        retry_after_secs: 900,
                        ..
                    })
                ),
                "attempt {i}: {r:?}"
            );
        }
    }
    assert!(matches!(
        auth::sign_in(&backend, &here(), "editor@test.cn", "editor-password-1").await,
        Err(AppError::RateLimited { .. })
    ));

    // Sessions: the token opens the session, the database keeps only its hash.
    let token = auth::sign_in(
        &backend,
        &here(),
        "publisher@test.cn",
        "publisher-password-1",
    )
    .await
    .expect("signs in");
    let publisher = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    assert_eq!(publisher.role, Role::Publisher);
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM staff_sessions WHERE token_hash = $1")
            .bind(&token)
            .fetch_one(backend.pool())
            .await
            .expect("query");
    assert_eq!(stored, 0, "the raw token is never stored");
    let mut editor_user = publisher.clone();
    editor_user.email = "editor@test.cn".into();
    editor_user.role = Role::Editor;

    // Drafts with optimistic locking.
    let data = editor::load(&backend, LITIGATION)
        .await
        .expect("loads")
        .expect("exists");
    assert_eq!(cap_of(&data.measure), Some(500_000));
    let mut changed = data.measure.clone();
    if let Formula::Rate { cap, .. } = &mut changed.formula {
        *cap = Some(600_000);
    }
    let saved = editor::save_draft(&backend, &editor_user, &changed, data.lock_version, false)
        .await
        .expect("first save");
    let stale = editor::save_draft(&backend, &publisher, &changed, data.lock_version, false).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");

    // Publishing refuses a failing worked example (1,200,000 of costs now gives 600,000).
    let refused = editor::publish(
        &backend,
        &publisher,
        editor::Publication {
            measure: &changed,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from: "",
            note: "",
        },
    )
    .await;
    match refused {
        Err(AppError::Invalid { fields: f, .. }) => {
            assert!(f[0].field.starts_with("examples["), "{f:?}")
        }
        other => panic!("expected failing examples, got {other:?}"),
    }
    for ex in &mut changed.examples {
        if ex.amount == Some(500_000) {
            ex.amount = Some(600_000);
        }
    }
    // Built once per catalog version in force: two past days with no change between them
    // share one built catalog.
    let old_today = backend.as_of(today()).await.expect("today");
    let long_ago = backend
        .as_of(today().add_days(-40))
        .await
        .expect("40 days ago");
    let not_as_long = backend
        .as_of(today().add_days(-30))
        .await
        .expect("30 days ago");
    assert!(std::sync::Arc::ptr_eq(&long_ago, &not_as_long));
    let published = editor::publish(
        &backend,
        &publisher,
        editor::Publication {
            measure: &changed,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from: "",
            note: "cap raised",
        },
    )
    .await
    .expect("publishes");
    assert_eq!(published.version, Some(2));
    // Publishing drops what was built for the old revision.
    let new_today = backend.as_of(today()).await.expect("today");
    assert!(!std::sync::Arc::ptr_eq(&old_today, &new_today));
    assert!(std::sync::Arc::ptr_eq(
        &new_today,
        &backend.as_of(today().add_days(7)).await.expect("next week")
    ));

    // Today's catalog has the new cap; the day before still has the old one.
    let now = backend.as_of(today()).await.expect("today");
    assert_eq!(
        cap_of(now.catalog.measure(LITIGATION).expect("m")),
        Some(600_000)
    );
    let before = backend.as_of(today().pred()).await.expect("yesterday");
    assert_eq!(
        cap_of(before.catalog.measure(LITIGATION).expect("m")),
        Some(500_000)
    );

    // A readable diff between the versions.
    let diff = editor::diff(&backend, LITIGATION, 1, 2)
        .await
        .expect("diff");
    assert!(diff
        .iter()
        .any(|c| c.field == "formula.cap" && c.before == "500000" && c.after == "600000"));

    // The audit log has the publication with before and after.
    let log = audit::list(
        backend.pool(),
        &AuditFilter {
            actor: Some("publisher@test.cn".into()),
            target: Some(LITIGATION.into()),
        },
        50,
    )
    .await
    .expect("audit");
    let publish = log
        .iter()
        .find(|e| e.action == "measure.publish")
        .expect("publish audited");
    assert!(publish
        .before
        .as_deref()
        .is_some_and(|b| b.contains("500000")));
    assert!(publish
        .after
        .as_deref()
        .is_some_and(|a| a.contains("600000")));

    // Export then import changes nothing; a changed file publishes a new version.
    let files = transfer::export(&backend).await.expect("export");
    let report = transfer::import(&backend, "test", &files)
        .await
        .expect("import");
    assert!(
        report.added.is_empty() && report.changed.is_empty(),
        "{report:?}"
    );
    let edited: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.clone(), t.replace("cap = 600000", "cap = 650000")))
        .collect();
    let report = transfer::import(&backend, "test", &edited)
        .await
        .expect("import");
    assert_eq!(report.changed, vec![LITIGATION.to_string()]);
    let broken: Vec<(String, String)> = files
        .iter()
        .map(|(n, t)| (n.clone(), t.replace("rate = \"50%\"", "rate = \"150%\"")))
        .collect();
    assert!(matches!(
        transfer::import(&backend, "test", &broken).await,
        Err(AppError::Invalid { .. })
    ));

    // Archiving removes the measure from today's catalog, not from the day before.
    let data = editor::load(&backend, LITIGATION)
        .await
        .expect("loads")
        .expect("exists");
    editor::archive(&backend, &publisher, LITIGATION, data.lock_version, "")
        .await
        .expect("archives");
    let now = backend.as_of(today()).await.expect("today");
    assert!(now.catalog.measure(LITIGATION).is_none());
    let before = backend.as_of(today().pred()).await.expect("yesterday");
    assert!(before.catalog.measure(LITIGATION).is_some());

    per_item_round_trip(&backend, &editor_user, &publisher).await;
}

/// A list fact, as `facts.toml` would declare it (added by an import below).
const PROJECTS: &str = r#"
[[facts]]
name = "projects"
type = "list"
label = "Venture capital projects with a loss"
item_label = "project"
question = "Which of your venture capital projects made a loss?"
step = "rd_investment"
max = 10
fields = [
  { name = "loss", type = "money", label = "Investment loss", question = "Loss?", min = 0 },
  { name = "startup_stage", type = "bool", label = "Start-up stage", question = "Start-up stage?" },
]
"#;

const RISK: &str = "nwf-2020-1.venture-risk-compensation";

fn enterprise() -> (String, FactValue) {
    (
        "applicant_kind".into(),
        FactValue::Text("enterprise".into()),
    )
}

fn project(loss: i64, startup: bool) -> app::policy::Facts {
    [
        ("loss".to_string(), FactValue::Number(loss)),
        ("startup_stage".to_string(), FactValue::Bool(startup)),
    ]
    .into()
}

/// "30% of the project's investment loss, capped at RMB 1 million ... capped at RMB 3 million
/// per annum", for start-up projects only.
fn risk_formula() -> Formula {
    Formula::PerItem {
        items: "projects".into(),
        each: Box::new(Formula::RateRange {
            min_rate: Rate::from_bp(0),
            max_rate: Rate::from_bp(3000),
            base: "loss".into(),
            cap: Some(1_000_000),
        }),
        cap: Some(3_000_000),
        when: Some(Condition::Compare(Comparison {
            fact: "startup_stage".into(),
            op: Op::Eq,
            value: FactValue::Bool(true),
        })),
    }
}

/// A per_item measure written in the editor: the list fact reaches the editor with its fields,
/// the loader's messages name the part of the formula, and the measure saves, previews (list
/// facts typed as in the editor), publishes and exports.
async fn per_item_round_trip(backend: &Backend, editor_user: &StaffUser, publisher: &StaffUser) {
    // Declare the list fact by importing the catalog with it.
    let mut files = transfer::export(backend).await.expect("export");
    for (name, text) in &mut files {
        if name == "facts.toml" {
            text.push_str(PROJECTS);
        }
    }
    let report = transfer::import(backend, "test", &files)
        .await
        .expect("import");
    assert!(report.changed.is_empty(), "{report:?}");

    let data = editor::load(backend, "")
        .await
        .expect("loads")
        .expect("new");
    let projects = data
        .facts
        .iter()
        .find(|f| f.name == "projects")
        .expect("the list fact is offered");
    assert_eq!(projects.fact_type, FactType::List);
    assert_eq!(projects.item_label.as_deref(), Some("project"));
    let fields: Vec<(&str, FactType)> = projects
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.fact_type))
        .collect();
    assert_eq!(
        fields,
        [("loss", FactType::Money), ("startup_stage", FactType::Bool)]
    );

    let mut m = data.measure.clone();
    m.id = RISK.into();
    m.title = "Venture capital risk compensation".into();
    m.summary = "Compensation for losses of start-up projects.".into();
    m.citation.item = "6".into();
    m.citation.quote = "capped at RMB 1 million ... capped at RMB 3 million per annum".into();
    m.formula = risk_formula();
    m.examples = vec![
        Example {
            name: "two start-up projects".into(),
            facts: [
                enterprise(),
                (
                    "projects".to_string(),
                    FactValue::Items(vec![project(5_000_000, true), project(2_000_000, true)]),
                ),
            ]
            .into(),
            expect: Expectation::Eligible,
            amount: None,
            low: Some(0),
            high: Some(1_600_000),
            per_month: None,
            as_of: None,
        },
        Example {
            name: "no start-up project".into(),
            facts: [
                enterprise(),
                (
                    "projects".to_string(),
                    FactValue::Items(vec![project(5_000_000, false)]),
                ),
            ]
            .into(),
            expect: Expectation::NotEligible,
            amount: None,
            low: None,
            high: None,
            per_month: None,
            as_of: None,
        },
    ];

    // The loader's messages name the part of the formula they are about.
    let field_of = |p: &app::wire::editor::Preview, field: &str| {
        p.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let mut wrong = m.clone();
    if let Formula::PerItem { items, .. } = &mut wrong.formula {
        *items = "ip_litigation_cost_cny".into();
    }
    let p = editor::preview(backend, &wrong, &Default::default())
        .await
        .expect("preview");
    assert!(
        field_of(&p, "formula.items")
            .is_some_and(|e| e.starts_with("a per_item formula pays for each entry of a list fact")),
        "{:?}",
        p.errors
    );
    let mut wrong = m.clone();
    if let Formula::PerItem {
        each, when, cap, ..
    } = &mut wrong.formula
    {
        **each = Formula::Rate {
            rate: Rate::from_bp(1000),
            base: "ip_litigation_cost_cny".into(),
            cap: None,
            floor: None,
        };
        *when = Some(Condition::Compare(Comparison {
            fact: "applicant_kind".into(),
            op: Op::Eq,
            value: FactValue::Text("enterprise".into()),
        }));
        *cap = Some(0);
    }
    let p = editor::preview(backend, &wrong, &Default::default())
        .await
        .expect("preview");
    assert_eq!(
        field_of(&p, "formula.each").as_deref(),
        Some("unknown fact \"ip_litigation_cost_cny\""),
        "an entry's formula reads the entry's fields: {:?}",
        p.errors
    );
    assert_eq!(
        field_of(&p, "formula.when").as_deref(),
        Some("unknown fact \"applicant_kind\"")
    );
    assert_eq!(
        field_of(&p, "formula.cap").as_deref(),
        Some("cap must be positive")
    );

    // The right one validates; its examples pass; the preview reads a typed list.
    let raw = [
        ("applicant_kind".to_string(), "enterprise".to_string()),
        (
            "projects".to_string(),
            "[{loss = 5,000,000, startup_stage = yes}, {loss = 9000000, startup_stage = no}]"
                .to_string(),
        ),
    ]
    .into();
    let p = editor::preview(backend, &m, &raw).await.expect("preview");
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(p.examples.iter().all(|e| e.passed), "{:?}", p.examples);
    assert_eq!(p.outcome[0], "Eligible.");
    assert!(
        p.outcome
            .iter()
            .any(|l| l.starts_with("project 2: not counted")),
        "{:?}",
        p.outcome
    );
    let bad = [("projects".to_string(), "[{loss = 5}]".to_string())].into();
    let p = editor::preview(backend, &m, &bad).await.expect("preview");
    assert_eq!(
        field_of(&p, "preview.projects").as_deref(),
        Some("project 1: Start-up stage (startup_stage) is missing")
    );

    // Saved as a draft and read back unchanged.
    let saved = editor::save_draft(backend, editor_user, &m, 0, true)
        .await
        .expect("saves");
    let back = editor::load(backend, RISK)
        .await
        .expect("loads")
        .expect("exists");
    assert_eq!(back.measure.formula, m.formula);
    assert_eq!(back.measure.examples, m.examples);
    assert!(back.preview.errors.is_empty(), "{:?}", back.preview.errors);

    // Published: in today's catalog, and the export imports again without a change.
    let published = editor::publish(
        backend,
        publisher,
        editor::Publication {
            measure: &back.measure,
            lock_version: saved.lock_version,
            is_new: false,
            effective_from: "",
            note: "per project",
        },
    )
    .await
    .expect("publishes");
    assert_eq!(published.version, Some(1));
    let now = backend.as_of(today()).await.expect("today");
    assert_eq!(
        now.catalog.measure(RISK).expect("published").formula,
        risk_formula()
    );
    let files = transfer::export(backend).await.expect("export");
    let report = transfer::import(backend, "test", &files)
        .await
        .expect("import");
    assert!(
        report.added.is_empty() && report.changed.is_empty(),
        "{report:?}"
    );
}

#[tokio::test]
async fn sqlite_staff_workflow() {
    let dir = std::env::temp_dir().join(format!("policy-staff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    scenario(&format!("sqlite://{}/staff.sqlite?mode=rwc", dir.display())).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgres_staff_workflow() {
    let Some(url) = support::postgres_server() else {
        return;
    };
    scenario(&support::fresh_postgres_database(&url, "staff").await).await;
}
