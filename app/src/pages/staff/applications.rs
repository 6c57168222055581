//! `/staff/applications` (reviewers): the acceptance window's queue, filtered by measure,
//! stage, overdue deadline and a search through GET parameters (bookmarkable, works without
//! JavaScript); and `/staff/service-times`, the time to acceptance and to decision per measure.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::applications::{application_queue, service_times};
use crate::components::loading::Loaded;
use crate::components::staff::StaffPage;
use crate::components::stage::{stage_label, StageBadge};
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::application::Stage;
use crate::policy::format_yuan;
use crate::wire::applications::{QueueView, ServiceTime};
use crate::wire::errors::AppError;
use crate::wire::staff::Role;

/// The filter as the URL carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Filter {
    measure: String,
    stage: String,
    overdue: bool,
    q: String,
    page: u32,
}

/// The queue page.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created at the top of the page, not inside the gate's async part (see `StaffGate`).
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        Filter {
            measure: q.get("measure").unwrap_or_default(),
            stage: q.get("stage").unwrap_or_default(),
            overdue: q.get("overdue").is_some_and(|v| !v.is_empty()),
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        }
    });
    let rows = Resource::new(
        move || filter.get(),
        |f| application_queue(f.measure, f.stage, f.overdue, f.q, f.page),
    );
    view! {
        <StaffPage title={move || t_string!(i18n, window_title).to_string()} needed=Role::Reviewer view={move |_user| view! { <Queue filter rows /> }} />
    }
}

#[component]
fn Queue(
    /// The filter in the URL.
    filter: Memo<Filter>,
    /// The matching applications, loaded by the page.
    rows: Resource<Result<QueueView, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = filter.get_untracked();
    view! {
        <div class="flex flex-wrap items-center justify-between gap-4">
            <h1 class="text-2xl font-bold">{t!(i18n, window_title)}</h1>
            <a class="text-blue-800 underline" href="/staff/service-times">{t!(i18n, window_service_times)}</a>
        </div>
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, window_intro)}</p>
        <form method="get" action="/staff/applications" class="mt-4 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-3" aria-label={move || t_string!(i18n, window_filter).to_string()}>
            <div>
                <label for="f-q" class="block text-sm font-medium">{t!(i18n, window_search)}</label>
                <input id="f-q" name="q" type="search" value=f.q.clone() class="mt-1 rounded border border-slate-500 px-2 py-1" />
            </div>
            <div>
                <label for="f-measure" class="block text-sm font-medium">{t!(i18n, window_measure)}</label>
                <input id="f-measure" name="measure" type="text" value=f.measure.clone() class="mt-1 rounded border border-slate-500 px-2 py-1" />
            </div>
            <div>
                <label for="f-stage" class="block text-sm font-medium">{t!(i18n, window_stage)}</label>
                <select id="f-stage" name="stage" class="mt-1 rounded border border-slate-500 px-2 py-1">
                    <option value="" selected=f.stage.is_empty()>{t!(i18n, window_any)}</option>
                    {Stage::ALL.into_iter().filter(|s| *s != Stage::Draft).map(|s| view! {
                        <option value=s.slug() selected=f.stage == s.slug()>{stage_label(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="overdue" value="1" checked=f.overdue />{t!(i18n, window_overdue_only)}</label>
            <button type="submit" class="rounded-md bg-blue-800 px-3 py-1 font-medium text-white hover:bg-blue-900">{t!(i18n, window_apply_filter)}</button>
        </form>
        <Loaded resource=rows error_class="mt-4 text-red-900" view={move |v: QueueView| view! { <QueueTable v /> }} />
    }
}

#[component]
fn QueueTable(
    /// A page of the queue.
    v: QueueView,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = v.total;
    if v.rows.is_empty() {
        return view! { <p class="mt-6" data-testid="queue-empty">{t!(i18n, window_none)}</p> }
            .into_any();
    }
    view! {
        <div class="mt-6 overflow-x-auto">
            <table class="w-full border-collapse text-left text-sm" data-testid="queue">
                <caption class="text-left font-medium">{t!(i18n, window_count, count = move || total)}</caption>
                <thead><tr class="border-b-2 border-slate-500">
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_reference)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_applicant)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_measure)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_stage)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_submitted)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_age)}</th>
                    <th scope="col" class="py-2 pr-4">{t!(i18n, window_deadline_is)}</th>
                    <th scope="col" class="py-2">{t!(i18n, window_flags)}</th>
                </tr></thead>
                <tbody>
                    {v.rows.into_iter().map(|r| view! {
                        <tr class="border-b border-slate-200 align-top" data-testid="queue-row" data-id=r.id.clone()>
                            <td class="py-2 pr-4"><a class="font-mono text-blue-800 underline" href=format!("/staff/applications/{}", r.id)>{r.id.clone()}</a></td>
                            <td class="py-2 pr-4">{r.applicant_name.clone()}{r.credit_code.clone().map(|c| view! { <br /><span class="font-mono text-xs">{c}</span> })}</td>
                            <td class="py-2 pr-4 font-mono text-xs">{r.measure_id.clone()}</td>
                            <td class="py-2 pr-4"><StageBadge stage=r.stage /></td>
                            <td class="py-2 pr-4">{r.submitted_at.clone().and_then(|s| s.get(..10).map(str::to_string)).unwrap_or_default()}</td>
                            <td class="py-2 pr-4">{r.age_working_days}</td>
                            <td class="py-2 pr-4">{r.deadline.map(|d| d.to_string()).unwrap_or_default()}</td>
                            <td class="py-2">
                                {r.overdue.then(|| view! { <span class="mr-1 rounded bg-red-100 px-1 text-red-900" data-testid="flag-overdue">{t!(i18n, window_overdue)}</span> })}
                                {r.acceptance_late.then(|| view! { <span class="rounded bg-amber-100 px-1 text-amber-950" data-testid="flag-late">{t!(i18n, window_late)}</span> })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The service-time page.
#[component]
pub fn ServiceTimesPage() -> impl IntoView {
    let i18n = use_i18n();
    let times = Resource::new(|| (), |_| service_times());
    view! {
        <StaffPage title={move || t_string!(i18n, times_title).to_string()} needed=Role::Reviewer view={move |_user| view! {
            <h1 class="text-2xl font-bold">{t!(i18n, times_title)}</h1>
            <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, times_intro)}</p>
            <Loaded resource=times error_class="mt-4 text-red-900" view={move |rows: Vec<ServiceTime>| view! { <TimesTable rows /> }} />
        }} />
    }
}

fn tenths(t: Option<i64>) -> String {
    t.map(|t| format!("{}.{}", t / 10, t % 10))
        .unwrap_or_else(|| "—".into())
}

#[component]
fn TimesTable(
    /// One row per measure.
    rows: Vec<ServiceTime>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="mt-6">{t!(i18n, times_none)}</p> }.into_any();
    }
    view! {
        <div class="mt-6 overflow-x-auto">
            <table class="w-full border-collapse text-left text-sm" data-testid="service-times">
                <caption class="sr-only">{t!(i18n, times_title)}</caption>
                <thead><tr class="border-b-2 border-slate-500">
                    <th scope="col" class="py-2 pr-3">{t!(i18n, window_measure)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_submitted)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_accepted)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_mean_acceptance)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_max_acceptance)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_late)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_decided)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_mean_decision)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_granted)}</th>
                    <th scope="col" class="py-2 pr-3">{t!(i18n, times_estimated)}</th>
                    <th scope="col" class="py-2">{t!(i18n, times_differing)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr class="border-b border-slate-200" data-testid="times-row" data-measure=r.measure_id.clone()>
                            <td class="py-2 pr-3 font-mono text-xs"><a class="text-blue-800 underline" href=format!("/staff/applications?measure={}", r.measure_id)>{r.measure_id.clone()}</a></td>
                            <td class="py-2 pr-3">{r.submitted}</td>
                            <td class="py-2 pr-3">{r.accepted}</td>
                            <td class="py-2 pr-3" data-testid="times-acceptance">{tenths(r.mean_acceptance_tenths)}</td>
                            <td class="py-2 pr-3">{r.max_acceptance_days.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class="py-2 pr-3">{r.late}</td>
                            <td class="py-2 pr-3">{r.decided}</td>
                            <td class="py-2 pr-3">{tenths(r.mean_decision_tenths)}</td>
                            <td class="py-2 pr-3">{format_yuan(r.granted_total)}</td>
                            <td class="py-2 pr-3">{format_yuan(r.estimated_total)}</td>
                            <td class="py-2">{r.differing}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
