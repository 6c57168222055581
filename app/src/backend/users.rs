//! Account management for admins: list accounts, create one, change a role, deactivate or
//! reactivate. Every change is audited; deactivating ends the person's sessions at once.
use serde_json::{json, Value};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, FromRow};

use super::audit;
use super::auth::add_user;
use super::store::Backend;
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use crate::wire::users::Account;

/// An account as stored (without its password).
#[derive(FromRow)]
struct AccountRow {
    id: String,
    email: String,
    role: String,
    active: i64,
    created_at: String,
}

/// Every account, by e-mail address.
pub async fn list(backend: &Backend) -> Result<Vec<Account>, AppError> {
    let rows = sqlx::query_as::<_, AccountRow>(
        "SELECT id, email, role, active, created_at FROM users ORDER BY email",
    )
    .fetch_all(backend.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Account {
            id: r.id,
            email: r.email,
            role: Role::from_slug(&r.role).unwrap_or(Role::Editor),
            active: r.active == 1,
            created_at: r.created_at,
        })
        .collect())
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
    let update = sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.slug())
        .bind(id);
    let mut updates = vec![update];
    // New rights come with a new session: the member signs in again.
    if before.role != role {
        updates.push(sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(id));
    }
    let change = Change {
        action: "user.role",
        before: json!({"role": before.role.slug()}),
        after: json!({"role": role.slug()}),
    };
    apply(backend, admin, &before, change, updates).await
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
    let mut updates = vec![sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)];
    if !active {
        updates.push(sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(id));
    }
    let change = Change {
        action: if active {
            "user.reactivate"
        } else {
            "user.deactivate"
        },
        before: json!({"active": before.active}),
        after: json!({"active": active}),
    };
    apply(backend, admin, &before, change, updates).await
}

/// What a change to an account does, as the audit log keeps it.
struct Change {
    action: &'static str,
    before: Value,
    after: Value,
}

/// Runs `updates` to `account` and audits them as `change`, in one transaction.
async fn apply(
    backend: &Backend,
    admin: &StaffUser,
    account: &Account,
    change: Change,
    updates: Vec<Query<'_, Any, AnyArguments>>,
) -> Result<(), AppError> {
    let mut tx = backend.begin_write().await?;
    for update in updates {
        update.execute(&mut *tx).await?;
    }
    audit::record(
        &mut *tx,
        audit::Entry {
            actor: &admin.email,
            action: change.action,
            target_kind: "user",
            target_id: Some(&account.email),
            before: Some(&change.before),
            after: Some(&change.after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
