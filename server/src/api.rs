//! The versioned JSON API under `/api/v1`, described by an OpenAPI document.
//!
//! The endpoints are in `catalog` (measures and facts) and `assess` (assessments and results); this file holds
//! the routes, the OpenAPI document and the error answers they share.
use app::backend::AppState;
use app::wire::assessment::{
    AppliedRule, AssessmentResponse, AssessmentSummary, Benefit, BenefitSummary, MeasureOutcome,
    MoneyRange, OutcomeSummary, Verdict,
};
use app::wire::catalog::{
    FacetCount, Facets, Figure, MeasureDetail, MeasureList, MeasureQuery, MeasureSummary,
    RelatedMeasure, WorkedExample,
};
use app::wire::errors::{ApiError, FieldError};
use app::wire::facts::{Fact, FactOption, FactType, WizardStep};
use app::wire::wizard::{
    ChangeCause, ChangeLine, NearMiss, PendingItem, ResultChanges, ResultGroup, ResultItem,
    ResultView,
};
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use utoipa::OpenApi;

mod assess;
mod assess_read;
mod catalog;

use assess::{
    Answer, ArrayItem, AssessAnswer, AssessRequest, EntryAnswer, ListEntry, StoredResult, ViewName,
};

/// The OpenAPI description of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Nanjing Innovation Policy Service API", version = "1"),
    paths(
        catalog::list_measures,
        catalog::get_measure,
        catalog::list_facts,
        assess::assess,
        assess::store_result,
        assess::get_result,
        assess::get_result_csv,
        assess::get_result_changes
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
        Fact,
        FactType,
        FactOption,
        WizardStep,
        ApiError,
        FieldError,
        AssessRequest,
        Answer,
        ArrayItem,
        ListEntry,
        EntryAnswer,
        AssessAnswer,
        StoredResult,
        ViewName,
        AssessmentResponse,
        AssessmentSummary,
        OutcomeSummary,
        BenefitSummary,
        MeasureOutcome,
        Verdict,
        Benefit,
        MoneyRange,
        AppliedRule,
        ResultView,
        ResultChanges,
        ChangeLine,
        ChangeCause,
        ResultGroup,
        ResultItem,
        PendingItem,
        NearMiss
    ))
)]
pub struct ApiDoc;

/// The API's routes that only read.
pub const READS: [&str; 7] = [
    "/api/v1/measures",
    "/api/v1/measures/{id}",
    "/api/v1/facts",
    "/api/v1/results/{id}",
    "/api/v1/results/{id}/csv",
    "/api/v1/openapi.json",
    "/api/v1/results/{id}/changes",
];

/// Routes of the JSON API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(READS[0], get(catalog::list_measures))
        .route(READS[1], get(catalog::get_measure))
        .route(READS[2], get(catalog::list_facts))
        .route("/api/v1/assess", axum::routing::post(assess::assess))
        .route("/api/v1/results", axum::routing::post(assess::store_result))
        .route(READS[3], get(assess::get_result))
        .route(READS[4], get(assess::get_result_csv))
        .route(READS[5], get(openapi))
        .route(READS[6], get(assess::get_result_changes))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such API endpoint", vec![]) })
}

/// `GET /api/v1/openapi.json`: [`ApiDoc`] completed with what only the published catalog
/// knows, so that the document and the server agree (schemathesis checks both ways): the filter
/// values `GET /api/v1/measures` accepts, and the fact names `facts` may hold.
async fn openapi(
    axum::extract::State(backend): axum::extract::State<app::backend::Backend>,
) -> Response {
    let mut doc = match serde_json::to_value(ApiDoc::openapi()) {
        Ok(d) => d,
        Err(e) => return internal(e),
    };
    let published = match backend.published().await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    let docs: Vec<&str> = published.catalog.document_slugs().collect();
    let facts: Vec<&str> = published
        .catalog
        .vocabulary
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    complete(&mut doc, &docs, &facts);
    Json(doc).into_response()
}

/// Adds the catalog's values to the document and writes link objects as OpenAPI spells them.
fn complete(doc: &mut serde_json::Value, docs: &[&str], facts: &[&str]) {
    use app::policy::labels::Labelled;
    use app::policy::lifecycle::Lifecycle;
    use app::policy::{Beneficiary, Category, Region, SupportType};
    use serde_json::{json, Value};
    // A filter is one of its slugs; empty means no filter.
    let slugs = |values: Vec<&str>| {
        let mut all = vec![""];
        all.extend(values);
        json!(all)
    };
    let filters = [
        (
            "category",
            slugs(Category::ALL.iter().map(|c| c.slug()).collect()),
        ),
        (
            "region",
            slugs(Region::ALL.iter().map(|c| c.slug()).collect()),
        ),
        (
            "beneficiary",
            slugs(Beneficiary::ALL.iter().map(|c| c.slug()).collect()),
        ),
        (
            "support",
            slugs(SupportType::ALL.iter().map(|c| c.slug()).collect()),
        ),
        ("doc", slugs(docs.to_vec())),
        (
            "state",
            slugs(Lifecycle::ALL.iter().map(|l| l.slug()).collect()),
        ),
        ("monetary", slugs(vec!["yes", "no"])),
        ("sort", slugs(vec!["relevance", "amount", "newest"])),
    ];
    if let Some(Value::Array(params)) = doc.pointer_mut("/paths/~1api~1v1~1measures/get/parameters")
    {
        for p in params.iter_mut() {
            let name = p["name"].as_str().unwrap_or_default().to_string();
            if let Some((_, values)) = filters.iter().find(|(n, _)| *n == name) {
                p["schema"]["enum"] = values.clone();
            }
            if name == "q" {
                p["schema"]["maxLength"] = json!(200);
            }
        }
    }
    if let Some(f) = doc.pointer_mut("/components/schemas/AssessRequest/properties/facts") {
        f["propertyNames"] = json!({ "enum": facts });
    }
    rename_link_keys(doc);
}

/// utoipa 5 writes a link's `operationId` as `operation_id` (and `operationRef`, `requestBody`
/// likewise); tools that follow links need the OpenAPI names.
fn rename_link_keys(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(links)) = map.get_mut("links") {
                for link in links.values_mut() {
                    if let Value::Object(l) = link {
                        for (from, to) in [
                            ("operation_id", "operationId"),
                            ("operation_ref", "operationRef"),
                            ("request_body", "requestBody"),
                        ] {
                            if let Some(x) = l.remove(from) {
                                l.insert(to.into(), x);
                            }
                        }
                    }
                }
            }
            map.values_mut().for_each(rename_link_keys);
        }
        Value::Array(items) => items.iter_mut().for_each(rename_link_keys),
        _ => {}
    }
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

/// A 422 for a request that could not be read: `message`, and axum's reason under `field`.
fn unreadable(message: &str, field: &str, reason: String) -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        message,
        vec![FieldError {
            field: field.into(),
            message: reason,
        }],
    )
}

/// A failure the client cannot act on: logged with the request id, answered with the id only
/// (a 503 when it is the storage being unavailable, a 500 otherwise).
fn internal<E: std::fmt::Display + 'static>(e: E) -> Response {
    if let Some(db) = (&e as &dyn std::any::Any).downcast_ref::<app::backend::db::DbError>() {
        return app::backend::error::from_db(db).into_response();
    }
    app::backend::error::internal(e).into_response()
}
