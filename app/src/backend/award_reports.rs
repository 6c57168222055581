//! "My real award differed": an entrepreneur reports, on a stored result, the amount actually
//! granted for one of its eligible measures, with an optional comment. The report keeps the
//! estimate and the trace that produced it; staff with the reviewer role read the reports of a
//! measure and mark them reviewed (audited). Reports are limited per client address like the
//! other anonymous writes and never shown publicly.
use sqlx::FromRow;

use super::audit::{self, Entry};
use super::clock::now_rfc3339;
use super::db::DbError;
use super::store::Backend;
use super::tokens::token;
use crate::policy::input::parse_number;
use crate::policy::{format_yuan, FactType};
use crate::wire::errors::{AppError, FieldError};
use crate::wire::staff::StaffUser;
use crate::wire::wizard::AwardReportView;

/// Longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 1_000;

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid {
        message: message.into(),
        fields: vec![FieldError {
            field: field.into(),
            message: message.into(),
        }],
    }
}

/// Records a report on the result `result` for `measure`: `amount` is typed as people write it
/// ("300000", "30万"); `NotFound` for an unknown result, a 422 for a measure the result does
/// not count as eligible, an unreadable amount or a comment over [`MAX_COMMENT_CHARS`].
pub async fn report(
    backend: &Backend,
    client: &str,
    result: &str,
    measure: &str,
    amount: &str,
    comment: &str,
) -> Result<String, AppError> {
    let stored = super::results::load(backend, result)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = stored
        .groups
        .iter()
        .flat_map(|g| g.items.iter())
        .chain(stored.non_monetary.iter())
        .find(|i| i.id == measure)
        .ok_or_else(|| {
            invalid(
                "measure",
                "This measure is not among the result's eligible measures.",
            )
        })?;
    let amount = parse_number(FactType::Money, amount.trim()).map_err(|m| invalid("amount", &m))?;
    if amount < 0 {
        return Err(invalid("amount", "Must be at least 0."));
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(invalid(
            "comment",
            &format!("At most {MAX_COMMENT_CHARS} characters."),
        ));
    }
    super::limits::allow_new(backend, super::limits::Made::AwardReport, client).await?;
    let id = token()?;
    let trace = serde_json::to_string(&item.trace).map_err(|e| DbError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO award_reports (id, result_id, measure_id, amount, comment, estimate, trace, client, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.clone())
    .bind(result.to_string())
    .bind(measure.to_string())
    .bind(amount)
    .bind(comment.to_string())
    .bind(item.amount.clone())
    .bind(trace)
    .bind(client.to_string())
    .bind(now_rfc3339())
    .execute(backend.pool())
    .await
    .map_err(DbError::from)?;
    Ok(id)
}

#[derive(FromRow)]
struct Row {
    id: String,
    result_id: String,
    measure_id: String,
    amount: i64,
    comment: String,
    estimate: String,
    trace: String,
    created_at: String,
    reviewed_at: Option<String>,
    reviewed_by: Option<String>,
}

impl Row {
    fn view(self) -> Result<AwardReportView, DbError> {
        Ok(AwardReportView {
            id: self.id,
            measure: self.measure_id,
            result: self.result_id,
            estimate: self.estimate,
            reported: format!("{} yuan", format_yuan(self.amount)),
            comment: self.comment,
            trace: serde_json::from_str(&self.trace)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
            created_at: self.created_at,
            reviewed_at: self.reviewed_at.unwrap_or_default(),
            reviewed_by: self.reviewed_by.unwrap_or_default(),
        })
    }
}

/// The reports on `measure` (every measure when empty), not yet reviewed first, newest first
/// (at most 200).
pub async fn list(backend: &Backend, measure: &str) -> Result<Vec<AwardReportView>, DbError> {
    let rows = sqlx::query_as::<_, Row>(
        "SELECT id, result_id, measure_id, amount, comment, estimate, trace, created_at, reviewed_at, reviewed_by FROM award_reports WHERE measure_id = $1 OR $2 = '' ORDER BY CASE WHEN reviewed_at IS NULL THEN 0 ELSE 1 END, created_at DESC LIMIT 200",
    )
    .bind(measure.to_string())
    .bind(measure.trim().to_string())
    .fetch_all(backend.pool())
    .await?;
    rows.into_iter().map(Row::view).collect()
}

/// Marks the report `id` reviewed by `user`, in the audit log too; `NotFound` for an unknown
/// or already reviewed report.
pub async fn mark_reviewed(backend: &Backend, user: &StaffUser, id: &str) -> Result<(), AppError> {
    let mut tx = backend.begin_write().await.map_err(DbError::from)?;
    let now = now_rfc3339();
    let done = sqlx::query(
        "UPDATE award_reports SET reviewed_at = $1, reviewed_by = $2 WHERE id = $3 AND reviewed_at IS NULL",
    )
    .bind(now.clone())
    .bind(user.email.clone())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let after = serde_json::json!({ "reviewed_at": now });
    audit::record(
        &mut *tx,
        Entry {
            actor: &user.email,
            action: "award_report.review",
            target_kind: "award_report",
            target_id: Some(id),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(())
}
