//! Assessments: `POST /api/v1/assess` (answers read with the wizard's parser, assessed against
//! the measures in force on the day asked) and stored results as JSON and CSV.
use app::backend::Backend;
use app::wire::assessment::{AssessmentResponse, AssessmentSummary};
use app::wire::errors::{ApiError, FieldError};
use app::wire::wizard::{ResultChanges, ResultView};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};

use super::assess_read::read_facts;
use super::{error, internal, unreadable};

/// The body of `POST /api/v1/assess`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessRequest {
    /// Answers by fact name, e.g. `{"applicant_kind": "enterprise", "rd_expense_last_year_cny": 4000000}`.
    ///
    /// Numbers are read as the wizard reads them. Money (whole yuan) and counts: a JSON integer,
    /// or a string such as `"4,000,000"`, `"300万"` (3,000,000), `"1.5亿"` or `"¥4,000,000"`; a
    /// fraction of a yuan is refused. Percentages: a JSON number in percent (`62.5` is 62.5%,
    /// at most two decimals) or a string such as `"62.5%"`; 0% to 100% unless the fact's bounds
    /// say otherwise. Yes/no: `true` or `false`. One of: an option value. Set of: an array of
    /// option values. Dates: `"YYYY-MM-DD"`. `null` means not answered.
    ///
    /// A list fact (`"type": "list"` in `GET /api/v1/facts`, with its `item_label` and `fields`)
    /// takes an array with one object per entry, keyed by the list's fields and read the same
    /// way, e.g. `"vc_loss_projects": [{"loss_cny": "500万"}, {"loss_cny": 2000000}]`; every
    /// field of an entry must be given. A problem names the entry and the field:
    /// `{"field": "vc_loss_projects[1].loss_cny", "message": "project 2, ..."}`.
    //
    // Read as raw JSON, so that an answer of the wrong shape is reported under its own name
    // with the parser's message; `Answer` describes the shapes `assess_read` reads.
    #[schema(value_type = std::collections::BTreeMap<String, Answer>)]
    pub facts: std::collections::BTreeMap<String, serde_json::Value>,
    /// Assessment date, `YYYY-MM-DD` from 1900-01-01 to 2999-12-31; today (China time) when
    /// absent or `null`.
    #[schema(format = Date, pattern = r"^((19|2[0-9])[0-9]{2}-((0[13-9]|1[0-2])-(0[1-9]|[12][0-9]|30)|(0[13578]|1[02])-31|02-(0[1-9]|1[0-9]|2[0-8]))|((19|2[0-9])(0[48]|[2468][048]|[13579][26])|2000|2400|2800)-02-29)$")]
    pub as_of: Option<String>,
}

/// One answer in `facts`.
// Only described, never deserialised (see `AssessRequest::facts`); the derive lets utoipa read
// `#[serde(untagged)]`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Answer {
    /// `null`: not answered.
    Unanswered,
    /// A yes/no fact.
    Flag(bool),
    /// Money and counts in whole yuan or units; percentages in percent (`62.5` is 62.5%).
    Number(f64),
    /// Any fact as typed: `"4,000,000"`, `"300万"`, `"62.5%"`, an option value, `"YYYY-MM-DD"`.
    Text(String),
    /// The option values chosen for a set fact, or one object per entry for a list fact.
    Array(Vec<ArrayItem>),
}

/// An element of an array answer.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ArrayItem {
    /// An option value of a set fact.
    Choice(String),
    /// One entry of a list fact.
    Entry(ListEntry),
}

/// One entry of a list fact, keyed by the list's fields (`fields` in `GET /api/v1/facts`);
/// every field must be given.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ListEntry(std::collections::BTreeMap<String, EntryAnswer>);

/// The answer to one field of a list entry, read like an answer in `facts`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum EntryAnswer {
    /// `null`: not answered.
    Unanswered,
    /// A yes/no field.
    Flag(bool),
    /// A number, read like a number in `facts`.
    Number(f64),
    /// A field as typed.
    Text(String),
    /// The option values chosen for a set field.
    Choices(Vec<String>),
}

/// How much of the assessment to return.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessParams {
    /// `full` (the default): every outcome with its reason, trace, citation and notes in words;
    /// `summary`: verdicts, amounts and missing facts only, a fraction of the size and the work.
    #[param(inline, value_type = Option<ViewName>)]
    view: Option<String>,
}

/// The two views of an assessment.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
#[schema(rename_all = "snake_case")]
pub enum ViewName {
    /// Every outcome explained in words.
    Full,
    /// Verdicts and amounts only.
    Summary,
}

/// Either view of an assessment, as `view` asked.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum AssessAnswer {
    /// `view=full` (the default).
    Full(AssessmentResponse),
    /// `view=summary`.
    Summary(AssessmentSummary),
}

/// Assesses every measure for the given facts, with amounts, traces, citations and totals
/// (`view=summary`: verdicts and amounts only).
#[utoipa::path(
    post,
    path = "/api/v1/assess",
    params(AssessParams),
    request_body = AssessRequest,
    responses(
        (status = 200, description = "Every measure's outcome, the totals and the rules applied; with `view=summary`, without the words", body = AssessAnswer),
        (status = 413, description = "The body is larger than 2 MiB", body = ApiError),
        (status = 422, description = "Malformed JSON, unknown facts, or answers that cannot be read or are out of range; one error per field, with the parser's message (as the wizard shows it)", body = ApiError)
    )
)]
pub(super) async fn assess(
    State(backend): State<Backend>,
    params: Result<Query<AssessParams>, axum::extract::rejection::QueryRejection>,
    body: Result<Json<AssessRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let summary = match params.as_ref().map(|p| p.view.as_deref()) {
        Ok(None | Some("full")) => false,
        Ok(Some("summary")) => true,
        Ok(Some(_)) | Err(_) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid query",
                vec![FieldError {
                    field: "view".into(),
                    message: "expected \"full\" or \"summary\"".into(),
                }],
            )
        }
    };
    let (facts, as_of, in_force) = match read_request(&backend, body).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let assessment = app::policy::assess(&in_force.catalog, &facts, as_of);
    let measures = assessment.outcomes.len();
    if summary {
        let answer = AssessAnswer::Summary(AssessmentSummary::from(&assessment));
        json_with_capacity(&answer, 256 + measures * SUMMARY_BYTES_PER_MEASURE)
    } else {
        let answer = AssessAnswer::Full(AssessmentResponse::from(&assessment));
        json_with_capacity(&answer, 1024 + measures * FULL_BYTES_PER_MEASURE)
    }
}

/// Reads the body of `POST /api/v1/assess` and `POST /api/v1/results`: the answers, the day
/// and the catalog in force that day; a refusal (413, 422) as the answer to send.
async fn read_request(
    backend: &Backend,
    body: Result<Json<AssessRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<
    (
        app::policy::Facts,
        app::policy::Date,
        std::sync::Arc<app::backend::store::Published>,
    ),
    Response,
> {
    let Json(request) = match body {
        Ok(b) => b,
        // The router's body limit answers first; this is the same answer should a body reach
        // the handler unchecked.
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(error(
                StatusCode::PAYLOAD_TOO_LARGE,
                &e.body_text(),
                vec![],
            ))
        }
        Err(e) => {
            return Err(unreadable(
                "the request body is not valid JSON of the form {\"facts\": {...}, \"as_of\": \"YYYY-MM-DD\"}",
                "body",
                e.body_text(),
            ))
        }
    };
    let mut errors = Vec::new();
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
    // The measures as they stood on that day: the versions in force then (the facts are the
    // same on every day).
    let in_force = match backend.as_of(as_of).await {
        Ok(p) => p,
        Err(e) => return Err(internal(e)),
    };
    let facts = read_facts(&in_force.catalog.vocabulary, request.facts, &mut errors);
    if !errors.is_empty() {
        return Err(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid facts",
            errors,
        ));
    }
    Ok((facts, as_of, in_force))
}

/// About what one measure takes in each view (the whole catalog's answers measured 130 and
/// 1,400 bytes a measure): the buffer is sized once instead of growing from axum's 128 bytes by
/// doubling, which copied a full answer about eleven times.
const SUMMARY_BYTES_PER_MEASURE: usize = 160;
const FULL_BYTES_PER_MEASURE: usize = 1_536;

/// A JSON answer serialised into a buffer of the given starting size.
fn json_with_capacity<T: serde::Serialize>(value: &T, capacity: usize) -> Response {
    let mut body = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => (
            [(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => internal(e),
    }
}

/// Where a stored result is read: the answer of `POST /api/v1/results`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StoredResult {
    /// The result's id: 32 lower-case hex digits.
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    /// The result as JSON: `/api/v1/results/{id}` (also the `Location` header).
    pub url: String,
    /// The result as people open it: `/results/{id}`.
    pub page: String,
}

/// Assesses the answers as `POST /api/v1/assess` does and stores the result, which
/// `GET /api/v1/results/{id}` then reads (as JSON) and `/results/{id}` shows; results are kept
/// two years. Each address may store a limited number of results a minute (429 past it).
#[utoipa::path(
    post,
    path = "/api/v1/results",
    request_body = AssessRequest,
    responses(
        (status = 201, description = "The result is stored", body = StoredResult,
            headers(("Location" = String, description = "`/api/v1/results/{id}`")),
            links(
                ("GetResult" = (operation_id = "get_result", parameters(("id" = "$response.body#/id")),
                    description = "The stored result as JSON")),
                ("GetResultCsv" = (operation_id = "get_result_csv", parameters(("id" = "$response.body#/id")),
                    description = "The stored result as CSV")),
                ("GetResultChanges" = (operation_id = "get_result_changes", parameters(("id" = "$response.body#/id")),
                    description = "What changed since the result was computed"))
            )),
        (status = 413, description = "The body is larger than 2 MiB", body = ApiError),
        (status = 422, description = "Malformed JSON, unknown facts, or answers that cannot be read or are out of range (as for `POST /api/v1/assess`)", body = ApiError),
        (status = 429, description = "Too many new results from this address in the last minute", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait")))
    )
)]
pub(super) async fn store_result(
    State(backend): State<Backend>,
    client: Option<axum::Extension<app::backend::auth::ClientAddr>>,
    body: Result<Json<AssessRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let (facts, as_of, _) = match read_request(&backend, body).await {
        Ok(read) => read,
        Err(refusal) => return refusal,
    };
    let addr = client.map_or_else(|| app::backend::auth::ClientAddr("unknown".into()), |c| c.0);
    let key = app::backend::limits::client_key(&addr);
    match app::backend::results::create(&backend, &key, None, &facts, as_of, None).await {
        Ok(id) => {
            let url = format!("/api/v1/results/{id}");
            let stored = StoredResult {
                page: format!("/results/{id}"),
                url: url.clone(),
                id,
            };
            (
                StatusCode::CREATED,
                [(axum::http::header::LOCATION, url)],
                Json(stored),
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// A stored result as JSON.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}",
    params(("id" = String, Path, description = "Result id: from `POST /api/v1/results`, or the end of a `/results/{id}` link")),
    responses((status = 200, description = "The result", body = ResultView), (status = 404, description = "No such result", body = ApiError))
)]
pub(super) async fn get_result(State(backend): State<Backend>, Path(id): Path<String>) -> Response {
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

/// A stored result as CSV: one row per eligible measure.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/csv",
    params(("id" = String, Path, description = "Result id, as for `GET /api/v1/results/{id}`")),
    responses((status = 200, description = "CSV", content_type = "text/csv"), (status = 404, description = "No such result", body = ApiError))
)]
pub(super) async fn get_result_csv(
    State(backend): State<Backend>,
    Path(id): Path<String>,
) -> Response {
    let r = match app::backend::results::load(&backend, &id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error(StatusCode::NOT_FOUND, "no such result", vec![]),
        Err(e) => return internal(e),
    };
    let out = match crate::result_csv::write(&r) {
        Ok(text) => text,
        Err(e) => return internal(e),
    };
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

/// The day to recompute a stored result for (`GET /api/v1/results/{id}/changes`).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// `YYYY-MM-DD` from 1900-01-01 to 2999-12-31; today (China time) when absent.
    #[param(format = Date, pattern = r"^((19|2[0-9])[0-9]{2}-((0[13-9]|1[0-2])-(0[1-9]|[12][0-9]|30)|(0[13578]|1[02])-31|02-(0[1-9]|1[0-9]|2[0-8]))|((19|2[0-9])(0[48]|[2468][048]|[13579][26])|2000|2400|2800)-02-29)$")]
    pub as_of: Option<String>,
}

/// What changed for a stored result: recomputed from its answers (today, or `as_of`), each
/// measure that gained, lost or changed its amount, with the published changes that caused it.
#[utoipa::path(
    get,
    path = "/api/v1/results/{id}/changes",
    params(("id" = String, Path, description = "Result id, as for `GET /api/v1/results/{id}`"), ChangesQuery),
    responses(
        (status = 200, description = "The changes", body = ResultChanges),
        (status = 404, description = "No such result", body = ApiError),
        (status = 422, description = "An unreadable date", body = ApiError)
    )
)]
pub(super) async fn get_result_changes(
    State(backend): State<Backend>,
    Path(id): Path<String>,
    query: Result<axum::extract::Query<ChangesQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(axum::extract::Query(query)) = query else {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the query is not readable",
            vec![],
        );
    };
    let day = match query
        .as_of
        .as_deref()
        .map(app::policy::Date::parse)
        .transpose()
    {
        Ok(d) => d,
        Err(message) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the date is not readable",
                vec![FieldError {
                    field: "as_of".into(),
                    message,
                }],
            )
        }
    };
    match app::backend::result_changes::result_changes(&backend, &id, day).await {
        Ok(Some(c)) => Json(c).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such result", vec![]),
        Err(e) => e.into_response(),
    }
}
