//! Staff accounts as admins manage them.
use leptos::prelude::*;

use crate::wire::errors::AppError;

#[cfg(feature = "ssr")]
use crate::backend::{auth, users};
#[cfg(feature = "ssr")]
use crate::wire::staff::Role;
use crate::wire::users::Account;

/// Every account (admins only).
#[server(prefix = "/api/staff", endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<Vec<Account>, AppError> {
    auth::require_reader(Role::Admin).await?;
    let backend = crate::backend::use_backend()?;
    users::list(&backend).await
}

/// Creates an account (admins only).
#[server(prefix = "/api/staff", endpoint = "create_account")]
pub async fn create_account(
    csrf: String,
    email: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let role = Role::from_slug(&role)
        .ok_or_else(|| AppError::field("role", "Choose editor, publisher or admin."))?;
    users::create(&backend, &admin, &email, role, &password).await?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}

/// Changes an account's role (admins only).
#[server(prefix = "/api/staff", endpoint = "set_account_role")]
pub async fn set_account_role(csrf: String, id: String, role: String) -> Result<(), AppError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    let role = Role::from_slug(&role)
        .ok_or_else(|| AppError::field("role", "Choose editor, publisher or admin."))?;
    users::set_role(&backend, &admin, &id, role).await?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}

/// Deactivates or reactivates an account (admins only).
#[server(prefix = "/api/staff", endpoint = "set_account_active")]
pub async fn set_account_active(csrf: String, id: String, active: bool) -> Result<(), AppError> {
    let admin = auth::require(Role::Admin, &csrf).await?;
    let backend = crate::backend::use_backend()?;
    users::set_active(&backend, &admin, &id, active).await?;
    leptos_axum::redirect("/staff/users");
    Ok(())
}
