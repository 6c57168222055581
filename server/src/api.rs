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
use app::wire::wizard::{NearMiss, PendingItem, ResultGroup, ResultItem, ResultView};
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

use assess::{Answer, ArrayItem, AssessAnswer, AssessRequest, EntryAnswer, ListEntry, ViewName};

/// The OpenAPI description of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Nanjing Innovation Policy Service API", version = "1"),
    paths(
        catalog::list_measures,
        catalog::get_measure,
        catalog::list_facts,
        assess::assess,
        assess::get_result,
        assess::get_result_csv
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
        ResultGroup,
        ResultItem,
        PendingItem,
        NearMiss
    ))
)]
pub struct ApiDoc;

/// Routes of the JSON API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/measures", get(catalog::list_measures))
        .route("/api/v1/measures/{id}", get(catalog::get_measure))
        .route("/api/v1/facts", get(catalog::list_facts))
        .route("/api/v1/assess", axum::routing::post(assess::assess))
        .route("/api/v1/results/{id}", get(assess::get_result))
        .route("/api/v1/results/{id}/csv", get(assess::get_result_csv))
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

/// A failure the client cannot act on: logged with the request id, answered with the id only.
fn internal(e: impl std::fmt::Display) -> Response {
    app::backend::error::internal(e).into_response()
}
