//! The catalog endpoints: measures, one measure, the fact vocabulary.
use app::backend::{search, views, Backend};
use app::wire::catalog::{MeasureDetail, MeasureList, MeasureQuery};
use app::wire::errors::ApiError;
use app::wire::facts::Fact;
use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

use super::{error, internal, unreadable};

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
pub(super) async fn list_measures(
    State(backend): State<Backend>,
    query: Result<Query<MeasureQuery>, QueryRejection>,
) -> Response {
    let Query(query) = match query {
        Ok(q) => q,
        Err(e) => return unreadable("the query string is malformed", "query", e.body_text()),
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
pub(super) async fn get_measure(
    State(backend): State<Backend>,
    Path(id): Path<String>,
) -> Response {
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
///
/// Bounds of a percent fact (`min`, `max`) are in basis points (10000 is 100%); a percent fact
/// without them accepts 0% to 100%. Answers to percent facts are given in percent (see
/// `POST /api/v1/assess`). A list fact (`"type": "list"`) is something the applicant gives
/// several times (projects, standards, patents): `item_label` names one entry, `fields` are the
/// facts of an entry (each described like a fact), and `max` is the most entries accepted.
#[utoipa::path(
    get,
    path = "/api/v1/facts",
    responses((status = 200, description = "The fact vocabulary", body = Vec<Fact>))
)]
pub(super) async fn list_facts(State(backend): State<Backend>) -> Response {
    match backend.published().await {
        Ok(p) => Json(
            p.catalog
                .vocabulary
                .iter()
                .map(Fact::from)
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => internal(e),
    }
}
