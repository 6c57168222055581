//! Online applications for one measure: started by the applicant from an eligible assessment,
//! then moved through the acceptance window by staff (`policy::application` says which moves
//! are allowed). The applicant holds a link token; the database keeps only its SHA-256.
//!
//! Starting is in `start`, moves and materials in `moves`, reading and the staff queue in
//! `read`.
use sqlx::FromRow;

use super::auth::hash_token;
use super::db::DbError;
use crate::policy::application::Stage;
use crate::policy::{Date, Facts};
use crate::wire::applications::{ApplicantKind, StoredMaterial};
use crate::wire::assessment::MeasureOutcome;
use crate::wire::errors::AppError;

mod files;
mod form_move;
mod forms;
mod moves;
mod read;
mod start;
mod stats;
mod upload;

pub use files::{material_file, Holder};
pub use form_move::parse_move;
pub use forms::apply_form;
pub use moves::{apply_move, complete_materials, record_material, submit};
pub use read::{by_id, by_link, queue, QUEUE_PAGE};
pub(crate) use start::email_ok;
pub use start::start;
pub use stats::service_times;
pub use upload::{upload, Upload, UploadError};

/// Who the events name for the applicant's own moves.
pub const APPLICANT: &str = "applicant";

/// A read of applications: every column, then the rest of the statement.
macro_rules! select_applications {
    ($rest:literal) => {
        concat!(
            "SELECT id, measure_id, measure_version, stage, applicant_kind, applicant_name, credit_code, contact_email, contact_phone, answers, estimate, missing, deadline, amount_granted, created_at, updated_at, submitted_at, accepted_at, decided_at, lock_version FROM applications ",
            $rest
        )
    };
}
use select_applications;

/// An application as stored.
#[derive(FromRow, Clone, Debug)]
struct ApplicationRow {
    id: String,
    measure_id: String,
    measure_version: i64,
    stage: String,
    applicant_kind: String,
    applicant_name: String,
    credit_code: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    answers: String,
    estimate: String,
    missing: String,
    deadline: Option<String>,
    amount_granted: Option<i64>,
    created_at: String,
    updated_at: String,
    submitted_at: Option<String>,
    accepted_at: Option<String>,
    decided_at: Option<String>,
    lock_version: i64,
}

/// An application as read, with its stored JSON and text decoded.
#[derive(Clone, Debug)]
struct Application {
    row: ApplicationRow,
    stage: Stage,
    kind: ApplicantKind,
    answers: Facts,
    estimate: MeasureOutcome,
    missing: Vec<String>,
    deadline: Option<Date>,
}

impl TryFrom<ApplicationRow> for Application {
    type Error = DbError;

    fn try_from(row: ApplicationRow) -> Result<Self, DbError> {
        let corrupt = |what: &str| DbError::Corrupt(format!("application {}: {what}", row.id));
        Ok(Application {
            stage: Stage::from_slug(&row.stage).ok_or_else(|| corrupt("stage"))?,
            kind: ApplicantKind::from_slug(&row.applicant_kind)
                .ok_or_else(|| corrupt("applicant kind"))?,
            answers: serde_json::from_str(&row.answers).map_err(|_| corrupt("answers"))?,
            estimate: serde_json::from_str(&row.estimate).map_err(|_| corrupt("estimate"))?,
            missing: serde_json::from_str(&row.missing).map_err(|_| corrupt("missing"))?,
            deadline: row
                .deadline
                .as_deref()
                .map(Date::parse)
                .transpose()
                .map_err(|_| corrupt("deadline"))?,
            row,
        })
    }
}

/// A material as stored.
#[derive(FromRow)]
struct MaterialRow {
    id: String,
    material: String,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploaded_at: String,
}

impl MaterialRow {
    fn stored(&self) -> StoredMaterial {
        StoredMaterial {
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }
}

/// Whether `t` has the shape of a link token (64 hex digits).
fn link_shaped(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The application a link token opens.
async fn find_by_link<'e, E>(db: E, link_token: &str) -> Result<Option<Application>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if !link_shaped(link_token) {
        return Ok(None);
    }
    let row = sqlx::query_as::<_, ApplicationRow>(select_applications!("WHERE link_hash = $1"))
        .bind(hash_token(&link_token.to_ascii_lowercase()))
        .fetch_optional(db)
        .await?;
    Ok(row.map(Application::try_from).transpose()?)
}

/// The application with this id.
async fn find_by_id<'e, E>(db: E, id: &str) -> Result<Option<Application>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if !super::tokens::valid_token(id) {
        return Ok(None);
    }
    let row = sqlx::query_as::<_, ApplicationRow>(select_applications!("WHERE id = $1"))
        .bind(id.to_string())
        .fetch_optional(db)
        .await?;
    Ok(row.map(Application::try_from).transpose()?)
}

/// The materials uploaded for an application, oldest first.
async fn materials<'e, E>(db: E, id: &str) -> Result<Vec<MaterialRow>, DbError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_as::<_, MaterialRow>(
        "SELECT id, material, file_name, content_type, size, sha256, uploaded_at FROM application_materials WHERE application_id = $1 ORDER BY uploaded_at, id",
    )
    .bind(id.to_string())
    .fetch_all(db)
    .await?)
}

/// The missing materials for which nothing has been uploaded.
fn outstanding(missing: &[String], uploaded: &[MaterialRow]) -> Vec<String> {
    missing
        .iter()
        .filter(|m| !uploaded.iter().any(|u| u.material == **m))
        .cloned()
        .collect()
}

/// The day in Nanjing of a stored UTC timestamp: the day `clock::today` counts in.
fn day_of(at: &str) -> Option<Date> {
    crate::wire::applications::nanjing_time(at).map(|(day, _)| day)
}
