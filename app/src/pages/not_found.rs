//! The page shown for an unknown address.
use leptos::prelude::*;
use leptos_meta::Title;

/// 404 page with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Page not found" />
        <h1 class="text-2xl font-bold">"Page not found"</h1>
        <p class="mt-4">"There is no page at this address. It may have moved."</p>
        <p class="mt-4">
            <a class="text-blue-800 underline" href="/">"Go to the home page"</a>
        </p>
    }
}
