//! The search form that leads to the catalog.
use leptos::prelude::*;
use leptos_router::components::Form;

use crate::i18n::{t, t_string, use_i18n};

/// A labelled search box submitting to `/measures` (a plain GET form without JavaScript).
#[component]
pub fn SearchBox(
    /// Text already in the box.
    value: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="/measures">
            <div role="search" class="flex max-w-xl flex-wrap items-end gap-2">
                <div class="grow">
                    <label for="home-search" class="block text-sm font-medium text-slate-800">
                        {t!(i18n, search_label)}
                    </label>
                    <input
                        id="home-search"
                        name="q"
                        type="search"
                        value=value
                        maxlength="200"
                        placeholder=move || t_string!(i18n, search_placeholder).to_string()
                        class="mt-1 w-full rounded-md border border-slate-400 px-3 py-2"
                    />
                </div>
                <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
                    {t!(i18n, search_button)}
                </button>
            </div>
        </Form>
    }
}
