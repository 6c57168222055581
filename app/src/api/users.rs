//! Staff accounts as admins manage them.
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::backend::{auth, users};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;
use crate::wire::users::Account;

/// Every account (admins only).
#[server(prefix = "/api/staff", endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<Vec<Account>, ServerFnError> {
    auth::require_reader(Role::Admin).await?;
    let backend = crate::backend::use_backend()?;
    users::list(&backend)
        .await
        .map_err(|e| e.into_server_error())
}

/// Creates an account (admins only).
#[server(prefix = "/api/staff", endpoint = "create_account")]
pub async fn create_account(
    csrf: String,
    email: String,
    role: String,
    password: String,
) -> Result<(), ServerFnError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let role = Role::from_slug(&role)
        .ok_or_else(|| ServerFnError::new("Choose editor, publisher or admin."))?;
    users::create(&backend, &admin, &email, role, &password)
        .await
        .map_err(|e| e.into_server_error())?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}

/// Changes an account's role (admins only).
#[server(prefix = "/api/staff", endpoint = "set_account_role")]
pub async fn set_account_role(csrf: String, id: String, role: String) -> Result<(), ServerFnError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let role = Role::from_slug(&role)
        .ok_or_else(|| ServerFnError::new("Choose editor, publisher or admin."))?;
    users::set_role(&backend, &admin, &id, role)
        .await
        .map_err(|e| e.into_server_error())?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}

/// Deactivates or reactivates an account (admins only).
#[server(prefix = "/api/staff", endpoint = "set_account_active")]
pub async fn set_account_active(
    csrf: String,
    id: String,
    active: bool,
) -> Result<(), ServerFnError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    users::set_active(&backend, &admin, &id, active)
        .await
        .map_err(|e| e.into_server_error())?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}
