//! `/categories/{slug}`: a bookmarkable alias of the catalog filtered by category.
use leptos::prelude::*;
use leptos_router::{components::Redirect, hooks::use_params_map};

use crate::wire::catalog::encode;

/// Redirects to `/measures?category={slug}`.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.get_untracked().get("slug").unwrap_or_default();
    view! { <Redirect path=format!("/measures?category={}", encode(&slug)) /> }
}
