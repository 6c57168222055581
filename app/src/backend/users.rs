//! Account management for admins: list accounts, create one, change a role, deactivate or
//! reactivate. Every change is audited; deactivating ends the person's sessions at once.
use sqlx::Row;

use super::audit;
use super::auth::add_user;
use super::store::Backend;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use crate::wire::users::Account;

/// Every account, by e-mail address.
pub async fn list(backend: &Backend) -> Result<Vec<Account>, AppError> {
    let rows = sqlx::query("SELECT id, email, role, active, created_at FROM users ORDER BY email")
        .fetch_all(backend.pool())
        .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get(2)?;
            let active: i64 = r.try_get(3)?;
            Ok(Account {
                id: r.try_get(0)?,
                email: r.try_get(1)?,
                role: Role::from_slug(&role).unwrap_or(Role::Editor),
                active: active == 1,
                created_at: r.try_get(4)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

async fn account(backend: &Backend, id: &str) -> Result<Account, AppError> {
    list(backend)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)
}

/// Creates an account on behalf of an admin.
pub async fn create(
    backend: &Backend,
    admin: &StaffUser,
    email: &str,
    role: Role,
    password: &str,
) -> Result<(), AppError> {
    add_user(backend, email, role, password, &admin.email).await?;
    Ok(())
}

/// Changes an account's role. An admin cannot lower their own role (so one admin remains).
pub async fn set_role(
    backend: &Backend,
    admin: &StaffUser,
    id: &str,
    role: Role,
) -> Result<(), AppError> {
    if id == admin.id && role != Role::Admin {
        return Err(AppError::invalid(
            "You cannot lower your own role; ask another admin.",
        ));
    }
    let before = account(backend, id).await?;
    let mut tx = backend.pool().begin().await?;
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.slug())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &admin.email,
            action: "user.role",
            target_kind: "user",
            target_id: Some(&before.email),
            before: Some(&serde_json::json!({"role": before.role.slug()})),
            after: Some(&serde_json::json!({"role": role.slug()})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates (ending every session) or reactivates an account; never one's own.
pub async fn set_active(
    backend: &Backend,
    admin: &StaffUser,
    id: &str,
    active: bool,
) -> Result<(), AppError> {
    if id == admin.id {
        return Err(AppError::invalid("You cannot deactivate your own account."));
    }
    let before = account(backend, id).await?;
    let mut tx = backend.pool().begin().await?;
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if !active {
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &admin.email,
            action: if active {
                "user.reactivate"
            } else {
                "user.deactivate"
            },
            target_kind: "user",
            target_id: Some(&before.email),
            before: Some(&serde_json::json!({"active": before.active})),
            after: Some(&serde_json::json!({"active": active})),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
