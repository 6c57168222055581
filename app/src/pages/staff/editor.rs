//! `/staff/measures` (every measure with its state), `/staff/measures/new` and
//! `/staff/measures/{id}/edit` (the editor: every field, structured condition and formula,
//! worked examples, live validation and preview, save, publish, archive, versions and diffs).
use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::wire::errors::AppError;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::edit_model::{fact_lines, parse_facts};
use super::editor_parts::{
    list_facts_help, ConditionEditor, EditorCtx, ExamplesEditor, FormulaEditor, SelectField,
    TextField,
};
use crate::api::editor::{
    archive_measure, load_editor, preview_measure, publish_measure, save_measure, staff_measures,
    version_diff,
};
use crate::components::staff::{error_text, StaffGate};
use crate::policy::labels::Labelled;
use crate::policy::{Beneficiary, Category, Date, Measure, Region, SupportType};
use crate::wire::editor::{EditorData, FieldChange, Preview};
use crate::wire::staff::{Role, StaffUser};

const BUTTON: &str = "rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900";
const OUTLINE: &str =
    "rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50";

/// The list of measures for staff.
#[component]
pub fn StaffMeasuresPage() -> impl IntoView {
    // Resources are created here, at the top of the page, never inside the gate's async part:
    // the browser must create them in the same order as the server to pick up their data.
    let rows = Resource::new(|| (), |_| staff_measures());
    view! {
        <Title text="Measures · Staff" />
        <StaffGate needed=Role::Editor view=Arc::new(move |_| view! { <MeasureTable rows /> }.into_any()) />
    }
}

#[component]
fn MeasureTable(
    /// The measures, loaded by the page.
    rows: Resource<Result<Vec<crate::wire::editor::StaffMeasureRow>, AppError>>,
) -> impl IntoView {
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">"Measures"</h1>
            <a class=BUTTON href="/staff/measures/new">"Add a measure"</a>
        </div>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! {
                        <table class="mt-4 w-full border-collapse text-left text-sm">
                            <caption class="sr-only">"Every measure with its publication state"</caption>
                            <thead><tr class="border-b border-slate-400">
                                <th scope="col" class="py-2 pr-3">"Measure"</th>
                                <th scope="col" class="py-2 pr-3">"State"</th>
                                <th scope="col" class="py-2 pr-3">"Version"</th>
                                <th scope="col" class="py-2">"Last change (UTC)"</th>
                            </tr></thead>
                            <tbody>
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
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <p role="alert">{error_text(&e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/staff/measures/new` and `/staff/measures/{id}/edit`.
#[component]
pub fn MeasureEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // Created at the top of the page (see `StaffMeasuresPage`).
    let data = Resource::new(move || id.get(), load_editor);
    view! {
        <Title text="Edit measure · Staff" />
        <StaffGate needed=Role::Editor view=Arc::new(move |user| view! { <EditorLoader user data /> }.into_any()) />
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
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let user = user.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(d)) => view! { <EditorForm user data=d /> }.into_any(),
                        Ok(None) => view! { <h1 class="text-2xl font-bold">"No such measure"</h1> }.into_any(),
                        Err(e) => view! { <p role="alert">{error_text(&e)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn labelled_choices<T: Labelled>() -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|v| (v.slug().to_string(), v.name().to_string()))
        .collect()
}

fn optional_text(t: &str) -> Option<String> {
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Stores a text field's value in the measure, or says why it cannot.
type ApplyText = dyn Fn(&mut Measure, String) -> Result<(), String> + Send + Sync;

/// Outcome of the last save, publish or archive.
#[derive(Clone)]
struct Notice {
    ok: bool,
    text: String,
    announce: Option<String>,
}

#[component]
fn EditorForm(
    /// The signed-in member.
    user: StaffUser,
    /// What the server returned.
    data: EditorData,
) -> impl IntoView {
    let measure = RwSignal::new(data.measure.clone());
    let errors = RwSignal::new(data.preview.errors.clone());
    let ctx = EditorCtx {
        measure,
        facts: StoredValue::new(data.facts.clone()),
        errors,
    };
    provide_context(ctx);
    let lock = RwSignal::new(data.lock_version);
    let is_new = RwSignal::new(data.is_new);
    let preview = RwSignal::new(Some(data.preview.clone()));
    let preview_facts = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<Notice>);
    let busy = RwSignal::new(false);
    let publisher = user.role.allows(Role::Publisher);
    let csrf = StoredValue::new(user.csrf.clone());

    // Live validation: every edit bubbles an input, change or click event up to the form,
    // which re-checks a moment after the last one. (Event handlers rather than an effect: the
    // first check comes with the page from the server, and handlers are attached reliably when
    // the page hydrates.)
    let generation = StoredValue::new(0u64);
    // Marks the form once this component is live in the browser (effects run only there).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let schedule_check = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                let m = measure.get_untracked();
                // A list's entries may go on over several lines: one value each.
                let facts: BTreeMap<String, String> = fact_lines(&preview_facts.get_untracked())
                    .into_iter()
                    .filter_map(|(_, l)| {
                        l.split_once('=')
                            .map(|(k, v)| (k.to_string(), v.to_string()))
                    })
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect();
                spawn_local(async move {
                    if let Ok(p) = preview_measure(m, facts).await {
                        if generation.get_value() == mine {
                            errors.set(p.errors.clone());
                            preview.set(Some(p));
                        }
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    };

    let save = move |_| {
        busy.set(true);
        let m = measure.get_untracked();
        spawn_local(async move {
            let r = save_measure(
                csrf.get_value(),
                m,
                lock.get_untracked(),
                is_new.get_untracked(),
            )
            .await;
            busy.set(false);
            notice.set(Some(match r {
                Ok(s) => {
                    lock.set(s.lock_version);
                    is_new.set(false);
                    Notice {
                        ok: true,
                        text: s.message,
                        announce: None,
                    }
                }
                Err(e) => Notice {
                    ok: false,
                    text: error_text(&e),
                    announce: None,
                },
            }));
        });
    };

    let effective = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let publish = move |_| {
        busy.set(true);
        let m = measure.get_untracked();
        let id = m.id.clone();
        spawn_local(async move {
            let r = publish_measure(
                csrf.get_value(),
                m,
                lock.get_untracked(),
                is_new.get_untracked(),
                effective.get_untracked(),
                note.get_untracked(),
            )
            .await;
            busy.set(false);
            notice.set(Some(match r {
                Ok(s) => {
                    lock.set(s.lock_version);
                    is_new.set(false);
                    Notice {
                        ok: true,
                        text: s.message,
                        announce: Some(format!("/staff/updates/new?measure={id}")),
                    }
                }
                Err(e) => Notice {
                    ok: false,
                    text: error_text(&e),
                    announce: None,
                },
            }));
        });
    };
    let archive_from = RwSignal::new(String::new());
    let archive = move |_| {
        busy.set(true);
        let id = measure.get_untracked().id;
        spawn_local(async move {
            let r = archive_measure(
                csrf.get_value(),
                id,
                lock.get_untracked(),
                archive_from.get_untracked(),
            )
            .await;
            busy.set(false);
            notice.set(Some(match r {
                Ok(s) => {
                    lock.set(s.lock_version);
                    Notice {
                        ok: true,
                        text: s.message,
                        announce: None,
                    }
                }
                Err(e) => Notice {
                    ok: false,
                    text: error_text(&e),
                    announce: None,
                },
            }));
        });
    };

    let m0 = data.measure.clone();
    let heading = if data.is_new {
        "New measure".to_string()
    } else {
        format!("Edit: {}", m0.title)
    };
    let text = |id: &str,
                label: &str,
                field: &str,
                initial: String,
                multiline: bool,
                apply: Box<ApplyText>| {
        let apply = Arc::new(apply);
        view! {
            <TextField id=id.to_string() label=label.to_string() field=field.to_string() initial multiline
                apply=Callback::new(move |t: String| {
                    let mut result = Ok(());
                    let apply = apply.clone();
                    measure.update(|m| result = apply(m, t));
                    result
                }) />
        }
    };
    let doc_choices: Vec<(String, String)> = data
        .documents
        .iter()
        .map(|d| (d.clone(), d.clone()))
        .collect();
    let status_line = format!(
        "State: {}{}{}",
        data.status,
        if data.has_draft {
            " with an unpublished draft"
        } else {
            ""
        },
        data.draft_by
            .as_ref()
            .map(|b| format!(" (last saved by {b})"))
            .unwrap_or_default()
    );
    let versions = data.versions.clone();
    let measure_id = m0.id.clone();

    view! {
        <h1 class="text-2xl font-bold">{heading}</h1>
        <p class="mt-1 text-slate-700" data-testid="editor-state">{status_line}</p>
        <form class="mt-6 space-y-8" on:submit=|ev| ev.prevent_default() aria-label="Measure editor"
            data-live=move || live.get().to_string()
            on:input=move |_| schedule_check() on:change=move |_| schedule_check() on:click=move |_| schedule_check()>
            <ValidationSummary />
            <section aria-labelledby="basics-heading" class="space-y-4">
                <h2 id="basics-heading" class="text-xl font-semibold">"Basics"</h2>
                {if data.is_new {
                    text("m-id", "Id (document slug, a dot, a short name)", "id", m0.id.clone(), false, Box::new(|m, t| { m.id = t.trim().to_string(); Ok(()) })).into_any()
                } else {
                    view! { <p><span class="font-medium">"Id: "</span><code>{m0.id.clone()}</code></p> }.into_any()
                }}
                {text("m-title", "Title", "title", m0.title.clone(), false, Box::new(|m, t| { m.title = t; Ok(()) }))}
                {text("m-summary", "Summary in plain words", "summary", m0.summary.clone(), true, Box::new(|m, t| { m.summary = t; Ok(()) }))}
                <div class="grid gap-4 md:grid-cols-2">
                    <SelectField id="m-category" label="Category" choices={labelled_choices::<Category>()} selected={m0.category.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Category::from_slug(&s) { measure.update(|m| m.category = v) }) />
                    <SelectField id="m-beneficiary" label="Who benefits" choices={labelled_choices::<Beneficiary>()} selected={m0.beneficiary.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Beneficiary::from_slug(&s) { measure.update(|m| m.beneficiary = v) }) />
                    <SelectField id="m-support" label="Form of support" choices={labelled_choices::<SupportType>()} selected={m0.support.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = SupportType::from_slug(&s) { measure.update(|m| m.support = v) }) />
                    <SelectField id="m-region" label="Region" choices={labelled_choices::<Region>()} selected={m0.region.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Region::from_slug(&s) { measure.update(|m| m.region = v) }) />
                    <SelectField id="m-frequency" label="How often" choices={labelled_choices::<crate::policy::measure::Frequency>()} selected={m0.frequency.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = crate::policy::measure::Frequency::from_slug(&s) { measure.update(|m| m.frequency = v) }) />
                </div>
            </section>
            <section aria-labelledby="source-heading" class="space-y-4">
                <h2 id="source-heading" class="text-xl font-semibold">"Source"</h2>
                <SelectField id="m-doc" label="Document" choices=doc_choices selected=m0.citation.doc.clone()
                    apply=Callback::new(move |s: String| measure.update(|m| m.citation.doc = s.clone())) />
                {text("m-item", "Item as printed", "citation.item", m0.citation.item.clone(), false, Box::new(|m, t| { m.citation.item = t; Ok(()) }))}
                {text("m-quote", "Quote from the text (word for word)", "citation.quote", m0.citation.quote.clone(), true, Box::new(|m, t| { m.citation.quote = t; Ok(()) }))}
                {text("m-interpretation", "Interpretation note (where the text is ambiguous)", "interpretation", m0.interpretation.clone().unwrap_or_default(), true, Box::new(|m, t| { m.interpretation = optional_text(&t); Ok(()) }))}
            </section>
            <section aria-labelledby="validity-heading" class="space-y-4">
                <h2 id="validity-heading" class="text-xl font-semibold">"Validity"</h2>
                <div class="grid gap-4 md:grid-cols-2">
                    {text("m-from", "Applies from (YYYY-MM-DD)", "effective_from", m0.effective_from.to_string(), false, Box::new(|m, t| { m.effective_from = Date::parse(t.trim())?; Ok(()) }))}
                    {text("m-until", "Expires on (YYYY-MM-DD, empty if not stated)", "expires_on", m0.expires_on.map(|d| d.to_string()).unwrap_or_default(), false, Box::new(|m, t| { m.expires_on = optional_text(&t).map(|d| Date::parse(&d)).transpose()?; Ok(()) }))}
                </div>
                <Checkbox id="m-validity" label="The text states its validity period" initial=m0.validity_stated apply=Callback::new(move |v: bool| measure.update(|m| m.validity_stated = v)) />
                <Checkbox id="m-info" label="Information only (states no amount)" initial=m0.information_only apply=Callback::new(move |v: bool| measure.update(|m| m.information_only = v)) />
            </section>
            <section aria-labelledby="condition-heading">
                <h2 id="condition-heading" class="text-xl font-semibold">"Who qualifies (condition)"</h2>
                <ConditionEditor />
            </section>
            <section aria-labelledby="formula-heading">
                <h2 id="formula-heading" class="text-xl font-semibold">"Benefit (formula)"</h2>
                <FormulaEditor path=Vec::new() />
            </section>
            <section aria-labelledby="examples-heading">
                <h2 id="examples-heading" class="text-xl font-semibold">"Worked examples"</h2>
                <p class="text-sm text-slate-700">"Each example runs through the engine; publishing needs every one to pass."</p>
                <ExamplesEditor />
            </section>
            <PreviewPanel preview preview_facts />
            <details class="rounded border border-slate-300 p-3">
                <summary class="cursor-pointer font-medium">"Raw data (JSON, read only)"</summary>
                <pre class="mt-2 overflow-x-auto text-xs">{move || serde_json::to_string_pretty(&measure.get()).unwrap_or_default()}</pre>
            </details>
            <section aria-labelledby="actions-heading" class="space-y-4 rounded border border-slate-400 bg-white p-4">
                <h2 id="actions-heading" class="text-xl font-semibold">"Save and publish"</h2>
                {move || notice.get().map(|n| {
                    let class = if n.ok { "rounded bg-green-50 p-3 text-green-900" } else { "rounded border-2 border-red-700 bg-red-50 p-3 text-red-900" };
                    view! {
                        <div role=if n.ok { "status" } else { "alert" } class=class data-testid="editor-notice">
                            <p>{n.text.clone()}</p>
                            {n.announce.clone().map(|href| view! { <p class="mt-2"><a class="text-blue-800 underline" href=href>"Write an announcement about this change"</a></p> })}
                        </div>
                    }
                })}
                <button type="button" class=OUTLINE on:click=save disabled=move || busy.get()>"Save draft"</button>
                {if publisher {
                    view! {
                        <div class="grid gap-4 md:grid-cols-2">
                            <div>
                                <label for="publish-from" class="block font-medium">"Publish with effect from"</label>
                                <p id="publish-from-help" class="text-sm text-slate-700">"Today if empty; a later date schedules the change."</p>
                                <input id="publish-from" type="date" aria-describedby="publish-from-help" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" prop:value=move || effective.get() on:input=move |ev| effective.set(event_target_value(&ev)) />
                            </div>
                            <div>
                                <label for="publish-note" class="block font-medium">"Note for the version history"</label>
                                <input id="publish-note" type="text" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                            </div>
                        </div>
                        <button type="button" class=BUTTON on:click=publish disabled=move || busy.get()>"Publish"</button>
                        {(!data.is_new).then(|| view! {
                            <div class="mt-4 border-t border-slate-300 pt-4">
                                <label for="archive-from" class="block font-medium">"Archive from"</label>
                                <input id="archive-from" type="date" class="mt-1 rounded border border-slate-500 px-3 py-2" prop:value=move || archive_from.get() on:input=move |ev| archive_from.set(event_target_value(&ev)) />
                                <button type="button" class="ml-2 rounded-md border border-red-800 px-4 py-2 font-medium text-red-800 hover:bg-red-50" on:click=archive disabled=move || busy.get()>"Archive"</button>
                            </div>
                        })}
                    }.into_any()
                } else {
                    view! { <p class="text-slate-700" data-testid="publisher-needed">"A publisher reviews and publishes saved drafts."</p> }.into_any()
                }}
            </section>
        </form>
        <Versions id=measure_id versions />
    }
}

#[component]
fn Checkbox(
    /// Element id.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Checked at first.
    initial: bool,
    /// Stores the new state.
    apply: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="flex items-center gap-2">
            <input id=id type="checkbox" class="h-5 w-5" prop:checked=initial on:change=move |ev| apply.run(event_target_checked(&ev)) />
            <label for=id>{label}</label>
        </div>
    }
}

/// Every loader message, linked to its field where there is one.
#[component]
fn ValidationSummary() -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    move || {
        let errors = ctx.errors.get();
        (!errors.is_empty()).then(|| {
            view! {
                <div role="alert" class="rounded border-2 border-red-700 bg-red-50 p-4" data-testid="validation-summary">
                    <h2 class="font-semibold text-red-900">"The catalog loader reports:"</h2>
                    <ul class="mt-2 list-disc pl-6 text-red-900">
                        {errors.into_iter().map(|e| view! { <li>{format!("{}: {}", e.field, e.message)}</li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

#[component]
fn PreviewPanel(
    /// The last preview.
    preview: RwSignal<Option<Preview>>,
    /// Facts typed for the preview, one `fact = value` per line.
    preview_facts: RwSignal<String>,
) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let facts_problem = move || {
        ctx.facts
            .with_value(|f| parse_facts(&preview_facts.get(), f).err())
    };
    let list_help = ctx.facts.with_value(|f| list_facts_help(f));
    let described = if list_help.is_empty() {
        "preview-facts-error"
    } else {
        "preview-facts-help preview-facts-error"
    };
    view! {
        <section aria-labelledby="preview-heading" class="rounded border border-slate-400 bg-white p-4" data-testid="preview">
            <h2 id="preview-heading" class="text-xl font-semibold">"Preview"</h2>
            <h3 class="mt-3 font-semibold">"Worked examples"</h3>
            {move || match preview.get() {
                None => view! { <p class="text-slate-700">"Checking…"</p> }.into_any(),
                Some(p) if p.examples.is_empty() => view! { <p class="text-slate-700">"No examples yet."</p> }.into_any(),
                Some(p) => view! {
                    <ul class="mt-1 space-y-1">
                        {p.examples.into_iter().map(|e| view! {
                            <li data-testid="example-check">
                                <span class=if e.passed { "font-semibold text-green-800" } else { "font-semibold text-red-800" }>{if e.passed { "Passes: " } else { "Fails: " }}</span>
                                {e.name.clone()}{" — "}{e.message.clone()}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <label for="preview-facts" class="mt-4 block font-medium">"Try it with facts (one fact = value per line)"</label>
            {(!list_help.is_empty()).then(|| view! { <p id="preview-facts-help" class="text-sm text-slate-700">{list_help.clone()}</p> })}
            <textarea id="preview-facts" rows="4" class="mt-1 w-full rounded border border-slate-500 px-3 py-2" aria-describedby=described
                prop:value=move || preview_facts.get() on:input=move |ev| preview_facts.set(event_target_value(&ev))></textarea>
            <p id="preview-facts-error" class="text-sm font-medium text-red-800">{facts_problem}</p>
            <div aria-live="polite" data-testid="preview-outcome">
                {move || preview.get().map(|p| p.outcome.into_iter().map(|line| view! { <p>{line}</p> }).collect_view())}
            </div>
        </section>
    }
}

#[component]
fn Versions(
    /// Measure id.
    id: String,
    /// Published versions, newest first.
    versions: Vec<crate::wire::editor::VersionInfo>,
) -> impl IntoView {
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
                view! { <option value=n.to_string() selected=move || selected.get() == n>{format!("version {n}")}</option> }
            })
            .collect_view()
    };
    let (o1, o2) = (options(from), options(to));
    view! {
        <section aria-labelledby="versions-heading" class="mt-8">
            <h2 id="versions-heading" class="text-xl font-semibold">"Version history"</h2>
            <table class="mt-2 w-full border-collapse text-left text-sm" data-testid="versions">
                <thead><tr class="border-b border-slate-400">
                    <th scope="col" class="py-1 pr-3">"Version"</th><th scope="col" class="py-1 pr-3">"Applies from"</th>
                    <th scope="col" class="py-1 pr-3">"Published (UTC)"</th><th scope="col" class="py-1 pr-3">"By"</th><th scope="col" class="py-1">"Note"</th>
                </tr></thead>
                <tbody>
                    {versions.into_iter().map(|v| view! {
                        <tr class="border-b border-slate-200">
                            <td class="py-1 pr-3">{format!("{} ({})", v.version, v.status)}</td>
                            <td class="py-1 pr-3">{v.effective_from.clone()}</td>
                            <td class="py-1 pr-3">{v.published_at.clone()}</td>
                            <td class="py-1 pr-3">{v.published_by.clone().unwrap_or_default()}</td>
                            <td class="py-1">{v.note.clone().unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="mt-4 flex flex-wrap items-end gap-3">
                <div><label for="diff-from" class="block text-sm font-medium">"Compare version"</label>
                    <select id="diff-from" class="rounded border border-slate-500 px-2 py-1" on:change=move |ev| from.set(event_target_value(&ev).parse().unwrap_or(1))>{o1}</select></div>
                <div><label for="diff-to" class="block text-sm font-medium">"with version"</label>
                    <select id="diff-to" class="rounded border border-slate-500 px-2 py-1" on:change=move |ev| to.set(event_target_value(&ev).parse().unwrap_or(1))>{o2}</select></div>
                <button type="button" class=OUTLINE on:click=compare>"Show changes"</button>
            </div>
            {move || changes.get().map(|r| match r {
                Ok(list) if list.is_empty() => view! { <p class="mt-2">"No differences."</p> }.into_any(),
                Ok(list) => view! {
                    <table class="mt-2 w-full border-collapse text-left text-sm" data-testid="diff">
                        <thead><tr class="border-b border-slate-400"><th scope="col" class="py-1 pr-3">"Field"</th><th scope="col" class="py-1 pr-3">"Before"</th><th scope="col" class="py-1">"After"</th></tr></thead>
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
