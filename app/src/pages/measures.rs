//! The catalog: filters, search, sorting and pages; all state in the URL query.
use leptos::prelude::*;

use crate::wire::errors::AppError;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::catalog::list_measures;
use crate::components::measure_card::MeasureCard;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::catalog::{CatalogPage, FacetCount, MeasureQuery};

/// Reads the catalog query from the URL.
pub fn query_from_url(map: &leptos_router::params::ParamsMap) -> MeasureQuery {
    MeasureQuery {
        q: map.get("q"),
        category: map.get("category"),
        region: map.get("region"),
        beneficiary: map.get("beneficiary"),
        support: map.get("support"),
        doc: map.get("doc"),
        monetary: map.get("monetary"),
        state: map.get("state"),
        sort: map.get("sort"),
        page: map.get("page").and_then(|p| p.trim().parse().ok()),
    }
}

/// `/measures`.
#[component]
pub fn MeasuresPage() -> impl IntoView {
    let i18n = use_i18n();
    let map = use_query_map();
    let query = Memo::new(move |_| query_from_url(&map.get()));
    let results = Resource::new(move || query.get(), list_measures);

    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, catalog_title).to_string()) />
        <h1 class="text-3xl font-bold">{t!(i18n, catalog_title)}</h1>
        <Transition fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(list) => view! { <Catalog list /> }.into_any(),
                    Err(e) => view! {
                        <div role="alert" class="mt-4 rounded border border-red-300 bg-red-50 p-4 text-red-900">
                            {refusal_lines(&e).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                            <p class="mt-2"><a class="underline" href="/measures">{t!(i18n, clear_filters)}</a></p>
                        </div>
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

/// What a refused search says: each filter's own message, or the error as a whole.
fn refusal_lines(e: &AppError) -> Vec<String> {
    match e.field_errors() {
        [] => vec![e.to_string()],
        fields => fields.iter().map(|f| f.message.clone()).collect(),
    }
}

/// Filters and results for one answer of the server.
#[component]
fn Catalog(
    /// The server's answer.
    list: CatalogPage,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = list.query.clone();
    let total = list.total;
    let (page, pages) = (list.page, list.pages);
    let page_link = {
        let q = q.clone();
        move |p: u32| {
            let mut q = q.clone();
            q.page = Some(p);
            let s = q.to_query_string();
            if s.is_empty() {
                "/measures".to_string()
            } else {
                format!("/measures?{s}")
            }
        }
    };
    let any_facet = [
        &q.category,
        &q.region,
        &q.beneficiary,
        &q.support,
        &q.doc,
        &q.monetary,
        &q.state,
    ]
    .iter()
    .any(|v| v.is_some())
        || q.sort.as_deref().is_some_and(|s| s != "relevance");
    let prev = (page > 1).then(|| page_link(page - 1));
    let next = (page < pages).then(|| page_link(page + 1));
    view! {
        <div class="mt-6 grid gap-8 lg:grid-cols-[18rem_1fr]">
            <section aria-labelledby="filters-heading">
                <h2 id="filters-heading" class="text-lg font-semibold">{t!(i18n, filters_heading)}</h2>
                <Form method="GET" action="/measures">
                    <div role="search" class="mt-2 space-y-4">
                        <div>
                            <label for="q" class="block text-sm font-medium">{t!(i18n, search_label)}</label>
                            <input
                                id="q"
                                name="q"
                                type="search"
                                maxlength="200"
                                value=q.q.clone().unwrap_or_default()
                                class="mt-1 w-full rounded-md border border-slate-400 px-3 py-2"
                            />
                        </div>
                        <details class="rounded border border-slate-200 bg-white p-3" open=any_facet>
                            <summary class="cursor-pointer font-medium text-blue-900">{t!(i18n, more_filters)}</summary>
                            <div class="mt-3 space-y-4">
                        <FacetSelect name="category" label=t_string!(i18n, filter_category).to_string() options=list.facets.category selected=q.category.clone() />
                        <FacetSelect name="region" label=t_string!(i18n, filter_region).to_string() options=list.facets.region selected=q.region.clone() />
                        <FacetSelect name="beneficiary" label=t_string!(i18n, filter_beneficiary).to_string() options=list.facets.beneficiary selected=q.beneficiary.clone() />
                        <FacetSelect name="support" label=t_string!(i18n, filter_support).to_string() options=list.facets.support selected=q.support.clone() />
                        <FacetSelect name="doc" label=t_string!(i18n, filter_doc).to_string() options=list.facets.doc selected=q.doc.clone() />
                        <FacetSelect name="state" label=t_string!(i18n, filter_state).to_string() options=list.facets.state.clone() selected=q.state.clone() />
                        <div>
                            <label for="monetary" class="block text-sm font-medium">{t!(i18n, filter_monetary)}</label>
                            <select id="monetary" name="monetary" class="mt-1 w-full rounded-md border border-slate-400 bg-white px-2 py-2">
                                <option value="" selected=q.monetary.is_none()>{t!(i18n, filter_any)}</option>
                                <option value="yes" selected=q.monetary.as_deref() == Some("yes")>{t!(i18n, monetary_yes)}</option>
                                <option value="no" selected=q.monetary.as_deref() == Some("no")>{t!(i18n, monetary_no)}</option>
                            </select>
                        </div>
                        <div>
                            <label for="sort" class="block text-sm font-medium">{t!(i18n, sort_label)}</label>
                            <select id="sort" name="sort" class="mt-1 w-full rounded-md border border-slate-400 bg-white px-2 py-2">
                                <option value="relevance" selected=matches!(q.sort.as_deref(), None | Some("relevance"))>{t!(i18n, sort_relevance)}</option>
                                <option value="amount" selected=q.sort.as_deref() == Some("amount")>{t!(i18n, sort_amount)}</option>
                                <option value="newest" selected=q.sort.as_deref() == Some("newest")>{t!(i18n, sort_newest)}</option>
                            </select>
                        </div>
                            </div>
                        </details>
                        <div class="flex items-center gap-4">
                            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">
                                {t!(i18n, apply_filters)}
                            </button>
                            <a href="/measures" class="text-blue-800 underline">{t!(i18n, clear_filters)}</a>
                        </div>
                    </div>
                </Form>
            </section>
            <section aria-labelledby="results-heading">
                <h2 id="results-heading" class="sr-only">{t!(i18n, catalog_title)}</h2>
                <p role="status" class="font-medium" data-testid="result-count">
                    {t!(i18n, results_count, count = move || total)}
                </p>
                {if list.measures.is_empty() {
                    view! { <p class="mt-4">{t!(i18n, no_results)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-4 space-y-4">
                            {list.measures.into_iter().map(|m| view! { <MeasureCard measure=m /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                <nav aria-label=move || t_string!(i18n, pagination).to_string() class="mt-6 flex items-center justify-between gap-4">
                    {prev.map(|href| view! { <a rel="prev" class="text-blue-800 underline" href=href>{t!(i18n, previous_page)}</a> })}
                    <span class="text-sm text-slate-700">{t!(i18n, page_of, page = move || page, pages = move || pages)}</span>
                    {next.map(|href| view! { <a rel="next" class="text-blue-800 underline" href=href>{t!(i18n, next_page)}</a> })}
                </nav>
            </section>
        </div>
    }
}

/// A labelled select of one facet, with counts.
#[component]
fn FacetSelect(
    /// Query parameter name.
    name: &'static str,
    /// Visible label.
    label: String,
    /// Values with counts.
    options: Vec<FacetCount>,
    /// Selected value.
    selected: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("filter-{name}");
    view! {
        <div>
            <label for=id.clone() class="block text-sm font-medium">{label}</label>
            <select id=id name=name class="mt-1 w-full rounded-md border border-slate-400 bg-white px-2 py-2">
                <option value="" selected=selected.is_none()>{t!(i18n, filter_any)}</option>
                {options
                    .into_iter()
                    .map(|o| {
                        let is = selected.as_deref() == Some(o.value.as_str());
                        view! { <option value=o.value selected=is>{format!("{} ({})", o.label, o.count)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
