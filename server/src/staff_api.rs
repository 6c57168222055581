//! Staff endpoints of the JSON API (`/api/v1/staff/...`): catalog export and import. They use
//! the same session cookie as the staff pages; a state-changing call must also send the
//! session's anti-forgery token in `X-CSRF-Token`.
use app::backend::auth;
use app::backend::{transfer, AppState, Backend};
use app::wire::errors::AppError;
use app::wire::errors::FieldError;
use app::wire::staff::{Role, StaffUser};
use axum::{
    extract::{Multipart, Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};

use crate::api::error;

/// Every staff API route with its method and the lowest role allowed (the route-enumeration
/// test walks this list, so a route added here is checked automatically).
pub const STAFF_ROUTES: [(&str, &str, Role); 4] = [
    ("GET", "/api/v1/staff/export", Role::Editor),
    ("GET", "/api/v1/staff/export/facts.toml", Role::Editor),
    ("POST", "/api/v1/staff/import", Role::Publisher),
    ("POST", "/api/v1/staff/import-files", Role::Publisher),
];

/// Catalog files in the `app/catalog/` format.
#[derive(Debug, Serialize, Deserialize)]
pub struct CatalogFiles {
    /// One entry per file.
    pub files: Vec<CatalogFileText>,
}

/// One catalog file.
#[derive(Debug, Serialize, Deserialize)]
pub struct CatalogFileText {
    /// File name, e.g. `nwf-2020-1.toml`.
    pub name: String,
    /// TOML text.
    pub text: String,
}

/// The staff API's routes that only read: the catalog export, whole and per file.
pub const READS: [&str; 2] = [STAFF_ROUTES[0].1, "/api/v1/staff/export/{name}"];

/// Routes of the staff API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(READS[0], get(export))
        .route(READS[1], get(export_file))
        .route(STAFF_ROUTES[2].1, post(import))
        .route(STAFF_ROUTES[3].1, post(import_files))
}

fn refuse(e: AppError) -> Response {
    e.into_response()
}

/// The signed-in member if their role includes `needed`; for a state-changing call the
/// origin and the `X-CSRF-Token` header must match too.
async fn authorise(
    backend: &Backend,
    headers: &HeaderMap,
    needed: Role,
    changes_state: bool,
) -> Result<StaffUser, Response> {
    let token = auth::token_from_headers(headers).ok_or_else(|| refuse(AppError::sign_in()))?;
    let user = auth::session_user(backend, &token)
        .await
        .map_err(|e| refuse(AppError::from(e)))?
        .ok_or_else(|| refuse(AppError::sign_in()))?;
    if !user.role.allows(needed) {
        return Err(refuse(AppError::forbidden()));
    }
    if changes_state {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !auth::same_origin(headers) || !auth::constant_time_eq(sent, &user.csrf) {
            return Err(refuse(AppError::forgery()));
        }
    }
    Ok(user)
}

async fn export(State(backend): State<Backend>, headers: HeaderMap) -> Response {
    if let Err(r) = authorise(&backend, &headers, STAFF_ROUTES[0].2, false).await {
        return r;
    }
    match transfer::export(&backend).await {
        Ok(files) => Json(CatalogFiles {
            files: files
                .into_iter()
                .map(|(name, text)| CatalogFileText { name, text })
                .collect(),
        })
        .into_response(),
        Err(e) => refuse(e),
    }
}

async fn import(
    State(backend): State<Backend>,
    headers: HeaderMap,
    body: Result<Json<CatalogFiles>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let user = match authorise(&backend, &headers, STAFF_ROUTES[2].2, true).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(Json(body)) = body else {
        return error(
            StatusCode::BAD_REQUEST,
            "the body must be JSON of the form {\"files\": [{\"name\": \"...\", \"text\": \"...\"}]}",
            vec![FieldError {
                field: "files".into(),
                message: "not valid JSON".into(),
            }],
        );
    };
    let files: Vec<(String, String)> = body.files.into_iter().map(|f| (f.name, f.text)).collect();
    match transfer::import(&backend, &user.email, &files).await {
        Ok(report) => Json(report).into_response(),
        Err(e) => refuse(e),
    }
}

/// One exported file, as a download.
async fn export_file(
    State(backend): State<Backend>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&backend, &headers, STAFF_ROUTES[1].2, false).await {
        return r;
    }
    match transfer::export(&backend).await {
        Ok(files) => match files.into_iter().find(|(n, _)| *n == name) {
            Some((name, text)) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/toml; charset=utf-8".to_string(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                text,
            )
                .into_response(),
            None => error(StatusCode::NOT_FOUND, "no such catalog file", vec![]),
        },
        Err(e) => refuse(e),
    }
}

/// The staff page's import form: `csrf` plus one or more `.toml` files (multipart). Answers
/// with a redirect to `/staff/catalog` carrying the outcome, so it works without JavaScript.
async fn import_files(
    State(backend): State<Backend>,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    // Who and which role first, before reading any upload.
    if let Err(r) = authorise(&backend, &headers, STAFF_ROUTES[3].2, false).await {
        return r;
    }
    let Ok(mut form) = form else {
        return error(
            StatusCode::BAD_REQUEST,
            "send the files as multipart/form-data",
            vec![],
        );
    };
    let mut csrf = String::new();
    let mut files = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "the upload could not be read",
                    vec![],
                )
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let Ok(text) = field.text().await else {
            return error(StatusCode::BAD_REQUEST, "files must be UTF-8 text", vec![]);
        };
        match (name.as_str(), file_name) {
            ("csrf", _) => csrf = text,
            ("files", Some(f)) if !f.is_empty() => files.push((f, text)),
            _ => {}
        }
    }
    // The token comes in the form here; `authorise` reads it from the header.
    let mut with_token = headers.clone();
    if let Ok(v) = csrf.parse() {
        with_token.insert("x-csrf-token", v);
    }
    let user = match authorise(&backend, &with_token, STAFF_ROUTES[3].2, true).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let target = if files.is_empty() {
        "/staff/catalog?error=Choose+at+least+one+.toml+file.".to_string()
    } else {
        match transfer::import(&backend, &user.email, &files).await {
            Ok(r) => format!(
                "/staff/catalog?added={}&changed={}&unchanged={}",
                r.added.len(),
                r.changed.len(),
                r.unchanged
            ),
            Err(e) => format!(
                "/staff/catalog?error={}",
                app::wire::catalog::encode(&e.to_string().chars().take(1500).collect::<String>())
            ),
        }
    };
    Redirect::to(&target).into_response()
}
