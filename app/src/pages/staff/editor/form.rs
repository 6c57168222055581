//! The measure editor's form: every field, the structured condition and formula, the worked
//! examples, live validation, and save, publish and archive.
use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::actions::Actions;
use super::condition::ConditionEditor;
use super::examples::ExamplesEditor;
use super::fields::{Checkbox, EditorCtx, SelectField, TextField};
use super::formula::FormulaEditor;
use super::model::fact_lines;
use super::preview::{PreviewPanel, ValidationSummary};
use super::status_word;
use super::versions::Versions;
use crate::api::editor::preview_measure;
use crate::i18n::{t, t_string, use_i18n};
use crate::policy::labels::Labelled;
use crate::policy::{Beneficiary, Category, Date, Measure, Region, SupportType};
use crate::wire::editor::EditorData;
use crate::wire::staff::{Role, StaffUser};

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

/// The editor for one measure, with its version history.
#[component]
pub(super) fn EditorForm(
    /// The signed-in member.
    user: StaffUser,
    /// What the server returned.
    data: EditorData,
) -> impl IntoView {
    let i18n = use_i18n();
    let measure = RwSignal::new(data.measure.clone());
    let errors = RwSignal::new(data.preview.errors.clone());
    let ctx = EditorCtx {
        measure,
        facts: StoredValue::new(data.facts.clone()),
        errors,
    };
    provide_context(ctx);
    let preview = RwSignal::new(Some(data.preview.clone()));
    let preview_facts = RwSignal::new(String::new());
    let publisher = user.role.allows(Role::Publisher);

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

    let m0 = data.measure.clone();
    let heading = if data.is_new {
        t!(i18n, editor_new).into_any()
    } else {
        let title = m0.title.clone();
        t!(i18n, editor_edit_heading, title = move || title.clone()).into_any()
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
    let status = status_word(&data.status);
    let status_line = view! {
        {t!(i18n, editor_state, status = move || status.clone())}
        {data.has_draft.then_some(t!(i18n, editor_state_draft))}
        {data.draft_by.clone().map(|who| t!(i18n, editor_state_saved_by, who = move || who.clone()))}
    };
    let superseded_first = t_string!(i18n, editor_superseded_first).to_string();
    let versions = data.versions.clone();
    let measure_id = m0.id.clone();

    view! {
        <h1 class="text-2xl font-bold">{heading}</h1>
        <p class="mt-1 text-slate-700" data-testid="editor-state">{status_line}</p>
        <form class="mt-6 space-y-8" on:submit=|ev| ev.prevent_default() aria-label=move || t_string!(i18n, editor_form_label).to_string()
            data-live=move || live.get().to_string()
            on:input=move |_| schedule_check() on:change=move |_| schedule_check() on:click=move |_| schedule_check()>
            <ValidationSummary />
            <section aria-labelledby="basics-heading" class="space-y-4">
                <h2 id="basics-heading" class="text-xl font-semibold">{t!(i18n, editor_basics)}</h2>
                {if data.is_new {
                    text("m-id", t_string!(i18n, editor_id_new), "id", m0.id.clone(), false, Box::new(|m, t| { m.id = t.trim().to_string(); Ok(()) })).into_any()
                } else {
                    view! { <p><span class="font-medium">{t!(i18n, editor_id)}</span><code>{m0.id.clone()}</code></p> }.into_any()
                }}
                {text("m-title", t_string!(i18n, editor_title), "title", m0.title.clone(), false, Box::new(|m, t| { m.title = t; Ok(()) }))}
                {text("m-summary", t_string!(i18n, editor_summary), "summary", m0.summary.clone(), true, Box::new(|m, t| { m.summary = t; Ok(()) }))}
                <div class="grid gap-4 md:grid-cols-2">
                    <SelectField id="m-category" label=t_string!(i18n, editor_category) choices={labelled_choices::<Category>()} selected={m0.category.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Category::from_slug(&s) { measure.update(|m| m.category = v) }) />
                    <SelectField id="m-beneficiary" label=t_string!(i18n, editor_beneficiary) choices={labelled_choices::<Beneficiary>()} selected={m0.beneficiary.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Beneficiary::from_slug(&s) { measure.update(|m| m.beneficiary = v) }) />
                    <SelectField id="m-support" label=t_string!(i18n, editor_support) choices={labelled_choices::<SupportType>()} selected={m0.support.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = SupportType::from_slug(&s) { measure.update(|m| m.support = v) }) />
                    <SelectField id="m-region" label=t_string!(i18n, editor_region) choices={labelled_choices::<Region>()} selected={m0.region.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = Region::from_slug(&s) { measure.update(|m| m.region = v) }) />
                    <SelectField id="m-frequency" label=t_string!(i18n, editor_frequency) choices={labelled_choices::<crate::policy::measure::Frequency>()} selected={m0.frequency.slug()}
                        apply=Callback::new(move |s: String| if let Some(v) = crate::policy::measure::Frequency::from_slug(&s) { measure.update(|m| m.frequency = v) }) />
                </div>
            </section>
            <section aria-labelledby="source-heading" class="space-y-4">
                <h2 id="source-heading" class="text-xl font-semibold">{t!(i18n, editor_source)}</h2>
                <SelectField id="m-doc" label=t_string!(i18n, editor_document) choices=doc_choices selected=m0.citation.doc.clone()
                    apply=Callback::new(move |s: String| measure.update(|m| m.citation.doc = s.clone())) />
                {text("m-item", t_string!(i18n, editor_item), "citation.item", m0.citation.item.clone(), false, Box::new(|m, t| { m.citation.item = t; Ok(()) }))}
                {text("m-quote", t_string!(i18n, editor_quote), "citation.quote", m0.citation.quote.clone(), true, Box::new(|m, t| { m.citation.quote = t; Ok(()) }))}
                {text("m-interpretation", t_string!(i18n, editor_interpretation), "interpretation", m0.interpretation.clone().unwrap_or_default(), true, Box::new(|m, t| { m.interpretation = optional_text(&t); Ok(()) }))}
                {text("m-materials", t_string!(i18n, editor_materials), "materials", m0.materials.join("\n"), true, Box::new(|m, t| { m.materials = t.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(); Ok(()) }))}
            </section>
            <section aria-labelledby="validity-heading" class="space-y-4">
                <h2 id="validity-heading" class="text-xl font-semibold">{t!(i18n, editor_validity)}</h2>
                <div class="grid gap-4 md:grid-cols-2">
                    {text("m-from", t_string!(i18n, editor_from), "effective_from", m0.effective_from.to_string(), false, Box::new(|m, t| { m.effective_from = Date::parse(t.trim())?; Ok(()) }))}
                    {text("m-until", t_string!(i18n, editor_until), "expires_on", m0.expires_on.map(|d| d.to_string()).unwrap_or_default(), false, Box::new(|m, t| { m.expires_on = optional_text(&t).map(|d| Date::parse(&d)).transpose()?; Ok(()) }))}
                    {text("m-budget", t_string!(i18n, editor_budget), "budget_exhausted_on", m0.budget_exhausted_on.map(|d| d.to_string()).unwrap_or_default(), false, Box::new(|m, t| { m.budget_exhausted_on = optional_text(&t).map(|d| Date::parse(&d)).transpose()?; Ok(()) }))}
                    {text("m-superseded-by", t_string!(i18n, editor_superseded_by), "superseded.by", m0.superseded.as_ref().map(|s| s.by.clone()).unwrap_or_default(), false, Box::new(|m, t| {
                        m.superseded = optional_text(&t).map(|by| crate::policy::measure::Supersession { by, on: m.superseded.as_ref().map_or(m.effective_from, |s| s.on) });
                        Ok(())
                    }))}
                    {text("m-superseded-on", t_string!(i18n, editor_superseded_on), "superseded.on", m0.superseded.as_ref().map(|s| s.on.to_string()).unwrap_or_default(), false, Box::new(move |m, t| {
                        match (optional_text(&t), m.superseded.as_mut()) {
                            (Some(d), Some(s)) => s.on = Date::parse(&d)?,
                            (Some(_), None) => return Err(superseded_first.clone()),
                            (None, _) => {}
                        }
                        Ok(())
                    }))}
                </div>
                <Checkbox id="m-validity" label=t_string!(i18n, editor_validity_stated) initial=m0.validity_stated apply=Callback::new(move |v: bool| measure.update(|m| m.validity_stated = v)) />
                <Checkbox id="m-info" label=t_string!(i18n, editor_information_only) initial=m0.information_only apply=Callback::new(move |v: bool| measure.update(|m| m.information_only = v)) />
            </section>
            <section aria-labelledby="condition-heading">
                <h2 id="condition-heading" class="text-xl font-semibold">{t!(i18n, editor_condition)}</h2>
                <ConditionEditor />
            </section>
            <section aria-labelledby="formula-heading">
                <h2 id="formula-heading" class="text-xl font-semibold">{t!(i18n, editor_formula)}</h2>
                <FormulaEditor path=Vec::new() />
            </section>
            <section aria-labelledby="examples-heading">
                <h2 id="examples-heading" class="text-xl font-semibold">{t!(i18n, editor_examples)}</h2>
                <p class="text-sm text-slate-700">{t!(i18n, editor_examples_help)}</p>
                <ExamplesEditor />
            </section>
            <PreviewPanel preview preview_facts />
            <details class="rounded border border-slate-300 p-3">
                <summary class="cursor-pointer font-medium">{t!(i18n, editor_raw)}</summary>
                <pre class="mt-2 overflow-x-auto text-xs">{move || serde_json::to_string_pretty(&measure.get()).unwrap_or_default()}</pre>
            </details>
            <Actions measure csrf=user.csrf.clone() publisher lock_version=data.lock_version is_new=data.is_new />
        </form>
        <Versions id=measure_id versions />
    }
}
