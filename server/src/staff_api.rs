//! Staff endpoints of the JSON API (`/api/v1/staff/...`): catalog export and import. They use
//! the same session cookie as the staff pages; a state-changing call must also send the
//! session's anti-forgery token in `X-CSRF-Token`.
use app::api::errors::FieldError;
use app::api::staff::{Role, StaffUser};
use app::backend::auth::{self, StaffError};
use app::backend::{transfer, AppState, Backend};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};

use crate::api::error;

/// Every staff API route with its method and the lowest role allowed (the route-enumeration
/// test walks this list, so a route added here is checked automatically).
pub const STAFF_ROUTES: [(&str, &str, Role); 2] = [
    ("GET", "/api/v1/staff/export", Role::Editor),
    ("POST", "/api/v1/staff/import", Role::Publisher),
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

/// Routes of the staff API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(STAFF_ROUTES[0].1, get(export))
        .route(STAFF_ROUTES[1].1, post(import))
}

fn refuse(e: StaffError) -> Response {
    let status = e.status();
    let errors = match &e {
        StaffError::Fields(f) => f.clone(),
        _ => Vec::new(),
    };
    if let StaffError::Db(inner) = &e {
        tracing::error!("staff API: {inner}");
        return error(status, "the server could not complete this request", vec![]);
    }
    error(status, &e.to_string(), errors)
}

/// The signed-in member if their role includes `needed`; for a state-changing call the
/// origin and the `X-CSRF-Token` header must match too.
async fn authorise(
    backend: &Backend,
    headers: &HeaderMap,
    needed: Role,
    changes_state: bool,
) -> Result<StaffUser, Response> {
    let token =
        auth::token_from_headers(headers).ok_or_else(|| refuse(StaffError::Unauthenticated))?;
    let user = auth::session_user(backend, &token)
        .await
        .map_err(|e| refuse(StaffError::Db(e)))?
        .ok_or_else(|| refuse(StaffError::Unauthenticated))?;
    if !user.role.allows(needed) {
        return Err(refuse(StaffError::Forbidden));
    }
    if changes_state {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !auth::origin_allowed(headers) || sent != user.csrf {
            return Err(refuse(StaffError::Forgery));
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
    let user = match authorise(&backend, &headers, STAFF_ROUTES[1].2, true).await {
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
