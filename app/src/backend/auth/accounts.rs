//! Staff accounts: creating one and changing its password.
use super::{end_sessions, hash_password, password_problem, Sessions};
use crate::backend::audit;
use crate::backend::clock::now_rfc3339;
use crate::backend::passwords::{normalise_email, verify_password};
use crate::backend::store::Backend;
use crate::backend::tokens::token;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};

/// Creates an account (`server user add`, or an admin); returns its id. `actor` is audited.
pub async fn add_user(
    backend: &Backend,
    email: &str,
    role: Role,
    password: &str,
    actor: &str,
) -> Result<String, AppError> {
    let email = normalise_email(email)?;
    if let Some(p) = password_problem(password, &email) {
        return Err(AppError::invalid(p));
    }
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(backend.pool())
        .await?;
    if exists.is_some() {
        return Err(AppError::invalid(format!(
            "An account for {email} already exists."
        )));
    }
    let hash = hash_password(password).await?;
    let id = token()?;
    let now = now_rfc3339();
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, role, active, created_at, password_changed_at) VALUES ($1, $2, $3, $4, 1, $5, $5)",
    )
    .bind(&id)
    .bind(&email)
    .bind(&hash)
    .bind(role.slug())
    .bind(&now)
    .execute(backend.pool())
    .await?;
    audit::record(
        backend.pool(),
        audit::Entry {
            actor,
            action: "user.add",
            target_kind: "user",
            target_id: Some(&email),
            before: None,
            after: Some(&serde_json::json!({"email": email, "role": role.slug()})),
        },
    )
    .await?;
    Ok(id)
}

/// Changes a password after checking the current one; other sessions of the member end.
pub async fn change_password(
    backend: &Backend,
    user: &StaffUser,
    current: &str,
    new_password: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(&user.id)
        .fetch_one(backend.pool())
        .await?;
    if !verify_password(hash, current).await {
        return Err(AppError::invalid("The current password is wrong."));
    }
    if new_password != confirm {
        return Err(AppError::invalid(
            "The new password and its confirmation differ.",
        ));
    }
    if let Some(p) = password_problem(new_password, &user.email) {
        return Err(AppError::invalid(p));
    }
    let hash = hash_password(new_password).await?;
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now_rfc3339())
        .bind(&user.id)
        .execute(backend.pool())
        .await?;
    end_sessions(backend, user, Sessions::Others, "password.change").await
}
