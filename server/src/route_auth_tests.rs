//! Every staff route and endpoint refuses anonymous and wrong-role requests. The lists are
//! taken from the running application (registered server functions, the Leptos route list and
//! the staff API table), so a new staff route that is not classified here fails the test.
use std::collections::BTreeMap;

use app::backend::{auth, Backend};
use app::wire::staff::{Access, Role};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

use crate::staff_api::STAFF_ROUTES;

/// Each staff server function: lowest role, content type and a well-formed body (`{csrf}` is
/// replaced by the caller's token, so only the role decides).
fn staff_functions() -> BTreeMap<&'static str, (Access, &'static str, String)> {
    let form = |role: Role, body: &str| {
        (
            Access::from(role),
            "application/x-www-form-urlencoded",
            body.to_string(),
        )
    };
    let member = |body: &str| {
        (
            Access::Member,
            "application/x-www-form-urlencoded",
            body.to_string(),
        )
    };
    let json = |role: Role, body: String| (Access::from(role), "application/json", body);
    let measure = serde_json::to_string(
        app::policy::seed::load()
            .expect("seed")
            .measure("nwf-2020-1.ip-litigation-subsidy")
            .expect("measure"),
    )
    .expect("json");
    let edit = format!(r#""csrf":"{{csrf}}","measure":{measure},"lock_version":-1,"is_new":false"#);
    let change_password = "csrf={csrf}&current=x&new_password=y&confirm=y";
    let archive = "csrf={csrf}&id=x&lock_version=-1&effective_from=";
    let announcement =
        "csrf={csrf}&id=&title=t&body=b&published_on=2026-01-01&measures=&lock_version=0";
    let account = "csrf={csrf}&email=a%40b.cn&role=editor&password=x";
    BTreeMap::from([
        ("/api/staff/sign_out", member("csrf={csrf}")),
        ("/api/staff/change_password", member(change_password)),
        ("/api/staff/staff_dashboard", member("")),
        (
            "/api/staff/application_queue",
            form(
                Role::Reviewer,
                "measure=&stage=&overdue_only=false&q=&page=0",
            ),
        ),
        ("/api/staff/staff_application", form(Role::Reviewer, "id=x")),
        (
            "/api/staff/award_reports",
            form(Role::Reviewer, "measure=nwf-2020-1.ip-litigation-subsidy"),
        ),
        (
            "/api/staff/review_award_report",
            form(Role::Reviewer, "csrf={csrf}&id=x"),
        ),
        (
            "/api/staff/move_application",
            form(
                Role::Reviewer,
                "csrf={csrf}&id=x&lock_version=0&action=accept",
            ),
        ),
        ("/api/staff/service_times", form(Role::Reviewer, "")),
        ("/api/staff/audit_log", form(Role::Admin, "")),
        ("/api/staff/staff_measures", form(Role::Editor, "")),
        ("/api/staff/load_editor", form(Role::Editor, "id=x")),
        (
            "/api/staff/preview_measure",
            json(
                Role::Editor,
                format!(r#"{{"measure":{measure},"facts":{{}}}}"#),
            ),
        ),
        (
            "/api/staff/impact_preview",
            json(
                Role::Editor,
                format!(r#"{{"measure":{measure},"effective_from":""}}"#),
            ),
        ),
        ("/api/staff/impact_progress", form(Role::Editor, "job=x")),
        (
            "/api/staff/save_measure",
            json(Role::Editor, format!("{{{edit}}}")),
        ),
        (
            "/api/staff/publish_measure",
            json(
                Role::Publisher,
                format!(r#"{{{edit},"effective_from":"","note":""}}"#),
            ),
        ),
        ("/api/staff/archive_measure", form(Role::Publisher, archive)),
        (
            "/api/staff/version_diff",
            form(Role::Editor, "id=x&from=1&to=2"),
        ),
        ("/api/staff/reference_entries", form(Role::Editor, "kind=fact")),
        (
            "/api/staff/load_reference",
            form(Role::Editor, "kind=fact&key=x"),
        ),
        (
            "/api/staff/save_reference",
            json(
                Role::Editor,
                r#"{"csrf":"{csrf}","kind":"fact","key":"x","entry":null,"lock_version":-1,"is_new":false}"#.to_string(),
            ),
        ),
        (
            "/api/staff/publish_reference",
            json(
                Role::Publisher,
                r#"{"csrf":"{csrf}","kind":"fact","key":"x","entry":null,"lock_version":-1,"is_new":false,"note":""}"#.to_string(),
            ),
        ),
        (
            "/api/staff/reference_diff",
            form(Role::Editor, "kind=fact&key=x&from=1&to=2"),
        ),
        ("/api/staff/list_accounts", form(Role::Admin, "")),
        ("/api/staff/staff_announcements", form(Role::Editor, "")),
        ("/api/staff/load_announcement", form(Role::Editor, "id=x")),
        (
            "/api/staff/save_announcement",
            form(Role::Editor, announcement),
        ),
        (
            "/api/staff/publish_announcement",
            form(Role::Publisher, "csrf={csrf}&id=x&lock_version=0"),
        ),
        (
            "/api/staff/unpublish_announcement",
            form(Role::Publisher, "csrf={csrf}&id=x&lock_version=0"),
        ),
        ("/api/staff/create_account", form(Role::Admin, account)),
        (
            "/api/staff/set_account_role",
            form(Role::Admin, "csrf={csrf}&id=x&role=admin"),
        ),
        (
            "/api/staff/set_account_active",
            form(Role::Admin, "csrf={csrf}&id=x&active=false"),
        ),
    ])
}

/// Staff pages that need something else than the editor role.
const PAGE_ROLES: [(&str, Access); 8] = [
    ("/staff/award-reports", Access::Role(Role::Reviewer)),
    ("/staff/audit", Access::Role(Role::Admin)),
    ("/staff/users", Access::Role(Role::Admin)),
    ("/staff", Access::Member),
    ("/staff/account", Access::Member),
    ("/staff/applications", Access::Role(Role::Reviewer)),
    ("/staff/applications/x", Access::Role(Role::Reviewer)),
    ("/staff/service-times", Access::Role(Role::Reviewer)),
];

struct Caller {
    cookie: String,
    csrf: String,
}

async fn caller(backend: &Backend, role: Role) -> Caller {
    named_caller(backend, role, role.slug()).await
}

/// A new account of `role` named `name`, signed in.
async fn named_caller(backend: &Backend, role: Role, name: &str) -> Caller {
    let email = format!("{name}@routes.test");
    let password = "a-long-test-password";
    auth::add_user(backend, &email, role, password, "test")
        .await
        .expect("user");
    let token = auth::sign_in(backend, &auth::ClientAddr("test".into()), &email, password)
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

/// Where a request says it comes from.
#[derive(Clone, Copy, Debug)]
enum From {
    /// `Origin` is this site, as a browser on one of its pages sends it.
    Site,
    /// `Origin` is another site.
    Foreign,
    /// No `Origin`, and a `Referer` on another site.
    ForeignReferer,
    /// Neither header.
    Nowhere,
}

async fn status(
    app: &axum::Router,
    method: &str,
    path: &str,
    content_type: &str,
    body: String,
    who: Option<&Caller>,
) -> (StatusCode, Option<String>) {
    status_from(app, method, path, content_type, body, who, From::Site).await
}

async fn status_from(
    app: &axum::Router,
    method: &str,
    path: &str,
    content_type: &str,
    body: String,
    who: Option<&Caller>,
    from: From,
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
    req = match from {
        From::Site => req.header(header::ORIGIN, "http://127.0.0.1:3000"),
        From::Foreign => req.header(header::ORIGIN, "https://evil.example"),
        From::ForeignReferer => req.header(header::REFERER, "https://evil.example/page"),
        From::Nowhere => req,
    };
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

/// A well-formed body for a staff API route: the file upload is a multipart form carrying
/// its token, the others take JSON.
fn staff_route_body(path: &str) -> (&'static str, String) {
    if path.ends_with("/import-files") {
        let b = "XyZboundary42";
        (
            "multipart/form-data; boundary=XyZboundary42",
            format!("--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{{csrf}}\r\n--{b}--\r\n"),
        )
    } else {
        ("application/json", r#"{"files":[]}"#.to_string())
    }
}

/// The lowest role an access admits (the one the positive checks sign in as).
fn lowest(needed: Access) -> Role {
    match needed {
        Access::Member => Role::Editor,
        Access::Role(r) => r,
    }
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
        for role in Role::ALL.into_iter().filter(|r| !needed.allows(*r)) {
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
        // The lowest allowed role gets through (a fresh account: one call signs out). With
        // a wrong anti-forgery token, a call that carries one is refused.
        let name = path.trim_start_matches("/api/staff/").replace('_', "-");
        let allowed = named_caller(&backend, lowest(*needed), &name).await;
        if body.contains("{csrf}") {
            let forged = Caller {
                cookie: allowed.cookie.clone(),
                csrf: "0".repeat(allowed.csrf.len()),
            };
            let (s, _) = status(
                &app,
                "POST",
                path,
                content_type,
                body.clone(),
                Some(&forged),
            )
            .await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{path} with a wrong token");
        }
        let (s, _) = status(
            &app,
            "POST",
            path,
            content_type,
            body.clone(),
            Some(&allowed),
        )
        .await;
        assert!(
            s != StatusCode::UNAUTHORIZED && s != StatusCode::FORBIDDEN && !s.is_server_error(),
            "{} calling {path} gave {s}",
            lowest(*needed).slug()
        );
    }

    // Staff API routes, and the staff download of applicants' materials.
    let material = crate::applicant::STAFF_MATERIAL_ROUTE;
    let material = (
        material.0,
        material.1.replace("{id}", "x").replace("{material}", "y"),
        material.2,
    );
    let routes = STAFF_ROUTES
        .iter()
        .map(|(m, p, r)| (*m, p.to_string(), *r))
        .chain([material]);
    for (method, path, needed) in routes {
        let path = path.as_str();
        let (kind, body) = staff_route_body(path);
        let (anon, _) = status(&app, method, path, kind, body.clone(), None).await;
        assert_eq!(anon, StatusCode::UNAUTHORIZED, "anonymous {method} {path}");
        for role in Role::ALL.into_iter().filter(|r| !r.allows(needed)) {
            let (s, _) = status(
                &app,
                method,
                path,
                kind,
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
        let allowed = &callers[&needed];
        if method == "POST" {
            let forged = Caller {
                cookie: allowed.cookie.clone(),
                csrf: "0".repeat(allowed.csrf.len()),
            };
            let (s, _) = status(&app, method, path, kind, body.clone(), Some(&forged)).await;
            assert_eq!(
                s,
                StatusCode::FORBIDDEN,
                "{method} {path} with a wrong token"
            );
        }
        let (s, _) = status(&app, method, path, kind, body.clone(), Some(allowed)).await;
        assert!(
            s != StatusCode::UNAUTHORIZED && s != StatusCode::FORBIDDEN && !s.is_server_error(),
            "{} calling {method} {path} gave {s}",
            needed.slug()
        );
    }

    // Staff pages, from the Leptos route list.
    let pages: Vec<String> = leptos_axum::generate_route_list(app::App)
        .into_iter()
        .map(|r| r.path().to_string())
        .filter(|p| p.starts_with("/staff") && p != "/staff/sign-in")
        .map(|p| {
            p.replace(":id", "x")
                .replace("{id}", "x")
                .replace(":kind", "facts")
        })
        .collect();
    assert!(pages.len() >= 4, "staff pages found: {pages:?}");
    for page in &pages {
        let (s, location) = status(&app, "GET", page, "text/html", String::new(), None).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "anonymous GET {page}");
        // Whatever the client accepts: never an empty frame.
        let (s, _) = status(&app, "GET", page, "*/*", String::new(), None).await;
        assert_eq!(
            s,
            StatusCode::SEE_OTHER,
            "anonymous GET {page} accepting anything"
        );
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
            .unwrap_or(Access::Role(Role::Editor));
        for role in Role::ALL.into_iter().filter(|r| !needed.allows(*r)) {
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
        let (s, _) = status(
            &app,
            "GET",
            page,
            "text/html",
            String::new(),
            Some(&callers[&lowest(needed)]),
        )
        .await;
        assert!(
            s == StatusCode::OK || s == StatusCode::NOT_FOUND,
            "{} opening {page} gave {s}",
            lowest(needed).slug()
        );
    }
}

/// Every state-changing request that does not come from this site is refused, whoever sends
/// it: every registered server function, the applicant's forms and the staff API's writes.
/// The staff calls are made by an admin with the right token, so only the origin can refuse.
#[tokio::test]
async fn every_state_changing_request_from_another_site_is_refused() {
    let (app, backend) = crate::test_app::fresh("route-forgery").await;
    let admin = named_caller(&backend, Role::Admin, "forgery-admin").await;
    let staff = staff_functions();
    let mut requests: Vec<(String, &str, String, Option<&Caller>)> = Vec::new();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        match staff.get(path) {
            Some((_, kind, body)) => {
                requests.push((path.to_string(), kind, body.clone(), Some(&admin)))
            }
            None => requests.push((
                path.to_string(),
                "application/x-www-form-urlencoded",
                String::new(),
                None,
            )),
        }
    }
    for form in crate::applicant::APPLICANT_FORMS
        .iter()
        .chain(crate::profiles::PROFILE_FORMS.iter())
    {
        let path = form
            .replace("{measure}", "nwf-2020-1.ip-litigation-subsidy")
            .replace("{token}", &"ab".repeat(32));
        requests.push((
            path,
            "application/x-www-form-urlencoded",
            String::new(),
            None,
        ));
    }
    for (method, path, _) in STAFF_ROUTES {
        if crate::forgery::changes_state(&method.parse().expect("method")) {
            let (kind, body) = staff_route_body(path);
            requests.push((path.to_string(), kind, body, Some(&admin)));
        }
    }
    assert!(requests.len() >= 40, "{} requests", requests.len());
    for (path, kind, body, who) in &requests {
        for from in [From::Foreign, From::ForeignReferer, From::Nowhere] {
            let (s, _) = status_from(&app, "POST", path, kind, body.clone(), *who, from).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "POST {path} from {from:?}");
        }
    }
    // The same requests from this site pass the check (whatever they then answer), so the
    // refusals above come from the origin alone. Sign-out last: it ends the admin's session.
    requests.sort_by_key(|(path, ..)| path.ends_with("/sign_out"));
    for (path, kind, body, who) in &requests {
        let (s, _) = status_from(&app, "POST", path, kind, body.clone(), *who, From::Site).await;
        assert!(
            s != StatusCode::FORBIDDEN && s != StatusCode::UNAUTHORIZED && !s.is_server_error(),
            "POST {path} from this site gave {s}"
        );
    }
    // The one endpoint open to other sites and programs: the public assessment, which reads
    // no cookie and acts for no one.
    // State changes only through POST: every other method on these routes is the router's
    // 405, whoever asks (so no PUT or DELETE handler can slip past the check).
    let mut others = vec![
        (
            "TRACE".to_string(),
            "/api/v1/results/0123456789abcdef0123456789abcdef".to_string(),
        ),
        ("PUT".to_string(), "/api/v1/measures".to_string()),
        ("DELETE".to_string(), "/api/v1/facts".to_string()),
    ];
    for (path, ..) in &requests {
        for m in ["PUT", "PATCH", "DELETE"] {
            others.push((m.to_string(), path.clone()));
        }
    }
    // A POST to a route that only reads (a page, the API's reads, files) is the router's 405
    // too, from anywhere: the check guards what takes a POST and no more.
    let reads = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .chain(
            crate::api::READS
                .iter()
                .chain(crate::applicant::READS.iter())
                .chain(crate::profiles::READS.iter())
                .chain(crate::staff_api::READS.iter())
                .chain(crate::assets::Assets::READS.iter())
                .chain(["/healthz", "/readyz", "/lang/{locale}", "/updates.atom"].iter())
                .map(|p| p.to_string()),
        )
        .collect::<Vec<_>>();
    assert!(reads.len() >= 30, "{} read routes", reads.len());
    // No route that takes a POST is let through as a read, whatever page shares its path.
    let let_through = crate::router::read_routes(&leptos_axum::generate_route_list(app::App));
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        assert!(!let_through.contains(path), "{path} is let through");
    }
    for (_, path, _) in STAFF_ROUTES.iter().filter(|(m, ..)| *m == "POST") {
        assert!(!let_through.contains(path), "{path} is let through");
    }
    for form in crate::applicant::APPLICANT_FORMS
        .iter()
        .chain(crate::profiles::PROFILE_FORMS.iter())
    {
        assert!(!let_through.contains(form), "{form} is let through");
    }
    assert!(!let_through.contains(crate::profiles::UNSUBSCRIBE));
    assert!(let_through.contains("/api/v1/results/{id}"));
    for path in reads {
        // A page whose form posts to its own address takes a POST: refused above.
        if crate::applicant::APPLICANT_FORMS.contains(&path.as_str()) {
            continue;
        }
        let concrete = path
            .split('/')
            .map(|seg| match seg {
                "{*file}" => "app.js",
                "{locale}" => "en",
                s if s.starts_with('{') => "0123456789abcdef0123456789abcdef",
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        others.push(("POST".to_string(), concrete));
    }
    for (method, path) in &others {
        let (method, path) = (method.as_str(), path.as_str());
        let (s, _) = status_from(
            &app,
            method,
            path,
            "application/json",
            String::new(),
            None,
            From::Foreign,
        )
        .await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
    }
    assert_eq!(
        crate::forgery::OPEN_TO_OTHER_SITES,
        [
            "/api/v1/assess",
            "/api/v1/results",
            "/profiles/email/{email_token}/unsubscribe"
        ]
    );
    // The mail client's one-click unsubscribe (RFC 8058) comes from no page of this site and
    // is not refused; a token that opens nothing unsubscribes nothing.
    let (s, _) = status_from(
        &app,
        "POST",
        &format!("/profiles/email/{}/unsubscribe", "ab".repeat(16)),
        "application/x-www-form-urlencoded",
        "List-Unsubscribe=One-Click".into(),
        None,
        From::Foreign,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = status_from(
        &app,
        "POST",
        "/api/v1/assess",
        "application/json",
        r#"{"facts":{}}"#.into(),
        None,
        From::Foreign,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
}

async fn sign_in_every_role(backend: &Backend) -> BTreeMap<Role, Caller> {
    let mut out = BTreeMap::new();
    for role in Role::ALL {
        out.insert(role, caller(backend, role).await);
    }
    out
}

/// Server functions anyone may call, each with why that is safe. Every registered function
/// is either here or in [`staff_functions`], so a new one must be classified.
const PUBLIC_FUNCTIONS: [(&str, &str); 21] = [
    (
        "/api/fn/load_profile",
        "opens only under the profile's secret token",
    ),
    (
        "/api/fn/result_profile",
        "names a profile only to the holder of its result's secret id",
    ),
    (
        "/api/fn/current_staff",
        "answers the caller's own session only",
    ),
    ("/api/fn/sign_in", "the way in (throttled)"),
    ("/api/fn/list_measures", "the public catalog"),
    ("/api/fn/get_measure", "the public catalog"),
    ("/api/fn/home_overview", "the public catalog"),
    (
        "/api/fn/catalog_files",
        "names of the public catalog's files",
    ),
    ("/api/fn/platform_status", "public figures"),
    ("/api/fn/published_updates", "published announcements"),
    (
        "/api/fn/wizard_page",
        "opens only under the wizard's secret session id",
    ),
    (
        "/api/fn/save_step",
        "writes only under the wizard's secret session id",
    ),
    (
        "/api/fn/review_page",
        "opens only under the wizard's secret session id",
    ),
    (
        "/api/fn/finish_wizard",
        "computes under the wizard's secret session id",
    ),
    (
        "/api/fn/restart_from_result",
        "copies a result opened by its secret id into a new wizard; changes nothing existing",
    ),
    (
        "/api/fn/get_result",
        "opens only under the result's secret id",
    ),
    (
        "/api/fn/result_changes",
        "recomputes a result opened by its secret id; changes nothing",
    ),
    (
        "/api/fn/report_award",
        "records a report on a result opened by its secret id (limited per address)",
    ),
    (
        "/api/fn/measure_changes",
        "differences between two published versions of a public measure",
    ),
    (
        "/api/fn/load_apply_form",
        "the public measure with a result opened by its secret id",
    ),
    (
        "/api/fn/my_application",
        "opens only under the application's secret link",
    ),
];

#[tokio::test]
async fn every_server_function_is_classified_and_links_open_nothing_else() {
    let (app, _backend) = crate::test_app::fresh("route-public").await;
    let staff = staff_functions();
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        assert!(
            staff.contains_key(path) || PUBLIC_FUNCTIONS.iter().any(|(p, _)| *p == path),
            "server function {path} is neither a staff function nor a classified public one"
        );
    }
    // A link token that opens no application: a 404 and nothing, for the function and for
    // every applicant route under it.
    let token = "ab".repeat(32);
    let (s, _) = status(
        &app,
        "POST",
        "/api/fn/my_application",
        "application/x-www-form-urlencoded",
        format!("token={token}"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    for (method, path) in [
        ("GET", format!("/applications/{token}")),
        ("GET", format!("/applications/{token}/feed.atom")),
        ("GET", format!("/applications/{token}/materials/x")),
        ("POST", format!("/applications/{token}/submit")),
        ("POST", format!("/applications/{token}/materials")),
    ] {
        let kind = if method == "GET" {
            "text/html"
        } else {
            "application/x-www-form-urlencoded"
        };
        let (s, _) = status(&app, method, &path, kind, String::new(), None).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{method} {path}");
    }
}

/// Signed-in staff pages render their content on the server: the measure list, the audit
/// log and the award reports are readable without JavaScript.
#[tokio::test]
async fn signed_in_staff_pages_render_on_the_server() {
    let (app, backend) = crate::test_app::fresh("route-ssr").await;
    let admin = named_caller(&backend, Role::Admin, "ssr-admin").await;
    let chinese = format!("{}; {}=zh", admin.cookie, app::app::LANG_COOKIE);
    for (page, cookie, expected) in [
        (
            "/staff/measures",
            &admin.cookie,
            "nwf-2020-1.ip-litigation-subsidy",
        ),
        ("/staff/audit", &admin.cookie, "data-testid=\"audit-row\""),
        (
            "/staff/award-reports",
            &admin.cookie,
            "data-testid=\"reports-none\"",
        ),
        ("/staff", &admin.cookie, "data-testid=\"chart-state-table\""),
        ("/staff", &chinese, "工作人员区"),
        (
            "/staff/reference/facts",
            &admin.cookie,
            "ip_litigation_cost_cny",
        ),
        ("/staff/reference/facts", &chinese, "事实项"),
        (
            "/staff/reference/rules/jingan-2018.no-double-funding/edit",
            &admin.cookie,
            "data-testid=\"ref-users\"",
        ),
    ] {
        let req = Request::builder()
            .uri(page)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookie.as_str())
            .body(Body::empty())
            .expect("request");
        let res = app.clone().oneshot(req).await.expect("response");
        assert_eq!(res.status(), StatusCode::OK, "{page}");
        let body = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .expect("body");
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains(expected), "{page} lacks {expected}");
    }
}
