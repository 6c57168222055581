//! Browsing the catalog: the query a person makes, the lists and pages they get back, and the
//! server functions that answer them.
use crate::wire::catalog::{CatalogPage, HomeSummary, MeasureDetail, MeasureQuery};
use leptos::prelude::*;

use crate::wire::errors::AppError;

/// Searches and filters the catalog, for the catalog page: its cards, not every field.
#[server(prefix = "/api/fn", endpoint = "list_measures")]
pub async fn list_measures(query: MeasureQuery) -> Result<CatalogPage, AppError> {
    let backend = crate::backend::use_backend()?;
    let published = backend.published().await?;
    crate::backend::search::search(&published.index, &query, crate::backend::clock::today())
        .map(CatalogPage::from)
        .map_err(AppError::fields)
}

/// One measure's page, or `None` when there is no such measure.
#[server(prefix = "/api/fn", endpoint = "get_measure")]
pub async fn get_measure(id: String) -> Result<Option<MeasureDetail>, AppError> {
    let backend = crate::backend::use_backend()?;
    let published = backend.published().await?;
    Ok(crate::backend::views::detail(&published.catalog, &id))
}

/// Field-by-field differences between two published versions of a measure (the public page's
/// "changes" panel, linked from a result's "what changed"); `None` when either is unknown.
#[server(prefix = "/api/fn", endpoint = "measure_changes")]
pub async fn measure_changes(
    id: String,
    from: i64,
    to: i64,
) -> Result<Option<Vec<crate::wire::editor::FieldChange>>, AppError> {
    let backend = crate::backend::use_backend()?;
    match crate::backend::editor::diff(&backend, &id, from, to).await {
        Ok(changes) => Ok(Some(changes)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The home page's figures and latest updates.
#[server(prefix = "/api/fn", endpoint = "home_overview")]
pub async fn home_overview() -> Result<HomeSummary, AppError> {
    let backend = crate::backend::use_backend()?;
    let published = backend.published().await?;
    let updates = backend.latest_updates(5).await?;
    Ok(crate::backend::views::overview(&published.catalog, updates))
}

/// The names of the catalog files an export gives: the shared facts, then one file per source
/// document of the catalog in force.
#[server(prefix = "/api/fn", endpoint = "catalog_files")]
pub async fn catalog_files() -> Result<Vec<String>, AppError> {
    let backend = crate::backend::use_backend()?;
    let published = backend.published().await?;
    Ok(published.catalog.file_names())
}
