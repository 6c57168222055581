//! `POST /api/v1/assess` reads answers with the wizard's parser: amounts as people write them,
//! percentages with decimals, and a 422 naming each field with the parser's message.
use app::backend::Backend;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

const RD_REWARD: &str = "nwf-2019-1.provincial-high-tech-collection-rd-reward";
const CONSORTIUM: &str = "nwf-2019-1.sme-consortium-procurement-price-deduction";

async fn app(test: &str) -> axum::Router {
    crate::test_app::fresh(&format!("api-{test}")).await.0
}

async fn app_and_backend(test: &str) -> (axum::Router, Backend) {
    crate::test_app::fresh(&format!("api-{test}")).await
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let req = Request::builder()
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::empty())
        .expect("request");
    send(app, req).await
}

async fn assess(app: &axum::Router, facts: Value) -> (StatusCode, Value) {
    assess_at(app, "/api/v1/assess", json!({ "facts": facts })).await
}

async fn assess_at(app: &axum::Router, uri: &str, body: Value) -> (StatusCode, Value) {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, req).await
}

/// The status and JSON body of the answer to `req`.
async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    (status, serde_json::from_slice(&bytes).expect("JSON body"))
}

fn outcome<'a>(body: &'a Value, id: &str) -> &'a Value {
    body["outcomes"]
        .as_array()
        .and_then(|o| o.iter().find(|o| o["measure_id"] == id))
        .expect("outcome")
}

fn high_tech_sme(rd: Value) -> Value {
    json!({
        "applicant_kind": "enterprise",
        "located_in_nanjing": true,
        "is_tech_sme": true,
        "in_provincial_high_tech_collection": true,
        "rd_expense_last_year_cny": rd,
    })
}

fn consortium(share: Value) -> Value {
    json!({
        "applicant_kind": "enterprise",
        "located_in_nanjing": true,
        "consortium_sme_contract_share_percent": share,
    })
}

#[tokio::test]
async fn assess_reads_answers_as_the_wizard_does() {
    let app = app("reads").await;

    // The same amount written four ways gives the same reward.
    for rd in [
        json!(4000000),
        json!("4,000,000"),
        json!("400万"),
        json!("¥400万元"),
    ] {
        let (status, body) = assess(&app, high_tech_sme(rd.clone())).await;
        assert_eq!(status, StatusCode::OK, "{rd}: {body}");
        let o = outcome(&body, RD_REWARD);
        assert_eq!(o["verdict"], "eligible", "{rd}");
        assert_eq!(
            o["counted"],
            json!({ "low": 400000, "high": 400000 }),
            "{rd}"
        );
    }

    // Percentages: a JSON number is in percent, decimals allowed; "more than 30%".
    for (share, verdict) in [
        (json!(30.5), "eligible"),
        (json!("30.5%"), "eligible"),
        (json!("30.50 %"), "eligible"),
        (json!(30), "not_eligible"),
        (json!("30%"), "not_eligible"),
    ] {
        let (status, body) = assess(&app, consortium(share.clone())).await;
        assert_eq!(status, StatusCode::OK, "{share}: {body}");
        assert_eq!(outcome(&body, CONSORTIUM)["verdict"], verdict, "{share}");
    }

    // null is no answer.
    let (status, body) = assess(&app, consortium(Value::Null)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outcome(&body, CONSORTIUM)["verdict"], "needs_info");
}

#[tokio::test]
async fn assess_refuses_unreadable_answers_with_the_parsers_messages() {
    let app = app("refuses").await;
    let cases = [
        (
            "rd_expense_last_year_cny",
            json!("1.5"),
            "Enter whole yuan: \"1.5\" includes a fraction of a yuan.",
        ),
        ("rd_expense_last_year_cny", json!(-5), "Must be at least 0."),
        (
            "rd_expense_last_year_cny",
            json!("lots"),
            "Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.",
        ),
        (
            "rd_expense_last_year_cny",
            json!({ "amount": 5 }),
            "Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.",
        ),
        (
            "consortium_sme_contract_share_percent",
            json!(62.555),
            "Give a percentage with at most two decimals, for example 62.25%.",
        ),
        (
            "consortium_sme_contract_share_percent",
            json!("120%"),
            "Must be at most 100%.",
        ),
        (
            "applicant_kind",
            json!("robot"),
            "Choose one of the options.",
        ),
        ("located_in_nanjing", json!(1), "Choose yes or no."),
    ];
    for (field, value, message) in cases {
        let (status, body) = assess(&app, json!({ field: value.clone() })).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} = {value}"
        );
        assert_eq!(
            body["errors"],
            json!([{ "field": field, "message": message }]),
            "{field} = {value}"
        );
    }
}

const VC: &str = "nj-2014-eight-programs.if-vc-risk-compensation";

fn investor(projects: Value) -> Value {
    json!({
        "applicant_kind": "investor",
        "investor_is_social_venture_capital": true,
        "vc_loss_projects": projects,
    })
}

#[tokio::test]
async fn assess_takes_lists_entry_by_entry() {
    let app = app("lists").await;
    // Program 6 item 6: per project up to 30% of the loss, at most 1,000,000; at most 3,000,000
    // a year. Losses 5,000,000 / 2,000,000 / 4,000,000 / 3,000,000: 1,000,000 (capped) +
    // 600,000 + 1,000,000 (capped) + 900,000 = 3,500,000, capped at 3,000,000.
    let p = |loss: Value| json!({ "loss_cny": loss, "startup_stage_when_invested": true });
    let four = json!([
        p(json!(5000000)),
        p(json!("200万")),
        p(json!("4,000,000")),
        p(json!(3000000))
    ]);
    let (status, body) = assess(&app, investor(four)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let o = outcome(&body, VC);
    assert_eq!(o["counted"], json!({ "low": 0, "high": 3000000 }));
    let trace: Vec<&str> = o["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        trace.iter().filter(|l| l.starts_with("project ")).count(),
        4
    );
    assert!(trace.contains(&"capped at 3,000,000 for all projects together: up to 3,500,000 yuan -> up to 3,000,000 yuan (nj-2014-eight-programs, Program 6 (Investment and Financing), item 6)"), "{trace:#?}");

    // An empty list: no project, not eligible; no list at all: needs information.
    let (_, body) = assess(&app, investor(json!([]))).await;
    assert_eq!(outcome(&body, VC)["verdict"], "not_eligible");
    let (_, body) = assess(&app, investor(Value::Null)).await;
    assert_eq!(outcome(&body, VC)["verdict"], "needs_info");

    // A bad entry is named by its place and field.
    let cases = [
        (
            json!([p(json!(1)), p(json!(-1))]),
            "vc_loss_projects[1].loss_cny",
            "project 2, Actual investment loss on the project: Must be at least 0.",
        ),
        (
            json!([p(json!("lots"))]),
            "vc_loss_projects[0].loss_cny",
            "project 1, Actual investment loss on the project: Enter an amount in whole yuan, for example 4000000, 4,000,000 or 400万.",
        ),
        (
            json!([{ "loss_cny": 5 }]),
            "vc_loss_projects[0].startup_stage_when_invested",
            "project 1, Investee was a Nanjing hi-tech start-up in the startup stage when invested: Not given; every field of an entry is needed.",
        ),
        (
            json!([{ "loss_cny": 5, "colour": "red", "startup_stage_when_invested": true }]),
            "vc_loss_projects[0].colour",
            "project 1: unknown field \"colour\"",
        ),
        (
            json!([7]),
            "vc_loss_projects[0]",
            "project 1: expected an object",
        ),
        (
            json!({ "loss_cny": 5 }),
            "vc_loss_projects",
            "expected an array with one object per project, keyed by its fields",
        ),
    ];
    for (projects, field, message) in cases {
        let (status, body) = assess(&app, investor(projects.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{projects}");
        assert_eq!(
            body["errors"],
            json!([{ "field": field, "message": message }]),
            "{projects}"
        );
    }
}

/// A validator for one schema of the OpenAPI document (`{"$ref": "#/components/schemas/X"}`
/// as the document gives it): the schema is embedded next to the document's components, so
/// every `$ref` resolves inside it. Formats (`date`) are checked too.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["components"] = doc["components"].clone();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("schema {schema} does not compile: {e}"))
}

/// Every validation error, one per line, with where it is in the instance.
fn violations(v: &jsonschema::Validator, instance: &Value) -> String {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The JSON schema of an operation's request body or of one of its responses.
fn operation_schema<'a>(doc: &'a Value, path: &str, method: &str, at: &[&str]) -> &'a Value {
    let mut v = &doc["paths"][path][method];
    for key in at {
        v = &v[*key];
    }
    let schema = &v["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "no JSON schema at {path} {method} {at:?}"
    );
    schema
}

/// The OpenAPI document describes `POST /api/v1/assess`, `GET /api/v1/results/{id}` and
/// `GET /api/v1/facts` fully: real requests and real answers validate against its schemas, and
/// a broken answer does not.
#[tokio::test]
async fn openapi_schemas_validate_real_requests_and_answers() {
    let (app, backend) = app_and_backend("openapi").await;
    let (status, doc) = get(&app, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);

    let request = validator(
        &doc,
        operation_schema(&doc, "/api/v1/assess", "post", &["requestBody"]),
    );
    let answer = validator(
        &doc,
        operation_schema(&doc, "/api/v1/assess", "post", &["responses", "200"]),
    );
    let p = |loss: Value| json!({ "loss_cny": loss, "startup_stage_when_invested": true });
    let bodies = [
        json!({ "facts": high_tech_sme(json!("400万")), "as_of": "2024-06-01" }),
        json!({ "facts": high_tech_sme(json!(4000000)) }),
        json!({ "facts": consortium(json!(30.5)), "as_of": null }),
        json!({ "facts": investor(json!([p(json!(5000000)), p(json!("200万"))])) }),
        json!({ "facts": investor(json!([])) }),
        json!({ "facts": investor(Value::Null) }),
        json!({ "facts": {} }),
    ];
    let mut eligible = 0;
    for body in bodies {
        assert_eq!(violations(&request, &body), "", "request {body}");
        let (status, res) = assess(&app, body["facts"].clone()).await;
        assert_eq!(status, StatusCode::OK, "{res}");
        assert_eq!(violations(&answer, &res), "", "answer to {body}");
        eligible += res["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .filter(|o| o["verdict"] == "eligible")
            .count();
    }
    assert!(
        eligible > 0,
        "the answers checked include eligible outcomes"
    );

    // What the server refuses (the body, or one answer's shape), the schema refuses too.
    for wrong in [
        json!({}),
        json!({ "facts": {}, "colour": "red" }),
        json!({ "facts": { "located_in_nanjing": { "yes": true } } }),
        json!({ "facts": {}, "as_of": "1 June 2024" }),
    ] {
        assert_ne!(violations(&request, &wrong), "", "request {wrong}");
    }

    // The check is not vacuous: an answer missing a required field or with an unknown verdict
    // fails it (as either view), and the full view's schema names the fields.
    let full_view = validator(
        &doc,
        &json!({ "$ref": "#/components/schemas/AssessmentResponse" }),
    );
    let (_, mut res) = assess(&app, high_tech_sme(json!(4000000))).await;
    let o = res["outcomes"][0].as_object_mut().expect("outcome");
    o.remove("trace");
    o.insert("verdict".into(), json!("maybe"));
    assert_ne!(violations(&answer, &res), "");
    let broken = violations(&full_view, &res);
    assert!(
        broken.contains("/outcomes/0: \"trace\" is a required property"),
        "{broken}"
    );
    assert!(broken.contains("/outcomes/0/verdict"), "{broken}");

    // A stored result, as `GET /api/v1/results/{id}` returns it.
    let facts = app::policy::Facts::from([
        (
            "applicant_kind".into(),
            app::policy::FactValue::Text("enterprise".into()),
        ),
        (
            "located_in_nanjing".into(),
            app::policy::FactValue::Bool(true),
        ),
        ("is_tech_sme".into(), app::policy::FactValue::Bool(true)),
        (
            "in_provincial_high_tech_collection".into(),
            app::policy::FactValue::Bool(true),
        ),
        (
            "rd_expense_last_year_cny".into(),
            app::policy::FactValue::Number(4_000_000),
        ),
    ]);
    let as_of = app::policy::Date::parse("2024-06-01").expect("date");
    let id = app::backend::results::create(&backend, "", None, &facts, as_of, None)
        .await
        .expect("stored result");
    let (status, stored) = get(&app, &format!("/api/v1/results/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert!(!stored["groups"].as_array().expect("groups").is_empty());
    let result = validator(
        &doc,
        operation_schema(&doc, "/api/v1/results/{id}", "get", &["responses", "200"]),
    );
    assert_eq!(violations(&result, &stored), "", "stored result");

    // What changed since (as of the result's own day: nothing; as of today, against its
    // schema), and the refusals.
    let (status, same) = get(
        &app,
        &format!("/api/v1/results/{id}/changes?as_of=2024-06-01"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{same}");
    assert_eq!(same["lines"], json!([]));
    assert_eq!(same["catalog_changed"], json!(false));
    assert_eq!(same["catalog_version"], stored["catalog_version"]);
    let (status, changes) = get(&app, &format!("/api/v1/results/{id}/changes")).await;
    assert_eq!(status, StatusCode::OK, "{changes}");
    let schema = validator(
        &doc,
        operation_schema(
            &doc,
            "/api/v1/results/{id}/changes",
            "get",
            &["responses", "200"],
        ),
    );
    assert_eq!(violations(&schema, &changes), "", "changes");
    let (status, bad) = get(
        &app,
        &format!("/api/v1/results/{id}/changes?as_of=2024-02-30"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["errors"][0]["field"], "as_of");
    let (status, _) = get(&app, &format!("/api/v1/results/{}/changes", "0".repeat(32))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The fact vocabulary, list facts and their fields included.
    let (status, mut vocabulary) = get(&app, "/api/v1/facts").await;
    assert_eq!(status, StatusCode::OK, "{vocabulary}");
    let facts = validator(
        &doc,
        operation_schema(&doc, "/api/v1/facts", "get", &["responses", "200"]),
    );
    assert_eq!(violations(&facts, &vocabulary), "", "fact vocabulary");
    let list = vocabulary
        .as_array_mut()
        .expect("an array of facts")
        .iter_mut()
        .position(|f| f["type"] == "list")
        .expect("a list fact");
    vocabulary[list]["fields"][0]["type"] = json!("colour");
    vocabulary[0]["step"] = json!("anywhere");
    let broken = violations(&facts, &vocabulary);
    assert!(
        broken.contains(&format!("/{list}/fields/0/type")),
        "{broken}"
    );
    assert!(broken.contains("/0/step"), "{broken}");
}

/// `?view=summary` gives the same verdicts, amounts and missing facts as the full view, without
/// the words, in a fraction of the bytes; its schema (one of the two the 200 answer lists) takes
/// it and refuses a full answer; any other view is a 422 naming `view`.
#[tokio::test]
async fn the_summary_view_has_the_full_views_figures_without_the_words() {
    let app = app("summary").await;
    let (_, doc) = get(&app, "/api/v1/openapi.json").await;
    let answer = validator(
        &doc,
        operation_schema(&doc, "/api/v1/assess", "post", &["responses", "200"]),
    );
    let summary_schema = validator(
        &doc,
        &json!({ "$ref": "#/components/schemas/AssessmentSummary" }),
    );
    for body in [
        json!({ "facts": high_tech_sme(json!("400万")) }),
        json!({ "facts": high_tech_sme(json!(4000000)), "as_of": "2021-03-01" }),
        json!({ "facts": {} }),
    ] {
        let (status, full) = assess_at(&app, "/api/v1/assess?view=full", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{full}");
        let (status, default) = assess_at(&app, "/api/v1/assess", body.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(full, default, "full is the default view");
        let (status, summary) = assess_at(&app, "/api/v1/assess?view=summary", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{summary}");
        assert_eq!(
            violations(&answer, &summary),
            "",
            "summary answer to {body}"
        );
        assert_eq!(violations(&answer, &full), "", "full answer to {body}");
        assert_ne!(
            violations(&summary_schema, &full),
            "",
            "a full answer is not a summary"
        );
        for key in ["as_of", "total", "financing_total", "monthly_total"] {
            assert_eq!(summary[key], full[key], "{key}");
        }
        let rules: Vec<&Value> = full["rules_applied"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| &r["rule_id"])
            .collect();
        assert_eq!(
            summary["rules_applied"]
                .as_array()
                .expect("rules")
                .iter()
                .collect::<Vec<_>>(),
            rules
        );
        let (f, s) = (
            full["outcomes"].as_array().expect("outcomes"),
            summary["outcomes"].as_array().expect("outcomes"),
        );
        assert_eq!(f.len(), s.len());
        for (f, s) in f.iter().zip(s) {
            let id = &f["measure_id"];
            for key in ["measure_id", "verdict"] {
                assert_eq!(f[key], s[key], "{key} of {id}");
            }
            // What the summary leaves out is null (or an empty list) in the full view; a
            // benefit keeps its kind and figures and drops its description.
            assert_eq!(
                s.get("counted").unwrap_or(&Value::Null),
                &f["counted"],
                "{id}"
            );
            let missing = s.get("missing").cloned().unwrap_or_else(|| json!([]));
            assert_eq!(missing, f["missing"], "missing of {id}");
            let mut benefit = f["benefit"].clone();
            if let Some(b) = benefit.as_object_mut() {
                b.remove("benefit");
                b.retain(|_, v| !v.is_null());
            }
            assert_eq!(s.get("benefit").unwrap_or(&Value::Null), &benefit, "{id}");
            for words in ["trace", "notes", "reason", "title"] {
                assert!(s.get(words).is_none(), "{words} of {id}");
            }
        }
        assert!(
            summary.to_string().len() * 2 < full.to_string().len(),
            "the summary is under half the full answer"
        );
    }
    let (status, err) = assess_at(&app, "/api/v1/assess?view=short", json!({ "facts": {} })).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "view");
}

/// `GET /api/v1/measures?state=...` lists the measures in that lifecycle state today, each
/// saying so, with the counts per state; an unknown state is a 422 naming `state`.
#[tokio::test]
async fn the_catalog_filters_by_lifecycle_state() {
    let app = app("state").await;
    let (s, all) = get(&app, "/api/v1/measures").await;
    assert_eq!(s, StatusCode::OK);
    let counts: Vec<(String, u64)> = all["facets"]["state"]
        .as_array()
        .expect("state facet")
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap_or_default().to_string(),
                f["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(counts.len(), 6, "{counts:?}");
    assert_eq!(
        counts.iter().map(|(_, n)| n).sum::<u64>(),
        all["total"].as_u64().expect("total")
    );
    for (state, n) in counts.iter().filter(|(_, n)| *n > 0) {
        let (s, list) = get(&app, &format!("/api/v1/measures?state={state}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(list["total"].as_u64(), Some(*n), "{state}");
        for m in list["measures"].as_array().expect("measures") {
            assert_eq!(m["state"].as_str(), Some(state.as_str()));
        }
    }
    let (s, body) = get(&app, "/api/v1/measures?state=closed").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "state", "{body}");
}
