//! `/staff/reference/{facts,rules,documents}` (each entry with its state and what uses it),
//! `.../new` and `.../{key}/edit`: the catalog's reference data in forms, with the same
//! workflow as measures (draft, publish by a publisher, versions and their changes).
mod fields;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::reference::{
    load_reference, publish_reference, reference_diff, reference_entries, save_reference,
};
use crate::components::loading::Loaded;
use crate::components::staff::{error_text, StaffPage};
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::reference::{Entry, EntryKind};
use crate::wire::editor::{FieldChange, Saved};
use crate::wire::errors::AppError;
use crate::wire::reference::{EntryEditor, EntryRow, EntryVersion};
use crate::wire::staff::{Role, StaffUser};
use fields::{DocumentFields, FactFields, RuleFields, TextField};

const LINK: &str = "text-blue-800 underline";
const BUTTON: &str =
    "rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 disabled:opacity-60";
const OUTLINE: &str = "rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50 disabled:opacity-60";

/// The kind a URL segment names (`facts`, `rules`, `documents`).
fn kind_from_path(segment: &str) -> Option<EntryKind> {
    match segment {
        "facts" => Some(EntryKind::Fact),
        "rules" => Some(EntryKind::Rule),
        "documents" => Some(EntryKind::Document),
        _ => None,
    }
}

fn path_of(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Fact => "facts",
        EntryKind::Rule => "rules",
        EntryKind::Document => "documents",
    }
}

fn not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// The list of one kind.
#[component]
pub fn ReferenceListPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let segment = Memo::new(move |_| params.read().get("kind").unwrap_or_default());
    let rows = Resource::new(
        move || segment.get(),
        |s| async move {
            match kind_from_path(&s) {
                Some(k) => reference_entries(k.slug().into()).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <StaffPage title={move || t_string!(i18n, ref_facts).to_string()} needed=Role::Editor view={move |_| {
            let kind = kind_from_path(&segment.get_untracked());
            view! {
                <Loaded resource=rows view={move |r: Option<Vec<EntryRow>>| match (kind, r) {
                    (Some(kind), Some(rows)) => view! { <EntryTable kind rows /> }.into_any(),
                    _ => {
                        not_found_status();
                        view! { <h1 class="text-2xl font-bold">{t!(i18n, ref_unknown_kind)}</h1> }.into_any()
                    }
                }} />
            }
        }} />
    }
}

#[component]
fn KindHeading(kind: EntryKind) -> impl IntoView {
    let i18n = use_i18n();
    match kind {
        EntryKind::Fact => t!(i18n, ref_facts).into_any(),
        EntryKind::Rule => t!(i18n, ref_rules).into_any(),
        EntryKind::Document => t!(i18n, ref_documents).into_any(),
    }
}

#[component]
fn EntryTable(kind: EntryKind, rows: Vec<EntryRow>) -> impl IntoView {
    let i18n = use_i18n();
    let base = path_of(kind);
    let intro = match kind {
        EntryKind::Fact => t!(i18n, ref_intro_facts).into_any(),
        EntryKind::Rule => t!(i18n, ref_intro_rules).into_any(),
        EntryKind::Document => t!(i18n, ref_intro_documents).into_any(),
    };
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold"><KindHeading kind /></h1>
            <a class=BUTTON href=format!("/staff/reference/{base}/new") data-testid="ref-add">{t!(i18n, ref_add)}</a>
        </div>
        <p class="mt-2 max-w-prose text-slate-700">{intro}</p>
        <table class="mt-4 w-full border-collapse text-left text-sm" data-testid="ref-table">
            <caption class="sr-only"><KindHeading kind /></caption>
            <thead><tr class="border-b border-slate-400">
                <th scope="col" class="py-2 pr-3">{t!(i18n, ref_col_key)}</th>
                <th scope="col" class="py-2 pr-3">{t!(i18n, ref_col_title)}</th>
                <th scope="col" class="py-2 pr-3">{t!(i18n, ref_col_state)}</th>
                <th scope="col" class="py-2 pr-3">{t!(i18n, ref_col_version)}</th>
                <th scope="col" class="py-2">{t!(i18n, ref_col_used)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let state = if r.draft_removes {
                        t!(i18n, ref_state_removal).into_any()
                    } else if !r.published {
                        t!(i18n, ref_state_new).into_any()
                    } else if r.has_draft {
                        t!(i18n, ref_state_draft).into_any()
                    } else {
                        t!(i18n, ref_state_published).into_any()
                    };
                    view! {
                        <tr class="border-b border-slate-200" data-testid="ref-row" data-key=r.key.clone()>
                            <td class="py-2 pr-3"><a class=LINK href=format!("/staff/reference/{base}/{}/edit", r.key)><code>{r.key.clone()}</code></a></td>
                            <td class="py-2 pr-3">{r.title.clone()}</td>
                            <td class="py-2 pr-3">{state}</td>
                            <td class="py-2 pr-3">{r.version}</td>
                            <td class="py-2">{r.users}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/staff/reference/{kind}/new` and `/staff/reference/{kind}/{key}/edit`.
#[component]
pub fn ReferenceEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let target = Memo::new(move |_| {
        let p = params.read();
        (
            p.get("kind").unwrap_or_default(),
            p.get("id").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || target.get(),
        |(segment, key)| async move {
            match kind_from_path(&segment) {
                Some(k) => load_reference(k.slug().into(), key).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <StaffPage title={move || t_string!(i18n, ref_title_new).to_string()} needed=Role::Editor view={move |user: StaffUser| view! {
            <Loaded resource=data view={move |d: Option<EntryEditor>| match d {
                Some(d) => view! { <EntryForm user=user.clone() data=d /> }.into_any(),
                None => {
                    not_found_status();
                    view! { <h1 class="text-2xl font-bold">{t!(i18n, ref_not_found)}</h1> }.into_any()
                }
            }} />
        }} />
    }
}

#[component]
fn EntryForm(user: StaffUser, data: EntryEditor) -> impl IntoView {
    let i18n = use_i18n();
    let kind = data.kind;
    let publisher = user.role.allows(Role::Publisher);
    let csrf = StoredValue::new(user.csrf.clone());
    let entry = RwSignal::new(data.entry.clone());
    let key = RwSignal::new(data.entry.key().to_string());
    let is_new = RwSignal::new(data.is_new);
    let lock = RwSignal::new(data.lock_version);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Result<Saved, String>>> = RwSignal::new(None);
    // Texts that must parse before the entry can be sent: field name and problem.
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let send = move |publish: bool, remove: bool| {
        if let Some(p) = problem.get_untracked() {
            outcome.set(Some(Err(p)));
            return;
        }
        busy.set(true);
        let body = (!remove).then(|| entry.get_untracked());
        let (k, lv, new) = (
            key.get_untracked(),
            lock.get_untracked(),
            is_new.get_untracked(),
        );
        let n = note.get_untracked();
        spawn_local(async move {
            let r: Result<Saved, AppError> = if publish {
                publish_reference(csrf.get_value(), kind.slug().into(), k, body, lv, new, n).await
            } else {
                save_reference(csrf.get_value(), kind.slug().into(), k, body, lv, new).await
            };
            busy.set(false);
            if let Ok(s) = &r {
                lock.set(s.lock_version);
                is_new.set(false);
            }
            outcome.set(Some(r.map_err(|e| error_text(&e))));
        });
    };
    let base = path_of(kind);
    let heading_key = data.entry.key().to_string();
    let title = if data.is_new {
        t!(i18n, ref_title_new).into_any()
    } else {
        t!(i18n, ref_title_edit, key = move || heading_key.clone()).into_any()
    };
    let users = data.users.clone();
    let removable = kind != EntryKind::Document && !data.is_new;
    view! {
        <p><a class=LINK href=format!("/staff/reference/{base}")>{t!(i18n, ref_back)}</a></p>
        <h1 class="mt-2 text-2xl font-bold">{title}</h1>
        {data.draft_by.clone().filter(|_| data.has_draft).map(|who| view! { <p class="mt-2 text-amber-900" data-testid="ref-draft-by">{t!(i18n, ref_draft_by, who = move || who.clone())}</p> })}
        {data.draft_removes.then(|| view! { <p class="mt-1 font-medium text-red-900">{t!(i18n, ref_draft_removes)}</p> })}
        {(!data.is_new).then(|| view! {
            <section aria-labelledby="ref-users" class="mt-4" data-testid="ref-users">
                <h2 id="ref-users" class="text-lg font-semibold">{t!(i18n, ref_used_by)}</h2>
                {if users.is_empty() {
                    view! { <p class="text-slate-700">{t!(i18n, ref_used_none)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-1 list-disc pl-6 text-sm">
                            {users.iter().map(|u| match u.strip_prefix("rule ") {
                                Some(rule) => view! { <li><a class=LINK href=format!("/staff/reference/rules/{rule}/edit")>{u.clone()}</a></li> }.into_any(),
                                None => view! { <li><a class=LINK href=format!("/staff/measures/{u}/edit")><code>{u.clone()}</code></a></li> }.into_any(),
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
        <form class="mt-6 max-w-3xl space-y-4" on:submit=|ev| ev.prevent_default()>
            <TextField id="ref-key" label=match kind { EntryKind::Fact => t_string!(i18n, ref_name).to_string(), EntryKind::Rule => t_string!(i18n, ref_id).to_string(), EntryKind::Document => t_string!(i18n, ref_slug).to_string() }
                value=Signal::derive(move || key.get()) readonly=!data.is_new help=TextProp::from(t_string!(i18n, ref_name_help).to_string())
                set=Callback::new(move |v: String| {
                    key.set(v.clone());
                    entry.update(|e| match e {
                        Entry::Fact(f) => f.name = v,
                        Entry::Rule(r) => r.id = v,
                        Entry::Document(d) => d.slug = v,
                    });
                }) />
            {match data.entry.clone() {
                Entry::Fact(f) => view! { <FactFields entry fact=f problem /> }.into_any(),
                Entry::Rule(r) => view! { <RuleFields entry rule=r facts=data.facts.clone() documents=data.documents.clone() problem /> }.into_any(),
                Entry::Document(_) => view! { <DocumentFields entry /> }.into_any(),
            }}
            {move || outcome.get().map(|r| match r {
                Ok(s) => view! { <p role="status" class="rounded bg-green-50 p-3 text-green-900" data-testid="ref-notice">{s.message}</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" data-testid="ref-error">{e}</p> }.into_any(),
            })}
            <div class="flex flex-wrap items-end gap-3">
                <button type="button" class=OUTLINE disabled=move || busy.get() on:click=move |_| send(false, false) data-testid="ref-save">{t!(i18n, ref_save)}</button>
                {if publisher {
                    view! {
                        <div>
                            <label for="ref-note" class="block text-sm font-medium">{t!(i18n, ref_note)}</label>
                            <input id="ref-note" type="text" class="mt-1 rounded border border-slate-500 px-3 py-2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                        </div>
                        <button type="button" class=BUTTON disabled=move || busy.get() on:click=move |_| send(true, false) data-testid="ref-publish">{t!(i18n, ref_publish)}</button>
                        {removable.then(|| view! {
                            <button type="button" class="rounded-md border border-red-800 px-4 py-2 font-medium text-red-800 hover:bg-red-50" disabled=move || busy.get() on:click=move |_| send(true, true) data-testid="ref-remove">{t!(i18n, ref_remove)}</button>
                        })}
                    }.into_any()
                } else {
                    view! { <p class="text-slate-700">{t!(i18n, ref_publisher_needed)}</p> }.into_any()
                }}
            </div>
        </form>
        <EntryVersions kind key=data.entry.key().to_string() versions=data.versions.clone() />
    }
}

/// The changes shown: the version compared with the one before, or why they could not be read.
type ShownDiff = (i64, Result<Vec<FieldChange>, String>);

#[component]
fn EntryVersions(kind: EntryKind, key: String, versions: Vec<EntryVersion>) -> impl IntoView {
    let i18n = use_i18n();
    if versions.is_empty() {
        return ().into_any();
    }
    let changes: RwSignal<Option<ShownDiff>> = RwSignal::new(None);
    let key = StoredValue::new(key);
    view! {
        <section aria-labelledby="ref-versions" class="mt-8">
            <h2 id="ref-versions" class="text-xl font-semibold">{t!(i18n, ref_versions)}</h2>
            <ul class="mt-2 space-y-2 text-sm" data-testid="ref-versions">
                {versions.into_iter().map(|v| {
                    let n = v.version;
                    view! {
                        <li>
                            <span class="font-medium">{n}</span>" · "{v.published_at.clone()}" · "{v.published_by.clone()}
                            {(!v.note.is_empty()).then(|| format!(" · {}", v.note))}
                            {v.removed.then(|| view! { " · "<span class="text-red-900">{t!(i18n, ref_removed)}</span> })}
                            {(n > 1).then(|| view! {
                                " "<button type="button" class="text-blue-800 underline" data-testid="ref-diff-button" on:click=move |_| {
                                    spawn_local(async move {
                                        let r = reference_diff(kind.slug().into(), key.get_value(), n - 1, n).await;
                                        changes.set(Some((n, r.map_err(|e| error_text(&e)))));
                                    });
                                }>{t!(i18n, ref_show_changes)}</button>
                            })}
                            {move || changes.get().filter(|(m, _)| *m == n).map(|(_, r)| match r {
                                Ok(list) if list.is_empty() => view! { <p>{t!(i18n, ref_no_changes)}</p> }.into_any(),
                                Ok(list) => view! {
                                    <table class="mt-1 w-full border-collapse text-left" data-testid="ref-diff">
                                        <thead><tr class="border-b border-slate-400">
                                            <th scope="col" class="py-1 pr-3">{t!(i18n, measure_changes_field)}</th>
                                            <th scope="col" class="py-1 pr-3">{t!(i18n, measure_changes_before)}</th>
                                            <th scope="col" class="py-1">{t!(i18n, measure_changes_after)}</th>
                                        </tr></thead>
                                        <tbody>{list.into_iter().map(|c| view! {
                                            <tr class="border-b border-slate-200"><td class="py-1 pr-3"><code>{c.field}</code></td><td class="py-1 pr-3 text-red-900"><del>{c.before}</del></td><td class="py-1 text-green-900"><ins>{c.after}</ins></td></tr>
                                        }).collect_view()}</tbody>
                                    </table>
                                }.into_any(),
                                Err(e) => view! { <p role="alert">{e}</p> }.into_any(),
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
