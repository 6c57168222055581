//! A measure in a list: title, summary, benefit, labels and citation.
use leptos::prelude::*;

use crate::components::lifecycle::LifecycleBadge;
use crate::i18n::{t, use_i18n};
use crate::wire::catalog::MeasureCardView;

/// One search result.
#[component]
pub fn MeasureCard(
    /// The measure to show.
    measure: MeasureCardView,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/measures/{}", measure.id);
    let citation = measure.citation.clone();
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="measure-card" data-category=measure.category.clone()>
            <h3 class="text-lg font-semibold">
                <a class="text-blue-900 underline-offset-4 hover:underline" href=href>{measure.title}</a>
            </h3>
            <p class="mt-1 text-slate-700">{measure.summary}</p>
            <p class="mt-2">
                <span class="font-medium">{t!(i18n, benefit)}": "</span>
                <span data-testid="measure-benefit">{measure.benefit}</span>
            </p>
            <ul class="mt-2 flex flex-wrap gap-2 text-xs" aria-label="Labels">
                <LifecycleBadge state=measure.state.clone() />
                <li class="rounded bg-blue-50 px-2 py-1 text-blue-900">{measure.category_label}</li>
                <li class="rounded bg-slate-100 px-2 py-1 text-slate-800">{measure.support_label}</li>
                <li class="rounded bg-slate-100 px-2 py-1 text-slate-800">{measure.region_label}</li>
                {measure.information_only.then(|| view! {
                    <li class="rounded bg-amber-50 px-2 py-1 text-amber-900">{t!(i18n, information_only)}</li>
                })}
            </ul>
            <p class="mt-2 text-sm text-slate-700">
                {t!(i18n, source)}": "<cite>{citation}</cite>
            </p>
        </li>
    }
}
