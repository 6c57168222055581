//! The uploaded files of an application, found for the applicant (by link) or for staff (by
//! id), so the routes that serve them never take a path or hash from the request.
use super::super::store::Backend;
use super::{find_by_id, find_by_link, materials};
use crate::wire::applications::StoredMaterial;
use crate::wire::errors::AppError;

/// Who is asking for a file.
pub enum Holder<'a> {
    /// The applicant, with the link token.
    Link(&'a str),
    /// Staff, with the application's id.
    Id(&'a str),
}

/// The stored file `material_id` of the application the holder opens, with its bytes.
/// `NotFound` when the link, id or file is unknown, or the file belongs to another
/// application.
pub async fn material_file(
    backend: &Backend,
    holder: Holder<'_>,
    material_id: &str,
) -> Result<(StoredMaterial, Vec<u8>), AppError> {
    let app = match holder {
        Holder::Link(token) => find_by_link(backend.pool(), token).await?,
        Holder::Id(id) => find_by_id(backend.pool(), id).await?,
    }
    .ok_or(AppError::NotFound)?;
    let row = materials(backend.pool(), &app.row.id)
        .await?
        .into_iter()
        .find(|m| m.id == material_id)
        .ok_or(AppError::NotFound)?;
    let bytes = backend.materials().open(&row.sha256).await?;
    Ok((row.stored(), bytes))
}
