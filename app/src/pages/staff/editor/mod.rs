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
use crate::components::staff::StaffPage;
use crate::components::table::{RecordTable, TableLook};
use crate::wire::editor::{EditorData, StaffMeasureRow};
use crate::wire::errors::AppError;
use crate::wire::staff::{Role, StaffUser};
use fields::BUTTON;
use form::EditorForm;

/// The list of measures for staff.
#[component]
pub fn StaffMeasuresPage() -> impl IntoView {
    // Resources are created here, at the top of the page, never inside the gate's async part:
    // the browser must create them in the same order as the server to pick up their data.
    let rows = Resource::new(|| (), |_| staff_measures());
    view! {
        <StaffPage title="Measures · Staff" needed=Role::Editor view={move |_| view! { <MeasureTable rows /> }} />
    }
}

#[component]
fn MeasureTable(
    /// The measures, loaded by the page.
    rows: Resource<Result<Vec<StaffMeasureRow>, AppError>>,
) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">"Measures"</h1>
            <a class=BUTTON href="/staff/measures/new">"Add a measure"</a>
        </div>
        <Loaded resource=rows view={|rows: Vec<StaffMeasureRow>| view! {
            <RecordTable look=TableLook::Compact caption="Every measure with its publication state"
                columns=&["Measure", "State", "Version", "Last change (UTC)"] last="py-2">
                {rows.into_iter().map(|r| {
                    let href = format!("/staff/measures/{}/edit", r.id);
                    let state = if r.has_draft { format!("{} + unpublished draft", r.status) } else { r.status.clone() };
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
    let id = path_param("id");
    // Created at the top of the page (see `StaffMeasuresPage`).
    let data = Resource::new(move || id.get(), load_editor);
    view! {
        <StaffPage title="Edit measure · Staff" needed=Role::Editor view={move |user| view! { <EditorLoader user data /> }} />
    }
}

#[component]
fn EditorLoader(
    /// The signed-in member.
    user: StaffUser,
    /// The editor's data, loaded by the page.
    data: Resource<Result<Option<EditorData>, AppError>>,
) -> impl IntoView {
    view! {
        <Loaded resource=data view={move |d: Option<EditorData>| match d {
            Some(d) => view! { <EditorForm user=user.clone() data=d /> }.into_any(),
            None => view! { <h1 class="text-2xl font-bold">"No such measure"</h1> }.into_any(),
        }} />
    }
}
