//! The page shown for an unknown address.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{t, t_string, use_i18n};

/// 404 page with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    let i18n = use_i18n();
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, not_found_title).to_string()) />
        <h1 class="text-2xl font-bold">{t!(i18n, not_found_title)}</h1>
        <p class="mt-4">{t!(i18n, not_found_text)}</p>
        <ul class="mt-4 space-y-2">
            <li><a class="text-blue-800 underline" href="/">{t!(i18n, go_home)}</a></li>
            <li><a class="text-blue-800 underline" href="/measures">{t!(i18n, nav_measures)}</a></li>
        </ul>
    }
}
