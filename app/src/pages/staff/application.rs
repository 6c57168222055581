//! `/staff/applications/{id}` (reviewers): one application at the acceptance window, with the
//! answers, the estimate and its trace, the materials, the history, and the moves its stage
//! allows. Each move is a server function that checks the role, the anti-forgery token and the
//! lock, and writes the audit log.
use leptos::prelude::*;

use crate::api::applications::{staff_application, MoveApplication};
use crate::components::loading::{path_param, Loaded};
use crate::components::staff::{error_text, StaffPage};
use crate::components::stage::{stage_label, StageBadge};
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::application::Move;
use crate::policy::{format_yuan, Date};
use crate::wire::applications::{nanjing_time, ApplicationView};
use crate::wire::staff::{Role, StaffUser};

/// The page.
#[component]
pub fn StaffApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created at the top of the page, not inside the gate's async part (see `StaffGate`).
    let id = path_param("id");
    let app = Resource::new(move || id.get(), staff_application);
    let act = ServerAction::<MoveApplication>::new();
    Effect::new(move |_| {
        if matches!(act.value().get(), Some(Ok(_))) {
            app.refetch();
        }
    });
    view! {
        <StaffPage title={move || t_string!(i18n, window_title).to_string()} needed=Role::Reviewer view={move |user| view! {
            <p><a class="text-blue-800 underline" href="/staff/applications">{t!(i18n, window_back)}</a></p>
            <Loaded resource=app error_class="mt-4 text-red-900" view={move |found: Option<(ApplicationView, Date)>| match found {
                Some((a, today)) => view! { <Window a today user=user.clone() act /> }.into_any(),
                None => view! { <p class="mt-4">{t!(i18n, app_not_found)}</p> }.into_any(),
            }} />
        }} />
    }
}

/// What the last move answered: a notice, or the refusal.
fn outcome(act: ServerAction<MoveApplication>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        match act.value().get() {
        Some(Ok(a)) => {
            let stage = stage_label(a.stage);
            Some(view! { <p role="status" class="mt-4 rounded bg-green-50 p-3 text-green-900" data-testid="move-done">{t!(i18n, window_done, stage = move || stage.clone())}</p> }.into_any())
        }
        Some(Err(e)) => Some(view! { <p role="alert" class="mt-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" data-testid="move-error">{error_text(&e)}</p> }.into_any()),
        None => None,
    }
    }
}

#[component]
fn Window(
    /// The application.
    a: ApplicationView,
    /// The server's today.
    today: Date,
    /// The reviewer.
    user: StaffUser,
    /// The move action, created by the page.
    act: ServerAction<MoveApplication>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = a.id.clone();
    let estimate = a.estimate_text();
    let granted = a.amount_granted.map(|g| format!("{} yuan", format_yuan(g)));
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, window_application, id = move || id.clone())}</h1>
            <StageBadge stage=a.stage />
            {a.overdue.then(|| view! { <span class="rounded bg-red-100 px-1 text-red-900" data-testid="flag-overdue">{t!(i18n, window_overdue)}</span> })}
            {a.acceptance_late.then(|| view! { <span class="rounded bg-amber-100 px-1 text-amber-950" data-testid="flag-late">{t!(i18n, window_late)}</span> })}
        </div>
        <p class="mt-1"><a class="text-blue-800 underline" href=format!("/measures/{}", a.measure_id)>{a.estimate.title.clone()}</a>" · "<cite class="text-sm">{a.estimate.citation.clone()}</cite>{format!(" · v{}", a.measure_version)}</p>
        <div aria-live="polite">{outcome(act)}</div>
        <div class="mt-6 grid gap-6 lg:grid-cols-2">
            <section aria-labelledby="who-heading" class="rounded border border-slate-300 bg-white p-4">
                <h2 id="who-heading" class="text-lg font-semibold">{t!(i18n, window_applicant)}</h2>
                <p class="mt-1 font-medium" data-testid="window-applicant">{a.applicant_name.clone()}</p>
                {a.credit_code.clone().map(|c| view! { <p class="font-mono text-sm">{c}</p> })}
                <h3 class="mt-3 font-semibold">{t!(i18n, window_contact)}</h3>
                <p class="text-sm">{a.contact_email.clone().unwrap_or_default()}" "{a.contact_phone.clone().unwrap_or_default()}</p>
                <h3 class="mt-3 font-semibold">{t!(i18n, window_answers)}</h3>
                <dl class="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                    {a.answer_figures.iter().map(|f| view! { <dt class="font-medium">{f.label.clone()}</dt><dd>{f.value.clone()}</dd> }).collect_view()}
                </dl>
            </section>
            <section aria-labelledby="estimate-heading" class="rounded border border-slate-300 bg-white p-4">
                <h2 id="estimate-heading" class="text-lg font-semibold">{t!(i18n, window_estimate)}</h2>
                <p class="text-xl font-bold" data-testid="window-estimate">{estimate.clone()}</p>
                {granted.map(|g| {
                    let e = estimate.clone();
                    view! { <p class="mt-1" data-testid="window-compare">{t!(i18n, window_estimate_compare, estimate = move || e.clone(), granted = move || g.clone())}</p> }
                })}
                <ol class="mt-2 list-decimal pl-6 text-sm">{a.estimate.trace.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
            </section>
        </div>
        <section aria-labelledby="materials-heading" class="mt-6">
            <h2 id="materials-heading" class="text-lg font-semibold">{t!(i18n, app_materials)}</h2>
            <ul class="mt-2 list-disc pl-6" data-testid="window-materials">
                {a.required_materials.iter().chain(a.missing.iter().filter(|m| !a.required_materials.contains(m))).map(|m| {
                    let files: Vec<_> = a.materials.iter().filter(|f| &f.material == m).cloned().collect();
                    let aid = a.id.clone();
                    let asked = a.outstanding.contains(m);
                    view! { <li>{m.clone()}
                        {if files.is_empty() { view! { " — " {if asked { view! { <strong>{t!(i18n, app_needed)}</strong> }.into_any() } else { view! { <span class="text-slate-700">{t!(i18n, app_no_materials)}</span> }.into_any() }} }.into_any() } else {
                            view! { <ul class="list-[circle] pl-6">{files.into_iter().map(|f| view! {
                                <li><a class="text-blue-800 underline" href=format!("/staff/applications/{aid}/materials/{}", f.id)>{f.file.file_name.clone()}</a>
                                    <span class="text-xs text-slate-700">{format!(" {} · sha256 {}…", f.file.content_type, f.file.sha256.get(..12).unwrap_or_default())}</span></li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </li> }
                }).collect_view()}
            </ul>
            {a.deadline.map(|d| view! { <p class="mt-2 text-sm">{t!(i18n, window_deadline_is)}": "{d.to_string()}</p> })}
        </section>
        <Actions a=a.clone() today user act />
        <section aria-labelledby="journey-heading" class="mt-8">
            <h2 id="journey-heading" class="text-lg font-semibold">{t!(i18n, app_journey)}</h2>
            <ol class="mt-2 space-y-2" data-testid="window-events">
                {a.events.iter().map(|e| view! {
                    <li class="border-l-4 border-blue-800 pl-3">
                        <p><time datetime=e.at.clone()>{nanjing_time(&e.at).map(|(_, t)| t).unwrap_or_default()}</time>" · "<strong>{stage_label(e.stage)}</strong>" · "{e.actor.clone()}</p>
                        {e.message.clone().map(|m| view! { <p class="text-sm">{m}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The moves the stage allows, each a small form.
#[component]
fn Actions(
    /// The application.
    a: ApplicationView,
    /// The server's today.
    today: Date,
    /// The reviewer.
    user: StaffUser,
    /// The move action.
    act: ServerAction<MoveApplication>,
) -> impl IntoView {
    let i18n = use_i18n();
    let may = |mv: Move| mv.starts_from(a.stage);
    let some_day = today;
    let accept_conditionally = may(Move::AcceptConditionally {
        missing: vec![],
        deadline: some_day,
        note: String::new(),
    });
    let request_changes = may(Move::RequestChanges {
        message: String::new(),
    });
    let approve = may(Move::Approve { amount: 0 });
    let reject = may(Move::Reject {
        reason: String::new(),
    });
    let simple: Vec<(&'static str, String)> = [
        (
            Move::Accept,
            "accept",
            t_string!(i18n, window_accept).to_string(),
        ),
        (
            Move::StartReview,
            "start_review",
            t_string!(i18n, window_start_review).to_string(),
        ),
        (
            Move::MarkPaid,
            "mark_paid",
            t_string!(i18n, window_mark_paid).to_string(),
        ),
    ]
    .into_iter()
    .filter(|(mv, ..)| mv.starts_from(a.stage))
    .map(|(_, action, label)| (action, label))
    .collect();
    let nothing =
        simple.is_empty() && !accept_conditionally && !request_changes && !approve && !reject;
    // The materials asked for that have no file yet, suggested as missing.
    let suggested = a
        .required_materials
        .iter()
        .chain(a.outstanding.iter())
        .filter(|m| !a.materials.iter().any(|f| &f.material == *m))
        .cloned()
        .collect::<Vec<_>>();
    let mut seen = Vec::new();
    let suggested = suggested
        .into_iter()
        .filter(|m| {
            if seen.contains(m) {
                false
            } else {
                seen.push(m.clone());
                true
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let default_deadline = today.add_days(10).to_string();
    let estimate_high = a
        .estimate
        .counted
        .as_ref()
        .map(|c| c.high)
        .or(match &a.estimate.benefit {
            Some(crate::wire::assessment::Benefit::Money { amount }) => Some(amount.high),
            _ => None,
        });
    let hidden = {
        let (csrf, id, lock) = (user.csrf.clone(), a.id.clone(), a.lock_version);
        std::sync::Arc::new(move |action: &'static str| {
            view! {
                <input type="hidden" name="csrf" value=csrf.clone() />
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="lock_version" value=lock />
                <input type="hidden" name="action" value=action />
            }
        })
    };
    let button = "rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900";
    let boxed = "rounded border border-slate-300 bg-white p-4";
    let input = "mt-1 w-full rounded border border-slate-500 px-3 py-2";
    view! {
        <section aria-labelledby="actions-heading" class="mt-8">
            <h2 id="actions-heading" class="text-lg font-semibold">{t!(i18n, window_actions)}</h2>
            {nothing.then(|| view! { <p class="mt-2 text-slate-700">{t!(i18n, window_no_actions)}</p> })}
            <div class="mt-3 flex flex-wrap gap-3">
                {simple.into_iter().map(|(action, label)| { let hidden = hidden.clone(); view! {
                    <ActionForm action=act>
                        {hidden(action)}
                        <button type="submit" class=button data-testid=format!("move-{action}")>{label}</button>
                    </ActionForm>
                }}).collect_view()}
            </div>
            <div class="mt-4 grid gap-4 lg:grid-cols-2">
                {accept_conditionally.then(|| { let hidden = hidden.clone(); view! {
                    <ActionForm action=act attr:class=boxed attr:data-testid="form-accept-conditionally">
                        {hidden("accept_conditionally")}
                        <h3 class="font-semibold">{t!(i18n, window_accept_conditionally)}</h3>
                        <label for="c-missing" class="mt-2 block font-medium">{t!(i18n, window_other_missing)}</label>
                        <textarea id="c-missing" name="missing" rows="4" class=input>{suggested.clone()}</textarea>
                        <label for="c-deadline" class="mt-2 block font-medium">{t!(i18n, window_deadline)}</label>
                        <input id="c-deadline" name="deadline" type="date" value=default_deadline.clone() class=input />
                        <label for="c-note" class="mt-2 block font-medium">{t!(i18n, window_message)}</label>
                        <textarea id="c-note" name="message" rows="2" class=input></textarea>
                        <button type="submit" class=format!("mt-3 {button}") data-testid="move-accept_conditionally">{t!(i18n, window_accept_conditionally)}</button>
                    </ActionForm>
                }})}
                {approve.then(|| { let hidden = hidden.clone(); view! {
                    <ActionForm action=act attr:class=boxed attr:data-testid="form-approve">
                        {hidden("approve")}
                        <h3 class="font-semibold">{t!(i18n, window_approve)}</h3>
                        <label for="c-amount" class="mt-2 block font-medium">{t!(i18n, window_amount)}</label>
                        <input id="c-amount" name="amount" type="text" inputmode="numeric" value=estimate_high.map(|h| h.to_string()).unwrap_or_default() class=input />
                        <button type="submit" class=format!("mt-3 {button}") data-testid="move-approve">{t!(i18n, window_approve)}</button>
                    </ActionForm>
                }})}
                {request_changes.then(|| { let hidden = hidden.clone(); view! {
                    <ActionForm action=act attr:class=boxed attr:data-testid="form-request-changes">
                        {hidden("request_changes")}
                        <h3 class="font-semibold">{t!(i18n, window_request_changes)}</h3>
                        <label for="c-message" class="mt-2 block font-medium">{t!(i18n, window_message)}</label>
                        <textarea id="c-message" name="message" rows="3" class=input></textarea>
                        <button type="submit" class=format!("mt-3 {button}") data-testid="move-request_changes">{t!(i18n, window_request_changes)}</button>
                    </ActionForm>
                }})}
                {reject.then(|| { let hidden = hidden.clone(); view! {
                    <ActionForm action=act attr:class=boxed attr:data-testid="form-reject">
                        {hidden("reject")}
                        <h3 class="font-semibold">{t!(i18n, window_reject)}</h3>
                        <label for="c-reason" class="mt-2 block font-medium">{t!(i18n, window_reason)}</label>
                        <textarea id="c-reason" name="message" rows="3" class=input></textarea>
                        <button type="submit" class="mt-3 rounded-md bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900" data-testid="move-reject">{t!(i18n, window_reject)}</button>
                    </ActionForm>
                }})}
            </div>
        </section>
    }
}
