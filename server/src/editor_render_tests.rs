//! The measure editor renders on the server for a per_item measure over a list fact: the list
//! select, the entry formula over the list's fields, the cap across entries, the entry condition
//! and the worked example's list all reach the page (the browser hydrates the same markup).
use app::backend::{auth, editor, transfer, Backend};
use app::policy::measure::Expectation;
use app::policy::{Comparison, Condition, Example, FactValue, Formula, Op, Rate};
use app::wire::staff::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

const PROJECTS: &str = r#"
[[facts]]
name = "projects"
type = "list"
label = "Venture capital projects with a loss"
item_label = "project"
question = "Which of your venture capital projects made a loss?"
step = "rd_investment"
fields = [
  { name = "loss", type = "money", label = "Investment loss", question = "Loss?", min = 0 },
  { name = "startup_stage", type = "bool", label = "Start-up stage", question = "Start-up stage?" },
]
"#;

const ID: &str = "nwf-2020-1.venture-risk-compensation";

#[tokio::test]
async fn the_editor_renders_a_per_item_measure() {
    let dir = std::env::temp_dir().join(format!("editor-render-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/t.sqlite?mode=rwc", dir.display());
    let backend = Backend::open(&url).await.expect("database");

    // The list fact, then a draft paying for each start-up project.
    let mut files = transfer::export(&backend).await.expect("export");
    for (name, text) in &mut files {
        if name == "facts.toml" {
            text.push_str(PROJECTS);
        }
    }
    transfer::import(&backend, "test", &files)
        .await
        .expect("import");
    let email = "editor@render.test";
    auth::add_user(
        &backend,
        email,
        Role::Editor,
        "a-long-test-password",
        "test",
    )
    .await
    .expect("user");
    let token = auth::sign_in(
        &backend,
        &auth::ClientAddr("test".into()),
        email,
        "a-long-test-password",
    )
    .await
    .expect("sign in");
    let user = auth::session_user(&backend, &token)
        .await
        .expect("db")
        .expect("session");
    let mut m = editor::load(&backend, "")
        .await
        .expect("loads")
        .expect("template")
        .measure;
    m.id = ID.into();
    m.title = "Venture capital risk compensation".into();
    m.formula = Formula::PerItem {
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
    };
    m.condition = Condition::Compare(Comparison {
        fact: "projects".into(),
        op: Op::Ge,
        value: FactValue::Number(1),
    });
    let entry = [
        ("loss".to_string(), FactValue::Number(5_000_000)),
        ("startup_stage".to_string(), FactValue::Bool(true)),
    ]
    .into();
    m.examples = vec![Example {
        name: "one project".into(),
        facts: [
            (
                "applicant_kind".to_string(),
                FactValue::Text("enterprise".into()),
            ),
            ("projects".to_string(), FactValue::Items(vec![entry])),
        ]
        .into(),
        expect: Expectation::Eligible,
        amount: None,
        low: Some(0),
        high: Some(1_000_000),
        per_month: None,
        as_of: None,
    }];
    editor::save_draft(&backend, &user, &m, 0, true)
        .await
        .expect("saves");

    let options = LeptosOptions::builder()
        .output_name("policy-portal")
        .site_root("target/site")
        .build();
    let app = crate::router::build(options, backend.clone());
    let req = Request::builder()
        .method("GET")
        .uri(format!("/staff/measures/{ID}/edit"))
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, format!("{}={token}", auth::SESSION_COOKIE))
        .body(Body::empty())
        .expect("request");
    let res = app.oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let body = axum::body::to_bytes(res.into_body(), 10_000_000)
        .await
        .expect("body");
    // Translated texts with values are rendered in parts, with hydration markers between them
    // (`<!>`, `<!---->`); the test reads the text without them.
    let html = String::from_utf8_lossy(&body)
        .replace("<!---->", "")
        .replace("<!>", "");
    for expected in [
        // The kind and the list.
        r#"<option value="per_item" selected"#,
        r#"id="formula-items""#,
        r#"<option value="projects" selected"#,
        // What one project gets: a rate range over the project's own loss.
        "What one project gets",
        r#"id="formula-kind-0""#,
        r#"<option value="loss" selected"#,
        // The cap across projects and which projects count.
        "At most, for all entries together (per year where the text says so)",
        "Which projects count",
        r#"id="when-fact""#,
        r#"<option value="startup_stage" selected"#,
        // The measure's condition counts the projects.
        "Venture capital projects with a loss: number of projects (projects)",
        "Number of projects",
        // How a list is typed (the fields' text itself is filled in by the browser), and the
        // worked example with its list run on the server.
        // (the first list fact of the catalog serves as the example of the syntax)
        "A list fact takes its entries in brackets, one {...} per ",
        "Passes: </span>one project",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in the page");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
