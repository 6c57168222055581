//! The loader's messages and the live preview: worked examples and a try-out with typed facts.
use leptos::prelude::*;

use super::examples::list_facts_help;
use super::fields::EditorCtx;
use super::model::parse_facts;
use crate::i18n::{t, use_i18n};
use crate::wire::editor::Preview;

/// Every loader message, linked to its field where there is one.
#[component]
pub(super) fn ValidationSummary() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<EditorCtx>();
    move || {
        let errors = ctx.errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div role="alert" class="rounded border-2 border-red-700 bg-red-50 p-4" data-testid="validation-summary">
                    <h2 class="font-semibold text-red-900">{t!(i18n, editor_loader_reports)}</h2>
                    <ul class="mt-2 list-disc pl-6 text-red-900">
                        {errors.into_iter().map(|e| view! { <li>{format!("{}: {}", e.field, e.message)}</li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The live preview: how the worked examples fare, and the outcome for facts typed here.
#[component]
pub(super) fn PreviewPanel(
    /// The last preview.
    preview: RwSignal<Option<Preview>>,
    /// Facts typed for the preview, one `fact = value` per line.
    preview_facts: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<EditorCtx>();
    let facts_problem = move || {
        ctx.facts
            .with_value(|f| parse_facts(&preview_facts.get(), f).err())
    };
    let list_help = ctx.facts.with_value(|f| list_facts_help(f));
    let described = if list_help.is_empty() {
        "preview-facts-error"
    } else {
        "preview-facts-help preview-facts-error"
    };
    view! {
        <section aria-labelledby="preview-heading" class="rounded border border-slate-400 bg-white p-4" data-testid="preview">
            <h2 id="preview-heading" class="text-xl font-semibold">{t!(i18n, editor_preview)}</h2>
            <h3 class="mt-3 font-semibold">{t!(i18n, editor_examples)}</h3>
            {move || match preview.get() {
                None => view! { <p class="text-slate-700">{t!(i18n, editor_checking)}</p> }.into_any(),
                Some(p) if p.examples.is_empty() => view! { <p class="text-slate-700">{t!(i18n, editor_no_examples)}</p> }.into_any(),
                Some(p) => view! {
                    <ul class="mt-1 space-y-1">
                        {p.examples.into_iter().map(|e| view! {
                            <li data-testid="example-check">
                                <span class=if e.passed { "font-semibold text-green-800" } else { "font-semibold text-red-800" }>{if e.passed { t!(i18n, editor_passes).into_any() } else { t!(i18n, editor_fails).into_any() }}</span>
                                {e.name.clone()}{" — "}{e.message.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <label for="preview-facts" class="mt-4 block font-medium">{t!(i18n, editor_try_facts)}</label>
            {(!list_help.is_empty()).then(|| view! { <p id="preview-facts-help" class="text-sm text-slate-700">{list_help.clone()}</p> })}
            <textarea id="preview-facts" rows="4" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" aria-describedby=described
                prop:value=move || preview_facts.get() on:input=move |ev| preview_facts.set(event_target_value(&ev))></textarea>
            <p id="preview-facts-error" class="text-sm font-medium text-red-800">{facts_problem}</p>
            <div aria-live="polite" data-testid="preview-outcome">
                {move || preview.get().map(|p| p.outcome.into_iter().map(|line| view! { <p>{line}</p> }).collect_view())}
            </div>
        </section>
    }
}
