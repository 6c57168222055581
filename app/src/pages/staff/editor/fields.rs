//! Fields of the measure editor: text fields that keep what staff type, selects, checkboxes,
//! the loader's messages, and what every editor part shares.
//!
//! Every part reads and writes one `RwSignal<Measure>`. A part is redrawn only when the
//! structure it shows changes (see `model::NodeShape`), so typing never loses focus.
use leptos::prelude::*;

use super::model::*;
use crate::policy::Measure;
use crate::wire::editor::FactChoice;
use crate::wire::errors::FieldError;

/// What every editor part shares.
#[derive(Clone, Copy)]
pub struct EditorCtx {
    /// The measure being edited.
    pub measure: RwSignal<Measure>,
    /// Declared facts.
    pub facts: StoredValue<Vec<FactChoice>>,
    /// The loader's messages from the last validation.
    pub errors: RwSignal<Vec<FieldError>>,
}

impl EditorCtx {
    /// The loader's messages about `field`; with `nested`, also those about the fields under
    /// it (`examples[0].facts.projects`), each named by its sub-path.
    pub(super) fn messages(&self, field: &str, nested: bool) -> Option<String> {
        if field.is_empty() {
            return None;
        }
        self.errors.with(|errors| {
            errors
                .iter()
                .filter_map(|e| {
                    if e.field == field {
                        Some(e.message.clone())
                    } else if nested {
                        e.field
                            .strip_prefix(field)
                            .and_then(|rest| rest.strip_prefix('.'))
                            .map(|sub| format!("{sub}: {}", e.message))
                    } else {
                        None
                    }
                })
                .reduce(|a, b| format!("{a}; {b}"))
        })
    }

    pub(super) fn error_for(&self, field: &str) -> Option<String> {
        self.messages(field, false)
    }

    /// The facts the formula at `path` may read (a per_item's entry formula: its list's fields).
    pub(super) fn formula_scope(&self, path: &[usize]) -> Vec<FactChoice> {
        self.measure.with_untracked(|m| {
            self.facts
                .with_value(|facts| scope_at(&m.formula, path, facts))
        })
    }

    /// The facts the comparisons of a condition tree may read.
    pub(super) fn cond_scope(&self, root: &CondRoot) -> Vec<FactChoice> {
        self.measure
            .with_untracked(|m| self.facts.with_value(|facts| cond_scope(m, root, facts)))
    }
}

/// The editor's shared state, provided by the form.
pub(super) fn ctx() -> EditorCtx {
    expect_context::<EditorCtx>()
}

/// A filled button.
pub(super) const BUTTON: &str =
    "rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900";
/// An outlined button.
pub(super) const OUTLINE: &str =
    "rounded-md border border-blue-800 px-4 py-2 font-medium text-blue-800 hover:bg-blue-50";

pub(super) const INPUT: &str = "mt-1 w-full rounded border border-slate-500 px-3 py-2";
pub(super) const SMALL_BUTTON: &str =
    "rounded border border-blue-800 px-2 py-1 text-sm text-blue-800 hover:bg-blue-50";

/// A labelled text field. `apply` stores the text in the measure or says why it cannot; the
/// text stays as typed either way, with the message next to it.
#[component]
pub fn TextField(
    /// Element id (also the anchor of error links).
    id: String,
    /// Visible label.
    label: String,
    /// Loader field path whose messages show here.
    #[prop(optional, into)]
    field: String,
    /// Text to start with.
    initial: String,
    /// Stores the text; `Err` is shown.
    apply: Callback<String, Result<(), String>>,
    /// A multi-line field.
    #[prop(optional)]
    multiline: bool,
    /// Help under the label.
    #[prop(optional, into)]
    help: String,
    /// Also show the messages about the fields under `field`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let c = ctx();
    let text = RwSignal::new(initial);
    let local = RwSignal::new(None::<String>);
    let message = Signal::derive(move || local.get().or_else(|| c.messages(&field, nested)));
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = {
        let mut d = Vec::new();
        if !help.is_empty() {
            d.push(help_id.clone());
        }
        d.push(error_id.clone());
        d.join(" ")
    };
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        text.set(v.clone());
        local.set(apply.run(v).err());
    };
    let invalid = move || message.get().is_some().to_string();
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{label}</label>
            {(!help.is_empty()).then(|| view! { <p id=help_id class="text-sm text-slate-700">{help.clone()}</p> })}
            {if multiline {
                view! { <textarea id=id.clone() rows="4" class=INPUT aria-describedby=described.clone() aria-invalid=invalid prop:value=move || text.get() on:input=on_input></textarea> }.into_any()
            } else {
                view! { <input id=id.clone() type="text" class=INPUT aria-describedby=described.clone() aria-invalid=invalid prop:value=move || text.get() on:input=on_input /> }.into_any()
            }}
            <p id=error_id class="text-sm font-medium text-red-800" aria-live="polite">{message}</p>
        </div>
    }
}

/// A labelled select of `(value, label)` choices.
#[component]
pub fn SelectField(
    /// Element id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// Choices as `(value, label)`.
    choices: Vec<(String, String)>,
    /// The value selected at first.
    #[prop(into)]
    selected: String,
    /// Stores the chosen value.
    apply: Callback<String>,
    /// Loader field path whose messages show under the select.
    #[prop(optional, into)]
    field: String,
    /// Help under the label.
    #[prop(optional, into)]
    help: String,
) -> impl IntoView {
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let mut described = Vec::new();
    if !help.is_empty() {
        described.push(help_id.clone());
    }
    if !field.is_empty() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{label}</label>
            {(!help.is_empty()).then(|| view! { <p id=help_id class="text-sm text-slate-700">{help.clone()}</p> })}
            <select id=id class=INPUT aria-describedby=described on:change=move |ev| apply.run(event_target_value(&ev))>
                {choices.into_iter().map(|(v, l)| {
                    let sel = v == selected;
                    view! { <option value=v selected=sel>{l}</option> }
                }).collect_view()}
            </select>
            {(!field.is_empty()).then(|| view! { <FieldMessage id=error_id field=field.clone() /> })}
        </div>
    }
}

/// The loader's messages about `field`, where they concern a part rather than one input.
#[component]
pub fn FieldMessage(
    /// Element id (for `aria-describedby`).
    #[prop(into)]
    id: String,
    /// Loader field path.
    #[prop(into)]
    field: String,
) -> impl IntoView {
    let c = ctx();
    view! { <p id=id class="text-sm font-medium text-red-800" aria-live="polite">{move || c.error_for(&field)}</p> }
}

/// `(name, "Label (name)")` of the facts that pass `filter`.
pub(super) fn choices_of(
    facts: &[FactChoice],
    filter: impl Fn(&FactChoice) -> bool,
) -> Vec<(String, String)> {
    facts
        .iter()
        .filter(|f| filter(f))
        .map(|f| (f.name.clone(), format!("{} ({})", f.label, f.name)))
        .collect()
}

/// A labelled checkbox.
#[component]
pub(super) fn Checkbox(
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
