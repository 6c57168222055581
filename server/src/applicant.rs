//! The applicant's side of an application as plain HTML form posts, so it works without
//! JavaScript: start (from the apply page), submit, upload a material; and the files and the
//! Atom feed under the application's secret link. Staff download materials under their own
//! route, with a reviewer's session.
//!
//! Every form answers with a redirect (303) to the page it came from, carrying what happened
//! as short codes the page words in the reader's language; values the applicant typed go back
//! into the form, never into a log.
use app::backend::applications::{self, Holder, Upload};
use app::backend::materials::MAX_MATERIAL_BYTES;
use app::backend::{auth, AppState, Backend};
use app::wire::applications::{ApplicantKind, NewApplication, StoredMaterial};
use app::wire::catalog::encode;
use app::wire::errors::AppError;
use app::wire::staff::Role;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

/// The largest upload request read: the file limit plus room for the form's other fields.
pub const UPLOAD_BODY_LIMIT: usize = MAX_MATERIAL_BYTES as usize + 64 * 1024;

/// The staff route for materials, with the role it needs (the route-enumeration test walks
/// this list).
pub const STAFF_MATERIAL_ROUTE: (&str, &str, Role) = (
    "GET",
    "/staff/applications/{id}/materials/{material}",
    Role::Reviewer,
);

/// The applicant's forms (POST), opened by the application's link; the forgery enumeration
/// test walks this list.
pub const APPLICANT_FORMS: [&str; 3] = [
    "/apply/{measure}",
    "/applications/{token}/submit",
    "/applications/{token}/materials",
];

/// The routes here that only read: a material, the application's feed, the staff download.
pub const READS: [&str; 3] = [
    "/applications/{token}/materials/{material}",
    "/applications/{token}/feed.atom",
    STAFF_MATERIAL_ROUTE.1,
];

/// The applicant's routes and the staff download.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(APPLICANT_FORMS[0], post(start))
        .route(APPLICANT_FORMS[1], post(submit))
        .route(
            APPLICANT_FORMS[2],
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(READS[0], get(download))
        .route(READS[1], get(feed))
        .route(READS[2], get(staff_download))
}

/// The apply page's form.
#[derive(Deserialize, Default)]
pub struct StartForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    applicant_kind: String,
    #[serde(default)]
    applicant_name: String,
    #[serde(default)]
    credit_code: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    contact_phone: String,
    #[serde(default)]
    idempotency_key: String,
}

fn forged() -> Response {
    AppError::forgery().into_response()
}

/// `POST /apply/{measure}`: starts the application as a draft and opens it under its link.
async fn start(
    State(backend): State<Backend>,
    Path(measure): Path<String>,
    headers: HeaderMap,
    form: Result<Form<StartForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    let form = form.map(|f| f.0).unwrap_or_default();
    let back = |errors: &str| {
        let q = [
            ("result", form.result.as_str()),
            ("kind", form.applicant_kind.as_str()),
            ("name", form.applicant_name.as_str()),
            ("code", form.credit_code.as_str()),
            ("email", form.contact_email.as_str()),
            ("phone", form.contact_phone.as_str()),
            ("key", form.idempotency_key.as_str()),
            ("error", errors),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        Redirect::to(&format!("/apply/{}?{q}", encode(&measure))).into_response()
    };
    let Some(answers) = applications_answers(&backend, &form.result).await else {
        return back("answers");
    };
    let kind = match form.applicant_kind.as_str() {
        "individual" => ApplicantKind::Individual,
        _ => ApplicantKind::Organisation,
    };
    let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let new = NewApplication {
        measure_id: measure.clone(),
        answers,
        applicant_kind: kind,
        applicant_name: form.applicant_name.clone(),
        credit_code: optional(&form.credit_code),
        contact_email: optional(&form.contact_email),
        contact_phone: optional(&form.contact_phone),
        idempotency_key: form.idempotency_key.clone(),
    };
    match applications::start(&backend, new).await {
        Ok(started) => {
            Redirect::to(&format!("/applications/{}?started=1", started.link_token)).into_response()
        }
        Err(AppError::Invalid { fields, .. }) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
            back(&names.join(","))
        }
        Err(AppError::Conflict { .. }) => back("conflict"),
        Err(e) => e.into_response(),
    }
}

/// The answers of a stored result: the application is always computed from what the engine
/// stored, never from answers the browser sends.
async fn applications_answers(backend: &Backend, result: &str) -> Option<app::policy::Facts> {
    app::backend::results::facts(backend, result)
        .await
        .ok()
        .flatten()
}

/// `POST /applications/{token}/submit`: sends the draft (again, after a request for changes).
async fn submit(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    match applications::submit(&backend, &token).await {
        Ok(_) => Redirect::to(&format!("/applications/{token}?done=submitted")).into_response(),
        Err(AppError::NotFound) => AppError::NotFound.into_response(),
        Err(AppError::Conflict { .. }) => {
            Redirect::to(&format!("/applications/{token}?error=closed")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /applications/{token}/materials` (multipart: `material`, `file`): stores one
/// material. A body over the limit is refused before it is read whole.
async fn upload(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    // A browser's form (it asks for HTML) goes back to the application page, which shows the
    // message by the field; any other client gets the refusal as a 4xx with the same code.
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let back = |code: &str| {
        if wants_page {
            return Redirect::to(&format!(
                "/applications/{token}?error={}#materials",
                encode(code)
            ))
            .into_response();
        }
        let status = if code == "too_large" {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (
            status,
            axum::Json(serde_json::json!({
                "error": "The file was not accepted.",
                "code": code,
            })),
        )
            .into_response()
    };
    if applications::by_link(&backend, &token, app::backend::clock::today())
        .await
        .ok()
        .flatten()
        .is_none()
    {
        return AppError::NotFound.into_response();
    }
    let too_large = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > UPLOAD_BODY_LIMIT);
    if too_large {
        return back("too_large");
    }
    let Ok(mut form) = form else {
        return back("unreadable");
    };
    let mut material = String::new();
    let mut file: Option<(String, Option<String>, Vec<u8>)> = None;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            // The body limit stops a long upload here.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return back("too_large"),
            Err(_) => return back("unreadable"),
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = match field.bytes().await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return back("too_large"),
            Err(_) => return back("unreadable"),
        };
        match name.as_str() {
            "material" => material = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some((file_name.unwrap_or_default(), content_type, bytes.to_vec())),
            _ => {}
        }
    }
    let Some((file_name, content_type, bytes)) = file.filter(|f| !f.0.is_empty()) else {
        return back("no_file");
    };
    let sent = Upload {
        material: &material,
        bytes,
        file_name: &file_name,
        content_type: content_type.as_deref(),
    };
    match applications::upload(&backend, &token, sent).await {
        Ok(_) => {
            Redirect::to(&format!("/applications/{token}?done=uploaded#materials")).into_response()
        }
        Err(e) if e.code() == "failed" => AppError::from(e).into_response(),
        Err(e) => back(e.code()),
    }
}

/// A stored material, as a download that never renders in the page.
fn attachment(stored: StoredMaterial, bytes: Vec<u8>) -> Response {
    let ascii: String = stored
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encode(&stored.file_name).replace('+', "%20")
    );
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&stored.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    res
}

/// `GET /applications/{token}/materials/{material}`: the applicant's own file.
async fn download(
    State(backend): State<Backend>,
    Path((token, material)): Path<(String, String)>,
) -> Response {
    match applications::material_file(&backend, Holder::Link(&token), &material).await {
        Ok((stored, bytes)) => attachment(stored, bytes),
        Err(e) => e.into_response(),
    }
}

/// `GET /staff/applications/{id}/materials/{material}`: a file, for a reviewer.
async fn staff_download(
    State(backend): State<Backend>,
    Path((id, material)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(session) = auth::token_from_headers(&headers) else {
        return AppError::sign_in().into_response();
    };
    let user = match auth::session_user(&backend, &session).await {
        Ok(Some(u)) => u,
        Ok(None) => return AppError::sign_in().into_response(),
        Err(e) => return AppError::from(e).into_response(),
    };
    if !user.role.allows(STAFF_MATERIAL_ROUTE.2) {
        return AppError::forbidden().into_response();
    }
    match applications::material_file(&backend, Holder::Id(&id), &material).await {
        Ok((stored, bytes)) => attachment(stored, bytes),
        Err(e) => e.into_response(),
    }
}

/// `GET /applications/{token}/feed.atom`: the application's journey as an Atom feed.
async fn feed(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let found = applications::by_link(&backend, &token, app::backend::clock::today()).await;
    let view = match found {
        Ok(Some(v)) => v,
        Ok(None) => return AppError::NotFound.into_response(),
        Err(e) => return e.into_response(),
    };
    match app::backend::application_feed::atom(&auth::site_base(&headers), &token, &view) {
        Ok(xml) => private_atom(xml),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// A feed that only its secret link opens (an application's, a profile's): Atom, never cached
/// by anyone else.
pub fn private_atom(xml: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        xml,
    )
        .into_response()
}
