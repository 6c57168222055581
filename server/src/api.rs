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
    paths(list_measures, get_measure),
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
