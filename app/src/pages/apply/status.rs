//! `/applications/{token}`: the applicant's application under its secret link: where it
//! stands, what is still needed and by when, the decision, the history, the materials with
//! the upload form, and the submit button while it is a draft. Every form is a plain post.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::applications::my_application;
use crate::components::loading::{path_param, Found};
use crate::components::stage::{stage_label, StageBadge};
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::application::Stage;
use crate::policy::{format_yuan, Date};
use crate::wire::applications::{nanjing_time, ApplicationView};

/// The applicant's status route.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = path_param("token");
    let app = Resource::new(move || token.get(), my_application);
    view! {
        <Title text=crate::components::page_title(move || t_string!(i18n, app_title).to_string()) />
        // The address is the applicant's key: never indexed; other sites get only the origin
        // (the site-wide `strict-origin-when-cross-origin`; "no-referrer" would make the
        // browser send `Origin: null` with the page's own forms).
        <Meta name="robots" content="noindex" />
        <Found resource=app found={move |(a, today)| view! { <StatusBody a today token=token.get_untracked() /> }}
            missing={move || view! { <h1 class="text-2xl font-bold">{t!(i18n, app_title)}</h1><p class="mt-4" data-testid="app-not-found">{t!(i18n, app_not_found)}</p> }} />
    }
}

/// The flash line of the last post, in the reader's language.
fn flash() -> Option<(bool, String)> {
    let i18n = use_i18n();
    let q = use_query_map().get_untracked();
    if let Some(code) = q.get("error") {
        let text = match code.as_str() {
            "too_large" => t_string!(i18n, app_err_too_large),
            "empty" => t_string!(i18n, app_err_empty),
            "bad_name" => t_string!(i18n, app_err_bad_name),
            "not_accepted" => t_string!(i18n, app_err_not_accepted),
            "mismatch" => t_string!(i18n, app_err_mismatch),
            "material" => t_string!(i18n, app_err_material),
            "deadline" => t_string!(i18n, app_err_deadline),
            "closed" => t_string!(i18n, app_err_closed),
            "no_file" => t_string!(i18n, app_err_no_file),
            _ => t_string!(i18n, app_err_unreadable),
        };
        return Some((false, text.to_string()));
    }
    match q.get("done").as_deref() {
        Some("submitted") => Some((true, t_string!(i18n, app_submitted_ok).to_string())),
        Some("uploaded") => Some((true, t_string!(i18n, app_uploaded_ok).to_string())),
        _ => None,
    }
}

#[component]
fn StatusBody(
    /// The application.
    a: ApplicationView,
    /// The server's today.
    today: Date,
    /// The link token (the page's own address).
    token: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let started = use_query_map().get_untracked().get("started").is_some();
    let link = format!("/applications/{token}");
    let id = a.id.clone();
    let estimate = a.estimate_text();
    let last_message = a.events.last().and_then(|e| e.message.clone());
    let deadline = a.deadline.map(|d| d.to_string()).unwrap_or_default();
    let deadline_passed = a.deadline.is_some_and(|d| today > d);
    let takes = a.takes_materials(today);
    let can_submit = matches!(a.stage, Stage::Draft | Stage::ChangesRequested);
    let mut choices: Vec<String> = a.missing.clone();
    for m in &a.required_materials {
        if !choices.contains(m) {
            choices.push(m.clone());
        }
    }
    let (flash_ok, flash_text) = match flash() {
        Some((ok, text)) => (ok, Some(text)),
        None => (true, None),
    };
    view! {
        <h1 class="text-3xl font-bold">{t!(i18n, app_title)}</h1>
        <p class="mt-1 text-lg"><a class="text-blue-800 underline" href=format!("/measures/{}", a.measure_id)>{a.estimate.title.clone()}</a></p>
        <p class="text-sm text-slate-700"><cite>{a.estimate.citation.clone()}</cite>" · "<span data-testid="app-reference">{t!(i18n, app_reference, id = move || id.clone())}</span></p>
        {flash_text.map(|text| {
            let class = if flash_ok { "mt-4 rounded border-2 border-green-800 bg-green-50 p-3 text-green-900" } else { "mt-4 rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" };
            view! { <p role=if flash_ok { "status" } else { "alert" } class=class data-testid="app-flash">{text}</p> }
        })}
        {started.then(|| view! {
            <div class="mt-4 rounded border-2 border-blue-800 bg-blue-50 p-3" role="status">
                <p class="font-medium">{t!(i18n, app_keep_link)}</p>
                <p class="mt-1 break-all"><span class="sr-only">{t!(i18n, app_link_label)}": "</span><a class="text-blue-800 underline" href=link.clone() data-testid="app-link">{link.clone()}</a></p>
            </div>
        })}
        <section class="mt-6" aria-labelledby="status-heading">
            <h2 id="status-heading" class="text-xl font-semibold">{t!(i18n, app_status)}</h2>
            <p class="mt-2"><StageBadge stage=a.stage /></p>
            {(a.stage == Stage::ConditionallyAccepted).then(|| {
                let deadline = deadline.clone();
                view! {
                    <div class="mt-4 rounded border-2 border-amber-700 bg-amber-50 p-3" data-testid="app-missing">
                        <h3 class="font-semibold">{t!(i18n, app_missing_heading)}</h3>
                        <p>{t!(i18n, app_missing_text, deadline = move || deadline.clone())}</p>
                        <ul class="mt-2 list-disc pl-6">{a.missing.iter().map(|m| {
                            let open = a.outstanding.contains(m);
                            view! { <li>{m.clone()}{open.then(|| view! { " — " <strong>{t!(i18n, app_needed)}</strong> })}</li> }
                        }).collect_view()}</ul>
                        {deadline_passed.then(|| view! { <p class="mt-2 font-medium" role="alert">{t!(i18n, app_missing_overdue)}</p> })}
                    </div>
                }
            })}
            {a.amount_granted.map(|g| view! { <p class="mt-4 text-lg"><span class="font-medium">{t!(i18n, app_granted)}": "</span><span data-testid="app-granted">{format!("{} yuan", format_yuan(g))}</span></p> })}
            {(matches!(a.stage, Stage::Rejected | Stage::ChangesRequested)).then(|| last_message.clone().map(|m| view! { <p class="mt-4"><span class="font-medium">{t!(i18n, app_reason)}": "</span><span data-testid="app-reason">{m}</span></p> }))}
            {can_submit.then(|| view! {
                <form method="post" action=format!("/applications/{token}/submit") class="mt-4">
                    <p class="text-sm text-slate-700">{t!(i18n, app_submit_help)}</p>
                    <button type="submit" class="mt-2 rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" data-testid="app-submit">{t!(i18n, app_submit)}</button>
                </form>
            })}
        </section>
        <section class="mt-8" aria-labelledby="materials-heading" id="materials">
            <h2 id="materials-heading" class="text-xl font-semibold">{t!(i18n, app_materials)}</h2>
            <ul class="mt-2 list-disc pl-6" data-testid="app-materials">
                {a.required_materials.iter().map(|m| {
                    let files: Vec<_> = a.materials.iter().filter(|f| &f.material == m).cloned().collect();
                    view! { <li>{m.clone()}
                        {if files.is_empty() { view! { " — " <span class="text-slate-700">{t!(i18n, app_no_materials)}</span> }.into_any() } else {
                            view! { <ul class="list-[circle] pl-6">{files.into_iter().map(|f| view! {
                                <li><a class="text-blue-800 underline" href=format!("/applications/{token}/materials/{}", f.id) data-testid="app-file">{f.file.file_name.clone()}</a>
                                    <span class="text-sm text-slate-700">{format!(" ({} KB, {})", (f.file.size + 1023) / 1024, nanjing_time(&f.uploaded_at).map(|(d, _)| d.to_string()).unwrap_or_default())}</span></li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </li> }
                }).collect_view()}
            </ul>
            {if takes {
                view! {
                    <form method="post" enctype="multipart/form-data" action=format!("/applications/{token}/materials") class="mt-4 rounded border border-slate-300 bg-white p-4" data-testid="upload-form">
                        <h3 class="font-semibold">{t!(i18n, app_upload)}</h3>
                        <label for="material" class="mt-2 block font-medium">{t!(i18n, app_upload_material)}</label>
                        <select id="material" name="material" class="mt-1 w-full max-w-xl rounded border border-slate-500 px-3 py-2">
                            {choices.into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                        </select>
                        <label for="file" class="mt-3 block font-medium">{t!(i18n, app_upload_file)}</label>
                        <input id="file" name="file" type="file" required class="mt-1 block"
                            accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp" />
                        <button type="submit" class="mt-3 rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" data-testid="upload-button">{t!(i18n, app_upload_button)}</button>
                    </form>
                }.into_any()
            } else {
                view! { <p class="mt-2 text-slate-700">{t!(i18n, app_upload_closed)}</p> }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="journey-heading">
            <h2 id="journey-heading" class="text-xl font-semibold">{t!(i18n, app_journey)}</h2>
            <ol class="mt-2 space-y-2" data-testid="app-events">
                {a.events.iter().map(|e| view! {
                    <li class="border-l-4 border-blue-800 pl-3">
                        <p><time datetime=e.at.clone()>{nanjing_time(&e.at).map(|(_, t)| t).unwrap_or_default()}</time>" · "<strong>{stage_label(e.stage)}</strong></p>
                        {e.message.clone().map(|m| view! { <p class="text-sm">{m}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <section class="mt-8" aria-labelledby="estimate-heading">
            <h2 id="estimate-heading" class="text-xl font-semibold">{t!(i18n, app_estimate)}</h2>
            <p class="text-lg font-semibold" data-testid="app-estimate">{estimate}</p>
            <details class="mt-2">
                <summary class="cursor-pointer text-blue-800">{t!(i18n, app_calculation)}</summary>
                <ol class="mt-2 list-decimal pl-6 text-sm">{a.estimate.trace.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ol>
            </details>
            <dl class="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                {a.answer_figures.iter().map(|f| view! { <dt class="font-medium">{f.label.clone()}</dt><dd>{f.value.clone()}</dd> }).collect_view()}
            </dl>
        </section>
        <p class="mt-8"><a class="text-blue-800 underline" href=format!("/applications/{token}/feed.atom")>{t!(i18n, app_feed)}</a></p>
    }
}
