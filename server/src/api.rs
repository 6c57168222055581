//! The versioned JSON API under `/api/v1`, described by an OpenAPI document.
use app::api::catalog::{
    FacetCount, Facets, Figure, MeasureDetail, MeasureList, MeasureQuery, MeasureSummary,
    RelatedMeasure, WorkedExample,
};
use app::api::errors::{ApiError, FieldError};
use app::backend::{search, views, AppState, Backend};
use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use utoipa::OpenApi;

/// The OpenAPI description of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Nanjing Innovation Policy Service API", version = "1"),
    paths(
        list_measures,
        get_measure,
        list_facts,
        assess,
        get_result,
        get_result_csv
    ),
    components(schemas(
        MeasureQuery,
        MeasureList,
        MeasureSummary,
        MeasureDetail,
        Facets,
        FacetCount,
        Figure,
        WorkedExample,
        RelatedMeasure,
        ApiError,
        FieldError
    ))
)]
pub struct ApiDoc;

/// Routes of the JSON API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/measures", get(list_measures))
        .route("/api/v1/measures/{id}", get(get_measure))
        .route("/api/v1/facts", get(list_facts))
        .route("/api/v1/assess", axum::routing::post(assess))
        .route("/api/v1/results/{id}", get(get_result))
        .route("/api/v1/results/{id}/csv", get(get_result_csv))
        .route(
            "/api/v1/openapi.json",
            get(|| async { Json(ApiDoc::openapi()) }),
        )
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such API endpoint", vec![]) })
}

/// A structured error answer.
pub fn error(status: StatusCode, message: &str, errors: Vec<FieldError>) -> Response {
    (
        status,
        Json(ApiError {
            error: message.to_string(),
            errors,
        }),
    )
        .into_response()
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!("API error: {e}");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the service failed; please try again",
        vec![],
    )
}

/// Lists measures with the same filters as the catalog page.
#[utoipa::path(
    get,
    path = "/api/v1/measures",
    params(MeasureQuery),
    responses(
        (status = 200, description = "A page of matching measures", body = MeasureList),
        (status = 422, description = "An unknown or malformed filter value", body = ApiError)
    )
)]
async fn list_measures(
    State(backend): State<Backend>,
    query: Result<Query<MeasureQuery>, QueryRejection>,
) -> Response {
    let Query(query) = match query {
        Ok(q) => q,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the query string is malformed",
                vec![FieldError {
                    field: "query".into(),
                    message: e.body_text(),
                }],
            )
        }
    };
    let published = match backend.published().await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    match search::search(&published.index, &query) {
        Ok(list) => Json(list).into_response(),
        Err(errors) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid filter values",
            errors,
        ),
    }
}

/// One measure with its conditions, formula, citation and worked examples.
#[utoipa::path(
    get,
    path = "/api/v1/measures/{id}",
    params(("id" = String, Path, description = "Measure id, e.g. nwf-2020-1.ip-litigation-subsidy")),
    responses(
        (status = 200, description = "The measure", body = MeasureDetail),
        (status = 404, description = "No such measure", body = ApiError)
    )
)]
async fn get_measure(State(backend): State<Backend>, Path(id): Path<String>) -> Response {
    let published = match backend.published().await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    match views::detail(&published.catalog, &id) {
        Some(d) => Json(d).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            &format!("no measure with id \"{id}\""),
            vec![],
        ),
    }
}

/// Every fact the engine knows: type, bounds, options, question, help and wizard step.
#[utoipa::path(
    get,
    path = "/api/v1/facts",
    responses((status = 200, description = "The fact vocabulary", body = Object))
)]
async fn list_facts(State(backend): State<Backend>) -> Response {
    match backend.published().await {
        Ok(p) => Json(p.catalog.vocabulary.iter().collect::<Vec<_>>()).into_response(),
        Err(e) => internal(e),
    }
}

/// The body of `POST /api/v1/assess`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    /// Answers by fact name, e.g. `{"applicant_kind": "enterprise", "rd_expense_last_year_cny": 4000000}`.
    #[schema(value_type = Object)]
    pub facts: std::collections::BTreeMap<String, serde_json::Value>,
    /// Assessment date, `YYYY-MM-DD`; today (China time) when absent.
    pub as_of: Option<String>,
}

/// Assesses every measure for the given facts, with amounts, traces, citations and totals.
#[utoipa::path(
    post,
    path = "/api/v1/assess",
    request_body = AssessRequest,
    responses(
        (status = 200, description = "Every measure's outcome, the totals and the rules applied", body = Object),
        (status = 422, description = "Malformed JSON, unknown facts or values out of range; one error per field", body = ApiError)
    )
)]
async fn assess(
    State(backend): State<Backend>,
    body: Result<Json<AssessRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Json(request) = match body {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the request body is not valid JSON of the form {\"facts\": {...}, \"as_of\": \"YYYY-MM-DD\"}",
                vec![FieldError { field: "body".into(), message: e.body_text() }],
            )
        }
    };
    let published = match backend.published().await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    let vocab = &published.catalog.vocabulary;
    let mut errors = Vec::new();
    let mut facts = app::policy::Facts::new();
    for (name, raw) in request.facts {
        let Some(def) = vocab.get(&name) else {
            errors.push(FieldError {
                field: name.clone(),
                message: format!("unknown fact \"{name}\"; GET /api/v1/facts lists them"),
            });
            continue;
        };
        match serde_json::from_value::<app::policy::FactValue>(raw) {
            Ok(v) => match def.check(&v) {
                Ok(()) => {
                    facts.insert(name, v);
                }
                Err(m) => errors.push(FieldError {
                    field: name,
                    message: m,
                }),
            },
            Err(_) => errors.push(FieldError {
                field: name,
                message: format!("expected {}", def.fact_type.describe()),
            }),
        }
    }
    let as_of = match request
        .as_of
        .as_deref()
        .map(app::policy::Date::parse)
        .transpose()
    {
        Ok(d) => d.unwrap_or_else(app::backend::clock::today),
        Err(m) => {
            errors.push(FieldError {
                field: "as_of".into(),
                message: m,
            });
            app::backend::clock::today()
        }
    };
    if !errors.is_empty() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "invalid facts", errors);
    }
    // The measures as they stood on that day: the versions in force then.
    let in_force = match backend.as_of(as_of).await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    Json(app::policy::assess(&in_force.catalog, &facts, as_of)).into_response()
}

/// A stored result as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}",
    params(("id" = String, Path, description = "Result id from /results/{id}")),
    responses((status = 200, description = "The result", body = Object), (status = 404, body = ApiError))
)]
async fn get_result(State(backend): State<Backend>, Path(id): Path<String>) -> Response {
    match app::backend::results::load(&backend, &id).await {
        Ok(Some(r)) => {
            let mut resp = Json(r).into_response();
            resp.headers_mut().insert(
                axum::http::header::CONTENT_DISPOSITION,
                axum::http::HeaderValue::from_static("attachment; filename=\"result.json\""),
            );
            resp
        }
        Ok(None) => error(StatusCode::NOT_FOUND, "no such result", vec![]),
        Err(e) => internal(e),
    }
}

fn csv_field(s: &str) -> String {
    // Quote every field; neutralise spreadsheet formulas.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A stored result as CSV: one row per eligible measure.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/csv",
    params(("id" = String, Path, description = "Result id")),
    responses((status = 200, description = "CSV", content_type = "text/csv"), (status = 404, body = ApiError))
)]
async fn get_result_csv(State(backend): State<Backend>, Path(id): Path<String>) -> Response {
    let r = match app::backend::results::load(&backend, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error(StatusCode::NOT_FOUND, "no such result", vec![]),
        Err(e) => return internal(e),
    };
    // The calculation column holds the trace, one line per step (per entry of a list, the cap
    // per entry and the cap across entries each on a line of its own), each with its citation.
    let mut out = String::from("category,measure_id,title,amount,counted,citation,calculation\n");
    let mut row = |fields: [&str; 7]| {
        out.push_str(&fields.map(csv_field).join(","));
        out.push('\n');
    };
    for g in &r.groups {
        for i in &g.items {
            row([
                &g.label,
                &i.id,
                &i.title,
                &i.amount,
                &i.counted,
                &i.citation,
                &i.trace.join("\n"),
            ]);
        }
    }
    for i in &r.non_monetary {
        row([
            "Non-monetary",
            &i.id,
            &i.title,
            &i.amount,
            "",
            &i.citation,
            &i.trace.join("\n"),
        ]);
    }
    out.push_str(&format!(
        "{},,,{},,,\n",
        csv_field("Total"),
        csv_field(&r.total)
    ));
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"result.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}
