//! `/staff/measures` (every measure with its state), `/staff/measures/new` and
//! `/staff/measures/{id}/edit` (the editor: every field, structured condition and formula,
//! worked examples, live validation and preview, save, publish, archive, versions and diffs).
mod actions;
mod condition;
mod examples;
mod fields;
mod form;
mod formula;
mod formula_fields;
pub mod model;
mod per_item;
mod preview;
mod versions;

use leptos::prelude::*;

use crate::api::editor::{load_editor, staff_measures};
use crate::components::loading::{path_param, Loaded};
use crate::components::staff::{headings, StaffPage};
use crate::components::table::{RecordTable, TableLook};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::editor::{EditorData, StaffMeasureRow};
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use fields::BUTTON;
use form::EditorForm;

/// The list of measures for staff.
#[component]
pub fn StaffMeasuresPage() -> impl IntoView {
    let i18n = use_i18n();
    // Resources are created here, at the top of the page, never inside the gate's async part:
    // the browser must create them in the same order as the server to pick up their data.
    let rows = Resource::new(|| (), |_| staff_measures());
    view! {
        <StaffPage title={move || t_string!(i18n, editor_list_title_page).to_string()} needed=Role::Editor view={move |_| view! { <MeasureTable rows /> }} />
    }
}

/// A measure's stored state (draft, published, archived) in the reader's language.
fn status_word(status: &str) -> String {
    let i18n = use_i18n();
    match status {
        "draft" => t_string!(i18n, editor_status_draft).to_string(),
        "published" => t_string!(i18n, editor_status_published).to_string(),
        "archived" => t_string!(i18n, editor_status_archived).to_string(),
        other => other.to_string(),
    }
}

#[component]
fn MeasureTable(
    /// The measures, loaded by the page.
    rows: Resource<Result<Vec<StaffMeasureRow>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, editor_list_title)}</h1>
            <a class=BUTTON href="/staff/measures/new">{t!(i18n, editor_add)}</a>
        </div>
        <Loaded resource=rows view={move |rows: Vec<StaffMeasureRow>| view! {
            <RecordTable look=TableLook::Compact caption=t_string!(i18n, editor_list_caption)
                columns=headings!(i18n, [editor_col_measure, editor_col_state, editor_col_version, editor_col_changed]) last="py-2">
                {rows.into_iter().map(|r| {
                    let href = format!("/staff/measures/{}/edit", r.id);
                    let status = status_word(&r.status);
                    let state = if r.has_draft { t!(i18n, editor_status_with_draft, status = move || status.clone()).into_any() } else { status.into_any() };
                    view! {
                        <tr class="border-b border-slate-200">
                            <td class="py-2 pr-3"><a class="text-blue-800 underline" href=href>{r.title.clone()}</a><br /><span class="text-slate-700">{r.id.clone()}</span></td>
                            <td class="py-2 pr-3">{state}</td>
                            <td class="py-2 pr-3">{r.version}</td>
                            <td class="py-2">{r.updated_at.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </RecordTable>
        }} />
    }
}

/// `/staff/measures/new` and `/staff/measures/{id}/edit`.
#[component]
pub fn MeasureEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = path_param("id");
    // Created at the top of the page (see `StaffMeasuresPage`).
    let data = Resource::new(move || id.get(), load_editor);
    view! {
        <StaffPage title={move || t_string!(i18n, editor_edit_title_page).to_string()} needed=Role::Editor view={move |user| view! { <EditorLoader user data /> }} />
    }
}

#[component]
fn EditorLoader(
    /// The signed-in member.
    user: StaffUser,
    /// The editor's data, loaded by the page.
    data: Resource<Result<Option<EditorData>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Loaded resource=data view={move |d: Option<EditorData>| match d {
            Some(d) => view! { <EditorForm user=user.clone() data=d /> }.into_any(),
            None => view! { <h1 class="text-2xl font-bold">{t!(i18n, editor_not_found)}</h1> }.into_any(),
        }} />
    }
}
