//! One measure: who, conditions, benefit, worked examples, source, validity, related measures.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::catalog::{get_measure, measure_changes};
use crate::components::lifecycle::LifecycleBadge;
use crate::components::loading::{path_param, Found};
use crate::i18n::{t, use_i18n};
use crate::pages::not_found::NotFoundPage;
use crate::wire::catalog::MeasureDetail;

/// `/measures/{id}`.
#[component]
pub fn MeasurePage() -> impl IntoView {
    let id = path_param("id");
    let detail = Resource::new(move || id.get(), get_measure);
    view! {
        <Found resource=detail found={|d| view! { <MeasureView detail=d /> }} missing={|| view! { <NotFoundPage /> }} />
    }
}

/// Heading plus content of a section.
#[component]
fn Part(
    /// Anchor id of the heading.
    id: &'static str,
    /// The heading.
    heading: AnyView,
    /// The content.
    children: Children,
) -> impl IntoView {
    view! {
        <section aria-labelledby=id class="mt-8">
            <h2 id=id class="text-xl font-semibold">{heading}</h2>
            <div class="mt-2">{children()}</div>
        </section>
    }
}

/// The page body for a found measure.
#[component]
fn MeasureView(
    /// What the server returned.
    detail: MeasureDetail,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let s = d.summary.clone();
    let citation = s.citation.clone();
    let title = s.title.clone();
    view! {
        <Title text=title />
        <p><a class="text-blue-800 underline" href="/measures">{t!(i18n, back_to_catalog)}</a></p>
        <article class="mt-4" aria-labelledby="measure-title">
            <h1 id="measure-title" class="text-3xl font-bold">{s.title.clone()}</h1>
            <p class="mt-2 max-w-prose text-lg text-slate-700">{s.summary.clone()}</p>
            <ul class="mt-3 flex flex-wrap gap-2 text-sm" aria-label="Labels">
                <LifecycleBadge state=s.state.clone() />
                <li><a class="rounded bg-blue-50 px-2 py-1 text-blue-900 underline" href=format!("/measures?category={}", s.category)>{s.category_label.clone()}</a></li>
                <li class="rounded bg-slate-100 px-2 py-1">{s.support_label.clone()}</li>
                <li class="rounded bg-slate-100 px-2 py-1">{s.region_label.clone()}</li>
                {s.information_only.then(|| view! { <li class="rounded bg-amber-50 px-2 py-1 text-amber-900">{t!(i18n, information_only)}</li> })}
            </ul>
            <VersionChanges id=s.id.clone() />

            <p class="mt-4">
                <a
                    href=format!("/wizard?measure={}", s.id)
                    class="inline-block rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900"
                >
                    {t!(i18n, check_eligibility)}
                </a>
                " "
                <a
                    href=format!("/apply/{}", s.id)
                    class="ml-2 inline-block rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50"
                    data-testid="measure-apply"
                >
                    {t!(i18n, apply_button)}
                </a>
            </p>

            <Part id="who" heading=t!(i18n, measure_who).into_any()>
                <ul class="list-disc pl-6">{d.who.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            </Part>

            <Part id="conditions" heading=t!(i18n, measure_conditions).into_any()>
                {if d.conditions.is_empty() {
                    view! { <p>{t!(i18n, measure_no_conditions)}</p> }.into_any()
                } else {
                    view! { <ul class="list-disc space-y-1 pl-6" data-testid="conditions">{d.conditions.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
                }}
            </Part>

            <Part id="benefit" heading=t!(i18n, measure_benefit).into_any()>
                <p class="text-lg font-medium" data-testid="benefit">{s.benefit.clone()}</p>
                <dl class="mt-2 grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-1" data-testid="figures">
                    {d.figures.into_iter().map(|f| view! { <dt class="font-medium">{f.label}</dt><dd>{f.value}</dd> }).collect_view()}
                    <dt class="font-medium">{t!(i18n, measure_frequency)}</dt>
                    <dd>{d.frequency}</dd>
                </dl>
            </Part>

            {d.interpretation.map(|note| view! {
                <Part id="interpretation" heading=t!(i18n, measure_interpretation).into_any()>
                    <p class="max-w-prose rounded border border-amber-300 bg-amber-50 p-3">{note}</p>
                </Part>
            })}

            <Part id="materials" heading=t!(i18n, measure_materials).into_any()>
                <ul class="list-disc space-y-1 pl-6" data-testid="materials">{d.materials.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </Part>

            {(!d.rules.is_empty()).then(|| view! {
                <Part id="rules" heading=t!(i18n, measure_rules).into_any()>
                    <ul class="list-disc space-y-1 pl-6">{d.rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                </Part>
            })}

            <Part id="examples" heading=t!(i18n, measure_example).into_any()>
                <div class="space-y-4">
                    {d.examples.into_iter().map(|ex| view! {
                        <div class="rounded border border-slate-200 bg-white p-4">
                            <h3 class="font-semibold">{ex.name}</h3>
                            <p class="mt-1 font-medium">{ex.outcome}</p>
                            <details class="mt-2">
                                <summary class="cursor-pointer text-blue-800">{t!(i18n, measure_example_answers)}" / "{t!(i18n, measure_example_steps)}</summary>
                                <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 text-sm">
                                    {ex.facts.into_iter().map(|f| view! { <dt class="font-medium">{f.label}</dt><dd>{f.value}</dd> }).collect_view()}
                                </dl>
                                <ol class="mt-2 list-decimal pl-6 text-sm">{ex.trace.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
                            </details>
                        </div>
                    }).collect_view()}
                </div>
            </Part>

            <Part id="source" heading=t!(i18n, measure_source).into_any()>
                <p data-testid="citation"><cite>{citation}</cite>": "{d.doc_title}</p>
                <figure class="mt-2">
                    <figcaption class="text-sm font-medium">{t!(i18n, measure_quote)}</figcaption>
                    <blockquote class="mt-1 border-l-4 border-slate-300 pl-4 italic" data-testid="quote">{d.quote}</blockquote>
                </figure>
            </Part>

            <Part id="validity" heading=t!(i18n, measure_validity).into_any()>
                <dl class="grid max-w-xl grid-cols-[auto_1fr] gap-x-4">
                    <dt class="font-medium">{t!(i18n, measure_effective)}</dt>
                    <dd>{d.effective_from}</dd>
                    {d.expires_on.map(|e| view! { <dt class="font-medium">{t!(i18n, measure_expires)}</dt><dd>{e}</dd> })}
                    {d.superseded_by.clone().map(|by| {
                        let on = d.superseded_on.clone().unwrap_or_default();
                        let href = if by.contains('.') { format!("/measures/{by}") } else { format!("/measures?doc={by}") };
                        view! { <dt class="font-medium">{t!(i18n, measure_superseded_by)}</dt><dd data-testid="superseded-by"><a class="text-blue-800 underline" href=href>{by.clone()}</a>" ("{on}")"</dd> }
                    })}
                    {d.budget_exhausted_on.clone().map(|on| view! { <dt class="font-medium">{t!(i18n, measure_budget_exhausted)}</dt><dd data-testid="budget-exhausted">{on}</dd> })}
                    <dt class="font-medium">{t!(i18n, measure_version)}</dt>
                    <dd>{d.version}</dd>
                </dl>
                {(!d.validity_stated).then(|| view! { <p class="mt-2">{t!(i18n, measure_validity_unstated)}</p> })}
                <p class="mt-1 text-sm text-slate-700">{d.validity_note}</p>
            </Part>

            {(!d.related.is_empty()).then(|| view! {
                <Part id="related" heading=t!(i18n, measure_related).into_any()>
                    <ul class="space-y-1">
                        {d.related.into_iter().map(|r| view! {
                            <li><a class="text-blue-800 underline" href=format!("/measures/{}", r.id)>{r.title}</a>" "<span class="text-sm text-slate-700">"("{r.relation}")"</span></li>
                        }).collect_view()}
                    </ul>
                </Part>
            })}
        </article>
    }
}

/// `?from=<version>&to=<version>`: the fields that differ between two published versions of
/// the measure (a result's "what changed" links here, at `#changes`).
#[component]
fn VersionChanges(
    /// The measure.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let versions = move || {
        let q = query.get();
        let from = q.get("from")?.parse::<i64>().ok()?;
        let to = q.get("to")?.parse::<i64>().ok()?;
        Some((from, to))
    };
    let changes = Resource::new(
        move || (id.clone(), versions()),
        |(id, v)| async move {
            match v {
                Some((from, to)) => measure_changes(id, from, to)
                    .await
                    .map(|c| c.map(|c| (from, to, c))),
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || changes.get().and_then(|r| r.ok()).flatten().map(|(from, to, rows)| view! {
                <section id="changes" class="mt-6 rounded border border-slate-300 bg-white p-4" aria-labelledby="changes-heading" data-testid="version-changes">
                    <h2 id="changes-heading" class="text-xl font-semibold">{t!(i18n, measure_changes_heading, from = move || from, to = move || to)}</h2>
                    {if rows.is_empty() {
                        view! { <p class="mt-2">{t!(i18n, measure_changes_none)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="mt-2 w-full text-left text-sm">
                                <thead><tr>
                                    <th scope="col" class="pr-4">{t!(i18n, measure_changes_field)}</th>
                                    <th scope="col" class="pr-4">{t!(i18n, measure_changes_before)}</th>
                                    <th scope="col">{t!(i18n, measure_changes_after)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| view! {
                                        <tr class="border-t border-slate-200 align-top">
                                            <td class="pr-4 font-mono">{c.field}</td>
                                            <td class="pr-4">{c.before}</td>
                                            <td>{c.after}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            })}
        </Suspense>
    }
}
