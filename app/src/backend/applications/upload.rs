//! A material uploaded by the applicant: checked against the application (its stage, the
//! deadline, the materials asked for), stored by content, recorded, and when it was the last
//! missing one of a conditional acceptance, the application completes itself.
use super::super::clock::today;
use super::super::materials::MaterialError;
use super::super::store::Backend;
use super::{by_link, complete_materials, record_material};
use crate::policy::application::Stage;
use crate::wire::applications::{ApplicationView, StoredMaterial};
use crate::wire::errors::AppError;

/// What the applicant sent: which material, and the file.
pub struct Upload<'a> {
    /// The material, as the measure or the conditional acceptance names it.
    pub material: &'a str,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// The file name the browser gave.
    pub file_name: &'a str,
    /// The content type the browser declared.
    pub content_type: Option<&'a str>,
}

/// Why an upload was refused.
#[derive(Debug)]
pub enum UploadError {
    /// The file itself (size, name, type).
    File(MaterialError),
    /// The application does not take it, or the store failed.
    Refused(AppError),
}

impl UploadError {
    /// A short name for the refusal, for a page to say it in the reader's language:
    /// `too_large`, `empty`, `bad_name`, `not_accepted`, `mismatch`, `material`, `deadline`,
    /// `closed`, `not_found` or `failed`.
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::File(e) => e.code(),
            UploadError::Refused(AppError::NotFound) => "not_found",
            UploadError::Refused(AppError::Conflict { .. }) => "closed",
            UploadError::Refused(e) if e.message_for("material").is_some() => "material",
            UploadError::Refused(e) if e.message_for("file").is_some() => "deadline",
            UploadError::Refused(_) => "failed",
        }
    }
}

impl From<AppError> for UploadError {
    fn from(e: AppError) -> Self {
        UploadError::Refused(e)
    }
}

impl From<UploadError> for AppError {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::File(e) => e.into(),
            UploadError::Refused(e) => e,
        }
    }
}

/// Stores `upload` for the application the link opens and answers the application as it
/// now stands.
pub async fn upload(
    backend: &Backend,
    link_token: &str,
    upload: Upload<'_>,
) -> Result<ApplicationView, UploadError> {
    let day = today();
    let app = by_link(backend, link_token, day)
        .await?
        .ok_or(AppError::NotFound)?;
    if !app.takes_materials(day) {
        return Err(match (app.stage, app.deadline) {
            (Stage::ConditionallyAccepted, Some(d)) => AppError::field(
                "file",
                format!("The deadline for the missing materials ({d}) has passed; contact the acceptance window."),
            ),
            (stage, _) => AppError::conflict(format!(
                "An application that is {stage} takes no more materials."
            )),
        }
        .into());
    }
    let material = upload.material.trim();
    let known = app.required_materials.iter().any(|m| m == material)
        || app.missing.iter().any(|m| m == material);
    if !known {
        return Err(AppError::field(
            "material",
            "Choose one of the materials the measure asks for.",
        )
        .into());
    }
    let stored = backend
        .materials()
        .put(upload.bytes, upload.file_name, upload.content_type)
        .await
        .map_err(UploadError::File)?;
    record_material(
        backend,
        link_token,
        material,
        StoredMaterial {
            file_name: stored.file_name,
            content_type: stored.content_type.to_string(),
            size: stored.size as i64,
            sha256: stored.sha256,
        },
    )
    .await?;
    let now = by_link(backend, link_token, day)
        .await?
        .ok_or(AppError::NotFound)?;
    if now.stage == Stage::ConditionallyAccepted && now.outstanding.is_empty() {
        return Ok(complete_materials(backend, link_token, day).await?);
    }
    Ok(now)
}
