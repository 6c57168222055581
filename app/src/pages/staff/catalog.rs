//! `/staff/catalog`: download the catalog files (the `app/catalog/` format) and, for
//! publishers, import edited files. The import is a plain multipart form handled by the staff
//! API, so it works without JavaScript.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::catalog::catalog_files;
use crate::components::loading::Loaded;
use crate::components::staff::StaffPage;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::staff::Role;

/// Export links and the import form.
#[component]
pub fn CatalogFilesPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created at the top of the page, not inside the gate's async part (see `StaffGate`).
    let files = Resource::new(|| (), |_| catalog_files());
    view! {
        <StaffPage title={move || t_string!(i18n, catalog_files_title_page).to_string()} needed=Role::Editor view={move |user| {
            view! {
                <h1 class="text-2xl font-bold">{t!(i18n, catalog_files_title)}</h1>
                <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, catalog_files_intro)}</p>
                <h2 class="mt-6 text-xl font-semibold">{t!(i18n, catalog_files_export)}</h2>
                <Loaded resource=files error_class="mt-2 text-red-800" view={|names: Vec<String>| view! {
                    <ul class="mt-2 list-disc pl-6">
                        {names.into_iter().map(|f| view! { <li><a class="text-blue-800 underline" href=format!("/api/v1/staff/export/{f}") download=f.clone()>{f.clone()}</a></li> }).collect_view()}
                    </ul>
                }} />
                <p class="mt-2"><a class="text-blue-800 underline" href="/api/v1/staff/export">{t!(i18n, catalog_files_all_json)}</a></p>
                {if user.role.allows(Role::Publisher) {
                    view! { <ImportForm csrf=user.csrf.clone() /> }.into_any()
                } else {
                    view! { <p class="mt-6 text-slate-700">{t!(i18n, catalog_files_publisher_only)}</p> }.into_any()
                }}
            }
        }} />
    }
}

#[component]
fn ImportForm(
    /// The session's anti-forgery token.
    csrf: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // The import's refusal as the server wrote it, or its counts in the reader's language.
    let outcome = move || {
        let q = query.read();
        if let Some(e) = q.get("error") {
            return Some((false, e.into_any()));
        }
        q.get("added").map(|added| {
            let (changed, unchanged) = (
                q.get("changed").unwrap_or_default(),
                q.get("unchanged").unwrap_or_default(),
            );
            let text = t!(
                i18n,
                catalog_files_imported,
                added = move || added.clone(),
                changed = move || changed.clone(),
                unchanged = move || unchanged.clone()
            );
            (true, text.into_any())
        })
    };
    view! {
        <h2 class="mt-6 text-xl font-semibold">{t!(i18n, catalog_files_import)}</h2>
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, catalog_files_import_intro)}</p>
        {move || outcome().map(|(ok, text)| view! {
            <p role=if ok { "status" } else { "alert" } data-testid="import-outcome"
                class=if ok { "mt-3 rounded bg-green-50 p-3 text-green-900" } else { "mt-3 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" }>{text}</p>
        })}
        <form method="post" action="/api/v1/staff/import-files" enctype="multipart/form-data" class="mt-4 space-y-4">
            <input type="hidden" name="csrf" value=csrf />
            <div>
                <label for="catalog-files" class="block font-medium">{t!(i18n, catalog_files_label)}</label>
                <input id="catalog-files" name="files" type="file" multiple accept=".toml" required class="mt-1" />
            </div>
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">{t!(i18n, catalog_files_import)}</button>
        </form>
    }
}
