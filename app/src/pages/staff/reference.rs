//! `/staff/reference/{facts,rules,documents}` (each entry with its state and what uses it),
//! `.../new` and `.../{key}/edit`: the catalog's reference data in forms, with the same
//! workflow as measures (draft, publish by a publisher, versions and their changes).
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::reference::{
    load_reference, publish_reference, reference_diff, reference_entries, save_reference,
};
use crate::components::loading::Loaded;
use crate::components::staff::{error_text, StaffPage};
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::catalog_file::Document;
use crate::policy::reference::{Entry, EntryKind};
use crate::policy::rules::{CrossRule, RuleKind};
use crate::policy::{Condition, FactDef, FactType, Rate, WizardStep};
use crate::wire::editor::{FieldChange, Saved};
use crate::wire::errors::AppError;
use crate::wire::reference::{EntryEditor, EntryRow, EntryVersion};
use crate::wire::staff::{Role, StaffUser};

const LINK: &str = "text-blue-800 underline";
const INPUT: &str = "mt-1 w-full rounded border border-slate-500 px-3 py-2";
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

/// A text field bound to a part of the entry.
#[component]
fn TextField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: Signal<String>,
    set: Callback<String>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] help: Option<TextProp>,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let described = help.is_some().then(|| help_id.clone());
    view! {
        <div>
            <label for=id class="block font-medium">{move || label.get()}</label>
            {help.map(|h| view! { <p id=help_id.clone() class="text-sm text-slate-700">{move || h.get()}</p> })}
            {if multiline {
                view! { <textarea id=id rows="4" class=INPUT aria-describedby=described.clone() prop:value=move || value.get() on:input=move |ev| set.run(event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=id type="text" class=INPUT readonly=readonly aria-describedby=described.clone() prop:value=move || value.get() on:input=move |ev| set.run(event_target_value(&ev)) /> }.into_any()
            }}
        </div>
    }
}

/// A select bound to a part of the entry: `(value, label)` options.
#[component]
fn SelectField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    options: Vec<(String, String)>,
    value: Signal<String>,
    set: Callback<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="block font-medium">{move || label.get()}</label>
            <select id=id class=INPUT on:change=move |ev| set.run(event_target_value(&ev))>
                {options.into_iter().map(|(v, l)| {
                    let selected = v.clone();
                    view! { <option value=v selected=move || value.get() == selected>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads one field of the edited entry.
fn read<F: Fn(&Entry) -> String + Send + Sync + 'static>(
    entry: RwSignal<Entry>,
    f: F,
) -> Signal<String> {
    Signal::derive(move || entry.with(&f))
}

/// Writes one field of the edited entry.
fn write<F: Fn(&mut Entry, String) + Send + Sync + 'static>(
    entry: RwSignal<Entry>,
    f: F,
) -> Callback<String> {
    Callback::new(move |v: String| entry.update(|e| f(e, v)))
}

/// A number field's text, kept apart from the entry until it reads as a number.
fn number_text(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
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

#[component]
fn FactFields(
    entry: RwSignal<Entry>,
    fact: FactDef,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fact_of = |e: &Entry| match e {
        Entry::Fact(f) => Some(f.clone()),
        _ => None,
    };
    let get = move |f: fn(&FactDef) -> String| {
        read(entry, move |e| {
            fact_of(e).map(|d| f(&d)).unwrap_or_default()
        })
    };
    let set = move |f: fn(&mut FactDef, String)| {
        write(entry, move |e, v| {
            if let Entry::Fact(d) = e {
                f(d, v)
            }
        })
    };
    let types: Vec<(String, String)> = [
        FactType::Money,
        FactType::Count,
        FactType::Percent,
        FactType::Bool,
        FactType::OneOf,
        FactType::SetOf,
        FactType::Date,
        FactType::List,
    ]
    .into_iter()
    .map(|t| {
        let s = serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        (s.clone(), s)
    })
    .collect();
    let steps: Vec<(String, String)> = WizardStep::ALL
        .into_iter()
        .map(|s| {
            let v = serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (v.clone(), v)
        })
        .collect();
    let min_text = RwSignal::new(number_text(fact.min));
    let max_text = RwSignal::new(number_text(fact.max));
    let options_text = RwSignal::new(
        fact.options
            .iter()
            .map(|o| format!("{} = {}", o.value, o.label))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let number =
        move |text: RwSignal<String>, label: &'static str, put: fn(&mut FactDef, Option<i64>)| {
            Callback::new(move |v: String| {
                text.set(v.clone());
                let t = v.trim().replace([',', '_'], "");
                match (t.is_empty(), t.parse::<i64>()) {
                    (true, _) => {
                        problem.set(None);
                        entry.update(|e| {
                            if let Entry::Fact(d) = e {
                                put(d, None)
                            }
                        });
                    }
                    (false, Ok(n)) => {
                        problem.set(None);
                        entry.update(|e| {
                            if let Entry::Fact(d) = e {
                                put(d, Some(n))
                            }
                        });
                    }
                    (false, Err(_)) => problem.set(Some(format!("{label}: a whole number"))),
                }
            })
        };
    view! {
        <SelectField id="ref-type" label=t_string!(i18n, ref_type).to_string() options=types
            value=read(entry, move |e| fact_of(e).and_then(|d| serde_json::to_value(d.fact_type).ok()).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
            set=write(entry, |e, v| if let (Entry::Fact(d), Ok(t)) = (e, serde_json::from_value::<FactType>(serde_json::Value::String(v))) { d.fact_type = t }) />
        <TextField id="ref-label" label=t_string!(i18n, ref_label).to_string() value=get(|d| d.label.clone()) set=set(|d, v| d.label = v) />
        <TextField id="ref-question" label=t_string!(i18n, ref_question).to_string() value=get(|d| d.question.clone()) set=set(|d, v| d.question = v) />
        <TextField id="ref-help-text" label=t_string!(i18n, ref_help).to_string() value=get(|d| d.help.clone()) set=set(|d, v| d.help = v) multiline=true />
        <SelectField id="ref-step" label=t_string!(i18n, ref_step).to_string() options=steps
            value=read(entry, move |e| fact_of(e).and_then(|d| serde_json::to_value(d.step).ok()).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
            set=write(entry, |e, v| if let (Entry::Fact(d), Ok(s)) = (e, serde_json::from_value::<WizardStep>(serde_json::Value::String(v))) { d.step = s }) />
        <div class="grid gap-4 sm:grid-cols-2">
            <TextField id="ref-min" label=t_string!(i18n, ref_min).to_string() value=Signal::derive(move || min_text.get()) set=number(min_text, "min", |d, n| d.min = n) />
            <TextField id="ref-max" label=t_string!(i18n, ref_max).to_string() value=Signal::derive(move || max_text.get()) set=number(max_text, "max", |d, n| d.max = n) />
        </div>
        <TextField id="ref-options" label=t_string!(i18n, ref_options).to_string() value=Signal::derive(move || options_text.get()) multiline=true
            set=Callback::new(move |v: String| {
                options_text.set(v.clone());
                let options = lines(&v)
                    .into_iter()
                    .map(|l| {
                        let (value, label) = l.split_once('=').map(|(a, b)| (a.trim().to_string(), b.trim().to_string())).unwrap_or((l.clone(), l.clone()));
                        crate::policy::fact::FactOption { value, label }
                    })
                    .collect();
                entry.update(|e| if let Entry::Fact(d) = e { d.options = options });
            }) />
        <TextField id="ref-item-label" label=t_string!(i18n, ref_item_label).to_string() value=get(|d| d.item_label.clone().unwrap_or_default())
            set=set(|d, v| d.item_label = Some(v).filter(|s| !s.trim().is_empty())) />
    }
}

fn rule_kind_slug(k: &RuleKind) -> &'static str {
    match k {
        RuleKind::HighestOnly => "highest_only",
        RuleKind::NoDoubleFunding => "no_double_funding",
        RuleKind::Bonus { .. } => "bonus",
        RuleKind::AnnualCap { .. } => "annual_cap",
        RuleKind::MinimumYears { .. } => "minimum_years",
    }
}

#[component]
fn RuleFields(
    entry: RwSignal<Entry>,
    rule: CrossRule,
    facts: Vec<String>,
    documents: Vec<String>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rule_of = |e: &Entry| match e {
        Entry::Rule(r) => Some(r.clone()),
        _ => None,
    };
    let get = move |f: fn(&CrossRule) -> String| {
        read(entry, move |e| {
            rule_of(e).map(|r| f(&r)).unwrap_or_default()
        })
    };
    let set = move |f: fn(&mut CrossRule, String)| {
        write(entry, move |e, v| {
            if let Entry::Rule(r) = e {
                f(r, v)
            }
        })
    };
    // The parameters of each kind, as typed (kept when the kind changes back and forth).
    let (rate0, cond0, cap0, fact0, years0) = match &rule.kind {
        RuleKind::Bonus { rate, condition } => (
            rate.to_string(),
            serde_json::to_string_pretty(condition).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ),
        RuleKind::AnnualCap { cap } => (
            String::new(),
            String::new(),
            cap.to_string(),
            String::new(),
            String::new(),
        ),
        RuleKind::MinimumYears { fact, years } => (
            String::new(),
            String::new(),
            String::new(),
            fact.clone(),
            years.to_string(),
        ),
        _ => Default::default(),
    };
    let kind_slug = RwSignal::new(rule_kind_slug(&rule.kind).to_string());
    let rate = RwSignal::new(rate0);
    let condition = RwSignal::new(cond0);
    let cap = RwSignal::new(cap0);
    let fact = RwSignal::new(if fact0.is_empty() {
        facts.first().cloned().unwrap_or_default()
    } else {
        fact0
    });
    let years = RwSignal::new(years0);
    // Rebuilds the kind from the texts; a text that does not read leaves a problem.
    let rebuild = move || {
        let built: Result<RuleKind, String> = match kind_slug.get_untracked().as_str() {
            "highest_only" => Ok(RuleKind::HighestOnly),
            "no_double_funding" => Ok(RuleKind::NoDoubleFunding),
            "bonus" => Rate::try_from(rate.get_untracked())
                .map_err(|e| format!("rate: {e}"))
                .and_then(|r| {
                    serde_json::from_str::<Condition>(&condition.get_untracked())
                        .map(|c| RuleKind::Bonus {
                            rate: r,
                            condition: c,
                        })
                        .map_err(|e| format!("condition: {e}"))
                }),
            "annual_cap" => cap
                .get_untracked()
                .trim()
                .replace(',', "")
                .parse::<i64>()
                .map(|c| RuleKind::AnnualCap { cap: c })
                .map_err(|_| "cap: a whole number of yuan".to_string()),
            _ => years
                .get_untracked()
                .trim()
                .parse::<i64>()
                .map(|y| RuleKind::MinimumYears {
                    fact: fact.get_untracked(),
                    years: y,
                })
                .map_err(|_| "years: a whole number".to_string()),
        };
        match built {
            Ok(k) => {
                problem.set(None);
                entry.update(|e| {
                    if let Entry::Rule(r) = e {
                        r.kind = k
                    }
                });
            }
            Err(p) => problem.set(Some(p)),
        }
    };
    let typed = move |s: RwSignal<String>| {
        Callback::new(move |v: String| {
            s.set(v);
            rebuild();
        })
    };
    let kinds = vec![
        (
            "highest_only".to_string(),
            t_string!(i18n, ref_kind_highest_only).to_string(),
        ),
        (
            "no_double_funding".to_string(),
            t_string!(i18n, ref_kind_no_double_funding).to_string(),
        ),
        (
            "bonus".to_string(),
            t_string!(i18n, ref_kind_bonus).to_string(),
        ),
        (
            "annual_cap".to_string(),
            t_string!(i18n, ref_kind_annual_cap).to_string(),
        ),
        (
            "minimum_years".to_string(),
            t_string!(i18n, ref_kind_minimum_years).to_string(),
        ),
    ];
    let fact_options: Vec<(String, String)> =
        facts.iter().map(|f| (f.clone(), f.clone())).collect();
    let doc_options: Vec<(String, String)> =
        documents.iter().map(|d| (d.clone(), d.clone())).collect();
    view! {
        <TextField id="ref-title" label=t_string!(i18n, ref_title).to_string() value=get(|r| r.title.clone()) set=set(|r, v| r.title = v) />
        <SelectField id="ref-rule-kind" label=t_string!(i18n, ref_rule_kind).to_string() options=kinds value=Signal::derive(move || kind_slug.get()) set=typed(kind_slug) />
        {move || match kind_slug.get().as_str() {
            "bonus" => view! {
                <TextField id="ref-rate" label=t_string!(i18n, ref_rate).to_string() value=Signal::derive(move || rate.get()) set=typed(rate) />
                <TextField id="ref-condition" label=t_string!(i18n, ref_condition).to_string() value=Signal::derive(move || condition.get()) set=typed(condition) multiline=true />
            }.into_any(),
            "annual_cap" => view! {
                <TextField id="ref-cap" label=t_string!(i18n, ref_cap).to_string() value=Signal::derive(move || cap.get()) set=typed(cap) />
            }.into_any(),
            "minimum_years" => view! {
                <SelectField id="ref-fact" label=t_string!(i18n, ref_fact).to_string() options=fact_options.clone() value=Signal::derive(move || fact.get()) set=typed(fact) />
                <TextField id="ref-years" label=t_string!(i18n, ref_years).to_string() value=Signal::derive(move || years.get()) set=typed(years) />
            }.into_any(),
            _ => ().into_any(),
        }}
        <TextField id="ref-measures" label=t_string!(i18n, ref_measures).to_string() value=get(|r| r.measures.join("\n")) set=set(|r, v| r.measures = lines(&v)) multiline=true />
        <fieldset>
            <legend class="font-medium">{t!(i18n, ref_covered_docs)}</legend>
            <div class="mt-1 flex flex-wrap gap-4">
                {documents.iter().map(|d| {
                    let (d1, d2, d3) = (d.clone(), d.clone(), d.clone());
                    let id = format!("ref-doc-{d}");
                    let label_for = id.clone();
                    view! {
                        <label class="inline-flex items-center gap-2" for=label_for>
                            <input id=id type="checkbox" prop:checked=move || entry.with(|e| rule_of(e).is_some_and(|r| r.documents.contains(&d1)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let d = d2.clone();
                                    entry.update(|e| if let Entry::Rule(r) = e {
                                        r.documents.retain(|x| *x != d);
                                        if on { r.documents.push(d) }
                                    });
                                } />
                            <code>{d3}</code>
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
        <TextField id="ref-except" label=t_string!(i18n, ref_except).to_string() value=get(|r| r.except.join("\n")) set=set(|r, v| r.except = lines(&v)) multiline=true />
        <SelectField id="ref-cite-doc" label=t_string!(i18n, ref_cite_doc).to_string() options=doc_options value=get(|r| r.citation.doc.clone()) set=set(|r, v| r.citation.doc = v) />
        <TextField id="ref-cite-item" label=t_string!(i18n, ref_cite_item).to_string() value=get(|r| r.citation.item.clone()) set=set(|r, v| r.citation.item = v) />
        <TextField id="ref-cite-quote" label=t_string!(i18n, ref_cite_quote).to_string() value=get(|r| r.citation.quote.clone()) set=set(|r, v| r.citation.quote = v) multiline=true />
    }
}

#[component]
fn DocumentFields(entry: RwSignal<Entry>) -> impl IntoView {
    let i18n = use_i18n();
    let get = move |f: fn(&Document) -> String| {
        read(entry, move |e| match e {
            Entry::Document(d) => f(d),
            _ => String::new(),
        })
    };
    let set = move |f: fn(&mut Document, String)| {
        write(entry, move |e, v| {
            if let Entry::Document(d) = e {
                f(d, v)
            }
        })
    };
    view! {
        <TextField id="ref-title" label=t_string!(i18n, ref_title).to_string() value=get(|d| d.title.clone()) set=set(|d, v| d.title = v) />
        <TextField id="ref-issuer" label=t_string!(i18n, ref_issuer).to_string() value=get(|d| d.issuer.clone()) set=set(|d, v| d.issuer = v) />
        <TextField id="ref-date" label=t_string!(i18n, ref_date).to_string() value=get(|d| d.date.clone()) set=set(|d, v| d.date = v) />
        <TextField id="ref-validity" label=t_string!(i18n, ref_validity).to_string() value=get(|d| d.validity.clone()) set=set(|d, v| d.validity = v) multiline=true />
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
