//! The catalog endpoints: measures, one measure, the fact vocabulary.
use app::backend::{search, views, Backend};
use app::wire::catalog::{MeasureDetail, MeasureList, MeasureQuery};
use app::wire::errors::ApiError;
use app::wire::facts::Fact;
use axum::{
    extract::{rejection::QueryRejection, Path, Query, RawQuery, State},
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
    RawQuery(raw): RawQuery,
    query: Result<Query<MeasureQuery>, QueryRejection>,
) -> Response {
    // The query parser would read bytes that are not UTF-8 as U+FFFD and search for that.
    if raw.as_deref().is_some_and(|q| !decodes_to_utf8(q)) {
        return unreadable(
            "the query string is malformed",
            "query",
            "a value is not UTF-8 once percent-decoded".into(),
        );
    }
    let Query(query) = match query {
        Ok(q) => q,
        Err(e) => return unreadable("the query string is malformed", "query", e.body_text()),
    };
    // The document declares pages 1 to 2^31 - 1 (a 32-bit integer); the parser would take up
    // to 2^32 - 1.
    if query.page.is_some_and(|p| p > MAX_PAGE) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid filter values",
            vec![app::wire::errors::FieldError {
                field: "page".into(),
                message: format!("pages are numbered from 1 to {MAX_PAGE}"),
            }],
        );
    }
    let published = match backend.published().await {
        Ok(p) => p,
        Err(e) => return internal(e),
    };
    match search::search(&published.index, &query, app::backend::clock::today()) {
        Ok(list) => Json(list).into_response(),
        Err(errors) => error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid filter values",
            errors,
        ),
    }
}

/// The largest page number the API reads (the document's `maximum`).
const MAX_PAGE: u32 = i32::MAX as u32;

/// Whether a URL query decodes (`%XX` escapes) to UTF-8 text.
pub(super) fn decodes_to_utf8(query: &str) -> bool {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = query.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&out).is_ok()
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
