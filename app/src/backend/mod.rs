//! Server-side services: the database, the catalog store and the search behind the server
//! functions and the JSON API. Compiled only with the `ssr` feature.
pub mod announcement_input;
pub mod application_feed;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod award_reports;
pub mod clock;
pub mod dashboard;
pub mod db;
pub mod editor;
pub mod error;
pub mod feed;
pub mod limits;
pub mod mail;
pub mod markdown;
pub mod materials;
pub mod passwords;
pub mod profiles;
pub mod reference;
pub mod result_changes;
pub mod results;
pub mod search;
pub mod security;
pub mod store;
pub mod tokens;
pub mod transfer;
pub mod updates;
pub mod users;
pub mod versions;
pub mod views;
pub mod wizard;
pub mod wizard_form;

use axum::extract::FromRef;
use leptos::prelude::*;

pub use store::Backend;

use crate::wire::errors::AppError;

/// The state shared by the axum router, server functions and the API.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Leptos settings (site root, address, output name).
    pub leptos_options: LeptosOptions,
    /// Database and catalog access.
    pub backend: Backend,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Backend {
    fn from_ref(state: &AppState) -> Self {
        state.backend.clone()
    }
}

/// The backend, from the server function's context.
pub fn use_backend() -> Result<Backend, AppError> {
    use_context::<AppState>()
        .map(|s| s.backend)
        .or_else(use_context::<Backend>)
        .ok_or_else(|| error::internal("the backend is not in the server function's context"))
}
