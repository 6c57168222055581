//! Profiles: the page's data under the profile's link, and the profile a result was kept as.
//! The profile's own forms post to plain routes (`server::profiles`) so they work without
//! JavaScript.
use leptos::prelude::*;

use crate::wire::errors::AppError;
use crate::wire::profiles::{ProfileLink, ProfileView};

/// The profile a link token opens, computed today; `None` (and a 404) when it opens none.
#[server(prefix = "/api/fn", endpoint = "load_profile")]
pub async fn load_profile(token: String) -> Result<Option<ProfileView>, AppError> {
    let backend = crate::backend::use_backend()?;
    let found = crate::backend::profiles::load(&backend, &token).await?;
    if found.is_none() {
        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    Ok(found)
}

/// The profile whose latest result is `result`, if any (the results page links it).
#[server(prefix = "/api/fn", endpoint = "result_profile")]
pub async fn result_profile(result: String) -> Result<Option<ProfileLink>, AppError> {
    let backend = crate::backend::use_backend()?;
    Ok(crate::backend::profiles::of_result(&backend, &result).await?)
}
