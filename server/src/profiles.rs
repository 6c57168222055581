//! Profiles as plain HTML form posts, so they work without JavaScript: keep a result's answers
//! as a profile, rename it, set or remove its e-mail address, update its answers, delete it;
//! its Atom feed; and the links in mail: confirm the address, unsubscribe in one click (also
//! as the RFC 8058 POST a mail client sends, which comes from no page of this site).
//!
//! Every form answers with a redirect (303) to the page it came from, carrying what happened
//! as a short code the page words in the reader's language.
use app::backend::auth::{self, ClientAddr};
use app::backend::limits::client_key;
use app::backend::profiles;
use app::backend::Backend;
use app::wire::errors::AppError;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

use app::backend::AppState;

/// The profile forms (POST); the forgery enumeration test walks this list.
pub const PROFILE_FORMS: [&str; 5] = [
    "/profiles",
    "/profiles/{token}/name",
    "/profiles/{token}/email",
    "/profiles/{token}/answers",
    "/profiles/{token}/delete",
];

/// The one-click unsubscribe: GET from the link in a mail, POST from the mail client (RFC
/// 8058), open to other sites (see `forgery::OPEN_TO_OTHER_SITES`).
pub const UNSUBSCRIBE: &str = "/profiles/email/{email_token}/unsubscribe";

/// The routes here that only read (the confirmation link changes only the address's state,
/// which only its holder can ask for).
pub const READS: [&str; 2] = [
    "/profiles/{token}/feed.atom",
    "/profiles/email/{email_token}/confirm",
];

/// The profile routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PROFILE_FORMS[0], post(create))
        .route(PROFILE_FORMS[1], post(rename))
        .route(PROFILE_FORMS[2], post(email))
        .route(PROFILE_FORMS[3], post(answers))
        .route(PROFILE_FORMS[4], post(delete))
        .route(READS[0], get(feed))
        .route(READS[1], get(confirm))
        .route(UNSUBSCRIBE, get(unsubscribe_link).post(unsubscribe_post))
}

/// The fields of the profile forms (each form sends the ones it has).
#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    result: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    confirm: String,
}

fn forged() -> Response {
    AppError::forgery().into_response()
}

fn to(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// The short code a refusal is shown as.
fn code(e: &AppError) -> &'static str {
    match e {
        AppError::RateLimited { .. } => "limit",
        AppError::Invalid { fields, .. } if fields.iter().any(|f| f.field == "email") => "email",
        AppError::Invalid { .. } => "name",
        _ => "failed",
    }
}

/// `POST /profiles` (`result`, `name`): keeps a stored result's answers as a profile.
async fn create(
    State(backend): State<Backend>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    form: Result<Form<ProfileForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    let form = form.map(|f| f.0).unwrap_or_default();
    match profiles::create(&backend, &client_key(&client), &form.result, &form.name).await {
        Ok(token) => to(&format!("/profiles/{token}?done=saved")),
        Err(AppError::NotFound) => AppError::NotFound.into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::RateLimited { .. })) => {
            let result = if app::backend::tokens::valid_token(&form.result) {
                form.result.clone()
            } else {
                String::new()
            };
            to(&format!(
                "/results/{result}?profile_error={}#keep",
                code(&e)
            ))
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /profiles/{token}/name` (`name`).
async fn rename(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<ProfileForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    let form = form.map(|f| f.0).unwrap_or_default();
    match profiles::rename(&backend, &token, &form.name).await {
        Ok(()) => to(&format!("/profiles/{token}?done=renamed")),
        Err(AppError::NotFound) => AppError::NotFound.into_response(),
        Err(e @ AppError::Invalid { .. }) => {
            to(&format!("/profiles/{token}?error={}#name", code(&e)))
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /profiles/{token}/email` (`email`, empty to remove it).
async fn email(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<ProfileForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    let form = form.map(|f| f.0).unwrap_or_default();
    let removing = form.email.trim().is_empty();
    match profiles::set_email(&backend, &token, &form.email).await {
        Ok(()) if removing => to(&format!("/profiles/{token}?done=email_removed#alerts")),
        Ok(()) => to(&format!("/profiles/{token}?done=email_sent#alerts")),
        Err(AppError::NotFound) => AppError::NotFound.into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::RateLimited { .. })) => {
            to(&format!("/profiles/{token}?error={}#alerts", code(&e)))
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /profiles/{token}/answers`: opens the profile's answers in the wizard's review.
async fn answers(
    State(backend): State<Backend>,
    Extension(client): Extension<ClientAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    let opened = match profiles::answers(&backend, &token).await {
        Ok(facts) => {
            app::backend::wizard::from_answers(&backend, &client_key(&client), facts, Some(&token))
                .await
        }
        Err(e) => Err(e),
    };
    match opened {
        Ok(session) => to(&format!("/wizard/{session}/review")),
        Err(e @ AppError::RateLimited { .. }) => {
            to(&format!("/profiles/{token}?error={}", code(&e)))
        }
        Err(e) => e.into_response(),
    }
}

/// `POST /profiles/{token}/delete` (`confirm=yes`): deletes the profile and everything kept
/// for it.
async fn delete(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
    form: Result<Form<ProfileForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return forged();
    }
    // The page's box "I understand this deletes ..." must be ticked.
    if form.map(|f| f.0).unwrap_or_default().confirm != "yes" {
        return to(&format!("/profiles/{token}?error=confirm#name"));
    }
    match profiles::delete(&backend, &token).await {
        Ok(true) => to(&format!("/profiles/{token}?done=deleted")),
        Ok(false) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /profiles/{token}/feed.atom`.
async fn feed(
    State(backend): State<Backend>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match profiles::feed::atom(&backend, &auth::site_base(&headers), &token).await {
        Ok(Some(xml)) => crate::applicant::private_atom(xml),
        Ok(None) => AppError::NotFound.into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// A short page for a mail link that opens nothing any more.
fn stale_link() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Link no longer valid</title></head>\
             <body><main><h1>This link is no longer valid</h1><p>The address was already removed from the profile, \
             or the profile was deleted. Nothing more will be sent.</p><p><a href=\"/\">Home</a></p></main></body></html>",
        ),
    )
        .into_response()
}

/// `GET /profiles/email/{email_token}/confirm`: the link in the confirmation mail.
async fn confirm(State(backend): State<Backend>, Path(email_token): Path<String>) -> Response {
    match profiles::confirm_email(&backend, &email_token).await {
        Ok(Some(token)) => to(&format!("/profiles/{token}?done=email_confirmed#alerts")),
        Ok(None) => stale_link(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `GET /profiles/email/{email_token}/unsubscribe`: the link in a digest; one click.
async fn unsubscribe_link(
    State(backend): State<Backend>,
    Path(email_token): Path<String>,
) -> Response {
    match profiles::unsubscribe(&backend, &email_token).await {
        Ok(Some(token)) => to(&format!("/profiles/{token}?done=unsubscribed#alerts")),
        Ok(None) => stale_link(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// `POST /profiles/email/{email_token}/unsubscribe` (`List-Unsubscribe=One-Click`): the mail
/// client's one-click unsubscribe; answers 200 whether or not the address was still there.
async fn unsubscribe_post(
    State(backend): State<Backend>,
    Path(email_token): Path<String>,
) -> Response {
    match profiles::unsubscribe(&backend, &email_token).await {
        Ok(_) => (StatusCode::OK, "unsubscribed\n").into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
