//! Staff accounts and sessions: the types shared with the browser and the sign-in, sign-out and
//! password server functions. Every staff server function authorises on the server through
//! `crate::backend::auth`; hiding a link in the interface is never the protection.

#[cfg(feature = "ssr")]
use crate::backend::auth;
#[cfg(feature = "ssr")]
use crate::wire::staff::Access;
use crate::wire::staff::StaffUser;
use leptos::prelude::*;

use crate::wire::errors::AppError;

/// The signed-in staff member, or `None`.
#[server(prefix = "/api/fn", endpoint = "current_staff")]
pub async fn current_staff() -> Result<Option<StaffUser>, AppError> {
    auth::current().await
}

/// Signs in: sets the session cookie and goes to `next` (a local path) or the staff home.
/// Repeated failures for one address are throttled.
#[server(prefix = "/api/fn", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    auth::check_origin().await?;
    let backend = crate::backend::use_backend()?;
    let secure = auth::request_is_https().await;
    let client = auth::client_addr().await;
    let token = auth::sign_in(&backend, &client, &email, &password).await?;
    // A session the browser already had ends: signing in always starts a new one.
    if let Some(old) = auth::token_from_headers(
        &leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .unwrap_or_default(),
    ) {
        auth::drop_session(&backend, &old).await?;
    }
    auth::set_cookie(&auth::session_cookie(&token, secure));
    let target = next
        .as_deref()
        .and_then(auth::LocalPath::new)
        .filter(|n| n.as_str().starts_with("/staff"));
    leptos_axum::redirect(target.as_ref().map_or("/staff", |t| t.as_str()));
    Ok(())
}

/// Signs out: ends the session in the database and clears the cookie.
#[server(prefix = "/api/staff", endpoint = "sign_out")]
pub async fn sign_out(csrf: String) -> Result<(), AppError> {
    let user = auth::require(Access::Member, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    auth::end_session(&backend, &user).await?;
    auth::set_cookie(&auth::clear_cookie());
    leptos_axum::redirect("/staff/sign-in");
    Ok(())
}

/// Changes the signed-in member's password; every other session of theirs ends.
#[server(prefix = "/api/staff", endpoint = "change_password")]
pub async fn change_password(
    csrf: String,
    current: String,
    new_password: String,
    confirm: String,
) -> Result<(), AppError> {
    let user = auth::require(Access::Member, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    auth::change_password(&backend, &user, &current, &new_password, &confirm).await?;
    leptos_axum::redirect("/staff/account?changed=1");
    Ok(())
}
