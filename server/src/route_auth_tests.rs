//! Every staff route and endpoint refuses anonymous and wrong-role requests. The lists are
//! taken from the running application (registered server functions, the Leptos route list and
//! the staff API table), so a new staff route that is not classified here fails the test.
use std::collections::BTreeMap;

use app::backend::{auth, Backend};
use app::wire::staff::Role;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

use crate::staff_api::STAFF_ROUTES;

/// Each staff server function: lowest role, content type and a well-formed body (`{csrf}` is
/// replaced by the caller's token, so only the role decides).
fn staff_functions() -> BTreeMap<&'static str, (Role, &'static str, String)> {
    let form = "application/x-www-form-urlencoded";
    let json = "application/json";
    let measure = serde_json::to_string(
        app::policy::seed::load()
            .expect("seed")
            .measure("nwf-2020-1.ip-litigation-subsidy")
            .expect("measure"),
    )
    .expect("json");
    BTreeMap::from([
        (
            "/api/staff/sign_out",
            (Role::Editor, form, "csrf={csrf}".to_string()),
        ),
        (
            "/api/staff/change_password",
            (
                Role::Editor,
                form,
                "csrf={csrf}&current=x&new_password=y&confirm=y".into(),
            ),
        ),
        ("/api/staff/audit_log", (Role::Admin, form, String::new())),
        (
            "/api/staff/staff_measures",
            (Role::Editor, form, String::new()),
        ),
        (
            "/api/staff/load_editor",
            (Role::Editor, form, "id=x".into()),
        ),
        (
            "/api/staff/preview_measure",
            (
                Role::Editor,
                json,
                format!(r#"{{"measure":{measure},"facts":{{}}}}"#),
            ),
        ),
        (
            "/api/staff/save_measure",
            (
                Role::Editor,
                json,
                format!(
                    r#"{{"csrf":"{{csrf}}","measure":{measure},"lock_version":-1,"is_new":false}}"#
                ),
            ),
        ),
        (
            "/api/staff/publish_measure",
            (
                Role::Publisher,
                json,
                format!(
                    r#"{{"csrf":"{{csrf}}","measure":{measure},"lock_version":-1,"is_new":false,"effective_from":"","note":""}}"#
                ),
            ),
        ),
        (
            "/api/staff/archive_measure",
            (
                Role::Publisher,
                form,
                "csrf={csrf}&id=x&lock_version=-1&effective_from=".into(),
            ),
        ),
        (
            "/api/staff/version_diff",
            (Role::Editor, form, "id=x&from=1&to=2".into()),
        ),
        (
            "/api/staff/list_accounts",
            (Role::Admin, form, String::new()),
        ),
        (
            "/api/staff/staff_announcements",
            (Role::Editor, form, String::new()),
        ),
        (
            "/api/staff/load_announcement",
            (Role::Editor, form, "id=x".into()),
        ),
        (
            "/api/staff/save_announcement",
            (
                Role::Editor,
                form,
                "csrf={csrf}&id=&title=t&body=b&published_on=2026-01-01&measures=&lock_version=0"
                    .into(),
            ),
        ),
        (
            "/api/staff/publish_announcement",
            (
                Role::Publisher,
                form,
                "csrf={csrf}&id=x&lock_version=0".into(),
            ),
        ),
        (
            "/api/staff/unpublish_announcement",
            (
                Role::Publisher,
                form,
                "csrf={csrf}&id=x&lock_version=0".into(),
            ),
        ),
        (
            "/api/staff/create_account",
            (
                Role::Admin,
                form,
                "csrf={csrf}&email=a%40b.cn&role=editor&password=x".into(),
            ),
        ),
        (
            "/api/staff/set_account_role",
            (Role::Admin, form, "csrf={csrf}&id=x&role=admin".into()),
        ),
        (
            "/api/staff/set_account_active",
            (Role::Admin, form, "csrf={csrf}&id=x&active=false".into()),
        ),
    ])
}

/// Staff pages whose lowest role is above editor.
const PAGE_ROLES: [(&str, Role); 2] =
    [("/staff/audit", Role::Admin), ("/staff/users", Role::Admin)];

struct Caller {
    cookie: String,
    csrf: String,
}

async fn caller(backend: &Backend, role: Role) -> Caller {
    let email = format!("{}@routes.test", role.slug());
    let password = "a-long-test-password";
    auth::add_user(backend, &email, role, password, "test")
        .await
        .expect("user");
    let token = auth::sign_in(backend, &email, password)
        .await
        .expect("sign in");
    let user = auth::session_user(backend, &token)
        .await
        .expect("db")
        .expect("session");
    Caller {
        cookie: format!("{}={token}", auth::SESSION_COOKIE),
        csrf: user.csrf,
    }
}

async fn status(
    app: &axum::Router,
    method: &str,
    path: &str,
    content_type: &str,
    body: String,
    who: Option<&Caller>,
) -> (StatusCode, Option<String>) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, content_type)
        // Pages are requested as a browser does; calls as the server-function client does.
        .header(
            header::ACCEPT,
            if content_type == "text/html" {
                "text/html"
            } else {
                "application/json"
            },
        );
    let mut body = body;
    if let Some(c) = who {
        req = req
            .header(header::COOKIE, &c.cookie)
            .header("x-csrf-token", &c.csrf);
        body = body.replace("{csrf}", &c.csrf);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request"))
        .await
        .expect("response");
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (res.status(), location)
}

#[tokio::test]
async fn every_staff_route_refuses_anonymous_and_wrong_role_requests() {
    let (app, backend) = crate::test_app::fresh("route-auth").await;
    let callers: BTreeMap<Role, Caller> = sign_in_every_role(&backend).await;

    // Server functions: every registered path under /api/staff must be classified.
    let table = staff_functions();
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("/api/staff/"))
        .collect();
    for path in &registered {
        assert!(
            table.contains_key(path),
            "staff server function {path} is not classified in this test"
        );
    }
    assert_eq!(
        registered.len(),
        table.len(),
        "a classified function is no longer registered"
    );
    for (path, (needed, content_type, body)) in &table {
        let (anon, _) = status(&app, "POST", path, content_type, body.clone(), None).await;
        assert_eq!(anon, StatusCode::UNAUTHORIZED, "anonymous {path}");
        for role in Role::ALL.into_iter().filter(|r| !r.allows(*needed)) {
            let (s, _) = status(
                &app,
                "POST",
                path,
                content_type,
                body.clone(),
                Some(&callers[&role]),
            )
            .await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{} calling {path}", role.slug());
        }
    }

    // Staff API routes.
    for (method, path, needed) in STAFF_ROUTES {
        let body = r#"{"files":[]}"#.to_string();
        let (anon, _) = status(&app, method, path, "application/json", body.clone(), None).await;
        assert_eq!(anon, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        for role in Role::ALL.into_iter().filter(|r| !r.allows(needed)) {
            let (s, _) = status(
                &app,
                method,
                path,
                "application/json",
                body.clone(),
                Some(&callers[&role]),
            )
            .await;
            assert_eq!(
                s,
                StatusCode::FORBIDDEN,
                "{} calling {method} {path}",
                role.slug()
            );
        }
    }

    // Staff pages, from the Leptos route list.
    let pages: Vec<String> = leptos_axum::generate_route_list(app::App)
        .into_iter()
        .map(|r| r.path().to_string())
        .filter(|p| p.starts_with("/staff") && p != "/staff/sign-in")
        .map(|p| p.replace(":id", "x").replace("{id}", "x"))
        .collect();
    assert!(pages.len() >= 4, "staff pages found: {pages:?}");
    for page in &pages {
        let (s, location) = status(&app, "GET", page, "text/html", String::new(), None).await;
        assert!(s.is_redirection(), "anonymous GET {page} gave {s}");
        assert!(
            location
                .as_deref()
                .is_some_and(|l| l.starts_with("/staff/sign-in")),
            "anonymous GET {page} went to {location:?}"
        );
        let needed = PAGE_ROLES
            .iter()
            .find(|(p, _)| p == page)
            .map(|(_, r)| *r)
            .unwrap_or(Role::Editor);
        for role in Role::ALL.into_iter().filter(|r| !r.allows(needed)) {
            let (s, _) = status(
                &app,
                "GET",
                page,
                "text/html",
                String::new(),
                Some(&callers[&role]),
            )
            .await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{} opening {page}", role.slug());
        }
    }
}

async fn sign_in_every_role(backend: &Backend) -> BTreeMap<Role, Caller> {
    let mut out = BTreeMap::new();
    for role in Role::ALL {
        out.insert(role, caller(backend, role).await);
    }
    out
}
