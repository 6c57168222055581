//! `/staff/updates`: every announcement with its state, and the way to a new one.
use leptos::prelude::*;

use crate::api::updates::staff_announcements;
use crate::components::loading::Loaded;
use crate::components::staff::{headings, StaffPage};
use crate::components::table::{RecordTable, TableLook};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::errors::AppError;
use crate::wire::staff::Role;
use crate::wire::updates::AnnouncementRow;

/// The staff list of announcements (editors and above).
#[component]
pub fn StaffUpdatesPage() -> impl IntoView {
    let i18n = use_i18n();
    // Created at the top of the page, not inside the gate's async part (see `StaffGate`).
    let rows = Resource::new(|| (), |_| staff_announcements());
    view! {
        <StaffPage title={move || t_string!(i18n, updates_staff_title).to_string()} needed=Role::Editor view={move |_user| view! { <AnnouncementList rows /> }} />
    }
}

/// Words for an announcement's state, in the reader's language.
pub fn state_label(status: &str, scheduled: bool) -> &'static str {
    let i18n = use_i18n();
    match (status, scheduled) {
        ("published", true) => t_string!(i18n, updates_staff_scheduled),
        ("published", false) => t_string!(i18n, updates_staff_published),
        _ => t_string!(i18n, updates_staff_draft),
    }
}

#[component]
fn AnnouncementList(
    /// The announcements, loaded by the page.
    rows: Resource<Result<Vec<AnnouncementRow>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex flex-wrap items-center justify-between gap-4">
            <h1 class="text-2xl font-bold">{t!(i18n, updates_staff_title)}</h1>
            <a
                href="/staff/updates/new"
                class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900"
                data-testid="new-announcement"
            >
                {t!(i18n, updates_staff_new)}
            </a>
        </div>
        <p class="mt-2 max-w-prose text-slate-700">
            {t!(i18n, updates_staff_intro)}
        </p>
        <Loaded resource=rows error_class="mt-6 text-red-900" view={move |rows: Vec<AnnouncementRow>| if rows.is_empty() {
            view! { <p class="mt-6" data-testid="announcements-empty">{t!(i18n, updates_staff_none)}</p> }.into_any()
        } else {
            view! { <AnnouncementTable rows /> }.into_any()
        }} />
    }
}

#[component]
fn AnnouncementTable(
    /// The announcements, newest date first.
    rows: Vec<AnnouncementRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RecordTable look=TableLook::Wide testid="announcements-table" caption=t_string!(i18n, updates_staff_caption)
            columns=headings!(i18n, [updates_staff_col_title, updates_staff_col_date, updates_staff_col_state, updates_staff_col_saved_by, updates_staff_col_changed])>
                {rows.into_iter().map(|r| {
                    let label = state_label(&r.status, r.scheduled);
                    view! {
                        <tr class="border-b border-slate-300" data-testid="announcement-row" data-id=r.id.clone()>
                            <td class="py-2 pr-4">
                                <a class="text-blue-800 underline" href=format!("/staff/updates/{}/edit", r.id)>{r.title}</a>
                            </td>
                            <td class="py-2 pr-4">{r.published_on}</td>
                            <td class="py-2 pr-4" data-testid="announcement-state">{label}</td>
                            <td class="py-2 pr-4">{r.author.unwrap_or_default()}</td>
                            <td class="py-2 pr-4">{r.updated_at.unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
        </RecordTable>
    }
}
