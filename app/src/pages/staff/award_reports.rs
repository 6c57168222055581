//! `/staff/award-reports` (reviewers): the amounts entrepreneurs report they were actually
//! granted, by measure (`?measure=` for one), not yet reviewed first, each beside the estimate
//! and the calculation that produced it, with "mark reviewed" (audited). Never shown publicly.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::applications::{award_reports, ReviewAwardReport};
use crate::components::loading::Loaded;
use crate::components::staff::StaffPage;
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::staff::Role;
use crate::wire::wizard::AwardReportView;

/// The reviewers' page of award reports.
#[component]
pub fn AwardReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let review = ServerAction::<ReviewAwardReport>::new();
    let reports = Resource::new(
        move || {
            (
                query.get().get("measure").unwrap_or_default(),
                review.version().get(),
            )
        },
        |(measure, _)| award_reports(measure),
    );
    view! {
        <StaffPage title={move || t_string!(i18n, reports_title).to_string()} needed=Role::Reviewer view={move |user| {
            let measure = query.get_untracked().get("measure").unwrap_or_default();
            view! {
                <h1 class="text-2xl font-bold">{t!(i18n, reports_title)}</h1>
                <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, reports_intro)}</p>
                {(!measure.is_empty()).then(|| view! {
                    <p class="mt-2"><a class="text-blue-800 underline" href="/staff/award-reports">{t!(i18n, reports_all)}</a></p>
                })}
                {move || review.value().get().and_then(Result::err).map(|e| view! { <p role="alert" class="mt-4 font-medium text-red-800">{e.to_string()}</p> })}
                <Loaded resource=reports error_class="mt-4 text-red-900" view={move |rows: Vec<AwardReportView>| view! { <Reports rows csrf=user.csrf.clone() review /> }} />
            }
        }} />
    }
}

#[component]
fn Reports(
    /// Not yet reviewed first.
    rows: Vec<AwardReportView>,
    /// The session's anti-forgery token.
    csrf: String,
    /// "Mark reviewed".
    review: ServerAction<ReviewAwardReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="mt-6" data-testid="reports-none">{t!(i18n, reports_none)}</p> }
            .into_any();
    }
    let mut measures: Vec<String> = Vec::new();
    for r in &rows {
        if !measures.contains(&r.measure) {
            measures.push(r.measure.clone());
        }
    }
    view! {
        {measures.into_iter().map(|m| {
            let of: Vec<AwardReportView> = rows.iter().filter(|r| r.measure == m).cloned().collect();
            let heading = format!("reports-{}", m.replace('.', "-"));
            let labelled = heading.clone();
            let csrf = csrf.clone();
            view! {
                <section class="mt-6" aria-labelledby=labelled data-testid="reports-measure" data-measure=m.clone()>
                    <h2 id=heading class="text-lg font-semibold">
                        <a class="font-mono text-blue-800 underline" href=format!("/measures/{m}")>{m.clone()}</a>
                        " "<a class="text-sm font-normal text-blue-800 underline" href=format!("/staff/award-reports?measure={m}")>{t!(i18n, reports_only_this)}</a>
                    </h2>
                    <ul class="mt-2 space-y-3">
                        {of.into_iter().map(|r| {
                            let reviewed = !r.reviewed_at.is_empty();
                            let (by, on) = (r.reviewed_by.clone(), r.reviewed_at.chars().take(10).collect::<String>());
                            let csrf = csrf.clone();
                            view! {
                                <li class="rounded border border-slate-300 bg-white p-3" data-testid="award-report" data-reviewed=reviewed.to_string()>
                                    <dl class="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
                                        <dt class="font-medium">{t!(i18n, reports_estimate)}</dt><dd data-testid="report-estimate">{r.estimate.clone()}</dd>
                                        <dt class="font-medium">{t!(i18n, reports_reported)}</dt><dd data-testid="report-reported">{r.reported.clone()}</dd>
                                        <dt class="font-medium">{t!(i18n, reports_comment)}</dt><dd data-testid="report-comment">{r.comment.clone()}</dd>
                                        <dt class="font-medium">{t!(i18n, reports_when)}</dt><dd>{r.created_at.chars().take(10).collect::<String>()}</dd>
                                        <dt class="font-medium">{t!(i18n, reports_result)}</dt><dd><a class="text-blue-800 underline" href=format!("/results/{}", r.result)>{r.result.clone()}</a></dd>
                                    </dl>
                                    <details class="mt-2">
                                        <summary class="cursor-pointer text-blue-800">{t!(i18n, reports_trace)}</summary>
                                        <ol class="mt-1 list-decimal pl-6 text-sm" data-testid="report-trace">
                                            {r.trace.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}
                                        </ol>
                                    </details>
                                    {if reviewed {
                                        view! { <p class="mt-2 text-sm text-green-900" data-testid="report-reviewed">{t!(i18n, reports_reviewed_by, who = move || by.clone(), date = move || on.clone())}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=review attr:class="mt-2">
                                                <input type="hidden" name="csrf" value=csrf />
                                                <input type="hidden" name="id" value=r.id.clone() />
                                                <button type="submit" class="rounded-md border border-blue-800 px-3 py-1 font-medium text-blue-800 hover:bg-blue-50" data-testid="report-mark-reviewed">{t!(i18n, reports_mark_reviewed)}</button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        }).collect_view()}
    }
    .into_any()
}
