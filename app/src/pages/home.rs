//! The home page: what the platform is, the categories, search, and the latest updates.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::catalog::home_overview;
use crate::api::status::platform_status;
use crate::components::search_box::SearchBox;
use crate::i18n::{t, use_i18n};
use crate::wire::catalog::HomeSummary;
use crate::wire::status::ServiceStatus;

/// Landing page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| home_overview());

    view! {
        <Title text="" />
        <section aria-labelledby="intro-heading" class="space-y-4">
            <h1 id="intro-heading" class="text-3xl font-bold tracking-tight text-slate-900">
                {t!(i18n, home_title)}
            </h1>
            <p class="max-w-prose text-lg text-slate-700">{t!(i18n, home_intro)}</p>
            <SearchBox value=String::new() />
        </section>
        <section aria-labelledby="wizard-heading" class="mt-8 rounded-lg bg-blue-900 p-6 text-white">
            <h2 id="wizard-heading" class="text-2xl font-semibold">{t!(i18n, home_wizard_cta)}</h2>
            <p class="mt-2 max-w-prose">{t!(i18n, home_wizard_text)}</p>
            <a href="/wizard" class="mt-4 inline-block rounded-md bg-white px-4 py-2 font-semibold text-blue-900 hover:bg-blue-50">
                {t!(i18n, check_eligibility)}
            </a>
        </section>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! { <Overview overview=o /> }.into_any(),
                    Err(_) => view! { <p role="alert">{t!(i18n, error_text)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <ServiceStatusCheck />
    }
}

/// Categories with counts and the latest updates.
#[component]
fn Overview(
    /// Counts and updates from the server.
    overview: HomeSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = overview.total;
    view! {
        <section aria-labelledby="categories-heading" class="mt-10">
            <h2 id="categories-heading" class="text-2xl font-semibold">
                {t!(i18n, categories_heading)}
            </h2>
            <p class="mt-1 text-slate-700">{t!(i18n, catalog_total, count = move || total)}</p>
            <ul class="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                {overview
                    .categories
                    .into_iter()
                    .map(|c| {
                        let href = format!("/measures?category={}", c.value);
                        let count = c.count;
                        view! {
                            <li>
                                <a
                                    href=href
                                    class="flex items-center justify-between rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-blue-700 hover:bg-blue-50"
                                >
                                    <span class="font-medium text-blue-900">{c.label}</span>
                                    <span class="text-sm text-slate-700">
                                        {t!(i18n, measures_count, count = move || count)}
                                    </span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="updates-heading" class="mt-10">
            <h2 id="updates-heading" class="text-2xl font-semibold">{t!(i18n, updates_heading)}</h2>
            {if overview.updates.is_empty() {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, no_updates)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 space-y-2">
                        {overview
                            .updates
                            .into_iter()
                            .map(|u| {
                                view! {
                                    <li>
                                        <a class="text-blue-800 underline" href=u.href>{u.title}</a>
                                        " "
                                        <span class="text-sm text-slate-700">{u.date}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// A live read-out of the server's status, fetched through a server function on click.
#[component]
fn ServiceStatusCheck() -> impl IntoView {
    let i18n = use_i18n();
    let check = Action::new(|_: &()| platform_status());
    let pending = check.pending();
    let result = check.value();
    view! {
        <section aria-labelledby="status-heading" class="mt-10 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
            <h2 id="status-heading" class="text-xl font-semibold">{t!(i18n, status_heading)}</h2>
            <p class="mt-2 text-slate-700">{t!(i18n, status_intro)}</p>
            <button
                type="button"
                class="mt-4 rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60"
                on:click=move |_| {
                    check.dispatch(());
                }
                disabled=move || pending.get()
            >
                {t!(i18n, status_button)}
            </button>
            <div role="status" aria-live="polite" class="mt-4 min-h-6" data-testid="status-output">
                {move || match result.get() {
                    None if pending.get() => view! { <span>{t!(i18n, status_checking)}</span> }.into_any(),
                    None => ().into_any(),
                    Some(Ok(status)) => view! { <StatusReadout status /> }.into_any(),
                    Some(Err(e)) => view! {
                        <span class="text-red-800">{format!("The server did not answer: {e}")}</span>
                    }
                        .into_any(),
                }}
            </div>
        </section>
    }
}

/// Shows what the status server function returned.
#[component]
fn StatusReadout(
    /// The server's answer.
    status: ServiceStatus,
) -> impl IntoView {
    view! {
        <span class="font-medium text-green-900">
            {format!("Service {} is up (version {}).", status.service, status.version)}
        </span>
    }
}
