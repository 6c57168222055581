//! `/results/{id}`: a stored result, grouped by category, with totals, traces, rules, missing
//! information and near misses; printable and downloadable.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::applications::ReportAward;
use crate::api::profiles::result_profile;
use crate::api::wizard::{get_result, load_result_changes, RestartFromResult};
use crate::components::change_line::ChangeItem;
use crate::components::loading::Found;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::format_yuan;
use crate::wire::wizard::{ResultChanges, ResultGroup, ResultItem, ResultView};

/// The results route.
#[component]
pub fn ResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let result = Resource::new(
        move || params.get().get("id").unwrap_or_default(),
        get_result,
    );
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, results_title).to_string()) />
        <Found resource=result found={|r| view! { <ResultBody r /> }}
            missing={move || view! { <h1 class="text-2xl font-bold">{t!(i18n, results_title)}</h1><p class="mt-4">{t!(i18n, results_not_found)}</p> }} />
    }
}

/// An eligible measure with its expandable calculation.
#[component]
fn Item(
    /// The measure's result.
    item: ResultItem,
    /// The stored result's id (the application is made from its answers).
    result: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let apply = format!("/apply/{}?result={result}", item.id);
    view! {
        <li class="rounded border border-slate-200 bg-white p-4 print:break-inside-avoid" data-testid="result-item" data-measure=item.id.clone()>
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <a class="font-semibold text-blue-900 underline" href=format!("/measures/{}", item.id)>{item.title.clone()}</a>
                <span class="font-semibold" data-testid="result-amount">{item.amount.clone()}</span>
            </div>
            <p class="text-sm text-slate-700"><cite>{item.citation.clone()}</cite></p>
            {(!item.counted.is_empty() && item.counted != item.amount).then(|| view! { <p class="text-sm">"Counted: "{item.counted.clone()}</p> })}
            <details class="mt-2">
                <summary class="cursor-pointer text-blue-800">{t!(i18n, results_calculation)}</summary>
                <ol class="mt-2 list-decimal pl-6 text-sm" data-testid="trace">{item.trace.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
                {(!item.notes.is_empty()).then(|| view! { <ul class="mt-2 list-disc pl-6 text-sm text-slate-700">{item.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
            </details>
            <p class="mt-2 print:hidden"><a class="inline-block rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50" href=apply data-testid="apply-link">{t!(i18n, apply_button)}</a></p>
            <ReportForm result=result.clone() measure=item.id.clone() />
        </li>
    }
}

/// A bar chart of the counted amounts by category (upper ends), with a text equivalent.
#[component]
fn Chart(
    /// Groups to draw.
    groups: Vec<ResultGroup>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = groups
        .iter()
        .map(|g| g.subtotal_high)
        .max()
        .unwrap_or(0)
        .max(1);
    let row = 28;
    let height = groups.len() as i64 * row + 8;
    let summary = groups
        .iter()
        .map(|g| format!("{}: {}", g.label, g.subtotal))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="mt-4">
            <figcaption id="chart-title" class="font-semibold">{t!(i18n, results_by_category)}</figcaption>
            <svg role="img" aria-labelledby="chart-title chart-desc" viewBox=format!("0 0 600 {height}") class="mt-2 w-full max-w-2xl">
                <desc id="chart-desc">{summary}</desc>
                {groups.into_iter().enumerate().map(|(i, g)| {
                    let y = i as i64 * row + 4;
                    let width = (g.subtotal_high.max(0) as i128 * 300 / max as i128) as i64;
                    view! {
                        <g>
                            <text x="0" y=y + 17 font-size="13" fill="#0f172a">{g.label.clone()}</text>
                            <rect x="200" y=y width=width.max(1) height="20" fill="#1e40af"></rect>
                            <text x=205 + width y=y + 15 font-size="12" fill="#0f172a">{format_yuan(g.subtotal_high)}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

/// The result's content.
#[component]
fn ResultBody(
    /// What the server stored.
    r: ResultView,
) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = r.as_of.clone();
    let link = format!("/results/{}", r.id);
    let restart = ServerAction::<RestartFromResult>::new();
    let none = move || view! { <p class="text-slate-700">{t!(i18n, results_none)}</p> };
    view! {
        <h1 class="text-3xl font-bold">{t!(i18n, results_title)}</h1>
        <p class="mt-1 text-slate-700">{t!(i18n, results_as_of, date = move || as_of.clone())}</p>
        <section class="mt-6 rounded-lg border-2 border-blue-800 bg-white p-4" aria-labelledby="total-heading">
            <h2 id="total-heading" class="text-lg font-semibold">{t!(i18n, results_total)}</h2>
            <p class="text-3xl font-bold text-blue-900" data-testid="total">{r.total.clone()}</p>
            {r.monthly_total.clone().map(|m| view! { <p class="font-medium" data-testid="monthly-total">{m}</p> })}
            {r.financing_total.clone().map(|f| view! { <p class="mt-2"><span class="font-medium">{t!(i18n, results_financing)}": "</span>{f}</p> })}
        </section>
        <Changes id=r.id.clone() version=r.catalog_version.clone() as_of=r.as_of.clone() />
        <KeepProfile id=r.id.clone() />
        {(!r.groups.is_empty()).then(|| view! { <Chart groups=r.groups.clone() /> })}
        <section class="mt-8" aria-labelledby="eligible-heading">
            <h2 id="eligible-heading" class="text-2xl font-semibold">{t!(i18n, results_eligible)}</h2>
            {if r.groups.is_empty() { none().into_any() } else {
                let rid = r.id.clone();
                r.groups.into_iter().map(|g| {
                    let rid = rid.clone();
                    let hid = format!("group-{}", g.category);
                    let hid2 = hid.clone();
                    view! {
                        <section class="mt-4" aria-labelledby=hid2>
                            <h3 id=hid class="text-xl font-semibold">{g.label.clone()}" · "{g.subtotal.clone()}</h3>
                            <ul class="mt-2 space-y-3">{g.items.into_iter().map(|item| view! { <Item item result=rid.clone() /> }).collect_view()}</ul>
                        </section>
                    }
                }).collect_view().into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="nonmonetary-heading">
            <h2 id="nonmonetary-heading" class="text-2xl font-semibold">{t!(i18n, results_non_monetary)}</h2>
            {if r.non_monetary.is_empty() { none().into_any() } else {
                view! { <ul class="mt-2 space-y-3">{r.non_monetary.into_iter().map(|item| view! { <Item item result=r.id.clone() /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="rules-heading">
            <h2 id="rules-heading" class="text-2xl font-semibold">{t!(i18n, results_rules)}</h2>
            {if r.rules.is_empty() { none().into_any() } else {
                view! { <ul class="mt-2 list-disc pl-6" data-testid="rules">{r.rules.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="pending-heading">
            <h2 id="pending-heading" class="text-2xl font-semibold">{t!(i18n, results_pending)}</h2>
            {(r.unexplored > 0).then(|| { let n = r.unexplored; view! { <p class="mt-2 text-slate-800" data-testid="unexplored">{t!(i18n, results_unexplored, n = move || n)}</p> } })}
            {if r.pending.is_empty() { none().into_any() } else {
                view! {
                    <ul class="mt-2 space-y-2">
                        {r.pending.into_iter().map(|p| {
                            let more = p.more;
                            view! {
                                <li data-testid="pending-item" data-measure=p.id.clone()><a class="text-blue-800 underline" href=format!("/measures/{}", p.id)>{p.title}</a>
                                    <ul class="list-disc pl-6 text-sm">
                                        {p.questions.into_iter().map(|q| view! { <li>{q}</li> }).collect_view()}
                                        {(more > 0).then(|| view! { <li>{t!(i18n, results_more, n = move || more)}</li> })}
                                    </ul>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="near-heading">
            <h2 id="near-heading" class="text-2xl font-semibold">{t!(i18n, results_near_misses)}</h2>
            {if r.near_misses.is_empty() { none().into_any() } else {
                view! {
                    <ul class="mt-2 space-y-2">
                        {r.near_misses.into_iter().map(|n| view! {
                            <li><a class="text-blue-800 underline" href=format!("/measures/{}", n.id)>{n.title}</a>" "<cite class="text-sm">"("{n.citation}")"</cite><p class="text-sm">{n.reason}</p></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="answers-heading">
            <h2 id="answers-heading" class="text-2xl font-semibold">{t!(i18n, results_answers)}</h2>
            <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {r.answers.into_iter().map(|a| view! { <dt class="font-medium">{a.label}</dt><dd>{a.value}</dd> }).collect_view()}
            </dl>
        </section>
        <section class="mt-8 print:hidden" aria-label="Links">
            <ul class="flex flex-wrap gap-4">
                <li><a class="text-blue-800 underline" href=link.clone() data-testid="result-link">{t!(i18n, results_link)}</a></li>
                <li><a class="text-blue-800 underline" href=format!("/api/v1/results/{}", r.id) download="result.json">{t!(i18n, results_download_json)}</a></li>
                <li><a class="text-blue-800 underline" href=format!("/api/v1/results/{}/csv", r.id) download="result.csv">{t!(i18n, results_download_csv)}</a></li>
                // A result link only reads: changing the answers starts a new wizard from them.
                <li>
                    <ActionForm action=restart>
                        <input type="hidden" name="result" value=r.id.clone() />
                        <button type="submit" class="text-blue-800 underline" data-testid="result-restart">{t!(i18n, results_change)}</button>
                    </ActionForm>
                    {move || restart.value().get().and_then(Result::err).map(|e| view! { <p role="alert" class="text-sm text-red-800">{e.to_string()}</p> })}
                </li>
            </ul>
        </section>
    }
}

/// The catalog version a result was computed with, and what changed since: the result
/// recomputed today (or on the day the form asks, `?as_of=`), each measure that gained, lost or
/// changed its amount with the published change that caused it and a link to it.
#[component]
fn Changes(
    /// The result.
    id: String,
    /// The catalog version it was computed with.
    version: String,
    /// The day it was computed for.
    as_of: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let rid = id.clone();
    let changes = Resource::new(
        move || (rid.clone(), query.get().get("as_of")),
        |(id, day)| load_result_changes(id, day),
    );
    let asked = move || query.get().get("as_of").unwrap_or_default();
    let short: String = version.chars().take(16).collect();
    view! {
        <section class="mt-6 rounded border border-slate-300 bg-white p-4 print:hidden" aria-labelledby="changes-heading" data-testid="changes">
            <h2 id="changes-heading" class="text-lg font-semibold">{t!(i18n, results_changes_heading)}</h2>
            {(!short.is_empty()).then(|| {
                let (v, d) = (short.clone(), as_of.clone());
                view! { <p class="mt-1 text-sm text-slate-800" data-testid="catalog-version">{t!(i18n, results_version, version = move || v.clone(), date = move || d.clone())}</p> }
            })}
            <Suspense fallback=|| ()>
                {move || changes.get().map(|c| match c {
                    Ok(Some(c)) => view! { <ChangeList c /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => view! { <p class="mt-2 font-medium text-red-800" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
            <form method="get" action=format!("/results/{id}") class="mt-3 flex flex-wrap items-end gap-2">
                <div>
                    <label for="recompute-as-of" class="block text-sm font-medium">{t!(i18n, results_recompute_label)}</label>
                    <input id="recompute-as-of" name="as_of" type="date" value=asked class="mt-1 rounded border border-slate-500 px-2 py-1" />
                </div>
                <button type="submit" class="rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50">{t!(i18n, results_recompute_button)}</button>
            </form>
        </section>
    }
}

/// The lines of [`Changes`].
#[component]
fn ChangeList(
    /// What the server found.
    c: ResultChanges,
) -> impl IntoView {
    let i18n = use_i18n();
    let day = c.recomputed_as_of.clone();
    if c.lines.is_empty() {
        return view! {
            <p class="mt-2" data-testid="changes-none">{t!(i18n, results_changes_none, date = move || day.clone())}</p>
        }
        .into_any();
    }
    let (before, after) = (c.total_before.clone(), c.total_after.clone());
    view! {
        <p class="mt-2" data-testid="changes-total">{t!(i18n, results_changes_total, date = move || day.clone(), before = move || before.clone(), after = move || after.clone())}</p>
        <ul class="mt-2 space-y-2">
            {c.lines.into_iter().map(|l| view! { <ChangeItem l /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "Keep these answers as a profile" (a plain form to `/profiles`), or the profile they were
/// kept as.
#[component]
fn KeepProfile(
    /// The result.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let rid = id.clone();
    let kept = Resource::new(move || rid.clone(), result_profile);
    let error = use_query_map()
        .get_untracked()
        .get("profile_error")
        .map(|code| match code.as_str() {
            "name" => t_string!(i18n, profile_err_name).to_string(),
            "limit" => t_string!(i18n, profile_err_limit).to_string(),
            _ => t_string!(i18n, profile_err_failed).to_string(),
        });
    view! {
        <section class="mt-6 rounded border border-slate-300 bg-white p-4 print:hidden" aria-labelledby="keep-heading" id="keep" data-testid="keep-profile">
            <h2 id="keep-heading" class="text-lg font-semibold">{t!(i18n, profile_keep_heading)}</h2>
            <Suspense fallback=|| ()>
                {move || kept.get().and_then(Result::ok).flatten().map(|p| view! {
                    <p class="mt-1" role="status" data-testid="kept-as">{t!(i18n, profile_kept_as)}" "
                        <a class="text-blue-800 underline" href=format!("/profiles/{}", p.token)>{p.name.clone()}</a>
                    </p>
                })}
            </Suspense>
            <p class="mt-1 text-sm text-slate-800">{t!(i18n, profile_keep_help)}</p>
            <form method="post" action="/profiles" class="mt-2 flex flex-wrap items-end gap-2">
                <input type="hidden" name="result" value=id />
                <div class="grow">
                    <label for="keep-name" class="block text-sm font-medium">{t!(i18n, profile_name_label)}</label>
                    <input id="keep-name" name="name" type="text" maxlength="100" class="mt-1 w-full max-w-md rounded border border-slate-500 px-2 py-1" aria-describedby=error.is_some().then_some("keep-error") />
                </div>
                <button type="submit" class="rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50" data-testid="keep-profile-submit">{t!(i18n, profile_keep_button)}</button>
            </form>
            {error.map(|e| view! { <p id="keep-error" role="alert" class="mt-2 font-medium text-red-800">{e}</p> })}
        </section>
    }
}

/// "My real award differed": the amount actually granted and a comment, sent to staff (never
/// shown publicly).
#[component]
fn ReportForm(
    /// The stored result.
    result: String,
    /// The measure.
    measure: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<ReportAward>::new();
    let amount_id = format!("report-amount-{measure}");
    let comment_id = format!("report-comment-{measure}");
    let error = move || match send.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    };
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    view! {
        <details class="mt-2 print:hidden" data-testid="report-award">
            <summary class="cursor-pointer text-blue-800">{t!(i18n, report_summary)}</summary>
            <Show when=sent fallback=move || {
                let (amount_id, comment_id) = (amount_id.clone(), comment_id.clone());
                let (result, measure) = (result.clone(), measure.clone());
                view! {
                    <ActionForm action=send attr:class="mt-2 space-y-2">
                        <input type="hidden" name="result" value=result />
                        <input type="hidden" name="measure" value=measure />
                        <div>
                            <label for=amount_id.clone() class="block text-sm font-medium">{t!(i18n, report_amount)}</label>
                            <input id=amount_id name="amount" type="text" inputmode="decimal" required class="mt-1 w-full max-w-xs rounded border border-slate-500 px-2 py-1" />
                        </div>
                        <div>
                            <label for=comment_id.clone() class="block text-sm font-medium">{t!(i18n, report_comment)}</label>
                            <textarea id=comment_id name="comment" rows="2" maxlength="1000" class="mt-1 w-full max-w-md rounded border border-slate-500 px-2 py-1"></textarea>
                        </div>
                        {move || error().map(|e| view! { <p role="alert" class="font-medium text-red-800" data-testid="report-error">{e}</p> })}
                        <button type="submit" class="rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50">{t!(i18n, report_send)}</button>
                    </ActionForm>
                }
            }>
                <p class="mt-2" role="status" data-testid="report-sent">{t!(i18n, report_sent)}</p>
            </Show>
        </details>
    }
}
