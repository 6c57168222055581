//! `/staff/audit` (admins): the audit log, filtered by person and record through GET
//! parameters, so a filtered view can be bookmarked and works without JavaScript.
use leptos::prelude::*;

use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::audit::audit_log;
use crate::components::loading::Loaded;
use crate::components::staff::{fill, headings, StaffPage};
use crate::components::table::{RecordTable, TableLook};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::audit::{AuditEntry, AuditPage as AuditLog};
use crate::wire::errors::AppError;
use crate::wire::staff::Role;

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created at the top of the page, not inside the gate's async part (see `StaffGate`).
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("actor").unwrap_or_default(),
            q.get("target").unwrap_or_default(),
        )
    });
    let log = Resource::new(
        move || filter.get(),
        |(actor, target)| audit_log(Some(actor), Some(target)),
    );
    view! {
        <StaffPage title={move || t_string!(i18n, audit_title).to_string()} needed=Role::Admin view={move |_user| view! { <AuditView filter log /> }} />
    }
}

#[component]
fn AuditView(
    /// The person and record filtered on.
    filter: Memo<(String, String)>,
    /// The matching entries, loaded by the page.
    log: Resource<Result<AuditLog, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, audit_title)}</h1>
        <p class="mt-2 max-w-prose text-slate-700">{t!(i18n, audit_intro)}</p>
        <Loaded resource=log error_class="mt-4 text-red-900" view={move |page: AuditLog| {
            let (actor, target) = filter.get();
            view! { <AuditFilterForm actors=page.actors.clone() actor target /> <AuditTable page /> }
        }} />
    }
}

/// The filter: a person chosen from everyone in the log, and a record id.
#[component]
fn AuditFilterForm(
    /// Everyone who appears in the log.
    actors: Vec<String>,
    /// The person filtered on ("" for everyone).
    actor: String,
    /// The record filtered on ("" for all).
    target: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let filtered = !actor.is_empty() || !target.is_empty();
    view! {
        <Form method="GET" action="/staff/audit">
            <div role="search" aria-label=move || t_string!(i18n, audit_filter_label).to_string() class="mt-4 flex flex-wrap items-end gap-4 rounded border border-slate-300 bg-white p-4">
                <div>
                    <label for="audit-actor" class="block font-medium">{t!(i18n, audit_person)}</label>
                    <select id="audit-actor" name="actor" class="mt-1 rounded border border-slate-500 px-3 py-2">
                        <option value="" selected=actor.is_empty()>{t!(i18n, audit_everyone)}</option>
                        {actors.into_iter().map(|a| {
                            let selected = a == actor;
                            let value = a.clone();
                            view! { <option value=value selected=selected>{a}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="audit-target" class="block font-medium">{t!(i18n, audit_record)}</label>
                    <p id="audit-target-help" class="text-sm text-slate-700">{t!(i18n, audit_record_help)}</p>
                    <input id="audit-target" name="target" type="text" value=target aria-describedby="audit-target-help"
                        class="mt-1 rounded border border-slate-500 px-3 py-2" />
                </div>
                <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900" data-testid="audit-filter">{t!(i18n, audit_filter)}</button>
                {filtered.then(|| view! { <a class="py-2 text-blue-800 underline" href="/staff/audit">{t!(i18n, audit_show_all)}</a> })}
            </div>
        </Form>
    }
}

/// JSON laid out for reading; the text as stored when it is not JSON.
fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| json.to_string())
}

/// The stored value, shown as text in a disclosure (Leptos escapes it).
#[component]
fn Snapshot(
    /// "Before" or "After".
    label: &'static str,
    /// The JSON, if any.
    json: Option<String>,
) -> impl IntoView {
    json.map(|j| {
        view! {
            <details class="mt-1">
                <summary class="cursor-pointer text-blue-800">{label}</summary>
                <pre class="mt-1 max-h-96 max-w-xl overflow-auto whitespace-pre-wrap break-words rounded bg-slate-100 p-2 text-xs">{pretty(&j)}</pre>
            </details>
        }
    })
}

#[component]
fn AuditTable(
    /// The matching entries.
    page: AuditLog,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = page.entries.len();
    if count == 0 {
        return view! { <p class="mt-6" data-testid="audit-empty">{t!(i18n, audit_none)}</p> }
            .into_any();
    }
    view! {
        <RecordTable look=TableLook::Wide testid="audit-table" caption=fill(t_string!(i18n, audit_caption), &[("count", &count.to_string())])
            caption_class="text-left text-slate-700" columns=headings!(i18n, [audit_col_when, audit_col_who, audit_col_action, audit_record, audit_col_change])>
                {page.entries.into_iter().map(|e: AuditEntry| {
                    let record = match &e.target_id {
                        Some(id) => format!("{} {id}", e.target_kind),
                        None => e.target_kind.clone(),
                    };
                    view! {
                        <tr class="border-b border-slate-300 align-top" data-testid="audit-row">
                            <td class="py-2 pr-4 whitespace-nowrap"><time datetime=e.at.clone()>{e.at.clone()}</time></td>
                            <td class="py-2 pr-4">{e.actor}</td>
                            <td class="py-2 pr-4"><code>{e.action}</code></td>
                            <td class="py-2 pr-4">{record}</td>
                            <td class="py-2 pr-4">
                                <Snapshot label=t_string!(i18n, audit_before) json=e.before />
                                <Snapshot label=t_string!(i18n, audit_after) json=e.after />
                            </td>
                        </tr>
                    }
                }).collect_view()}
        </RecordTable>
    }
    .into_any()
}
