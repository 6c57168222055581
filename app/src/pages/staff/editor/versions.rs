//! The version history of a measure and the differences between two versions.
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::fields::OUTLINE;
use super::status_word;
use crate::api::editor::version_diff;
use crate::components::staff::error_text;
use crate::i18n::{t, use_i18n};
use crate::wire::editor::FieldChange;

/// The published versions, and the changes between two of them.
#[component]
pub(super) fn Versions(
    /// Measure id.
    id: String,
    /// Published versions, newest first.
    versions: Vec<crate::wire::editor::VersionInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    if versions.is_empty() {
        return ().into_any();
    }
    let newest = versions.first().map(|v| v.version).unwrap_or(1);
    let from = RwSignal::new((newest - 1).max(1));
    let to = RwSignal::new(newest);
    let changes = RwSignal::new(None::<Result<Vec<FieldChange>, String>>);
    let id = StoredValue::new(id);
    let compare = move |_| {
        spawn_local(async move {
            let r = version_diff(id.get_value(), from.get_untracked(), to.get_untracked()).await;
            changes.set(Some(r.map_err(|e| error_text(&e))));
        });
    };
    let numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
    let options = move |selected: RwSignal<i64>| {
        numbers
            .iter()
            .map(|n| {
                let n = *n;
                view! { <option value=n.to_string() selected=move || selected.get() == n>{t!(i18n, editor_version_n, n = move || n)}</option> }
            })
            .collect_view()
    };
    let (o1, o2) = (options(from), options(to));
    view! {
        <section aria-labelledby="versions-heading" class="mt-8">
            <h2 id="versions-heading" class="text-xl font-semibold">{t!(i18n, editor_versions)}</h2>
            <table class="mt-2 w-full border-collapse text-left text-sm" data-testid="versions">
                <thead><tr class="border-b border-slate-400">
                    <th scope="col" class="py-1 pr-3">{t!(i18n, editor_col_version)}</th><th scope="col" class="py-1 pr-3">{t!(i18n, editor_applies_from)}</th>
                    <th scope="col" class="py-1 pr-3">{t!(i18n, editor_published_at)}</th><th scope="col" class="py-1 pr-3">{t!(i18n, editor_published_by)}</th><th scope="col" class="py-1">{t!(i18n, editor_version_note)}</th>
                </tr></thead>
                <tbody>
                    {versions.into_iter().map(|v| view! {
                        <tr class="border-b border-slate-200">
                            <td class="py-1 pr-3">{format!("{} ({})", v.version, status_word(&v.status))}</td>
                            <td class="py-1 pr-3">{v.effective_from.clone()}</td>
                            <td class="py-1 pr-3">{v.published_at.clone()}</td>
                            <td class="py-1 pr-3">{v.published_by.clone().unwrap_or_default()}</td>
                            <td class="py-1">{v.note.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                <div><label for="diff-from" class="block text-sm font-medium">{t!(i18n, editor_compare)}</label>
                    <select id="diff-from" class="rounded border border-slate-500 px-2 py-1" on:change=move |ev| from.set(event_target_value(&ev).parse().unwrap_or(1))>{o1}</select></div>
                <div><label for="diff-to" class="block text-sm font-medium">{t!(i18n, editor_compare_with)}</label>
                    <select id="diff-to" class="rounded border border-slate-500 px-2 py-1" on:change=move |ev| to.set(event_target_value(&ev).parse().unwrap_or(1))>{o2}</select></div>
                <button type="button" class=OUTLINE on:click=compare>{t!(i18n, editor_show_changes)}</button>
            </div>
            {move || changes.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="mt-2">{t!(i18n, editor_no_differences)}</p> }.into_any(),
                Ok(list) => view! {
                    <table class="mt-2 w-full border-collapse text-left text-sm" data-testid="diff">
                        <thead><tr class="border-b border-slate-400"><th scope="col" class="py-1 pr-3">{t!(i18n, measure_changes_field)}</th><th scope="col" class="py-1 pr-3">{t!(i18n, measure_changes_before)}</th><th scope="col" class="py-1">{t!(i18n, measure_changes_after)}</th></tr></thead>
                        <tbody>{list.into_iter().map(|c| view! {
                            <tr class="border-b border-slate-200"><td class="py-1 pr-3"><code>{c.field}</code></td><td class="py-1 pr-3 text-red-900"><del>{c.before}</del></td><td class="py-1 text-green-900"><ins>{c.after}</ins></td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
                Err(e) => view! { <p role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
    .into_any()
}
